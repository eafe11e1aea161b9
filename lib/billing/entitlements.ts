// What a user may do, from their subscriptions. The one place that decides it: pages, server actions and route
// handlers all ask `getEntitlements` (lib/billing/get-entitlements.ts), which reads the database through this.
// Every Stripe status is decided here (https://docs.stripe.com/billing/subscriptions/overview#subscription-statuses),
// plus the states Stripe shows beside the status: collection paused, a first payment still settling, a payment
// waiting for the customer's confirmation.
import { FREE_PLAN, planFor, type Feature, type Plan } from './catalog'

/**
 * past_due means a renewal payment failed and Stripe is retrying it. Keeping access during the retries is the
 * usual choice: the grace period is then Stripe's retry schedule (Dashboard → Billing → Revenue recovery), after
 * which Stripe cancels the subscription or marks it unpaid, and access ends. Set to false to cut access at once.
 */
export const PAST_DUE_KEEPS_ACCESS = true

/**
 * `pause_collection` behaviours that keep the plan's features. Stripe documents keep_as_draft and
 * mark_uncollectible as "temporarily offer services for free" and void as "temporarily stop offering services"
 * (https://docs.stripe.com/billing/subscriptions/pause-payment). Decision 0010.
 */
export const COLLECTION_PAUSE_KEEPS_ACCESS: ReadonlySet<string> = new Set(['keep_as_draft', 'mark_uncollectible'])

export type SubscriptionState = {
  id: string
  status: string
  priceId: string
  priceLookupKey: string | null
  productId: string | null
  currentPeriodEnd: Date | null
  trialEnd: Date | null
  cancelAtPeriodEnd: boolean
  cancelAt: Date | null
  createdAt: Date
  /** `pause_collection.behavior`, null or absent while payments are collected. */
  pauseCollection?: string | null
  /** The latest invoice: id, status, billing_reason, hosted page. */
  invoiceId?: string | null
  invoiceStatus?: string | null
  invoiceReason?: string | null
  invoiceUrl?: string | null
  /** The invoice whose payment needs the customer's confirmation (invoice.payment_action_required). */
  actionInvoiceId?: string | null
}

/**
 * Where a subscription stands, in the terms the app acts on: Stripe's status, refined where the status alone
 * would mislead (an `active` subscription whose first bank payment has not cleared, a `past_due` one whose
 * payment only needs 3D Secure, an `active` one whose collection is paused). `ended` covers canceled and
 * incomplete_expired: nothing left to manage.
 */
export type Standing =
  | 'trialing'
  | 'active'
  | 'collection_paused'
  | 'payment_processing'
  | 'action_required'
  | 'past_due'
  | 'paused'
  | 'unpaid'
  | 'incomplete'
  | 'ended'

export type Entitlements = {
  plan: Plan
  /** The subscription that grants the plan, or the one needing attention; null on Free. */
  subscription: SubscriptionState | null
  /** Where `subscription` stands; null on Free. */
  standing: Standing | null
  features: ReadonlySet<Feature>
  limits: Plan['limits']
  /** A payment failed; the user should update their payment method (access follows PAST_DUE_KEEPS_ACCESS). */
  pastDue: boolean
}

const ENDED = new Set(['canceled', 'incomplete_expired'])

export function standingOf(subscription: SubscriptionState): Standing {
  const { status } = subscription
  if (ENDED.has(status)) return 'ended'
  const openInvoice = subscription.invoiceStatus === 'open'
  if (openInvoice && subscription.actionInvoiceId && subscription.actionInvoiceId === subscription.invoiceId) return 'action_required'
  // A delayed method (bank debit) leaves the subscription active while its first invoice is still open: Checkout
  // completes `unpaid` and provisioning waits for checkout.session.async_payment_succeeded
  // (https://docs.stripe.com/checkout/fulfillment#delayed-notification).
  const firstInvoiceOpen = openInvoice && subscription.invoiceReason === 'subscription_create'
  if (status === 'active' && firstInvoiceOpen) return 'payment_processing'
  // That first payment failed: Stripe marks the subscription past_due, but it was never paid for, so it is
  // treated like an incomplete one (no grace period for a customer who never paid).
  if (status === 'past_due' && firstInvoiceOpen) return 'incomplete'
  if ((status === 'active' || status === 'trialing') && subscription.pauseCollection) return 'collection_paused'
  if (status === 'trialing' || status === 'active' || status === 'past_due' || status === 'paused' || status === 'unpaid' || status === 'incomplete') {
    return status
  }
  return 'ended' // a status newer than this code: grant nothing, and let the user buy or ask support
}

export function grantsAccess(subscription: SubscriptionState): boolean {
  switch (standingOf(subscription)) {
    case 'trialing':
    case 'active':
      return true
    case 'collection_paused':
      return COLLECTION_PAUSE_KEEPS_ACCESS.has(subscription.pauseCollection ?? '')
    case 'past_due':
      return PAST_DUE_KEEPS_ACCESS
    case 'action_required':
      return subscription.status === 'past_due' && PAST_DUE_KEEPS_ACCESS
    default:
      return false
  }
}

/**
 * Statuses in which a customer already has a subscription to manage (switch, resume, pay, confirm) rather than a
 * new one to buy: every status but canceled and incomplete_expired.
 */
export function isLiveSubscription(status: string): boolean {
  return !ENDED.has(status)
}

export function entitlementsFor(subscriptions: readonly SubscriptionState[]): Entitlements {
  const newestFirst = [...subscriptions].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
  const granting = newestFirst.find((s) => grantsAccess(s) && planFor(s))
  const plan = granting ? planFor(granting)! : FREE_PLAN
  const shown = granting ?? newestFirst.find((s) => isLiveSubscription(s.status)) ?? null
  const standing = shown ? standingOf(shown) : null
  return {
    plan,
    subscription: shown,
    standing,
    features: new Set(plan.features),
    limits: plan.limits,
    pastDue: standing === 'past_due',
  }
}
