// A throw-away stand-in for the Java server, for front-end development and for
// checking the e2e scripts themselves. It follows docs in /work/shared/spec/API.md
// loosely and keeps everything in memory. The real server is the authority.
//
//   node e2e/mock-api.mjs [port]   (MOCK_VIDEO=/path/to/h264.mp4, MOCK_TOKEN_SECONDS=60)
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const dist = path.resolve(here, '../dist')
const port = Number(process.argv[2] || process.env.PORT || 8080)
const video = process.env.MOCK_VIDEO || '/tmp/jijiao-test.mp4'
const tokenSeconds = Number(process.env.MOCK_TOKEN_SECONDS || 600)
const PASSWORD = 'Jijiao@2026'

const district = { districtId: 11, districtName: '南关区' }
const school = { schoolId: 101, schoolName: '长春市第一实验小学', ...district }
const city = { schoolId: null, schoolName: null, districtId: null, districtName: null }
const people = {
  '220102198503120019': { id: 1, name: '王丽', roles: ['TEACHER'], org: school, stage: 'PRIMARY', subject: '语文' },
  '220100197202020017': { id: 2, name: '赵建国', roles: ['CITY_ADMIN'], org: city },
  '220102197806150018': { id: 3, name: '李校长', roles: ['SCHOOL_ADMIN', 'TEACHER'], org: school },
  '220102197509010019': { id: 4, name: '孙主任', roles: ['DISTRICT_ADMIN'], org: { schoolId: null, schoolName: null, ...district } },
  '220100198011030014': { id: 5, name: '周老师', roles: ['INSTITUTION_ADMIN'], org: city },
  '220100197604040010': { id: 6, name: '吴科长', roles: ['HR_ADMIN'], org: city },
  '220100198307050014': { id: 7, name: '郑工', roles: ['SYS_ADMIN'], org: city },
  '220100197908060010': { id: 8, name: '钱老师', roles: ['COURSE_LEAD'], org: city },
  '220100196910070010': { id: 9, name: '冯教授', roles: ['TUTOR'], org: city },
}
const mustChange = new Set((process.env.MOCK_MUST_CHANGE || '').split(',').filter(Boolean))
const year = new Date().getFullYear()
const trainings = [
  { id: 1, name: `${year}年全市中小学教师全员培训`, kind: 'ALL_STAFF', year, enrollOpensAt: `${year}-01-01T00:00:00+08:00`, enrollClosesAt: `${year}-12-31T23:59:59+08:00` },
  { id: 2, name: `${year}年骨干教师专项培训`, kind: 'SPECIAL', year, enrollOpensAt: `${year}-01-01T00:00:00+08:00`, enrollClosesAt: `${year}-12-31T23:59:59+08:00` },
]
const courses = [
  { id: 1, title: '教师职业道德与法律法规', category: 'PUBLIC', credits: 10, hours: 10 },
  { id: 2, title: '信息技术与课堂教学融合', category: 'PUBLIC', credits: 10, hours: 10 },
  { id: 3, title: '新时代教育政策解读', category: 'PUBLIC', credits: 10, hours: 10 },
  { id: 4, title: '小学语文整本书阅读教学', category: 'PROFESSIONAL', stage: 'PRIMARY', subject: '语文', credits: 15, hours: 15 },
  { id: 5, title: '小学语文作文教学策略', category: 'PROFESSIONAL', stage: 'PRIMARY', subject: '语文', credits: 15, hours: 15 },
].map((c) => ({ ...c, videos: [{ id: c.id * 10 + 1, title: '第一讲', durationSeconds: 60 }, { id: c.id * 10 + 2, title: '第二讲', durationSeconds: 60 }] }))

const tokens = new Map() // access → idNumber
const refreshTokens = new Map()
const enrollments = new Set() // `${userId}:${trainingId}`
const selections = [] // {id, userId, trainingId, courseId, status}
const sessions = new Map() // sessionId → {userId, videoId, selectionId, lastPos, lastAt, seq}
const activeSession = new Map() // userId → sessionId
const watched = new Map() // `${userId}:${videoId}` → {seconds, position}
const sse = new Set()
let liveBase = 83211

