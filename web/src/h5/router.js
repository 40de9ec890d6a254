import { createRouter, createWebHistory } from 'vue-router'

export const router = createRouter({
  history: createWebHistory('/h5/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/BindView.vue'), meta: { public: true, title: '绑定账号' } },
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
