// The operator console's health, organizations and timeline pages (task 15b) in a real browser: a visitor and a
// customer get 404; the operator sees them axe clean in light and dark, with no sideways scrolling at 390 px.
// Screenshots of each (390 and 1280 px, light and dark) go to test-results/operator-console/ for a person to look at.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { insertLedgerRows, minutesAgo, daysAgo } from '../operators/ledger-rows'
import { describeFindings, isBlocking, runAxe } from './support/axe'
import { signIn, visible } from './support/flows'
import { resultsDir } from './support/paths'
import { OPERATOR_EMAIL, setupStack } from './support/stack'

const stack = setupStack('operator-health')
const SCHEMES = ['light', 'dark'] as const
const WIDTHS = [390, 1280] as const

let organizationId = ''
const paths = () => ['/admin', '/admin/organizations', `/admin/organizations/${organizationId}`]
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

describe('the operator console’s health and organization pages', () => {
  let operator: Page

  beforeAll(async () => {
    const { db } = stack()
    const organization = await db.organization.create({ data: { name: 'Acme Rockets International Holdings', stripeCustomerId: 'cus_e2e_acme' } })
    organizationId = organization.id
    const subscription = (status: string) => ({ id: 'sub_e2e_acme', object: 'subscription', customer: 'cus_e2e_acme', status, cancel_at_period_end: false, items: { object: 'list', data: [{ id: 'si_1', quantity: 2 }] } })
    await insertLedgerRows(db, [
      { id: 'evt_e2e_created', type: 'customer.subscription.created', customerId: 'cus_e2e_acme', receivedAt: minutesAgo(300), object: subscription('trialing') },
      { id: 'evt_e2e_updated', type: 'customer.subscription.updated', customerId: 'cus_e2e_acme', status: 'failed', receivedAt: minutesAgo(200), lastError: 'PrismaClientKnownRequestError: Transaction already closed: A commit cannot be executed on an expired transaction.', nextRetryAt: new Date(Date.now() + 3_600_000), object: subscription('past_due') },
      { id: 'evt_e2e_invoice', type: 'invoice.payment_failed', customerId: 'cus_e2e_acme', status: 'failed', receivedAt: minutesAgo(199), autoRetries: 5, object: { id: 'in_1', object: 'invoice', customer: 'cus_e2e_acme', status: 'open' } },
      { id: 'evt_e2e_stuck', type: 'checkout.session.completed', customerId: 'cus_e2e_acme', status: 'received', receivedAt: minutesAgo(90), object: { id: 'cs_1', object: 'checkout.session', customer: 'cus_e2e_acme', status: 'complete', subscription: 'sub_e2e_acme' } },
      { id: 'evt_e2e_old', type: 'customer.subscription.updated', customerId: 'cus_e2e_acme', receivedAt: daysAgo(120) },
      // An endpoint still on older API versions (decision 0044).
      { id: 'evt_e2e_basil_1', type: 'customer.subscription.updated', customerId: 'cus_e2e_acme', apiVersion: '2025-03-31.basil', receivedAt: minutesAgo(40), object: subscription('past_due') },
      { id: 'evt_e2e_basil_2', type: 'invoice.payment_action_required', customerId: 'cus_e2e_acme', apiVersion: '2025-03-31.basil', receivedAt: minutesAgo(35), object: { id: 'in_2', object: 'invoice', customer: 'cus_e2e_acme', status: 'open' } },
      { id: 'evt_e2e_acacia', type: 'checkout.session.async_payment_succeeded', customerId: 'cus_e2e_acme', apiVersion: '2024-12-18.acacia', receivedAt: minutesAgo(30), object: { id: 'cs_2', object: 'checkout.session', customer: 'cus_e2e_acme', status: 'complete' } },
    ])
    await db.reconcileCheckpoint.create({ data: { id: 'subscription-sweep-finished', cursor: 'daily:2026-12-06T03:41:00.000Z', cursorAt: minutesAgo(400) } })
    await db.stripeEvent.update({ where: { id: 'evt_e2e_old' }, data: { payload: '', payloadPrunedAt: new Date() } })
    await db.billingDrift.createMany({
      data: [
        { subscriptionId: 'sub_e2e_acme', customerId: 'cus_e2e_acme', organizationId, field: 'status', was: 'trialing', now: 'past_due', repaired: true, source: 'events', foundAt: minutesAgo(150) },
        { subscriptionId: 'sub_e2e_acme', customerId: 'cus_e2e_acme', organizationId, field: 'stripeQuantityVsMembers', was: '3', now: '2', repaired: false, source: 'events', foundAt: minutesAgo(149) },
      ],
    })
    // Meter events Stripe rejected after accepting them (decision 0066): one of the app's, one with no meter.
    await db.meterErrorReport.createMany({
      data: [
        { id: 'evt_e2e_meter_1', type: 'v1.billing.meter.error_report_triggered', code: 'meter_event_customer_not_found', message: 'No customer matches the customer mapping of the event.', errorCount: 1, meterId: 'mtr_e2e_api_calls', customerId: 'cus_e2e_acme', organizationId, identifier: 'tg_Qm9uZ0xvbmdJZGVudGlmaWVyRnJvbVRoZUFwcA', reportedAt: minutesAgo(20) },
        { id: 'evt_e2e_meter_2', type: 'v1.billing.meter.no_meter_found', code: 'no_meter', message: 'No active meter has this event name.', errorCount: 12, identifier: 'typo-1', reportedAt: minutesAgo(10) },
      ],
    })
    operator = await stack().newPage()
    await signIn(operator, stack(), OPERATOR_EMAIL, '/admin')
  })

  it('a visitor and a signed-in customer get 404 on each page', async () => {
    const visitor = await stack().newPage()
    const customer = await stack().newPage()
    await signIn(customer, stack(), 'customer@example.com', '/dashboard')
    for (const page of [visitor, customer]) {
      for (const path of paths()) {
        const response = await page.goto(path)
        expect(response?.status(), `${path} for ${page === visitor ? 'a visitor' : 'a customer'}`).toBe(404)
        await visible(page.getByRole('heading', { name: 'Page not found' }))
      }
    }
  })

  for (const scheme of SCHEMES) {
    for (const width of WIDTHS) {
      it(`the operator sees each page axe clean, fitting ${width} px (${scheme})`, async () => {
        const page = await stack().newPage({ viewport: { width, height: 900 }, colorScheme: scheme, storageState: await operator.context().storageState() })
        for (const path of paths()) {
          const response = await page.goto(path)
          expect(response?.status(), path).toBe(200)
          await visible(page.getByRole('heading', { level: 1 }).first())
          expect(await sidewaysOverflow(page), `${path} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0)
          const { findings, rulesPassed } = await runAxe(page)
          expect(rulesPassed).toContain('color-contrast')
          const blocking = findings.filter(isBlocking)
          expect(blocking, `serious or critical axe violations on ${path} (${scheme}, ${width} px):\n${describeFindings(blocking)}`).toEqual([])
          const name = path === '/admin' ? 'health' : path === '/admin/organizations' ? 'organizations' : 'timeline'
          await page.screenshot({ path: join(resultsDir(), 'operator-console', `${name}-${width}-${scheme}.png`), fullPage: true })
        }
      })
    }
  }

  it('the health page counts events in another Stripe API version by version, and links to them', async () => {
    await operator.goto('/admin')
    const versions = operator.getByRole('list', { name: 'Events in another version, by version' })
    await visible(versions)
    expect(await versions.getByRole('listitem').allInnerTexts()).toEqual(['2025-03-31.basil\n2', '2024-12-18.acacia\n1'])
    expect(await operator.getByRole('link', { name: 'All of them' }).getAttribute('href')).toBe('/admin/events?version=other')
  })

  it('the health page links each failed type to the ledger filtered by it', async () => {
    await operator.goto('/admin')
    await visible(operator.getByRole('link', { name: 'invoice.payment_failed' }))
    expect(await operator.getByRole('list', { name: 'Failed events by type' }).getByRole('link', { name: 'customer.subscription.updated' }).getAttribute('href')).toBe('/admin/events?status=failed&type=customer.subscription.updated')
  })
})
