// Limits Stripe documents for parameters whose types say nothing of them: how many entries a list may hold, which
// parameters exclude each other, what window a timestamp must fall in. Each rule cites the page it follows (the
// SDK's doc comment for the parameter carries the same sentence). Stripe documents none of these messages; they
// are this sandbox's own, written to say plainly what is wrong. Metadata has its own file (metadata-limits.ts).
//
// Limits that need the account's state (a subscription's invoices per minute, the recurring/one-time split of a
// Checkout Session's prices, the total metadata after a merge) belong to the resources that hold that state.
import { ApiError } from '../door/errors'
import { isParams, type Params } from '../door/form-encoding'
import { exclusiveParameters } from './param-errors'

export type LimitContext = { endpoint: string; params: Params; now: number }

type Rule = { endpoints: readonly string[] | 'every list'; check(context: LimitContext): ApiError | null }

const SUBSCRIPTION_WRITES = ['POST /v1/subscriptions', 'POST /v1/subscriptions/:id']
const PORTAL_CONFIGURATION_WRITES = ['POST /v1/billing_portal/configurations', 'POST /v1/billing_portal/configurations/:id']

const RULES: readonly Rule[] = [
  {
    // https://docs.stripe.com/api/pagination: "limit … Limit can range between 1 and 100, and the default is 10."
    // The message (and its code) is the one listing.ts already answers for the sandbox's own lists.
    endpoints: 'every list',
    check: ({ params }) => {
      const limit = params.limit
      if (typeof limit !== 'string' || (Number(limit) >= 1 && Number(limit) <= 100)) return null
      return new ApiError(400, 'invalid_request_error', 'This value must be between 1 and 100.', 'parameter_invalid_integer', 'limit')
    },
  },
  {
    // https://docs.stripe.com/api/events/list: `types` is "An array of up to 20 strings containing specific event
    // names … You may pass either `type` or `types`, but not both." (`type` itself takes one name or a `*`
    // wildcard, such as `customer.*`, which its string type already allows.)
    endpoints: ['GET /v1/events'],
    check: ({ params }) =>
      params.type !== undefined && params.types !== undefined ? exclusiveParameters(['type', 'types']) : atMost(params, 'types', 20),
  },
  {
    // https://docs.stripe.com/api/prices/list: "You can specify up to 10 lookup_keys."
    endpoints: ['GET /v1/prices'],
    check: ({ params }) => atMost(params, 'lookup_keys', 10),
  },
  {
    // https://docs.stripe.com/api/subscriptions/update: `items` is "A list of up to 20 subscription items", and
    // `add_invoice_items` "You may pass up to 20 items" (the same on create).
    endpoints: SUBSCRIPTION_WRITES,
    check: ({ params }) => atMost(params, 'items', 20) ?? atMost(params, 'add_invoice_items', 20),
  },
  {
    // https://docs.stripe.com/api/invoices/create_preview: `subscription_details[items]` is "A list of up to 20
    // subscription items, each with an attached price."
    endpoints: ['POST /v1/invoices/create_preview'],
    check: ({ params }) => atMost(objectAt(params, 'subscription_details'), 'items', 20, 'subscription_details[items]'),
  },
  {
    // https://docs.stripe.com/api/customer_portal/configurations/create: `features[subscription_update][products]`
    // is "The list of up to 10 products that support subscription updates." (the same on update).
    endpoints: PORTAL_CONFIGURATION_WRITES,
    check: ({ params }) => {
      const update = objectAt(objectAt(params, 'features'), 'subscription_update')
      return atMost(update, 'products', 10, 'features[subscription_update][products]')
    },
  },
  { endpoints: ['POST /v1/checkout/sessions'], check: ({ params, now }) => checkoutLineItems(params) ?? checkoutExpiry(params, now) },
]

export function checkDocumentedLimits(context: LimitContext): ApiError | null {
  const isList = context.endpoint.startsWith('GET ') && context.params.limit !== undefined
  for (const rule of RULES) {
    const applies = rule.endpoints === 'every list' ? isList : rule.endpoints.includes(context.endpoint)
    const found = applies ? rule.check(context) : null
    if (found) return found
  }
  return null
}

/**
 * https://docs.stripe.com/api/checkout/sessions/create, `line_items`: "For `payment` mode, there is a maximum of
 * 100 line items … For `subscription` mode, there is a maximum of 20 line items with recurring Prices and 20 line
 * items with one-time Prices." Which prices recur is the account's state; here, the totals only.
 */
function checkoutLineItems(params: Params): ApiError | null {
  if (params.mode === 'payment') return atMost(params, 'line_items', 100)
  if (params.mode === 'subscription') return atMost(params, 'line_items', 40)
  return null
}

/**
 * https://docs.stripe.com/api/checkout/sessions/create, `expires_at`: "It can be anywhere from 30 minutes to 24
 * hours after Checkout Session creation." Both ends are taken as allowed. Stripe has answered "The `expires_at`
 * timestamp must be less than 24 hours from Checkout Session creation." (alexmorrisnz/moodle-paygw_stripe#72) and,
 * when the floor was an hour, "…must be at least 60 minutes from Checkout Session creation." (skillrecordings/products#344).
 */
function checkoutExpiry(params: Params, now: number): ApiError | null {
  const value = params.expires_at
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null
  const seconds = Number(value) - now
  if (seconds < 30 * 60) return expiresAt('must be at least 30 minutes from Checkout Session creation.')
  if (seconds > 24 * 60 * 60) return expiresAt('must be less than 24 hours from Checkout Session creation.')
  return null
}

function expiresAt(rule: string): ApiError {
  return new ApiError(400, 'invalid_request_error', `The \`expires_at\` timestamp ${rule}`, undefined, 'expires_at')
}

function atMost(params: Params | undefined, key: string, max: number, param = key): ApiError | null {
  const value = params?.[key]
  if (!Array.isArray(value) || value.length <= max) return null
  return new ApiError(400, 'invalid_request_error', `Invalid ${param}: must contain at most ${max} elements, but it has ${value.length}.`, undefined, param)
}

function objectAt(params: Params | undefined, key: string): Params | undefined {
  const value = params?.[key]
  return isParams(value) ? value : undefined
}
