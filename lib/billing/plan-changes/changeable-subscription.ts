import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { findPrice, planFor, type CatalogPrice, type Plan } from '../catalog'
import { entitlementsFor } from '../entitlements'
import { licensedItem, meteredItems, productIdOf } from '../subscription-items'

export type ChangeableSubscription = {
  subscription: Stripe.Subscription
  /** The licensed item (flat or per-seat): the plan, its price and seat count. */
  item: Stripe.SubscriptionItem
  /** The metered items, swapped for the new plan's by meter (lib/billing/subscription-items.ts). */
  metered: Stripe.SubscriptionItem[]
  from: { plan: Plan; price: CatalogPrice }
}

const CHANGEABLE = new Set(['active', 'trialing'])

/**
 * The organization's subscription as Stripe has it now, when its plan can change: active or trialing, not set
 * to cancel, on a catalog price. The row only says which subscription; the decision reads Stripe's copy, so a
 * webhook still in flight cannot make the app change a plan the customer no longer has.
 */
export async function changeableSubscription(stripe: Stripe, organizationId: string): Promise<ChangeableSubscription> {
  const rows = await db.subscription.findMany({ where: { organizationId } })
  const shown = entitlementsFor(rows).subscription
  if (!shown) throw new ActionFailure('not_found', 'This organization has no subscription to change. Choose a plan on the pricing page.')
  const subscription = await stripe.subscriptions.retrieve(shown.id, { expand: ['latest_invoice'] })
  const item = licensedItem(subscription)
  if (!item) throw new Error(`Subscription ${subscription.id} has no licensed item`)
  if (!CHANGEABLE.has(subscription.status)) {
    throw new ActionFailure('conflict', 'This subscription has a payment to settle first. Open Manage billing to pay it, then change your plan.')
  }
  // A first payment still settling (a bank debit: the subscription is active, its first invoice open) has paid for
  // no time yet, so there is nothing to credit or prorate against (entitlements.ts, payment_processing).
  const latest = subscription.latest_invoice
  if (typeof latest === 'object' && latest?.status === 'open' && latest.billing_reason === 'subscription_create') {
    throw new ActionFailure('conflict', 'Your first payment is still clearing. Change your plan once it has; we email you if it fails.')
  }
  if (subscription.cancel_at !== null || subscription.cancel_at_period_end) {
    throw new ActionFailure('conflict', 'This subscription is set to cancel. Resume it first, then change your plan.')
  }
  const entry = item.price.lookup_key ? findPrice(item.price.lookup_key) : undefined
  const plan = entry?.plan ?? planFor({ productId: productIdOf(item.price) })
  const price = entry?.price ?? plan?.prices.find((p) => p.interval === item.price.recurring?.interval)
  if (!plan || !price) throw new ActionFailure('conflict', 'This subscription is on a price the catalog does not list. Open Manage billing to change it.')
  return { subscription, item, metered: meteredItems(subscription), from: { plan, price } }
}
