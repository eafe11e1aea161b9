import 'server-only'
import Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { findPrice } from '../catalog'
import { meteredPricesFor } from '../metered-prices'
import { meteredItemUpdates } from '../subscription-items'
import { syncStripeCustomer } from '../sync-customer'
import { changeableSubscription } from './changeable-subscription'
import { releaseSchedule, scheduleChange, scheduleIdOf } from './schedule'

export type PlanChangeOutcome = { timing: 'now' | 'period_end'; planName: string }

/**
 * Makes the change a preview showed, and only that: the token names the stored preview (price, quantity,
 * proration date), the organization must be the one it was made for, and Stripe's subscription must still be on
 * the price and quantity it was previewed from. Every write shares the preview's idempotency scope, so a double
 * click (or two tabs) makes one change. Afterwards the customer is synced at once, so /billing is right at once.
 */
export async function confirmPlanChange(stripe: Stripe, organizationId: string, token: string): Promise<PlanChangeOutcome> {
  const preview = await db.planChangePreview.findUnique({ where: { id: token } })
  if (!preview || preview.organizationId !== organizationId) throw new ActionFailure('not_found', 'That plan change was not found for this organization. Preview it again.')
  const entry = findPrice(preview.toLookupKey)
  if (!entry) throw new ActionFailure('invalid_input', 'That plan is not available.')
  const outcome: PlanChangeOutcome = { timing: preview.timing === 'now' ? 'now' : 'period_end', planName: entry.plan.name }
  if (preview.confirmedAt) return outcome
  if (preview.expiresAt.getTime() < Date.now()) throw new ActionFailure('conflict', 'This preview has expired. Preview the change again to see the current price.')

  const current = await changeableSubscription(stripe, organizationId)
  const { subscription, item } = current
  const alreadyMade = outcome.timing === 'now' && item.price.id === preview.toPriceId && item.quantity === preview.quantity
  if (!alreadyMade && (subscription.id !== preview.subscriptionId || item.price.id !== preview.fromPriceId || (item.quantity ?? 1) !== preview.fromQuantity)) {
    throw new ActionFailure('conflict', 'Your subscription changed since this preview. Preview the change again to see the new price.')
  }
  const scope = `tollgate:plan-change:${preview.id}`
  // The new plan's metered prices, paired with the current metered items by meter as the preview paired them.
  const metered = await meteredPricesFor(stripe, entry.plan, entry.price.interval)
  try {
    if (outcome.timing === 'period_end') {
      await scheduleChange(stripe, current, scope, { priceId: preview.toPriceId, quantity: preview.quantity, interval: entry.price.interval, meteredPriceIds: metered.map((price) => price.id) })
    } else {
      if (!alreadyMade) await upgradeNow(stripe, subscription.id, [{ id: item.id, price: preview.toPriceId, quantity: preview.quantity }, ...meteredItemUpdates(current.metered, metered)], preview, scope)
      // An upgrade replaces a downgrade still waiting, whose schedule would otherwise apply it at the period's end.
      // Released only once the upgrade went through: a declined card must leave the plan *and* the pending change
      // as they were. (A schedule-managed subscription's items can be updated directly:
      // https://docs.stripe.com/billing/subscriptions/subscription-schedules#updating.) A second click of a made
      // upgrade comes back here and releases a schedule the first click left behind.
      const pending = scheduleIdOf(subscription)
      if (pending) await releaseSchedule(stripe, pending)
    }
  } catch (error) {
    throw paymentFailure(error, current.from.plan.name) ?? error
  }
  await db.planChangePreview.updateMany({ where: { id: preview.id, confirmedAt: null }, data: { confirmedAt: new Date() } })
  const customer = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id
  await syncStripeCustomer(stripe, customer)
  return outcome
}

type StoredPreview = { prorationDate: number | null }

/**
 * The previewed upgrade, invoiced at once with the preview's proration date (none when it prorated nothing: a trial):
 * the licensed item's new price and quantity, and the metered items' moves (`items`).
 */
async function upgradeNow(stripe: Stripe, subscriptionId: string, items: Stripe.SubscriptionUpdateParams.Item[], preview: StoredPreview, scope: string) {
  await withIdempotencyKey(scope, ({ key }) =>
    stripe.subscriptions.update(
      subscriptionId,
      {
        items,
        proration_behavior: 'always_invoice',
        ...(preview.prorationDate !== null && { proration_date: preview.prorationDate }),
        // Decision 0029: a payment that fails or needs 3D Secure makes no change at all (HTTP 402).
        payment_behavior: 'error_if_incomplete',
      },
      { idempotencyKey: key },
    ),
  )
}

/** Stripe's refusals of the change, in words that say the old plan stays and what to do. */
function paymentFailure(error: unknown, oldPlan: string): ActionFailure | null {
  if (!(error instanceof Stripe.errors.StripeError)) return null
  if (error.statusCode === 409) return new ActionFailure('conflict', 'This change is already being made. Reload the page in a moment to see it.')
  if (error.statusCode !== 402) return null
  if (error.code === 'invoice_payment_intent_requires_action' || error.code === 'authentication_required') {
    return new ActionFailure(
      'payment_failed',
      `Your bank wants to confirm this payment, so nothing was charged and you stay on ${oldPlan}. Open Manage billing to use another card, or try again later.`,
    )
  }
  return new ActionFailure('payment_failed', `Your card was declined, so nothing was charged and you stay on ${oldPlan}. Open Manage billing to update your card, then try again.`)
}
