import 'server-only'
import type Stripe from 'stripe'
import { inngest } from '@/inngest/client'

/** The Inngest event name for a Stripe event type: the contract functions, tools and replays rely on. */
export const inngestEventName = (type: string) => `stripe/${type}`

/**
 * Hands verified Stripe events to Inngest. The Inngest event id is the Stripe event id, so Inngest drops a second
 * send of the same event (a redelivery, or two deliveries racing) instead of running the functions twice.
 */
export async function handOff(events: readonly Stripe.Event[], options: { replay?: boolean } = {}): Promise<void> {
  if (events.length === 0) return
  const stamp = Date.now()
  await inngest.send(
    events.map((event) => ({
      // A replay must run again, so it gets its own id; handlers are idempotent, emails deduplicated.
      id: options.replay ? `${event.id}:replay:${stamp}` : event.id,
      name: inngestEventName(event.type),
      data: event,
    })),
  )
}
