// Runs before `npm run dev`, `build` and `start` so a fresh clone needs no setup:
//   1. local-only secrets (NEXTAUTH_SECRET) are generated into .env.local, which git ignores;
//   2. the SQLite database is created and migrated (with --migrate-any, a PostgreSQL one too).
// A deployment (APP_URL on a public host) gets nothing generated: it must set its own secrets.
import { randomBytes } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { databaseTarget } from '@/lib/db/database-target'
import { migrate, MigrationError } from '@/lib/db/migrate'
import { env, isLocalAppUrl } from '@/lib/env'
import { loadProjectEnv, projectRoot } from '@/lib/env/load-project-env'

loadProjectEnv()

const { APP_URL, NEXTAUTH_SECRET, DATABASE_URL } = env()

if (isLocalAppUrl(APP_URL) && !NEXTAUTH_SECRET) {
  const file = join(projectRoot, '.env.local')
  const header = existsSync(file) ? '' : '# Local settings for this clone. Git ignores this file; see .env.example for every variable.\n'
  appendFileSync(file, `${header}\n# Generated on first run: signs local sessions. Deployments set their own.\nNEXTAUTH_SECRET=${randomBytes(32).toString('base64url')}\n`)
  console.log('prepare: generated NEXTAUTH_SECRET into .env.local')
}

const target = databaseTarget(DATABASE_URL)
if (target.dialect === 'sqlite' || process.argv.includes('--migrate-any')) {
  try {
    const { applied } = await migrate(target.url)
    if (applied.length > 0) console.log(`prepare: ${target.dialect} database migrated (${applied.join(', ')})`)
  } catch (error) {
    console.error(error instanceof MigrationError ? `prepare: ${error.message}` : error)
    process.exit(1)
  }
}