function issue(idNumber) {
  const accessToken = crypto.randomUUID()
  const refreshToken = crypto.randomUUID()
  tokens.set(accessToken, { idNumber, expires: Date.now() + tokenSeconds * 1000 })
  refreshTokens.set(refreshToken, idNumber)
  const p = people[idNumber]
  return {
    accessToken,
    refreshToken,
    expiresIn: tokenSeconds,
    user: { id: p.id, name: p.name, idNumberMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`, roles: p.roles, org: p.org, stage: p.stage || null, subject: p.subject || null, mustChangePassword: mustChange.has(idNumber) },
  }
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
  res.end(body === undefined ? '' : JSON.stringify(body))
}
const fail = (res, status, error, message, extra = {}) => send(res, status, { error, message, ...extra.body }, extra.headers)

function who(req, url) {
  const auth = req.headers.authorization || ''
  const token = auth.startsWith('Bearer ') ? auth.slice(7) : url.searchParams.get('access_token')
  const t = token && tokens.get(token)
  if (!t || t.expires < Date.now()) return null
  return { idNumber: t.idNumber, ...people[t.idNumber] }
}

async function body(req) {
  const chunks = []
  for await (const c of req) chunks.push(c)
  const raw = Buffer.concat(chunks).toString('utf8')
  if ((req.headers['content-type'] || '').includes('application/json')) {
    try {
      return JSON.parse(raw || '{}')
    } catch {
      return null
    }
  }
  return { raw }
}

function snapshot(user) {
  const total = liveBase + enrollments.size
  return {
    total,
    byDistrict: [
      { id: 11, name: '南关区', count: 9000 + enrollments.size },
      { id: 12, name: '朝阳区', count: 12000 },
      { id: 13, name: '宽城区', count: 8000 },
      { id: 14, name: '二道区', count: 7000 },
      { id: 15, name: '绿园区', count: 6500 },
    ],
    byStage: [
      { code: 'KINDERGARTEN', name: '幼儿园', count: 9000 },
      { code: 'PRIMARY', name: '小学', count: 38000 + enrollments.size },
      { code: 'JUNIOR', name: '初中', count: 22000 },
      { code: 'SENIOR', name: '高中', count: 14211 },
    ],
    byProject: trainings.map((t, i) => ({ id: t.id, name: t.name, count: i === 0 ? 80000 + enrollments.size : 3211 })),
    at: new Date().toISOString(),
  }
}

function broadcast() {
  for (const res of sse) res.write(`data: ${JSON.stringify(snapshot())}\n\n`)
}

function progressOf(userId, sel) {
  const course = courses.find((c) => c.id === sel.courseId)
  const seconds = course.videos.reduce((s, v) => s + Math.min(v.durationSeconds, watched.get(`${userId}:${v.id}`)?.seconds || 0), 0)
  const total = course.videos.reduce((s, v) => s + v.durationSeconds, 0)
  return Math.round((seconds / total) * 100)
}

async function api(req, res, url) {
  const p = url.pathname
  const m = (re) => p.match(re)
  if (p === '/api/auth/login' && req.method === 'POST') {
    const b = await body(req)
    if (!b || !/^\d{17}[\dX]$/.test(b.idNumber || '')) return fail(res, 400, 'invalid_id_number', '身份证号格式不正确', { body: { field: 'idNumber' } })
    if (!people[b.idNumber] || b.password !== PASSWORD) return fail(res, 401, 'bad_credentials', '身份证号或密码不正确')
    return send(res, 200, issue(b.idNumber))
  }
  if (p === '/api/auth/refresh' && req.method === 'POST') {
    const b = await body(req)
    const id = refreshTokens.get(b?.refreshToken)
    if (!id) return fail(res, 401, 'invalid_refresh_token', '登录已过期，请重新登录')
    refreshTokens.delete(b.refreshToken)
    const { user, ...pair } = issue(id)
    return send(res, 200, pair)
  }
  if (p === '/api/wechat/bind' && req.method === 'POST') {
    const b = await body(req)
    if (!people[b?.idNumber] || b.password !== PASSWORD) return fail(res, 401, 'bad_credentials', '身份证号或密码不正确')
    return send(res, 200, issue(b.idNumber))
  }
  const me = who(req, url)
  if (!me) return fail(res, 401, 'unauthorized', '请先登录')
  if (p === '/api/auth/logout') return send(res, 204)
  if (p === '/api/auth/password') {
    mustChange.delete(me.idNumber)
    return send(res, 200, {})
  }
  if (p === '/api/me') return send(res, 200, issue(me.idNumber).user)
  if (p === '/api/trainings') return send(res, 200, { items: trainings.map((t) => ({ ...t, enrolled: enrollments.has(`${me.id}:${t.id}`) })) })
  let r
  if ((r = m(/^\/api\/trainings\/(\d+)\/enrollments$/))) {
    const key = `${me.id}:${r[1]}`
    const first = !enrollments.has(key)
    enrollments.add(key)
    if (first) setTimeout(broadcast, 200)
    return send(res, first ? 201 : 200, { id: key, trainingId: Number(r[1]), status: 'ENROLLED' })
  }
  if ((r = m(/^\/api\/trainings\/(\d+)\/recommendations$/))) {
    const mine = selections.filter((s) => s.userId === me.id && s.trainingId === Number(r[1]))
    return send(res, 200, {
      items: courses.map((c) => ({ courseId: c.id, title: c.title, category: c.category, credits: c.credits, hours: c.hours, selected: mine.some((s) => s.courseId === c.id) })),
      required: { PUBLIC: 30, PROFESSIONAL: 30 },
    })
  }
  if ((r = m(/^\/api\/trainings\/(\d+)\/selections$/)) && req.method === 'POST') {
    const b = await body(req)
    if (!enrollments.has(`${me.id}:${r[1]}`)) return fail(res, 409, 'not_enrolled', '请先报名该培训项目')
    let s = selections.find((x) => x.userId === me.id && x.trainingId === Number(r[1]) && x.courseId === b.courseId)
    if (!s) selections.push((s = { id: selections.length + 1, userId: me.id, trainingId: Number(r[1]), courseId: b.courseId, status: 'SELECTED' }))
    return send(res, 201, { id: s.id, courseId: s.courseId, status: s.status })
  }
  if ((r = m(/^\/api\/selections\/(\d+)$/)) && req.method === 'DELETE') {
    const i = selections.findIndex((x) => x.id === Number(r[1]) && x.userId === me.id)
    if (i < 0) return fail(res, 404, 'not_found', '选课记录不存在')
    if (selections[i].status !== 'SELECTED') return fail(res, 409, 'selection_started', '课程已开始学习，不能退选')
    selections.splice(i, 1)
    return send(res, 204)
  }
  if (p === '/api/me/selections') {
    const tid = Number(url.searchParams.get('trainingId'))
    const items = selections.filter((s) => s.userId === me.id && (!tid || s.trainingId === tid)).map((s) => {
      const c = courses.find((x) => x.id === s.courseId)
      const progressPercent = progressOf(me.id, s)
      return { id: s.id, courseId: s.courseId, title: c.title, status: s.status, progressPercent, score: null, passed: false, creditsAwarded: 0 }
    })
    return send(res, 200, { items, total: items.length })
  }
  if ((r = m(/^\/api\/courses\/(\d+)$/))) {
    const c = courses.find((x) => x.id === Number(r[1]))
    return c ? send(res, 200, c) : fail(res, 404, 'not_found', '课程不存在')
  }
  if (p === '/api/learn/sessions' && req.method === 'POST') {
    const b = await body(req)
    const sel = selections.find((s) => s.id === Number(b.selectionId) && s.userId === me.id)
    if (!sel) return fail(res, 404, 'not_found', '选课记录不存在')
    sel.status = 'LEARNING'
    const sessionId = crypto.randomUUID()
    const w = watched.get(`${me.id}:${b.videoId}`) || { seconds: 0, position: 0 }
    sessions.set(sessionId, { userId: me.id, videoId: b.videoId, lastAt: Date.now(), lastPos: w.position, seq: 0 })
    activeSession.set(me.id, sessionId)
    return send(res, 201, { sessionId, resumeAt: w.position, heartbeatSeconds: Number(process.env.MOCK_HEARTBEAT_SECONDS || 5), durationSeconds: 60, watchedSeconds: w.seconds })
  }
  if (p === '/api/learn/heartbeats' && req.method === 'POST') {
    const b = await body(req)
    const s = sessions.get(b?.sessionId)
    if (!s || activeSession.get(me.id) !== b.sessionId) return fail(res, 409, 'session_superseded', '该课程正在其他页面播放')
    const key = `${me.id}:${s.videoId}`
    const w = watched.get(key) || { seconds: 0, position: 0 }
    if (b.seq > s.seq) {
      const wall = (Date.now() - s.lastAt) / 1000
      const gain = Math.max(0, Math.min(b.position - s.lastPos, wall * 1.25 + 1))
      w.seconds = Math.min(60, w.seconds + gain)
      w.position = b.position
      s.seq = b.seq
      s.lastPos = b.position
      s.lastAt = Date.now()
      watched.set(key, w)
    }
    return send(res, 200, { watchedSeconds: Math.round(w.seconds), durationSeconds: 60, completed: w.seconds >= 57 })
  }
  if ((r = m(/^\/api\/selections\/(\d+)\/homework$/))) {
    if (req.method === 'POST') return send(res, 201, { status: 'SUBMITTED' })
    return send(res, 200, { title: '课后作业', requirement: '结合本校实际，写一篇 800 字的教学反思。', dueAt: `${year}-12-31T23:59:59+08:00`, submission: null })
  }
  if ((r = m(/^\/api\/selections\/(\d+)\/quiz$/))) {
    if (req.method === 'POST') return send(res, 200, { score: 100, passed: true })
    return send(res, 200, { questions: [{ id: 'q1', text: '教师职业道德的核心是？', options: ['爱岗敬业', '关爱学生', '教书育人', '为人师表'] }] })
  }
  if ((r = m(/^\/api\/selections\/(\d+)\/evaluation$/))) return send(res, 201, {})
  if (p === '/api/me/credits') {
    return send(res, 200, {
      year: Number(url.searchParams.get('year')) || year, totalCredits: 40, totalHours: 40, publicHours: 20, professionalHours: 20, meetsRequirement: false, missing: { hours: 50, professionalHours: 40 },
      byProject: [{ projectId: 1, projectName: trainings[0].name, kind: 'ALL_STAFF', credits: 30, hours: 30 }, { projectId: 9, projectName: '校本研修', kind: 'SCHOOL_BASED', credits: 10, hours: 10 }],
      byCourse: [{ courseId: 1, title: courses[0].title, category: 'PUBLIC', source: 'ONLINE', projectName: trainings[0].name, credits: 10, hours: 10, awardedAt: `${year}-03-01T10:00:00+08:00` }],
    })
  }
  if (p === '/api/notices') return send(res, 200, { items: [{ id: 1, title: '关于开展全员培训报名工作的通知', body: '请各位老师于截止日期前完成报名与选课。', publishedAt: new Date().toISOString(), read: false }], total: 1 })
  if (p === '/api/me/messages') return fail(res, 404, 'not_found', '接口不存在')
  if (p === '/api/admin/live/enrollments') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
    res.write(`data: ${JSON.stringify(snapshot())}\n\n`)
    sse.add(res)
    req.on('close', () => sse.delete(res))
    return undefined
  }
  if (p === '/api/admin/courses') return send(res, 200, { items: courses.map((c) => ({ ...c, usageCount: 1, videoCount: c.videos.length })), total: courses.length })
  if (p === '/api/admin/trainings') return send(res, 200, { items: trainings.map((t) => ({ ...t, enrolledCount: enrollments.size, capacity: null, courseCount: courses.length })), total: trainings.length })
  if (p === '/api/admin/approvals/inbox') return send(res, 200, { items: [{ id: 1, type: 'REGISTRATION', applicantName: '陈晓', orgName: school.schoolName, summary: '新教师注册', stepName: '学校审核', submittedAt: new Date().toISOString() }], total: 1 })
  if ((r = m(/^\/api\/admin\/approvals\/(\d+)\/decision$/))) return send(res, 200, { status: 'DONE' })
  if (p === '/api/admin/orgs') {
    const parent = url.searchParams.get('parentId')
    if (!parent) return send(res, 200, { items: [{ id: 11, name: '南关区', type: 'DISTRICT' }, { id: 12, name: '朝阳区', type: 'DISTRICT' }] })
    return send(res, 200, { items: [{ id: 101, name: school.schoolName, type: 'SCHOOL' }] })
  }
  if (p === '/api/admin/teachers') return send(res, 200, { items: [{ id: 1, name: '王丽', idNumberMasked: '220102********0019', schoolName: school.schoolName, stage: 'PRIMARY', subject: '语文' }], total: 1 })
  return fail(res, 404, 'not_found', '接口不存在')
}

function media(req, res, url) {
  if (!who(req, url)) return fail(res, 401, 'unauthorized', '请先登录')
  const size = fs.statSync(video).size
  const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range || '')
  if (!range) {
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': size, 'Accept-Ranges': 'bytes' })
    return fs.createReadStream(video).pipe(res)
  }
  const start = range[1] ? Number(range[1]) : 0
  const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1
  res.writeHead(206, { 'Content-Type': 'video/mp4', 'Content-Length': end - start + 1, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Accept-Ranges': 'bytes' })
  fs.createReadStream(video, { start, end }).pipe(res)
}

// The static rules the real server should follow: hashed assets cached for a
// year, HTML never cached, and each app's history fallback.
function statics(req, res, url) {
  let file = path.join(dist, decodeURIComponent(url.pathname))
  if (!file.startsWith(dist)) return send(res, 400, {})
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    const p = url.pathname
    if (/\.[a-z0-9]+$/i.test(p)) return send(res, 404, { error: 'not_found', message: '文件不存在' })
    file = path.join(dist, p.startsWith('/admin') ? 'admin/index.html' : p.startsWith('/h5') ? 'h5/index.html' : 'index.html')
  }
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png' }
  const cache = file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'
  res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': cache })
  fs.createReadStream(file).pipe(res)
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost')
  if (url.pathname.startsWith('/api/media/')) return media(req, res, url)
  if (url.pathname.startsWith('/api/')) return api(req, res, url).catch((e) => fail(res, 500, 'internal', String(e)))
  return statics(req, res, url)
})
server.listen(port, '127.0.0.1', () => console.log(`mock api on http://127.0.0.1:${port}`))
