import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { isLiveSubscription } from './entitlements'
import { releasePendingPlanChange } from './plan-changes/schedule'
import { syncStripeCustomer } from './sync-customer'

/**
 * The reasons Stripe accepts in `cancellation_details[feedback]`, with the words the form shows
 * (https://docs.stripe.com/api/subscriptions/update#update_subscription-cancellation_details-feedback). Stripe's
 * Dashboard and Sigma report on them, so keep Stripe's values; reword the labels freely.
 */
export const CANCELLATION_REASONS = [
  { value: 'too_expensive', label: 'It’s too expensive' },
  { value: 'missing_features', label: 'Some features are missing' },
  { value: 'switched_service', label: 'I’m switching to another service' },
  { value: 'unused', label: 'I don’t use it enough' },
  { value: 'too_complex', label: 'It’s too complicated' },
  { value: 'low_quality', label: 'The quality wasn’t good enough' },
  { value: 'customer_service', label: 'Customer service let me down' },
  { value: 'other', label: 'Another reason' },
] as const satisfies readonly { value: Stripe.SubscriptionUpdateParams.CancellationDetails.Feedback; label: string }[]

export type CancellationReason = (typeof CANCELLATION_REASONS)[number]['value']

type Cancellation = { subscriptionId: string; feedback: CancellationReason; comment?: string }

/** Whether the row says a cancellation is scheduled: `cancel_at_period_end`, or a `cancel_at` (flexible billing mode). */
export const cancellationPending = (row: { cancelAtPeriodEnd: boolean; cancelAt: Date | null }) => row.cancelAtPeriodEnd || row.cancelAt !== null

/**
 * Schedules the organization's subscription to cancel at the end of the period it has paid for, with the
 * customer's reason. Already scheduled: nothing to do, so a second click succeeds without a second write.
 */
export async function cancelAtPeriodEnd(stripe: Stripe, organizationId: string, { subscriptionId, feedback, comment }: Cancellation): Promise<void> {
  const row = await liveSubscriptionOf(organizationId, subscriptionId)
  if (cancellationPending(row)) return
  // A pending downgrade's schedule goes first: Stripe refuses to change the cancellation of a subscription a schedule
  // manages, and a plan change at the moment the subscription ends would mean nothing (decision 0030).
  await releasePendingPlanChange(stripe, organizationId)
  await withIdempotencyKey(stateScope('cancel', row), ({ key }) =>
    stripe.subscriptions.update(
      row.id,
      { cancel_at_period_end: true, cancellation_details: { feedback, ...(comment?.trim() && { comment: comment.trim() }) } },
      { idempotencyKey: key },
    ),
  )
  await syncStripeCustomer(stripe, row.customerId) // the page shows the cancellation without waiting for the webhook
}

/**
 * Takes back a scheduled cancellation: the subscription renews as before. A cancellation set as `cancel_at`
 * (flexible billing mode, as the portal sets it) is removed with an empty `cancel_at`
 * (https://docs.stripe.com/api/subscriptions/update#update_subscription-cancel_at); one set with
 * `cancel_at_period_end` by setting it back to false. Nothing scheduled: nothing to do.
 */
export async function keepSubscription(stripe: Stripe, organizationId: string, subscriptionId: string): Promise<void> {
  const row = await liveSubscriptionOf(organizationId, subscriptionId)
  if (!cancellationPending(row)) return
  const params: Stripe.SubscriptionUpdateParams = row.cancelAtPeriodEnd ? { cancel_at_period_end: false } : { cancel_at: '' }
  await withIdempotencyKey(stateScope('keep', row), ({ key }) => stripe.subscriptions.update(row.id, params, { idempotencyKey: key }))
  await syncStripeCustomer(stripe, row.customerId)
}

/** The subscription, looked up inside the organization only: another organization's id is not found. */
async function liveSubscriptionOf(organizationId: string, subscriptionId: string) {
  const row = await db.subscription.findFirst({ where: { id: subscriptionId, organizationId } })
  if (!row) throw new ActionFailure('not_found', 'This organization has no such subscription.')
  if (!isLiveSubscription(row.status)) throw new ActionFailure('conflict', 'This subscription has already ended. Choose a plan to subscribe again.')
  return row
}

/**
 * The key names the state the request was made from: clicks on the same page share it (Stripe runs the write
 * once and replays the answer), while a later cancel after "Keep my plan" starts from a newer state and gets a key
 * of its own. A time window instead would replay the first cancel's answer and cancel nothing. Decision 0025.
 */
const stateScope = (action: 'cancel' | 'keep', row: { id: string; stripeStateAt: Date }) => `tollgate:${action}:${row.id}:${row.stripeStateAt.getTime()}`
