// The teacher path on a phone-sized screen at /h5/, as inside WeChat's browser.
import { pathToFileURL } from 'node:url'
import { BASE_URL, TEACHER_ID, PASSWORD, log, shot, watchPage, play, readPercent, waitFor, standalone } from './lib.mjs'

const S = 'h5'
const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47 NetType/WIFI Language/zh_CN'

export async function run(browser) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent: WECHAT_UA,
    locale: 'zh-CN',
  })
  const page = await context.newPage()
  watchPage(page, S)
  try {
    await page.goto(`${BASE_URL}/h5/`)
    await page.waitForURL(/\/h5\/login/, { timeout: 15000 })
    await shot(page, 'h5-1-login')
    await page.getByTestId('h5-id').locator('input').fill(TEACHER_ID)
    await page.getByTestId('h5-password').locator('input').fill(PASSWORD)
    await page.getByTestId('h5-login').click()
    await page.waitForURL((u) => !u.pathname.endsWith('/login'), { timeout: 20000 })
    if (page.url().includes('/h5/password')) throw new Error('the demo teacher must change the password first; run teacher.mjs first')

    const cell = page.locator('[data-kind="ALL_STAFF"]').first()
    await cell.waitFor({ timeout: 20000 })
    if (await cell.getByTestId('h5-enroll').count()) {
      await cell.getByTestId('h5-enroll').click()
      log(S, 'enrolled')
    }
    await shot(page, 'h5-2-home')
    await cell.getByTestId('h5-enter').click()

    // My courses; select one in the supermarket when there is none.
    await page.waitForURL(/\/h5\/trainings\//)
    await page.waitForTimeout(1000)
    if (!(await page.getByTestId('h5-learn').count())) {
      await page.getByRole('tab', { name: '课程超市' }).click()
      await page.getByTestId('h5-select').first().click()
      await page.waitForTimeout(1000)
      await page.getByRole('tab', { name: '我的课程' }).click()
    }
    await shot(page, 'h5-3-courses')
    await page.getByTestId('h5-learn').first().click()

    await page.waitForSelector('video', { timeout: 30000 })
    const inline = await page.evaluate(() => {
      const v = document.querySelector('video')
      return ['playsinline', 'webkit-playsinline', 'x5-playsinline'].filter((a) => v.hasAttribute(a))
    })
    if (inline.length < 3) throw new Error(`video lacks inline-playback attributes, has: ${inline.join(', ')}`)
    const start = await readPercent(page)
    await play(page)
    if (start < 100) {
      const risen = await waitFor(async () => ((await readPercent(page)) > start ? readPercent(page) : null), {
        timeoutMs: Number(process.env.E2E_WATCH_TIMEOUT_MS || 150000),
        what: 'watched percent to rise on the phone',
      })
      log(S, `watched percent ${start}% → ${risen}%`)
    } else log(S, 'this video was already fully watched')
    await shot(page, 'h5-4-learning')

    // Backgrounding: the page must report at once with a request that outlives it.
    const beat = page.waitForRequest((r) => r.url().includes('/api/learn/heartbeats') && r.method() === 'POST', { timeout: 5000 })
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await beat
    log(S, 'a heartbeat went out when the page was hidden')
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' })
    })

    // The course's homework, quiz and evaluation on the phone (van-tabs of the learning page).
    await page.getByRole('tab', { name: '作业' }).click()
    await page.locator('[data-testid="h5-homework"], .van-empty').first().waitFor({ timeout: 15000 })
    await shot(page, 'h5-4-homework')
    await page.getByRole('tab', { name: '测验' }).click()
    const quiz = page.getByTestId('h5-quiz')
    if (await quiz.waitFor({ timeout: 10000 }).then(() => true, () => false)) {
      if (!(await page.getByTestId('h5-quiz-result').count())) {
        const groups = quiz.locator('.van-cell-group')
        const n = await groups.count()
        for (let i = 0; i < n; i++) await groups.nth(i).locator('.van-cell').first().click()
        await page.getByRole('button', { name: '提交测验' }).click()
      }
      await page.getByTestId('h5-quiz-result').waitFor({ timeout: 15000 })
      log(S, `quiz on the phone: ${(await page.getByTestId('h5-quiz-result').locator('.score').textContent()).trim()} points`)
    } else log(S, 'the course has no quiz')
    await shot(page, 'h5-4-quiz')
    await page.getByRole('tab', { name: '评价' }).click()
    await page.locator('.van-rate, [data-testid="h5-evaluated"]').first().waitFor({ timeout: 10000 })

    await page.goto(`${BASE_URL}/h5/credits`)
    await page.getByTestId('h5-requirement').waitFor({ timeout: 20000 })
    await shot(page, 'h5-5-credits')
    await page.goto(`${BASE_URL}/h5/notices`)
    const notice = page.locator('.van-collapse-item').first()
    if (await notice.waitFor({ timeout: 8000 }).then(() => true, () => false)) {
      await notice.locator('.van-cell').first().click()
      await page.locator('.van-collapse-item .body').first().waitFor({ timeout: 10000 })
      log(S, 'a notice opened with its body')
    }
    await page.waitForTimeout(500)
    await shot(page, 'h5-6-notices')
  } finally {
    await context.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) standalone(S, run)
