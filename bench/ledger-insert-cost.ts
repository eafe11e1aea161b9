// npm run bench:ledger -- --insert-cost only: what the operator console's ledger indexes cost the webhook route's writes.
// The route records a batch with one INSERT … ON CONFLICT DO NOTHING RETURNING, then marks it queued with one UPDATE
// (lib/webhooks/record-and-hand-off.ts). This replays exactly those two statements, batches of 8, against two ledgers
// of the same 100,000 seeded rows: one migrated without the console's migration (the indexes before it), one with it.
// Rounds alternate between the two so machine load falls on both alike; the answer is a ratio.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { migrate } from '@/lib/db/migrate'
import type { BenchPostgres } from './postgres'
import { seedPostgres, seedSqlite } from './ledger-seed'

const CONSOLE_MIGRATION = '20261201160000_operator_console'
const SEEDED = 100_000
const EVENTS_PER_ROUND = 1000
const ROUNDS = 4
const BATCH = 8

type Writer = { write(ids: string[]): Promise<void>; close(): Promise<void> }
export type InsertCost = { dialect: string; beforeUsPerEvent: number; afterUsPerEvent: number; ratio: number }

function foldersWithout(dir: string, dialect: 'sqlite' | 'postgresql'): string {
  const copy = join(dir, `migrations-before-${dialect}`)
  cpSync(join('prisma/migrations', dialect), copy, { recursive: true })
  for (const name of readdirSync(copy)) if (name === CONSOLE_MIGRATION) rmSync(join(copy, name), { recursive: true })
  return copy
}

const payload = (id: string) => `{"id":"${id}","object":"event","type":"invoice.paid","data":{"object":{"customer":"cus_cost","note":"${'x'.repeat(700)}"}}}`

function sqliteWriter(file: string): Writer {
  const raw = new Database(file)
  raw.pragma('journal_mode = WAL')
  return {
    async write(ids) {
      const now = new Date().toISOString().replace('Z', '+00:00')
      const values = ids.map(() => '(?,?,?,?,0,?,?,0,?,?,?)').join(',')
      raw.prepare(`INSERT INTO "StripeEvent" ("id","type","objectId","customerId","livemode","apiVersion","status","attempts","payload","stripeCreatedAt","receivedAt") VALUES ${values} ON CONFLICT ("id") DO NOTHING RETURNING "id"`)
        .all(...ids.flatMap((id) => [id, 'invoice.paid', 'in_cost', 'cus_cost', '2026-10-28.endive', 'received', payload(id), now, now]))
      raw.prepare(`UPDATE "StripeEvent" SET "status" = 'queued' WHERE "status" = 'received' AND "id" IN (${ids.map(() => '?').join(',')})`).run(...ids)
    },
    close: async () => void raw.close(),
  }
}

async function postgresWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  return {
    async write(ids) {
      const now = new Date().toISOString()
      const params = ids.flatMap((id) => [id, 'invoice.paid', 'in_cost', 'cus_cost', '2026-10-28.endive', 'received', payload(id), now, now])
      const values = ids.map((_, i) => `(${Array.from({ length: 9 }, (_, j) => `$${i * 9 + j + 1}`).slice(0, 4).join(',')},false,$${i * 9 + 5},$${i * 9 + 6},0,$${i * 9 + 7},$${i * 9 + 8}::timestamp(3),$${i * 9 + 9}::timestamp(3))`).join(',')
      await client.query(`INSERT INTO "StripeEvent" ("id","type","objectId","customerId","livemode","apiVersion","status","attempts","payload","stripeCreatedAt","receivedAt") VALUES ${values} ON CONFLICT ("id") DO NOTHING RETURNING "id"`, params)
      await client.query(`UPDATE "StripeEvent" SET "status" = 'queued' WHERE "status" = 'received' AND "id" = ANY($1)`, [ids])
    },
    close: () => client.end(),
  }
}

async function race(dialect: string, before: Writer, after: Writer): Promise<InsertCost> {
  const spent = { before: 0, after: 0 }
  let n = 0
  for (let round = 0; round < ROUNDS * 2; round++) {
    const side = round % 2 === 0 ? 'before' : 'after'
    const writer = side === 'before' ? before : after
    const started = performance.now()
    for (let i = 0; i < EVENTS_PER_ROUND; i += BATCH) await writer.write(Array.from({ length: BATCH }, () => `evt_cost${(n++).toString(36)}`))
    spent[side] += performance.now() - started
  }
  const perEvent = (ms: number) => (ms * 1000) / (EVENTS_PER_ROUND * ROUNDS)
  return { dialect, beforeUsPerEvent: perEvent(spent.before), afterUsPerEvent: perEvent(spent.after), ratio: spent.after / spent.before }
}

export async function measureInsertCost(postgres: BenchPostgres | null, log: (line: string) => void): Promise<InsertCost[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-insert-'))
  try {
    const results: InsertCost[] = []
    const files = { before: join(dir, 'before.db'), after: join(dir, 'after.db') }
    await migrate(`file:${files.before}`, { migrationsFolder: foldersWithout(dir, 'sqlite') })
    await migrate(`file:${files.after}`)
    log(`insert cost: seeding ${SEEDED.toLocaleString('en-US')} rows into two SQLite ledgers…`)
    seedSqlite(files.before, SEEDED)
    seedSqlite(files.after, SEEDED)
    const [sb, sa] = [sqliteWriter(files.before), sqliteWriter(files.after)]
    results.push(await race('sqlite', sb, sa))
    await Promise.all([sb.close(), sa.close()])
    if (postgres) {
      const before = await postgres.freshDatabase('tollgate_cost_before', { migrationsFolder: foldersWithout(dir, 'postgresql') })
      const after = await postgres.freshDatabase('tollgate_cost_after')
      log(`insert cost: seeding ${SEEDED.toLocaleString('en-US')} rows into two PostgreSQL ledgers…`)
      await seedPostgres(before.url, SEEDED)
      await seedPostgres(after.url, SEEDED)
      const [pb, pa] = [await postgresWriter(before.url), await postgresWriter(after.url)]
      results.push(await race('postgresql', pb, pa))
      await Promise.all([pb.close(), pa.close()])
    }
    return results
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
