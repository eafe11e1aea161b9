// The usage sender against a backlog: N usage events (default 100,000) queued in a fresh SQLite database for C
// organizations on a metered plan, sent to the Stripe double by the app's real Inngest function
// (inngest/usage/send-usage-events.ts, run in-process by @inngest/test from what it sends to a local Inngest
// stand-in, as bench/reconcile-scale.ts does), with the double refusing past Stripe's meter-event rate with its 429
// and the app's rate set to the same figure (no headroom: every 429 must be survived). Then, once Stripe's
// asynchronous aggregation has counted the last event, each customer's total as Stripe's meter event summaries
// answer it must equal the app's recorded total exactly, and every identifier must have been accepted once.
//   node --import tsx --conditions=react-server bench/usage-drain.ts [events] [customers] [dir]   → JSON on stdout
// Seeding goes straight into the database in bulk (what recordUsage leaves: pending rows and running totals).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate } from '@/lib/db/migrate'
import { startStripeDouble } from '@/sandbox/stripe'
import { AGGREGATION_DELAY } from '@/sandbox/stripe/resources/meter-events'
import { runInngestEvents, startInngestStandIn, type SentEvent } from '../tests/support/inngest-stand-in'
import { BENCH_USAGE_METER, seedMeteredOrganizations } from './usage-seed'

const events = Number(process.argv[2] ?? 100_000)
const customers = Number(process.argv[3] ?? 1_000)
const dir = process.argv[4] ?? mkdtempSync(join(tmpdir(), 'tollgate-usage-drain-'))
/**
 * "The meter event endpoint allows 1000 calls per second in live mode"
 * (https://docs.stripe.com/billing/subscriptions/usage-based/recording-usage-api#rate-limits): the double refuses
 * past it (its limiter counts every request, and only the sender talks to it here) and the app is held to it.
 */
const STRIPE_METER_EVENT_LIMIT = 1000

const double = await startStripeDouble({ autoDeliver: false })
const inngest = await startInngestStandIn()
const url = `file:${join(dir, 'usage-drain.db')}`
await migrate(url)
Object.assign(process.env, {
  DATABASE_URL: url,
  // A test key that is not the local sandbox's: no test-clock look-ups (STRIPE_TEST_CLOCKS=false), the rate below.
  STRIPE_SECRET_KEY: 'sk_test_benchusagedrain',
  STRIPE_API_URL: double.url,
  STRIPE_WEBHOOK_SECRET: 'whsec_benchusagedrain',
  STRIPE_TEST_CLOCKS: 'false',
  INNGEST_DEV: inngest.url,
  STRIPE_METER_EVENTS_PER_SECOND: String(STRIPE_METER_EVENT_LIMIT),
})
const { db } = await import('@/lib/db')
const { join: joinSql, sql } = await import('@/lib/db/sql')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncMeters } = await import('@/lib/billing/sync-meters')
const { stripeIdentifierOf } = await import('@/lib/usage/stripe-identifier')
const { requireCatalogMeter } = await import('@/lib/usage/meters')
const { USAGE_RECORDED } = await import('@/lib/usage/wake-sender')
const { sendUsageEvents } = await import('@/inngest/usage/send-usage-events')

// ---- seed ----
const seedStarted = performance.now()
const api = double.client()
const { meterIds } = await syncMeters(api, PLANS)
const meterId = meterIds.get(requireCatalogMeter(BENCH_USAGE_METER).eventName)!
const product = await api.products.create({ id: 'tollgate_pro', name: 'Pro' })
const price = await api.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' }, lookup_key: 'pro_monthly' })
const seeded = double.bulkSeed({ customers, price, metadata: (i) => ({ organizationId: `org_usage_${i}` }) })
const organizations = seeded.map(({ customer }, i) => ({ organizationId: `org_usage_${i}`, customerId: customer.id }))
const period = await seedMeteredOrganizations(db, organizations)
// Events round-robin over the organizations, values 1–7, stamped within the last hour (inside the period).
const now = Date.now()
const expected = new Map<string, number>()
const identifiers = new Set<string>()
for (let i = 0; i < events; i += 500) {
  const rows = []
  for (let k = i; k < Math.min(events, i + 500); k++) {
    const { organizationId } = organizations[k % customers]!
    const value = (k % 7) + 1
    const identifier = `bench-${k}`
    expected.set(organizationId, (expected.get(organizationId) ?? 0) + value)
    identifiers.add(stripeIdentifierOf({ organizationId, meterKey: BENCH_USAGE_METER, identifier }))
    const occurredAt = new Date(now - 3_600_000 + Math.floor((k / events) * 3_500_000))
    rows.push(sql`(${joinSql([`ue_${k}`, organizationId, BENCH_USAGE_METER, identifier, value, occurredAt, period.start, 'pending', 0, new Date(now - events + k)])})`)
  }
  await db.$executeRaw(sql`INSERT INTO "UsageEvent" ("id", "organizationId", "meterKey", "identifier", "value", "occurredAt", "periodStart", "status", "attempts", "createdAt") VALUES ${joinSql(rows)}`)
}
for (let i = 0; i < organizations.length; i += 500) {
  await db.usageTotal.createMany({
    data: organizations.slice(i, i + 500).map(({ organizationId }) => ({ organizationId, meterKey: BENCH_USAGE_METER, periodStart: period.start, periodEnd: period.end, used: expected.get(organizationId) ?? 0 })),
  })
}
const seedMs = performance.now() - seedStarted

