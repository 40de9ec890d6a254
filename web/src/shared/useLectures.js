// The lecture list of one selection around useLearning: opens the first unfinished
// lecture (not lecture 1 when it is done), marks completed ones, moves on when one ends.
// Shared by the PC learning panel and the H5 learning page.
import { ref, watch } from 'vue'
import { useLearning } from './useLearning.js'
import { completionMemory, nextVideo, settleOnUnfinished } from '../lib/learning.js'

function storage() {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

/**
 * @param {() => string} selectionId
 * @param {import('vue').Ref<Array>} videos the course's videos, in order
 * @param {{initial?: () => any, onChange?: (videoId) => void}} options — `initial` a video id
 *   the address asks for (then no automatic choice), `onChange` to mirror the id in the address
 */
export function useLectures(selectionId, videos, options = {}) {
  const memory = completionMemory(storage(), selectionId())
  const done = ref(memory.all())
  const videoId = ref(null)
  const notice = ref('') // e.g. "已自动播放下一讲"

  function markDone(id) {
    if (memory.add(id)) done.value = memory.all()
  }

  const learning = useLearning({
    onCompleted: markDone,
    onEnded: ({ videoId: ended, completed }) => {
      if (completed) markDone(ended)
      const next = nextVideo(videos.value, ended)
      if (next) {
        notice.value = `本讲已结束，自动进入下一讲：${next.title}`
        go(next.id, { autoplay: true })
      } else notice.value = completed ? '本课程的全部视频已看完' : ''
    },
  })

  const autoplay = ref(false)
  async function go(id, { autoplay: play = false } = {}) {
    if (!id) return null
    autoplay.value = play
    videoId.value = id
    if (options.onChange) options.onChange(id)
    const answer = await learning.open(selectionId(), id)
    if (answer?.completed) markDone(id)
    return answer
  }

  /** A chapter the teacher picked. */
  function choose(id) {
    notice.value = ''
    return go(id)
  }

  let started = false
  async function start() {
    if (started || !videos.value?.length) return
    started = true
    const asked = options.initial ? options.initial() : null
    if (asked && videos.value.some((v) => String(v.id) === String(asked))) {
      await go(asked)
      return
    }
    await settleOnUnfinished(videos.value, memory, (id) => go(id))
    done.value = memory.all()
  }
  watch(videos, start, { immediate: true })

  const isDone = (id) => done.value.has(String(id))
  return { ...learning, videoId, done, isDone, choose, notice, autoplay, markDone }
}
