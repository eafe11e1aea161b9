// Reads the tables and columns that prisma/schema.prisma declares, and those a real database has,
// in one shape, so a test can compare them.
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { databaseTarget } from '@/lib/db/database-target'

/** table name → column name → nullable */
export type Columns = Record<string, Record<string, boolean>>

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Float', 'Decimal', 'Boolean', 'DateTime', 'Json', 'Bytes'])

export function columnsDeclaredIn(schemaFile: string): Columns {
  const schema = readFileSync(schemaFile, 'utf8')
  const enums = new Set([...schema.matchAll(/^enum\s+(\w+)/gm)].map((m) => m[1]))
  const tables: Columns = {}
  for (const [, model, body = ''] of schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const table = body.match(/@@map\("([^"]+)"\)/)?.[1] ?? model!
    const columns: Record<string, boolean> = {}
    for (const line of body.split('\n')) {
      const field = line.trim().match(/^(\w+)\s+(\w+)(\?|\[\])?(.*)$/)
      if (!field || line.trim().startsWith('//')) continue
      const [, name, type, modifier, rest] = field
      if (modifier === '[]' || !(SCALARS.has(type!) || enums.has(type!))) continue
      columns[rest!.match(/@map\("([^"]+)"\)/)?.[1] ?? name!] = modifier === '?'
    }
    tables[table] = columns
  }
  return tables
}

export async function columnsIn(url: string): Promise<Columns> {
  const target = databaseTarget(url)
  const tables: Columns = {}
  if (target.dialect === 'sqlite') {
    const sqlite = new Database(target.file, { readonly: true })
    try {
      const names = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]
      for (const { name } of names) {
        const info = sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; notnull: number }[]
        tables[name] = Object.fromEntries(info.map((c) => [c.name, c.notnull === 0]))
      }
    } finally {
      sqlite.close()
    }
    return tables
  }
  const client = new pg.Client({ connectionString: target.url })
  await client.connect()
  try {
    const { rows } = await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    )
    for (const row of rows) (tables[row.table_name] ??= {})[row.column_name] = row.is_nullable === 'YES'
  } finally {
    await client.end()
  }
  return tables
}
