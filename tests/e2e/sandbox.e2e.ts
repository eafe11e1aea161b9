// The newcomer's journey on what `npm run dev` starts without a Stripe key or an Inngest dev server: the local
// Stripe sandbox and the in-process Inngest runner (sandbox/dev-services.ts, the same call scripts/dev.ts makes),
// wired into the app through its environment. The app is `next start` on the production build rather than
// `next dev`, whose first compile of each page would take most of the time budget; the wiring is identical.
// Also: a deployment given the sandbox's keys does not start.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import type { DevServices } from '@/sandbox/dev-services'
import { startSmtpCapture } from '../support/smtp-capture'
import { launchBrowser, screenshotOnFailure } from './support/browser'
import { hydrated, summaryValue, visible } from './support/flows'
import { signInLinkIn, waitForEmail } from './support/mail'
import { freePort, startAppServer, type AppServer } from './support/server'

const NEXTAUTH_SECRET = 'e2e-nextauth-secret-that-is-long-enough-0123456789'

let smtp: Awaited<ReturnType<typeof startSmtpCapture>>
let services: DevServices
let server: AppServer
let browser: Browser
let db: Db
let appUrl = ''
let lastPage: Page | undefined
const logged: string[] = []

beforeAll(async () => {
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl?.startsWith('file:')) throw new Error('the e2e run needs the SQLite test database from setup-test-database.ts')
  smtp = await startSmtpCapture()
  const port = await freePort()
  appUrl = `http://localhost:${port}`
  const { startDevServices } = await import('@/sandbox/dev-services')
  services = await startDevServices({
    appUrl: `http://127.0.0.1:${port}`,
    stripeSandbox: { port: await freePort(), stateFile: join(mkdtempSync(join(tmpdir(), 'tollgate-sandbox-e2e-')), 'stripe-sandbox.json') },
    inngestInProcess: true,
    log: (line) => logged.push(line),
  })
  server = await startAppServer({
    name: 'sandbox',
    port,
    env: {
      ...services.env,
      APP_URL: appUrl,
      EMAIL_SERVER: smtp.url,
      EMAIL_FROM: 'Tollgate <billing@example.com>',
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PATH: process.env.PATH ?? '/usr/bin:/bin',
    },
  })
  await services.deliverWhenAppIsUp()
  db = (await import('@/lib/db')).db
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await services?.close()
  await smtp?.close()
})
beforeEach(({ onTestFailed, task }) => {
  onTestFailed(async () => {
    const shot = await screenshotOnFailure(lastPage, task.name)
    console.error(`\n✗ ${task.name}\n  screenshot: ${shot}\n  sandbox log:\n${logged.slice(-20).join('\n')}\n  server log:\n${server?.logTail(40)}\n`)
  })
})

/** Until the sandbox has delivered every event and the runner has run every one it accepted. */
async function settled(): Promise<void> {
  let before = ''
  while (true) {
    await services.double?.idle()
    await services.runner?.idle()
    const now = `${services.double?.events.length}/${services.double?.deliveries.length}/${services.runner?.runs.length}`
    if (now === before) break
    before = now
  }
  expect(services.double!.deliveries.filter((d) => d.status !== 200)).toEqual([])
  expect(services.runner!.runs.filter((run) => !run.ok)).toEqual([])
}

