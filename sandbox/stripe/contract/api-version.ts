// The `Stripe-Version` header. Stripe answers a version it does not have with a 400 `invalid_request_error`,
// "Invalid Stripe API version: <header>", with no code and no param: the answer seen in stripe/stripe-java#682
// (`2019-2-19`), beam-community/stripity-stripe#613 (two versions in one header) and
// IgorGanapolsky/ThumbGate#2053 (`2025-09-30.acacia`, a date and a release name that never went together).
// https://docs.stripe.com/api/versioning describes the header but not this error.
//
// Which versions exist comes from the SDK itself: a webhook endpoint's `api_version` takes exactly Stripe's API
// versions, and the contract copies that list (see scripts/stripe-contract/generate.ts). Any listed version is
// accepted, as Stripe accepts it; the sandbox renders every object in the pinned version's shape whatever the
// header says, so a test that pins another version is not testing that version's shapes.
import { ApiError } from '../door/errors'
import type { LoadedContract } from './contract'

export function checkApiVersion(contract: LoadedContract, header: string | null): ApiError | null {
  // No header: Stripe uses the account's default version (https://docs.stripe.com/api/versioning).
  if (header === null || contract.isKnownApiVersion(header)) return null
  return new ApiError(400, 'invalid_request_error', `Invalid Stripe API version: ${header}`)
}
