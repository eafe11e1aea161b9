// The sandbox controls page (/sandbox) and the sandbox's saved account, through HTTP and the real SDK: each button
// runs the double's simulation (same events as the tests' calls), refusals come back as the page's alert, and a
// double started on the saved file has the same account.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { PAID } from '../support/invoice-events'
import { subscribeOnTestClock } from '../support/test-clocks'

const stateFile = join(mkdtempSync(join(tmpdir(), 'tollgate-sandbox-page-')), 'stripe-sandbox.json')
let double: StripeDouble
let stripe: Stripe

beforeAll(async () => {
  double = await startStripeDouble({ stateFile })
  stripe = double.client()
})
afterAll(() => double.close())

async function subscription(options: { trialDays?: number; email?: string } = {}) {
  const product = await stripe.products.create({ name: 'Pro' })
  const price = await stripe.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' } })
  const customer = await stripe.customers.create({ email: options.email ?? 'controls@example.com' })
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: 'http://app.test/ok',
    ...(options.trialDays && { subscription_data: { trial_period_days: options.trialDays } }),
  })
  const done = await double.completeCheckout(session.id)
  return stripe.subscriptions.retrieve(String(done.subscription))
}

const press = (path: string) => fetch(`${double.url}${path}`, { method: 'POST', redirect: 'manual' })
const controls = async (query = '') => (await fetch(`${double.url}/sandbox${query}`)).text()
const buttonsOf = (html: string, id: string) => [...html.matchAll(new RegExp(`action="/sandbox/subscriptions/${id}/([a-z-]+)"`, 'g'))].map((m) => m[1])

