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
  const database = config.DATABASE_URL.startsWith('file:') ? 'SQLite' : 'PostgreSQL'
  const stripe = isSandboxKey(config.STRIPE_SECRET_KEY) ? 'the local Stripe sandbox' : config.STRIPE_SECRET_KEY ? 'Stripe connected' : 'Stripe not configured'
  console.log(`Tollgate: ${mode} at ${config.APP_URL}, ${database}, ${stripe}`)
}
