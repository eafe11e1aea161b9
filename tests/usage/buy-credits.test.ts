// Buying credit end to end through the app's real code: the /billing/usage button (the amount shown before paying),
// the server action opening a payment-mode Checkout in the sandbox, the customer paying on the hosted page, the
// webhook → Inngest path granting paid credit once; the same event delivered five times (and the fulfillment run
// five times at once) grants once; after a clock advance the metered invoice draws on the bought credit; a bank
// debit grants once it clears (checkout.session.async_payment_succeeded).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'
import { advanceClock } from '../support/test-clocks'
import { renderPage } from '../support/render-page'

vi.mock('next/headers', () => nextHeadersMock())
vi.mock('next/cache', async (original) => ({ ...(await original<typeof import('next/cache')>()), revalidatePath: () => undefined }))
vi.mock('next/server', async (original) => ({ ...(await original<typeof import('next/server')>()), after: () => undefined }))

const fixture = await startSubscriberFixture({ testClocks: true })
const { double, db, stripe, settle, pipeline } = fixture
const { buyCredits } = await import('@/lib/billing/actions')
const { findCreditPack } = await import('@/lib/billing/catalog')
const { fulfillCreditPurchase } = await import('@/lib/usage/fulfill-credit-purchase')
const { creditView } = await import('@/lib/usage/credits')
const { startNextAttempt } = await import('@/lib/stripe/idempotency')
const { recordUsage } = await import('@/lib/usage/record-usage')
const { wakeUsageSender } = await import('@/lib/usage/wake-sender')
const { redirectOf } = await import('../support/billing-fixture')
const { personalOrganizationOf } = await import('../support/organizations')
const { default: BillingUsagePage } = await import('@/app/billing/usage/page')

beforeAll(fixture.start)
afterAll(fixture.close)

const requestId = '5b0f7f0e-8a43-4c1e-9d2a-3f7c1b2e4a10'
const grantsFor = async (customerId: string) => (await stripe.billing.creditGrants.list({ customer: customerId, limit: 100 })).data

