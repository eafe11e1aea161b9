import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBillingFixture } from '../support/billing-fixture'

// The sender against the Stripe sandbox: every use recorded (each twice) reaches Stripe exactly once, through an
// outage, answers lost after Stripe saved the event, and two senders draining at once; Stripe's totals (after its
// asynchronous aggregation) equal the app's.
const double = await startBillingFixture()
const { db } = await import('@/lib/db')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const { recordUsage } = await import('@/lib/usage/record-usage')
const { cancelUsage } = await import('@/lib/usage/cancel-usage')
const { sendUsageBatch } = await import('@/lib/usage/send-usage-events')
const { requireMeterEventStripe } = await import('@/lib/usage/meter-event-client')
const { stripeMeterEventRate, env } = await import('@/lib/env')
const { reconcileUsage } = await import('@/lib/usage/reconcile-usage')
const stripe = requireStripe()

afterAll(() => double.close())

const ORGANIZATIONS = 10
const USES_EACH = 1000
const periodStart = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000)
const periodEnd = new Date(periodStart.getTime() + 30 * 86_400_000)
let meterId: string
const organizations: { id: string; customerId: string }[] = []

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
  meterId = (await stripe.billing.meters.list({ status: 'active' })).data.find((m) => m.event_name === 'tollgate_api_calls')!.id
  for (let i = 0; i < ORGANIZATIONS; i++) {
    const customer = await stripe.customers.create({ email: `usage-${i}@example.com` })
    const { id } = await db.organization.create({ data: { name: `Usage ${i}`, stripeCustomerId: customer.id } })
    // Pro's soft cap: every use is recorded and billed. The row is what the webhook handlers keep for a subscription.
    await db.subscription.create({
      data: { id: `sub_usage_${i}`, organizationId: id, customerId: customer.id, status: 'active', priceId: 'price_pro', priceLookupKey: 'pro_monthly', productId: 'tollgate_pro', currentPeriodStart: periodStart, currentPeriodEnd: periodEnd, stripeStateAt: new Date() },
    })
    organizations.push({ id, customerId: customer.id })
  }
})

const valueOf = (n: number) => (n % 5) + 1

async function recordAll() {
  const outcomes: string[] = []
  for (const { id } of organizations) {
    for (let start = 0; start < USES_EACH; start += 100) {
      const batch = Array.from({ length: 100 }, (_, k) => start + k)
      outcomes.push(...(await Promise.all(batch.map(async (n) => (await recordUsage(id, 'api_calls', valueOf(n), { identifier: `req-${n}` })).outcome))))
    }
  }
  return outcomes
}

