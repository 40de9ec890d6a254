// Ties a play session, the heartbeat scheduler and a video player together.
// Used by the PC learning page and the H5 learning page alike.
import { reactive, onBeforeUnmount } from 'vue'
import { api, mediaUrl, refresh } from './api.js'
import { createHeartbeat } from '../lib/heartbeat.js'
import { errorText } from '../lib/errors.js'

/**
 * @param {{onEnded?: (info: {videoId, completed: boolean}) => void,
 *   onCompleted?: (videoId) => void}} hooks — onEnded runs after the final beat of a
 *   video that played to its end has been answered; onCompleted whenever the server first
 *   says the current video is complete (session or beat answer).
 */
export function useLearning(hooks = {}) {
  const state = reactive({
    phase: 'idle', // idle | opening | ready | superseded | error
    error: '',
    trouble: '', // a transient heartbeat problem worth a small hint
    sessionId: null,
    resumeAt: 0,
    heartbeatSeconds: 30,
    durationSeconds: 0,
    watchedSeconds: 0,
    watchedPercent: 0,
    completed: false,
    url: '',
  })

  let heartbeat = null
  let player = null
  let detachPlayer = () => {}
  let current = null // {selectionId, videoId}

  const playback = () => ({
    position: player ? Number(player.currentTime) || 0 : state.resumeAt,
    playing: !!player && !player.paused && !player.ended,
  })

  function applyAnswer(answer) {
    if (!answer) return
    if (answer.durationSeconds) state.durationSeconds = answer.durationSeconds
    if (typeof answer.watchedSeconds === 'number') state.watchedSeconds = answer.watchedSeconds
    const wasCompleted = state.completed
    state.completed = !!answer.completed
    if (state.completed && !wasCompleted && current && hooks.onCompleted) hooks.onCompleted(current.videoId)
    // The server's `percent` (session and heartbeat answers) is the authority.
    state.watchedPercent =
      typeof answer.percent === 'number'
        ? Math.min(100, Math.floor(answer.percent))
        : state.durationSeconds
          ? Math.min(100, Math.floor((state.watchedSeconds / state.durationSeconds) * 100))
          : 0
    state.trouble = ''
  }

  function stopHeartbeat() {
    if (heartbeat) heartbeat.dispose()
    heartbeat = null
  }

  /** Opens a play session for one video; answers `{completed}` (null on failure). */
  async function open(selectionId, videoId) {
    stopHeartbeat()
    current = { selectionId, videoId }
    state.phase = 'opening'
    state.error = ''
    state.completed = false
    try {
      const s = await api.openSession(selectionId, videoId)
      state.sessionId = s.sessionId
      state.resumeAt = Number(s.resumeAt) || 0
      state.heartbeatSeconds = Number(s.heartbeatSeconds) || 30
      state.durationSeconds = Number(s.durationSeconds) || 0
      if (typeof s.watchedSeconds === 'number' || typeof s.percent === 'number') applyAnswer(s)
      state.url = mediaUrl(videoId)
      heartbeat = createHeartbeat({
        sessionId: s.sessionId,
        intervalMs: state.heartbeatSeconds * 1000,
        send: api.heartbeat,
        getPlayback: playback,
        onAnswer: applyAnswer,
        onSuperseded: () => {
          state.phase = 'superseded'
          if (player && !player.paused) player.pause()
        },
        onTrouble: (e, { willRetry }) => {
          // The server forgot the session (expired, restarted): open a fresh one.
          if (e.status === 404 || e.status === 410) return reopen()
          state.trouble = willRetry ? '网络不稳定，正在重试保存学习进度…' : errorText(e)
        },
      })
      state.phase = 'ready'
      if (player && !player.paused) heartbeat.start()
      return { completed: state.completed }
    } catch (e) {
      state.phase = 'error'
      state.error = errorText(e)
      return null
    }
  }

  function reopen() {
    if (!current) return
    const wasPlaying = playback().playing
    return open(current.selectionId, current.videoId).then(() => {
      if (wasPlaying && heartbeat) heartbeat.start()
    })
  }

  /** Takes the session back from another tab ("在此页面继续播放"). */
  function takeOver() {
    return reopen()
  }

  function onVisibility() {
    if (!heartbeat) return
    if (document.visibilityState === 'hidden') {
      // The page may be frozen or killed from here on (WeChat, mobile Safari):
      // report the position now with a request that outlives the page.
      heartbeat.flush({ keepalive: true })
    }
  }

  // pagehide also fires when a page goes into the back-forward cache, where
  // visibilitychange may not; beforeunload/unload are unreliable on mobile.
  function onPageHide() {
    if (heartbeat) heartbeat.flush({ keepalive: true })
  }

  document.addEventListener('visibilitychange', onVisibility)
  window.addEventListener('pagehide', onPageHide)

  /** Connects an xgplayer instance (or any emitter with currentTime/paused/on/off). */
  function attach(p) {
    detachPlayer()
    player = p
    let mediaRetryAt = 0
    const handlers = {
      play: () => heartbeat && heartbeat.start(),
      pause: () => {
        if (!heartbeat) return
        heartbeat.pause()
        heartbeat.flush()
      },
      ended: () => {
        if (!heartbeat) return
        const video = current?.videoId
        heartbeat.pause()
        // The last beat carries the end position; move on only once it is answered.
        heartbeat.flush().then(() => {
          if (hooks.onEnded && current?.videoId === video) hooks.onEnded({ videoId: video, completed: state.completed })
        })
      },
      seeked: () => heartbeat && heartbeat.running && heartbeat.flush(),
      // The media URL carries an access token that expires; Range requests made
      // after that fail. Refresh and reload at the same position, at most once a minute.
      error: async () => {
        if (!current || Date.now() - mediaRetryAt < 60000) return
        mediaRetryAt = Date.now()
        const at = playback().position
        try {
          await refresh()
        } catch {
          return
        }
        state.resumeAt = at
        state.url = mediaUrl(current.videoId)
      },
    }
    for (const [name, fn] of Object.entries(handlers)) p.on(name, fn)
    detachPlayer = () => {
      for (const [name, fn] of Object.entries(handlers)) p.off && p.off(name, fn)
      player = null
      detachPlayer = () => {}
    }
  }

  function close() {
    if (heartbeat && !heartbeat.stopped && player) heartbeat.flush()
    stopHeartbeat()
    detachPlayer()
  }

  onBeforeUnmount(() => {
    close()
    document.removeEventListener('visibilitychange', onVisibility)
    window.removeEventListener('pagehide', onPageHide)
  })

  return { state, open, attach, close, takeOver }
}