describe('the sandbox controls page', () => {
  it('offers what can happen to each subscription next, and a button sends the events Stripe would', async () => {
    const trialing = await subscription({ trialDays: 14 })
    expect(buttonsOf(await controls(), trialing.id)).toEqual(['pay-renewal', 'fail-renewal', 'require-action', 'trial-will-end', 'end-trial', 'end-period'])
    const start = double.events.length
    const pressed = await press(`/sandbox/subscriptions/${trialing.id}/trial-will-end`)
    expect(pressed.status).toBe(303)
    expect(double.events.slice(start).map((e) => e.type)).toEqual(['customer.subscription.trial_will_end'])
    expect(await controls(pressed.headers.get('location')!.replace('/sandbox', ''))).toContain(`<p role="status">Trial ends in 3 days: done for ${trialing.id}.</p>`)
  })

  it('“Renewal paid” runs Stripe’s renewal through its draft hour and says the clock moved on; the clock shows what is due', async () => {
    const active = await subscription()
    const start = double.events.length
    const pressed = await press(`/sandbox/subscriptions/${active.id}/pay-renewal`)
    const renewal = String(double.subscriptions.get(active.id)!.latest_invoice)
    const ours = double.events.slice(start).filter((e) => [active.id, renewal].includes((e.data.object as { id?: string; invoice?: string }).id ?? '') || (e.data.object as { invoice?: string }).invoice === renewal)
    expect(ours.map((e) => e.type)).toEqual(['customer.subscription.updated', 'invoice.created', 'invoice.finalized', ...PAID])
    expect(ours.at(-1)!.created - ours[1]!.created).toBe(3600)
    const after = await controls(pressed.headers.get('location')!.replace('/sandbox', ''))
    expect(after).toContain(`<p role="status">Renewal paid: done for ${active.id}. The sandbox clock moved on 1 hour.</p>`)
    expect(after).toMatch(/<h2 id="clock-heading">Sandbox clock<\/h2>\n<p>\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC, (\d+ hours?|1 day[^<]*) ahead of real time\.<\/p>/)

    const product = await stripe.products.create({ name: 'Later' })
    const price = await stripe.prices.create({ product: product.id, unit_amount: 900, currency: 'usd', recurring: { interval: 'month' } })
    const open = await stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: price.id, quantity: 1 }], success_url: 'http://app.test/ok' })
    expect(await controls()).toContain(`: Checkout Session ${open.id} expires if still unpaid</li>`)
  })

  it('a renewal needing 3D Secure leaves the subscription past_due with invoice.payment_action_required', async () => {
    const active = await subscription()
    const start = double.events.length
    expect((await press(`/sandbox/subscriptions/${active.id}/require-action`)).status).toBe(303)
    expect(double.subscriptions.get(active.id)?.status).toBe('past_due')
    expect(double.events.slice(start).map((e) => e.type)).toContain('invoice.payment_action_required')
    expect(buttonsOf(await controls(), active.id)).toContain('exhaust-retries')
  })

  it('a subscription set to cancel at the period end offers only the period end, which cancels it', async () => {
    const active = await subscription()
    await stripe.subscriptions.update(active.id, { cancel_at_period_end: true })
    expect(buttonsOf(await controls(), active.id)).toEqual(['end-period'])
    await press(`/sandbox/subscriptions/${active.id}/end-period`)
    expect(double.subscriptions.get(active.id)?.status).toBe('canceled')
    expect(buttonsOf(await controls(), active.id)).toEqual([])
  })

  it('a simulation Stripe would refuse comes back as the page’s alert, and changes nothing', async () => {
    const active = await subscription()
    await stripe.subscriptions.pause(active.id)
    const start = double.events.length
    const pressed = await press(`/sandbox/subscriptions/${active.id}/pay-renewal`)
    expect(pressed.status).toBe(303)
    const page = await controls(pressed.headers.get('location')!.replace('/sandbox', ''))
    expect(page).toMatch(/<p role="alert">Subscription sub_\w+ is paused; it has no next period until it is resumed\.<\/p>/)
    expect(double.events.length).toBe(start)
    expect((await press('/sandbox/subscriptions/sub_missing/pay-renewal')).status).toBe(404)
    expect((await press(`/sandbox/subscriptions/${active.id}/time-travel`)).status).toBe(404)
  })

  it('a delayed bank debit can be settled from the page', async () => {
    const product = await stripe.products.create({ name: 'Team' })
    const price = await stripe.prices.create({ product: product.id, unit_amount: 4900, currency: 'usd', recurring: { interval: 'month' } })
    const customer = await stripe.customers.create({ email: 'debit@example.com' })
    const session = await stripe.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [{ price: price.id, quantity: 1 }], success_url: 'http://app.test/ok' })
    await double.completeCheckout(session.id, { payment: 'delayed' })
    expect(await controls()).toContain(`action="/sandbox/checkout/${session.id}/settle"`)
    const start = double.events.length
    await press(`/sandbox/checkout/${session.id}/settle`)
    expect(double.events.slice(start).map((e) => e.type)).toEqual([...PAID, 'checkout.session.async_payment_succeeded'])
    expect(await controls()).not.toContain(`/sandbox/checkout/${session.id}/settle`)
  })

  it('a subscription on a test clock is moved by Stripe operations: its clock advances, its customer switches card', async () => {
    const product = await stripe.products.create({ name: 'Clocked' })
    const price = await stripe.prices.create({ product: product.id, unit_amount: 1500, currency: 'usd', recurring: { interval: 'month' } })
    const frozen = Date.UTC(2024, 0, 15, 12) / 1000
    const { clock, subscription: clocked } = await subscribeOnTestClock(double, price, { frozenTime: frozen })
    expect(buttonsOf(await controls(), clocked.id)).toEqual([
      'advance-day',
      'advance-to-period-end',
      'advance-month',
      'renewal-failed',
      'declining-card',
      'authentication-card',
      'insufficient-funds-card',
      'good-card',
    ])
    expect(await controls()).toContain(`On test clock ${clock.id}, at 2024-01-15 12:00 UTC.`)
    await press(`/sandbox/subscriptions/${clocked.id}/declining-card`)
    await press(`/sandbox/subscriptions/${clocked.id}/advance-to-period-end`)
    await double.idle()
    const clockNow = double.testClocks.get(clock.id)!
    expect(clockNow).toMatchObject({ status: 'ready', frozen_time: Date.UTC(2024, 1, 15, 13) / 1000 + 1 })
    expect(double.subscriptions.get(clocked.id)?.status).toBe('past_due')
  })

  it('“Renewal failed” on a clock is a declining card and the renewal; a card Stripe will not attach comes back as the alert', async () => {
    const product = await stripe.products.create({ name: 'Clocked' })
    const price = await stripe.prices.create({ product: product.id, unit_amount: 1500, currency: 'usd', recurring: { interval: 'month' } })
    const { clock, subscription: clocked, customer } = await subscribeOnTestClock(double, price, { frozenTime: Date.UTC(2024, 2, 1, 12) / 1000, trialDays: 7 })
    await stripe.customers.update(customer.id, { name: 'Acme Rockets', metadata: { organizationId: 'org_acme' } })
    const page = await controls()
    expect(page).toContain('<h3>Acme Rockets: Clocked, $15.00 / month</h3>')
    expect(page).toContain('organization org_acme')
    expect(page).toContain('Period 2024-03-01 to 2024-03-08; trial ends 2024-03-08.')
    expect(buttonsOf(page, clocked.id)).toContain('advance-to-trial-end')

    const refused = await press(`/sandbox/subscriptions/${clocked.id}/insufficient-funds-card`)
    expect(new URL(refused.headers.get('location')!, double.url).searchParams.get('error')).toBe('Your card has insufficient funds.')
    await press(`/sandbox/subscriptions/${clocked.id}/advance-to-trial-end`)
    await double.idle()
    expect(double.subscriptions.get(clocked.id)?.status).toBe('active')
    expect(double.testClocks.get(clock.id)?.frozen_time).toBe(Date.UTC(2024, 2, 8, 13) / 1000 + 1)
    await press(`/sandbox/subscriptions/${clocked.id}/renewal-failed`)
    await double.idle()
    expect(double.subscriptions.get(clocked.id)?.status).toBe('past_due')
    expect(double.testClocks.get(clock.id)?.frozen_time).toBe(Date.UTC(2024, 3, 8, 13) / 1000 + 1)
  })

  it('escapes what it shows', async () => {
    await subscription({ email: '<script>x</script>@example.com' })
    const page = await controls()
    expect(page).not.toContain('<script>x</script>')
    expect(page).toContain('&#60;script&#62;x&#60;/script&#62;@example.com')
  })
})

