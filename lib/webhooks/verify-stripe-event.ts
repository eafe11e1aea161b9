import Stripe from 'stripe'

export type VerifyFailure = 'missing_signature' | 'invalid_signature' | 'timestamp_out_of_tolerance' | 'invalid_payload'
export type Verified = { ok: true; event: Stripe.Event } | { ok: false; code: VerifyFailure; message: string }

/** Stripe's default: a signed timestamp older than five minutes is refused, which defeats replayed requests. */
export const SIGNATURE_TOLERANCE_S = 300

// Verification needs no API key, only the signing secret; this instance never makes a request.
const webhooks = new Stripe('sk_webhook_verification_only').webhooks

/**
 * Checks the Stripe-Signature header against the raw body with the official SDK (any matching v1 signature
 * passes, so Stripe's secret rotation, which signs with both secrets, works), then that the body is an event.
 * The body is the raw bytes decoded as UTF-8 once; Stripe signs UTF-8 JSON, so re-encoding it gives the same bytes.
 */
export function verifyStripeEvent(body: string, signature: string | null, secret: string): Verified {
  if (!signature) return { ok: false, code: 'missing_signature', message: 'The Stripe-Signature header is missing.' }
  if (body.length === 0) return { ok: false, code: 'invalid_payload', message: 'The body is empty.' }
  let event: unknown
  try {
    event = webhooks.constructEvent(body, signature, secret, SIGNATURE_TOLERANCE_S)
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      return error.message.startsWith('Timestamp outside the tolerance zone')
        ? { ok: false, code: 'timestamp_out_of_tolerance', message: `The signature is older than ${SIGNATURE_TOLERANCE_S} seconds.` }
        : { ok: false, code: 'invalid_signature', message: 'The signature does not match this endpoint’s signing secret.' }
    }
    // The signature matched, but the signed bytes are not JSON.
    return { ok: false, code: 'invalid_payload', message: 'The signed body is not JSON.' }
  }
  if (!isStripeEvent(event)) return { ok: false, code: 'invalid_payload', message: 'The signed body is not a Stripe event.' }
  return { ok: true, event }
}

function isStripeEvent(value: unknown): value is Stripe.Event {
  if (typeof value !== 'object' || value === null) return false
  const event = value as Record<string, unknown>
  const data = event.data as Record<string, unknown> | undefined
  return (
    event.object === 'event' &&
    typeof event.id === 'string' &&
    /^evt_\w+$/.test(event.id) &&
    typeof event.type === 'string' &&
    isPlausibleCreated(event.created) &&
    typeof data?.object === 'object' &&
    data.object !== null
  )
}

/** Stripe's `created` is a whole Unix time in seconds; one no date can hold could never be recorded. */
function isPlausibleCreated(created: unknown): boolean {
  return typeof created === 'number' && Number.isSafeInteger(created) && created >= 0 && created <= MAX_DATE_SECONDS
}

/** The largest time a JavaScript Date (and so the ledger's stripeCreatedAt) can hold, in seconds. */
const MAX_DATE_SECONDS = 8.64e12
