import { describe, it, expect, vi } from 'vitest'
import axios from 'axios'
import { createSessionStore, createRefresher, AuthLostError } from '../src/lib/auth.js'
import { installApiConventions } from '../src/lib/http.js'
import { ApiError } from '../src/lib/errors.js'

function memoryStorage() {
  const map = new Map()
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => map.set(k, String(v)),
    removeItem: (k) => map.delete(k),
  }
}

function deferred() {
  let resolve, reject
  const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

function loggedInStore(storage = memoryStorage()) {
  const store = createSessionStore(storage)
  store.save({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, user: { id: 1, name: '张老师' } })
  return store
}

describe('single-flight refresh', () => {
  it('shares one refresh call between concurrent callers', async () => {
    const store = loggedInStore()
    const gate = deferred()
    const requestRefresh = vi.fn(() => gate.promise)
    const refresh = createRefresher({ store, requestRefresh })

    const all = Promise.all([refresh(), refresh(), refresh()])
    gate.resolve({ accessToken: 'a2', refreshToken: 'r2', expiresIn: 900 })
    expect(await all).toEqual(['a2', 'a2', 'a2'])
    expect(requestRefresh).toHaveBeenCalledTimes(1)
    expect(requestRefresh).toHaveBeenCalledWith('r1')
    expect(store.refreshToken()).toBe('r2')
    expect(store.user().name).toBe('张老师') // the user survives a refresh
  })

  it('makes a new call once the previous one has settled', async () => {
    const store = loggedInStore()
    let n = 1
    const requestRefresh = vi.fn(async () => ({ accessToken: `a${++n}`, refreshToken: `r${n}` }))
    const refresh = createRefresher({ store, requestRefresh })
    await refresh()
    await refresh()
    expect(requestRefresh.mock.calls.map((c) => c[0])).toEqual(['r1', 'r2'])
  })

  it('clears the session when the server refuses the refresh token', async () => {
    const store = loggedInStore()
    const refresh = createRefresher({
      store,
      requestRefresh: async () => {
        throw new ApiError({ status: 401, code: 'invalid_refresh_token' })
      },
    })
    await expect(refresh()).rejects.toBeInstanceOf(AuthLostError)
    expect(store.get()).toBeNull()
  })

  it('keeps the session on a network failure', async () => {
    const store = loggedInStore()
    const refresh = createRefresher({
      store,
      requestRefresh: async () => {
        throw new ApiError({ status: 0, code: 'network_error' })
      },
    })
    await expect(refresh()).rejects.toMatchObject({ code: 'network_error' })
    expect(store.accessToken()).toBe('a1')
  })

  it('adopts the pair another tab rotated in meanwhile instead of logging out', async () => {
    const storage = memoryStorage()
    const store = loggedInStore(storage)
    const otherTab = createSessionStore(storage)
    const refresh = createRefresher({
      store,
      requestRefresh: async () => {
        otherTab.save({ accessToken: 'a-other', refreshToken: 'r-other' })
        throw new ApiError({ status: 401, code: 'invalid_refresh_token' })
      },
    })
    expect(await refresh()).toBe('a-other')
    expect(store.refreshToken()).toBe('r-other')
  })

  it('fails at once without a refresh token', async () => {
    const store = createSessionStore(memoryStorage())
    const requestRefresh = vi.fn()
    await expect(createRefresher({ store, requestRefresh })()).rejects.toBeInstanceOf(AuthLostError)
    expect(requestRefresh).not.toHaveBeenCalled()
  })
})

// An axios instance whose transport is a function of the request config.
function fakeServer(handler) {
  const client = axios.create()
  client.defaults.adapter = async (config) => {
    const { status, data = {}, headers = {} } = await handler(config)
    const response = { status, data, headers, config, statusText: String(status), request: {} }
    if (status >= 200 && status < 300) return response
    throw new axios.AxiosError(`status ${status}`, 'ERR_BAD_RESPONSE', config, {}, response)
  }
  return client
}

describe('API client conventions', () => {
  it('concurrent 401s share one refresh and each request is retried once with the new token', async () => {
    const store = loggedInStore()
    const refreshCalls = []
    const gate = deferred()
    const refresh = createRefresher({
      store,
      requestRefresh: (token) => {
        refreshCalls.push(token)
        return gate.promise
      },
    })
    const seen = []
    let pending401 = 0
    const client = fakeServer(async (config) => {
      const auth = config.headers.Authorization
      seen.push([config.url, auth])
      if (auth === 'Bearer a1') {
        pending401 += 1
        if (pending401 === 3) setTimeout(() => gate.resolve({ accessToken: 'a2', refreshToken: 'r2' }), 0)
        return { status: 401, data: { error: 'token_expired', message: '登录已过期' } }
      }
      return { status: 200, data: { url: config.url } }
    })
    installApiConventions(client, { getAccessToken: store.accessToken, refresh })

    const answers = await Promise.all(['/a', '/b', '/c'].map((u) => client.get(u)))
    expect(answers.map((r) => r.data.url)).toEqual(['/a', '/b', '/c'])
    expect(refreshCalls).toEqual(['r1'])
    expect(seen.filter(([, auth]) => auth === 'Bearer a2')).toHaveLength(3)
  })

  it('does not loop: a second 401 after the retry becomes an error and reports lost auth when refresh fails', async () => {
    const store = loggedInStore()
    const onAuthLost = vi.fn()
    const refresh = createRefresher({
      store,
      requestRefresh: async () => {
        throw new ApiError({ status: 401, code: 'invalid_refresh_token' })
      },
    })
    let calls = 0
    const client = fakeServer(async () => {
      calls += 1
      return { status: 401, data: { error: 'unauthorized', message: '请先登录' } }
    })
    installApiConventions(client, { getAccessToken: store.accessToken, refresh, onAuthLost })
    await expect(client.get('/x')).rejects.toMatchObject({ status: 401, code: 'unauthorized' })
    expect(calls).toBe(1)
    expect(onAuthLost).toHaveBeenCalledTimes(1)
  })

  it('retries once only, even if the refreshed token is refused too', async () => {
    const store = loggedInStore()
    const refresh = vi.fn(async () => {
      store.save({ accessToken: 'a2', refreshToken: 'r2' })
      return 'a2'
    })
    let calls = 0
    const client = fakeServer(async () => {
      calls += 1
      return { status: 401, data: { error: 'unauthorized' } }
    })
    installApiConventions(client, { getAccessToken: store.accessToken, refresh })
    await expect(client.get('/x')).rejects.toMatchObject({ status: 401 })
    expect(calls).toBe(2)
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('skips the refresh when another request already brought a newer token', async () => {
    const store = loggedInStore()
    const refresh = vi.fn()
    const client = fakeServer(async (config) => {
      if (config.headers.Authorization === 'Bearer a1') {
        store.save({ accessToken: 'a2', refreshToken: 'r2' }) // refreshed elsewhere meanwhile
        return { status: 401, data: {} }
      }
      return { status: 200, data: 'ok' }
    })
    installApiConventions(client, { getAccessToken: store.accessToken, refresh })
    expect((await client.get('/x')).data).toBe('ok')
    expect(refresh).not.toHaveBeenCalled()
  })

  it('waits out a 503 with Retry-After and retries', async () => {
    const store = loggedInStore()
    const sleep = vi.fn(async () => {})
    const onBusy = vi.fn()
    let calls = 0
    const client = fakeServer(async () => {
      calls += 1
      if (calls === 1) return { status: 503, data: { error: 'overloaded', message: '当前访问人数较多' }, headers: { 'retry-after': '3' } }
      return { status: 200, data: 'ok' }
    })
    installApiConventions(client, { getAccessToken: store.accessToken, refresh: vi.fn(), sleep, onBusy })
    expect((await client.post('/api/auth/login', {})).data).toBe('ok')
    expect(sleep).toHaveBeenCalledWith(3000)
    expect(onBusy).toHaveBeenCalledWith(3000, expect.anything())
  })

  it('gives up on 503 when Retry-After is too long or retries are used up', async () => {
    const store = loggedInStore()
    const sleep = vi.fn(async () => {})
    const client = fakeServer(async (config) => ({
      status: 503,
      data: { error: 'overloaded', message: '当前访问人数较多，请稍后再试' },
      headers: { 'retry-after': config.url === '/long' ? '120' : '1' },
    }))
    installApiConventions(client, { getAccessToken: store.accessToken, refresh: vi.fn(), sleep })
    await expect(client.get('/long')).rejects.toMatchObject({ status: 503, retryAfterMs: 120000 })
    expect(sleep).not.toHaveBeenCalled()
    await expect(client.get('/short')).rejects.toMatchObject({ code: 'overloaded' })
    expect(sleep).toHaveBeenCalledTimes(2)
  })

  it('turns error bodies into ApiError {status, code, message, field}', async () => {
    const client = fakeServer(async () => ({
      status: 400,
      data: { error: 'invalid_id_number', message: '身份证号格式不正确', field: 'idNumber' },
    }))
    installApiConventions(client, { getAccessToken: () => null, refresh: vi.fn() })
    const error = await client.post('/api/auth/login', {}, { skipAuth: true }).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 400, code: 'invalid_id_number', serverMessage: '身份证号格式不正确', field: 'idNumber' })
  })
})

describe('refresh across tabs', () => {
  // A promise-chain mutex standing in for navigator.locks.
  function mutex() {
    let tail = Promise.resolve()
    return (fn) => {
      const result = tail.then(fn)
      tail = result.catch(() => {})
      return result
    }
  }

  it('two tabs sharing the stored pair spend the refresh token once', async () => {
    const storage = memoryStorage()
    const tabA = loggedInStore(storage)
    const tabB = createSessionStore(storage)
    const lock = mutex()
    const server = { valid: new Set(['r1']), calls: 0 }
    const requestRefresh = async (token) => {
      server.calls += 1
      await new Promise((r) => setTimeout(r, 5))
      if (!server.valid.delete(token)) throw new ApiError({ status: 401, code: 'invalid_refresh_token' })
      server.valid.add('r2')
      return { accessToken: 'a2', refreshToken: 'r2' }
    }
    const refreshA = createRefresher({ store: tabA, requestRefresh, withLock: lock })
    const refreshB = createRefresher({ store: tabB, requestRefresh, withLock: lock })
    expect(await Promise.all([refreshA(), refreshB()])).toEqual(['a2', 'a2'])
    expect(server.calls).toBe(1)
    expect(tabB.refreshToken()).toBe('r2')
  })
})
