// The SDK types every numeric parameter as `number`; Stripe's API does not: most are integers (amounts in the
// smallest currency unit, timestamps, counts), which Stripe refuses with `parameter_invalid_integer` when sent
// `1.5`, and a few are decimals. The doc comment the SDK carries for each parameter (the API reference's own text)
// says which, in a handful of phrasings read from the pinned SDK: "a positive float", "a non-negative decimal
// between 0 and 100", "accepts decimal values", "maximum precision is 2 decimal places".
const FLOAT_WORDING = /\bfloat\b|\bdecimal between\b|\bdecimal values\b|\bdecimal places\b/i

// Decimals whose doc comment does not say so (`percent_ownership`: "The percent owned by the person…"), from
// https://docs.stripe.com/api/persons/create (a number such as 25.5).
const FLOATS_BY_NAME = new Set(['percent_ownership'])

export function isFloatParameter(name: string, doc: string): boolean {
  return FLOATS_BY_NAME.has(name) || FLOAT_WORDING.test(doc)
}
