// The sync function every subscription event runs in Inngest: syncStripeCustomer(stripe, customerId), timed per
// customer against the Stripe double (in this process) and a migrated SQLite file. The "list only" figure is the
// same Stripe call alone, so what remains is the function's own work (database reads and writes).
import { join } from 'node:path'
import type Stripe from 'stripe'
import { migrate } from '@/lib/db/migrate'
import { startStripeDouble } from '@/sandbox/stripe'
import { BENCH_WEBHOOK_SECRET } from './payloads'
import { latencySummary, type LatencySummary } from './latency'

export type SyncStats = { syncs: number; sync: LatencySummary; listOnly: LatencySummary; syncsPerSecond: number }

export async function prepareSync(dir: string, customers = 200) {
  const double = await startStripeDouble({ autoDeliver: false })
  const url = `file:${join(dir, 'sync.db')}`
  await migrate(url)
  // lib/env reads process.env once, on first use: set everything before the first app import.
  Object.assign(process.env, { DATABASE_URL: url, STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_API_URL: double.url, STRIPE_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET })
  const { db } = await import('@/lib/db')
  const { syncStripeCustomer } = await import('@/lib/billing/sync-customer')
  const { createStripe } = await import('@/lib/stripe/client')

  const api = double.client()
  const product = await api.products.create({ name: 'Bench', metadata: { plan: 'bench' } })
  const price = await api.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' }, lookup_key: 'bench_monthly' })
  const ids: string[] = []
  for (let i = 0; i < customers; i += 1) {
    const email = `bench${i}@example.com`
    const customer = await api.customers.create({ email })
    await db.organization.create({ data: { name: email, stripeCustomerId: customer.id, personalOwner: { create: { email } } } })
    const session = await api.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'http://localhost:3000/billing/success?session_id={CHECKOUT_SESSION_ID}',
    })
    await double.completeCheckout(session.id)
    ids.push(customer.id)
  }

  // The app's own client settings (retries, timeout, API version), pointed at the double.
  const stripe = createStripe('sk_test_bench', double.url)
  const syncOne = async (customerId: string) => {
    const result = await syncStripeCustomer(stripe, customerId)
    if (result.status !== 'synced' || result.subscriptions.length !== 1) throw new Error(`sync of ${customerId} gave ${JSON.stringify(result)}`)
  }
  const listOne = async (customerId: string) => {
    const seen: Stripe.Subscription[] = []
    for await (const subscription of stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 })) seen.push(subscription)
    if (seen.length !== 1) throw new Error(`expected one subscription for ${customerId}`)
  }
  // Untimed first pass: creates every Subscription row and warms the JIT, so runs time the steady state (an update).
  for (const id of ids) await syncOne(id)

  return {
    async run(): Promise<SyncStats> {
      const sync = await timeEach(ids, syncOne)
      const listOnly = await timeEach(ids, listOne)
      const total = sync.reduce((sum, ms) => sum + ms, 0)
      return { syncs: ids.length, sync: latencySummary(sync), listOnly: latencySummary(listOnly), syncsPerSecond: (ids.length * 1000) / total }
    },
    async close() {
      await db.$disconnect()
      await double.close()
    },
  }
}

async function timeEach(ids: readonly string[], work: (id: string) => Promise<void>): Promise<number[]> {
  const times: number[] = []
  for (const id of ids) {
    const started = performance.now()
    await work(id)
    times.push(performance.now() - started)
  }
  return times
}
