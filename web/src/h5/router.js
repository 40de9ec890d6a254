import { createRouter, createWebHistory } from 'vue-router'
import { api, itemsOf, session } from '../shared/api.js'

/** 全员培训·进入学习 (menu page /h5/learning): straight to this year's all-staff training. */
async function toCurrentTraining() {
  if (!session.accessToken()) return true // the login guard runs first; keep the target
  try {
    const items = itemsOf(await api.trainings(new Date().getFullYear()))
    const enrolled = items.filter((t) => t.enrolled)
    const pick = enrolled.find((t) => t.kind === 'ALL_STAFF') || enrolled[0]
    return pick ? { name: 'training', params: { trainingId: String(pick.id) } } : { name: 'home' }
  } catch {
    return { name: 'home' }
  }
}

export const router = createRouter({
  history: createWebHistory('/h5/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/BindView.vue'), meta: { public: true, title: '绑定账号' } },
    // WeChat's OAuth returns here (wechat.oauthLanding); public: it logs the teacher in.
    { path: '/wechat-entry', name: 'wechat-entry', component: () => import('./views/WeChatEntryView.vue'), meta: { public: true, title: '继教' } },
    { path: '/attendance/check-in', name: 'check-in', component: () => import('./views/CheckInView.vue'), meta: { title: '现场签到' } },
    { path: '/scan', name: 'scan', component: () => import('./views/ScanView.vue'), meta: { title: '扫码签到' } },
    { path: '/messages', name: 'messages', component: () => import('./views/MessagesView.vue'), meta: { title: '站内信' } },
    { path: '/me', name: 'me', component: () => import('./views/MeView.vue'), meta: { tab: 'me', title: '我的资料' } },
    // Pages the official account's menu names (src/main/resources/wechat/menu.json).
    { path: '/trainings', redirect: '/' },
    { path: '/learning', name: 'learning', component: { render: () => null }, beforeEnter: toCurrentTraining },
    { path: '/forum', redirect: '/notices' },
    { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { title: '修改密码' } },
    { path: '/', name: 'home', component: () => import('./views/HomeView.vue'), meta: { tab: 'home', title: '全员培训' } },
    { path: '/trainings/:trainingId', name: 'training', component: () => import('./views/TrainingView.vue'), props: true, meta: { title: '选课' } },
    { path: '/learn/:trainingId/:selectionId', name: 'learn', component: () => import('./views/LearnView.vue'), props: true, meta: { title: '学习' } },
    { path: '/credits', name: 'credits', component: () => import('./views/CreditsView.vue'), meta: { tab: 'credits', title: '我的学分' } },
    { path: '/notices', name: 'notices', component: () => import('./views/NoticesView.vue'), meta: { tab: 'notices', title: '通知公告' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

// WeChat shows document.title in its top bar.
router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title}` : '继教'
})
