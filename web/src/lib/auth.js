// Token keeping and the single-flight refresh.
//
// The portal, the admin console and the H5 pages share one origin, so they
// share one session in localStorage: logging in on one logs in the others.

export const SESSION_KEY = 'jijiao.session'

export class AuthLostError extends Error {
  constructor(cause) {
    super('session lost')
    this.name = 'AuthLostError'
    this.cause = cause
  }
}

/** A tiny store over a Storage-like object ({getItem, setItem, removeItem}). */
export function createSessionStore(storage, now = () => Date.now()) {
  let memory = null // used when storage is unavailable (private mode, tests)

  function read() {
    if (!storage) return memory
    try {
      const raw = storage.getItem(SESSION_KEY)
      return raw ? JSON.parse(raw) : null
    } catch {
      return memory
    }
  }

  function write(session) {
    memory = session
    if (!storage) return
    try {
      if (session) storage.setItem(SESSION_KEY, JSON.stringify(session))
      else storage.removeItem(SESSION_KEY)
    } catch {
      /* quota or privacy mode: the in-memory copy still works for this page */
    }
  }

  return {
    get: read,
    accessToken: () => read()?.accessToken || null,
    refreshToken: () => read()?.refreshToken || null,
    user: () => read()?.user || null,
    /** Stores a login answer `{accessToken, refreshToken, expiresIn, user}`. */
    save(answer) {
      const previous = read() || {}
      write({
        accessToken: answer.accessToken,
        refreshToken: answer.refreshToken ?? previous.refreshToken,
        expiresAt: answer.expiresIn ? now() + answer.expiresIn * 1000 : null,
        user: answer.user ?? previous.user ?? null,
      })
    },
    updateUser(patch) {
      const s = read()
      if (s) write({ ...s, user: { ...s.user, ...patch } })
    },
    clear: () => write(null),
  }
}

/**
 * Builds `refresh()`: concurrent callers share one in-flight refresh call, so a
 * burst of 401s (a page firing five requests with an expired token) spends the
 * refresh token once. Refresh tokens rotate, so a second call with the same
 * token would be refused and log the user out.
 *
 * `requestRefresh(refreshToken)` must resolve to `{accessToken, refreshToken, expiresIn}`
 * and reject with an object carrying `status` when the server refuses.
 */
export function createRefresher({ store, requestRefresh, withLock = (fn) => fn() }) {
  let inflight = null

  // `withLock` extends the single flight across tabs (see browserLock): tabs
  // share the stored pair, and two tabs refreshing with the same token at once
  // would get one of them refused and log both out.
  const run = () => {
    const used = store.refreshToken()
    return withLock(() => {
      const current = store.refreshToken()
      // Another tab refreshed while we waited for the lock: its pair is ours too.
      if (used && current && current !== used) return store.accessToken()
      return exchange(current)
    })
  }

  async function exchange(used) {
    if (!used) throw new AuthLostError()
    try {
      const pair = await requestRefresh(used)
      store.save(pair)
      return pair.accessToken
    } catch (error) {
      // Another tab may have rotated the pair while we waited; its new tokens
      // are already in the shared store, so ours being refused is expected.
      const current = store.refreshToken()
      if (current && current !== used) return store.accessToken()
      const status = error && (error.status ?? error.response?.status)
      if (status === 400 || status === 401 || status === 403) {
        store.clear()
        throw new AuthLostError(error)
      }
      throw error // network trouble: keep the session, the caller may try again later
    }
  }

  return function refresh() {
    if (!inflight) {
      inflight = run().finally(() => {
        inflight = null
      })
    }
    return inflight
  }
}

/**
 * A cross-tab lock over the Web Locks API where the browser has it (current
 * Chrome, Edge, Firefox, Safari); elsewhere (older in-app browsers) none, and
 * the "another tab rotated it" check in the refresher is the fallback.
 */
export function browserLock(name) {
  const locks = typeof navigator !== 'undefined' && navigator.locks
  if (!locks || typeof locks.request !== 'function') return (fn) => fn()
  return (fn) => locks.request(name, fn)
}
