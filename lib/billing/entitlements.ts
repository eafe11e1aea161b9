// What a user may do, from their subscriptions. The one place that decides it: pages, server actions and route
// handlers all ask `getEntitlements` (lib/billing/get-entitlements.ts), which reads the database through this.
import { FREE_PLAN, planFor, type Feature, type Plan } from './catalog'

/**
 * past_due means a renewal payment failed and Stripe is retrying it. Keeping access during the retries is the
 * usual choice: the grace period is then Stripe's retry schedule (Dashboard → Billing → Revenue recovery), after
 * which Stripe cancels the subscription or marks it unpaid, and access ends. Set to false to cut access at once.
 */
export const PAST_DUE_KEEPS_ACCESS = true

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
}

export type Entitlements = {
  plan: Plan
  /** The subscription that grants the plan, or the one needing attention; null on Free. */
  subscription: SubscriptionState | null
  features: ReadonlySet<Feature>
  limits: Plan['limits']
  /** A payment failed; the user should update their payment method (access follows PAST_DUE_KEEPS_ACCESS). */
  pastDue: boolean
}

export function grantsAccess(status: string): boolean {
  return status === 'trialing' || status === 'active' || (status === 'past_due' && PAST_DUE_KEEPS_ACCESS)
}

/** Statuses in which a customer already has a subscription to manage rather than a new one to buy. */
export function isLiveSubscription(status: string): boolean {
  return status === 'trialing' || status === 'active' || status === 'past_due'
}

export function entitlementsFor(subscriptions: readonly SubscriptionState[]): Entitlements {
  const newestFirst = [...subscriptions].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
  const granting = newestFirst.find((s) => grantsAccess(s.status) && planFor(s))
  const plan = granting ? planFor(granting)! : FREE_PLAN
  const shown = granting ?? newestFirst.find((s) => isLiveSubscription(s.status)) ?? null
  return {
    plan,
    subscription: shown,
    features: new Set(plan.features),
    limits: plan.limits,
    pastDue: shown?.status === 'past_due',
  }
}
