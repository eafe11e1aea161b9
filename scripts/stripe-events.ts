// npm run stripe:events — the event types to select on the Stripe webhook endpoint: exactly those with handlers.
import { handledStripeEventTypes } from '@/inngest/stripe/event-handlers'

const asFlags = process.argv.includes('--cli')
if (asFlags) console.log(`--events ${handledStripeEventTypes.join(',')}`)
else for (const type of handledStripeEventTypes) console.log(type)
