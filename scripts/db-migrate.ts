// npm run db:migrate — applies pending migrations to DATABASE_URL. Safe to run on every deploy and start:
// a second run applies nothing.
import { databaseUrl } from '@/lib/env'
import { loadProjectEnv } from '@/lib/env/load-project-env'
import { migrate, MigrationError } from '@/lib/db/migrate'

loadProjectEnv()

try {
  const result = await migrate(databaseUrl())
  for (const name of result.unknown) {
    console.warn(`warning: ${name} is applied to the database but is not in prisma/migrations/${result.dialect}/`)
  }
  console.log(
    result.applied.length === 0
      ? `${result.dialect}: database is up to date, no migration applied`
      : `${result.dialect}: applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`,
  )
} catch (error) {
  console.error(error instanceof MigrationError ? `db:migrate: ${error.message}` : error)
  process.exitCode = 1
}
