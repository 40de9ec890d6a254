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
