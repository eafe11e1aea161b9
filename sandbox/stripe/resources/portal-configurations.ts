// Customer portal configurations (https://docs.stripe.com/api/customer_portal/configurations): what a portal
// session may show and do. A configuration made through the API is never the account's default
// (`is_default: false`); the default exists only once someone saves the portal settings in the Dashboard, which
// the double never does, so a session must name a configuration (see ./portal.ts).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid, noSuch } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { newId } from '../core/ids'
import { listOf, newestFirst } from '../door/listing'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { requireProduct } from './products'
import { requirePrice } from './prices'

type Features = Stripe.BillingPortal.Configuration.Features
type Configuration = Stripe.BillingPortal.Configuration

const CUSTOMER_UPDATES = ['address', 'email', 'name', 'phone', 'shipping', 'tax_id'] as const
const CANCEL_MODES = ['at_period_end', 'immediately'] as const
const CANCEL_PRORATIONS = ['none', 'create_prorations', 'always_invoice'] as const
const CANCEL_REASONS = ['customer_service', 'low_quality', 'missing_features', 'other', 'switched_service', 'too_complex', 'too_expensive', 'unused'] as const
const UPDATE_KINDS = ['price', 'promotion_code', 'quantity'] as const
const UPDATE_PRORATIONS = ['none', 'create_prorations', 'always_invoice'] as const
// "Defaults to a value of end_trial if you don't set it during creation."
// https://docs.stripe.com/changelog/clover/2025-09-30/customer-portal-trial-behavior
const TRIAL_UPDATE_BEHAVIORS = ['end_trial', 'continue_trial'] as const

/** Every feature off, as in Stripe's example object (https://docs.stripe.com/api/customer_portal/configurations/object). */
function disabledFeatures(): Features {
  return {
    customer_update: { allowed_updates: [], enabled: false },
    invoice_history: { enabled: false },
    payment_method_update: { enabled: false, payment_method_configuration: null },
    subscription_cancel: {
      cancellation_reason: { enabled: false, feedback_options: null, options: ['too_expensive', 'missing_features', 'switched_service', 'unused', 'other'] },
      enabled: false,
      mode: 'at_period_end',
      proration_behavior: 'none',
    },
    subscription_pause: { duration: { interval_options: [], type: 'indefinite' }, enabled: false },
    subscription_update: {
      billing_cycle_anchor: null,
      default_allowed_updates: [],
      enabled: false,
      products: [],
      proration_behavior: 'none',
      schedule_at_period_end: { conditions: [] },
      trial_update_behavior: 'end_trial',
    },
  }
}

type FeatureName = 'customer_update' | 'invoice_history' | 'payment_method_update' | 'subscription_cancel' | 'subscription_pause' | 'subscription_update'

function enumArray<T extends string>(params: Params, key: string, allowed: readonly T[], path: string): T[] | undefined {
  if (params[key] === '') return []
  const values = read.optionalArray(params, key, path)
  return values?.map((value, index) => {
    const match = allowed.find((candidate) => candidate === value)
    if (!match) throw invalid(`Invalid ${path}[${index}]: must be one of ${allowed.join(', ')}`, `${path}[${index}]`)
    return match
  })
}

function readProducts(core: Core, params: Params): Stripe.BillingPortal.Configuration.Features.SubscriptionUpdate.Product[] | undefined {
  const path = 'features[subscription_update][products]'
  if (params.products === '') return []
  const entries = read.optionalArray(params, 'products', path)
  return entries?.map((entry, index) => {
    const at = `${path}[${index}]`
    const fields = read.optionalObject({ entry }, 'entry', at) ?? {}
    const product = requireProduct(core, read.requiredString(fields, 'product', `${at}[product]`), `${at}[product]`)
    const prices = read.stringArray(fields, 'prices').map((id, priceIndex) => {
      const param = `${at}[prices][${priceIndex}]`
      const price = requirePrice(core, id, param)
      if (price.product !== product.id) throw invalid(`The price \`${id}\` does not belong to the product \`${product.id}\`.`, param)
      if (price.type !== 'recurring') throw invalid(`The price \`${id}\` is not a recurring price.`, param)
      return price.id
    })
    if (prices.length === 0) throw invalid(`Missing required param: ${at}[prices].`, `${at}[prices]`, 'parameter_missing')
    return { adjustable_quantity: { enabled: false, maximum: null, minimum: 1 }, prices, product: product.id }
  })
}

