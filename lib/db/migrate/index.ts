// Applies the committed SQL in prisma/migrations/<dialect>/ to a database, recording each migration in
// Prisma's `_prisma_migrations` table exactly as `prisma migrate deploy` would. It exists because Prisma's
// native schema engine is not always installable (docs/decisions/0002-migration-runner.md).
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { databaseTarget } from '../database-target'
import { readMigrationFiles } from './migration-files'
import { MigrationError, planMigrations } from './plan'
import { openPostgresTarget } from './postgresql'
import { openSqliteTarget } from './sqlite'

export { MigrationError } from './plan'

const migrationsRoot = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url))

export type MigrateResult = { dialect: 'sqlite' | 'postgresql'; applied: string[]; unknown: string[] }

export async function migrate(url: string, options: { migrationsFolder?: string } = {}): Promise<MigrateResult> {
  const target = databaseTarget(url)
  const files = readMigrationFiles(options.migrationsFolder ?? join(migrationsRoot, target.dialect))
  const db = target.dialect === 'sqlite' ? openSqliteTarget(target.file) : await openPostgresTarget(target.url)
  try {
    const { pending, unknown } = planMigrations(files, await db.applied())
    const applied: string[] = []
    for (const migration of pending) {
      try {
        if (await db.apply(migration)) applied.push(migration.name)
      } catch (error) {
        if (error instanceof MigrationError) throw error
        throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error })
      }
    }
    return { dialect: target.dialect, applied, unknown }
  } finally {
    await db.close()
  }
}
