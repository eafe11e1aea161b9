// What the customer portal does when a customer acts, as its configuration says. The same changes as the API
// (resources/subscription-changes.ts), plus the portal's own rules: only the configured cancel mode and listed
// prices, the configuration's proration, and its `trial_update_behavior` for a plan change during a trial.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid } from '../door/errors'
import { toWire } from '../core/wire'
import { cancelNow } from '../resources/subscription-cancel'
import { changeSubscription, endTrialNow } from '../resources/subscription-changes'
import { itemOf } from '../resources/subscriptions'

type Configuration = Stripe.BillingPortal.Configuration
const PRORATIONS = ['create_prorations', 'none', 'always_invoice'] as const
export type CancellationFeedback = Stripe.Subscription.CancellationDetails.Feedback

/** The prices the portal offers this subscription: those listed in the configuration, when its product is listed. */
export function switchablePrices(core: Core, configuration: Configuration, subscription: Stripe.Subscription): Stripe.Price[] {
  const update = configuration.features.subscription_update
  // https://docs.stripe.com/customer-management/configure-portal#subscription-update — the portal lets a customer
  // switch only between the products and prices the configuration lists.
  if (!update.enabled || !update.default_allowed_updates.includes('price')) return []
  // A subscription with several items (a metered one beside its plan) is not one the portal updates: "this plan is
  // not one that is supported by the portal for updates (see limitations). As a result, we can only support
  // cancellation" (https://support.stripe.com/questions/billing-customer-portal, https://docs.stripe.com/customer-management#customer-portal-limitations).
  if (subscription.items.data.length > 1) return []
  const products = update.products ?? []
  const current = itemOf(subscription).price
  if (!products.some((entry) => entry.product === current.product)) return []
  return products
    .flatMap((entry) => entry.prices)
    .flatMap((id) => core.prices.get(id) ?? [])
    .filter((price) => price.active && price.id !== current.id && price.currency === subscription.currency)
}

export function portalSwitch(core: Core, configuration: Configuration, subscription: Stripe.Subscription, priceId: string): void {
  const price = switchablePrices(core, configuration, subscription).find((candidate) => candidate.id === priceId)
  if (!price) throw invalid(`This portal configuration does not offer the price ${priceId}.`, 'price')
  const update = configuration.features.subscription_update
  if (subscription.status === 'trialing' && update.trial_update_behavior === 'end_trial') return switchEndingTrial(core, subscription, price)
  // continue_trial: the trial goes on with the new price, and nothing is invoiced until it ends.
  const prorationBehavior = PRORATIONS.find((behavior) => behavior === update.proration_behavior)
  changeSubscription(core, subscription, { price, prorationBehavior })
}

/**
 * `end_trial` (the default): the trial ends now, the cycle restarts today and the new price is charged at once, and
 * Stripe fires `customer.subscription.trial_will_end` immediately — "when a Customer Portal plan change ends a
 * trial" (https://docs.stripe.com/api/events/types#event_types-customer.subscription.trial_will_end). The same
 * change as `trial_end=now` with the new price through the API.
 */
function switchEndingTrial(core: Core, subscription: Stripe.Subscription, price: Stripe.Price): void {
  if (!price.recurring) throw invalid('The portal only switches to recurring prices.', 'price')
  endTrialNow(core, subscription, toWire(subscription), { price })
}

/**
 * The one cancel mode the configuration has. `at_period_end` on a flexible-billing-mode subscription (the default
 * for new subscriptions) resolves the period end to a timestamp at once: `cancel_at` is set and
 * `cancel_at_period_end` stays false (https://docs.stripe.com/changelog/basil/2025-05-28/cancel-at-enums,
 * https://docs.stripe.com/billing/subscriptions/billing-mode). Classic mode keeps `cancel_at_period_end: true`.
 */
export function portalCancel(core: Core, configuration: Configuration, subscription: Stripe.Subscription, feedback: string | undefined): void {
  const cancel = configuration.features.subscription_cancel
  if (!cancel.enabled) throw invalid('This portal configuration does not allow cancelling.')
  const reason = readFeedback(cancel, feedback)
  // `create_prorations` credits the unused time on the customer's next invoice; `none` credits nothing
  // (https://docs.stripe.com/api/customer_portal/configurations/create#create_portal_configuration-features-subscription_cancel-proration_behavior).
  if (cancel.mode === 'immediately') {
    cancelNow(core, subscription, { prorate: cancel.proration_behavior === 'create_prorations' })
    return
  }
  const periodEnd = itemOf(subscription).current_period_end
  const change = subscription.billing_mode.type === 'flexible' ? { cancelAt: periodEnd } : { cancelAtPeriodEnd: true }
  changeSubscription(core, subscription, { ...change, feedback: reason })
}

function readFeedback(cancel: Stripe.BillingPortal.Configuration.Features.SubscriptionCancel, feedback: string | undefined): CancellationFeedback | undefined {
  if (feedback === undefined || feedback === '') return undefined
  const options: readonly string[] = cancel.cancellation_reason.enabled ? cancel.cancellation_reason.options : []
  const match = options.find((option) => option === feedback)
  if (!match) throw invalid(`This portal configuration does not offer the cancellation reason ${feedback}.`, 'feedback')
  return match
}
