import 'server-only'
import { createHash } from 'node:crypto'
import type Stripe from 'stripe'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { MAX_PORTAL_UPDATE_PRODUCTS, stripeMetadata } from '@/lib/stripe/limits'
import { productIdFor, type Plan } from './catalog'
import { pricesByLookupKey } from './prices-by-lookup-key'

/** Metadata that marks the one portal configuration `npm run stripe:sync` owns; others in the account are left alone. */
export const PORTAL_TAG = 'tollgate_portal'

export const PORTAL_NOT_CONFIGURED = 'The billing portal is not set up in Stripe yet: run npm run stripe:sync, then try again.'

/**
 * The portal as the app wants it. The choices (docs/decisions/0008-portal-configuration.md): plan changes are
 * prorated on the next invoice, a change during a trial keeps the trial (Stripe's default would end it and charge
 * at once), and cancelling takes effect at the end of the paid period, with the cancellation survey on.
 */
type PortalShape = {
  customerUpdates: string[]
  cancelReasons: string[]
  products: { product: string; prices: string[] }[]
}

const CUSTOMER_UPDATES = ['address', 'name', 'tax_id'] as const
const CANCEL_REASONS = ['too_expensive', 'missing_features', 'switched_service', 'unused', 'other'] as const
const PRORATION = 'create_prorations'
const TRIAL_UPDATE = 'continue_trial'
const CANCEL_MODE = 'at_period_end'

export type PortalChange = { kind: 'portal'; id: string; action: 'created' | 'updated'; detail: string }

/** The configuration `stripe:sync` made, found by its metadata; null when it was never synced to this account. */
export async function findPortalConfiguration(stripe: Stripe, options: { includeInactive?: boolean } = {}): Promise<Stripe.BillingPortal.Configuration | null> {
  const list = stripe.billingPortal.configurations.list({ limit: 100, ...(!options.includeInactive && { active: true }) })
  for await (const configuration of list) if (configuration.metadata?.[PORTAL_TAG]) return configuration
  return null
}

/**
 * Creates or updates the portal configuration so that it offers exactly the catalog's products at their current
 * prices (call it after the prices are synced: a price change moves the lookup key to a new price id, and the
 * portal only offers the ids it lists). A second run changes nothing.
 */
export async function syncPortalConfiguration(stripe: Stripe, plans: readonly Plan[]): Promise<PortalChange[]> {
  const { shape: desired, unlisted } = await desiredShape(stripe, plans)
  const features = featuresOf(desired)
  const hash = createHash('sha256').update(JSON.stringify(desired)).digest('hex').slice(0, 16)
  const detail = unlisted
    ? `customer portal: no plan changes (the catalog has ${unlisted} products, the portal lists at most ${MAX_PORTAL_UPDATE_PRODUCTS}; plans change in the app)`
    : `customer portal: ${desired.products.map((p) => `${p.product} (${p.prices.length} prices)`).join(', ')}`
  const existing = await findPortalConfiguration(stripe, { includeInactive: true })
  if (!existing) {
    const created = await withIdempotencyKey(`tollgate:portal-config:create:${hash}`, ({ key }) =>
      stripe.billingPortal.configurations.create({ features, metadata: stripeMetadata({ [PORTAL_TAG]: 'catalog' }) }, { idempotencyKey: key }),
    )
    return [{ kind: 'portal', id: created.id, action: 'created', detail }]
  }
  if (existing.active && JSON.stringify(shapeOf(existing)) === JSON.stringify(desired)) return []
  await withIdempotencyKey(`tollgate:portal-config:${existing.id}:${hash}:${existing.updated}`, ({ key }) =>
    stripe.billingPortal.configurations.update(existing.id, { active: true, features }, { idempotencyKey: key }),
  )
  return [{ kind: 'portal', id: existing.id, action: 'updated', detail }]
}

async function desiredShape(stripe: Stripe, plans: readonly Plan[]): Promise<{ shape: PortalShape; unlisted: number }> {
  const current = await pricesByLookupKey(stripe, plans.flatMap((plan) => plan.prices.map((price) => price.lookupKey)), { active: true })
  const offered = plans
    .filter((plan) => plan.prices.length > 0)
    .map((plan) => ({ product: productIdFor(plan), prices: plan.prices.flatMap((price) => current.get(price.lookupKey)?.id ?? []).sort() }))
    .filter((entry) => entry.prices.length > 0)
    .sort((a, b) => a.product.localeCompare(b.product))
  // Stripe's portal lists at most 10 products for plan changes. Past that the portal offers none rather than an
  // arbitrary ten: plan changes happen in the app (/pricing, /billing), which has no such limit (decision 0041).
  const products = offered.length <= MAX_PORTAL_UPDATE_PRODUCTS ? offered : []
  return { shape: { customerUpdates: [...CUSTOMER_UPDATES].sort(), cancelReasons: [...CANCEL_REASONS].sort(), products }, unlisted: offered.length - products.length }
}

function featuresOf(shape: PortalShape): Stripe.BillingPortal.ConfigurationCreateParams.Features {
  return {
    payment_method_update: { enabled: true },
    invoice_history: { enabled: true },
    customer_update: { enabled: true, allowed_updates: [...CUSTOMER_UPDATES] },
    subscription_cancel: {
      enabled: true,
      mode: CANCEL_MODE,
      proration_behavior: 'none',
      cancellation_reason: { enabled: true, options: [...CANCEL_REASONS] },
    },
    subscription_update: {
      enabled: shape.products.length > 0,
      default_allowed_updates: ['price'],
      // An empty array is not sent at all (Stripe would keep the old list); an empty string clears it.
      products: shape.products.length > 0 ? shape.products : '',
      proration_behavior: PRORATION,
      trial_update_behavior: TRIAL_UPDATE,
    },
  }
}

/** The same shape read back from Stripe, or a marker that something outside the shape differs. */
function shapeOf(configuration: Stripe.BillingPortal.Configuration): PortalShape | 'drifted' {
  const { customer_update, invoice_history, payment_method_update, subscription_cancel: cancel, subscription_update: update } = configuration.features
  const fixed =
    customer_update.enabled &&
    invoice_history.enabled &&
    payment_method_update.enabled &&
    cancel.enabled &&
    cancel.mode === CANCEL_MODE &&
    cancel.proration_behavior === 'none' &&
    cancel.cancellation_reason.enabled &&
    update.default_allowed_updates.join() === 'price' &&
    update.proration_behavior === PRORATION &&
    update.trial_update_behavior === TRIAL_UPDATE
  if (!fixed) return 'drifted'
  return {
    customerUpdates: [...customer_update.allowed_updates].sort(),
    cancelReasons: [...cancel.cancellation_reason.options].sort(),
    products: (update.products ?? [])
      .map((entry) => ({ product: entry.product, prices: [...entry.prices].sort() }))
      .sort((a, b) => a.product.localeCompare(b.product)),
  }
}
