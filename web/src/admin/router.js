import { createRouter, createWebHistory } from 'vue-router'
import LoginView from '../shared/pc/LoginView.vue'
import PasswordView from '../shared/pc/PasswordView.vue'
import { sectionsFor } from '../lib/roles.js'
import { session } from '../shared/api.js'

const section = (name, title, loader) => ({ path: `/${name}`, name, component: loader, meta: { title, section: name } })

export const router = createRouter({
  history: createWebHistory('/admin/'),
  routes: [
    { path: '/login', name: 'login', component: LoginView, meta: { public: true, bare: true }, props: { title: '后台管理', home: '/' } },
    { path: '/password', name: 'password', component: PasswordView, props: { home: '/' } },
    {
      path: '/',
      name: 'home',
      // Each role lands on the first section it may use.
      redirect: () => {
        if (!session.accessToken()) return { name: 'login' }
        return { name: sectionsFor(session.user())[0]?.name || 'denied' }
      },
    },
    section('welcome', '工作台', () => import('./views/WelcomeView.vue')),
    section('live', '实时报名看板', () => import('./views/LiveDashboard.vue')),
    section('courses', '课程资源库', () => import('./views/CoursesView.vue')),
    section('trainings', '培训项目', () => import('./views/TrainingsAdminView.vue')),
    section('approvals', '审批待办', () => import('./views/ApprovalsView.vue')),
    section('notices', '通知公告', () => import('./views/NoticesAdminView.vue')),
    section('credit-imports', '线下学分导入', () => import('./views/CreditImportView.vue')),
    section('forum', '论坛管理', () => import('./views/ForumAdminView.vue')),
    section('grading', '作业批改', () => import('./views/GradingView.vue')),
    section('orgs', '基础数据', () => import('./views/OrgsView.vue')),
    // ?section= names what was refused, so the page can say it is not for this role.
    { path: '/denied', name: 'denied', component: () => import('./views/DeniedView.vue'), meta: { title: '无权访问' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach((to) => {
  // Only menus are hidden here; the server enforces role and scope on every call.
  // Not logged in yet: the session guard sends the visitor to the login page.
  if (!session.accessToken()) return true
  if (to.meta.section && !sectionsFor(session.user()).some((s) => s.name === to.meta.section)) {
    return { name: 'denied', query: { section: to.meta.section } }
  }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 继教后台` : '继教 · 后台管理'
})
