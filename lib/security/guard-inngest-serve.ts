import 'server-only'
import type { NextRequest } from 'next/server'
import { env, type Env } from '@/lib/env'
import { isLocalCaller } from './local-caller'
import { withoutStackTraces } from './without-stack-traces'

type Handler = (request: NextRequest, context: unknown) => Promise<Response>
type ServeHandlers = { GET: Handler; POST: Handler; PUT: Handler }

const notLocal = () =>
  Response.json(
    { error: 'forbidden', message: 'Without INNGEST_SIGNING_KEY this endpoint serves only the Inngest dev server on this machine.' },
    { status: 403 },
  )

/**
 * /api/inngest's handlers with two rules around them (decision 0021, addendum):
 * - `unsigned` (the Inngest SDK's dev mode, where it checks no signature: `npm run dev` and the local preview): a
 *   call must come from this machine (local-caller.ts), so nobody on the network, and no web page, can run a
 *   function; with a signing key (a deployment), the SDK refuses unsigned calls itself;
 * - outside development (NODE_ENV ≠ development), answers carry no stack traces (without-stack-traces.ts).
 */
export function guardInngestServe(handlers: ServeHandlers, { unsigned, config = env() }: { unsigned: boolean; config?: Env }): ServeHandlers {
  const guard =
    (handler: Handler): Handler =>
    async (request, context) => {
      if (unsigned && !isLocalCaller(request, config.APP_URL)) return notLocal()
      const response = await handler(request, context)
      return config.NODE_ENV === 'development' ? response : withoutStackTraces(response)
    }
  return { GET: guard(handlers.GET), POST: guard(handlers.POST), PUT: guard(handlers.PUT) }
}
