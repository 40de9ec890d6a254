import { parseRetryAfter } from './retryAfter.js'
import { toApiError } from './errors.js'

const BUSY_STATUSES = new Set([429, 503])

/**
 * Adds the API's conventions to an axios instance:
 * - the bearer token on every request (unless `config.skipAuth`);
 * - a 401 triggers one shared refresh and the request is retried once;
 * - a 503/429 with Retry-After is waited out and retried (at most `maxBusyRetries`
 *   times, and only when the wait is short enough to be worth it) unless
 *   `config.noBusyRetry` — the API promises retried writes are safe;
 * - every failure becomes an ApiError `{status, code, message, field}`.
 */
export function installApiConventions(client, options) {
  const {
    getAccessToken,
    refresh,
    onAuthLost = () => {},
    onBusy = () => {},
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    maxBusyWaitMs = 30000,
    maxBusyRetries = 2,
  } = options

  client.interceptors.request.use((config) => {
    const token = config.skipAuth ? null : getAccessToken()
    if (token) config.headers.Authorization = `Bearer ${token}`
    config.sentToken = token
    return config
  })

  client.interceptors.response.use(
    (response) => response,
    async (error) => {
      const config = error && error.config
      const response = error && error.response
      if (!config || !response) throw toApiError(error)

      if (response.status === 401 && !config.skipAuth && !config.authRetried) {
        config.authRetried = true
        try {
          // If someone else refreshed while this request was in flight, the
          // stored token is already newer than the one we sent: just use it.
          const stored = getAccessToken()
          if (!stored || stored === config.sentToken) await refresh()
        } catch (refreshError) {
          onAuthLost(refreshError)
          throw toApiError(error)
        }
        return client.request(config)
      }

      if (BUSY_STATUSES.has(response.status) && !config.noBusyRetry) {
        const retries = config.busyRetries || 0
        const waitMs = parseRetryAfter(response.headers && response.headers['retry-after'])
        if (waitMs !== null && waitMs <= maxBusyWaitMs && retries < maxBusyRetries) {
          config.busyRetries = retries + 1
          onBusy(waitMs, config)
          await sleep(waitMs)
          return client.request(config)
        }
      }

      throw toApiError(error)
    },
  )
  return client
}
