import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest'
import { createHeartbeat } from '../src/lib/heartbeat.js'

function apiError(status, code, extra = {}) {
  return Object.assign(new Error(code), { status, code, ...extra })
}

function setup(overrides = {}) {
  const sent = []
  const playback = { position: 0, playing: true }
  const answers = []
  const send = overrides.send || vi.fn(async (payload) => {
    sent.push(payload)
    return { watchedSeconds: payload.seq * 10, durationSeconds: 100, completed: false }
  })
  const hb = createHeartbeat({
    sessionId: 's-1',
    intervalMs: 10000,
    send,
    getPlayback: () => ({ ...playback }),
    onAnswer: (a) => answers.push(a),
    random: () => 0.5, // no jitter unless a test says otherwise
    ...overrides,
  })
  return { hb, sent, playback, answers, send }
}

describe('heartbeat scheduler', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('beats once per interval with increasing seq and the current position', async () => {
    const { hb, sent, playback, answers } = setup()
    hb.start()
    await vi.advanceTimersByTimeAsync(9999)
    expect(sent).toHaveLength(0)
    playback.position = 10
    await vi.advanceTimersByTimeAsync(1)
    playback.position = 20
    await vi.advanceTimersByTimeAsync(10000)
    playback.position = 30
    await vi.advanceTimersByTimeAsync(10000)
    expect(sent.map((p) => p.seq)).toEqual([1, 2, 3])
    expect(sent.map((p) => p.position)).toEqual([10, 20, 30])
    expect(sent[0]).toEqual({ sessionId: 's-1', seq: 1, position: 10, playing: true })
    expect(answers.at(-1).watchedSeconds).toBe(30)
    hb.dispose()
  })

  it('spreads beats within ±jitter of the interval', async () => {
    const low = setup({ random: () => 0 })
    low.hb.start()
    await vi.advanceTimersByTimeAsync(8999)
    expect(low.sent).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(low.sent).toHaveLength(1) // 10 s − 10 %
    low.hb.dispose()

    const high = setup({ random: () => 0.999999 })
    high.hb.start()
    await vi.advanceTimersByTimeAsync(10999)
    expect(high.sent).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(high.sent).toHaveLength(1) // 10 s + 10 %
    high.hb.dispose()
  })

  it('retries a failed beat with the same seq and exponential backoff, then carries on', async () => {
    let calls = 0
    const times = []
    const send = vi.fn(async (payload) => {
      calls += 1
      times.push([Date.now(), payload.seq])
      if (calls <= 2) throw apiError(0, 'network_error')
      return { watchedSeconds: 10, durationSeconds: 100 }
    })
    const troubles = []
    const { hb } = setup({ send, onTrouble: (e, info) => troubles.push(info) })
    const t0 = Date.now()
    hb.start()
    await vi.advanceTimersByTimeAsync(10000) // first attempt
    await vi.advanceTimersByTimeAsync(1000) // backoff 1 s
    await vi.advanceTimersByTimeAsync(2000) // backoff 2 s → succeeds
    expect(times.map(([t, s]) => [t - t0, s])).toEqual([
      [10000, 1],
      [11000, 1],
      [13000, 1],
    ])
    expect(troubles).toEqual([
      { attempt: 1, willRetry: true },
      { attempt: 2, willRetry: true },
    ])
    await vi.advanceTimersByTimeAsync(10000)
    expect(send.mock.calls.at(-1)[0].seq).toBe(2) // the schedule resumes, next seq
    hb.dispose()
  })

  it('gives a beat up after maxRetries and keeps the schedule', async () => {
    const send = vi.fn(async () => {
      throw apiError(502, 'http_502')
    })
    const troubles = []
    const { hb } = setup({ send, maxRetries: 2, onTrouble: (e, info) => troubles.push(info) })
    hb.start()
    await vi.advanceTimersByTimeAsync(10000 + 1000 + 2000)
    expect(send).toHaveBeenCalledTimes(3)
    expect(troubles.at(-1)).toEqual({ attempt: 3, willRetry: false })
    await vi.advanceTimersByTimeAsync(10000)
    expect(send).toHaveBeenCalledTimes(4)
    expect(send.mock.calls[3][0].seq).toBe(2)
    hb.dispose()
  })

  it('waits as long as Retry-After says when the server is overloaded', async () => {
    let calls = 0
    const send = vi.fn(async () => {
      calls += 1
      if (calls === 1) throw apiError(503, 'overloaded', { retryAfterMs: 7000 })
      return {}
    })
    const { hb } = setup({ send })
    hb.start()
    await vi.advanceTimersByTimeAsync(10000)
    await vi.advanceTimersByTimeAsync(6999)
    expect(send).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(send).toHaveBeenCalledTimes(2)
    hb.dispose()
  })

  it('does not retry a 4xx that would fail the same way again', async () => {
    const send = vi.fn(async () => {
      throw apiError(400, 'validation_failed')
    })
    const { hb } = setup({ send })
    hb.start()
    await vi.advanceTimersByTimeAsync(15000)
    expect(send).toHaveBeenCalledTimes(1)
    hb.dispose()
  })

  it('stops for good on 409 session_superseded and reports it once', async () => {
    let calls = 0
    const send = vi.fn(async () => {
      calls += 1
      if (calls === 2) throw apiError(409, 'session_superseded')
      return {}
    })
    const onSuperseded = vi.fn()
    const { hb } = setup({ send, onSuperseded })
    hb.start()
    await vi.advanceTimersByTimeAsync(20000)
    expect(onSuperseded).toHaveBeenCalledTimes(1)
    expect(hb.stopped).toBe(true)
    await vi.advanceTimersByTimeAsync(60000)
    expect(send).toHaveBeenCalledTimes(2)
    hb.start() // a stopped heartbeat cannot be restarted
    expect(await hb.flush()).toBe(false)
    await vi.advanceTimersByTimeAsync(60000)
    expect(send).toHaveBeenCalledTimes(2)
  })

  it('flush sends at once with the next seq; pause and start resume the schedule', async () => {
    const { hb, sent, playback } = setup()
    hb.start()
    await vi.advanceTimersByTimeAsync(10000)
    playback.playing = false
    playback.position = 12.34
    await hb.flush()
    hb.pause()
    expect(sent.at(-1)).toEqual({ sessionId: 's-1', seq: 2, position: 12.3, playing: false })
    await vi.advanceTimersByTimeAsync(60000)
    expect(sent).toHaveLength(2)
    playback.playing = true
    hb.start()
    await vi.advanceTimersByTimeAsync(10000)
    expect(sent.map((p) => p.seq)).toEqual([1, 2, 3])
    hb.dispose()
  })

  it('passes the keepalive transport through and never retries it', async () => {
    const send = vi.fn(async () => {
      throw apiError(0, 'network_error')
    })
    const { hb } = setup({ send })
    await hb.flush({ keepalive: true })
    await vi.advanceTimersByTimeAsync(60000)
    expect(send).toHaveBeenCalledTimes(1)
    expect(send.mock.calls[0][1]).toEqual({ keepalive: true })
  })

  it('dispose during a backoff wait ends the retry', async () => {
    const send = vi.fn(async () => {
      throw apiError(0, 'network_error')
    })
    const { hb } = setup({ send })
    hb.start()
    await vi.advanceTimersByTimeAsync(10000)
    hb.dispose()
    await vi.advanceTimersByTimeAsync(60000)
    expect(send).toHaveBeenCalledTimes(1)
  })
})
