// The seat sync: an organization's Stripe quantity follows its member count. Why it is shaped this way
// (decisions 0023 and 0042):
// - Stripe makes at most 10 new invoices per subscription a minute and 20 a day (https://docs.stripe.com/rate-limits),
//   and an added seat is invoiced at once (`always_invoice`). Sent once per membership change, a class of 25
//   accepting their invitations would ask for 25 invoices and be refused past the tenth.
// - So changes are coalesced: inngest/sync-organization-seats.ts is debounced per organization, and one run sets
//   the quantity of the moment, for the whole burst: one update, at most one invoice.
// - And spread-out changes are capped: past SEAT_INVOICES_PER_DAY immediate seat invoices for a subscription in 24
//   hours (./seat-invoice-budget.ts, counted in the database across instances), an increase is sent with
//   `create_prorations` instead: the prorated charge waits as a pending item for the subscription's next invoice.
//   The prorated charge is the same either way, so the customer still pays for every seat; only when the money
//   is collected changes.
import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { planFor } from './catalog'
import { isLiveSubscription } from './entitlements'
import { DUPLICATE_OF } from './one-subscription'
import { billingForSeatIncrease } from './seat-invoice-budget'
import { licensedItem, productIdOf } from './subscription-items'
import { syncStripeCustomer } from './sync-customer'

export type SeatSync =
  | { status: 'skipped'; reason: string }
  | { status: 'in_line'; subscriptionId: string; quantity: number }
  | { status: 'updated'; subscriptionId: string; from: number; to: number; prorationBehavior: ProrationBehavior }

type ProrationBehavior = 'always_invoice' | 'create_prorations' | 'none'

/**
 * The proration policy (decision 0023, amended by 0042). A seat added mid-period is charged for the rest of the
 * period: at once (`always_invoice`: Stripe invoices the prorated difference immediately) within the day's budget
 * of seat invoices, else on the next invoice (`create_prorations`). A seat removed is not credited (`none`): the
 * organization keeps paying for it until the period ends, and the next renewal bills the lower count. During a
 * trial nothing is charged either way. https://docs.stripe.com/billing/subscriptions/prorations
 */
export function prorationFor(from: number, to: number, status: string): 'always_invoice' | 'none' {
  return to > from && status !== 'trialing' ? 'always_invoice' : 'none'
}

/**
 * Sets the organization's live per-seat subscription to as many seats as it has members, reading both now (never
 * from an event): idempotent, and safe to run again or late. The request's key names what caused it (`cause`:
 * the webhook event, the reconciliation run; by default the organization's `seatVersion`) and the change seen,
 * so a retry repeats the same request while 3 → 2 → 3, or the same drift found again later, sends a new one —
 * Stripe replays a reused key's saved answer without applying anything. Stripe's quantity update:
 * https://docs.stripe.com/api/subscriptions/update (`items[]` with the licensed item's id and its quantity).
 */
export async function syncSeatQuantity(stripe: Stripe, organizationId: string, cause?: string): Promise<SeatSync> {
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: { stripeCustomerId: true, seatVersion: true, _count: { select: { memberships: true } } },
  })
  if (!organization) return { status: 'skipped', reason: `organization ${organizationId} no longer exists` }
  if (!organization.stripeCustomerId) return { status: 'skipped', reason: 'the organization has no Stripe customer' }
  const subscription = await liveSubscriptionOf(stripe, organization.stripeCustomerId)
  if (!subscription) return { status: 'skipped', reason: 'the organization has no live subscription' }
  // The seat count is the licensed item's quantity; metered items have none (lib/billing/subscription-items.ts).
  const item = licensedItem(subscription)
  if (!item) return { status: 'skipped', reason: `subscription ${subscription.id} has no licensed item` }
  const plan = planFor({ lookupKey: item.price.lookup_key, productId: productIdOf(item.price) })
  if (!plan?.perSeat) return { status: 'skipped', reason: `${plan?.name ?? 'this'} plan is not billed per seat` }

  const from = item.quantity ?? 1
  const to = Math.max(organization._count.memberships, 1)
  if (from === to) return { status: 'in_line', subscriptionId: subscription.id, quantity: to }
  const scope = `tollgate:seats:${subscription.id}:${cause ?? `v${organization.seatVersion}`}:${from}-${to}`
  const charged = prorationFor(from, to, subscription.status)
  const prorationBehavior = charged === 'always_invoice' ? await billingForSeatIncrease(scope, subscription.id) : charged
  await withIdempotencyKey(scope, ({ key }) =>
    stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: to }], proration_behavior: prorationBehavior }, { idempotencyKey: key }),
  )
  await syncStripeCustomer(stripe, organization.stripeCustomerId)
  return { status: 'updated', subscriptionId: subscription.id, from, to, prorationBehavior }
}

/** The customer's one live subscription (duplicates being canceled do not count; decision 0011). */
async function liveSubscriptionOf(stripe: Stripe, customerId: string): Promise<Stripe.Subscription | null> {
  for await (const subscription of stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 })) {
    if (isLiveSubscription(subscription.status) && !subscription.metadata[DUPLICATE_OF]) return subscription
  }
  return null
}

export type SeatDrift = { organizationId: string; subscriptionId: string; field: 'quantity'; was: number; now: number }

/**
 * Reconciliation's seat check, for the reconciler to call per organization: compares Stripe's quantity with the
 * member count, repairs it (through syncSeatQuantity, so under the same policy and keys), and returns what had
 * drifted, for the reconciler to store.
 */
export async function reconcileSeatQuantity(stripe: Stripe, organizationId: string, runId: string): Promise<SeatDrift[]> {
  const result = await syncSeatQuantity(stripe, organizationId, `reconcile:${runId}`)
  if (result.status !== 'updated') return []
  return [{ organizationId, subscriptionId: result.subscriptionId, field: 'quantity', was: result.from, now: result.to }]
}
