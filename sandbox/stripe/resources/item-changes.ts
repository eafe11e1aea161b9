// A request's `items[]` for a subscription with several items, read once for the update, the preview and a schedule's
// phases: which item each entry means, what it changes, and what Stripe refuses. The sandbox's subscriptions hold at
// most one licensed item (the flat or per-seat price) beside any number of metered ones, all on one interval.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid, noSuch } from '../door/errors'
import { isParams } from '../door/form-encoding'
import * as read from '../door/params'
import { valueNotModelled } from '../door/not-modelled'
import { requirePrice } from './prices'
import { isMetered, itemOf } from './subscriptions'

/** What an update does to the metered items: add one, move one to another price, or remove one. */
export type MeteredChange =
  | { kind: 'add'; price: Stripe.Price }
  | { kind: 'swap'; item: Stripe.SubscriptionItem; price: Stripe.Price }
  | { kind: 'delete'; item: Stripe.SubscriptionItem; clearUsage: boolean }

/** The licensed item's new price and quantity (either may be absent), and the metered items' changes. */
export type ItemChanges = { price?: Stripe.Price; quantity?: number; metered: MeteredChange[] }

/** A price a subscription can move to (or Checkout can sell): existing, active and recurring. */
export function requireSubscribablePrice(core: Core, id: string, param: string, currency?: string): Stripe.Price {
  const price = requirePrice(core, id, param)
  if (!price.active) throw invalid('The price specified is inactive. This field only accepts active prices.', param)
  if (price.type !== 'recurring') throw invalid('The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.', param)
  if (currency && price.currency !== currency) throw invalid(`The price specified uses currency ${price.currency}, but this subscription is in ${currency}.`, param)
  return price
}

/**
 * Reads `items[]` (`at` is the parameter's name: `items`, `subscription_details[items]`) as Stripe's update takes it
 * (https://docs.stripe.com/api/subscriptions/update#update_subscription-items): an entry with `id` changes that item
 * (`price`, `quantity`) or removes it (`deleted: true`; `clear_usage` "allowed only when `deleted` is set to true and
 * the current plan's `usage_type` is `metered`"); an entry without `id` adds an item. A metered price takes no
 * quantity ("Quantity should not be defined when recurring.usage_type=metered"); a subscription cannot hold one
 * price twice (https://docs.stripe.com/billing/subscriptions/multiple-products), nor be left without items.
 */
export function readItemChanges(core: Core, subscription: Stripe.Subscription, entries: readonly unknown[], at: string): ItemChanges {
  const changes: ItemChanges = { metered: [] }
  const licensed = itemOf(subscription)
  const prices = new Map(subscription.items.data.map((item) => [item.id, item.price]))
  entries.forEach((entry, index) => {
    const path = (field: string) => `${at}[${index}][${field}]`
    if (!isParams(entry)) throw invalid('Invalid object', `${at}[${index}]`)
    const id = read.optionalString(entry, 'id', path('id'))
    const item = id === undefined ? undefined : subscription.items.data.find((candidate) => candidate.id === id)
    if (id !== undefined && !item) throw noSuch('subscription item', id, path('id'))
    const priceId = read.optionalString(entry, 'price', path('price'))
    const price = priceId === undefined ? undefined : requireSubscribablePrice(core, priceId, path('price'), subscription.currency)
    const quantity = read.optionalInteger(entry, 'quantity', path('quantity'))
    const deleted = read.optionalBoolean(entry, 'deleted', path('deleted')) === true
    const clearUsage = read.optionalBoolean(entry, 'clear_usage', path('clear_usage')) === true
    if (quantity !== undefined && quantity < 1) throw invalid('Quantity must be at least 1.', path('quantity'))
    if (clearUsage && (!deleted || !item || !isMetered(item.price))) {
      throw invalid('clear_usage is allowed only when deleted is set to true and the current price is metered.', path('clear_usage'))
    }
    const metered = price ? isMetered(price) : item ? isMetered(item.price) : false
    if (metered && quantity !== undefined) throw invalid('Quantity should not be defined when `recurring.usage_type=metered`.', path('quantity'))
    if (deleted) {
      if (!item) throw invalid('An item to delete needs its id.', path('id'), 'parameter_missing')
      if (!isMetered(item.price)) throw valueNotModelled('The Stripe sandbox models removing metered items only; change the licensed item instead.', path('deleted'))
      prices.delete(item.id)
      changes.metered.push({ kind: 'delete', item, clearUsage })
      return
    }
    if (!item) {
      if (!price) throw invalid('A new item needs a price.', path('price'), 'parameter_missing')
      if (!isMetered(price)) throw valueNotModelled('The Stripe sandbox models one licensed item per subscription; add metered prices only.', path('price'))
      refuseTwice(prices, price, path('price'))
      prices.set(`new-${index}`, price)
      changes.metered.push({ kind: 'add', price })
      return
    }
    if (price && isMetered(price) !== isMetered(item.price)) {
      throw valueNotModelled('The Stripe sandbox models an item keeping its usage type: remove the item and add another.', path('price'))
    }
    if (isMetered(item.price)) {
      if (price && price.id !== item.price.id) {
        refuseTwice(prices, price, path('price'))
        prices.set(item.id, price)
        changes.metered.push({ kind: 'swap', item, price })
      }
      return
    }
    if (item.id !== licensed.id) throw new Error(`subscription ${subscription.id} has two licensed items`)
    if (price) {
      refuseTwice(prices, price, path('price'), item.id)
      prices.set(item.id, price)
      changes.price = price
    }
    if (quantity !== undefined) changes.quantity = quantity
  })
  if (prices.size === 0) throw invalid('A subscription needs at least one item; cancel it instead.', at)
  refuseMixedIntervals([...prices.values()], at)
  return changes
}

