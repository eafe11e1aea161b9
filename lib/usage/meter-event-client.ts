import 'server-only'
import Stripe from 'stripe'
import { env } from '@/lib/env'
import { createStripe, StripeNotConfiguredError } from '@/lib/stripe/client'
import { throttledHttpClient } from '@/lib/stripe/request-budget'

let client: Stripe | undefined

/**
 * The Stripe SDK for the usage sender: meter events have a rate of their own at Stripe (live mode), held by
 * takeMeterEventSlots per batch, so this client skips the background budget of 15–60 requests a second that every
 * other job shares, and keeps its handling of a 429 (exponential backoff with jitter).
 */
export function requireMeterEventStripe(): Stripe {
  if (client) return client
  const config = env()
  if (!config.STRIPE_SECRET_KEY) throw new StripeNotConfiguredError()
  client = createStripe(config.STRIPE_SECRET_KEY, config.STRIPE_API_URL, throttledHttpClient(Stripe.createNodeHttpClient(), async () => {}))
  return client
}
