// Which lecture to open, which ones are done, and what comes next. The server's
// play-session answer (`completed`) is the authority for one video; there is no
// per-course progress endpoint yet, so what the page has learned is remembered per
// selection in localStorage and refined by every session it opens.

/** Index of the first video not known to be complete (0 when all are, or nothing is known). */
export function firstUnfinishedIndex(videos, done) {
  const list = videos || []
  if (!list.length) return -1
  const index = list.findIndex((v) => !isDone(done, v.id))
  return index === -1 ? 0 : index
}

/** The video after `currentId`, or null at the end of the course. */
export function nextVideo(videos, currentId) {
  const list = videos || []
  const i = list.findIndex((v) => String(v.id) === String(currentId))
  return i >= 0 && i + 1 < list.length ? list[i + 1] : null
}

/** The next video after `currentId` that is not known to be complete (wrapping never). */
export function nextUnfinished(videos, currentId, done) {
  const list = videos || []
  const i = list.findIndex((v) => String(v.id) === String(currentId))
  for (let j = i + 1; j < list.length; j++) if (!isDone(done, list[j].id)) return list[j]
  return null
}

export function isDone(done, videoId) {
  if (!done) return false
  if (done instanceof Set) return done.has(String(videoId))
  return !!done[String(videoId)]
}

/**
 * Per-selection memory of completed videos: `{has, add, all}` over a Storage
 * (localStorage in the browser; any {getItem, setItem} in tests). Never throws.
 */
export function completionMemory(storage, selectionId) {
  const key = `jijiao.completed.${selectionId}`
  const read = () => {
    try {
      const list = JSON.parse(storage?.getItem(key) || '[]')
      return new Set(Array.isArray(list) ? list.map(String) : [])
    } catch {
      return new Set()
    }
  }
  let set = read()
  return {
    has: (videoId) => set.has(String(videoId)),
    all: () => new Set(set),
    add(videoId) {
      if (set.has(String(videoId))) return false
      set = new Set([...read(), String(videoId)])
      try {
        storage?.setItem(key, JSON.stringify([...set]))
      } catch {
        /* storage full or blocked: the page still knows for now */
      }
      return true
    },
    /** Server answers (e.g. a future progress endpoint) replace what was guessed. */
    merge(progressItems) {
      for (const p of progressItems || []) if (p.completed) set.add(String(p.videoId ?? p.id))
      try {
        storage?.setItem(key, JSON.stringify([...set]))
      } catch {
        /* ignore */
      }
    },
  }
}

/**
 * The lecture to open when the page is entered without a chosen one: the first not
 * known to be complete. `probe(videoId)` opens it and answers `{completed}`; a video the
 * server says is complete is remembered and the next one is tried, so the page lands on
 * the first unfinished lecture after at most one probe per finished lecture.
 * @returns the id to stay on
 */
export async function settleOnUnfinished(videos, memory, probe) {
  const list = videos || []
  if (!list.length) return null
  let index = firstUnfinishedIndex(list, memory.all())
  for (;;) {
    const video = list[index]
    const answer = await probe(video.id)
    if (!answer || !answer.completed) return video.id
    memory.add(video.id)
    const next = nextUnfinished(list, video.id, memory.all())
    if (!next) return video.id // all done: stay on the last one tried
    index = list.indexOf(next)
  }
}
