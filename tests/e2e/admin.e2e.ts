// The operator console as an operator meets it: find a failed event in the ledger, read its error, replay it after
// a confirmation, and watch the event page turn processed by itself. Anyone else gets the 404 page. The console's pages
// are axe clean in light and dark, fit a 390 px screen and make no Stripe call. E2E_SCREENSHOTS=<dir> also saves each page at 390 and
// 1280 px, light and dark, for a person to look at.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { adminPaths } from '../operators/admin-paths'
import { describeFindings, isBlocking, runAxe } from './support/axe'
import { hydrated, signIn, subscribeNewUser, visible } from './support/flows'
import { OPERATOR_EMAIL, setupStack } from './support/stack'

const stack = setupStack('admin')

const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

let failedEventId = ''
/** The operator's signed-in browser state, so later tests open new contexts without another sign-in email. */
let operatorState: Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>> | undefined

/** A customer subscribes through the UI; then Inngest gives up on its subscription-created event (its real onFailure). */
async function failAnEvent(): Promise<string> {
  const customer = await stack().newPage()
  const subscriptionId = await subscribeNewUser(customer, stack(), 'payer@example.com', 'Pro')
  const created = stack().double.events.find((e) => e.type === 'customer.subscription.created' && (e.data.object as Stripe.Subscription).id === subscriptionId)!
  const { functions } = await import('@/inngest/functions')
  const fn = functions.find((f) => f.id() === 'stripe-customer-subscription-created')!
  await (fn.opts.onFailure as (ctx: unknown) => Promise<void>)({ event: { data: { event: { data: created } } }, error: new Error('StripeConnectionError: Stripe could not be reached') })
  expect(await stack().db.stripeEvent.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: 'failed' })
  await customer.context().close()
  return created.id
}

describe('the operator console', () => {
  it('a visitor gets the 404 page from every admin page', async () => {
    failedEventId = await failAnEvent()
    const organization = await stack().db.organization.findFirstOrThrow()
    for (const { path } of adminPaths(failedEventId, organization.id)) {
      const response = await fetch(`${stack().appUrl}${path}`, { redirect: 'manual' })
      expect(response.status, path).toBe(404)
      const body = await response.text()
      expect(body, path).toContain('Page not found')
      // The not-found page echoes the URL's path (the visitor typed it), but nothing from the ledger.
      expect(body, path).not.toContain('Stripe could not be reached')
    }
  })

  it('a signed-in non-operator gets the 404 page, and no Admin link', async () => {
    const page = await stack().newPage()
    await signIn(page, stack(), 'not-an-operator@example.com', '/pricing')
    expect(await page.getByRole('link', { name: 'Admin', includeHidden: true }).count()).toBe(0)
    const response = await page.goto('/admin/events')
    expect(response?.status()).toBe(404)
    await visible(page.getByRole('heading', { name: 'Page not found' }))
    await page.context().close()
  })

  it('an operator finds the failed event, reads its error, replays it, and sees it processed', async () => {
    const page = await stack().newPage({ viewport: { width: 390, height: 844 } })
    await signIn(page, stack(), OPERATOR_EMAIL, '/admin/events')
    await visible(page.getByRole('heading', { name: 'Events', level: 1 }))
    await page.getByRole('navigation', { name: 'Events by status' }).getByRole('link', { name: /^failed/ }).click()
    await page.waitForURL((url) => url.searchParams.get('status') === 'failed')
    await page.getByRole('link', { name: failedEventId }).click()
    await page.waitForURL((url) => url.pathname === `/admin/events/${failedEventId}`)
    await visible(page.getByText('StripeConnectionError: Stripe could not be reached'))
    expect(await sidewaysOverflow(page)).toBe(0)

    await page.getByRole('link', { name: 'Replay this event…' }).click()
    await visible(page.getByRole('heading', { name: 'Replay this event?' }))
    await (await hydrated(page.getByRole('button', { name: 'Replay 1 event' }))).click()
    await page.waitForURL((url) => url.pathname === `/admin/events/${failedEventId}`)
    // The replay is confirmed in words, on the page the operator lands on.
    await visible(page.getByRole('alert').getByText('Replayed: 1 event sent to Inngest again, now queued.', { exact: false }))
    await visible(page.getByText('Waiting for the run to finish; this page updates by itself.'))

    // Inngest runs the replay; the page refreshes itself while the event is queued, and shows the outcome.
    await stack().worker.settled()
    await visible(page.getByRole('status').getByText('processed', { exact: true }), 20_000)
    await visible(page.getByRole('heading', { name: 'What its handlers did' }))
    expect(await stack().db.stripeEvent.findUniqueOrThrow({ where: { id: failedEventId } })).toMatchObject({ status: 'processed', lastError: null })
    expect(await stack().db.auditRecord.findFirstOrThrow({ where: { operatorEmail: OPERATOR_EMAIL } })).toMatchObject({ action: 'replay-events', targetCount: 1 })

    await page.goto('/admin/audit')
    await visible(page.getByRole('link', { name: failedEventId }))
    operatorState = await page.context().storageState()
    await page.context().close()
  })

  it('the console’s pages are axe clean in light and dark, fit 390 px, and call Stripe not once', async () => {
    await stack().worker.settled()
    const stripeCallsBefore = stack().double.requests.length
    const shots = process.env.E2E_SCREENSHOTS
    if (shots) mkdirSync(shots, { recursive: true })
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [390, 1280]) {
        const page = await stack().newPage({ viewport: { width, height: 900 }, colorScheme, storageState: operatorState })
        for (const path of ['/admin/events', `/admin/events/${failedEventId}`, `/admin/events/replay?id=${failedEventId}`, '/admin/audit']) {
          await page.goto(path)
          await visible(page.getByRole('heading', { level: 1 }).first())
          expect(await sidewaysOverflow(page), `${path} at ${width} px`).toBe(0)
          const { findings, rulesPassed } = await runAxe(page)
          expect(rulesPassed).toContain('color-contrast')
          const blocking = findings.filter(isBlocking)
          expect(blocking, `axe on ${path} (${colorScheme}, ${width} px):\n${describeFindings(blocking)}`).toEqual([])
          if (shots) await page.screenshot({ path: join(shots, `${path.replace(/[^a-z0-9]+/gi, '-')}-${width}-${colorScheme}.png`), fullPage: true })
        }
        await page.context().close()
      }
    }
    expect(stack().double.requests.slice(stripeCallsBefore).map((r) => `${r.method} ${r.path}`)).toEqual([])
  })
})
