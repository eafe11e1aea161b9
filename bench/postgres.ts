// A throwaway PostgreSQL 15 for the bench (as scripts/with-test-postgres.sh starts for the tests): started once,
// one fresh database per server run, stopped at the end. Returns null when PostgreSQL is not installed.
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { migrate } from '@/lib/db/migrate'

export type BenchPostgres = {
  /** A new, migrated database. */
  freshDatabase(name: string, options?: { migrationsFolder?: string }): Promise<{ url: string }>
  /** StripeEvent rows of a database, in total and by status. */
  ledger(url: string): Promise<{ rows: number; byStatus: Record<string, number> }>
  stop(): void
}

export async function startBenchPostgres(port: number): Promise<BenchPostgres | null> {
  const root = '/usr/lib/postgresql'
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined
  if (!version) return null
  const bin = join(root, version, 'bin')
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-pg-'))
  const asRoot = process.getuid?.() === 0
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()))
  const run = (file: string, args: string[]) => execFileSync(asRoot ? 'runuser' : file, asRoot ? ['-u', 'postgres', '--', file, ...args] : args, { stdio: 'ignore' })
  run(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres'])
  // Durable as a production server would be (fsync on): the ingest ratio to SQLite must not flatter PostgreSQL.
  run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start'])
  const admin = `postgresql://postgres@127.0.0.1:${port}/postgres`
  const query = async <T extends pg.QueryResultRow>(url: string, text: string) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      return (await client.query<T>(text)).rows
    } finally {
      await client.end()
    }
  }
  return {
    async freshDatabase(name, options) {
      const db = name.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 60)
      await query(admin, `CREATE DATABASE ${db}`)
      const url = `postgresql://postgres@127.0.0.1:${port}/${db}`
      await migrate(url, options)
      return { url }
    },
    async ledger(url) {
      const rows = await query<{ status: string; n: string }>(url, 'SELECT status, COUNT(*) AS n FROM "StripeEvent" GROUP BY status')
      const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
      return { rows: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus }
    },
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
