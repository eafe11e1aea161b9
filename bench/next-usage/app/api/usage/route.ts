import { randomUUID } from 'node:crypto'
import { after } from 'next/server'
import { recordUsage } from '@/lib/usage/record-usage'
import { wakeUsageSender } from '@/lib/usage/wake-sender'
import { BENCH_USAGE_METER, BENCH_USAGE_ORGANIZATION } from '@/bench/usage-seed'

// The route under test: what an API route of a metered product does on each request, and nothing else. One use of
// the meter under a distinct identifier (a request id), recorded in the database (no Stripe call), then the sender
// woken after the response, as lib/usage/actions.ts does. The organization is seeded on a metered plan
// (bench/usage-seed.ts), so recordUsage takes its real path: plan, period, event row, running total.
export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

export async function POST() {
  const result = await recordUsage(BENCH_USAGE_ORGANIZATION, BENCH_USAGE_METER, 1, { identifier: `bench:${randomUUID()}` })
  if (result.outcome !== 'recorded') return Response.json({ ok: false, outcome: result.outcome }, { status: 409 })
  after(() => wakeUsageSender())
  return Response.json({ ok: true })
}
