// Common bootstrapping of the two Element Plus apps (portal and console).
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus, { ElMessage } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import { onAuthLost, onBusy } from '../api.js'
import { useSessionStore } from '../sessionStore.js'
import { SESSION_KEY } from '../../lib/auth.js'
import './base.css'

export function mountPcApp(App, router) {
  const app = createApp(App)
  const pinia = createPinia()
  app.use(pinia).use(router).use(ElementPlus, { locale: zhCn })
  const store = useSessionStore(pinia)
  guardSession(router)

  onAuthLost(() => {
    store.sync()
    ElMessage.warning('登录已失效，请重新登录')
    router.replace({ name: 'login', query: { redirect: router.currentRoute.value.fullPath } })
  })
  onBusy((ms) => ElMessage.info(`当前访问人数较多，${Math.ceil(ms / 1000)} 秒后自动重试…`))
  // Logging out (or in) in another tab of the same origin applies here too.
  window.addEventListener('storage', (event) => {
    if (event.key !== SESSION_KEY) return
    store.sync()
    if (!store.loggedIn && router.currentRoute.value.name !== 'login') router.replace({ name: 'login' })
  })

  app.mount('#app')
  return app
}

/** The guard both PC apps use: login first, then the forced password change. */
function guardSession(router) {
  router.beforeEach((to) => {
    const store = useSessionStore()
    if (to.meta.public) return true
    if (!store.loggedIn) return { name: 'login', query: { redirect: to.fullPath } }
    if (store.mustChangePassword && to.name !== 'password') return { name: 'password', query: { redirect: to.fullPath } }
    return true
  })
}
