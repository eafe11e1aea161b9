import { serve } from 'inngest/next'
import { inngest, inngestServeOptions } from '@/inngest/client'
import { functions } from '@/inngest/functions'

// Inngest calls this route to run the functions and to sync them. Outside dev mode every call must be signed with
// INNGEST_SIGNING_KEY (lib/env requires it in production and refuses INNGEST_DEV there), and the URL registered
// is always APP_URL's, whatever Host the request carries (inngestServeOptions).
export const { GET, POST, PUT } = serve({ client: inngest, functions, ...inngestServeOptions() })
