// One database's half of `npm run bench:ledger`: run in its own process (the app's `db` is one client per process),
// it points the app's ledger reads at a seeded database through a Prisma client that logs each query's database
// time, times every query shape the operator console runs, and prints JSON with the timings and each query's plan.
// Usage (bench/admin-ledger.ts does this): tsx --conditions=react-server bench/ledger-queries.ts <database url> <runs>
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import Database from 'better-sqlite3'
import pg from 'pg'
import { databaseTarget } from '@/lib/db/database-target'
import { PrismaClient as PostgresClient } from '@/lib/db/generated/postgresql/client'
import { PrismaClient as SqliteClient } from '@/lib/db/generated/sqlite/client'
import type { Db } from '@/lib/db/create-client'
import { benchCustomer } from './ledger-seed'

const [url, runsArg] = process.argv.slice(2)
if (!url) throw new Error('usage: ledger-queries.ts <database url> [runs]')
const runs = Math.max(3, Number(runsArg) || 7)
process.env.DATABASE_URL = url
const target = databaseTarget(url)

type QueryEvent = { query: string; params: string; duration: number }
const captured: QueryEvent[] = []
const options = { log: [{ emit: 'event' as const, level: 'query' as const }] }
const client =
  target.dialect === 'postgresql'
    ? new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }), ...options })
    : new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: target.file }), ...options })
client.$on('query', (event: QueryEvent) => captured.push(event))
// lib/db takes the client already on globalThis, so the app's own queries run through this logging one.
;(globalThis as { tollgateDb?: Db }).tollgateDb = client as unknown as Db

const { parseLedgerQuery, encodeCursor } = await import('@/lib/webhooks/ledger-query')
const { listLedgerEvents, countLedgerStatuses } = await import('@/lib/webhooks/ledger-search')
const { db } = await import('@/lib/db')
const { apiVersions } = await import('@/lib/operators/health')
const { LEDGER_END_MS } = await import('./ledger-seed')

const organization = await db.organization.upsert({ where: { id: 'org_bench_ledger' }, create: { id: 'org_bench_ledger', name: 'Bench', stripeCustomerId: benchCustomer(3) }, update: {} })
const sample = await db.stripeEvent.findFirstOrThrow({ where: { customerId: benchCustomer(7) }, select: { id: true } })
const firstProcessed = await listLedgerEvents(parseLedgerQuery({ status: 'processed' }).filters, null)

const list = (params: Record<string, string>) => () => {
  const { filters, cursor } = parseLedgerQuery(params)
  return listLedgerEvents(filters, cursor)
}
const counts = (params: Record<string, string>) => () => countLedgerStatuses(parseLedgerQuery(params).filters)

const SHAPES: { name: string; run: () => Promise<unknown> }[] = [
  { name: 'first page, no filter', run: list({}) },
  { name: 'status = failed', run: list({ status: 'failed' }) },
  { name: 'status = processed', run: list({ status: 'processed' }) },
  { name: 'status = processed, 2nd page (cursor)', run: list({ status: 'processed', after: encodeCursor(firstProcessed.next!) }) },
  { name: 'type = invoice.paid', run: list({ type: 'invoice.paid' }) },
  { name: 'type = customer.deleted (rare)', run: list({ type: 'customer.deleted' }) },
  { name: 'customer (busiest)', run: list({ customer: benchCustomer(0) }) },
  { name: 'customer (typical)', run: list({ customer: benchCustomer(20_000) }) },
  { name: 'organization (via its customer)', run: list({ organization: organization.id }) },
  { name: 'date range, 3 days', run: list({ from: '2026-10-10', to: '2026-10-12' }) },
  { name: 'status = failed + type = invoice.payment_failed', run: list({ status: 'failed', type: 'invoice.payment_failed' }) },
  { name: 'status = received + type = price.created (rare + rare)', run: list({ status: 'received', type: 'price.created' }) },
  { name: 'type + date range', run: list({ type: 'invoice.paid', from: '2026-10-10', to: '2026-10-12' }) },
  { name: 'status = failed + customer + dates', run: list({ status: 'failed', customer: benchCustomer(0), from: '2026-09-01', to: '2026-11-30' }) },
  { name: 'search by event id', run: list({ q: sample.id }) },
  { name: 'counts per status, no filter', run: counts({}) },
  { name: 'counts per status, type = invoice.paid', run: counts({ type: 'invoice.paid' }) },
  { name: 'counts per status, customer (busiest)', run: counts({ customer: benchCustomer(0) }) },
  { name: 'counts per status, date range 3 days', run: counts({ from: '2026-10-10', to: '2026-10-12' }) },
  { name: 'API version = other', run: list({ version: 'other' }) },
  { name: 'counts per status, API version = other', run: counts({ version: 'other' }) },
  // The health page's figure (decision 0044), the day the seed ends: ~11,000 flagged rows in its window.
  { name: 'health: another API version, last 24 h, by version', run: () => apiVersions(LEDGER_END_MS) },
]

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function explain(queries: QueryEvent[]): Promise<string[]> {
  const plans: string[] = []
  for (const query of queries) {
    const params = JSON.parse(query.params) as unknown[]
    if (target.dialect === 'sqlite') {
      const raw = new Database(target.file, { readonly: true })
      const rows = raw.prepare(`EXPLAIN QUERY PLAN ${query.query}`).all(...params.map((p) => (typeof p === 'boolean' ? Number(p) : p))) as { detail: string }[]
      raw.close()
      plans.push(rows.map((row) => row.detail).join('; '))
    } else {
      const raw = new pg.Client({ connectionString: target.url })
      await raw.connect()
      const rows = (await raw.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.query}`, params)).rows
      await raw.end()
      plans.push(rows.map((row) => row['QUERY PLAN'].trim()).filter((line) => /Scan|Limit|Sort|Aggregate|Execution Time/.test(line)).join('; '))
    }
  }
  return plans
}

const results = []
for (const shape of SHAPES) {
  await shape.run() // warm the cache and the query compiler
  const dbMs: number[] = []
  const wallMs: number[] = []
  let last: QueryEvent[] = []
  for (let i = 0; i < runs; i++) {
    captured.length = 0
    const started = performance.now()
    await shape.run()
    wallMs.push(performance.now() - started)
    // Queries that run side by side (counts per status) overlap: their database time is the longest one, not the sum.
    dbMs.push(shape.name.startsWith('counts') ? Math.max(...captured.map((q) => q.duration)) : captured.reduce((sum, q) => sum + q.duration, 0))
    last = [...captured]
  }
  const ledgerQueries = last.filter((q) => q.query.includes('StripeEvent'))
  results.push({ shape: shape.name, dbMedianMs: median(dbMs), dbMaxMs: Math.max(...dbMs), wallMedianMs: median(wallMs), queries: last.length, plans: await explain(ledgerQueries.slice(0, 2)) })
}
await db.$disconnect()
console.log(JSON.stringify({ dialect: target.dialect, rows: await countRows(), runs, results }))

async function countRows() {
  if (target.dialect === 'sqlite') {
    const raw = new Database(target.file, { readonly: true })
    const { n } = raw.prepare('SELECT COUNT(*) AS n FROM "StripeEvent"').get() as { n: number }
    raw.close()
    return n
  }
  const raw = new pg.Client({ connectionString: target.url })
  await raw.connect()
  const n = Number((await raw.query<{ n: string }>('SELECT COUNT(*) AS n FROM "StripeEvent"')).rows[0]!.n)
  await raw.end()
  return n
}
