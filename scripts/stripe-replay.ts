// npm run stripe:replay -- evt_123 [evt_456 …]   re-sends those ledger events to Inngest
// npm run stripe:replay -- --failed              re-sends every event whose processing failed
// Handlers are idempotent and billing emails are deduplicated, so replaying is always safe. The operator console's
// Replay (/admin/events) goes through the same function, lib/webhooks/replay.ts.
import { loadProjectEnv } from '@/lib/env/load-project-env'

loadProjectEnv()
const { db } = await import('@/lib/db')
const { replayEvents, sentCount } = await import('@/lib/webhooks/replay')

const args = process.argv.slice(2)
if (args.length === 0) {
  console.error('usage: npm run stripe:replay -- <event id> [more ids]   or   npm run stripe:replay -- --failed')
  process.exit(2)
}
const report = await replayEvents(args.includes('--failed') ? { failed: true } : { ids: args })
for (const id of report.missing) console.error(`stripe:replay: ${id} is not in the ledger (StripeEvent)`)
for (const event of report.pruned) console.error(`stripe:replay: ${event.message}`)
for (const event of report.skipped) console.error(`stripe:replay: ${event.id} (${event.type}) has no handler; skipped`)
for (const event of report.replayed) console.log(`stripe:replay: ${event.sent ? 're-sent' : 'could NOT re-send'} ${event.id} (${event.type}, was ${event.was})`)
const sent = sentCount(report)
console.log(`stripe:replay: ${sent} of ${report.replayed.length} event(s) re-sent to Inngest.`)
await db.$disconnect()
process.exitCode = report.missing.length > 0 || report.pruned.length > 0 || sent < report.replayed.length ? 1 : 0
