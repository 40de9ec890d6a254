// Approval items as the server lists them (approval/ApprovalQueries.java `view`).

export const TYPE_LABELS = {
  REGISTRATION: '教师注册',
  TRANSFER: '单位调动',
  DECLARATION: '学分申报',
  APPEAL: '学分申诉',
  NEW_SCHOOL: '新建学校',
  ADMIN_CHANGE: '学校管理员变更',
}

const ROLE_LABELS = {
  SCHOOL_ADMIN: '学校管理员',
  DISTRICT_ADMIN: '县区管理员',
  CITY_ADMIN: '市级管理员',
  HR_ADMIN: '人事部门',
  INSTITUTION_ADMIN: '培训机构',
  SYS_ADMIN: '系统管理员',
}
const STATUS_LABELS = { PENDING: '审批中', APPROVED: '已通过', REJECTED: '已驳回', CANCELLED: '已撤回' }
const CATEGORY = { PUBLIC: '公需科目', PROFESSIONAL: '专业科目' }

/** "第 1/2 步 · 学校管理员" while pending, else the final status. */
export function stepText(item) {
  if (!item) return '—'
  if (item.status && item.status !== 'PENDING') return STATUS_LABELS[item.status] || item.status
  const step = item.step && item.stepCount ? `第 ${item.step}/${item.stepCount} 步` : ''
  const who = item.waitingFor ? ROLE_LABELS[item.waitingFor.role] || item.waitingFor.role : ''
  return [step, who].filter(Boolean).join(' · ') || '—'
}

/** [label, text] lines of what the request asks, for the reviewer. */
export function approvalSummary(item) {
  const p = item?.payload || {}
  const lines = []
  const add = (label, value) => {
    if (value !== undefined && value !== null && value !== '') lines.push([label, String(value)])
  }
  add('申请事项', item?.title)
  add('培训项目', p.projectName)
  add('课程', p.courseTitle)
  add('年度', p.year)
  add('类别', CATEGORY[p.category] || p.category)
  if (p.credits != null || p.hours != null) add('学分 / 学时', `${p.credits ?? '—'} / ${p.hours ?? '—'}`)
  add('调出学校', p.fromSchoolName)
  add('调入学校', p.targetSchoolName || item?.targetOrg?.name)
  add('学校名称', item?.type === 'NEW_SCHOOL' ? p.name : undefined)
  add('姓名', item?.type === 'REGISTRATION' ? p.name : undefined)
  add('理由', p.reason)
  add('证明材料', p.evidence)
  if (p.certificate) add('证书', p.certificate.fileName || '已上传')
  add('当前状态', stepText(item))
  return lines
}
