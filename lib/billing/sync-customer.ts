import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'
import { organizationForStripeReference } from '@/lib/organizations/stripe-reference'
import { subscriptionColumns } from './subscription-row'

export type SyncResult =
  | { status: 'synced'; organizationId: string; subscriptions: string[] }
  | { status: 'unknown_customer'; customerId: string }

/**
 * Brings one customer's subscriptions in the database to Stripe's current state. The webhook functions and the
 * checkout success page both call it, so it is idempotent and order-free: it never trusts an event's payload,
 * only what Stripe says now, and a row is only overwritten by a state observed later than the one it holds
 * (so a slow, older sync that finishes last changes nothing).
 */
export async function syncStripeCustomer(stripe: Stripe, customerId: string): Promise<SyncResult> {
  const organizationId = await organizationForCustomer(stripe, customerId)
  if (!organizationId) return { status: 'unknown_customer', customerId }

  const observedAt = new Date() // before the request: Stripe's answer is at least this fresh
  const ids: string[] = []
  // The latest invoice says whether a first payment is still settling or waits for the customer (entitlements.ts);
  // the schedule, which plan change waits for the period's end (lib/billing/plan-changes/). Same one request.
  const pages = stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100, expand: ['data.latest_invoice', 'data.schedule'] })
  for await (const subscription of pages) {
    await saveSubscription(organizationId, subscription, observedAt)
    ids.push(subscription.id)
  }
  return { status: 'synced', organizationId, subscriptions: ids }
}

/** Writes Stripe's state of one subscription unless the row holds a newer one; says whether it wrote. */
export async function saveSubscription(organizationId: string, subscription: Stripe.Subscription, observedAt: Date): Promise<boolean> {
  const data = { ...subscriptionColumns(subscription), organizationId, stripeStateAt: observedAt }
  const newer = { id: subscription.id, stripeStateAt: { lte: observedAt } }
  if ((await db.subscription.updateMany({ where: newer, data })).count > 0) return true
  try {
    await db.subscription.create({ data: { id: subscription.id, ...data } })
    return true
  } catch (error) {
    // Another sync created it first; apply ours only if it is the newer state.
    if (!isUniqueViolation(error)) throw error
    return (await db.subscription.updateMany({ where: newer, data })).count > 0
  }
}

/**
 * The organization a Stripe customer belongs to: by the unique column, else by the metadata we set when creating
 * it (`organizationId`, or `userId` on customers made before organizations: that user's personal organization).
 */
export async function organizationForCustomer(stripe: Stripe, customerId: string): Promise<string | null> {
  const linked = await db.organization.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } })
  if (linked) return linked.id
  const customer = await stripe.customers.retrieve(customerId)
  if (customer.deleted) return null
  const organizationId = await organizationForStripeReference({ organizationId: customer.metadata?.organizationId, userId: customer.metadata?.userId })
  if (!organizationId) return null
  const { count } = await db.organization.updateMany({ where: { id: organizationId, stripeCustomerId: null }, data: { stripeCustomerId: customerId } })
  return count > 0 ? organizationId : null
}
