import 'server-only'
import Stripe from 'stripe'
import { env, stripeBackgroundRate, stripeMode } from '@/lib/env'
import { takeStripeRequestSlot, throttledHttpClient } from './request-budget'

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

export function createStripe(secretKey: string, apiUrl?: string, httpClient?: Stripe.HttpClient): Stripe {
  const target = apiUrl ? new URL(apiUrl) : null
  return new Stripe(secretKey, {
    ...(httpClient && { httpClient }),
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

let background: Stripe | undefined

/**
 * The Stripe SDK for background work (every Inngest function): the same settings, with every request through the
 * shared throttle (STRIPE_BACKGROUND_REQUESTS_PER_SECOND; by default 60/s live, 15/s test, leaving Stripe's
 * 100/s and 25/s room for checkout and the portal) and a 429 retried with backoff. Pages and actions use
 * requireStripe(), unthrottled: a customer waiting on checkout never queues behind a reconciliation.
 */
export function requireBackgroundStripe(): Stripe {
  if (background) return background
  const config = env()
  if (!config.STRIPE_SECRET_KEY) throw new StripeNotConfiguredError()
  const perSecond = stripeBackgroundRate(config)
  const mode = stripeMode(config.STRIPE_SECRET_KEY) ?? 'test'
  const http = throttledHttpClient(Stripe.createNodeHttpClient(), () => takeStripeRequestSlot(perSecond, mode))
  background = createStripe(config.STRIPE_SECRET_KEY, config.STRIPE_API_URL, http)
  return background
}
