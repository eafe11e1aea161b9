// A metered plan end to end through the app's real code: subscribe to Pro through Checkout (its metered item with
// it), spend API calls in the playground's server action, the sender woken after the response and run by the
// webhook → Inngest pipeline, the pages showing use, overage and Stripe's preview; after a test clock advance, the
// renewal invoice bills exactly the app's total at the tiered price. A Free organization meets its hard cap.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'
import { advanceClock } from '../support/test-clocks'
import { renderPage } from '../support/render-page'
import { personalOrganizationOf } from '../support/organizations'

// `after()` needs Next's request scope: here the callbacks are kept and run when the test says the response is out.
const afterResponse: (() => unknown)[] = []
vi.mock('next/headers', () => nextHeadersMock())
vi.mock('next/cache', async (original) => ({ ...(await original<typeof import('next/cache')>()), revalidatePath: () => undefined }))
vi.mock('next/server', async (original) => ({ ...(await original<typeof import('next/server')>()), after: (run: () => unknown) => void afterResponse.push(run) }))

process.env.ADMIN_EMAILS = 'ops@example.com'
const fixture = await startSubscriberFixture({ testClocks: true })
const { double, db, stripe, settle } = fixture
const { spendApiCalls } = await import('@/lib/usage/actions')
const { PLANS, findPrice, metersOf } = await import('@/lib/billing/catalog')
const { estimateCharge } = await import('@/lib/usage/estimate-charge')
const { grantCredits, creditView } = await import('@/lib/usage/credits')
const { grantPromotionalCredit } = await import('@/lib/operators/grant-credit')
const { redirectOf } = await import('../support/billing-fixture')
const { default: BillingPage } = await import('@/app/billing/page')
const { default: BillingUsagePage } = await import('@/app/billing/usage/page')
const { default: DashboardPage } = await import('@/app/dashboard/page')
const { default: PlaygroundPage } = await import('@/app/dashboard/usage/page')

beforeAll(fixture.start)
afterAll(fixture.close)

async function responsesSent() {
  for (const run of afterResponse.splice(0)) await run()
}

