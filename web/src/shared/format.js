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

/** Open / not yet / closed for an enrollment window. */
export function windowState(training, now = Date.now()) {
  const opens = training.enrollOpensAt ? Date.parse(training.enrollOpensAt) : null
  const closes = training.enrollClosesAt ? Date.parse(training.enrollClosesAt) : null
  if (opens && now < opens) return 'upcoming'
  if (closes && now > closes) return 'closed'
  return 'open'
}
