// On a phone inside WeChat: the official-account menu entry (silent OAuth through the
// server's WeChat simulator) → /h5/wechat-entry → bind with ID number and password →
// the page the menu named; the next entry logs straight in. Then the QR check-in page
// (what the attendance QR code opens) for a face-to-face session.
import { pathToFileURL } from 'node:url'
import { BASE_URL, TEACHER_ID, CITY_ADMIN_ID, PASSWORD, Skip, log, shot, watchPage, apiLogin, apiCall, standalone } from './lib.mjs'

const S = 'wechat'
const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47 NetType/WIFI Language/zh_CN'

const phone = (browser) =>
  browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: WECHAT_UA, locale: 'zh-CN' })

/** A face-to-face session running now in a training that has sessions, the teacher signed up; its QR content. */
async function checkInQr() {
  const admin = await apiLogin(CITY_ADMIN_ID)
  const teacher = await apiLogin(TEACHER_ID)
  const year = new Date().getFullYear()
  const list = (await apiCall(teacher.accessToken, 'GET', `/api/trainings?year=${year}`)).body?.items || []
  const training = list.find((t) => t.kind === 'SPECIAL' || t.kind === 'PRINCIPAL')
  if (!training) throw new Error('no special training to hold a face-to-face session in')
  if (!training.enrolled) {
    const r = await apiCall(teacher.accessToken, 'POST', `/api/trainings/${training.id}/enrollments`, {})
    if (r.status >= 300) throw new Error(`enrollment in ${training.id} answered ${r.status} ${JSON.stringify(r.body)}`)
  }
  const now = Date.now()
  const created = await apiCall(admin.accessToken, 'POST', `/api/admin/trainings/${training.id}/sessions`, {
    title: '面授研修：课堂观察与诊断',
    venue: '长春市教师进修学校 301 教室',
    startsAt: new Date(now - 10 * 60000).toISOString(),
    endsAt: new Date(now + 2 * 3600000).toISOString(),
    capacity: 50,
    credits: 1,
    hours: 3,
  })
  if (created.status !== 201) throw new Error(`session answered ${created.status} ${JSON.stringify(created.body)}`)
  const id = created.body.id
  const signup = await apiCall(teacher.accessToken, 'POST', `/api/sessions/${id}/signups`, {})
  if (signup.status >= 300) throw new Error(`signup answered ${signup.status} ${JSON.stringify(signup.body)}`)
  const qr = await apiCall(admin.accessToken, 'GET', `/api/admin/sessions/${id}/qr`)
  if (qr.status !== 200) throw new Error(`qr answered ${qr.status}`)
  return qr.body.content
}

/**
 * Where WeChat's OAuth sends the browser back to (wechat.publicBaseUrl + oauthLanding);
 * it must be this server, else the scenario cannot run (say how to configure it).
 */
async function checkOauthLanding() {
  const start = await fetch(`${BASE_URL}/api/wechat/oauth/start?redirect=/h5/`, { redirect: 'manual' })
  const authorize = start.headers.get('location')
  if (start.status !== 302 || !authorize) throw new Error(`oauth/start answered ${start.status}`)
  let back
  try {
    const sim = await fetch(authorize, { redirect: 'manual' })
    back = sim.headers.get('location')
  } catch (e) {
    throw new Skip(`the WeChat simulator at ${new URL(authorize).origin} does not answer (WECHAT_SIMULATOR=true, WECHAT_API_BASE): ${e.message}`)
  }
  if (!back || new URL(back, authorize).origin !== new URL(BASE_URL).origin) {
    throw new Skip(`WeChat OAuth returns to ${back && new URL(back, authorize).origin}, not ${BASE_URL}: start the server with WECHAT_PUBLIC_BASE_URL=${BASE_URL}`)
  }
}

export async function run(browser) {
  await checkOauthLanding()
  const context = await phone(browser)
  const page = await context.newPage()
  watchPage(page, S)
  try {
    // 1. The menu's 学分查询 entry: /api/wechat/oauth/start → simulator → /h5/wechat-entry.
    await page.goto(`${BASE_URL}/api/wechat/oauth/start?redirect=/h5/credits`)
    await page.waitForURL((u) => /\/h5\/(login|credits)/.test(u.pathname), { timeout: 20000 })
    if (new URL(page.url()).pathname.endsWith('/login')) {
      if (!new URL(page.url()).searchParams.get('ticket')) throw new Error('the bind page has no ticket')
      await shot(page, 'h5-7-wechat-bind')
      await page.getByTestId('h5-id').locator('input').fill(TEACHER_ID)
      await page.getByTestId('h5-password').locator('input').fill(PASSWORD)
      await page.getByTestId('h5-login').click()
      await page.waitForURL(/\/h5\/credits/, { timeout: 20000 })
      log(S, 'bound the simulator openid and landed on /h5/credits')
    } else log(S, 'openid already bound: logged straight in')
    await page.getByTestId('h5-requirement').waitFor({ timeout: 20000 })

    // 2. A new browser session, same openid: straight in, no password.
    const again = await phone(browser)
    const p2 = await again.newPage()
    watchPage(p2, `${S}/again`)
    await p2.goto(`${BASE_URL}/api/wechat/oauth/start?redirect=/h5/me`)
    await p2.waitForURL(/\/h5\/me/, { timeout: 20000 })
    await p2.getByText('已绑定').first().waitFor({ timeout: 15000 })
    await shot(p2, 'h5-8-me-bound')
    log(S, 'second entry logged in without a password')
    await again.close()

    // 3. The attendance QR code's link, opened on the phone.
    const content = await checkInQr()
    await page.goto(new URL(content, BASE_URL).href)
    await page.getByTestId('check-in-done').waitFor({ timeout: 20000 })
    log(S, `check-in: ${(await page.getByTestId('check-in-done').locator('h2').textContent()).trim()}`)
    await shot(page, 'h5-9-check-in')

    // Leave the openid unbound so the next run on the same data binds again.
    const { accessToken } = await apiLogin(TEACHER_ID)
    const unbound = await apiCall(accessToken, 'POST', '/api/wechat/unbind', {})
    if (unbound.status !== 200) log(S, `unbind answered ${unbound.status}`)
  } finally {
    await context.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) standalone(S, run)