/**
 * Applies `features[...]` onto `current`: only the fields present change. Which fields are required is the
 * contract's to say, at the door: on create each sub-feature needs `enabled`, on update none does
 * (ConfigurationCreateParams / ConfigurationUpdateParams in the SDK's types), so `enabled` left out keeps its value.
 */
function applyFeatures(core: Core, current: Features, params: Params): Features {
  const next: Features = structuredClone(current)
  const section = (name: FeatureName) => read.optionalObject(params, name, `features[${name}]`)
  const at = (name: string, key: string) => `features[${name}][${key}]`

  const customerUpdate = section('customer_update')
  if (customerUpdate) {
    next.customer_update.enabled = read.optionalBoolean(customerUpdate, 'enabled', at('customer_update', 'enabled')) ?? next.customer_update.enabled
    next.customer_update.allowed_updates = enumArray(customerUpdate, 'allowed_updates', CUSTOMER_UPDATES, at('customer_update', 'allowed_updates')) ?? next.customer_update.allowed_updates
  }
  const invoices = section('invoice_history')
  if (invoices) next.invoice_history.enabled = read.optionalBoolean(invoices, 'enabled', at('invoice_history', 'enabled')) ?? next.invoice_history.enabled
  const paymentMethods = section('payment_method_update')
  if (paymentMethods) next.payment_method_update.enabled = read.optionalBoolean(paymentMethods, 'enabled', at('payment_method_update', 'enabled')) ?? next.payment_method_update.enabled

  const cancel = section('subscription_cancel')
  if (cancel) {
    const target = next.subscription_cancel
    target.enabled = read.optionalBoolean(cancel, 'enabled', at('subscription_cancel', 'enabled')) ?? target.enabled
    target.mode = read.oneOf(cancel, 'mode', CANCEL_MODES, at('subscription_cancel', 'mode')) ?? target.mode
    target.proration_behavior = read.oneOf(cancel, 'proration_behavior', CANCEL_PRORATIONS, at('subscription_cancel', 'proration_behavior')) ?? target.proration_behavior
    const reason = read.optionalObject(cancel, 'cancellation_reason', at('subscription_cancel', 'cancellation_reason'))
    if (reason) {
      const path = at('subscription_cancel', 'cancellation_reason')
      target.cancellation_reason.enabled = read.optionalBoolean(reason, 'enabled', `${path}[enabled]`) ?? target.cancellation_reason.enabled
      target.cancellation_reason.options = enumArray(reason, 'options', CANCEL_REASONS, `${path}[options]`) ?? target.cancellation_reason.options
    }
    // "Passing always_invoice will result in an error"; create_prorations "is only compatible with mode=immediately".
    // https://docs.stripe.com/api/customer_portal/configurations/create#create_portal_configuration-features-subscription_cancel-proration_behavior
    if (target.proration_behavior === 'always_invoice') throw invalid('always_invoice is not supported for subscription cancellations.', at('subscription_cancel', 'proration_behavior'))
    if (target.proration_behavior === 'create_prorations' && target.mode !== 'immediately') {
      throw invalid('proration_behavior=create_prorations is only compatible with mode=immediately.', at('subscription_cancel', 'proration_behavior'))
    }
  }
  const pause = section('subscription_pause')
  if (pause) next.subscription_pause.enabled = read.optionalBoolean(pause, 'enabled', at('subscription_pause', 'enabled')) ?? next.subscription_pause.enabled

  const update = section('subscription_update')
  if (update) {
    const target = next.subscription_update
    target.enabled = read.optionalBoolean(update, 'enabled', at('subscription_update', 'enabled')) ?? target.enabled
    target.default_allowed_updates = enumArray(update, 'default_allowed_updates', UPDATE_KINDS, at('subscription_update', 'default_allowed_updates')) ?? target.default_allowed_updates
    target.products = readProducts(core, update) ?? target.products
    target.proration_behavior = read.oneOf(update, 'proration_behavior', UPDATE_PRORATIONS, at('subscription_update', 'proration_behavior')) ?? target.proration_behavior
    target.trial_update_behavior = read.oneOf(update, 'trial_update_behavior', TRIAL_UPDATE_BEHAVIORS, at('subscription_update', 'trial_update_behavior')) ?? target.trial_update_behavior
  }
  return next
}

