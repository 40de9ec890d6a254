// Teacher path on the PC portal: login, enroll, select, learn (watched percent
// rises, reload resumes, a second tab takes over), homework/quiz pages, credits.
import { pathToFileURL } from 'node:url'
import { BASE_URL, TEACHER_ID, PASSWORD, Skip, log, shot, watchPage, pcLogin, play, readPercent, videoState, waitFor, standalone } from './lib.mjs'

const S = 'teacher'

/** If the account must change its password first, change it and change it back. */
export async function passForcedPasswordChange(page, scope, password = PASSWORD) {
  if (!new URL(page.url()).pathname.endsWith('/password')) return
  log(scope, 'forced password change shown')
  await shot(page, `${scope}-forced-password`)
  const temporary = `${password}x1`
  const change = async (from, to) => {
    await page.locator('#pw-old').fill(from)
    await page.locator('#pw-new').fill(to)
    await page.locator('#pw-confirm').fill(to)
    await page.getByRole('button', { name: '确认修改' }).click()
    await page.waitForURL((u) => !u.pathname.endsWith('/password'), { timeout: 15000 })
  }
  await change(password, temporary)
  // Restore the demo password so the suite can run again on the same data.
  await page.goto(new URL('password', page.url()).href)
  await change(temporary, password)
}

export async function run(browser) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  watchPage(page, S)
  try {
    await pcLogin(page, `${BASE_URL}/login`, TEACHER_ID)
    await passForcedPasswordChange(page, S)
    log(S, 'logged in')

    // My trainings → the current all-staff training.
    await page.goto(`${BASE_URL}/`)
    const card = page.locator('[data-kind="ALL_STAFF"]').first()
    await card.waitFor({ timeout: 20000 })
    await page.waitForTimeout(600) // tags fade in
    await shot(page, 'teacher-1-trainings')
    const enroll = card.getByTestId('enroll')
    if (await enroll.count()) {
      await enroll.click()
      log(S, 'enrolled')
    } else log(S, 'already enrolled')
    await card.getByTestId('enter-training').click()

    // Course supermarket: select one course if nothing is selected yet.
    await page.getByTestId('market-table').waitFor({ timeout: 20000 })
    await page.getByTestId('progress-PUBLIC').waitFor()
    const selectButtons = page.getByTestId('select-course')
    const before = await page.locator('[data-testid="market-table"] .el-tag').count()
    if (before === 0) {
      if (!(await selectButtons.count())) throw new Error('no course offered in the supermarket')
      await selectButtons.first().click()
      await page.locator('[data-testid="market-table"] .el-tag').first().waitFor({ timeout: 15000 })
      log(S, 'selected a course')
    } else log(S, `${before} course(s) already selected`)
    await shot(page, 'teacher-2-supermarket')

    // My courses → learn the first selection.
    await page.getByRole('tab', { name: '我的课程' }).click()
    await page.getByTestId('learn').first().click()
    await page.getByTestId('watched-percent').waitFor({ timeout: 20000 })
    await page.waitForSelector('video', { timeout: 30000 })

    // Find a chapter not yet fully watched (a reused database may have finished some).
    const chapters = page.locator('.chapters button')
    let percent = await waitFor(async () => (await page.locator('[data-testid="video-player"]').count()) && readPercent(page).then((p) => p + 1), { timeoutMs: 15000, what: 'the player' }) - 1
    for (let i = 1; percent >= 100 && i < (await chapters.count()); i++) {
      await chapters.nth(i).click()
      await page.waitForTimeout(2000)
      percent = await readPercent(page)
    }
    if (percent >= 100) throw new Skip('every chapter of the first course is already fully watched')

    await play(page)
    const learnUrl = page.url()
    log(S, `playing from ${percent}%`)
    const risen = await waitFor(async () => {
      const p = await readPercent(page)
      return p > percent ? p : null
    }, { timeoutMs: Number(process.env.E2E_WATCH_TIMEOUT_MS || 150000), what: 'watched percent to rise' })
    log(S, `watched percent rose to ${risen}%`)
    await shot(page, 'teacher-3-learning')

    // Reload: the page resumes where the video was.
    const position = (await videoState(page)).currentTime
    await page.reload()
    await page.waitForSelector('video', { timeout: 30000 })
    const resumeAt = Number(await page.getByTestId('resume-at').getAttribute('data-seconds', { timeout: 20000 }))
    log(S, `position before reload ${position.toFixed(1)} s, resumeAt ${resumeAt} s`)
    if (!(resumeAt > 0)) throw new Error('no resume position after reload')
    await play(page)
    await waitFor(async () => (await videoState(page)).currentTime >= resumeAt - 1, { timeoutMs: 15000, what: 'the player to start at the resume position' })
    await shot(page, 'teacher-4-resumed')

    // A second tab of the same course takes over; the first one says so.
    const second = await context.newPage()
    watchPage(second, `${S}/tab2`)
    await second.goto(learnUrl)
    await second.waitForSelector('video', { timeout: 30000 })
    await play(second)
    await page.getByTestId('superseded').waitFor({ timeout: 90000 })
    log(S, 'first tab shows 正在其他页面播放')
    await shot(page, 'teacher-5-playing-elsewhere')
    await second.close()

    // Homework and quiz: submit both (a reused database may have them done already).
    await page.goto(learnUrl.replace(/\/learn(\?.*)?$/, '/homework'))
    await page.locator('.el-tabs').waitFor({ timeout: 15000 })
    const homework = page.getByTestId('homework')
    if (await homework.waitFor({ timeout: 10000 }).then(() => true, () => false)) {
      if (await page.locator('#hw-body').count()) {
        await page.locator('#hw-body').fill('e2e：本课程让我认识到中华优秀传统文化在课堂育人中的作用，我将在语文教学中结合经典诵读开展主题活动。')
        await page.getByRole('button', { name: '提交作业' }).click()
        await homework.getByText('我的提交').waitFor({ timeout: 15000 })
        log(S, 'homework submitted')
      }
    } else log(S, 'the course has no homework')
    await shot(page, 'teacher-6-homework')

    await page.goto(learnUrl.replace(/\/learn(\?.*)?$/, '/quiz'))
    const quiz = page.getByTestId('quiz')
    if (await quiz.waitFor({ timeout: 10000 }).then(() => true, () => false)) {
      const questions = quiz.locator('fieldset')
      const n = await questions.count()
      if (n) {
        for (let i = 0; i < n; i++) await questions.nth(i).locator('label').first().click()
        await page.getByRole('button', { name: '提交测验' }).click()
      }
      await page.getByTestId('quiz-result').waitFor({ timeout: 15000 })
      log(S, `quiz: ${(await page.getByTestId('quiz-result').locator('.el-result__title').textContent()).trim()}`)
    } else log(S, 'the course has no quiz')
    await shot(page, 'teacher-6-quiz')

    // Credits: the three views and the yearly requirement.
    await page.goto(`${BASE_URL}/credits`)
    await page.getByTestId('requirement-status').waitFor({ timeout: 20000 })
    await shot(page, 'teacher-7-credits')
    for (const view of ['按项目', '按课程']) {
      await page.getByText(view, { exact: true }).click()
      await page.waitForTimeout(300)
    }
    await shot(page, 'teacher-8-credits-by-course')
    log(S, `credits: ${await page.getByTestId('requirement-status').textContent()}`)
  } finally {
    await context.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) standalone(S, run)