describe('usage-based billing, end to end', () => {
  it('Pro: the renewal bills the app’s total at the tiered price, and the pages show it', { timeout: 120_000 }, async () => {
    const { organization, subscriptionId, customerId } = await fixture.subscriber('metered@example.com', 'pro_monthly')
    await stripe.subscriptions.update(subscriptionId, { trial_end: 'now' })
    await settle()
    const subscription = await stripe.subscriptions.retrieve(subscriptionId)
    expect(subscription.items.data.some((item) => item.price.lookup_key === 'pro_api_calls_monthly')).toBe(true)

    for (let n = 0; n < 6; n++) expect(await spendApiCalls({ calls: 10_000 })).toMatchObject({ ok: true })
    expect(await spendApiCalls({ calls: 1_234 })).toEqual({ ok: true, data: { used: 61_234 } })
    expect(await db.usageEvent.count({ where: { organizationId: organization.id, status: 'pending' } })).toBe(7)
    // The request is over: the sender is woken, and the pipeline runs it against the sandbox.
    await responsesSent()
    await settle()
    expect(await db.usageEvent.count({ where: { organizationId: organization.id, status: 'sent' } })).toBe(7)
    // Stamped on the customer's test clock, which stands still while the server's time moves on.
    const frozen = (await stripe.testHelpers.testClocks.retrieve(String(subscription.test_clock))).frozen_time
    const stamps = double.requests.filter((r) => r.path === '/v1/billing/meter_events' && r.status === 200).map((r) => Number(r.params.timestamp))
    expect(stamps).toHaveLength(7)
    expect(stamps.every((t) => t <= frozen)).toBe(true)

    const billing = renderPage(await BillingPage())
    expect(billing).toContain('Usage this period')
    expect(billing).toMatch(/role="meter" aria-label="API calls"[^>]*aria-valuetext="61,234 of 50,000 API calls, 11,234 over the allowance"/)
    const price = metersOf(findPrice('pro_monthly')!.plan)[0]!.prices.find((p) => p.interval === 'month')!
    expect(billing).toContain(`Overage so far: <span class="font-medium tabular-nums">$22.47</span>`)
    expect(estimateCharge(price, 61_234)).toBe(2247)
    // /billing reads the database alone; Stripe's estimate and the credits are one link away.
    expect(billing).toContain('href="/billing/usage"')
    expect(renderPage(await BillingUsagePage())).toContain('Next invoice, as Stripe previews it now')

    // $10 of promotional credit, granted twice under one reference: one grant, shown on /billing.
    const welcome = { customerId, organizationId: organization.id, amount: 1000, currency: 'usd', category: 'promotional' as const, name: 'Welcome credit', reference: 'welcome:metered' }
    const [grant, again] = [await grantCredits(stripe, welcome), await grantCredits(stripe, welcome)]
    expect(again.id).toBe(grant.id)
    expect(renderPage(await BillingUsagePage())).toMatch(/\$10<\/span> available; usage is paid from it/)
    expect(renderPage(await DashboardPage())).toContain('Try the playground')
    expect(renderPage(await PlaygroundPage())).toContain('Make 1,000 calls')

    // A month later on the customer's clock: the renewal bills the period's usage in arrears.
    const periodEnd = subscription.items.data[0]!.current_period_end
    await advanceClock(double, String(subscription.test_clock), periodEnd + 2 * 3600)
    await settle()
    const renewal = [...double.invoices.values()].find((invoice) => invoice.parent?.subscription_details?.subscription === subscriptionId && invoice.billing_reason === 'subscription_cycle')!
    const meteredLine = renewal.lines.data.find((line) => line.pricing?.price_details?.price && double.prices.get(String(line.pricing.price_details.price))?.lookup_key === 'pro_api_calls_monthly')!
    const total = (await db.usageTotal.findFirstOrThrow({ where: { organizationId: organization.id, meterKey: 'api_calls' } })).used
    expect(total).toBe(61_234)
    expect(meteredLine.amount).toBe(estimateCharge(price, total))
    // The credit paid $10 of the usage before the card was charged.
    const credits = await creditView(stripe, customerId)
    expect(credits?.history.map((h) => `${h.kind} ${h.amount}`)).toEqual(expect.arrayContaining(['credit 1000', 'debit 1000']))
    expect(credits?.balance?.available ?? 0).toBe(0)
    expect(customerId).toBe(String(subscription.customer))

    // An operator gives $25 of promotional credit from the console; the same form sent twice grants once.
    await signInAs(db, 'ops@example.com')
    const form = { requestId: '0f4a4c59-41a8-4a43-a1b6-9a1b8e0c7d21', organizationId: organization.id, dollars: 25, expiresInDays: 90 }
    expect(await redirectOf(() => grantPromotionalCredit(form))).toBe(`/admin/organizations/${organization.id}?credited=25`)
    expect(await redirectOf(() => grantPromotionalCredit(form))).toBe(`/admin/organizations/${organization.id}?credited=25`)
    expect((await creditView(stripe, customerId))?.balance).toEqual({ available: 2500, currency: 'usd' })
    expect(await db.auditRecord.findMany({ where: { action: 'grant-promotional-credit' } })).toHaveLength(1)
  })

  it('Free: a hard cap refuses the use past the limit, and the pages say what to do', async () => {
    const user = await signInAs(db, 'free-usage@example.com')
    const organization = await personalOrganizationOf(db, user)
    const limit = metersOf(PLANS[0]!)[0]!.included
    expect(await spendApiCalls({ calls: limit - 1 })).toMatchObject({ ok: true })
    expect(await spendApiCalls({ calls: 2 })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/^Refused: 2 more would pass your plan's limit \(1 left this period\)\. Upgrade/) },
    })
    expect(await spendApiCalls({ calls: 1 })).toMatchObject({ ok: true })
    const playground = renderPage(await PlaygroundPage())
    expect(playground).toContain('You have used every API call this period includes.')
    expect(playground).toMatch(/aria-valuetext="1,000 of 1,000 API calls, limit reached"/)
    expect(renderPage(await BillingPage())).toContain('>Upgrade</a> for a larger allowance')
    // The Free plan bills nothing: nothing waits for Stripe.
    expect(await db.usageEvent.count({ where: { organizationId: organization.id, status: { not: 'local' } } })).toBe(0)
  })
})
