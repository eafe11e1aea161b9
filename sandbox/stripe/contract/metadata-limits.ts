// Stripe's metadata limits, which the SDK's `MetadataParam` type cannot say. https://docs.stripe.com/metadata:
// "You can add 50 total key-value pairs within these data limits: key: 40 character limit. Square brackets ([ ])
// can't be included in keys. value: 500 character limit." (The same numbers as the issue; the docs add the
// brackets.) https://docs.stripe.com/api/metadata: "Keys and values are stored as strings".
//
// The docs give no messages. Those below are the ones Stripe was seen answering: "Invalid key: <key> must be a
// string under 40 characters" and "Invalid val: <value> must be a string under 500 characters", param `metadata`
// (a Stripe engineer in stripe/stripe-php#246; the second also for an array value, houndci/hound#817), and "Metadata
// can have up to 50 keys, but you've set 51. …" (FlowFuse/flowfuse#1948). The bracket message is this sandbox's.
import { ApiError } from '../door/errors'
import type { Params } from '../door/form-encoding'

export const METADATA_MAX_KEYS = 50
export const METADATA_MAX_KEY_LENGTH = 40
export const METADATA_MAX_VALUE_LENGTH = 500

/**
 * Checks one request's metadata. The 50-key limit counts the keys on the object after Stripe merges the update;
 * the door sees the request only, so it refuses a request that alone sets more than 50 (`''` removes a key and does
 * not count). The resource that stores the object can check the merged total.
 */
export function checkMetadata(metadata: Params, param: string): ApiError | null {
  let keys = 0
  for (const [key, value] of Object.entries(metadata)) {
    if (characters(key) > METADATA_MAX_KEY_LENGTH) return invalid(`Invalid key: ${key} must be a string under ${METADATA_MAX_KEY_LENGTH} characters`, param)
    if (/[[\]]/.test(key)) return invalid(`Invalid key: ${key} must not contain square brackets ([ or ])`, param)
    if (typeof value !== 'string' || characters(value) > METADATA_MAX_VALUE_LENGTH) {
      const shown = typeof value === 'string' ? value : JSON.stringify(value)
      return invalid(`Invalid val: ${shown} must be a string under ${METADATA_MAX_VALUE_LENGTH} characters`, param)
    }
    if (value !== '') keys += 1
  }
  if (keys > METADATA_MAX_KEYS) {
    return invalid(`Metadata can have up to ${METADATA_MAX_KEYS} keys, but you've set ${keys}. Email us at support+metadata@stripe.com for more information.`, param)
  }
  return null
}

function characters(text: string): number {
  return [...text].length
}

function invalid(message: string, param: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message, undefined, param)
}
