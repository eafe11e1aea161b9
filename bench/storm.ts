// The duplicate storm: Stripe delivers at least once, and retries overlap. 100 distinct events × 10 deliveries,
// shuffled, 50 at a time, at a fresh database: the ledger must end with exactly 100 rows and no delivery may 5xx.
import Database from 'better-sqlite3'
import { sinkStats } from './inngest-sink'
import { shuffle, signedEvent, type SignedPayload } from './payloads'

export type StormResult = {
  deliveries: number
  distinct: number
  concurrency: number
  wallMs: number
  statusCodes: Record<string, number>
  answers: { received: number; duplicate: number; other: number }
  failures: number
  /** Events the route handed to Inngest: 100 plus any redelivery that found its row still `received`. */
  handoffs: number
  rows: number
  rowsByStatus: Record<string, number>
  ok: boolean
}

export type Ledger = () => Promise<{ rows: number; byStatus: Record<string, number> }>

/** The StripeEvent rows of a SQLite file. */
export function sqliteLedger(dbFile: string): Ledger {
  return async () => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true })
    try {
      const byStatus = db.prepare('SELECT status, COUNT(*) AS n FROM "StripeEvent" GROUP BY status').all() as { status: string; n: number }[]
      return { rows: byStatus.reduce((sum, row) => sum + row.n, 0), byStatus: Object.fromEntries(byStatus.map((row) => [row.status, row.n])) }
    } finally {
      db.close()
    }
  }
}

/**
 * `urls`: the servers to deliver to, in turn (two instances behind a round-robin balancer); `ledger` reads the
 * rows afterwards. The same run with `copies: 1` and thousands of events is the distinct-event load.
 */
export async function runStorm(options: { urls: string[]; ledger: Ledger; sinkUrl: string; distinct?: number; copies?: number; concurrency?: number }): Promise<StormResult> {
  const distinct = options.distinct ?? 100
  const copies = options.copies ?? 10
  const concurrency = options.concurrency ?? 50
  const events: SignedPayload[] = Array.from({ length: distinct }, () => signedEvent('storm'))
  const queue = shuffle(events.flatMap((event) => Array.from({ length: copies }, () => event)))
  const statusCodes: Record<string, number> = {}
  const answers = { received: 0, duplicate: 0, other: 0 }
  let failures = 0
  let cursor = 0
  let turn = 0
  const deadline = Date.now() + 300_000

  async function worker() {
    while (cursor < queue.length && Date.now() < deadline) {
      const payload = queue[cursor++] as SignedPayload
      try {
        const url = options.urls[turn++ % options.urls.length]
        const response = await fetch(`${url}/api/webhooks/stripe`, {
          method: 'POST',
          body: payload.body,
          headers: { 'content-type': 'application/json', 'stripe-signature': payload.signature },
          signal: AbortSignal.timeout(30_000),
        })
        statusCodes[response.status] = (statusCodes[response.status] ?? 0) + 1
        const body = (await response.json().catch(() => ({}))) as { received?: boolean; duplicate?: boolean }
        if (body.duplicate) answers.duplicate += 1
        else if (body.received) answers.received += 1
        else answers.other += 1
      } catch {
        failures += 1
      }
    }
  }

  const before = await sinkStats(options.sinkUrl)
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, () => worker()))
  const wallMs = performance.now() - started
  const handoffs = (await sinkStats(options.sinkUrl)).events - before.events

  const { rows: n, byStatus: rowsByStatus } = await options.ledger()
  const fiveXx = Object.entries(statusCodes).some(([code, count]) => code.startsWith('5') && count > 0)
  const delivered = Object.values(statusCodes).reduce((sum, count) => sum + count, 0)
  const ok = n === distinct && !fiveXx && failures === 0 && delivered === queue.length
  return { deliveries: queue.length, distinct, concurrency, wallMs, statusCodes, answers, failures, handoffs, rows: n, rowsByStatus, ok }
}
