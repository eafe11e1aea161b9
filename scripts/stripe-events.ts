// npm run stripe:events — the event types to select on the Stripe webhook endpoint: exactly those with handlers,
// and (on stderr, so `$(npm run -s stripe:events -- --cli)` stays clean) how to put the endpoint on our API version.
import { handledStripeEventTypes } from '@/inngest/stripe/event-handlers'
import { STRIPE_API_VERSION } from '@/lib/stripe/client'

const asFlags = process.argv.includes('--cli')
if (asFlags) console.log(`--events ${handledStripeEventTypes.join(',')}`)
else for (const type of handledStripeEventTypes) console.log(type)

console.error(`
Stripe renders each event in the webhook endpoint's API version, which can differ from the one this app pins
(${STRIPE_API_VERSION}). The app still processes such events (handlers re-read objects in the pinned version) and
logs a warning once per foreign version. To align the endpoint, give it the pinned version when you create it:
  - API or CLI: stripe webhook_endpoints create -d url=https://your.app/api/webhooks/stripe \\
      -d api_version=${STRIPE_API_VERSION} -d "enabled_events[]=…" (one per type above)
  - Dashboard (Workbench → Webhooks → Add destination): pick API version ${STRIPE_API_VERSION}.
  - stripe listen uses your account's default API version: set that default to ${STRIPE_API_VERSION}, or pass
    --latest when the pinned version is Stripe's latest.`)
