// The 400s Stripe answers for a malformed parameter, in its words where they are on record. Every one is an
// `invalid_request_error` naming the parameter as the request spelled it (`items[0][price]`). The codes are from
// https://docs.stripe.com/error-codes; the envelope adds each code's `doc_url`.
//
// Stripe documents the codes, not the messages. Where a message below is Stripe's own, the comment says where it
// was seen; the others are this sandbox's, written to say plainly what is wrong.
import { ApiError } from '../door/errors'

/** "Received unknown parameter: source_data[card_present][ksn]" (seen in stripe/stripe-terminal-android#13). */
export function unknownParameter(param: string): ApiError {
  return new ApiError(400, 'invalid_request_error', `Received unknown parameter: ${param}`, 'parameter_unknown', param)
}

/** https://docs.stripe.com/error-codes/parameter-missing: "Missing required param: line_items[0][currency]." (stripe/stripe-node#1114). */
export function missingParameter(param: string): ApiError {
  return new ApiError(400, 'invalid_request_error', `Missing required param: ${param}.`, 'parameter_missing', param)
}

/** https://docs.stripe.com/error-codes/parameter-invalid-empty; the wording as quoted in mage2pro/stripe#67. */
export function emptyParameter(param: string): ApiError {
  return new ApiError(
    400,
    'invalid_request_error',
    `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
    'parameter_invalid_empty',
    param,
  )
}

/** https://docs.stripe.com/error-codes/parameter-invalid-integer: "Invalid integer: 1.5". */
export function invalidInteger(param: string, value: string): ApiError {
  return new ApiError(400, 'invalid_request_error', `Invalid integer: ${value}`, 'parameter_invalid_integer', param)
}

/** No error code covers these; Stripe answers them without one. */
export function invalidScalar(param: string, kind: 'boolean' | 'number' | 'decimal', value: string): ApiError {
  return new ApiError(400, 'invalid_request_error', `Invalid ${kind}: ${value}`, undefined, param)
}

/** An enum value outside the list (wording undocumented). */
export function invalidEnum(param: string, values: readonly string[]): ApiError {
  return new ApiError(400, 'invalid_request_error', `Invalid ${param}: must be one of ${oneOf(values)}`, undefined, param)
}

/**
 * A value of the wrong shape: a string where a hash (object) or an array belongs, or the other way round. Stripe
 * answers "Invalid array" for `line_items` sent as a hash (stripe/stripe-ruby#930); "Invalid hash" and "Invalid
 * string" follow the same pattern, unconfirmed.
 */
export function invalidShape(param: string, expected: 'hash' | 'array' | 'string'): ApiError {
  return new ApiError(400, 'invalid_request_error', `Invalid ${expected}`, undefined, param)
}

/** A value that fits none of a union's forms (`trial_end`: an integer or `now`); wording undocumented. */
export function invalidUnion(param: string, forms: readonly string[]): ApiError {
  return new ApiError(400, 'invalid_request_error', `Invalid ${param}: must be ${forms.join(' or ')}`, undefined, param)
}

/**
 * https://docs.stripe.com/error-codes/parameters-exclusive; the wording as Stripe answers a Checkout Session with
 * both `submit_type` and `subscription_data` (quoted in enupal/stripe#167).
 */
export function exclusiveParameters(params: readonly string[]): ApiError {
  return new ApiError(400, 'invalid_request_error', `You may only specify one of these parameters: ${params.join(', ')}.`, 'parameters_exclusive', params[0])
}

function oneOf(values: readonly string[]): string {
  if (values.length <= 1) return values.join('')
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`
}
