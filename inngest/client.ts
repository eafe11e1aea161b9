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

export const inngest = new Inngest(inngestOptions())
