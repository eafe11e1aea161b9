import 'server-only'
import Stripe from 'stripe'
import { env } from '@/lib/env'

/**
 * The Stripe API version every request uses, pinned here and nowhere else. It is the version stripe@23.1.0 is
 * typed against; upgrade both together, and set the webhook endpoint in the Stripe dashboard to the same version
 * so event payloads have the shape these types describe.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const

let client: Stripe | null | undefined

/** The Stripe SDK, or null when STRIPE_SECRET_KEY is not set (pages then explain how to connect Stripe). */
export function getStripe(): Stripe | null {
  if (client !== undefined) return client
  const { STRIPE_SECRET_KEY, STRIPE_API_URL } = env()
  client = STRIPE_SECRET_KEY ? createStripe(STRIPE_SECRET_KEY, STRIPE_API_URL) : null
  return client
}

export function createStripe(secretKey: string, apiUrl?: string): Stripe {
  const target = apiUrl ? new URL(apiUrl) : null
  return new Stripe(secretKey, {
    apiVersion: STRIPE_API_VERSION,
    appInfo: { name: 'Tollgate' },
    // The SDK retries network errors and 409/5xx answers, reusing the request's idempotency key.
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(target && {
      host: target.hostname,
      port: Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
      protocol: target.protocol === 'https:' ? 'https' : 'http',
    }),
  })
}

export class StripeNotConfiguredError extends Error {
  constructor() {
    super('Stripe is not connected: set STRIPE_SECRET_KEY (see .env.example), then run `npm run stripe:sync`.')
    this.name = 'StripeNotConfiguredError'
  }
}

export function requireStripe(): Stripe {
  const stripe = getStripe()
  if (!stripe) throw new StripeNotConfiguredError()
  return stripe
}
