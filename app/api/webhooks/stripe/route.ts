import { stripeEventRouting } from '@/inngest/stripe/event-handlers'
import { methodNotAllowed, receiveStripeWebhook } from '@/lib/webhooks/receive-stripe-webhook'

// Node runtime: the raw body and the ledger's database driver need it. Never cached, never behind a session.
export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

// The route composes: lib verifies, records and hands off; the handler map says which types are wanted and where each one's customer is.
export const POST = (request: Request) => receiveStripeWebhook(request, stripeEventRouting)
export const GET = methodNotAllowed
export const PUT = methodNotAllowed
export const PATCH = methodNotAllowed
export const DELETE = methodNotAllowed
