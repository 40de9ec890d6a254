import { parseRetryAfter } from './retryAfter.js'

// Friendly texts for the API's stable error codes. The server already sends a
// zh-CN `message`; these are used when it does not (proxy pages, network
// failures, an English fallback) and by pages that react to a specific code.
export const CODE_TEXTS = {
  bad_credentials: '身份证号或密码不正确',
  account_locked: '登录失败次数过多，账号已暂时锁定，请稍后再试',
  invalid_id_number: '身份证号格式不正确',
  validation_failed: '填写的内容有误，请检查后重试',
  bad_request: '请求内容有误',
  unauthorized: '登录已失效，请重新登录',
  token_expired: '登录已过期，请重新登录',
  token_revoked: '登录已失效，请重新登录',
  token_invalid: '登录凭证无效，请重新登录',
  invalid_refresh_token: '登录已过期，请重新登录',
  forbidden: '您没有权限进行此操作',
  out_of_scope: '超出您的管理范围',
  not_found: '请求的内容不存在或已删除',
  conflict: '操作冲突，请刷新后重试',
  enrollment_closed: '报名未开始或已截止',
  capacity_full: '该项目名额已满',
  not_enrolled: '请先报名该培训项目',
  already_selected: '您已选过这门课程',
  course_not_offered: '该课程不在本项目的推荐范围内',
  category_full: '该类别已选满所需学分',
  selection_started: '课程已开始学习，不能退选',
  session_superseded: '正在其他页面播放',
  session_expired: '播放会话已过期，请刷新页面',
  wrong_password: '原密码不正确',
  weak_password: '新密码强度不足：至少 8 位，需包含字母和数字',
  password_reused: '新密码不能与原密码相同',
  quiz_already_submitted: '测验已提交，不能重复作答',
  homework_closed: '作业已截止提交',
  evaluation_not_allowed: '完成课程学习后才能评价',
  already_bound: '该微信已绑定其他账号',
  wechat_code_invalid: '微信授权已失效，请从公众号菜单重新进入',
  decision_conflict: '该审批已被他人处理',
  payload_too_large: '文件太大，请压缩后再上传',
  rate_limited: '操作太频繁，请稍后再试',
  overloaded: '当前访问人数较多，请稍后再试',
  // Codes of the real server (src/main/java, docs/openapi.yaml).
  invalid_field: '填写的内容有误，请检查后重试',
  missing_field: '请填写必填项',
  invalid_value: '填写的内容有误，请检查后重试',
  not_recommended: '该课程不在您的可选课程范围内',
  learning_started: '课程已开始学习，不能退选',
  not_eligible: '您不在该项目的报名范围内',
  study_closed: '当前不在本项目的学习时间内',
  already_graded: '作业已批改，不能再次提交',
  unsupported_file_type: '附件只能是 PDF、JPEG、PNG 或 Word（docx）文件',
  too_large: '文件太大，请压缩后再上传',
  file_too_large: '文件太大，请压缩后再上传',
  no_attempts_left: '测验次数已用完',
  not_started: '开始学习后才能评价课程',
  already_decided: '该审批已被他人处理',
  reason_required: '驳回时请填写原因',
  decision_not_allowed: '此环节不允许该审批结论',
  already_pending: '已有相同的申请正在审批中',
  invalid_state: '授权已过期，请从公众号菜单重新进入',
  invalid_code: '微信授权码无效或已使用，请重新进入',
  invalid_ticket: '绑定凭证已过期，请从公众号菜单重新进入',
  openid_already_bound: '该微信已绑定其他账号',
  account_already_bound: '该账号已绑定其他微信，请先解除原绑定',
  wechat_unavailable: '暂时无法连接微信，请稍后再试',
  qr_expired: '二维码已过期，请扫描现场屏幕上正在显示的最新二维码',
  qr_invalid: '二维码无效，请扫描培训现场的二维码',
  qr_wrong_session: '该二维码属于另一场培训',
  session_not_running: '不在该场次的签到时间内',
  not_signed_up: '您未报名该场次，不能签到',
  not_checked_in: '请先签到再签退',
  password_change_required: '请先修改初始密码',
  too_many_requests: '操作太频繁，请稍后再试',
  network_error: '网络连接失败，请检查网络后重试',
  timeout: '请求超时，请稍后重试',
}

const STATUS_TEXTS = {
  400: '请求内容有误',
  401: '登录已失效，请重新登录',
  403: '您没有权限进行此操作',
  404: '请求的内容不存在',
  409: '当前状态不允许此操作，请刷新后重试',
  413: '文件太大，请压缩后再上传',
  423: '账号已锁定，请稍后再试',
  429: '操作太频繁，请稍后再试',
  500: '服务器出错了，请稍后重试',
  502: '服务暂时不可用，请稍后重试',
  503: '当前访问人数较多，请稍后再试',
  504: '服务器响应超时，请稍后重试',
}

export class ApiError extends Error {
  constructor({ status = 0, code = 'unknown', message = '', field = null, retryAfterMs = null }) {
    super(message || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.serverMessage = message
    this.field = field
    this.retryAfterMs = retryAfterMs
  }
}

/** Turns an axios error (or anything thrown) into an ApiError with the API's error shape. */
export function toApiError(error) {
  if (error instanceof ApiError) return error
  const response = error && error.response
  if (!response) {
    const timedOut = error && (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT')
    return new ApiError({ code: timedOut ? 'timeout' : 'network_error', message: '' })
  }
  const body = response.data && typeof response.data === 'object' ? response.data : {}
  const headers = response.headers || {}
  const retryAfter = typeof headers.get === 'function' ? headers.get('retry-after') : headers['retry-after']
  return new ApiError({
    status: response.status,
    code: body.error || `http_${response.status}`,
    message: typeof body.message === 'string' ? body.message : '',
    field: body.field || null,
    retryAfterMs: parseRetryAfter(retryAfter),
  })
}

const HAS_CJK = /[\u3400-\u9fff]/

/** The sentence to show a person for an error. */
export function errorText(error) {
  const e = toApiError(error)
  // The server's own sentence is the most specific one when it is readable zh-CN.
  if (e.serverMessage && HAS_CJK.test(e.serverMessage)) return e.serverMessage
  return CODE_TEXTS[e.code] || STATUS_TEXTS[e.status] || '操作失败，请稍后重试'
}

export function isCode(error, code) {
  return !!error && toApiError(error).code === code
}