describe('buying credits', () => {
  it('pays a pack through Checkout, grants it once however often the event comes, and the invoice draws on it', { timeout: 120_000 }, async () => {
    const { organization, subscriptionId, customerId } = await fixture.subscriber('buyer@example.com', 'pro_monthly')
    await stripe.subscriptions.update(subscriptionId, { trial_end: 'now' })
    await settle()

    const page = renderPage(await BillingUsagePage())
    expect(page).toContain('Buy credits')
    expect(page).toMatch(/Pay <span[^>]*>\$10<\/span> once, receive[\s\S]*?<span[^>]*>\$10<\/span> of credit/)

    // The same button pressed twice: one Checkout session, for $10, paid once.
    const url = await redirectOf(() => buyCredits({ pack: 'credits_10', requestId }))
    expect(await redirectOf(() => buyCredits({ pack: 'credits_10', requestId }))).toBe(url)
    const sessionId = url.split('/').pop()!
    expect(double.checkoutSessions.get(sessionId)).toMatchObject({ mode: 'payment', amount_total: 1000, customer: customerId, status: 'open' })
    expect(await db.creditPurchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).toMatchObject({ organizationId: organization.id, pack: 'credits_10', creditGrantId: null })

    const paid = await fetch(`${double.url}/checkout/${sessionId}/pay?outcome=succeed`, { method: 'POST', redirect: 'manual' })
    expect(paid.headers.get('location')).toMatch(/\/billing\/usage\?bought=credits_10$/)
    await settle()
    const purchase = await db.creditPurchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })
    expect(purchase.creditGrantId).toMatch(/^credgr_/)
    expect(await grantsFor(customerId)).toHaveLength(1)
    expect((await grantsFor(customerId))[0]).toMatchObject({ category: 'paid', amount: { monetary: { value: 1000, currency: 'usd' } } })
    expect((await creditView(stripe, customerId))?.balance).toEqual({ available: 1000, currency: 'usd' })
    expect(renderPage(await BillingUsagePage({ searchParams: Promise.resolve({ bought: 'credits_10' }) }))).toContain('Bought: $10 of usage credit')

    // A storm: the completed event delivered five more times, and the fulfillment run five times at once.
    const completed = double.events.find((event) => event.type === 'checkout.session.completed' && (event.data.object as { id: string }).id === sessionId)!
    for (let n = 0; n < 5; n++) expect(await pipeline.post(completed)).toBe(200)
    await settle()
    const session = await stripe.checkout.sessions.retrieve(sessionId)
    const results = await Promise.all(Array.from({ length: 5 }, () => fulfillCreditPurchase(stripe, session)))
    expect(new Set(results.map((r) => ('granted' in r ? r.granted : r.skipped)))).toEqual(new Set([purchase.creditGrantId]))
    expect(await grantsFor(customerId)).toHaveLength(1)
    expect((await creditView(stripe, customerId))?.balance?.available).toBe(1000)

    // The grant was made but its id never saved, and the retry comes with a fresh key (a day later, when Stripe has
    // forgotten the old one, or after a failed attempt): the grant is found by its reference, not made again.
    await db.creditPurchase.update({ where: { checkoutSessionId: sessionId }, data: { creditGrantId: null, fulfilledAt: null } })
    await startNextAttempt(`tollgate:credit-grant:checkout:${sessionId}`)
    expect(await fulfillCreditPurchase(stripe, session)).toMatchObject({ granted: purchase.creditGrantId })
    expect(await grantsFor(customerId)).toHaveLength(1)
    expect((await db.creditPurchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).creditGrantId).toBe(purchase.creditGrantId)

    // 55,000 calls: 5,000 past Pro's 50,000 allowance at 0.2¢ is $10 of use, paid from the bought credit.
    expect(await recordUsage(organization.id, 'api_calls', 55_000, { identifier: 'buy-credits:use' })).toMatchObject({ outcome: 'recorded' })
    await wakeUsageSender()
    await settle()
    const subscription = await stripe.subscriptions.retrieve(subscriptionId)
    await advanceClock(double, String(subscription.test_clock), subscription.items.data[0]!.current_period_end + 2 * 3600)
    await settle()
    const renewal = [...double.invoices.values()].find((invoice) => invoice.parent?.subscription_details?.subscription === subscriptionId && invoice.billing_reason === 'subscription_cycle')!
    expect(renewal.total_pretax_credit_amounts).toEqual([expect.objectContaining({ amount: 1000, credit_balance_transaction: expect.any(String) })])
    const credits = await creditView(stripe, customerId)
    expect(credits?.balance?.available ?? 0).toBe(0)
    expect(credits?.history.map((h) => `${h.kind} ${h.amount}`)).toEqual(expect.arrayContaining(['credit 1000', 'debit 1000']))

    // Paid by bank debit: nothing is granted while the payment is processing, the pack once it clears.
    const debitSession = (await redirectOf(() => buyCredits({ pack: 'credits_50', requestId: '9d3c2a1b-0e4f-4a5b-8c6d-7e8f9a0b1c2d' }))).split('/').pop()!
    await double.completeCheckout(debitSession, { payment: 'delayed' })
    await settle()
    expect(await db.creditPurchase.findUniqueOrThrow({ where: { checkoutSessionId: debitSession } })).toMatchObject({ creditGrantId: null })
    await double.settleDelayedPayment(debitSession, { succeeds: true })
    await settle()
    expect((await db.creditPurchase.findUniqueOrThrow({ where: { checkoutSessionId: debitSession } })).creditGrantId).toMatch(/^credgr_/)
    expect(await grantsFor(customerId)).toHaveLength(2)
    expect((await creditView(stripe, customerId))?.balance?.available).toBe(5000)
  })

  it('is refused to a plan that bills no use (the credit could never be spent), and an unknown pack is invalid input', async () => {
    const user = await signInAs(db, 'free-buyer@example.com')
    await personalOrganizationOf(db, user)
    expect(await buyCredits({ pack: 'credits_10', requestId })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await buyCredits({ pack: 'credits_1000', requestId })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(findCreditPack('credits_50')).toMatchObject({ amount: 5000, credit: 5000 })
  })
})
