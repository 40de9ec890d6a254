import { defineStore } from 'pinia'
import { api, session } from './api.js'
import { normalizeIdNumber } from '../lib/idNumber.js'

export const useSessionStore = defineStore('session', {
  state: () => ({ user: session.user() }),
  getters: {
    loggedIn: (state) => !!state.user && !!session.accessToken(),
    roles: (state) => state.user?.roles || [],
    mustChangePassword: (state) => !!state.user?.mustChangePassword,
  },
  actions: {
    /** Re-reads the shared session (another tab may have logged in or out). */
    sync() {
      this.user = session.accessToken() ? session.user() : null
    },
    async login(idNumber, password) {
      const answer = await api.login(normalizeIdNumber(idNumber), password)
      session.save(answer)
      this.user = answer.user
      return answer.user
    },
    /** After binding WeChat the server answers like a login. */
    adopt(answer) {
      session.save(answer)
      this.user = answer.user
    },
    async changePassword(oldPassword, newPassword) {
      const answer = await api.changePassword(oldPassword, newPassword)
      // The server may rotate the tokens when the password changes.
      if (answer && answer.accessToken) session.save(answer)
      session.updateUser({ mustChangePassword: false })
      this.user = session.user()
    },
    async logout() {
      const refreshToken = session.refreshToken()
      try {
        if (refreshToken) await api.logout(refreshToken)
      } catch {
        /* logging out locally is what matters to the person */
      }
      session.clear()
      this.user = null
    },
  },
})
