// The city admin's live enrollment dashboard moves when a teacher enrolls.
import { pathToFileURL } from 'node:url'
import { BASE_URL, TEACHER_ID, CITY_ADMIN_ID, Skip, log, shot, watchPage, pcLogin, apiLogin, apiCall, pickAllStaff, waitFor, standalone } from './lib.mjs'

const S = 'dashboard'

async function readTotal(page) {
  const text = (await page.getByTestId('live-total').textContent()).replace(/[^\d]/g, '')
  return text ? Number(text) : null
}

/**
 * Someone who is not yet enrolled in a training they may join: the demo teacher
 * first, then any extra accounts named in E2E_EXTRA_TEACHERS (comma-separated).
 */
async function findEnrollable() {
  const ids = [TEACHER_ID, ...(process.env.E2E_EXTRA_TEACHERS || '').split(',').filter(Boolean)]
  for (const id of ids) {
    let login
    try {
      login = await apiLogin(id)
    } catch {
      continue
    }
    const list = await apiCall(login.accessToken, 'GET', '/api/trainings')
    const open = (list.body?.items || []).filter((t) => !t.enrolled)
    const training = pickAllStaff(open)
    if (training) return { id, token: login.accessToken, training }
  }
  return null
}

export async function run(browser) {
  const admin = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' })
  const page = await admin.newPage()
  watchPage(page, S)
  try {
    await pcLogin(page, `${BASE_URL}/admin/login`, CITY_ADMIN_ID)
    await page.goto(`${BASE_URL}/admin/live`)
    const initial = await waitFor(() => readTotal(page).then((t) => (t === null ? null : { t })), { timeoutMs: 20000, what: 'the first snapshot' })
    log(S, `total before: ${initial.t}`)
    await shot(page, 'admin-1-dashboard-before')

    const who = await findEnrollable()
    if (!who) throw new Skip('every candidate teacher is already enrolled; reset the demo data or set E2E_EXTRA_TEACHERS')

    if (who.id === TEACHER_ID) {
      // Enroll through the teacher portal, as a person would.
      const teacher = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
      const tp = await teacher.newPage()
      watchPage(tp, `${S}/teacher`)
      await pcLogin(tp, `${BASE_URL}/login`, TEACHER_ID)
      const { passForcedPasswordChange } = await import('./teacher.mjs')
      await passForcedPasswordChange(tp, `${S}-teacher`)
      await tp.goto(`${BASE_URL}/`)
      const card = tp.getByTestId(`training-${who.training.id}`)
      await card.getByTestId('enroll').click()
      await card.getByTestId('enter-training').waitFor({ timeout: 15000 })
      await teacher.close()
    } else {
      const r = await apiCall(who.token, 'POST', `/api/trainings/${who.training.id}/enrollments`, {})
      if (r.status >= 300) throw new Error(`enrollment answered ${r.status}`)
    }
    log(S, `enrolled ${who.id.slice(0, 6)}… in training ${who.training.id}`)

    const after = await waitFor(async () => {
      const t = await readTotal(page)
      return t !== null && t > initial.t ? t : null
    }, { timeoutMs: 20000, what: 'the dashboard total to grow' })
    log(S, `total after: ${after}`)
    await page.waitForTimeout(800) // let the chart animation settle for the picture
    await shot(page, 'admin-2-dashboard-after')

    // A city notice for the teacher pages (GET /api/notices), once per database.
    const admin = await apiLogin(CITY_ADMIN_ID)
    const notices = await apiCall(admin.accessToken, 'GET', '/api/admin/notices')
    if (!notices.body?.total) {
      await apiCall(admin.accessToken, 'POST', '/api/admin/notices', {
        title: '关于做好本年度中小学教师全员培训选课工作的通知',
        bodyHtml: '<p>各县区、各学校：</p><p>本年度全员培训已开放报名，请各位教师在报名截止前完成报名与选课，公需科目与专业科目均须选满规定学分。</p><p>长春市教师进修学校</p>',
        pinned: true,
      })
    }

    // The other console pages render for the same admin.
    for (const name of ['trainings', 'approvals', 'orgs', 'courses']) {
      const item = page.getByTestId(`menu-${name}`)
      if (!(await item.count())) continue
      await item.click()
      await page.waitForTimeout(1500)
      await shot(page, `admin-3-${name}`)
    }
  } finally {
    await admin.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) standalone(S, run)
