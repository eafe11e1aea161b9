// npm run db:migration <name> [-- --timestamp YYYYMMDDHHMMSS]
// Writes the next migration's SQL for SQLite and PostgreSQL, from the schema of the last committed migration to
// prisma/schema.prisma (docs/recipes/change-the-schema.md). Read the SQL it writes before you commit it.
import { execFileSync } from 'node:child_process'
import { relative } from 'node:path'
import { engineFor, writeNextMigration } from '@/lib/db/schema-diff'
import { projectRoot } from '@/lib/env/load-project-env'

const args = process.argv.slice(2)
const at = args.indexOf('--timestamp')
const timestamp = at >= 0 ? args[at + 1] : undefined
const name = args.find((arg, i) => !arg.startsWith('--') && !(at >= 0 && i === at + 1))
if (!name) {
  console.error('usage: npm run db:migration <name>   e.g. npm run db:migration add_projects')
  process.exit(2)
}

// A migration written but not yet committed is not in git's history, so a second run would write it again.
const uncommitted = execFileSync('git', ['status', '--porcelain', '--', 'prisma/migrations'], { cwd: projectRoot, encoding: 'utf8' }).trim()
if (uncommitted) {
  console.error(`db:migration: commit (or delete) the migrations not committed yet first, with their schema change:\n${uncommitted}`)
  process.exit(1)
}

try {
  const engine = engineFor(projectRoot)
  const written = await writeNextMigration({ root: projectRoot, name, timestamp, engine })
  if (written.length === 0) {
    console.log('db:migration: prisma/schema.prisma matches the last migration; nothing to write.')
  } else {
    const using = engine === 'native' ? "Prisma's schema engine" : "Prisma's schema engine (WebAssembly build)"
    for (const migration of written) console.log(`db:migration: wrote ${relative(projectRoot, migration.folder)}/migration.sql (${using})`)
    console.log('Next: read both files, then npm run db:generate, npm run db:migrate and npm test; commit them with the schema.')
  }
} catch (error) {
  console.error(`db:migration: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
