import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { env, testClocksOn } from '@/lib/env'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { clampText, MAX_CUSTOMER_EMAIL, MAX_CUSTOMER_NAME, stripeMetadata } from '@/lib/stripe/limits'

/**
 * The organization's Stripe customer id, creating the customer on first need. Exactly once per organization,
 * even when two checkouts race (both send the same idempotency key, so Stripe returns one customer to both, and
 * the unique `stripeCustomerId` column is only ever set from null) and even after a failed attempt (a 500 may
 * come after Stripe created the customer: the next attempt looks for it before creating one). The customer's
 * email is the address of `billingUser`, the owner who first needed it (Stripe sends receipts there).
 * With test clocks on (the local sandbox, or STRIPE_TEST_CLOCKS=true on a test account: decision 0053), the customer
 * is created on a test clock of its own, made first, so the developer can move its time (/dev/test-clock).
 */
export async function ensureStripeCustomer(stripe: Stripe, organizationId: string, billingUser: { email?: string | null }): Promise<string> {
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
  if (organization.stripeCustomerId) return organization.stripeCustomerId

  // Sign-in caps addresses at 320 characters, under Stripe's 512; a longer one would be left off, not sent.
  const email = billingUser.email && billingUser.email.length <= MAX_CUSTOMER_EMAIL ? billingUser.email : undefined
  // The name is what a person typed (or a personal organization's email address): cut to Stripe's 150 characters,
  // so a long one never fails the checkout. The app's own copy keeps it whole.
  const name = clampText(organization.name, MAX_CUSTOMER_NAME)
  const testClock = testClocksOn(env()) ? await createTestClock(stripe, organization.id, name) : undefined
  const customer = await withIdempotencyKey(customerScope(organization.id), async ({ key, attempt }) => {
    const earlier = attempt > 0 && email ? await findCustomerOf(stripe, organization.id, email, testClock) : null
    const created = { email, name, metadata: stripeMetadata({ organizationId: organization.id }), ...(testClock && { test_clock: testClock }) }
    return earlier ?? stripe.customers.create(created, { idempotencyKey: key })
  })
  await db.organization.updateMany({ where: { id: organization.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } })
  const saved = await db.organization.findUniqueOrThrow({ where: { id: organization.id }, select: { stripeCustomerId: true } })
  return saved.stripeCustomerId ?? customer.id
}

/** The idempotency scope of the organization's customer creation. */
export const customerScope = (organizationId: string) => `tollgate:customer:${organizationId}`

/** The idempotency scope of the test clock the organization's customer is created on. */
export const testClockScope = (organizationId: string) => `tollgate:test-clock:${organizationId}`

/**
 * A new test clock for the organization's customer, at the current minute: every instance creating it in the same
 * minute sends the same parameters under the same key, so two racing checkouts get one clock (a key reused with
 * other parameters is refused, https://docs.stripe.com/api/idempotent_requests). The name is the organization's,
 * which the dashboard and /dev/test-clock show ("The name for this test clock", up to 300 characters).
 */
async function createTestClock(stripe: Stripe, organizationId: string, name: string): Promise<string> {
  const minute = Math.floor(Date.now() / 60_000) * 60
  const clock = await withIdempotencyKey(testClockScope(organizationId), ({ key }) =>
    stripe.testHelpers.testClocks.create({ frozen_time: minute, name }, { idempotencyKey: key }),
  )
  return clock.id
}

/**
 * A customer this app created for the organization, by email (a strongly consistent list, unlike search) and metadata.
 * A customer on a test clock is listed only when the list names its clock (the SDK's CustomerListParams.test_clock).
 */
async function findCustomerOf(stripe: Stripe, organizationId: string, email: string, testClock?: string): Promise<Stripe.Customer | null> {
  for await (const customer of stripe.customers.list({ email, limit: 100, ...(testClock && { test_clock: testClock }) })) {
    if (customer.metadata.organizationId === organizationId) return customer
  }
  return null
}