describe('the local billing sandbox', () => {
  it('a newcomer chooses Pro, pays on the sandbox, gets Pro through the webhook → Inngest path, and cancels in its portal', async () => {
    const double = services.double!
    const email = 'newcomer@example.com'
    const page = await (await browser.newContext({ baseURL: appUrl })).newPage()
    lastPage = page

    await page.goto('/pricing')
    await page.getByRole('link', { name: 'Sign in to choose Pro' }).click()
    await page.waitForURL((url) => url.pathname === '/sign-in')
    await (await hydrated(page.getByLabel('Email address'))).fill(email)
    await (await hydrated(page.getByRole('button', { name: 'Email me a sign-in link' }))).click()
    await page.waitForURL((url) => url.pathname === '/sign-in/check-email')
    await page.goto(signInLinkIn(await waitForEmail(smtp, email, /^Sign in to /), appUrl))
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.waitForURL((url) => url.pathname === '/pricing')

    await (await hydrated(page.getByRole('region', { name: 'Pro', exact: true }).getByRole('button', { name: 'Choose Pro' }))).click()
    await page.waitForURL((url) => url.href.startsWith(`${double.url}/checkout/`))
    await visible(page.getByRole('heading', { name: 'Pay — local Stripe sandbox' }))
    const banner = page.getByRole('banner', { name: 'Local Stripe sandbox' })
    expect(await banner.innerText()).toContain('no real payment is made')
    await page.getByRole('button', { name: 'Pay', exact: true }).click()
    await page.waitForURL((url) => url.origin === appUrl && url.pathname === '/billing/success')
    await visible(page.getByRole('heading', { name: 'You’re on Pro' }))

    await settled()
    const user = await db.user.findUniqueOrThrow({ where: { email } })
    const subscription = await db.subscription.findFirstOrThrow({ where: { organization: { personalOwnerId: user.id } } })
    expect(subscription).toMatchObject({ status: 'trialing', priceLookupKey: 'pro_monthly' })
    expect(services.runner!.runs.map((run) => run.event)).toContain('stripe/checkout.session.completed')

    await page.goto('/billing')
    expect(await summaryValue(page, 'Plan').innerText()).toBe('Pro')
    expect(await summaryValue(page, 'Status').innerText()).toBe('Free trial')

    await (await hydrated(page.getByRole('button', { name: 'Manage billing' }))).click()
    await page.waitForURL((url) => url.href.startsWith(`${double.url}/portal/`))
    await visible(page.getByRole('heading', { name: 'Billing — local Stripe sandbox' }))
    await page.getByRole('button', { name: /^Cancel/ }).click()
    await visible(page.getByText(/Cancels on /))
    await settled()
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ cancelAt: expect.any(Date) })

    // The sandbox controls, reached from the banner: time passes to the period's end, and the cancellation happens.
    await page.getByRole('link', { name: 'Sandbox controls' }).click()
    await visible(page.getByRole('heading', { name: 'Sandbox controls — local Stripe sandbox' }))
    const card = page.getByRole('region', { name: `Pro subscription of ${email}` })
    // The newcomer's customer is on a test clock of its own (decision 0053): it moves as on a real test account, by
    // advancing its clock or switching its card. Set to cancel when its trial ends, it has no renewal to fail.
    await visible(card.getByText(`On test clock ${String(double.subscriptions.get(subscription.id)!.test_clock)}`, { exact: false }))
    expect(await card.getByRole('button').allInnerTexts()).toEqual([
      'Advance the clock a day',
      'Advance the clock to the trial’s end',
      'Advance the clock past the period’s end',
      'Advance the clock a month',
      'Switch to a card that declines',
      'Switch to a card that asks for 3D Secure',
      'Switch to a card with insufficient funds',
      'Switch to a card that pays',
    ])
    await card.getByRole('button', { name: 'Advance the clock past the period’s end' }).click()
    await visible(page.getByRole('status').filter({ hasText: `Advance the clock past the period’s end: done for ${subscription.id}.` }))
    await settled()
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ status: 'canceled' })
    await page.goto(`${appUrl}/billing`)
    expect(await summaryValue(page, 'Plan').innerText()).toBe('Free')
  })

  it('a deployment handed the sandbox’s keys does not start, and names them', async () => {
    const port = await freePort()
    const deployment = startAppServer({
      name: 'sandbox-deployment',
      port,
      env: {
        ...services.env,
        INNGEST_DEV: '',
        APP_URL: 'https://billing.example.com',
        NODE_ENV: 'production',
        NEXTAUTH_SECRET,
        EMAIL_SERVER: 'smtps://user:pass@smtp.example.com:465',
        EMAIL_FROM: 'Tollgate <billing@example.com>',
        INNGEST_EVENT_KEY: 'event-key',
        INNGEST_SIGNING_KEY: 'signkey-prod-0123abcd',
        TRUSTED_PROXY_HOPS: '1',
        DATABASE_URL: process.env.DATABASE_URL ?? '',
        NEXT_TELEMETRY_DISABLED: '1',
        PATH: process.env.PATH ?? '/usr/bin:/bin',
      },
    })
    await expect(deployment).rejects.toThrow(/next start exited/)
    await expect(deployment).rejects.toThrow(/STRIPE_SECRET_KEY is a local sandbox key/)
    await expect(deployment).rejects.toThrow(/STRIPE_API_URL must not be set in production/)
  })
})
