// A teacher's own requests (GET /api/me/applications, …/{id}) and the three forms that
// start one: credit declaration (multipart), credit appeal and transfer
// (approval/ApplicationRoutes.java). Pure functions: the pages and the tests share them.

export const APPLICATION_TYPES = {
  DECLARATION: { label: '学分申报', path: 'declaration', hint: '在其他机构参加培训获得的学分，上传证书后由学校、县区审核。' },
  APPEAL: { label: '学分申诉', path: 'appeal', hint: '平台记录的学分缺失或有误时申请更正，由学校、县区审核。' },
  TRANSFER: { label: '单位调动', path: 'transfer', hint: '调到本市另一所学校，由调出学校、调入学校依次审核。' },
}
export const TYPE_OF_PATH = Object.fromEntries(Object.entries(APPLICATION_TYPES).map(([type, t]) => [t.path, type]))

export const STATUS_LABELS = { PENDING: '审核中', APPROVED: '已通过', REJECTED: '未通过', CANCELLED: '已撤回' }
export const STATUS_TAG = { PENDING: 'warning', APPROVED: 'success', REJECTED: 'danger', CANCELLED: 'info' }
export const DECISION_LABELS = { SUBMIT: '提交申请', APPROVE: '审核通过', REJECT: '驳回', CANCEL: '撤回' }
export const LEVEL_LABELS = { SCHOOL: '学校', DISTRICT: '县区', CITY: '市级' }
const ROLE_LABELS = {
  SCHOOL_ADMIN: '学校管理员',
  DISTRICT_ADMIN: '县区管理员（继续教育中心）',
  CITY_ADMIN: '市级管理员',
  HR_ADMIN: '人事部门',
}
const CATEGORY = { PUBLIC: '公需科目', PROFESSIONAL: '专业科目' }

export const CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024 // approval.certificateMaxBytes default
export const CERTIFICATE_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png'

/**
 * The applicant may withdraw only while the request waits at step 1 and nobody has
 * decided yet (the server answers 409 already_reviewed afterwards).
 */
export function canCancel(app) {
  if (!app || app.status !== 'PENDING') return false
  if (app.step != null && Number(app.step) !== 1) return false
  const history = app.history || []
  return !history.some((h) => h.decision === 'APPROVE' || h.decision === 'REJECT')
}

/** "等待 南关区第1小学 学校管理员审核（第 1/2 步）" or the final status. */
export function progressText(app) {
  if (!app) return ''
  if (app.status !== 'PENDING') return STATUS_LABELS[app.status] || app.status
  const who = app.waitingFor
    ? `${app.waitingFor.orgName || ''}${ROLE_LABELS[app.waitingFor.role] || app.waitingFor.role || ''}`
    : '审核人'
  const step = app.step && app.stepCount ? `（第 ${app.step}/${app.stepCount} 步）` : ''
  return `等待${who}审核${step}`
}

/** The steps for an el-steps bar: done / current / waiting, from `steps` and `history`. */
export function stepItems(app) {
  const steps = app?.steps || []
  const history = app?.history || []
  return steps.map((s, i) => {
    const no = s.no ?? s.step ?? i + 1
    const decided = [...history].reverse().find((h) => h.step === no && (h.decision === 'APPROVE' || h.decision === 'REJECT'))
    let state = 'wait'
    if (decided) state = decided.decision === 'APPROVE' ? 'finish' : 'error'
    else if (app.status === 'PENDING' && Number(app.step) === no) state = 'process'
    return {
      no,
      title: `${LEVEL_LABELS[s.level] || ''}审核`,
      description: decided ? `${DECISION_LABELS[decided.decision]} · ${decided.actor?.name || ''}` : ROLE_LABELS[s.role] || s.role || '',
      state,
    }
  })
}

/** [label, text] lines of what was asked, for the detail page. */
export function payloadLines(app) {
  const p = app?.payload || {}
  const lines = []
  const add = (label, value) => {
    if (value !== undefined && value !== null && value !== '') lines.push([label, String(value)])
  }
  if (app?.type === 'DECLARATION') {
    add('培训名称', p.title)
    add('主办单位', p.organizer)
  }
  if (app?.type === 'APPEAL') {
    add('培训项目', p.projectName)
    add('课程', p.courseTitle)
  }
  add('年度', p.year)
  add('类别', CATEGORY[p.category] || p.category)
  if (p.credits != null || p.hours != null) add(app?.type === 'APPEAL' ? '更正学分 / 学时' : '学分 / 学时', `${p.credits ?? '—'} / ${p.hours ?? '—'}`)
  if (app?.type === 'TRANSFER') {
    add('调出学校', p.fromSchoolName || app?.org?.name)
    add('调入学校', p.targetSchoolName || app?.targetOrg?.name)
  }
  add(app?.type === 'APPEAL' ? '申诉理由' : '理由', p.reason)
  add('证明材料', p.evidence)
  return lines
}

const ONE_DECIMAL = /^\d{1,3}(\.\d)?$/
const SIGNED_ONE_DECIMAL = /^-?\d{1,3}(\.\d)?$/

function amount(value, { min, max, signed = false, allowZero = false }) {
  const text = String(value ?? '').trim()
  if (!text) return '请填写'
  if (!(signed ? SIGNED_ONE_DECIMAL : ONE_DECIMAL).test(text)) return '请填写数字，最多一位小数'
  const n = Number(text)
  if (!allowZero && n === 0) return '不能为 0'
  if (n < min || n > max) return `应在 ${min} 到 ${max} 之间`
  return null
}

