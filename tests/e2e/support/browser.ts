// Debian's Chromium, driven by playwright-core. launch() gives every browser a fresh temporary profile (its own
// --user-data-dir), and each test opens its own context, so no cookie crosses from one user to the next.
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { fileSafe, resultsDir } from './paths'

// The flags this machine's Chromium needs (../shared/ENVIRONMENT.md): no sandbox, no GPU, nothing phoning home.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true })
}

/** A full-page screenshot in test-results/<test name>.png; returns its path, or why there is none. */
export async function screenshotOnFailure(page: Page | undefined, testName: string): Promise<string> {
  if (!page || page.isClosed()) return '(no open page to screenshot)'
  const path = join(resultsDir(), `${fileSafe(testName)}.png`)
  try {
    await page.screenshot({ path, fullPage: true, timeout: 10_000 })
    return `${path} (at ${page.url()})`
  } catch (error) {
    return `(screenshot failed: ${error instanceof Error ? error.message : String(error)})`
  }
}

/** Collects what went wrong in `page` (script and console errors, failed and 4xx/5xx requests), the last 30. */
export function watchForProblems(page: Page): string[] {
  const seen: string[] = []
  const note = (line: string) => {
    seen.push(line)
    if (seen.length > 30) seen.shift()
  }
  page.on('pageerror', (error) => note(`script error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') note(`console error: ${message.text()}`)
  })
  page.on('requestfailed', (request) => note(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`))
  page.on('response', (response) => {
    if (response.status() >= 400) note(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`)
  })
  return seen
}