describe('the saved sandbox account', () => {
  it('a double started on the saved file has the same customers, subscriptions, invoices and events', async () => {
    await subscription({ email: 'kept@example.com' })
    // Saved after each change, not only on close: a dev server killed outright loses nothing already answered.
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(readFileSync(stateFile, 'utf8')).toContain('kept@example.com')
    await double.close()
    const again = await startStripeDouble({ stateFile })
    try {
      expect(again.restored).toBe(true)
      expect([...again.subscriptions.keys()]).toEqual([...double.subscriptions.keys()])
      expect([...again.customers.values()].map((c) => c.email)).toContain('kept@example.com')
      expect(again.invoices.size).toBe(double.invoices.size)
      expect(again.events.map((e) => e.id)).toEqual(double.events.map((e) => e.id))
      // The restored account works through the API as before.
      const kept = [...again.customers.values()].find((c) => c.email === 'kept@example.com')!
      const listed = await again.client().subscriptions.list({ customer: kept.id })
      expect(listed.data).toHaveLength(1)
    } finally {
      await again.close()
    }
    double = await startStripeDouble()
  })
})

describe('the way back to the app', () => {
  it('every hosted page of a sandbox that knows the app links back to its billing page; without one, none does', async () => {
    const withApp = await startStripeDouble({ appUrl: 'http://localhost:3352' })
    try {
      const sdk = withApp.client()
      const product = await sdk.products.create({ name: 'Pro' })
      const price = await sdk.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' } })
      const customer = await sdk.customers.create({ email: 'way-back@example.com' })
      const session = await sdk.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [{ price: price.id, quantity: 1 }], success_url: 'http://localhost:3352/billing/success' })
      const checkoutPage = await (await fetch(session.url!)).text()
      await withApp.completeCheckout(session.id)
      const invoice = [...withApp.invoices.values()].find((i) => i.customer === customer.id)!
      const configuration = await sdk.billingPortal.configurations.create({ features: { invoice_history: { enabled: true } } })
      const portal = await sdk.billingPortal.sessions.create({ customer: customer.id, configuration: configuration.id, return_url: 'http://localhost:3352/billing' })
      for (const page of [checkoutPage, await (await fetch(`${withApp.url}/sandbox`)).text(), await (await fetch(invoice.hosted_invoice_url!)).text(), await (await fetch(portal.url)).text()]) {
        expect(page).toContain('<a href="http://localhost:3352/billing">Back to the app</a> (localhost:3352)')
      }
    } finally {
      await withApp.close()
    }
    expect(await controls()).not.toContain('Back to the app')
    expect(await controls()).not.toContain('<!--app-link-->')
  })
})
