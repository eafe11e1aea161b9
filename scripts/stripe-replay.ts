// npm run stripe:replay -- evt_123 [evt_456 …]   re-sends those ledger events to Inngest
// npm run stripe:replay -- --failed              re-sends every event whose processing failed
// Handlers are idempotent and billing emails are deduplicated, so replaying is always safe.
import type Stripe from 'stripe'
import { loadProjectEnv } from '@/lib/env/load-project-env'

loadProjectEnv()
const { db } = await import('@/lib/db')
const { handOff } = await import('@/lib/webhooks/hand-off')
const { isPayloadPruned, prunedPayloadMessage } = await import('@/lib/webhooks/retention')

const args = process.argv.slice(2)
if (args.length === 0) {
  console.error('usage: npm run stripe:replay -- <event id> [more ids]   or   npm run stripe:replay -- --failed')
  process.exit(2)
}
const rows = await db.stripeEvent.findMany({
  where: args.includes('--failed') ? { status: 'failed' } : { id: { in: args } },
  orderBy: { stripeCreatedAt: 'asc' },
})
const missing = args.filter((id) => id !== '--failed' && !rows.some((row) => row.id === id))
for (const id of missing) console.error(`stripe:replay: ${id} is not in the ledger (StripeEvent)`)
const pruned = rows.filter((row) => isPayloadPruned(row))
for (const row of pruned) console.error(`stripe:replay: ${prunedPayloadMessage(row)}`)
const replayable = rows.filter((row) => row.status !== 'ignored' && !isPayloadPruned(row))
for (const row of rows.filter((r) => r.status === 'ignored' && !isPayloadPruned(r))) console.error(`stripe:replay: ${row.id} (${row.type}) has no handler; skipped`)

const sent = await handOff(replayable.map((row) => JSON.parse(row.payload) as Stripe.Event), { replay: true })
if (sent.size > 0) await db.stripeEvent.updateMany({ where: { id: { in: [...sent] } }, data: { status: 'queued' } })
for (const row of replayable) console.log(`stripe:replay: ${sent.has(row.id) ? 're-sent' : 'could NOT re-send'} ${row.id} (${row.type}, was ${row.status})`)
console.log(`stripe:replay: ${sent.size} of ${replayable.length} event(s) re-sent to Inngest.`)
await db.$disconnect()
process.exitCode = missing.length > 0 || pruned.length > 0 || sent.size < replayable.length ? 1 : 0
