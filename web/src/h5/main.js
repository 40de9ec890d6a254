import { createApp } from 'vue'
import { createPinia } from 'pinia'
import Vant, { showToast } from 'vant'
import 'vant/lib/index.css'
import App from './App.vue'
import { router } from './router.js'
import { onAuthLost, onBusy } from '../shared/api.js'
import { useSessionStore } from '../shared/sessionStore.js'
import './h5.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const store = useSessionStore(pinia)

router.beforeEach((to) => {
  if (to.meta.public) return true
  if (!store.loggedIn) return { name: 'login', query: { ...to.query, redirect: to.fullPath } }
  if (store.mustChangePassword && to.name !== 'password') return { name: 'password', query: { redirect: to.fullPath } }
  return true
})

onAuthLost(() => {
  store.sync()
  showToast('登录已失效，请重新登录')
  router.replace({ name: 'login', query: { redirect: router.currentRoute.value.fullPath } })
})
onBusy((ms) => showToast(`访问人数较多，${Math.ceil(ms / 1000)} 秒后自动重试`))

app.use(router).use(Vant).mount('#app')
