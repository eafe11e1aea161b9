import { Inngest } from 'inngest'
import { env, isDeployment, type Env } from '@/lib/env'

/**
 * How to reach Inngest. A deployment uses Inngest Cloud (or INNGEST_BASE_URL for self-hosted) with its keys.
 * Anywhere else, with no event key, it talks to the Inngest dev server on localhost:8288, or to INNGEST_DEV's URL.
 */
export function inngestOptions(config: Env = env()) {
  const devUrl = config.INNGEST_DEV?.startsWith('http') ? config.INNGEST_DEV : undefined
  const isDev = config.INNGEST_DEV === '0' ? false : Boolean(config.INNGEST_DEV) || (!isDeployment(config) && !config.INNGEST_EVENT_KEY)
  return {
    id: 'tollgate',
    isDev,
    baseUrl: devUrl ?? config.INNGEST_BASE_URL,
    eventKey: config.INNGEST_EVENT_KEY ?? (isDev ? 'local-dev' : undefined),
    signingKey: config.INNGEST_SIGNING_KEY,
    signingKeyFallback: config.INNGEST_SIGNING_KEY_FALLBACK,
  }
}

/** The path of the serve route (app/api/inngest/route.ts). */
export const INNGEST_SERVE_PATH = '/api/inngest'

/**
 * How /api/inngest serves. Inngest is told to call APP_URL, never the Host of whoever sent the sync request (a
 * forged Host would register a stranger's server). Outside dev mode every request, syncs included, must carry
 * Inngest's signature: an unsigned PUT gets 401 and registers nothing. Sync from the Inngest dashboard, the
 * Vercel/Netlify integration or Inngest's REST API; all of them sign their calls.
 */
export function inngestServeOptions(config: Env = env()) {
  return { serveOrigin: config.APP_URL, servePath: INNGEST_SERVE_PATH, enableUnauthedSync: false }
}

export const inngest = new Inngest(inngestOptions())