/** One sender instance: batches until nothing is left to claim. */
async function drain(stripeClient = requireMeterEventStripe()) {
  const perSecond = stripeMeterEventRate(env())
  let sent = 0
  for (let round = 0; round < 500; round++) {
    const result = await sendUsageBatch(stripeClient, { batchSize: 250, perSecond })
    sent += result.sent
    if (result.claimed === 0 && (await db.usageEvent.count({ where: { status: 'pending' } })) === 0) return sent
    if (result.claimed === 0) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the sender did not drain')
}

async function stripeTotal(customerId: string) {
  const start = Math.floor(periodStart.getTime() / 1000)
  const end = Math.floor(periodEnd.getTime() / 1000)
  const [summary] = (await stripe.billing.meters.listEventSummaries(meterId, { customer: customerId, start_time: start, end_time: end })).data
  return summary?.aggregated_value ?? 0
}

describe('sending usage to Stripe', () => {
  it('10,000 uses recorded twice, an outage, lost answers and two senders: Stripe counts each use exactly once', { timeout: 300_000 }, async () => {
    const first = await recordAll()
    expect(first.every((o) => o === 'recorded')).toBe(true)
    const second = await recordAll()
    expect(second.every((o) => o === 'duplicate')).toBe(true)
    expect(await db.usageEvent.count({ where: { status: 'pending' } })).toBe(ORGANIZATIONS * USES_EACH)

    // An outage: 300 requests answered 500 before Stripe does anything (the SDK retries each twice with its key,
    // then the row goes back); and 40 answered 500 after Stripe saved the event, so the resend meets its identifier.
    double.failNext({ method: 'POST', path: '/v1/billing/meter_events' }, { status: 500, times: 300 })
    double.failNext({ method: 'POST', path: '/v1/billing/meter_events' }, { status: 500, times: 40, afterExecution: true })
    const [a, b] = await Promise.all([drain(), drain()])
    expect(a + b).toBe(ORGANIZATIONS * USES_EACH)
    expect(a).toBeGreaterThan(0)
    expect(b).toBeGreaterThan(0)
    expect(await db.usageEvent.count({ where: { status: { not: 'sent' } } })).toBe(0)
    const retried = await db.usageEvent.count({ where: { attempts: { gt: 1 } } })
    expect(retried).toBeGreaterThan(0)

    // Stripe aggregates asynchronously: nothing counts before its delay has passed on the account's clock.
    double.advanceClockTo(Math.floor(Date.now() / 1000) + 3600)
    // Every use reached Stripe: accepted, or met its own identifier on a resend after its answer was lost ("An event
    // already exists with identifier …"); the totals below show none counted twice.
    const posts = double.requests.filter((r) => r.method === 'POST' && r.path === '/v1/billing/meter_events')
    const reached = new Set(posts.filter((r) => r.status === 200 || r.status === 400).map((r) => r.params.identifier))
    expect(reached.size).toBe(ORGANIZATIONS * USES_EACH)
    expect(posts.filter((r) => r.status === 400).length).toBeGreaterThan(0)
    const expected = Array.from({ length: USES_EACH }, (_, n) => valueOf(n)).reduce((sum, v) => sum + v, 0)
    for (const { id, customerId } of organizations) {
      const total = await db.usageTotal.findUniqueOrThrow({ where: { organizationId_meterKey_periodStart: { organizationId: id, meterKey: 'api_calls', periodStart } } })
      expect(total.used).toBe(expected)
      expect(await stripeTotal(customerId)).toBe(expected)
    }
  })

  it('a use cancelled after it was sent is taken back at Stripe with a meter event adjustment', async () => {
    const { id, customerId } = organizations[0]!
    const before = await stripeTotal(customerId)
    expect(await cancelUsage(id, 'api_calls', 'req-3')).toBe(true)
    expect(await cancelUsage(id, 'api_calls', 'req-3')).toBe(false)
    // Cancelled before it was sent: Stripe never hears of it.
    await recordUsage(id, 'api_calls', 9, { identifier: 'never-sent' })
    expect(await cancelUsage(id, 'api_calls', 'never-sent')).toBe(true)
    const result = await sendUsageBatch(requireMeterEventStripe(), { batchSize: 100, perSecond: 100 })
    expect(result).toMatchObject({ claimed: 2, cancelled: 2, failed: 0 })
    expect(await db.usageEvent.findFirstOrThrow({ where: { organizationId: id, identifier: 'never-sent' } })).toMatchObject({ status: 'cancelled' })
    expect(double.requests.filter((r) => r.path === '/v1/billing/meter_event_adjustments' && r.status === 200)).toHaveLength(1)
    double.advanceClockTo(Math.floor(Date.now() / 1000) + 7200)
    expect(await stripeTotal(customerId)).toBe(before - valueOf(3))
  })

  it('the reconciliation finds Stripe and the app agreeing, then records the drift of an event sent behind the app’s back', async () => {
    const later = new Date(Date.now() + 3600_000) // past the settling time of the events just sent
    const since = new Date(Date.now() - 3600_000)
    const agreed = await reconcileUsage(stripe, { since, now: later })
    expect(agreed).toHaveLength(ORGANIZATIONS)
    expect(agreed.every((c) => c.app === c.stripe)).toBe(true)
    expect(await db.billingDrift.count({ where: { source: 'usage' } })).toBe(0)

    const { id, customerId } = organizations[1]!
    await stripe.billing.meterEvents.create({ event_name: 'tollgate_api_calls', payload: { stripe_customer_id: customerId, value: '7' } })
    double.advanceClockTo(Math.floor(Date.now() / 1000) + 3 * 3600)
    await reconcileUsage(stripe, { since, now: later })
    const drift = await db.billingDrift.findMany({ where: { source: 'usage' } })
    expect(drift).toHaveLength(1)
    const app = Number(drift[0]!.was)
    expect(drift[0]).toMatchObject({ organizationId: id, customerId, field: 'usage:api_calls', now: String(app + 7), repaired: false })
  })
})