function readReturnUrl(params: Params): string | null | undefined {
  const url = read.nullableString(params, 'default_return_url')
  if (url && !URL.canParse(url)) throw invalid('Not a valid URL', 'default_return_url', 'url_invalid')
  return url
}

function create(core: Core, params: Params): Configuration {
  const features = read.optionalObject(params, 'features')
  if (!features) throw invalid('Missing required param: features.', 'features', 'parameter_missing')
  const now = core.now()
  const configuration: Configuration = {
    id: newId('bpc_'),
    object: 'billing_portal.configuration',
    active: true,
    application: null,
    business_profile: { headline: null, privacy_policy_url: null, terms_of_service_url: null },
    created: now,
    default_return_url: readReturnUrl(params) ?? null,
    features: applyFeatures(core, disabledFeatures(), features),
    is_default: false,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: read.applyMetadata({}, params),
    name: read.nullableString(params, 'name') ?? null,
    updated: now,
  }
  core.portalConfigurations.set(configuration.id, configuration)
  return configuration
}

function update(core: Core, configuration: Configuration, params: Params): Configuration {
  const active = read.optionalBoolean(params, 'active')
  const returnUrl = readReturnUrl(params)
  const featureParams = read.optionalObject(params, 'features')
  const features = featureParams ? applyFeatures(core, configuration.features, featureParams) : configuration.features
  const metadata = read.applyMetadata(configuration.metadata ?? {}, params)
  const name = read.nullableString(params, 'name')
  if (active !== undefined) configuration.active = active
  if (returnUrl !== undefined) configuration.default_return_url = returnUrl
  if (name !== undefined) configuration.name = name
  configuration.features = features
  configuration.metadata = metadata
  configuration.updated = core.now()
  return configuration
}

export function requirePortalConfiguration(core: Core, id: string, param?: string): Configuration {
  const configuration = core.portalConfigurations.get(id)
  if (!configuration) throw noSuch('billing portal configuration', id, param)
  return configuration
}

export function defaultPortalConfiguration(core: Core): Configuration | undefined {
  return [...core.portalConfigurations.values()].find((configuration) => configuration.is_default && configuration.active)
}

// What create and update act on. `business_profile` and `login_page` are not modelled (the hosted portal page shows
// neither); the pause feature is stored but not offered (README, "What it does not model").
const FEATURES = [
  'features[customer_update][enabled]',
  'features[customer_update][allowed_updates]',
  'features[invoice_history][enabled]',
  'features[payment_method_update][enabled]',
  'features[subscription_cancel][enabled]',
  'features[subscription_cancel][mode]',
  'features[subscription_cancel][proration_behavior]',
  'features[subscription_cancel][cancellation_reason][enabled]',
  'features[subscription_cancel][cancellation_reason][options]',
  'features[subscription_pause][enabled]',
  'features[subscription_update][enabled]',
  'features[subscription_update][default_allowed_updates]',
  "features[subscription_update][products]=''",
  'features[subscription_update][products][][product]',
  'features[subscription_update][products][][prices]',
  'features[subscription_update][proration_behavior]',
  'features[subscription_update][trial_update_behavior]',
]
const WRITABLE = ['default_return_url', ...FEATURES, 'metadata', 'name']

export const portalConfigurationRoutes: ApiRoute[] = [
  { method: 'POST', path: '/v1/billing_portal/configurations', params: WRITABLE, handle: ({ core, params }) => create(core, params) },
  {
    method: 'GET',
    path: '/v1/billing_portal/configurations/:id',
    params: [],
    handle: ({ core, args: [id = ''] }) => requirePortalConfiguration(core, id),
  },
  {
    method: 'POST',
    path: '/v1/billing_portal/configurations/:id',
    params: ['active', ...WRITABLE],
    handle: ({ core, params, args: [id = ''] }) => update(core, requirePortalConfiguration(core, id), params),
  },
  {
    method: 'GET',
    path: '/v1/billing_portal/configurations',
    params: ['active', 'is_default', 'limit', 'starting_after', 'ending_before'],
    handle: ({ core, params }) => {
      const active = read.optionalBoolean(params, 'active')
      const isDefault = read.optionalBoolean(params, 'is_default')
      const matches = newestFirst(core.portalConfigurations).filter(
        (c) => (active === undefined || c.active === active) && (isDefault === undefined || c.is_default === isDefault),
      )
      return listOf(matches, params, '/v1/billing_portal/configurations')
    },
  },
]
