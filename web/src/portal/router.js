import { createRouter, createWebHistory } from 'vue-router'
import LoginView from '../shared/pc/LoginView.vue'
import PasswordView from '../shared/pc/PasswordView.vue'

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/login', name: 'login', component: LoginView, meta: { public: true, bare: true }, props: { title: '教师个人中心', home: '/' } },
    { path: '/password', name: 'password', component: PasswordView, props: { home: '/' } },
    { path: '/', name: 'trainings', component: () => import('./views/TrainingsView.vue'), meta: { title: '我的培训' } },
    { path: '/trainings/:trainingId', name: 'training', component: () => import('./views/TrainingView.vue'), props: true, meta: { title: '课程超市' } },
    {
      path: '/trainings/:trainingId/selections/:selectionId/:tab(learn|homework|quiz|evaluation)?',
      name: 'selection',
      component: () => import('./views/SelectionView.vue'),
      props: true,
      meta: { title: '课程学习' },
    },
    { path: '/credits', name: 'credits', component: () => import('./views/CreditsView.vue'), meta: { title: '我的学分' } },
    { path: '/notices', name: 'notices', component: () => import('./views/NoticesView.vue'), meta: { title: '通知公告' } },
    { path: '/me/applications', name: 'applications', component: () => import('./views/ApplicationsView.vue'), meta: { title: '我的申请' } },
    {
      path: '/me/applications/new/:kind(declaration|appeal|transfer)',
      name: 'application-new',
      component: () => import('./views/ApplicationFormView.vue'),
      props: true,
      meta: { title: '新建申请' },
    },
    { path: '/me/applications/:id(\\d+)', name: 'application', component: () => import('./views/ApplicationView.vue'), props: true, meta: { title: '申请详情' } },
    // Forum messages (replies, removals) link here.
    { path: '/forum/posts/:id(\\d+)', name: 'forum-post', component: () => import('./views/ForumPostView.vue'), props: true, meta: { title: '论坛帖子' } },
    { path: '/messages', name: 'messages', component: () => import('./views/MessagesView.vue'), meta: { title: '站内信' } },
    { path: '/:rest(.*)*', name: 'missing', component: () => import('../shared/pc/NotFound.vue'), meta: { public: true } },
  ],
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 继教` : '继教 · 教师个人中心'
})
