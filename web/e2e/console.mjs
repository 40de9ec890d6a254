// The pages added for the newcomer's findings: a teacher's own requests (declaration with a
// certificate, withdrawal, detail), console notices, offline credit import with its
// per-row results, the refusal text for a section outside a role, the course lead's home.
import { pathToFileURL } from 'node:url'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BASE_URL, TEACHER_ID, CITY_ADMIN_ID, SCHOOL_ADMIN_ID, log, shot, watchPage, pcLogin, standalone } from './lib.mjs'

const S = 'console'
const COURSE_LEAD_ID = process.env.E2E_COURSE_LEAD_ID || '220100197908060010'
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures')
// A 1×1 PNG: the server judges certificates by their first bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

async function teacherApplications(browser) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  watchPage(page, `${S}/teacher`)
  try {
    await pcLogin(page, `${BASE_URL}/login`, TEACHER_ID)
    await page.goto(`${BASE_URL}/me/applications`)
    await page.getByTestId('start-declaration').click()
    await page.getByTestId('form-declaration').waitFor({ timeout: 15000 })
    const title = `e2e 外出研修 ${new Date().toISOString().slice(0, 19)}`
    await page.locator('#f-title').fill(title)
    await page.locator('#f-organizer').fill('吉林省教育学院')
    await page.locator('#f-credits').fill('1.5')
    await page.locator('#f-hours').fill('12')
    await page.getByTestId('certificate-upload').locator('input[type=file]').setInputFiles({ name: '结业证书.png', mimeType: 'image/png', buffer: PNG })
    await shot(page, 'teacher-10-declaration-form')
    await page.getByTestId('application-submit').click()
    await page.waitForURL(/\/me\/applications\/\d+$/, { timeout: 20000 })
    await page.getByTestId('application-history').getByText('提交申请').waitFor({ timeout: 15000 })
    const link = page.getByTestId('application-attachment')
    if ((await link.textContent()).trim() !== '结业证书.png') throw new Error('the certificate link does not name the file')
    await shot(page, 'teacher-11-application')
    log(S, `declaration ${page.url().split('/').pop()} submitted with its certificate`)

    // Withdraw it (allowed before the first review).
    await page.getByTestId('application-cancel').click()
    await page.locator('.el-message-box').getByRole('button', { name: '撤回', exact: true }).click()
    await page.getByTestId('application-status').getByText('已撤回').waitFor({ timeout: 15000 })
    log(S, 'declaration withdrawn')

    // The messages link to the request pages (no more /me/applications 404s).
    await page.goto(`${BASE_URL}/messages`)
    const message = page.locator('.message[data-link^="/me/applications/"]').first()
    await message.waitFor({ timeout: 15000 })
    await message.click()
    await page.waitForURL(/\/me\/applications\/\d+$/, { timeout: 15000 })
    await page.getByTestId('application-history').waitFor({ timeout: 15000 })
    log(S, 'a message opened its request page')
  } finally {
    await context.close()
  }
}

async function adminPages(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  watchPage(page, `${S}/admin`)
  try {
    // City admin: publish a notice through the console form.
    await pcLogin(page, `${BASE_URL}/admin/login`, CITY_ADMIN_ID)
    await page.goto(`${BASE_URL}/admin/notices`)
    await page.getByTestId('notice-new').click()
    const title = `e2e 关于开展线下研修登记的通知 ${new Date().toISOString().slice(11, 19)}`
    await page.locator('#n-title').fill(title)
    await page.getByTestId('notice-body').click()
    await page.keyboard.type('请各校于本月底前完成线下研修学时登记。')
    await page.getByTestId('notice-save').click()
    await page.getByTestId('notices-table').getByText(title).waitFor({ timeout: 15000 })
    await page.waitForTimeout(600) // the dialog fades out
    await shot(page, 'admin-5-notices')
    log(S, 'city admin published a notice from the console')

    // School admin: offline credit import, dry run then commit.
    await page.evaluate(() => localStorage.clear())
    await pcLogin(page, `${BASE_URL}/admin/login`, SCHOOL_ADMIN_ID)
    await page.goto(`${BASE_URL}/admin/credit-imports`)
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(path.join(FIXTURES, 'credit-import.xlsx'))
    await page.getByTestId('import-check').click()
    const result = page.getByTestId('import-result')
    await result.waitFor({ timeout: 30000 })
    const summary = (await result.locator('.head span').first().textContent()).trim()
    log(S, `import dry run: ${summary}`)
    if (!(await result.getByText('校验位').count())) throw new Error('the bad ID number row does not say why')
    await shot(page, 'admin-6-credit-import')
    const commit = page.getByTestId('import-commit')
    if (await commit.isEnabled()) {
      await commit.click()
      await page.locator('.el-message-box').getByRole('button', { name: '导入' }).click()
      await result.getByText('导入完成').waitFor({ timeout: 30000 })
      log(S, 'import committed')
    } else log(S, 'nothing left to import (reused database)')
    if (!(await page.getByTestId('import-report').count())) throw new Error('no error report link for the failing rows')

    // A section outside the role says so (not "no console rights").
    await page.goto(`${BASE_URL}/admin/live`)
    await page.getByTestId('denied').getByText('不对您的角色开放').waitFor({ timeout: 10000 })
    await shot(page, 'admin-7-not-for-role')

    // Course lead: the console home says what the role can do.
    await page.evaluate(() => localStorage.clear())
    await pcLogin(page, `${BASE_URL}/admin/login`, COURSE_LEAD_ID)
    await page.getByTestId('role-COURSE_LEAD').waitFor({ timeout: 15000 })
    await shot(page, 'admin-8-course-lead-home')
    log(S, 'course lead sees the console home')
  } finally {
    await context.close()
  }
}

export async function run(browser) {
  await teacherApplications(browser)
  await adminPages(browser)
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) standalone(S, run)
