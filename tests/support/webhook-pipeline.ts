// The whole path from Stripe to the database, in-process: the Stripe double's events are signed as Stripe signs
// them and POSTed to the real webhook route; the route's hand-off reaches the Inngest stand-in over HTTP; the
// recorded events run through the real Inngest functions (@inngest/test) against the same database.
import type Stripe from 'stripe'
import type { StripeDouble } from '@/sandbox/stripe'
import type { PendingDebounces } from '@/sandbox/inngest/run-events'
import { runInngestEvents, type startInngestStandIn } from './inngest-stand-in'
import { signStripePayload, type stripeEvent } from './stripe-signing'

type StandIn = Awaited<ReturnType<typeof startInngestStandIn>>

export async function createWebhookPipeline(double: StripeDouble, inngest: StandIn) {
  const route = await import('@/app/api/webhooks/stripe/route')
  const { functions } = await import('@/inngest/functions')
  let delivered = 0
  let ran = 0
  const pending: PendingDebounces = new Map()

  // Any event: one the double made, or one made by hand (stripeEvent in ./stripe-signing.ts) for what it does not model.
  async function post(event: Stripe.Event | ReturnType<typeof stripeEvent>): Promise<number> {
    const payload = JSON.stringify(event, null, 2)
    const request = new Request('http://localhost:3000/api/webhooks/stripe', {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(payload, double.webhookSecret) },
    })
    return (await route.POST(request)).status
  }

  return {
    post,
    /** Never delivers the events the double created since the last deliverNew (lost on the way). */
    skipNew(): void {
      delivered = double.events.length
    },
    /** Delivers every event the double created since the last call, in order; returns the route's statuses. */
    async deliverNew(): Promise<number[]> {
      const fresh = double.events.slice(delivered)
      delivered = double.events.length
      const statuses = []
      for (const event of fresh) statuses.push(await post(event))
      return statuses
    },
    /**
     * Runs every event Inngest accepted since the last call through the functions it triggers, then the events
     * those runs sent (a customer sync they asked for), until none is left. Each round is one debounce period.
     * `quiet: false` runs what Inngest would run at once and holds the debounced functions, as when more events
     * follow within their quiet period; the next call with `quiet` (the default) runs them, with the last event.
     */
    async runQueued({ quiet = true }: { quiet?: boolean } = {}) {
      const runs = []
      do {
        const fresh = inngest.accepted.slice(ran)
        ran = inngest.accepted.length
        runs.push(...(await runInngestEvents(functions, fresh, { pending, quietAfter: quiet })))
      } while (ran < inngest.accepted.length)
      return runs
    },
    functions,
  }
}
