// Usage alerts through the real pipeline: Pro's subscription provisioned through Checkout makes the customer's 80 %
// and 100 % alerts at the sandbox (Stripe's /v1/billing/alerts), uses recorded by the app and sent by its sender cross
// them once Stripe has aggregated the events, and `billing.alert.triggered` goes through the webhook route and
// Inngest to the owner's inbox: one email per threshold, however often Stripe delivers the event.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { nextHeadersMock } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'

vi.mock('next/headers', () => nextHeadersMock())
const fixture = await startSubscriberFixture()
const { double, db, stripe, settle, smtp, pipeline } = fixture
const { recordUsage } = await import('@/lib/usage/record-usage')
const { wakeUsageSender } = await import('@/lib/usage/wake-sender')

beforeAll(fixture.start)
afterAll(fixture.close)

let wakes = 0
let clock = Math.floor(Date.now() / 1000)

/** Records a use, has the sender send it, and lets Stripe's aggregation delay pass on the account's clock. */
async function use(organizationId: string, calls: number, identifier: string) {
  expect(await recordUsage(organizationId, 'api_calls', calls, { identifier })).toMatchObject({ outcome: 'recorded' })
  await wakeUsageSender(Date.now() + 1000 * ++wakes)
  await settle()
  clock += 120
  double.advanceClockTo(clock)
}

const alertEmailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email) && /Subject: You have used/.test(m.raw))

describe('usage alerts at 80 % and 100 % of the allowance', () => {
  it('emails the owner once past 80 %, once more past 100 %, and never again for the same period', { timeout: 60_000 }, async () => {
    const email = 'alerted@example.com'
    const { organization, subscriptionId, customerId } = await fixture.subscriber(email, 'pro_monthly')
    const trialAlerts = (await db.usageAlert.findMany({ where: { organizationId: organization.id }, orderBy: { percent: 'asc' } })).map((a) => a.id)
    expect(trialAlerts).toHaveLength(2)
    // The trial ends a second later than it began, so the month that follows starts elsewhere than the trial did.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await stripe.subscriptions.update(subscriptionId, { trial_end: 'now' })
    await settle()

    // Two alerts for the period that started when the trial ended: the trial's, which had not fired, moved on to it.
    const active = await db.usageAlert.findMany({ where: { organizationId: organization.id, status: 'active' }, orderBy: { percent: 'asc' } })
    expect(active.map((a) => [a.percent, a.threshold, a.allowance])).toEqual([
      [80, 40_000, 50_000],
      [100, 50_000, 50_000],
    ])
    // The month that started when the trial ended, as synced from Stripe (not the trial's fortnight).
    expect(active[0]!.periodEnd.getTime() - active[0]!.periodStart.getTime()).toBeGreaterThanOrEqual(28 * 86_400_000)
    expect(active.map((a) => a.id)).toEqual(trialAlerts)
    const atStripe = await Promise.all(active.map((a) => stripe.billing.alerts.retrieve(a.id)))
    expect(atStripe.map((a) => [a.status, a.usage_threshold?.gte, a.usage_threshold?.recurrence, a.usage_threshold?.filters?.[0]?.customer])).toEqual([
      ['active', 40_000, 'one_time', customerId],
      ['active', 50_000, 'one_time', customerId],
    ])
    // Every alert write carried an idempotency key.
    const alertWrites = double.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/billing/alerts'))
    expect(alertWrites.length).toBeGreaterThanOrEqual(2)
    expect(alertWrites.every((r) => (r.idempotencyKey ?? '').startsWith('tollgate:usage-alert'))).toBe(true)

    await use(organization.id, 39_999, 'below')
    expect(double.events.filter((e) => e.type === 'billing.alert.triggered')).toHaveLength(0) // aggregated, under 80 %: nothing fires
    expect(alertEmailsTo(email)).toHaveLength(0)

    await use(organization.id, 2, 'past-80')
    const triggered80 = double.events.filter((e) => e.type === 'billing.alert.triggered')
    expect(triggered80).toHaveLength(1)
    await settle()
    expect(alertEmailsTo(email)).toHaveLength(1)
    expect(alertEmailsTo(email)[0]!.text).toContain('40,001 of the 50,000 API calls your Pro plan includes this period')
    expect(alertEmailsTo(email)[0]!.text).toMatch(/Upgrade to a larger plan or buy credits: http[^\s]*\/billing/)

    await use(organization.id, 10_000, 'past-100')
    const triggered = double.events.filter((e) => e.type === 'billing.alert.triggered')
    expect(triggered).toHaveLength(2)
    await settle()
    const emails = alertEmailsTo(email)
    expect(emails).toHaveLength(2)
    expect(emails[1]!.raw).toMatch(/Subject: You have used your Pro plan's API calls for this period/)
    expect(emails[1]!.text).toContain('50,001 of the 50,000 API calls')

    // Stripe delivers both events again, and the pipeline runs them again: no more emails.
    for (const event of triggered) expect(await pipeline.post(event)).toBe(200)
    await pipeline.runQueued()
    await use(organization.id, 5_000, 'after-100')
    expect(alertEmailsTo(email)).toHaveLength(2)
    expect(await db.sentEmail.count({ where: { id: { startsWith: `usage-alert:${organization.id}:` } } })).toBe(2)
    expect(await db.usageAlert.count({ where: { organizationId: organization.id, triggeredAt: { not: null } } })).toBe(2)

    // The next period: the fired alerts are archived (at Stripe too), two new ones made, and 80 % emails again.
    const periodEnd = double.subscriptions.get(subscriptionId)!.items.data[0]!.current_period_end
    double.advanceClockTo(periodEnd)
    clock = periodEnd + 3 * 3600 // past the renewal's hour from draft to payment
    await double.payRenewal(subscriptionId)
    await settle()
    const renewed = await db.usageAlert.findMany({ where: { organizationId: organization.id, status: 'active' }, orderBy: { percent: 'asc' } })
    expect(renewed.map((a) => [a.percent, a.periodStart.getTime() / 1000])).toEqual([
      [80, periodEnd],
      [100, periodEnd],
    ])
    expect(renewed.some((a) => trialAlerts.includes(a.id))).toBe(false)
    expect(await Promise.all(trialAlerts.map(async (id) => (await stripe.billing.alerts.retrieve(id)).status))).toEqual(['archived', 'archived'])
    await use(organization.id, 40_000, 'next-period')
    await settle()
    expect(alertEmailsTo(email)).toHaveLength(3)
  })
})
