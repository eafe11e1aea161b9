import Stripe from 'stripe'
import { savePrice, saveProduct, type Deleted } from '@/lib/billing/mirror-catalog'
import { refreshPricingCache } from '@/lib/billing/pricing'
import type { StripeEventHandler, StripeEventOf } from '../handler'

type CatalogEventType = 'product.created' | 'product.updated' | 'product.deleted' | 'price.created' | 'price.updated' | 'price.deleted'

/**
 * Keeps the local Product and Price tables equal to Stripe, then marks the pricing page's cache stale.
 * It re-reads the object from Stripe instead of trusting the payload, so an older event processed late (a
 * price.updated that still shows a lookup key since moved elsewhere) cannot undo a newer one.
 */
export const syncCatalogObject: StripeEventHandler<StripeEventOf<CatalogEventType>> = {
  id: 'sync-catalog-object',
  async run(event, stripe) {
    const object = event.data.object
    if (object.object === 'product') {
      await saveProduct(event.type === 'product.deleted' ? { id: object.id, deleted: true } : await retrieve(() => stripe.products.retrieve(object.id), object.id))
    } else {
      await savePrice(event.type === 'price.deleted' ? { id: object.id, deleted: true } : await retrieve(() => stripe.prices.retrieve(object.id), object.id))
    }
    refreshPricingCache()
    return { [object.object]: object.id }
  },
}

/** A product or price deleted after the event was sent reads as deleted. */
async function retrieve<T>(get: () => Promise<T>, id: string): Promise<T | Deleted> {
  try {
    return await get()
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') return { id, deleted: true }
    throw error
  }
}
