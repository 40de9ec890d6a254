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
// TrainingRoutes.MANAGERS, CreditImportRoutes, CourseworkRoutes); COURSE_LEAD and TUTOR are
// not console admins there, they have their own sections (grading).
const ANY_ADMIN = ['SYS_ADMIN', 'INSTITUTION_ADMIN', 'CITY_ADMIN', 'HR_ADMIN', 'DISTRICT_ADMIN', 'SCHOOL_ADMIN']
const MANAGERS = ['SYS_ADMIN', 'INSTITUTION_ADMIN', 'CITY_ADMIN', 'DISTRICT_ADMIN', 'SCHOOL_ADMIN']
export const ADMIN_SECTIONS = [
  // Course leads and tutors land on a page that says what they can do here.
  { name: 'welcome', title: '工作台', roles: ['COURSE_LEAD', 'TUTOR'], what: '查看您在后台可以做的事' },
  // School admins get 403 from the live feed (city and district boards only).
  { name: 'live', title: '实时报名看板', roles: ['SYS_ADMIN', 'INSTITUTION_ADMIN', 'CITY_ADMIN', 'HR_ADMIN', 'DISTRICT_ADMIN'], what: '各县区、学段、项目的实时报名人数' },
  { name: 'courses', title: '课程资源库', roles: ANY_ADMIN, what: '查看课程，培训机构与系统管理员可新建课程' },
  { name: 'trainings', title: '培训项目', roles: MANAGERS, what: '创建培训项目、设置开设课程' },
  { name: 'approvals', title: '审批待办', roles: ['SYS_ADMIN', 'CITY_ADMIN', 'DISTRICT_ADMIN', 'SCHOOL_ADMIN', 'HR_ADMIN'], what: '注册、调动、学分申报与申诉的审核' },
  { name: 'notices', title: '通知公告', roles: ANY_ADMIN, what: '向本单位及下级发布、置顶、修改通知公告' },
  { name: 'credit-imports', title: '线下学分导入', roles: ['SCHOOL_ADMIN', 'DISTRICT_ADMIN'], what: '上传 Excel 导入线下或光盘学习的学分' },
  { name: 'forum', title: '论坛管理', roles: MANAGERS, what: '查看项目论坛、移除不当帖子、开关论坛' },
  { name: 'grading', title: '作业批改', roles: ['COURSE_LEAD', 'TUTOR'], what: '批改学员提交的课程作业并给出评语' },
  { name: 'orgs', title: '基础数据', roles: ANY_ADMIN, what: '组织机构与教师信息，修改教师资料、重置密码' },
]

/** Roles that may change a teacher or reset the password (OrgRoutes). */
export const TEACHER_EDITORS = ['SCHOOL_ADMIN', 'DISTRICT_ADMIN', 'SYS_ADMIN']

/** What COURSE_LEAD and TUTOR may do, in words, for their console home. */
export const ROLE_ABILITIES = {
  COURSE_LEAD: ['批改本人负责课程的学员作业（评分 0–100 与评语），批改后课程成绩自动重算'],
  TUTOR: ['批改学员的课程作业（评分 0–100 与评语），批改后课程成绩自动重算'],
}

export function hasAnyRole(user, roles) {
  const mine = user?.roles || []
  return roles.some((r) => mine.includes(r))
}

export function sectionsFor(user) {
  return ADMIN_SECTIONS.filter((s) => hasAnyRole(user, s.roles))
}

export function sectionByName(name) {
  return ADMIN_SECTIONS.find((s) => s.name === name) || null
}

/** Anyone with a role other than TEACHER has something in the console. */
export function isConsoleUser(user) {
  return (user?.roles || []).some((r) => r !== 'TEACHER')
}

/**
 * Why a console page is refused, in words for the person: a section their role does not
 * include (they do have other sections), or no console role at all.
 */
export function deniedText(user, sectionName) {
  const section = sectionByName(sectionName)
  const mine = sectionsFor(user)
  if (!isConsoleUser(user) || !mine.length) {
    return { title: '没有可用的后台功能', detail: '您的账号没有后台管理权限。如需开通，请联系所在学校或县区的管理员。' }
  }
  const labels = (user?.roles || []).filter((r) => r !== 'TEACHER').map((r) => ROLE_LABELS[r] || r).join('、')
  if (section) {
    return {
      title: `「${section.title}」不对您的角色开放`,
      detail: `您当前的角色是${labels}，可以使用：${mine.map((s) => s.title).join('、')}。`,
    }
  }
  return { title: '该页面不存在或不对您的角色开放', detail: `您可以使用：${mine.map((s) => s.title).join('、')}。` }
}
