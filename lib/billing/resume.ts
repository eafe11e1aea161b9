import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { syncStripeCustomer } from './sync-customer'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'

/**
 * Resumes the organization's paused subscription: a new billing period starts today and is charged at once. With
 * `resume_on_payment_success` the subscription stays paused if that payment fails, so a failed card never
 * leaves a resumed-but-unpaid subscription (https://docs.stripe.com/api/subscriptions/resume).
 */
export async function resumeSubscription(stripe: Stripe, organizationId: string): Promise<void> {
  const paused = await db.subscription.findFirst({ where: { organizationId, status: 'paused' }, orderBy: { createdAt: 'desc' } })
  if (!paused) throw new ActionFailure('not_found', 'This organization has no paused subscription to resume.')
  const minute = Math.floor(Date.now() / 60_000)
  // A double-click within the minute resumes once; a later resume (after another pause) is a new request.
  await withIdempotencyKey(`tollgate:resume:${paused.id}:${minute}`, ({ key }) =>
    stripe.subscriptions.resume(paused.id, { billing_cycle_anchor: { type: 'now' }, payment_behavior: 'resume_on_payment_success' }, { idempotencyKey: key }),
  )
  await syncStripeCustomer(stripe, paused.customerId) // show the resumed plan without waiting for the webhook
}
