// /billing/test-clock's controls (decision 0053), run as the signed-in owner against the Stripe sandbox speaking
// Stripe's API, as they run against a test account with STRIPE_TEST_CLOCKS=true: a failed renewal and its recovery,
// a card Stripe refuses to attach, a cancellation the clock carries out, and the page that shows it all.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, redirectTarget } from '../support/billing-fixture'
import { personalOrganizationOf } from '../support/organizations'
import { renderPage } from '../support/render-page'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'

vi.mock('next/headers', () => nextHeadersMock())

const fixture = await startSubscriberFixture({ testClocks: true })
const { double, db, stripe, smtp, settle } = fixture
const { checkout, cancelSubscription } = fixture.billing
const { runTestClockControl } = await import('@/lib/billing/test-clock/actions')
const { default: TestClockPage } = await import('@/app/billing/test-clock/page')

beforeAll(fixture.start)
afterAll(fixture.close)

async function subscriber(email: string) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  const url = await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))
  await double.completeCheckout(url.split('/').pop()!)
  const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
  await stripe.subscriptions.update(subscription.id, { trial_end: 'now' })
  await settle()
  return { organization, subscriptionId: subscription.id, clockId: String(subscription.test_clock) }
}

let nonces = 0
/**
 * Presses a control as the page's form does (a fresh nonce per rendered page), waits for the clock and the webhooks.
 * Answers where the action sent the browser (the page, saying what was done), or its refusal.
 */
async function press(control: string) {
  let answer: unknown
  try {
    answer = await runTestClockControl({ control, nonce: `test-nonce-${String(++nonces).padStart(8, '0')}` } as never)
  } catch (error) {
    answer = redirectTarget(error)
    if (answer === null) throw error
  }
  await double.idle()
  await settle()
  return answer
}

const row = (id: string) => db.subscription.findUniqueOrThrow({ where: { id } })

