import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { MigrationFile } from './migration-files'
import type { AppliedMigration } from './plan'
import type { MigrationTarget } from './types'

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`

// The advisory lock key Prisma's migrate takes, so this runner and `prisma migrate deploy` (or two
// instances starting at once) never migrate the same database concurrently.
const PRISMA_MIGRATE_LOCK = 72707369

export async function openPostgresTarget(url: string): Promise<MigrationTarget> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK])
    await client.query(CREATE_TABLE)
  } catch (error) {
    await client.end()
    throw error
  }

  return {
    async applied() {
      const { rows } = await client.query<AppliedMigration>('SELECT * FROM "_prisma_migrations"')
      return rows
    },
    async apply(migration: MigrationFile) {
      await client.query('BEGIN')
      try {
        const startedAt = new Date()
        await client.query(migration.sql)
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        )
        await client.query('COMMIT')
        return true
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    },
    async close() {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => {})
      await client.end()
    },
  }
}
