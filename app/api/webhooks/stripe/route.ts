import { methodNotAllowed, receiveStripeWebhook } from '@/lib/webhooks/receive-stripe-webhook'

// Node runtime: the raw body and the ledger's database driver need it. Never cached, never behind a session.
export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

export const POST = (request: Request) => receiveStripeWebhook(request)
export const GET = methodNotAllowed
export const PUT = methodNotAllowed
export const PATCH = methodNotAllowed
export const DELETE = methodNotAllowed
