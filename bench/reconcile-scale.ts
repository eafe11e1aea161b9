// Reconciliation of a large account: N live customers (default 100,000) in the Stripe double, with its per-account
// rate limit on (25 requests/s, test mode's), the same customers in a fresh SQLite database, and drift seeded on
// both sides: subscriptions the database never saw, a status it has wrong, a cancel_at it missed. The first
// reconcile run finds no checkpoint and sweeps; every sweep page is its own Inngest run, executed in-process by
// @inngest/test from the events the functions send to a local Inngest stand-in. Then the daily full comparison
// (decision 0043) runs over the same account with fresh drift that no event announces: rows lost from the
// database, statuses changed in Stripe, and live rows Stripe does not have.
//   node --import tsx --conditions=react-server bench/reconcile-scale.ts [customers] [dir]   → JSON on stdout
// Seeding goes straight into the double's maps and the database in bulk; only the reconciliation calls the API.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate } from '@/lib/db/migrate'
import { startStripeDouble } from '@/sandbox/stripe'
import { runInngestEvents, startInngestStandIn, type SentEvent } from '../tests/support/inngest-stand-in'

const customers = Number(process.argv[2] ?? 100_000)
const dir = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'tollgate-reconcile-'))
const STRIPE_LIMIT = 25
const DRIFT_EACH = Math.max(1, Math.round(customers / 100)) // 1% missing, 1% wrong status, 1% missed cancel_at

const double = await startStripeDouble({ autoDeliver: false })
const inngest = await startInngestStandIn()
const url = `file:${join(dir, 'reconcile.db')}`
await migrate(url)
Object.assign(process.env, {
  DATABASE_URL: url,
  STRIPE_SECRET_KEY: 'sk_test_benchreconcile',
  STRIPE_API_URL: double.url,
  STRIPE_WEBHOOK_SECRET: 'whsec_benchreconcile',
  INNGEST_DEV: inngest.url,
  // The app's throttle at test mode's whole limit, no headroom: Stripe's 429s are expected and must be survived.
  STRIPE_BACKGROUND_REQUESTS_PER_SECOND: String(STRIPE_LIMIT),
})
const { db } = await import('@/lib/db')
const { join: joinSql, sql } = await import('@/lib/db/sql')
const { subscriptionColumns } = await import('@/lib/billing/subscription-row')
const { functions } = await import('@/inngest/functions')
const { RECONCILE_BILLING } = await import('@/inngest/reconcile-billing')
const { COMPARE_SUBSCRIPTIONS } = await import('@/inngest/compare-subscriptions')
const { MISSING_LOOKUPS_PER_SWEEP } = await import('@/lib/reconcile/missing-in-stripe')

// ---- seed ----
const seedStarted = performance.now()
const api = double.client()
const product = await api.products.create({ id: 'tollgate_pro', name: 'Pro' })
const price = await api.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' }, lookup_key: 'pro_monthly' })
const seeded = double.bulkSeed({ customers, price, metadata: (i) => ({ organizationId: `org_${i}` }) })
const missing = new Set(seeded.slice(0, DRIFT_EACH).map((s) => s.subscription.id))
const wrongStatus = new Set(seeded.slice(DRIFT_EACH, 2 * DRIFT_EACH).map((s) => s.subscription.id))
const cancelAt = Math.floor(Date.now() / 1000) + 20 * 86_400
for (const { subscription } of seeded.slice(2 * DRIFT_EACH, 3 * DRIFT_EACH)) {
  subscription.cancel_at = cancelAt // flexible billing: cancel_at without cancel_at_period_end
}
const observed = new Date(Date.now() - 3_600_000)
for (let i = 0; i < seeded.length; i += 500) {
  const chunk = seeded.slice(i, i + 500)
  await db.$executeRaw(sql`INSERT INTO "Organization" ("id", "name", "stripeCustomerId", "createdAt", "updatedAt") VALUES ${joinSql(
    chunk.map(({ customer }, k) => sql`(${joinSql([`org_${i + k}`, customer.email, customer.id, observed, observed])})`),
  )}`)
  const rows = chunk.map((entry, k) => ({ ...entry, organizationId: `org_${i + k}` })).filter(({ subscription }) => !missing.has(subscription.id))
  if (rows.length === 0) continue
  await db.$executeRaw(sql`INSERT INTO "Subscription" ("id", "organizationId", "customerId", "status", "priceId", "priceLookupKey", "productId", "quantity", "currentPeriodEnd", "cancelAtPeriodEnd", "cancelAt", "stripeStateAt", "createdAt", "updatedAt") VALUES ${joinSql(
    rows.map(({ subscription, organizationId }) => {
      const c = subscriptionColumns(subscription)
      const status = wrongStatus.has(subscription.id) ? 'past_due' : c.status
      return sql`(${joinSql([subscription.id, organizationId, c.customerId, status, c.priceId, c.priceLookupKey, c.productId, c.quantity, c.currentPeriodEnd, false, null, observed, observed, observed])})`
    }),
  )}`)
}
const seedMs = performance.now() - seedStarted

