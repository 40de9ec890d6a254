// Display helpers shared by the apps (zh-CN).
export const KIND_LABELS = {
  ALL_STAFF: '全员培训',
  SPECIAL: '专项培训',
  PRINCIPAL: '校长培训',
  SCHOOL_BASED: '校本培训',
}
export const STAGE_LABELS = {
  KINDERGARTEN: '幼儿园',
  PRIMARY: '小学',
  JUNIOR: '初中',
  JUNIOR_SECONDARY: '初中',
  SENIOR: '高中',
  SENIOR_SECONDARY: '高中',
}
export const SELECTION_STATUS = {
  SELECTED: '已选',
  LEARNING: '学习中',
  COMPLETED: '已完成',
  PASSED: '已合格',
  FAILED: '未合格',
  DROPPED: '已退选',
}

export const kindLabel = (k) => KIND_LABELS[k] || k || '培训'
export const stageLabel = (s) => STAGE_LABELS[s] || s || ''

/**
 * 学段 of a teacher or course row: the server's name (`stage`, e.g. 小学) when it sends one,
 * else our label for `stageCode`; '' when there is none (public courses have no stage).
 */
export function stageText(row) {
  if (!row) return ''
  if (row.stage && !STAGE_LABELS[row.stage]) return row.stage
  return STAGE_LABELS[row.stageCode] || STAGE_LABELS[row.stage] || row.stageCode || row.stage || ''
}

export function formatDate(value, withTime = false) {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  const pad = (n) => String(n).padStart(2, '0')
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return withTime ? `${day} ${pad(d.getHours())}:${pad(d.getMinutes())}` : day
}

export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0))
  const m = Math.floor(s / 60)
  const h = Math.floor(m / 60)
  const pad = (n) => String(n).padStart(2, '0')
  return h ? `${h}:${pad(m % 60)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`
}

/**
 * Open / not yet / closed for an enrollment window. The server's `enrollmentOpen`
 * (GET /api/trainings) wins; the dates only tell "not yet" from "over".
 */
export function windowState(training, now = Date.now()) {
  const opens = training.enrollOpensAt ? Date.parse(training.enrollOpensAt) : null
  const closes = training.enrollClosesAt ? Date.parse(training.enrollClosesAt) : null
  if (training.enrollmentOpen === true) return 'open'
  if (opens && now < opens) return 'upcoming'
  if (closes && now > closes) return 'closed'
  if (training.enrollmentOpen === false) return 'closed'
  return 'open'
}

/**
 * Where the teacher stands in a training (GET /api/trainings items carry
 * `enrolled`, true only when APPROVED, and `enrollmentStatus`).
 * @returns 'enrolled' | 'pending' | 'rejected' | 'none'
 */
export function enrollmentState(training) {
  if (training.enrolled || training.enrollmentStatus === 'APPROVED') return 'enrolled'
  if (training.enrollmentStatus === 'PENDING') return 'pending'
  if (training.enrollmentStatus === 'REJECTED') return 'rejected'
  return 'none'
}

/** Applies the answer of POST /api/trainings/{id}/enrollments to a list item. */
export function applyEnrollment(training, answer) {
  const status = answer?.status || 'APPROVED'
  training.enrollmentStatus = status
  training.enrollmentId = answer?.id ?? training.enrollmentId
  training.enrolled = status === 'APPROVED'
  if (status === 'APPROVED' && typeof training.enrolledCount === 'number') training.enrolledCount += 1
  return training
}
