// Runs on `npm install` (postinstall). Prisma generates a client for one provider per schema, and Tollgate
// runs the same code on SQLite and PostgreSQL, so this writes a PostgreSQL copy of prisma/schema.prisma
// and generates a client from each. lib/db/create-client.ts picks one from DATABASE_URL at run time.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stampGeneratedClient } from './prisma-client-check.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const source = join(root, 'prisma/schema.prisma')
export const postgresSchemaPath = join(root, 'prisma/generated/postgresql.prisma')

/** The PostgreSQL copy: same models, other provider, client written beside the SQLite one. */
export function toPostgresSchema(schema) {
  const withProvider = schema.replace(/(datasource\s+\w+\s*\{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
  const withOutput = withProvider.replace(/output\s*=\s*"\.\.\/lib\/db\/generated\/sqlite"/, 'output       = "../../lib/db/generated/postgresql"')
  if (withProvider === schema || withOutput === withProvider) {
    throw new Error('prisma/schema.prisma: expected provider = "sqlite" and output = "../lib/db/generated/sqlite"')
  }
  return `// Generated from prisma/schema.prisma by scripts/prisma-generate.mjs. Do not edit.\n${withOutput}`
}

// `prisma generate` needs no schema engine but checks that one exists; where it could not be downloaded
// (this project denies Prisma's download script), point it at a stand-in that is never executed by generate.
function schemaEngineEnv() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return {}
  const engines = join(root, 'node_modules/@prisma/engines')
  const downloaded = existsSync(engines) && readdirSync(engines).some((f) => f.startsWith('schema-engine'))
  if (downloaded) return {}
  const stub = process.platform === 'win32' ? process.execPath : '/bin/false'
  return { PRISMA_SCHEMA_ENGINE_BINARY: stub }
}

function generate(schemaPath) {
  execFileSync(join(root, 'node_modules/.bin/prisma'), ['generate', '--schema', schemaPath], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...schemaEngineEnv(), PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(dirname(postgresSchemaPath), { recursive: true })
  writeFileSync(postgresSchemaPath, toPostgresSchema(readFileSync(source, 'utf8')))
  generate(source)
  generate(postgresSchemaPath)
  // Last: a generate that failed halfway leaves the old stamp, so the check still says the client is old.
  stampGeneratedClient(root)
}
