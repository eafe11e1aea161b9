// Everything one e2e file runs against: the Stripe double, the Inngest stand-in with its worker, the SMTP capture,
// the production server on a fresh database, and Chromium. Started in beforeAll, stopped in afterAll.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import type { Db } from '@/lib/db'
import { startInngestStandIn } from '../../support/inngest-stand-in'
import { startSmtpCapture } from '../../support/smtp-capture'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { launchBrowser, screenshotOnFailure, watchForProblems } from './browser'
import { freePort, startAppServer, type AppServer } from './server'
import { retryOnSqliteBusy } from './sqlite-busy'
import { createWorker, type Worker } from './worker'

export type Stack = {
  appUrl: string
  server: AppServer
  double: StripeDouble
  standIn: Awaited<ReturnType<typeof startInngestStandIn>>
  smtp: Awaited<ReturnType<typeof startSmtpCapture>>
  worker: Worker
  /** The test process's own client on the server's SQLite file, for assertions on stored state. */
  db: Db
  browser: Browser
  /** A new browser context (no cookies) and a page in it; `options` as Playwright's (viewport, colorScheme, …). */
  newPage(options?: BrowserContextOptions): Promise<Page>
  /** The page that navigated last: the one a failure screenshot is taken of. */
  readonly lastPage: Page | undefined
  /** What went wrong in `page` as the browser saw it: script errors, console errors, failed and 4xx/5xx requests. */
  browserProblems(page: Page): string[]
  stop(): Promise<void>
}

const NEXTAUTH_SECRET = 'e2e-nextauth-secret-that-is-long-enough-0123456789'
/** The one operator (ADMIN_EMAILS) of every e2e server: who may open /admin. */
export const OPERATOR_EMAIL = 'ops@example.com'

/** `env`: variables for this file's server and test process on top of the shared ones (e.g. STRIPE_TEST_CLOCKS). */
export type StackOptions = { env?: Record<string, string> }

export async function startStack(name: string, options: StackOptions = {}): Promise<Stack> {
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl?.startsWith('file:')) throw new Error('the e2e run needs the SQLite test database from setup-test-database.ts')
  const stoppers: (() => Promise<unknown>)[] = []
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) await stop().catch((error: unknown) => console.error('e2e: stopping failed', error))
  }
  try {
    const smtp = await startSmtpCapture()
    stoppers.push(() => smtp.close())
    const standIn = await startInngestStandIn()
    stoppers.push(() => standIn.close())
    const port = await freePort()
    const appUrl = `http://localhost:${port}`
    // Stripe posts to the server, not through the browser, so the numeric address is used (no localhost lookup).
    const double = await startStripeDouble({ webhookUrl: `http://127.0.0.1:${port}/api/webhooks/stripe`, autoDeliver: true })
    stoppers.push(() => double.close())

    const shared = {
      APP_URL: appUrl,
      EMAIL_SERVER: smtp.url,
      EMAIL_FROM: 'Tollgate <billing@example.com>',
      STRIPE_SECRET_KEY: 'sk_test_e2e',
      STRIPE_API_URL: double.url,
      STRIPE_WEBHOOK_SECRET: double.webhookSecret,
      INNGEST_DEV: standIn.url,
      // The operator console (/admin) opens for this address only; every other user gets its 404.
      ADMIN_EMAILS: OPERATOR_EMAIL,
      ...options.env,
    }
    // lib/env reads these once, on the first import of an app module, so they are set before any import below.
    Object.assign(process.env, shared)

    const server = await startAppServer({
      name,
      port,
      env: { ...shared, DATABASE_URL: databaseUrl, NEXTAUTH_SECRET, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PATH: process.env.PATH ?? '/usr/bin:/bin' },
    })
    stoppers.push(() => server.stop())

    const { functions } = await import('@/inngest/functions')
    const { db } = await import('@/lib/db')
    const { syncCatalog } = await import('@/lib/billing/sync-catalog')
    const { PLANS } = await import('@/lib/billing/catalog')
    const { requireStripe } = await import('@/lib/stripe/client')

    const worker = createWorker(double, standIn, functions)
    // The catalog goes into the double as `npm run stripe:sync` would put it into Stripe; its product and price
    // events then travel the whole webhook → Inngest → function path like any other.
    // A second run changes nothing that the first one did, so a run cut short by a lock conflict can be repeated.
    await retryOnSqliteBusy('the catalog sync', () => double.idle(), () => syncCatalog(requireStripe(), PLANS))
    await worker.settled()

    const browser = await launchBrowser()
    stoppers.push(() => browser.close())
    let lastPage: Page | undefined
    const problems = new WeakMap<Page, string[]>()

    const stack: Stack = {
      appUrl,
      server,
      double,
      standIn,
      smtp,
      worker,
      db,
      browser,
      async newPage(options) {
        const context = await browser.newContext({ baseURL: appUrl, ...options })
        const page = await context.newPage()
        problems.set(page, watchForProblems(page))
        // The page that navigated last is the one a failing test was looking at.
        page.on('framenavigated', (frame) => {
          if (frame === page.mainFrame()) lastPage = page
        })
        lastPage = page
        return page
      },
      get lastPage() {
        return lastPage
      },
      browserProblems: (page) => problems.get(page) ?? [],
      stop: stopAll,
    }
    return stack
  } catch (error) {
    await stopAll()
    throw error
  }
}

/**
 * Registers the stack's lifecycle for the calling test file: started before its tests, stopped after them (server
 * and all, by process id), and on each failed test a full-page screenshot and the tail of the server's log.
 */
export function setupStack(name: string, options: StackOptions = {}): () => Stack {
  let stack: Stack | undefined
  beforeAll(async () => {
    stack = await startStack(name, options)
  })
  afterAll(async () => {
    await stack?.stop()
  })
  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(async () => {
      const testName = task.fullTestName ?? task.name
      const shot = await screenshotOnFailure(stack?.lastPage, testName)
      if (!stack) return console.error(`\n✗ ${testName}: the stack did not start\n`)
      const seen = stack.lastPage ? stack.browserProblems(stack.lastPage) : []
      const lines = [
        `✗ ${testName}`,
        `  screenshot: ${shot}`,
        ...(stack.server.buildReplaced() ? [`  ⚠ ${stack.server.buildReplaced()}`] : []),
        `  browser: ${seen.length === 0 ? 'no script errors or failed requests' : `\n${seen.map((line) => `    ${line}`).join('\n')}`}`,
        `  server log (${stack.server.logFile}), last lines:\n${stack.server.logTail(40)}`,
      ]
      console.error(`\n${lines.join('\n')}\n`)
    })
  })
  return () => {
    if (!stack) throw new Error('the e2e stack is not running (did beforeAll fail?)')
    return stack
  }
}
