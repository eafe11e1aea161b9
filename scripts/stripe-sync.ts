// npm run stripe:sync — pushes lib/billing/catalog.ts and the customer portal configuration to the Stripe account in
// STRIPE_SECRET_KEY and mirrors the catalog into the local database. Safe to run again: a second run reports no changes.
import { loadProjectEnv } from '@/lib/env/load-project-env'

loadProjectEnv()
const { env } = await import('@/lib/env')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { getStripe } = await import('@/lib/stripe/client')
const { stripeSetupSteps } = await import('@/lib/stripe/setup-hint')

const stripe = getStripe()
if (!stripe) {
  console.error('stripe:sync: no STRIPE_SECRET_KEY, so there is no Stripe account to sync the plans to. To connect one:')
  for (const [i, step] of stripeSetupSteps({ forSync: true }).entries()) {
    console.error(`  ${i + 1}. ${i === 0 ? `${step.text} Then run this command again.` : step.text}${step.command ? `\n       ${step.command}` : ''}`)
  }
  process.exit(1)
}
const mode = env().STRIPE_SECRET_KEY?.includes('_live_') ? 'LIVE' : 'test'
console.log(`stripe:sync: syncing ${PLANS.length} plans to Stripe (${mode} mode)…`)
const changes = await syncCatalog(stripe, PLANS)
for (const change of changes) console.log(`  ${change.action.padEnd(8)} ${change.kind.padEnd(7)} ${change.id}  ${change.detail}`)
console.log(changes.length === 0 ? 'stripe:sync: Stripe already matches the catalog; nothing changed.' : `stripe:sync: ${changes.length} change(s).`)
