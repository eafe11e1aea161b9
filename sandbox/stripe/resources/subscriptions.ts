// Subscriptions carry one or more items (https://docs.stripe.com/billing/subscriptions/multiple-products): at most
// one licensed item (a flat or per-seat price) and any number of metered ones, billed in arrears from a Billing
// Meter. Since API 2025-03 the billing period lives on each item (`items.data[].current_period_start/end`), not on
// the subscription. All the items of a sandbox subscription share one interval, so one period: the mixed intervals
// flexible billing mode allows (https://docs.stripe.com/billing/subscriptions/mixed-interval) are not modelled.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { noSuch } from '../door/errors'
import { newId } from '../core/ids'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import { optionalString } from '../door/params'
import type { ApiRoute } from '../door/router'
import { planFromPrice } from './prices'

/** One item of a new subscription; a metered price has no quantity ("Quantity should not be defined when recurring.usage_type=metered"). */
export type NewItem = { price: Stripe.Price; quantity: number | null }

export type NewSubscription = {
  customer: string
  items: readonly NewItem[]
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
  const first = init.items[0]
  if (!first) throw new Error('a subscription needs at least one item')
  const items = init.items.map((entry) => createItem(core, id, entry, init.periodStart, init.periodEnd))
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
    currency: first.price.currency,
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
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
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

/** A subscription item, as `POST /v1/subscriptions` or an update's new `items[]` entry makes it. */
export function createItem(core: Core, subscriptionId: string, entry: NewItem, periodStart: number, periodEnd: number): Stripe.SubscriptionItem {
  return {
    id: newId('si_', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created: core.now(),
    current_period_end: periodEnd,
    current_period_start: periodStart,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planFromPrice(entry.price),
    price: entry.price,
    // A metered item has no quantity: its usage comes from the meter.
    ...(entry.quantity !== null && { quantity: entry.quantity }),
    subscription: subscriptionId,
    tax_rates: [],
  }
}

/** A price billed in arrears on what its meter counted (`recurring.usage_type: metered`). */
export const isMetered = (price: Stripe.Price): boolean => price.recurring?.usage_type === 'metered'

/**
 * The item prices, quantities and prorations are about: the licensed one (a sandbox subscription has at most one),
 * else the first. Its period is every item's period (one interval per subscription here).
 */
export function itemOf(subscription: Stripe.Subscription): Stripe.SubscriptionItem {
  const item = subscription.items.data.find((candidate) => !isMetered(candidate.price)) ?? subscription.items.data[0]
  if (!item) throw new Error(`subscription ${subscription.id} has no items`)
  return item
}

/** The items billed in arrears from a meter. */
export const meteredItemsOf = (subscription: Stripe.Subscription): Stripe.SubscriptionItem[] => subscription.items.data.filter((item) => isMetered(item.price))

/** What an item bills in advance for a period: a metered item's usage is billed in arrears instead (billing-cycle.ts). */
export function amountOf(item: Stripe.SubscriptionItem): number {
  if (isMetered(item.price)) return 0
  return (item.price.unit_amount ?? 0) * (item.quantity ?? 1)
}

/** The lines a new period bills in advance: one per licensed item. */
export function advanceLines(subscription: Stripe.Subscription, periodStart: number, periodEnd: number): { item: Stripe.SubscriptionItem; amount: number; periodStart: number; periodEnd: number }[] {
  return subscription.items.data.filter((item) => !isMetered(item.price)).map((item) => ({ item, amount: amountOf(item), periodStart, periodEnd }))
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
