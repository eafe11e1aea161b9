// A test file's whole billing stack, for tests that subscribe through Checkout and watch the webhook pipeline: the
// Stripe double, the Inngest stand-in and an SMTP capture, wired in through the environment before any app module
// is imported, the catalog synced, and helpers to settle the pipeline and make a subscriber. The file still mocks
// `next/headers` itself (vi.mock is hoisted per file): `vi.mock('next/headers', () => nextHeadersMock())`.
import { expect } from 'vitest'
import { redirectOf, startBillingFixture } from './billing-fixture'
import { startInngestStandIn } from './inngest-stand-in'
import { personalOrganizationOf } from './organizations'
import { signInAs } from './request-context'
import { startSmtpCapture } from './smtp-capture'
import { createWebhookPipeline } from './webhook-pipeline'

/** `testClocks`: each new customer on a test clock of its own, as with STRIPE_TEST_CLOCKS=true (decision 0053). */
export async function startSubscriberFixture({ testClocks = false }: { testClocks?: boolean } = {}) {
  const double = await startBillingFixture()
  const inngest = await startInngestStandIn()
  const smtp = await startSmtpCapture()
  process.env.INNGEST_DEV = inngest.url
  process.env.EMAIL_SERVER = smtp.url
  process.env.EMAIL_FROM = 'Tollgate <billing@example.com>'
  if (testClocks) process.env.STRIPE_TEST_CLOCKS = 'true'

  const { db } = await import('@/lib/db')
  const billing = await import('@/lib/billing/actions')
  const { PLANS } = await import('@/lib/billing/catalog')
  const { syncCatalog } = await import('@/lib/billing/sync-catalog')
  const { requireStripe } = await import('@/lib/stripe/client')
  const pipeline = await createWebhookPipeline(double, inngest)
  const stripe = requireStripe()

  /** Delivers every new event through the webhook route and runs what Inngest accepted; all must succeed. */
  async function settle() {
    expect((await pipeline.deliverNew()).every((status) => status === 200)).toBe(true)
    const runs = await pipeline.runQueued()
    expect(runs.filter((run) => run.error !== undefined)).toEqual([])
    return runs
  }

  /** A signed-in owner whose organization subscribes through Checkout, provisioned through the webhook pipeline. */
  async function subscriber(email: string, lookupKey = 'pro_monthly') {
    const user = await signInAs(db, email)
    const organization = await personalOrganizationOf(db, user)
    const sessionId = (await redirectOf(() => billing.checkout({ lookupKey }))).split('/').pop()!
    await double.completeCheckout(sessionId)
    await settle()
    const session = double.checkoutSessions.get(sessionId)!
    return { user, organization, subscriptionId: String(session.subscription), customerId: String(session.customer) }
  }

  return {
    double,
    inngest,
    smtp,
    db,
    billing,
    stripe,
    pipeline,
    settle,
    subscriber,
    /** For beforeAll: the catalog in the double, and its events settled. */
    start: async () => {
      await syncCatalog(stripe, PLANS)
      await settle()
    },
    /** For afterAll. */
    close: () => Promise.all([double.close(), inngest.close(), smtp.close()]),
  }
}