function refuseTwice(prices: ReadonlyMap<string, Stripe.Price>, price: Stripe.Price, param: string, except?: string): void {
  for (const [key, other] of prices) {
    if (key !== except && other.id === price.id) throw invalid(`The price ${price.id} is already on this subscription; a subscription cannot have the same price twice.`, param)
  }
}

/**
 * Flexible billing mode lets one subscription mix intervals (https://docs.stripe.com/billing/subscriptions/mixed-interval);
 * the sandbox keeps one period per subscription and refuses them as not modelled rather than bill them wrongly.
 */
export function refuseMixedIntervals(prices: readonly Stripe.Price[], param: string): void {
  const [first, ...rest] = prices
  const key = (price: Stripe.Price) => `${price.recurring?.interval}:${price.recurring?.interval_count}`
  if (first && rest.some((price) => key(price) !== key(first))) {
    throw valueNotModelled('The Stripe sandbox models subscriptions whose prices share one billing interval: change every item to the new interval in the same request.', param)
  }
}

/**
 * The changes that make the subscription's items `targets` (a schedule's phase lists every item it wants,
 * https://docs.stripe.com/api/subscription_schedules/object#subscription_schedule_object-phases-items): the licensed item
 * takes the licensed target's price and quantity; a metered item whose price is still wanted stays, one whose meter a
 * new price reads moves to it, the rest are removed; wanted prices left over are added.
 */
export function changesToItems(subscription: Stripe.Subscription, targets: readonly { price: Stripe.Price; quantity: number | null }[]): ItemChanges {
  const changes: ItemChanges = { metered: [] }
  const licensed = itemOf(subscription)
  const licensedTarget = targets.find((target) => !isMetered(target.price))
  if (licensedTarget && !isMetered(licensed.price)) {
    if (licensedTarget.price.id !== licensed.price.id) changes.price = licensedTarget.price
    if ((licensedTarget.quantity ?? 1) !== (licensed.quantity ?? 1)) changes.quantity = licensedTarget.quantity ?? 1
  }
  const wanted = targets.filter((target) => isMetered(target.price)).map((target) => target.price)
  const current = subscription.items.data.filter((item) => isMetered(item.price))
  const kept = current.filter((item) => wanted.some((price) => price.id === item.price.id))
  let left = wanted.filter((price) => !kept.some((item) => item.price.id === price.id))
  for (const item of current) {
    if (kept.includes(item)) continue
    const same = left.find((price) => price.recurring?.meter != null && price.recurring.meter === item.price.recurring?.meter)
    if (same) {
      changes.metered.push({ kind: 'swap', item, price: same })
      left = left.filter((price) => price !== same)
    } else changes.metered.push({ kind: 'delete', item, clearUsage: false })
  }
  for (const price of left) changes.metered.push({ kind: 'add', price })
  return changes
}
