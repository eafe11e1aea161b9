// The door: one call, before any route runs, that answers what Stripe answers a request whatever the account holds:
// an unknown API version, an unknown URL, and every parameter at every depth against the contract generated from
// the pinned SDK (stripe-contract.generated.json), then the documented limits the types cannot express.
// Returns null when Stripe would go on to execute the request.
import { ApiError } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { checkApiVersion } from './api-version'
import { ParamChecker } from './check-params'
import { stripeContract, type LoadedContract } from './contract'
import { checkDocumentedLimits } from './request-limits'
import type { ParamNode } from './schema'

export type ContractRequest = {
  method: string
  /** The concrete path, `/v1/subscriptions/sub_123`. */
  path: string
  /** The query and the body, parsed and merged (see ../form-encoding.ts). */
  params: Params
  /** The `Stripe-Version` header, or null when absent. */
  apiVersion: string | null
  /** The account's clock, in Unix seconds (for limits relative to now, like Checkout's `expires_at`). */
  now: number
}

// `expand` is accepted by every endpoint, at the top level (https://docs.stripe.com/api/expanding_objects).
const EXPAND: ParamNode = { type: 'array', items: { type: 'string' } }

export function checkRequest(request: ContractRequest, contract: LoadedContract = stripeContract()): ApiError | null {
  const versionError = checkApiVersion(contract, request.apiVersion)
  if (versionError) return versionError

  const method = request.method.toUpperCase()
  const match = contract.findEndpoint(method, request.path)
  if (!match) return unrecognizedUrl(method, request.path)

  const root = contract.resolve(match.endpoint.params)
  const params = root.type === 'object' && !('expand' in root.fields) ? { ...root, fields: { ...root.fields, expand: EXPAND } } : root
  const checker = new ParamChecker(contract)
  return (
    checker.findUnknown(params, request.params, '') ??
    checker.findInvalid(params, request.params, '') ??
    checkDocumentedLimits({ endpoint: match.key, params: request.params, now: request.now })
  )
}

/** The sandbox's router answers the same for a path it does not serve (server.ts). */
function unrecognizedUrl(method: string, path: string): ApiError {
  return new ApiError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  )
}
