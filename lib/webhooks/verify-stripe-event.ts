import Stripe from 'stripe'

export type VerifyFailure = 'missing_signature' | 'invalid_signature' | 'timestamp_out_of_tolerance' | 'invalid_payload'
/**
 * `signed`: the signature matched, so Stripe (or whoever holds the endpoint's secret) sent a body the app cannot
 * use; the route records it as `refused` in the ledger, where an operator sees it. Unsigned bodies leave no trace.
 */
export type Verified = { ok: true; event: Stripe.Event } | { ok: false; code: VerifyFailure; message: string; signed: boolean }

/**
 * Stripe's default tolerance: a signed timestamp more than five minutes from now is refused, which defeats replayed
 * requests. Both ways: Stripe's docs define it as the difference between the current time and the signature's
 * timestamp (https://docs.stripe.com/webhooks#verify-manually, step 4), while stripe-node's `constructEvent`
 * refuses only old timestamps (`timestampAge > tolerance`, with timestampAge = now − t), so the future side is
 * checked here.
 */
export const SIGNATURE_TOLERANCE_S = 300

// Verification needs no API key, only the signing secret; this instance never makes a request.
const webhooks = new Stripe('sk_webhook_verification_only').webhooks

/**
 * Checks the Stripe-Signature header against the raw body with the official SDK (any matching v1 signature
 * passes, so Stripe's secret rotation, which signs with both secrets, works), that its timestamp is not ahead of
 * this server's clock by more than the tolerance, then that the body is an event the ledger can record.
 * The body is the raw bytes decoded as UTF-8 once; Stripe signs UTF-8 JSON, so re-encoding it gives the same bytes.
 */
export function verifyStripeEvent(body: string, signature: string | null, secret: string, now = Date.now()): Verified {
  if (!signature) return { ok: false, code: 'missing_signature', message: 'The Stripe-Signature header is missing.', signed: false }
  if (body.length === 0) return { ok: false, code: 'invalid_payload', message: 'The body is empty.', signed: false }
  let event: unknown
  try {
    event = webhooks.constructEvent(body, signature, secret, SIGNATURE_TOLERANCE_S, undefined, now)
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      return error.message.startsWith('Timestamp outside the tolerance zone')
        ? { ok: false, code: 'timestamp_out_of_tolerance', message: `The signature is older than ${SIGNATURE_TOLERANCE_S} seconds.`, signed: false }
        : { ok: false, code: 'invalid_signature', message: 'The signature does not match this endpoint’s signing secret.', signed: false }
    }
    // The signature matched, but the signed bytes are not JSON.
    return { ok: false, code: 'invalid_payload', message: 'The signed body is not JSON.', signed: true }
  }
  if (signedTimestamp(signature) - Math.floor(now / 1000) > SIGNATURE_TOLERANCE_S) {
    return { ok: false, code: 'timestamp_out_of_tolerance', message: `The signature is dated more than ${SIGNATURE_TOLERANCE_S} seconds ahead of this server’s clock.`, signed: false }
  }
  if (!isRecordableEvent(event)) {
    return { ok: false, code: 'invalid_payload', message: `The signed body is not a Stripe event the ledger can record: ${eventProblem(event)}.`, signed: true }
  }
  return { ok: true, event }
}

/** The header's `t=`, read as stripe-node reads it (the last one counts); the SDK has already checked it is a number. */
function signedTimestamp(header: string): number {
  let timestamp = Number.NaN
  for (const item of header.split(',')) {
    const [key, value] = item.split('=')
    if (key?.trim() === 't') timestamp = Number.parseInt(value ?? '', 10)
  }
  return timestamp
}

/**
 * What keeps `value` from being an event the ledger can record, in words, or null. Every column the route writes
 * comes from these fields, so an event that passes cannot fail the INSERT (a missing `livemode` once did: a NOT NULL
 * column, answered 500, which Stripe retries for three days). Cheap: a few property reads on the parsed object.
 */
function eventProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'not an object'
  if (value.object !== 'event') return 'object is not "event"'
  if (typeof value.id !== 'string' || !/^evt_\w{1,250}$/.test(value.id)) return 'no evt_ id'
  if (typeof value.type !== 'string' || !/^[\w.-]{1,200}$/.test(value.type)) return 'no type'
  if (typeof value.livemode !== 'boolean') return 'no livemode'
  if (!isPlausibleCreated(value.created)) return 'no created time a date can hold'
  if (value.api_version != null && !isStorableText(value.api_version)) return 'an api_version that is not text'
  const data = value.data
  if (!isRecord(data) || !isRecord(data.object)) return 'no data.object'
  if (data.object.id !== undefined && !isStorableText(data.object.id)) return 'a data.object.id that is not text'
  const customer = data.object.customer
  const customerId = isRecord(customer) && 'id' in customer ? String(customer.id) : customer
  if (typeof customerId === 'string' && !isStorableText(customerId)) return 'a customer id that is not text'
  return null
}

const isRecordableEvent = (value: unknown): value is Stripe.Event => eventProblem(value) === null

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Text a column can hold on both databases: PostgreSQL refuses NUL in text, and ids are short. */
const isStorableText = (value: unknown): value is string => typeof value === 'string' && value.length <= 255 && !value.includes('\u0000')

/** Stripe's `created` is a whole Unix time in seconds; one no date can hold could never be recorded. */
function isPlausibleCreated(created: unknown): boolean {
  return typeof created === 'number' && Number.isSafeInteger(created) && created >= 0 && created <= MAX_DATE_SECONDS
}

/** The largest time a JavaScript Date (and so the ledger's stripeCreatedAt) can hold, in seconds. */
const MAX_DATE_SECONDS = 8.64e12
