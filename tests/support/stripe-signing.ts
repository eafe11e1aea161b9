// Signs payloads exactly as Stripe does (v1 = HMAC-SHA256 of "<timestamp>.<payload>"), using the stripe SDK.
import Stripe from 'stripe'

const webhooks = new Stripe('sk_test_signing').webhooks

export function signStripePayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return webhooks.generateTestHeaderString({ payload, secret, timestamp })
}

/** A header carrying one v1 signature per secret, as Stripe sends while an endpoint's secret is being rolled. */
export function signWithSecrets(payload: string, secrets: string[], timestamp = Math.floor(Date.now() / 1000)): string {
  const signatures = secrets.map((secret) => signStripePayload(payload, secret, timestamp).split(',').find((p) => p.startsWith('v1='))!)
  return [`t=${timestamp}`, ...signatures].join(',')
}

let counter = 0
/** A minimal, well-formed Stripe event of the given type. */
export function stripeEvent(type: string, object: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  counter += 1
  return {
    id: `evt_test_${Date.now().toString(36)}${counter}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
    ...overrides,
  }
}
