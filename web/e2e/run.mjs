// Runs every e2e scenario against BASE_URL (required; lib.mjs refuses to start without it) and
// exits non-zero when one fails. The dashboard goes first: on fresh demo data
// the teacher's first enrollment is what moves the admin's charts.
import { launch, Skip, BASE_URL, log } from './lib.mjs'
import * as dashboard from './dashboard.mjs'
import * as teacher from './teacher.mjs'
import * as h5 from './h5.mjs'
import * as approvals from './approvals.mjs'
import * as wechat from './wechat.mjs'
import * as consolePages from './console.mjs'

const scenarios = [
  ['admin dashboard updates on enrollment', dashboard.run],
  ['teacher path on the PC portal', teacher.run],
  ['teacher path on a phone at /h5/', h5.run],
  ['approvals inbox and decision in the console', approvals.run],
  ['my applications, notices, credit import and role pages', consolePages.run],
  ['WeChat entry, binding and QR check-in on the phone', wechat.run],
]

async function serverUp() {
  try {
    const r = await fetch(`${BASE_URL}/health/live`)
    return r.ok || r.status === 404 // a dev stand-in may not have health checks
  } catch {
    return false
  }
}

if (!(await serverUp())) {
  console.error(`e2e: no server answers at ${BASE_URL}; start it first (or correct BASE_URL)`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

const browser = await launch()
const results = { passed: 0, failed: 0, skipped: 0 }
try {
  for (const [name, fn] of scenarios) {
    const started = Date.now()
    try {
      await fn(browser)
      results.passed += 1
      log('e2e', `PASS ${name} (${Math.round((Date.now() - started) / 1000)} s)`)
    } catch (e) {
      if (e instanceof Skip) {
        results.skipped += 1
        log('e2e', `SKIP ${name}: ${e.message}`)
      } else {
        results.failed += 1
        log('e2e', `FAIL ${name}: ${e.stack || e}`)
      }
    }
  }
} finally {
  await browser.close()
}
console.log(`screenshots in e2e/artifacts/`)
console.log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`)
process.exit(results.failed ? 1 : 0)
