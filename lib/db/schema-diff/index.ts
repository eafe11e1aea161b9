// Writes the next migration's SQL for both databases: `npm run db:migration <name>` (scripts/db-migration.ts).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readMigrationFiles } from '../migrate/migration-files'
import { diffWithNativeEngine, hasNativeEngine } from './native-engine'
import { diffWithWasmEngine } from './wasm-engine'

export const DIALECTS = ['sqlite', 'postgresql'] as const
export type Dialect = (typeof DIALECTS)[number]

/** The schema as `dialect` sees it: prisma/schema.prisma names SQLite; PostgreSQL gets the same models. */
export function schemaFor(schema: string, dialect: Dialect): string {
  const datasource = /(datasource\s+\w+\s*\{[^}]*provider\s*=\s*)"(sqlite|postgresql)"/
  if (!datasource.test(schema)) throw new Error('prisma/schema.prisma: no datasource with provider "sqlite" or "postgresql"')
  return schema.replace(datasource, `$1"${dialect}"`)
}

/**
 * The schema the committed migrations were written for: prisma/schema.prisma as of the last commit that changed
 * prisma/migrations (every migration is committed with its schema change, docs/recipes/change-the-schema.md).
 * Null before the first migration.
 */
export function lastMigratedSchema(root: string): string | null {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const commit = git('log', '-1', '--format=%H', '--', 'prisma/migrations').trim()
  if (!commit) return null
  return git('show', `${commit}:prisma/schema.prisma`)
}

export type EngineChoice = 'native' | 'wasm'

/** The SQL from one schema to another for `dialect`, with Prisma's native engine if installed, else its WebAssembly build. */
export async function diffSchemas(root: string, from: string | null, to: string, dialect: Dialect, engine: EngineChoice): Promise<string> {
  const source = from === null ? null : schemaFor(from, dialect)
  const target = schemaFor(to, dialect)
  return engine === 'native' ? diffWithNativeEngine(root, source, target) : diffWithWasmEngine(source, target)
}

export const engineFor = (root: string): EngineChoice => (hasNativeEngine(root) ? 'native' : 'wasm')

/** A UTC timestamp in Prisma's folder format, later than every existing migration of either dialect. */
export function nextTimestamp(root: string, now = new Date()): string {
  let stamp = now.toISOString().replace(/\D/g, '').slice(0, 14)
  const latest = DIALECTS.flatMap((d) => readMigrationFiles(join(root, 'prisma/migrations', d)).map((m) => m.name.slice(0, 14))).sort().at(-1)
  if (latest && stamp <= latest) stamp = String(BigInt(latest) + 1n)
  return stamp
}

export type WrittenMigration = { folder: string; dialect: Dialect; sql: string }

export type NewMigrationOptions = { root: string; name: string; timestamp?: string; from?: string | null; engine?: EngineChoice }

/**
 * Writes prisma/migrations/<dialect>/<timestamp>_<name>/migration.sql for both dialects, from the last migrated
 * schema to prisma/schema.prisma. Writes nothing, and returns [], when the schema has not changed.
 */
export async function writeNextMigration({ root, name, timestamp, from, engine = engineFor(root) }: NewMigrationOptions): Promise<WrittenMigration[]> {
  if (!/^[a-z0-9]+(_[a-z0-9]+)*$/.test(name)) throw new Error(`the migration name must be snake_case letters and digits, e.g. add_projects (got "${name}")`)
  if (timestamp !== undefined && !/^\d{14}$/.test(timestamp)) throw new Error(`--timestamp must be 14 digits, YYYYMMDDHHMMSS (got "${timestamp}")`)
  const schema = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8')
  const previous = from === undefined ? lastMigratedSchema(root) : from
  const stamp = timestamp ?? nextTimestamp(root)
  const written: WrittenMigration[] = []
  for (const dialect of DIALECTS) {
    const sql = await diffSchemas(root, previous, schema, dialect, engine)
    if (isEmptyMigration(sql)) return []
    written.push({ folder: join(root, 'prisma/migrations', dialect, `${stamp}_${name}`), dialect, sql: sql.endsWith('\n') ? sql : `${sql}\n` })
  }
  for (const migration of written) {
    if (existsSync(migration.folder)) throw new Error(`${migration.folder} exists already; pick another name or timestamp`)
  }
  for (const migration of written) {
    mkdirSync(migration.folder, { recursive: true })
    writeFileSync(join(migration.folder, 'migration.sql'), migration.sql)
  }
  return written
}

/** The engine's answer for two equal schemas: nothing but comments and whitespace. */
export const isEmptyMigration = (sql: string) => sql.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'))
