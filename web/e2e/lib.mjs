// Shared helpers of the end-to-end scripts (playwright-core + Debian's chromium).
import { chromium } from 'playwright-core'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// No default: these scripts enroll, select, submit homework and post notices, so pointing
// them at a developer's running demo by accident would write test data into it.
// scripts/test-all.sh always sets BASE_URL to the server it started on a fresh database.
if (!process.env.BASE_URL || !/^https?:\/\/[^/]+/.test(process.env.BASE_URL)) {
  console.error(
    'e2e: BASE_URL is not set. The e2e writes test data (enrollments, homework, notices, appeals)\n' +
      'into the server it runs against, so it needs to be told which one, e.g.\n' +
      '  BASE_URL=http://localhost:18080 node e2e/run.mjs\n' +
      'Use a server on a fresh database (scripts/test-all.sh does this), not your running demo.',
  )
  console.log('0 passed, 1 failed')
  process.exit(2)
}
export const BASE_URL = process.env.BASE_URL.replace(/\/$/, '')
export const PASSWORD = process.env.E2E_PASSWORD || 'Jijiao@2026'
export const TEACHER_ID = process.env.E2E_TEACHER_ID || '220102198503120019'
export const CITY_ADMIN_ID = process.env.E2E_ADMIN_ID || '220100197202020017'
// The demo teacher's school admin (same school), who reviews step 1 of her requests.
export const SCHOOL_ADMIN_ID = process.env.E2E_SCHOOL_ADMIN_ID || '220102197806150018'
export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

/** A test may end as skipped when the data it needs is not there (e.g. on a reused database). */
export class Skip extends Error {}

export async function launch() {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Lets the test start playback without a real user gesture.
      '--autoplay-policy=no-user-gesture-required',
    ],
  })
}

export function log(scope, message) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${scope}: ${message}`)
}

export async function shot(page, name) {
  const file = path.join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** Keeps the browser console and failed API calls in the log: they explain most failures. */
export function watchPage(page, scope) {
  page.on('pageerror', (e) => log(scope, `page error: ${e.message}`))
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 400) log(scope, `${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`)
  })
}

/** Logs in through a PC login form (portal or console). */
export async function pcLogin(page, loginUrl, idNumber, password = PASSWORD) {
  await page.goto(loginUrl)
  await page.locator('#login-id').fill(idNumber)
  await page.locator('#login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.endsWith('/login'), { timeout: 20000 })
}

/** Plain API calls for setup and checks that do not belong to the page under test. */
export async function apiLogin(idNumber, password = PASSWORD) {
  const r = await fetch(`${BASE_URL}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ idNumber, password }),
  })
  if (!r.ok) throw new Error(`login ${idNumber.slice(0, 6)}… → ${r.status}`)
  return r.json()
}

export async function apiCall(token, method, pathname, body) {
  const r = await fetch(`${BASE_URL}${pathname}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await r.text()
  let json = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: json }
}

/** The current year's all-staff training among those open to the user, else the first open one. */
export function pickAllStaff(items) {
  const year = new Date().getFullYear()
  return items.find((t) => t.kind === 'ALL_STAFF' && Number(t.year) === year) || items.find((t) => t.kind === 'ALL_STAFF') || items[0]
}

export async function videoState(page) {
  return page.evaluate(() => {
    const v = document.querySelector('video')
    return v ? { currentTime: v.currentTime, paused: v.paused, readyState: v.readyState } : null
  })
}

/** Starts playback of the page's video, muted so no autoplay policy can refuse it. */
export async function play(page) {
  await page.waitForSelector('video', { timeout: 30000 })
  await page.evaluate(async () => {
    const v = document.querySelector('video')
    v.muted = true
    await v.play()
  })
}

export async function readPercent(page) {
  const text = await page.getByTestId('watched-percent').first().textContent()
  return Number(text)
}

export async function waitFor(predicate, { timeoutMs, intervalMs = 1000, what }) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await predicate()
    if (value) return value
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** Runs one scenario file's main when the file is executed directly. */
export async function standalone(name, fn) {
  const browser = await launch()
  try {
    await fn(browser)
    console.log(`${name}: passed`)
  } catch (e) {
    if (e instanceof Skip) {
      console.log(`${name}: skipped — ${e.message}`)
      return
    }
    console.error(`${name}: FAILED — ${e.stack || e}`)
    process.exitCode = 1
  } finally {
    await browser.close()
  }
}
