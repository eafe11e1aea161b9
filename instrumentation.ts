// Runs once when a server instance starts (next start, next dev, serverless cold start).
import { env, isDeployment, isNodeRuntime, isSandboxKey } from '@/lib/env'

export async function register() {
  // Node only: the socket's address is what the sign-in limits and /api/inngest's local-only check go by.
  if (isNodeRuntime()) {
    const { recordPeerAddresses } = await import('@/lib/security/peer-address')
    recordPeerAddresses()
  }
  const config = env()
  const mode = isDeployment(config) ? 'deployment' : config.NODE_ENV === 'production' ? 'local preview' : 'development'
  // Which SQLite file: `npm run dev` with the sandbox uses its own (decision 0050), so say which one this is.
  const database = config.DATABASE_URL.startsWith('file:') ? `SQLite (${config.DATABASE_URL.slice('file:'.length)})` : 'PostgreSQL'
  const stripe = isSandboxKey(config.STRIPE_SECRET_KEY)
    ? 'the local Stripe sandbox'
    : config.STRIPE_SECRET_KEY
      ? 'Stripe connected'
      : 'no Stripe: set STRIPE_SECRET_KEY (see .env.example), or run npm run dev for the local sandbox'
  console.log(`Tollgate: ${mode} at ${config.APP_URL}, ${database}, ${stripe}`)
}
