import 'server-only'
import { env } from '@/lib/env'
import { customerOf, type CustomerSource } from './event-customer'
import { readCappedBody } from './read-capped-body'
import { recordAndHandOff } from './record-and-hand-off'
import { recordRefusedEvent } from './record-refused'
import { verifyStripeEvent } from './verify-stripe-event'

/** Stripe's events are far smaller; anything bigger is refused before it costs memory or a signature check. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024

export type WebhookAnswer = { status: number; body: Record<string, unknown> }

/**
 * What the handler map (inngest/stripe/event-handlers.ts) says about an event type, passed in by the route so lib
 * never imports inngest/: whether the app handles it (any other type is recorded as ignored and answered 200), and
 * where its customer is (the ledger row's customer, read from the payload; a lookup is left to the function).
 */
export type StripeEventRouting = { wanted: (type: string) => boolean; customerSource: (type: string) => CustomerSource }

const tooLarge: WebhookAnswer = { status: 413, body: { error: 'payload_too_large', message: `Bodies over ${MAX_WEBHOOK_BYTES} bytes are refused.` } }

/** POST /api/webhooks/stripe, as a web Request → Response (the Next route is this and nothing else). */
export async function receiveStripeWebhook(request: Request, routing: StripeEventRouting): Promise<Response> {
  const answer = await receive(request, routing)
  return Response.json(answer.body, { status: answer.status })
}

async function receive(request: Request, routing: StripeEventRouting): Promise<WebhookAnswer> {
  if (Number(request.headers.get('content-length')) > MAX_WEBHOOK_BYTES) return tooLarge
  const body = await readCappedBody(request, MAX_WEBHOOK_BYTES)
  if (!body) return tooLarge
  return ingestStripeWebhook(body, request.headers.get('stripe-signature'), routing)
}

/**
 * verify → record → hand off → 2xx, on a raw body already read under the size cap. Framework-free, so the
 * benchmark's bare node:http server runs exactly this too. Every answer is one Stripe acts on: 2xx ends its
 * retries (received, duplicate or ignored), 4xx says the request itself is bad, 5xx says this server failed. Stripe
 * retries every non-2xx for up to three days (https://docs.stripe.com/webhooks, "Retry behavior"), so a 5xx is kept
 * for what a retry can fix; a signed body the app can never use gets a 400 and a `refused` ledger row, and each
 * retry of it changes nothing. No Stripe API call and no slow work happen here.
 */
export async function ingestStripeWebhook(body: Buffer, signature: string | null, routing: StripeEventRouting): Promise<WebhookAnswer> {
  const secret = env().STRIPE_WEBHOOK_SECRET
  // Not configured yet: a 503 makes Stripe retry, so no event is lost while the secret is being set.
  if (!secret) return { status: 503, body: { error: 'not_configured', message: 'STRIPE_WEBHOOK_SECRET is not set on this server.' } }

  const payload = body.toString('utf8')
  const verified = verifyStripeEvent(payload, signature, secret)
  if (!verified.ok) {
    if (verified.signed) await recordRefusedEvent(payload, verified.message)
    return { status: 400, body: { error: verified.code, message: verified.message } }
  }
  const { event } = verified

  switch (await recordAndHandOff({ event, payload, wanted: routing.wanted(event.type), customer: customerOf(event, routing.customerSource(event.type)) })) {
    case 'queued':
      return { status: 200, body: { received: true } }
    case 'ignored':
      return { status: 200, body: { received: true, ignored: true } }
    case 'duplicate':
      return { status: 200, body: { received: true, duplicate: true } }
    case 'handoff_failed':
      return { status: 500, body: { error: 'handoff_failed', message: 'The event is recorded but could not be queued; Stripe will retry.' } }
    case 'record_failed':
      return { status: 500, body: { error: 'record_failed', message: 'The event could not be recorded; Stripe will retry.' } }
  }
}

/** Stripe only POSTs; anything else is answered 405 with the method that is allowed. */
export function methodNotAllowed(): Response {
  return Response.json({ error: 'method_not_allowed', message: 'Stripe webhooks are POST requests.' }, { status: 405, headers: { Allow: 'POST' } })
}
