// The learning heartbeat: tells the server every `intervalMs` where the video is.
//
// Why it is shaped like this:
// - Jitter: a class of teachers pressing "play" together would otherwise beat in
//   lock-step and hit the server in waves; ±jitterRatio spreads them out.
// - The next beat is scheduled only after the previous one settles, so beats
//   never overlap and `seq` reaches the server in order.
// - A failed beat is retried with the same seq and payload (the server treats a
//   repeated seq as the same write) with exponential backoff, honouring
//   Retry-After when the server is overloaded. After `maxRetries` the beat is
//   given up and the schedule continues: the next beat carries the newer position.
// - 409 session_superseded means another tab or device took over: stop for good.

export const SUPERSEDED = 'session_superseded'

export function createHeartbeat(options) {
  const {
    sessionId,
    intervalMs,
    send, // (payload, {keepalive}) => Promise<answer>; rejects with {status, code, retryAfterMs}
    getPlayback, // () => ({position, playing})
    onAnswer = () => {},
    onSuperseded = () => {},
    onTrouble = () => {}, // (error, {attempt, willRetry})
    jitterRatio = 0.1,
    maxRetries = 3,
    backoffBaseMs = 1000,
    backoffMaxMs = 15000,
    random = Math.random,
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (id) => clearTimeout(id),
  } = options

  let seq = 0
  let timer = null
  let running = false
  let stopped = false // terminal: superseded or disposed
  let sending = false
  let retryTimer = null
  let wakeRetry = null // resolves a pending backoff wait early, on dispose

  function jittered(ms) {
    const spread = ms * jitterRatio
    return Math.max(0, Math.round(ms - spread + random() * 2 * spread))
  }

  function backoff(attempt, error) {
    if (error && error.retryAfterMs != null) return Math.min(error.retryAfterMs, backoffMaxMs * 4)
    const base = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (attempt - 1))
    return jittered(base)
  }

  function arm(ms) {
    if (timer !== null) clearTimer(timer)
    timer = setTimer(() => {
      timer = null
      beat()
    }, ms)
  }

  function nextPayload() {
    const { position, playing } = getPlayback()
    seq += 1
    return { sessionId, seq, position: Math.max(0, Math.round(position * 10) / 10), playing: !!playing }
  }

  // Any 409 on a heartbeat means the session is no longer ours (superseded or stale).
  function isSuperseded(error) {
    return !!error && (error.code === SUPERSEDED || error.status === 409)
  }

  // Worth another try: no answer at all, a timeout, slow-down, or a server fault.
  // Other 4xx would only fail again the same way.
  function isRetryable(error) {
    const status = (error && error.status) || 0
    return status === 0 || status === 408 || status === 429 || status >= 500
  }

  function waitBeforeRetry(ms) {
    return new Promise((resolve) => {
      wakeRetry = resolve
      retryTimer = setTimer(() => {
        retryTimer = null
        wakeRetry = null
        resolve()
      }, ms)
    })
  }

  function halt() {
    stopped = true
    running = false
    if (timer !== null) clearTimer(timer)
    if (retryTimer !== null) clearTimer(retryTimer)
    timer = null
    retryTimer = null
    if (wakeRetry) wakeRetry()
  }

  function supersede(error) {
    const first = !stopped
    halt()
    if (first) onSuperseded(error)
  }

  async function deliver(payload, attempt, transport) {
    try {
      const answer = await send(payload, transport)
      if (!stopped) onAnswer(answer, payload)
      return true
    } catch (error) {
      if (isSuperseded(error)) {
        supersede(error)
        return false
      }
      // A keepalive beat is sent as the page goes away: nobody is left to retry it.
      const willRetry = attempt <= maxRetries && !stopped && !transport.keepalive && isRetryable(error)
      onTrouble(error, { attempt, willRetry })
      if (!willRetry) return false
      await waitBeforeRetry(backoff(attempt, error))
      if (stopped) return false
      return deliver(payload, attempt + 1, transport)
    }
  }

  async function beat() {
    if (!running || stopped || sending) return
    sending = true
    try {
      await deliver(nextPayload(), 1, {})
    } finally {
      sending = false
    }
    if (running && !stopped) arm(jittered(intervalMs))
  }

  return {
    get seq() {
      return seq
    },
    get running() {
      return running
    },
    get stopped() {
      return stopped
    },
    /** Starts beating; the first beat goes after one (jittered) interval. */
    start() {
      if (running || stopped) return
      running = true
      arm(jittered(intervalMs))
    },
    /**
     * Sends one beat now, outside the schedule: on pause, seek, end, or when the
     * page is hidden (then with `{keepalive: true}` so it outlives the page).
     */
    flush(transport = {}) {
      if (stopped) return Promise.resolve(false)
      return deliver(nextPayload(), 1, transport)
    },
    /** Stops the schedule; `start()` may resume it (e.g. pause → play). */
    pause() {
      running = false
      if (timer !== null) clearTimer(timer)
      timer = null
    },
    /** Stops for good. */
    dispose: halt,
  }
}
