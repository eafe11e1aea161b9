// Runs once when a server instance starts (next start, next dev, serverless cold start).
import { env, isDeployment, isSandboxKey } from '@/lib/env'

export function register() {
  const config = env()
  const mode = isDeployment(config) ? 'deployment' : config.NODE_ENV === 'production' ? 'local preview' : 'development'
  const database = config.DATABASE_URL.startsWith('file:') ? 'SQLite' : 'PostgreSQL'
  const stripe = isSandboxKey(config.STRIPE_SECRET_KEY) ? 'the local Stripe sandbox' : config.STRIPE_SECRET_KEY ? 'Stripe connected' : 'Stripe not configured'
  console.log(`Tollgate: ${mode} at ${config.APP_URL}, ${database}, ${stripe}`)
}
