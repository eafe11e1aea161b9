// The sizes Stripe documents for what this app sends, in one place, each with the page it comes from. The call
// sites use these, and tests drive them past each limit (tests/stripe/request-limits.test.ts; the events walk in
// tests/inngest/reconciler.test.ts; the invoice limits in tests/organizations/seat-invoices.test.ts). Stripe
// refuses a request over any of them, so a value here is a contract, not a tuning knob: check the page before
// changing one (decision 0041).

/**
 * `GET /v1/events`: `types` is "an array of up to 20 strings", and "you may pass either `type` or `types`, but not
 * both" (https://docs.stripe.com/api/events/list). The reconciliation's walk sends neither (decision 0041).
 */
export const MAX_EVENT_TYPES_PER_LIST = 20

/** Every list's `limit` "can range between 1 and 100". https://docs.stripe.com/api/pagination */
export const MAX_LIST_LIMIT = 100

/**
 * `expand`: "Expansions have a maximum depth of four levels" (https://docs.stripe.com/api/expanding_objects); the
 * deepest the app asks for is `payments.data.payment.payment_intent`.
 */
export const MAX_EXPAND_DEPTH = 4

/** `GET /v1/prices`: "You can specify up to 10 lookup_keys." https://docs.stripe.com/api/prices/list */
export const MAX_LOOKUP_KEYS_PER_LIST = 10

/** A price's `lookup_key` "may be up to 200 characters". https://docs.stripe.com/api/prices/create */
export const MAX_LOOKUP_KEY_LENGTH = 200

/**
 * A portal configuration's `features.subscription_update.products`: "The list of up to 10 products that support
 * subscription updates." https://docs.stripe.com/api/customer_portal/configurations/create
 */
export const MAX_PORTAL_UPDATE_PRODUCTS = 10

/**
 * Metadata: "You can add 50 total key-value pairs", keys up to 40 characters without square brackets, values up to
 * 500 characters. https://docs.stripe.com/metadata
 */
export const METADATA_LIMITS = { pairs: 50, keyLength: 40, valueLength: 500 } as const

/** A customer's `name` "may be up to 150 characters", its `email` up to 512. https://docs.stripe.com/api/customers/create */
export const MAX_CUSTOMER_NAME = 150
export const MAX_CUSTOMER_EMAIL = 512

/**
 * `cancellation_details[comment]`: Stripe keeps at most 5000 characters.
 * https://docs.stripe.com/api/subscriptions/update#update_subscription-cancellation_details-comment
 */
export const MAX_CANCELLATION_COMMENT = 5000

/**
 * Per subscription, the Subscriptions API creates at most "10 new invoices per subscription, per minute" and "20 new
 * invoices per subscription, per day" (https://docs.stripe.com/rate-limits). The seat sync keeps its share below
 * both (lib/billing/seat-invoice-budget.ts, decision 0042).
 */
export const SUBSCRIPTION_INVOICE_LIMITS = { perMinute: 10, perDay: 20 } as const

/** `items` in groups of at most `size`, in order: one request per group where Stripe caps a list. */
export function inChunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive integer, got ${size}`)
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

/**
 * `text` cut to at most `max` characters, for a field filled from what a person typed: the write must never fail
 * because a name is long. Counted in UTF-16 units, which is never fewer than the characters Stripe counts, and
 * never splitting a surrogate pair (an emoji is kept whole or dropped).
 */
export function clampText(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return text.slice(0, end)
}

/**
 * Metadata the app writes, checked against Stripe's limits. Every key and value the app writes is its own (ids,
 * catalog keys, tags), never a person's text, so a violation is a bug in this codebase: it throws, naming the
 * offending entry, rather than sending a request Stripe refuses or silently cutting an id.
 */
export function stripeMetadata<T extends Record<string, string>>(entries: T): T {
  const pairs = Object.entries(entries)
  if (pairs.length > METADATA_LIMITS.pairs) throw new Error(`Stripe metadata takes at most ${METADATA_LIMITS.pairs} keys; got ${pairs.length}`)
  for (const [key, value] of pairs) {
    if (key.length === 0 || key.length > METADATA_LIMITS.keyLength || /[[\]]/.test(key)) {
      throw new Error(`Stripe metadata key "${key}" must be 1–${METADATA_LIMITS.keyLength} characters without square brackets`)
    }
    if (value.length > METADATA_LIMITS.valueLength) throw new Error(`Stripe metadata value of "${key}" is over ${METADATA_LIMITS.valueLength} characters`)
  }
  return entries
}
