// Subscriptions carry one item; since API 2025-03 the billing period lives on the item
// (`items.data[0].current_period_start/end`), not on the subscription.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { noSuch } from '../door/errors'
import { newId } from '../core/ids'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import { optionalString } from '../door/params'
import type { ApiRoute } from '../door/router'
import { planFromPrice } from './prices'

export type NewSubscription = {
  customer: string
  price: Stripe.Price
  quantity: number
  status: Stripe.Subscription.Status
  periodStart: number
  periodEnd: number
  trial: { start: number; end: number } | null
  metadata: Stripe.Metadata
  /** The card Checkout collected, charged before the customer's default (https://docs.stripe.com/api/subscriptions/object#subscription_object-default_payment_method). */
  defaultPaymentMethod?: string | null
}

const ENDED: readonly string[] = ['canceled', 'incomplete_expired']

export function createSubscription(core: Core, init: NewSubscription): Stripe.Subscription {
  const id = newId('sub_')
  const now = core.now()
  const item: Stripe.SubscriptionItem = {
    id: newId('si_', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created: now,
    current_period_end: init.periodEnd,
    current_period_start: init.periodStart,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planFromPrice(init.price),
    price: init.price,
    quantity: init.quantity,
    subscription: id,
    tax_rates: [],
  }
  const subscription: Stripe.Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: init.trial ? init.trial.end : init.periodStart,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: now },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: init.price.currency,
    customer: init.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: init.defaultPaymentMethod ?? null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: { object: 'list', data: [item], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: init.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: init.status,
    // A subscription lives on its customer's test clock (https://docs.stripe.com/billing/testing/test-clocks).
    test_clock: core.customers.get(init.customer)?.test_clock ?? null,
    transfer_data: null,
    trial_end: init.trial?.end ?? null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' } },
    trial_start: init.trial?.start ?? null,
  }
  core.subscriptions.set(id, subscription)
  return subscription
}

export function requireSubscription(core: Core, id: string): Stripe.Subscription {
  const subscription = core.subscriptions.get(id)
  if (!subscription) throw noSuch('subscription', id)
  return subscription
}

/** The double's subscriptions always have exactly one item. */
export function itemOf(subscription: Stripe.Subscription): Stripe.SubscriptionItem {
  const item = subscription.items.data[0]
  if (!item) throw new Error(`subscription ${subscription.id} has no items`)
  return item
}

export function amountOf(item: Stripe.SubscriptionItem): number {
  return (item.price.unit_amount ?? 0) * (item.quantity ?? 1)
}

export function isLive(subscription: Stripe.Subscription): boolean {
  return !ENDED.includes(subscription.status)
}

export const subscriptionReadRoutes: ApiRoute[] = [
  { method: 'GET', path: '/v1/subscriptions/:id', params: [], handle: ({ core, args: [id = ''] }) => requireSubscription(core, id) },
  {
    method: 'GET',
    path: '/v1/subscriptions',
    params: ['customer', 'price', 'status', 'test_clock', ...PAGINATION],
    handle: ({ core, params }) => {
      const customer = optionalString(params, 'customer')
      const price = optionalString(params, 'price')
      const status = optionalString(params, 'status')
      const testClock = optionalString(params, 'test_clock')
      const matches = newestFirst(core.subscriptions).filter(
        (subscription) =>
          (customer === undefined || subscription.customer === customer) &&
          matchesClock(subscription, customer, testClock) &&
          (price === undefined || subscription.items.data.some((item) => item.price.id === price)) &&
          matchesStatus(subscription, status),
      )
      return listOf(matches, params, '/v1/subscriptions')
    },
  },
]

/**
 * "Filter for subscriptions that are associated with the specified test clock. The response will not include
 * subscriptions with test clocks if this and the customer parameter is not set" (the pinned SDK's
 * `SubscriptionListParams.test_clock`).
 */
function matchesClock(subscription: Stripe.Subscription, customer: string | undefined, testClock: string | undefined): boolean {
  if (testClock !== undefined) return subscription.test_clock === testClock
  return customer !== undefined || subscription.test_clock === null
}

function matchesStatus(subscription: Stripe.Subscription, status: string | undefined): boolean {
  if (status === undefined) return isLive(subscription)
  if (status === 'all') return true
  if (status === 'ended') return !isLive(subscription)
  return subscription.status === status
}
