import { describe, it, expect } from 'vitest'
import { firstUnfinishedIndex, nextVideo, nextUnfinished, completionMemory, settleOnUnfinished } from '../src/lib/learning.js'
import { homeworkView, homeworkFileProblem, homeworkBodyProblem } from '../src/lib/homework.js'

const videos = [{ id: 11, title: '第一讲' }, { id: 12, title: '第二讲' }, { id: 13, title: '第三讲' }]

function memoryStorage() {
  const map = new Map()
  return { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, String(v)) }
}

describe('which lecture to open', () => {
  it('is the first one not known to be complete', () => {
    expect(firstUnfinishedIndex(videos, new Set())).toBe(0)
    expect(firstUnfinishedIndex(videos, new Set(['11']))).toBe(1)
    expect(firstUnfinishedIndex(videos, new Set(['11', '12', '13']))).toBe(0)
    expect(firstUnfinishedIndex([], new Set())).toBe(-1)
  })
  it('moves on in order, skipping finished ones when asked', () => {
    expect(nextVideo(videos, 11).id).toBe(12)
    expect(nextVideo(videos, '13')).toBeNull()
    expect(nextUnfinished(videos, 11, new Set(['12'])).id).toBe(13)
  })
  it('remembers completed lectures per selection, and survives a broken storage', () => {
    const storage = memoryStorage()
    const a = completionMemory(storage, 5)
    expect(a.add(11)).toBe(true)
    expect(a.add(11)).toBe(false)
    expect(completionMemory(storage, 5).has('11')).toBe(true)
    expect(completionMemory(storage, 6).has('11')).toBe(false)
    const broken = { getItem: () => '{not json', setItem: () => { throw new Error('quota') } }
    const b = completionMemory(broken, 5)
    expect(b.has(11)).toBe(false)
    expect(() => b.add(11)).not.toThrow()
    expect(b.has(11)).toBe(true)
  })
  it('lands on the first unfinished lecture, asking the server about each finished one once', async () => {
    const complete = new Set([11, 12])
    const probed = []
    const memory = completionMemory(memoryStorage(), 1)
    const id = await settleOnUnfinished(videos, memory, async (v) => {
      probed.push(v)
      return { completed: complete.has(v) }
    })
    expect(id).toBe(13)
    expect(probed).toEqual([11, 12, 13])
    // Next time the memory skips the finished ones.
    probed.length = 0
    expect(await settleOnUnfinished(videos, memory, async (v) => (probed.push(v), { completed: complete.has(v) }))).toBe(13)
    expect(probed).toEqual([13])
  })
  it('stays put when everything is done or the session fails', async () => {
    const memory = completionMemory(memoryStorage(), 2)
    expect(await settleOnUnfinished(videos, memory, async () => ({ completed: true }))).toBe(13)
    expect(await settleOnUnfinished(videos, completionMemory(memoryStorage(), 3), async () => null)).toBe(11)
  })
})

describe('homework', () => {
  it('reads the server answer', () => {
    expect(homeworkView(null).none).toBe(true)
    expect(homeworkView({ prompt: '', submission: null }).none).toBe(true)
    const open = homeworkView({ prompt: '写一篇反思', submission: null })
    expect(open).toMatchObject({ none: false, canSubmit: true, graded: false })
    const graded = homeworkView({ prompt: 'x', submission: { body: 'b', score: 90, gradedAt: '2026-01-01T00:00:00Z', attachmentName: 'a.pdf' } })
    expect(graded).toMatchObject({ graded: true, canSubmit: false, attachmentName: 'a.pdf' })
  })
  it('checks files and text before the upload', () => {
    expect(homeworkFileProblem({ name: 'a.docx', size: 100 })).toBeNull()
    expect(homeworkFileProblem({ name: 'a.exe', size: 100 })).toContain('PDF')
    expect(homeworkFileProblem({ name: 'a.pdf', size: 11 * 1024 * 1024 })).toContain('10 MB')
    expect(homeworkBodyProblem('  ')).toBe('请填写作业内容')
    expect(homeworkBodyProblem('好'.repeat(5001))).toContain('5000')
  })
})
