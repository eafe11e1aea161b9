import type { MigrationFile } from './migration-files'

/** A row of Prisma's `_prisma_migrations` table, as far as deciding what to apply needs it. */
export type AppliedMigration = {
  migration_name: string
  checksum: string
  finished_at: unknown
  rolled_back_at: unknown
}

export class MigrationError extends Error {
  name = 'MigrationError'
}

/**
 * Decides what to apply, refusing (before anything runs) the states Prisma's `migrate deploy` refuses too:
 * an applied migration whose file changed since, and a migration that started but never finished.
 */
export function planMigrations(files: MigrationFile[], applied: AppliedMigration[]) {
  const live = applied.filter((row) => row.rolled_back_at == null)
  const failed = live.filter((row) => row.finished_at == null)
  if (failed.length > 0) {
    throw new MigrationError(
      `Migration ${failed.map((r) => r.migration_name).join(', ')} started but did not finish on this database. ` +
        'Inspect the database, then mark it with `npx prisma migrate resolve --applied|--rolled-back <name>`.',
    )
  }
  const done = new Map(live.map((row) => [row.migration_name, row.checksum]))
  const edited = files.filter((file) => done.has(file.name) && done.get(file.name) !== file.checksum)
  if (edited.length > 0) {
    throw new MigrationError(
      `Migration ${edited.map((f) => f.name).join(', ')} was edited after it was applied to this database; nothing was changed. ` +
        'Restore the applied migration.sql (git checkout) and put the change in a new migration.',
    )
  }
  const known = new Set(files.map((f) => f.name))
  return {
    pending: files.filter((file) => !done.has(file.name)),
    unknown: [...done.keys()].filter((name) => !known.has(name)),
  }
}
