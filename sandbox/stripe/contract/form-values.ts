// How Stripe reads a form value as a number or a boolean: every leaf of a form-encoded request is a string, so
// `quantity=2` is an integer and `quantity=2.5` is not (https://docs.stripe.com/error-codes/parameter-invalid-integer).
// The SDK writes `true`/`false` for booleans and plain decimal notation for numbers; so does this reader.

export function isInteger(value: string): boolean {
  return /^-?\d+$/.test(value)
}

export function isNumber(value: string): boolean {
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(value)
}

/** The SDK's `Decimal` parameters take "at most 12 decimal places" (e.g. `unit_amount_decimal`, SDK doc comment). */
export function isDecimal(value: string): boolean {
  return /^-?(\d+(\.\d{1,12})?|\.\d{1,12})$/.test(value)
}

export function isBoolean(value: string): boolean {
  return value === 'true' || value === 'false'
}
