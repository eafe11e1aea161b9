// What the limit check costs the database: `canUse` (lib/usage/can-use.ts) on a migrated database with many
// organizations on a metered plan, each with a running total, through a Prisma client that logs every statement
// (the app's `db` takes the client already on globalThis, as bench/ledger-queries.ts does). Prints, as JSON, the
// statements one call runs and each one's plan (SQLite `EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN` after ANALYZE),
// with whether it reads through an index (or the primary key) rather than scanning the table.
//   node --import tsx --conditions=react-server bench/usage-limit-check.ts <migrated database url> [organizations]
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import Database from 'better-sqlite3'
import pg from 'pg'
import { databaseTarget } from '@/lib/db/database-target'
import type { Db } from '@/lib/db/create-client'
import { PrismaClient as PostgresClient } from '@/lib/db/generated/postgresql/client'
import { PrismaClient as SqliteClient } from '@/lib/db/generated/sqlite/client'
import { BENCH_USAGE_METER, seedMeteredOrganizations } from './usage-seed'

const [url, organizationsArg] = process.argv.slice(2)
if (!url) throw new Error('usage: usage-limit-check.ts <migrated database url> [organizations]')
const organizations = Math.max(10, Number(organizationsArg) || 5_000)
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
;(globalThis as { tollgateDb?: Db }).tollgateDb = client as unknown as Db

const { db } = await import('@/lib/db')
const { canUse } = await import('@/lib/usage/can-use')

const seeded = Array.from({ length: organizations }, (_, i) => ({ organizationId: `org_limit_${i}`, customerId: `cus_limit_${i}` }))
const period = await seedMeteredOrganizations(db, seeded)
for (let i = 0; i < seeded.length; i += 500) {
  await db.usageTotal.createMany({
    data: seeded.slice(i, i + 500).map(({ organizationId }, k) => ({ organizationId, meterKey: BENCH_USAGE_METER, periodStart: period.start, periodEnd: period.end, used: (i + k) % 60_000 })),
  })
}
await statistics()

const probe = seeded[Math.floor(organizations / 2)]!.organizationId
await canUse(probe, BENCH_USAGE_METER, 1) // warm the query compiler
captured.length = 0
const started = performance.now()
const check = await canUse(probe, BENCH_USAGE_METER, 1)
const wallMs = performance.now() - started
const statements = [...captured]
const plans = await explain(statements)
const queries = statements.map((q, i) => ({ sql: q.query, databaseMs: q.duration, plan: plans[i]!, indexed: usesIndex(plans[i]!) }))

console.log(JSON.stringify({ dialect: target.dialect, organizations, statements: statements.length, indexed: queries.every((q) => q.indexed), wallMs: Number(wallMs.toFixed(2)), answer: { allowed: check.allowed, used: check.used }, queries }))
await db.$disconnect()

/** Whether a plan reads through an index or the primary key, with no full scan of a table. */
function usesIndex(plan: string): boolean {
  if (target.dialect === 'sqlite') return /USING (COVERING )?INDEX|USING (INTEGER )?PRIMARY KEY/.test(plan) && !/SCAN (?!.*USING)/.test(plan)
  return /Index (Only )?Scan|Bitmap Index Scan/.test(plan) && !/Seq Scan/.test(plan)
}

async function statistics() {
  if (target.dialect === 'sqlite') {
    const raw = new Database(target.file)
    raw.exec('ANALYZE')
    raw.close()
    return
  }
  const raw = new pg.Client({ connectionString: target.url })
  await raw.connect()
  await raw.query('ANALYZE')
  await raw.end()
}

async function explain(queries: QueryEvent[]): Promise<string[]> {
  const out: string[] = []
  for (const query of queries) {
    const params = JSON.parse(query.params) as unknown[]
    if (target.dialect === 'sqlite') {
      const raw = new Database(target.file, { readonly: true })
      const rows = raw.prepare(`EXPLAIN QUERY PLAN ${query.query}`).all(...params.map((p) => (typeof p === 'boolean' ? Number(p) : p))) as { detail: string }[]
      raw.close()
      out.push(rows.map((row) => row.detail).join('; '))
    } else {
      const raw = new pg.Client({ connectionString: target.url })
      await raw.connect()
      const rows = (await raw.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.query}`, params)).rows
      await raw.end()
      out.push(rows.map((row) => row['QUERY PLAN'].trim()).join('; '))
    }
  }
  return out
}