describe('the test-clock controls', () => {
  it('“Renewal fails” declines the renewal (past due, an email); a card that pays and a day or two later, Smart Retries recover it', async () => {
    const { subscriptionId, clockId } = await subscriber('dunning@example.com')
    smtp.messages.length = 0
    const failed = await press('renewal-failed')
    expect(failed).toMatch(/^\/billing\/test-clock\?done=renewal-failed&to=\d+$/)
    expect((await stripe.testHelpers.testClocks.retrieve(clockId)).status).toBe('ready')
    expect(await row(subscriptionId)).toMatchObject({ status: 'past_due' })
    expect(smtp.messages.filter((m) => m.to.includes('dunning@example.com')).map((m) => m.text).join('\n')).toMatch(/We could not charge \$19 for your Pro plan/)

    expect(await press('card-pays')).toBe('/billing/test-clock?done=card-pays')
    for (let day = 0; day < 10 && (await row(subscriptionId)).status !== 'active'; day++) await press('day')
    expect(await row(subscriptionId)).toMatchObject({ status: 'active' })
    const renewal = [...double.invoices.values()].find((i) => i.parent?.subscription_details?.subscription === subscriptionId && i.billing_reason === 'subscription_cycle')!
    expect(renewal).toMatchObject({ status: 'paid', amount_paid: 1900 })
    expect(renewal.attempt_count).toBeGreaterThan(1)
  })

  it('a card with insufficient funds is refused as it attaches, in Stripe’s words, and the old card stays', async () => {
    const { organization, subscriptionId } = await subscriber('insufficient@example.com')
    const customerId = (await db.organization.findUniqueOrThrow({ where: { id: organization.id } })).stripeCustomerId!
    const paidWith = (await stripe.subscriptions.retrieve(subscriptionId)).default_payment_method
    const refused = await press('card-insufficient')
    expect(refused).toEqual({ ok: false, error: { code: 'payment_failed', message: 'Stripe refused a card with insufficient funds: Your card has insufficient funds. The old card stays.' } })
    expect((await stripe.subscriptions.retrieve(subscriptionId)).default_payment_method).toBe(paidWith)
    const cards = await stripe.customers.listPaymentMethods(customerId)
    expect(cards.data.map((card) => card.card?.last4)).not.toContain('9995')
  })

  it('a cancellation at the period’s end is carried out when the clock reaches the renewal', async () => {
    const { subscriptionId } = await subscriber('cancel-on-clock@example.com')
    expect(await redirectOf(() => cancelSubscription({ subscriptionId, feedback: 'unused' }))).toBe('/billing')
    await settle()
    expect(await row(subscriptionId)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true })
    expect(await press('renewal')).toMatch(/^\/billing\/test-clock\?done=renewal&to=\d+$/)
    expect(await row(subscriptionId)).toMatchObject({ status: 'canceled' })
    // Nothing renews: "Renewal fails" no longer applies to it.
    expect(await press('renewal-failed')).toEqual({ ok: false, error: { code: 'conflict', message: '“Renewal fails” does not apply to a canceled subscription.' } })
  })

  it('while the clock advances, “Renewal fails” is refused before it changes the card', async () => {
    const { subscriptionId } = await subscriber('advancing@example.com')
    const paidWith = (await stripe.subscriptions.retrieve(subscriptionId)).default_payment_method
    const release = double.holdTestClockAdvances()
    const first = await runTestClockControl({ control: 'day', nonce: 'a'.repeat(16) }).catch(redirectTarget)
    expect(first).toMatch(/^\/billing\/test-clock\?done=day&to=\d+$/)
    const refused = await runTestClockControl({ control: 'renewal-failed', nonce: 'b'.repeat(16) })
    expect(refused).toEqual({ ok: false, error: { code: 'conflict', message: 'The clock is advancing: wait until it is ready, then try again.' } })
    expect((await stripe.subscriptions.retrieve(subscriptionId)).default_payment_method).toBe(paidWith)
    release()
    await double.idle()
    await settle()
  })

  it('the page names the organization, plan and period, shows the clock’s time, and links back to billing', async () => {
    const { organization, clockId } = await subscriber('page@example.com')
    const to = new URL(String(await press('month')), 'http://app.test').searchParams.get('to')
    const clock = await stripe.testHelpers.testClocks.retrieve(clockId)
    expect(clock.frozen_time).toBe(Number(to))
    const html = renderPage(await TestClockPage({ searchParams: Promise.resolve({ done: 'month', to: to! }) }))
    const time = new Date(clock.frozen_time * 1000)
    expect(html).toContain(organization.name)
    expect(html).toContain('Pro · active')
    expect(html).toContain(`${time.toISOString().slice(11, 16)} UTC`)
    expect(html).toContain(new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(time))
    expect(html).toContain('href="/billing"')
    expect(html).toContain(`Advance a month: the clock is at ${new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(time)}, ${time.toISOString().slice(11, 16)} UTC.`)
    expect(html).toContain('Visa •••• 4242')
    // Only names and a time are read from the address: free text there is never shown.
    const forged = renderPage(await TestClockPage({ searchParams: Promise.resolve({ done: 'Your account is closed', to: '1' }) }))
    expect(forged).not.toContain('Your account is closed')
    expect(forged).not.toContain('role="status"')
    for (const label of ['Advance a day', 'Advance to the renewal', 'Advance a month', 'Renewal fails', 'A card that declines', 'A card that asks for 3D Secure']) expect(html).toContain(label)
    expect(html).not.toContain('Advance to the trial’s end')
    expect(html).not.toContain('Advance to the trial’s warning')
  })
})

describe('a month on the clock', () => {
  it('is the same day next month, or its last day when that month is shorter', async () => {
    const { aMonthAfter } = await import('@/lib/billing/test-clock/controls')
    const after = (iso: string) => new Date(aMonthAfter(Date.parse(iso) / 1000) * 1000).toISOString()
    expect(after('2027-01-31T10:00:00.000Z')).toBe('2027-02-28T10:00:00.000Z')
    expect(after('2028-01-31T10:00:00.000Z')).toBe('2028-02-29T10:00:00.000Z')
    expect(after('2026-12-07T00:55:00.000Z')).toBe('2027-01-07T00:55:00.000Z')
  })
})
