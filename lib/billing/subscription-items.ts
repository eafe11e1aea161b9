// Which item of a subscription a reader means. A plan with metered components is one subscription with several items
// (https://docs.stripe.com/billing/subscriptions/multiple-products): its licensed item (the flat or per-seat price,
// the one with a quantity) and one metered item per meter, billed in arrears from a Billing Meter
// (https://docs.stripe.com/billing/subscriptions/usage-based/how-it-works). Every read of `items` goes through here
// and says which one it wants; none reads `items.data[0]`, whose order says nothing.
import type Stripe from 'stripe'

type WithItems = { items: { data: readonly Stripe.SubscriptionItem[] } }

/** A price billed in arrears on what its meter counted (`recurring.usage_type: metered`): it has no quantity. */
export const isMeteredPrice = (price: Pick<Stripe.Price, 'recurring'>): boolean => price.recurring?.usage_type === 'metered'

/**
 * The flat or per-seat item: what the plan, the seat count and the Subscription row are read from. Undefined for a
 * subscription with only metered items (none the app makes). The app's subscriptions hold one; of several, the first.
 */
export function licensedItem(subscription: WithItems): Stripe.SubscriptionItem | undefined {
  return subscription.items.data.find((item) => !isMeteredPrice(item.price))
}

/** The metered items, one per meter the plan bills. */
export function meteredItems(subscription: WithItems): Stripe.SubscriptionItem[] {
  return subscription.items.data.filter((item) => isMeteredPrice(item.price))
}

/** The meter a metered price reads (`recurring.meter`), which pairs a plan's metered item with its counterpart in another. */
export const meterIdOf = (price: Pick<Stripe.Price, 'recurring'>): string | null => price.recurring?.meter ?? null

export const productIdOf = (price: Pick<Stripe.Price, 'product'>): string => (typeof price.product === 'string' ? price.product : price.product.id)

/** An entry of `items[]` for subscriptions.update and invoices.createPreview (https://docs.stripe.com/api/subscriptions/update#update_subscription-items). */
export type ItemUpdate = { id?: string; price?: string; quantity?: number; deleted?: boolean }

/**
 * The `items[]` entries that move the metered items to `targets`, the new plan's metered prices: an item whose meter
 * a target reads takes that price (kept as it is when it already has it), an item no target pairs with is deleted,
 * and a target no item pairs with is added. Its usage so far is billed as Stripe bills a removed metered price
 * (https://docs.stripe.com/billing/subscriptions/usage-based/manage-billing-setup#update-prices-mid-cycle).
 */
export function meteredItemUpdates(current: readonly Stripe.SubscriptionItem[], targets: readonly Stripe.Price[]): ItemUpdate[] {
  const paired = new Set<string>()
  const updates: ItemUpdate[] = current.map((item) => {
    const target = targets.find((price) => !paired.has(price.id) && meterIdOf(price) !== null && meterIdOf(price) === meterIdOf(item.price))
    if (!target) return { id: item.id, deleted: true }
    paired.add(target.id)
    return target.id === item.price.id ? { id: item.id } : { id: item.id, price: target.id }
  })
  const added = targets.filter((price) => !paired.has(price.id)).map((price) => ({ price: price.id }))
  return [...updates.filter((update) => update.price !== undefined || update.deleted), ...added]
}

/**
 * The licensed price of a schedule's phase. A phase lists its items' prices by id, so which is licensed is known by
 * order: the app writes the licensed item first (plan-changes/schedule.ts), and a schedule made from a subscription
 * copies its items, which Checkout created in the order the app sent them, the licensed one first (checkout.ts).
 */
export function licensedPhasePrice(phase: Pick<Stripe.SubscriptionSchedule.Phase, 'items'>): string | null {
  const price = phase.items.find((item) => typeof item.price === 'string' || item.price.deleted || !isMeteredPrice(item.price))?.price
  return price === undefined ? null : typeof price === 'string' ? price : price.id
}