function yearProblem(year, now = new Date()) {
  const y = Number(year)
  if (!Number.isInteger(y) || y < 2000 || y > now.getFullYear()) return `年度应在 2000 到 ${now.getFullYear()} 之间`
  return null
}

/** Field problems of the declaration form ({title, organizer, year, category, hours, credits, file}). */
export function declarationProblems(form, now = new Date()) {
  const problems = {}
  const title = String(form.title || '').trim()
  if (!title) problems.title = '请填写培训名称'
  else if ([...title].length > 100) problems.title = '培训名称最多 100 字'
  const y = yearProblem(form.year, now)
  if (y) problems.year = y
  if (!['PUBLIC', 'PROFESSIONAL'].includes(form.category)) problems.category = '请选择类别'
  const h = amount(form.hours, { min: 0.1, max: 200 })
  if (h) problems.hours = `学时${h}`
  const c = amount(form.credits, { min: 0.1, max: 100 })
  if (c) problems.credits = `学分${c}`
  const file = form.file
  if (!file) problems.certificate = '请上传培训证书（PDF、JPEG 或 PNG）'
  else if (file.size > CERTIFICATE_MAX_BYTES) problems.certificate = '证书文件不能超过 5 MB'
  else if (!/\.(pdf|jpe?g|png)$/i.test(file.name || '')) problems.certificate = '证书只能是 PDF、JPEG 或 PNG 文件'
  return problems
}

/** The multipart fields of POST /api/me/credit-declarations (the file is added by the caller). */
export function declarationFields(form) {
  const fields = {
    title: String(form.title).trim(),
    year: String(form.year),
    category: form.category,
    hours: String(form.hours).trim(),
    credits: String(form.credits).trim(),
  }
  const organizer = String(form.organizer || '').trim()
  if (organizer) fields.organizer = organizer
  return fields
}

/** Field problems of the appeal form ({projectId, courseId, year, category, credits, hours, reason, evidence}). */
export function appealProblems(form, now = new Date()) {
  const problems = {}
  if (!form.projectId && !form.courseId) problems.projectId = '请选择申诉的培训项目（或课程）'
  const y = yearProblem(form.year, now)
  if (y) problems.year = y
  const c = amount(form.credits, { min: -100, max: 100, signed: true })
  if (c) problems.credits = `学分${c}`
  const h = amount(form.hours, { min: -200, max: 200, signed: true, allowZero: true })
  if (h) problems.hours = `学时${h}`
  const reason = String(form.reason || '').trim()
  if (!reason) problems.reason = '请填写申诉理由'
  else if ([...reason].length > 500) problems.reason = '申诉理由最多 500 字'
  const evidence = String(form.evidence || '').trim()
  if (!evidence) problems.evidence = '请说明证明材料（如证书编号、学习记录）'
  else if ([...evidence].length > 2000) problems.evidence = '证明材料最多 2000 字'
  return problems
}

/** JSON body of POST /api/me/credit-appeals. */
export function appealBody(form) {
  const body = {
    year: Number(form.year),
    credits: Number(form.credits),
    hours: Number(form.hours || 0),
    reason: String(form.reason).trim(),
    evidence: String(form.evidence).trim(),
  }
  if (form.projectId) body.projectId = Number(form.projectId)
  if (form.courseId) body.courseId = Number(form.courseId)
  if (form.category) body.category = form.category
  return body
}

/** Field problems of the transfer form ({targetSchoolId, reason}); `currentSchoolId` to refuse the same school. */
export function transferProblems(form, currentSchoolId) {
  const problems = {}
  const id = Number(form.targetSchoolId)
  if (!form.targetSchoolId || !Number.isInteger(id) || id <= 0) problems.targetSchoolId = '请选择或填写调入学校'
  else if (currentSchoolId != null && id === Number(currentSchoolId)) problems.targetSchoolId = '调入学校不能是当前学校'
  const reason = String(form.reason || '').trim()
  if (!reason) problems.reason = '请填写调动理由'
  else if ([...reason].length > 200) problems.reason = '调动理由最多 200 字'
  return problems
}

/**
 * Where a message's server link (`message.link`) goes in the portal. The server writes
 * `/me/applications/{id}` (approvals), `/trainings/{id}` (enrollment decisions) and
 * `/forum/posts/{id}` (forum replies and removals); anything else falls back to the inbox.
 */
export function portalLinkOf(link) {
  if (typeof link !== 'string' || !link.startsWith('/') || link.startsWith('//')) return null
  const path = link.split(/[?#]/)[0]
  if (/^\/me\/applications(\/\d+)?$/.test(path)) return link
  if (/^\/trainings\/\d+(\/selections\/\d+(\/(learn|homework|quiz|evaluation))?)?$/.test(path)) return link
  if (/^\/forum\/posts\/\d+$/.test(path)) return link
  if (['/credits', '/notices', '/messages', '/'].includes(path)) return link
  if (/^\/notices\/\d+$/.test(path)) return '/notices'
  return null
}

/**
 * The same for the WeChat H5 pages: `{route}` for a page of the H5 app (below /h5/),
 * `{href}` for a portal page without an H5 twin (opened as a whole page), or null.
 */
export function h5LinkOf(link) {
  if (typeof link !== 'string' || !link.startsWith('/') || link.startsWith('//')) return null
  const path = link.split(/[?#]/)[0]
  if (path === '/h5' || path === '/h5/') return { route: '/' }
  if (path.startsWith('/h5/')) return { route: path.slice(3) }
  const m = path.match(/^\/trainings\/(\d+)/)
  if (m) return { route: `/trainings/${m[1]}` }
  if (path === '/credits' || path === '/notices') return { route: path }
  const portal = portalLinkOf(link)
  return portal ? { href: portal } : null
}
