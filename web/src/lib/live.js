// The live enrollment feed (text/event-stream) and its chart data.

/** Sorts a snapshot's groups for charts: biggest first, stable names. */
export function snapshotToCharts(snapshot) {
  const sorted = (list, label) =>
    [...(list || [])]
      .map((g) => ({ key: g.id ?? g.code, name: g.name || String(g.id ?? g.code ?? label), count: Number(g.count) || 0 }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'))
  return {
    total: Number(snapshot?.total) || 0,
    at: snapshot?.at || null,
    districts: sorted(snapshot?.byDistrict, '县区'),
    stages: sorted(snapshot?.byStage, '学段'),
    projects: sorted(snapshot?.byProject, '项目'),
    // A district admin's board carries its schools; the district bar would be a single bar.
    schools: sorted(snapshot?.bySchool, '学校'),
  }
}

/**
 * Keeps an EventSource open with a fresh token.
 *
 * EventSource cannot send headers, so the token rides in `?access_token=`; and
 * its built-in reconnect would reuse an expired token forever. So on error we
 * close it ourselves, refresh the token when it looks expired, and reopen after
 * a growing delay.
 */
export function createLiveFeed(options) {
  const {
    url, // e.g. '/api/admin/live/enrollments'
    eventName = 'enrollments', // the server's `event:` name for a snapshot
    getToken,
    refresh, // () => Promise<token>
    onSnapshot,
    onState = () => {}, // 'connecting' | 'open' | 'retrying' | 'closed'
    EventSourceImpl = globalThis.EventSource,
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (id) => clearTimeout(id),
    minDelayMs = 1000,
    maxDelayMs = 30000,
  } = options

  let source = null
  let timer = null
  let failures = 0
  let closed = false

  function open() {
    if (closed) return
    onState('connecting')
    const token = getToken()
    const sep = url.includes('?') ? '&' : '?'
    source = new EventSourceImpl(token ? `${url}${sep}access_token=${encodeURIComponent(token)}` : url)
    let gotData = false
    source.onopen = () => onState('open')
    const onFrame = (event) => {
      let snapshot
      try {
        snapshot = JSON.parse(event.data)
      } catch {
        return // a malformed frame should not kill the dashboard
      }
      gotData = true
      failures = 0
      onState('open')
      onSnapshot(snapshot)
    }
    // The server names its frames `event: enrollments` (openapi.yaml), which
    // `onmessage` never sees; unnamed `data:` frames are accepted as well.
    source.onmessage = onFrame
    if (typeof source.addEventListener === 'function') source.addEventListener(eventName, onFrame)
    source.onerror = () => {
      if (closed) return
      source.close()
      source = null
      failures += 1
      onState('retrying')
      const delay = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(failures - 1, 10))
      // No data at all usually means the server refused the token (EventSource
      // hides the status): try a refresh before reconnecting.
      const before = gotData ? Promise.resolve() : Promise.resolve(refresh && refresh()).catch(() => {})
      before.then(() => {
        if (!closed) timer = setTimer(open, delay)
      })
    }
  }

  open()
  return {
    close() {
      closed = true
      if (timer !== null) clearTimer(timer)
      if (source) source.close()
      source = null
      onState('closed')
    },
  }
}
