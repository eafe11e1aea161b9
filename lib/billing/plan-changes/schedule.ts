import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'

type Pending = { subscription: Stripe.Subscription; item: Stripe.SubscriptionItem; metered: readonly Stripe.SubscriptionItem[] }

export const scheduleIdOf = (subscription: Stripe.Subscription) =>
  typeof subscription.schedule === 'string' ? subscription.schedule : (subscription.schedule?.id ?? null)

/**
 * Schedules the change for the end of the current period: a schedule made from the subscription
 * (`from_subscription` takes no other parameter, https://docs.stripe.com/api/subscription_schedules/create), then
 * its phases: the current period on the current price, then the new price, released when that phase ends so the
 * subscription carries on as a plain one (https://docs.stripe.com/billing/subscriptions/subscription-schedules).
 * A phase lists every item the subscription has during it: the licensed item first (subscription-row.ts reads it by
 * that order), then the metered prices, which take no quantity.
 * A schedule already there (an earlier downgrade) gets the new phases instead.
 */
export async function scheduleChange(
  stripe: Stripe,
  { subscription, item, metered }: Pending,
  scope: string,
  change: { priceId: string; quantity: number; interval: 'month' | 'year'; meteredPriceIds: readonly string[] },
): Promise<Stripe.SubscriptionSchedule> {
  const existing = scheduleIdOf(subscription)
  const schedule = existing
    ? await stripe.subscriptionSchedules.retrieve(existing)
    : await withIdempotencyKey(`${scope}:schedule`, ({ key }) => stripe.subscriptionSchedules.create({ from_subscription: subscription.id }, { idempotencyKey: key }))
  const start = schedule.current_phase?.start_date ?? item.current_period_start
  return withIdempotencyKey(`${scope}:phases`, ({ key }) =>
    stripe.subscriptionSchedules.update(
      schedule.id,
      {
        end_behavior: 'release',
        proration_behavior: 'none',
        phases: [
          {
            items: [{ price: item.price.id, quantity: item.quantity ?? 1 }, ...metered.map((usage) => ({ price: usage.price.id }))],
            start_date: start,
            end_date: item.current_period_end,
          },
          {
            items: [{ price: change.priceId, quantity: change.quantity }, ...change.meteredPriceIds.map((price) => ({ price }))],
            duration: { interval: change.interval, interval_count: 1 },
          },
        ],
      },
      { idempotencyKey: key },
    ),
  )
}

/**
 * Drops the organization's pending plan change by releasing its schedule: the subscription stays exactly as it is,
 * without a schedule (https://docs.stripe.com/api/subscription_schedules/release). Returns whether there was one.
 * Call it before cancelling (decision 0030): Stripe refuses to change the cancellation of a subscription a
 * schedule manages, and a downgrade at the moment the subscription ends would mean nothing.
 */
export async function releasePendingPlanChange(stripe: Stripe, organizationId: string): Promise<boolean> {
  const rows = await db.subscription.findMany({ where: { organizationId, scheduleId: { not: null } }, select: { id: true } })
  let released = false
  for (const row of rows) {
    const subscription = await stripe.subscriptions.retrieve(row.id)
    const scheduleId = scheduleIdOf(subscription)
    if (!scheduleId) continue
    await releaseSchedule(stripe, scheduleId)
    released = true
  }
  return released
}

export async function releaseSchedule(stripe: Stripe, scheduleId: string): Promise<void> {
  await withIdempotencyKey(`tollgate:release-schedule:${scheduleId}`, ({ key }) => stripe.subscriptionSchedules.release(scheduleId, {}, { idempotencyKey: key }))
}
