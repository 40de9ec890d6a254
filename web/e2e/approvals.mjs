// Approvals: a teacher's credit appeal reaches the school admin's inbox in the console,
// who approves step 1 there (it then waits for the district). Also the teacher's
// messages page shows the notice of the submission.
import { pathToFileURL } from 'node:url'
import { BASE_URL, TEACHER_ID, SCHOOL_ADMIN_ID, log, shot, watchPage, pcLogin, apiLogin, apiCall, waitFor, standalone } from './lib.mjs'

const S = 'approvals'

export async function run(browser) {
  // Setup through the API: an appeal about the teacher's first course of the year.
  const teacher = await apiLogin(TEACHER_ID)
  const year = new Date().getFullYear()
  const trainings = (await apiCall(teacher.accessToken, 'GET', `/api/trainings?year=${year}`)).body?.items || []
  const training = trainings.find((t) => t.enrolled) || trainings[0]
  if (!training) throw new Error('the demo teacher sees no training')
  const recs = (await apiCall(teacher.accessToken, 'GET', `/api/trainings/${training.id}/recommendations`)).body?.items || []
  // One open appeal per course: on a reused database take a course without one.
  let appeal = null
  for (const course of recs.slice(0, 15)) {
    appeal = await apiCall(teacher.accessToken, 'POST', '/api/me/credit-appeals', {
      projectId: training.id,
      courseId: course.courseId,
      year,
      category: course.category || 'PUBLIC',
      credits: 1,
      hours: 1,
      reason: `线下集中研修已完成但未记录学时（e2e ${new Date().toISOString().slice(0, 19)}）`,
      evidence: '培训签到表编号 E2E-001',
    })
    if (appeal.status === 201 || appeal.body?.error !== 'already_pending') break
  }
  if (appeal?.status !== 201) throw new Error(`appeal answered ${appeal?.status} ${JSON.stringify(appeal?.body)}`)
  log(S, `appeal ${appeal.body.id} submitted`)

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  watchPage(page, S)
  try {
    await pcLogin(page, `${BASE_URL}/admin/login`, SCHOOL_ADMIN_ID)
    await page.goto(`${BASE_URL}/admin/approvals`)
    const table = page.getByTestId('approvals-table')
    await table.waitFor({ timeout: 20000 })
    const row = table.locator('.el-table__row', { hasText: '学分申诉' }).first()
    await row.waitFor({ timeout: 15000 })
    // Open the details of the request for the picture.
    await row.locator('.el-table__expand-icon').click()
    await page.waitForTimeout(400)
    await shot(page, 'admin-4-approvals-inbox')
    const before = await table.locator('.el-table__row', { hasText: '学分申诉' }).count()
    await row.getByTestId('approve').click()
    await page.locator('#ap-comment').fill('情况属实，同意')
    await page.getByTestId('decision-confirm').click()
    await page.getByText('已转交下一级审核').first().waitFor({ timeout: 15000 })
    // The inbox reloads after the decision: the appeal leaves this level's list.
    await waitFor(async () => (await table.locator('.el-table__row', { hasText: '学分申诉' }).count()) < before, {
      timeoutMs: 15000,
      intervalMs: 300,
      what: 'the approved appeal to leave the inbox',
    })
    log(S, 'school admin approved step 1; the appeal went on to the district')
  } finally {
    await context.close()
  }

  // The teacher's inbox has the notices of submission and decision.
  const teacherContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
  const tp = await teacherContext.newPage()
  watchPage(tp, `${S}/teacher`)
  try {
    await pcLogin(tp, `${BASE_URL}/login`, TEACHER_ID)
    await tp.goto(`${BASE_URL}/messages`)
    await tp.getByText('学分申诉').first().waitFor({ timeout: 15000 })
    await shot(tp, 'teacher-9-messages')
  } finally {
    await teacherContext.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) standalone(S, run)