// ---- drain ----
double.setRateLimit(STRIPE_METER_EVENT_LIMIT)
const requestsBefore = double.requests.length
const perSecond: number[] = []
let last = double.requests.length
const sampler = setInterval(() => {
  perSecond.push(double.requests.length - last)
  last = double.requests.length
}, 1000)
const started = performance.now()
let runs = 0
let failedRuns = 0
let ran = inngest.accepted.length
let queue: SentEvent[] = [{ name: USAGE_RECORDED, data: {} }]
while (queue.length > 0) {
  for (const run of await runInngestEvents([sendUsageEvents] as never, queue)) {
    runs += 1
    if (run.error !== undefined) failedRuns += 1
  }
  queue = inngest.accepted.slice(ran).filter((event) => event.name === USAGE_RECORDED)
  ran = inngest.accepted.length
}
const drainMs = performance.now() - started
clearInterval(sampler)
const requests = double.requests.slice(requestsBefore)
const meterEventPosts = requests.filter((r) => r.method === 'POST' && r.path === '/v1/billing/meter_events')
const acceptedIdentifiers = meterEventPosts.filter((r) => r.status === 200).map((r) => String(r.params.identifier))
const statuses = Object.fromEntries((await db.usageEvent.groupBy({ by: ['status'], _count: true })).map((g) => [g.status, g._count])) as Record<string, number>

/** The customer's usage this period as Stripe's meter event summaries answer it (minute-aligned bounds). */
async function stripeTotalOf(customer: string): Promise<number> {
  const start = Math.floor(period.start.getTime() / 60_000) * 60
  const end = Math.ceil(period.end.getTime() / 60_000) * 60
  const summaries = await api.billing.meters.listEventSummaries(meterId, { customer, start_time: start, end_time: end })
  return summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0)
}

// ---- Stripe's totals, once its asynchronous aggregation has counted the last event ----
// The account's clock moved past the aggregation delay of the last event (the double's advance, as a test clock's).
double.setRateLimit(null) // the check reads summaries; it is not part of the drain
const aggregatedAt = Math.floor(Date.now() / 1000) + AGGREGATION_DELAY + 1
const countedBefore = await stripeTotalOf(organizations[0]!.customerId)
double.advanceClockTo(aggregatedAt)
let totalsMatching = 0
let stripeTotal = 0
const mismatches: { organizationId: string; app: number; stripe: number }[] = []
for (const { organizationId, customerId } of organizations) {
  const counted = await stripeTotalOf(customerId)
  const recorded = (await db.usageTotal.findUniqueOrThrow({ where: { organizationId_meterKey_periodStart: { organizationId, meterKey: BENCH_USAGE_METER, periodStart: period.start } } })).used
  stripeTotal += counted
  if (counted === recorded && recorded === (expected.get(organizationId) ?? 0)) totalsMatching += 1
  else if (mismatches.length < 5) mismatches.push({ organizationId, app: recorded, stripe: counted })
}
const expectedTotal = [...expected.values()].reduce((a, b) => a + b, 0)
const distinctAccepted = new Set(acceptedIdentifiers)

const result = {
  events,
  customers,
  seedMs: Math.round(seedMs),
  drainMs: Math.round(drainMs),
  eventsPerSecond: Math.round((events * 1000) / drainMs),
  stripeRequests: requests.length,
  meterEventPosts: meterEventPosts.length,
  accepted: acceptedIdentifiers.length,
  rateLimited: requests.filter((r) => r.status === 429).length,
  refusedAsDuplicate: meterEventPosts.filter((r) => r.status === 400 && /already exists/.test(JSON.stringify(r))).length,
  otherErrors: requests.filter((r) => r.status !== 200 && r.status !== 429).length,
  limitPerSecond: STRIPE_METER_EVENT_LIMIT,
  peakRequestsPerSecond: Math.max(0, ...perSecond),
  runs,
  failedRuns,
  rowsByStatus: statuses,
  /** Identifiers Stripe accepted more than once (must be 0) and queued rows it never accepted (must be 0). */
  duplicated: acceptedIdentifiers.length - distinctAccepted.size,
  lost: [...identifiers].filter((id) => !distinctAccepted.has(id)).length,
  unexpectedIdentifiers: [...distinctAccepted].filter((id) => !identifiers.has(id)).length,
  totals: { expected: expectedTotal, stripe: stripeTotal, customersMatching: totalsMatching, mismatches },
  /** The first customer's total at Stripe right after the drain, before the aggregation delay: 0 while Stripe has not aggregated. */
  firstCustomerBeforeAggregation: countedBefore,
}
console.log(JSON.stringify(result))
await db.$disconnect()
await Promise.all([double.close(), inngest.close()])
process.exit(0)
