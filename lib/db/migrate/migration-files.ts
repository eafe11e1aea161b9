import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export type MigrationFile = { name: string; sql: string; checksum: string }

/** Prisma's checksum: the SHA-256 of migration.sql, byte for byte, in lowercase hex. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex')
}

/** The migrations in a folder, oldest first: one sub-folder each, named `<timestamp>_<name>`. */
export function readMigrationFiles(folder: string): MigrationFile[] {
  if (!existsSync(folder)) throw new Error(`No migrations folder at ${folder}`)
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(folder, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: checksumOf(sql) }
    })
}
