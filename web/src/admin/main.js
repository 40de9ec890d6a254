import { mountPcApp } from '../shared/pc/setup.js'
import App from './App.vue'
import { router } from './router.js'

mountPcApp(App, router)
