import { describe, it, expect, vi } from 'vitest'
import { snapshotToCharts, createLiveFeed } from '../src/lib/live.js'

class FakeEventSource {
  static all = []
  constructor(url) {
    this.url = url
    this.closed = false
    FakeEventSource.all.push(this)
  }
  close() {
    this.closed = true
  }
  addEventListener(name, fn) {
    ;(this.listeners ||= {})[name] = fn
  }
}

describe('live enrollment feed', () => {
  it('orders groups by count for the charts', () => {
    const c = snapshotToCharts({
      total: 7,
      byDistrict: [{ id: 1, name: '南关区', count: 2 }, { id: 2, name: '朝阳区', count: 5 }],
      byStage: [{ code: 'PRIMARY', name: '小学', count: 7 }],
      at: '2026-03-01T08:00:00Z',
    })
    expect(c.total).toBe(7)
    expect(c.districts.map((d) => d.name)).toEqual(['朝阳区', '南关区'])
    expect(c.stages[0]).toEqual({ key: 'PRIMARY', name: '小学', count: 7 })
    expect(c.projects).toEqual([])
    expect(c.schools).toEqual([])
    const district = snapshotToCharts({ total: 3, bySchool: [{ id: 9, name: '一中', count: 1 }, { id: 8, name: '二中', count: 2 }] })
    expect(district.schools.map((s) => s.name)).toEqual(['二中', '一中'])
  })

  it('passes the token in the URL and reconnects with a refreshed one', async () => {
    FakeEventSource.all = []
    let token = 't1'
    const refresh = vi.fn(async () => (token = 't2'))
    const timers = []
    const snapshots = []
    const feed = createLiveFeed({
      url: '/api/admin/live/enrollments',
      getToken: () => token,
      refresh,
      onSnapshot: (s) => snapshots.push(s),
      EventSourceImpl: FakeEventSource,
      setTimer: (fn, ms) => timers.push([fn, ms]),
    })
    const first = FakeEventSource.all[0]
    expect(first.url).toBe('/api/admin/live/enrollments?access_token=t1')
    first.onerror()
    await Promise.resolve()
    await Promise.resolve()
    expect(first.closed).toBe(true)
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(timers[0][1]).toBe(1000)
    timers[0][0]()
    const second = FakeEventSource.all[1]
    expect(second.url).toContain('access_token=t2')
    second.onmessage({ data: '{"total":3}' })
    second.onmessage({ data: 'not json' })
    // The real server names its frames `event: enrollments`.
    second.listeners.enrollments({ data: '{"total":4,"bySchool":[]}' })
    expect(snapshots).toEqual([{ total: 3 }, { total: 4, bySchool: [] }])
    feed.close()
    expect(second.closed).toBe(true)
  })
})
