import Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { MigrationFile } from './migration-files'
import { MigrationError, type AppliedMigration } from './plan'
import type { MigrationTarget } from './types'

// Prisma's own table, column for column, so `prisma migrate status` reads what this runner wrote.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`

export function openSqliteTarget(file: string): MigrationTarget {
  mkdirSync(dirname(file), { recursive: true })
  const sqlite = new Database(file, { timeout: 10_000 })
  // WAL lets the dev server read while a test or a script writes; the setting stays with the file.
  sqlite.pragma('journal_mode = WAL')
  sqlite.exec(CREATE_TABLE)
  const readApplied = () => sqlite.prepare('SELECT * FROM "_prisma_migrations"').all() as AppliedMigration[]

  return {
    async applied() {
      return readApplied()
    },
    async apply(migration: MigrationFile) {
      // Prisma writes table redefinitions that DROP a parent table; with foreign keys on, that DROP deletes
      // child rows through ON DELETE CASCADE. The pragma is ignored inside a transaction, so it goes off
      // before BEGIN, and the keys are checked before COMMIT instead.
      sqlite.pragma('foreign_keys = OFF')
      try {
        sqlite.exec('BEGIN IMMEDIATE')
        try {
          // Another migrator may have applied it while this one waited for the write lock.
          if (readApplied().some((row) => row.migration_name === migration.name && row.rolled_back_at == null)) {
            sqlite.exec('ROLLBACK')
            return false
          }
          const startedAt = Date.now()
          sqlite.exec(migration.sql)
          const broken = sqlite.pragma('foreign_key_check') as unknown[]
          if (broken.length > 0) {
            throw new MigrationError(`Migration ${migration.name} would leave ${broken.length} rows pointing at missing rows; rolled back.`)
          }
          sqlite
            .prepare(
              `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
               VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
            )
            .run(randomUUID(), migration.checksum, Date.now(), migration.name, startedAt)
          sqlite.exec('COMMIT')
          return true
        } catch (error) {
          if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
          throw error
        }
      } finally {
        sqlite.pragma('foreign_keys = ON')
      }
    },
    async close() {
      sqlite.close()
    },
  }
}