// ---- reconcile ----
double.setRateLimit(STRIPE_LIMIT)

/** Runs `kick` and everything the runs send, until nothing is left, sampling the double's requests per second. */
async function measure(kick: SentEvent) {
  const requestsBefore = double.requests.length
  const driftBefore = new Date()
  const perSecond: number[] = []
  let last = double.requests.length
  const sampler = setInterval(() => {
    perSecond.push(double.requests.length - last)
    last = double.requests.length
  }, 1000)
  const started = performance.now()
  let runs = 0
  let failedRuns = 0
  let maxSteps = 0
  let ran = inngest.accepted.length
  let queue: SentEvent[] = [kick]
  while (queue.length > 0) {
    for (const run of await runInngestEvents(functions, queue)) {
      runs += 1
      if (run.error !== undefined) failedRuns += 1
      maxSteps = Math.max(maxSteps, Object.keys(run.state ?? {}).length)
    }
    queue = inngest.accepted.slice(ran)
    ran = inngest.accepted.length
  }
  const wallMs = performance.now() - started
  clearInterval(sampler)
  const drift = await db.billingDrift.groupBy({ by: ['field'], where: { foundAt: { gte: driftBefore } }, _count: true })
  const requests = double.requests.slice(requestsBefore)
  return {
    wallMs: Math.round(wallMs),
    stripeRequests: requests.length,
    rateLimited: requests.filter((r) => r.status === 429).length,
    peakRequestsPerSecond: Math.max(0, ...perSecond),
    meanRequestsPerSecond: Number(((requests.length * 1000) / wallMs).toFixed(1)),
    runs,
    failedRuns,
    maxStepsInOneRun: maxSteps,
    driftByField: Object.fromEntries(drift.map((d) => [d.field, d._count])) as Record<string, number>,
  }
}

const first = await measure({ name: RECONCILE_BILLING, data: {} })
const firstRows = await db.subscription.count()

// ---- the daily comparison: drift no event announces ----
const lostRows = seeded.slice(3 * DRIFT_EACH, 4 * DRIFT_EACH).map((s) => s.subscription.id)
await db.subscription.deleteMany({ where: { id: { in: lostRows } } })
for (const { subscription } of seeded.slice(4 * DRIFT_EACH, 5 * DRIFT_EACH)) subscription.status = 'past_due'
const ORPHANS = 40 // live rows Stripe does not have: more than one sweep looks up, to show the cap
await db.subscription.createMany({
  data: Array.from({ length: ORPHANS }, (_, i) => ({ id: `sub_bench_orphan_${i}`, organizationId: `org_${i}`, customerId: `cus_bench_orphan_${i}`, status: 'active', priceId: price.id, stripeStateAt: observed, createdAt: observed })),
})
const comparison = await measure({ name: COMPARE_SUBSCRIPTIONS, data: {} })
const expectedRows = (comparison.driftByField.row ?? 0) === DRIFT_EACH + Math.min(ORPHANS, MISSING_LOOKUPS_PER_SWEEP)

const result = {
  customers,
  seeded: { missing: DRIFT_EACH, wrongStatus: DRIFT_EACH, missedCancelAt: DRIFT_EACH, seedMs: Math.round(seedMs) },
  ...first,
  allDriftFound: (first.driftByField.row ?? 0) === DRIFT_EACH && (first.driftByField.status ?? 0) === DRIFT_EACH && (first.driftByField.cancelAt ?? 0) === DRIFT_EACH,
  subscriptionRows: firstRows,
  comparison: {
    seeded: { rowsLost: DRIFT_EACH, statusChangedInStripe: DRIFT_EACH, rowsNotInStripe: ORPHANS, lookedUpPerSweep: MISSING_LOOKUPS_PER_SWEEP },
    ...comparison,
    // Lost rows recreated, each status repaired, and as many missing rows reported as one sweep looks up.
    allDriftFound: expectedRows && (comparison.driftByField.status ?? 0) === DRIFT_EACH && Object.keys(comparison.driftByField).length === 2,
    subscriptionRows: await db.subscription.count(),
  },
}
console.log(JSON.stringify(result))
await db.$disconnect()
await Promise.all([double.close(), inngest.close()])
process.exit(0)
