import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'

export type Deleted = { id: string; deleted: true }

/** Saves Stripe's product into the local Product table (the pricing page and plan lookups read it). */
export async function saveProduct(product: Stripe.Product | Deleted): Promise<void> {
  if ('deleted' in product && product.deleted) {
    await db.product.updateMany({ where: { id: product.id }, data: { active: false } })
    return
  }
  const data = { name: product.name, description: product.description ?? null, active: product.active }
  await db.product.upsert({ where: { id: product.id }, create: { id: product.id, ...data }, update: data })
}

/**
 * Saves Stripe's price. Stripe keeps a lookup key on one price at a time and moves it when a new price takes it,
 * so the key is taken off any other row in the same transaction, keeping the unique column true to Stripe.
 */
export async function savePrice(price: Stripe.Price | Deleted): Promise<void> {
  if ('deleted' in price && price.deleted) {
    await db.price.updateMany({ where: { id: price.id }, data: { active: false, lookupKey: null } })
    return
  }
  const productId = typeof price.product === 'string' ? price.product : price.product.id
  const data = {
    productId,
    lookupKey: price.lookup_key ?? null,
    unitAmount: price.unit_amount ?? null,
    currency: price.currency,
    interval: price.recurring?.interval ?? null,
    intervalCount: price.recurring?.interval_count ?? 1,
    active: price.active,
  }
  await db.$transaction([
    // A price can arrive before its product; a placeholder row keeps the foreign key, saveProduct fills it in.
    db.product.upsert({ where: { id: productId }, create: { id: productId, name: productId }, update: {} }),
    ...(data.lookupKey ? [db.price.updateMany({ where: { lookupKey: data.lookupKey, id: { not: price.id } }, data: { lookupKey: null } })] : []),
    db.price.upsert({ where: { id: price.id }, create: { id: price.id, ...data }, update: data }),
  ])
}
