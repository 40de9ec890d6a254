// Which console sections a role sees. The server checks role and scope on
// every request; this only keeps menus free of pages that would answer 403.

export const ROLE_LABELS = {
  SYS_ADMIN: '系统管理员',
  INSTITUTION_ADMIN: '培训机构管理员',
  CITY_ADMIN: '市级师训管理员',
  DISTRICT_ADMIN: '县区师训管理员',
  SCHOOL_ADMIN: '学校管理员',
  HR_ADMIN: '教育局人事科',
  COURSE_LEAD: '课程负责老师',
  TUTOR: '助学导师',
  TEACHER: '学员',
}

// The same role lists as the server's routes (Role.ANY_ADMIN, LiveRoutes.VIEWERS,
// TrainingRoutes.MANAGERS); COURSE_LEAD and TUTOR are not console admins there.
const ANY_ADMIN = ['SYS_ADMIN', 'INSTITUTION_ADMIN', 'CITY_ADMIN', 'HR_ADMIN', 'DISTRICT_ADMIN', 'SCHOOL_ADMIN']
export const ADMIN_SECTIONS = [
  // School admins get 403 from the live feed (city and district boards only).
  { name: 'live', title: '实时报名看板', roles: ['SYS_ADMIN', 'INSTITUTION_ADMIN', 'CITY_ADMIN', 'HR_ADMIN', 'DISTRICT_ADMIN'] },
  { name: 'courses', title: '课程资源库', roles: ANY_ADMIN },
  { name: 'trainings', title: '培训项目', roles: ['SYS_ADMIN', 'INSTITUTION_ADMIN', 'CITY_ADMIN', 'DISTRICT_ADMIN', 'SCHOOL_ADMIN'] },
  { name: 'approvals', title: '审批待办', roles: ['SYS_ADMIN', 'CITY_ADMIN', 'DISTRICT_ADMIN', 'SCHOOL_ADMIN', 'HR_ADMIN'] },
  { name: 'orgs', title: '基础数据', roles: ANY_ADMIN },
]

export function hasAnyRole(user, roles) {
  const mine = user?.roles || []
  return roles.some((r) => mine.includes(r))
}

export function sectionsFor(user) {
  return ADMIN_SECTIONS.filter((s) => hasAnyRole(user, s.roles))
}

/** Anyone with a role other than TEACHER has something in the console. */
export function isConsoleUser(user) {
  return (user?.roles || []).some((r) => r !== 'TEACHER')
}
