import 'server-only'
import { isHandledStripeEventType } from '@/inngest/stripe/event-handlers'
import { env } from '@/lib/env'
import { handOff } from './hand-off'
import { markQueued, recordEvent } from './ledger'
import { readCappedBody } from './read-capped-body'
import { verifyStripeEvent } from './verify-stripe-event'

/** Stripe's events are far smaller; anything bigger is refused before it costs memory or a signature check. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status })

/**
 * POST /api/webhooks/stripe: verify → record → hand off → 2xx. Every answer is one Stripe acts on:
 * 2xx ends its retries (received, duplicate or ignored), 4xx says the request itself is bad, 5xx asks it to
 * retry, which it does for three days. No Stripe API call and no slow work happen here.
 */
export async function receiveStripeWebhook(request: Request): Promise<Response> {
  if (Number(request.headers.get('content-length')) > MAX_WEBHOOK_BYTES) {
    return answer(413, { error: 'payload_too_large', message: `Bodies over ${MAX_WEBHOOK_BYTES} bytes are refused.` })
  }
  const body = await readCappedBody(request, MAX_WEBHOOK_BYTES)
  if (!body) return answer(413, { error: 'payload_too_large', message: `Bodies over ${MAX_WEBHOOK_BYTES} bytes are refused.` })

  const secret = env().STRIPE_WEBHOOK_SECRET
  // Not configured yet: a 503 makes Stripe retry, so no event is lost while the secret is being set.
  if (!secret) return answer(503, { error: 'not_configured', message: 'STRIPE_WEBHOOK_SECRET is not set on this server.' })

  const verified = verifyStripeEvent(body, request.headers.get('stripe-signature'), secret)
  if (!verified.ok) return answer(400, { error: verified.code, message: verified.message })
  const { event } = verified

  const wanted = isHandledStripeEventType(event.type)
  const recorded = await recordEvent(event, body.toString('utf8'), wanted)
  if (recorded.status === 'ignored') return answer(200, { received: true, ignored: true })
  // Already confirmed with Inngest: a redelivery changes nothing. A row still `received` was never confirmed,
  // so it is handed off again (Inngest drops the copy if the first hand-off did land).
  if (recorded.status !== 'received') return answer(200, { received: true, duplicate: true })

  try {
    await handOff([event])
  } catch (error) {
    console.error(`stripe webhook: hand-off of ${event.id} to Inngest failed; answering 500 so Stripe retries`, error)
    return answer(500, { error: 'handoff_failed', message: 'The event is recorded but could not be queued; Stripe will retry.' })
  }
  await markQueued(event.id)
  return answer(200, { received: true })
}

/** Stripe only POSTs; anything else is answered 405 with the method that is allowed. */
export function methodNotAllowed(): Response {
  return Response.json({ error: 'method_not_allowed', message: 'Stripe webhooks are POST requests.' }, { status: 405, headers: { Allow: 'POST' } })
}
