import { serve } from 'inngest/next'
import { inngest } from '@/inngest/client'
import { functions } from '@/inngest/functions'

// Inngest calls this route to run the functions. Outside dev mode every call must be signed with
// INNGEST_SIGNING_KEY, which the client carries (lib/env requires it in production and refuses INNGEST_DEV there).
export const { GET, POST, PUT } = serve({ client: inngest, functions })
