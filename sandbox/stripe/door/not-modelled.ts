// The sandbox's own refusal, for what Stripe accepts but the sandbox does not act on yet: an endpoint no route serves,
// a parameter no handler reads, a value a handler does not model (`trial_end` as a timestamp). Answering these with
// Stripe's words ("Unrecognized request URL", "Received unknown parameter") would be a lie about Stripe; ignoring
// them would let a test pass on behaviour that never ran. So the sandbox refuses them in its own voice:
//
// - HTTP 400, `invalid_request_error`: a 4xx, so the SDK does not retry it (it retries 409 and 5xx,
//   node_modules/stripe/cjs/RequestSender.js `_shouldRetry`) and the door saves nothing under an idempotency key; and
//   not a 404, which an app may read as "the object is gone" and act on.
// - code `sandbox_not_modelled`, a code Stripe does not have, so no app logic keyed on Stripe's codes mistakes it for
//   one of Stripe's answers; no `doc_url`, as Stripe has no page for it (the message points to the recipe instead).
import { stripeContract } from '../contract/contract'
import { ApiError } from './errors'

export const NOT_MODELLED = 'sandbox_not_modelled'

const RECIPE = 'sandbox/stripe/README.md, "Add an endpoint"'

/** An endpoint Stripe serves (the contract accepted the request) that no route of the sandbox serves yet. */
export function endpointNotModelled(method: string, path: string): ApiError {
  const found = stripeContract().findEndpoint(method, path)
  const endpoint = found?.key ?? `${method} ${path}`
  const sdkMethods = found?.endpoint.sdk ?? []
  const sdk = sdkMethods.length > 0 ? ` (stripe.${sdkMethods.join(', stripe.')})` : ''
  return new ApiError(
    400,
    'invalid_request_error',
    `Stripe serves ${endpoint}${sdk}, but the Stripe sandbox does not model it yet, so it refuses ${method} ${path} rather than answer as Stripe would not. To model it, follow ${RECIPE}.`,
    NOT_MODELLED,
  )
}

/** A parameter the endpoint has at Stripe (the contract accepted it) that the route's handler does not act on. */
export function parameterNotModelled(param: string, endpoint: string): ApiError {
  return new ApiError(
    400,
    'invalid_request_error',
    `Stripe accepts ${param} on ${endpoint}, but the Stripe sandbox does not act on it yet, so it refuses the request rather than ignore it. To model it, read it in the route's handler and add it to the route's \`params\` (${RECIPE}, step 2).`,
    NOT_MODELLED,
    param,
  )
}

/** A value Stripe accepts for a parameter the handler reads, but only some of whose values it models. */
export function valueNotModelled(message: string, param?: string): ApiError {
  return new ApiError(400, 'invalid_request_error', `${message} Stripe accepts it; the Stripe sandbox does not model it yet (${RECIPE}).`, NOT_MODELLED, param)
}
