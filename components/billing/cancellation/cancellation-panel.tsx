import { cancelSubscription, keepPlan } from '@/lib/billing/actions'
import { CANCELLATION_REASONS, cancellationPending } from '@/lib/billing/cancellation'
import type { Entitlements } from '@/lib/billing/entitlements'
import { formatDate } from '@/lib/format-date'
import { CancelSubscriptionForm } from './cancel-subscription-form'
import { KeepPlanForm } from './keep-plan-form'

/** Standings with a paid (or trial) period to end: a subscription still waiting for its first payment has none. */
const CANCELLABLE = new Set(['trialing', 'active', 'collection_paused', 'past_due', 'action_required', 'paused', 'unpaid'])

/**
 * Cancel at period end, or take a scheduled cancellation back, for the subscription /billing shows. What it offers
 * follows the database (the webhook path, plus the eager sync after each action), never a request to Stripe.
 */
export function CancellationPanel({ entitlements }: { entitlements: Entitlements }) {
  const { subscription, standing } = entitlements
  if (!subscription || !standing || !CANCELLABLE.has(standing)) return null
  const endsAt = subscription.cancelAt ?? subscription.currentPeriodEnd
  const endsOn = endsAt ? formatDate(endsAt) : 'the end of the current period'
  if (cancellationPending(subscription)) return <KeepPlanForm action={keepPlan} subscriptionId={subscription.id} endsOn={endsOn} />
  return <CancelSubscriptionForm action={cancelSubscription} subscriptionId={subscription.id} endsOn={endsOn} reasons={CANCELLATION_REASONS} />
}
