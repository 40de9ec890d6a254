// The one API client of the browser apps, and a function per endpoint used.
import axios from 'axios'
import { createSessionStore, createRefresher, browserLock } from '../lib/auth.js'
import { installApiConventions } from '../lib/http.js'
import { toApiError, ApiError } from '../lib/errors.js'

function safeStorage() {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

export const session = createSessionStore(safeStorage())

// Refresh goes through a bare client: a 401 there must not trigger another refresh.
const bare = axios.create({ timeout: 15000 })
export const refresh = createRefresher({
  store: session,
  withLock: browserLock('jijiao.refresh'),
  requestRefresh: (refreshToken) =>
    bare.post('/api/auth/refresh', { refreshToken }).then(
      (r) => r.data,
      (e) => {
        throw toApiError(e)
      },
    ),
})

const listeners = { authLost: new Set(), busy: new Set() }
export function onAuthLost(fn) {
  listeners.authLost.add(fn)
  return () => listeners.authLost.delete(fn)
}
export function onBusy(fn) {
  listeners.busy.add(fn)
  return () => listeners.busy.delete(fn)
}

export const http = installApiConventions(axios.create({ timeout: 20000 }), {
  getAccessToken: session.accessToken,
  refresh,
  // The refresher has already cleared the session if the server refused it.
  onAuthLost: (e) => {
    listeners.authLost.forEach((fn) => fn(e))
  },
  onBusy: (ms) => listeners.busy.forEach((fn) => fn(ms)),
})

const data = (promise) => promise.then((r) => r.data)

/** For endpoints that may not exist yet on this server: 404/501 → null. */
function optional(promise) {
  return data(promise).catch((e) => {
    if (e instanceof ApiError && (e.status === 404 || e.status === 501)) return null
    throw e
  })
}

/** Media and event streams cannot send headers: the token rides in the query. */
export function withToken(path) {
  const token = session.accessToken()
  if (!token) return path
  return `${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`
}

export const mediaUrl = (videoId) => withToken(`/api/media/${encodeURIComponent(videoId)}`)

/**
 * A heartbeat that must outlive the page (sent when it is hidden): fetch with
 * keepalive may carry the Authorization header, unlike sendBeacon.
 */
async function heartbeatKeepalive(beat) {
  let response
  try {
    response = await fetch('/api/learn/heartbeats', {
      method: 'POST',
      keepalive: true,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.accessToken()}` },
      body: JSON.stringify(beat),
    })
  } catch {
    throw new ApiError({ code: 'network_error' })
  }
  const body = await response.json().catch(() => ({}))
  if (!response.ok) throw new ApiError({ status: response.status, code: body.error, message: body.message })
  return body
}

export const api = {
  login: (idNumber, password) => data(http.post('/api/auth/login', { idNumber, password }, { skipAuth: true })),
  logout: (refreshToken) => data(http.post('/api/auth/logout', { refreshToken })),
  me: () => data(http.get('/api/me')),
  changePassword: (oldPassword, newPassword) => data(http.post('/api/auth/password', { oldPassword, newPassword })),

  trainings: (year) => data(http.get('/api/trainings', { params: year ? { year } : {} })),
  enroll: (trainingId) => data(http.post(`/api/trainings/${trainingId}/enrollments`, {})),
  recommendations: (trainingId) => data(http.get(`/api/trainings/${trainingId}/recommendations`)),
  course: (courseId) => data(http.get(`/api/courses/${courseId}`)),
  select: (trainingId, courseId) => data(http.post(`/api/trainings/${trainingId}/selections`, { courseId })),
  drop: (selectionId) => data(http.delete(`/api/selections/${selectionId}`)),
  mySelections: (trainingId) => data(http.get('/api/me/selections', { params: { trainingId } })),

  openSession: (selectionId, videoId) => data(http.post('/api/learn/sessions', { selectionId, videoId })),
  // The heartbeat scheduler retries on its own terms; the client must not also wait out 503s.
  heartbeat: (beat, transport = {}) =>
    transport.keepalive ? heartbeatKeepalive(beat) : data(http.post('/api/learn/heartbeats', beat, { noBusyRetry: true })),

  homework: (selectionId) => optional(http.get(`/api/selections/${selectionId}/homework`)),
  submitHomework: (selectionId, body, file) => {
    const form = new FormData()
    form.append('body', body)
    if (file) form.append('file', file)
    return data(http.post(`/api/selections/${selectionId}/homework`, form))
  },
  quiz: (selectionId) => optional(http.get(`/api/selections/${selectionId}/quiz`)),
  // attemptKey makes a retried submission count once (the server answers the first result).
  submitQuiz: (selectionId, answers, attemptKey) =>
    data(http.post(`/api/selections/${selectionId}/quiz`, { answers, ...(attemptKey ? { attemptKey } : {}) })),
  evaluate: (selectionId, rating, comment) => data(http.post(`/api/selections/${selectionId}/evaluation`, { rating, comment })),

  credits: (year) => data(http.get('/api/me/credits', { params: { year } })),
  notices: (params) => optional(http.get('/api/notices', { params })),
  // The list has no body; opening one returns {bodyHtml, attachments} and marks it read.
  notice: (id) => data(http.get(`/api/notices/${id}`)),
  messages: (params) => optional(http.get('/api/me/messages', { params })),
  readMessage: (id) => data(http.post(`/api/me/messages/${id}/read`, {})),
  readAllMessages: () => data(http.post('/api/me/messages/read-all', {})),

  // My requests (approval flows started by me) and the forms that start them.
  applications: (params) => data(http.get('/api/me/applications', { params })),
  application: (id) => data(http.get(`/api/me/applications/${id}`)),
  cancelApplication: (id) => data(http.post(`/api/me/applications/${id}/cancel`, {})),
  applicationAttachmentUrl: (id) => withToken(`/api/me/applications/${id}/attachment`),
  declareCredits: (fields, certificate) => {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    form.append('certificate', certificate)
    return data(http.post('/api/me/credit-declarations', form))
  },
  appealCredits: (body) => data(http.post('/api/me/credit-appeals', body)),
  requestTransfer: (body) => data(http.post('/api/me/transfers', body)),
  // A school search for the transfer form (and registration). Not on the server yet: 404 → null.
  schools: (q) => optional(http.get('/api/reference/schools', { params: { q, size: 20 } })),
  replyToPost: (id, body) => data(http.post(`/api/forum/posts/${id}/replies`, { body })),
  forumPost: (id, params) => data(http.get(`/api/forum/posts/${id}`, { params })),

  checkIn: (token) => data(http.post('/api/attendance/check-in', { token })),

  // WeChat: OAuth landing → {bound: true, tokens…, redirect} | {bound: false, bindTicket, redirect}.
  wechatCallback: (code, state) =>
    data(http.get('/api/wechat/oauth/callback', { params: { code, state }, skipAuth: true })),
  wechatBind: (body) => data(http.post('/api/wechat/bind', body, { skipAuth: true })),
  wechatBinding: () => data(http.get('/api/wechat/binding')),
  wechatUnbind: () => data(http.post('/api/wechat/unbind', {})),
  wechatJsSdk: (url) => data(http.get('/api/wechat/jssdk', { params: { url }, skipAuth: true })),

  admin: {
    courses: (params) => data(http.get('/api/admin/courses', { params })),
    createCourse: (course) => data(http.post('/api/admin/courses', course)),
    trainings: (params) => data(http.get('/api/admin/trainings', { params })),
    createTraining: (training) => data(http.post('/api/admin/trainings', training)),
    training: (id) => data(http.get(`/api/admin/trainings/${id}`)),
    setTrainingCourses: (id, courseIds) => data(http.put(`/api/admin/trainings/${id}/courses`, { courseIds })),
    inbox: (params) => data(http.get('/api/admin/approvals/inbox', { params })),
    approval: (id) => data(http.get(`/api/admin/approvals/${id}`)),
    decide: (id, decision, comment) => data(http.post(`/api/admin/approvals/${id}/decision`, { decision, comment })),
    approvalAttachmentUrl: (id) => withToken(`/api/admin/approvals/${id}/attachment`),
    notices: (params) => data(http.get('/api/admin/notices', { params })),
    // The admin's read of one notice, to edit it: not counted as a reader, carries readCount.
    notice: (id) => data(http.get(`/api/admin/notices/${id}`)),
    publishNotice: (body) => data(http.post('/api/admin/notices', body)),
    updateNotice: (id, body) => data(http.put(`/api/admin/notices/${id}`, body)),
    pinNotice: (id, pinned) => data(http.put(`/api/admin/notices/${id}/pin`, { pinned })),
    deleteNotice: (id) => data(http.delete(`/api/admin/notices/${id}`)),
    attachToNotice: (id, file) => {
      const form = new FormData()
      form.append('file', file)
      return data(http.post(`/api/admin/notices/${id}/attachments`, form))
    },
    detachFromNotice: (id, aid) => data(http.delete(`/api/admin/notices/${id}/attachments/${aid}`)),
    noticeAttachmentUrl: (id, aid) => withToken(`/api/notices/${id}/attachments/${aid}`),
    importCredits: (file, dryRun) => {
      const form = new FormData()
      form.append('file', file)
      return data(http.post('/api/admin/credit-imports', form, { params: { dryRun: dryRun ? 'true' : 'false' }, timeout: 120000 }))
    },
    creditImport: (id) => data(http.get(`/api/admin/credit-imports/${id}`)),
    creditImportErrorsUrl: (id) => withToken(`/api/admin/credit-imports/${id}/errors.xlsx`),
    teacher: (id) => data(http.get(`/api/admin/teachers/${id}`)),
    forumThread: (id, params) => data(http.get(`/api/forum/posts/${id}`, { params })),
    updateTeacher: (id, changes) => data(http.put(`/api/admin/teachers/${id}`, changes)),
    resetTeacherPassword: (id) => data(http.post(`/api/admin/teachers/${id}/reset-password`, {})),
    gradeHomework: (id, score, comment) => data(http.post(`/api/admin/homework/${id}/grade`, { score, comment })),
    // Not on the server yet (see docs/web.md "Known gaps"): 404 → null.
    homeworkToGrade: (params) => optional(http.get('/api/admin/homework', { params })),
    forumThreads: (trainingId, params) => data(http.get(`/api/trainings/${trainingId}/forum/posts`, { params })),
    setForumOpen: (trainingId, open) => data(http.put(`/api/admin/trainings/${trainingId}/forum`, { open })),
    removeForumPost: (id, reason) => data(http.post(`/api/admin/forum/posts/${id}/remove`, { reason })),
    orgs: (parentId) => data(http.get('/api/admin/orgs', { params: parentId ? { parentId } : {} })),
    teachers: (params) => data(http.get('/api/admin/teachers', { params })),
  },
}

/** Lists come as `{items, total}`; tolerate a bare array from a draft endpoint. */
export function itemsOf(answer) {
  if (!answer) return []
  return Array.isArray(answer) ? answer : answer.items || []
}
