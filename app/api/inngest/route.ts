import { serve } from 'inngest/next'
import { inngest, inngestOptions, inngestServeOptions } from '@/inngest/client'
import { functions } from '@/inngest/functions'
import { env } from '@/lib/env'
import { guardInngestServe } from '@/lib/security/guard-inngest-serve'

// Inngest calls this route to run the functions and to sync them. Outside dev mode every call must be signed with
// INNGEST_SIGNING_KEY (lib/env requires it in production and refuses INNGEST_DEV there), and the URL registered
// is always APP_URL's, whatever Host the request carries (inngestServeOptions). In dev mode, which checks no
// signature, or without a key to check one with, only this machine may call it; outside development no answer
// carries a stack trace.
const handlers = serve({ client: inngest, functions, ...inngestServeOptions() })

export const { GET, POST, PUT } = guardInngestServe(handlers, { unsigned: inngestOptions().isDev || !env().INNGEST_SIGNING_KEY })
