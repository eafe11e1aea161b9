import 'server-only'
import Stripe from 'stripe'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'

/** "Idempotency keys are up to 255 characters long." https://docs.stripe.com/api/idempotent_requests */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255

/** Attempt rows older than this are dropped when another scope fails; Stripe prunes keys after at least 24 h. */
const KEEP_ATTEMPTS_MS = 7 * 24 * 60 * 60 * 1000

export type IdempotentAttempt = {
  /** `<scope>:a<attempt>`: pass it as the request's `idempotencyKey`. */
  key: string
  /** 0 until a request in this scope failed; above 0, an earlier attempt may have done its work before failing. */
  attempt: number
}

/**
 * Runs one Stripe write under an idempotency key that a failure cannot lock. Every caller of a scope shares the
 * key (a double-click, two instances, the SDK's own retries) until a request with it fails in a way Stripe may
 * have saved — Stripe replays that failure to the same key for ~24 h, 500s included — and then the scope moves to
 * its next attempt, so the next try (the user's next click, Inngest's next retry) sends a fresh key.
 * The attempt lives in the database, so it holds across instances. See docs/decisions/0009-idempotency-attempts.md.
 */
export async function withIdempotencyKey<T>(scope: string, run: (attempt: IdempotentAttempt) => Promise<T>): Promise<T> {
  const attempt = (await db.stripeIdempotencyAttempt.findUnique({ where: { scope } }))?.attempt ?? 0
  const key = `${scope}:a${attempt}`
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) throw new Error(`Idempotency key over ${MAX_IDEMPOTENCY_KEY_LENGTH} characters: ${key}`)
  try {
    return await run({ key, attempt })
  } catch (error) {
    if (boundToFailure(error)) await advance(scope, attempt)
    throw error
  }
}

/**
 * Whether Stripe may have saved this failure under the key. Not for a connection error (no answer came: resending
 * the same key is exactly what keys are for) nor a 409 (another request with the key is still running, and its
 * answer will be the key's). Any other Stripe error moves on: at worst, a key Stripe never saved is skipped.
 */
function boundToFailure(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return false
  if (error instanceof Stripe.errors.StripeConnectionError) return false
  return error.statusCode !== 409
}

/**
 * Starts a scope's next attempt although nothing failed: for a scope whose saved answer is no longer true (the
 * customer created under `tollgate:customer:<user>` was deleted, so replaying its creation would hand back a
 * deleted customer for the next 24 h).
 */
export async function startNextAttempt(scope: string): Promise<void> {
  const attempt = (await db.stripeIdempotencyAttempt.findUnique({ where: { scope } }))?.attempt ?? 0
  await advance(scope, attempt)
}

/** Moves the scope past `attempt`, once however many instances saw that attempt fail. */
async function advance(scope: string, attempt: number): Promise<void> {
  const { count } = await db.stripeIdempotencyAttempt.updateMany({ where: { scope, attempt }, data: { attempt: attempt + 1 } })
  if (count === 0 && attempt === 0) {
    try {
      await db.stripeIdempotencyAttempt.create({ data: { scope, attempt: 1 } })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error // another instance recorded the same failure first
    }
  }
  await db.stripeIdempotencyAttempt.deleteMany({ where: { updatedAt: { lt: new Date(Date.now() - KEEP_ATTEMPTS_MS) } } })
}
