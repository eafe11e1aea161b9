// The generated Prisma clients (lib/db/generated, ignored by git) are made from prisma/schema.prisma by
// `npm run db:generate` (and `npm install`). After a pull or a branch switch that changes the schema, a stale client
// fails later and obscurely (ColumnNotFound, a missing model). So generate stamps the schema's hash beside the
// clients, and `npm run dev`, `npm test` and `npm run build` run this first: it stops them with one sentence when
// the stamp does not match the schema.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..')

export const STALE_CLIENT = 'The Prisma client is older than prisma/schema.prisma: run npm run db:generate'

const schemaPath = (root) => join(root, 'prisma/schema.prisma')
const stampPath = (root) => join(root, 'lib/db/generated/schema.sha256')
const hashOf = (root) => createHash('sha256').update(readFileSync(schemaPath(root))).digest('hex')

/** Called by scripts/prisma-generate.mjs once both clients are generated. */
export function stampGeneratedClient(root = repositoryRoot) {
  writeFileSync(stampPath(root), `${hashOf(root)}\n`)
}

/** Whether the generated clients were made from the schema as it is now (a missing stamp is an old client). */
export function isGeneratedClientCurrent(root = repositoryRoot) {
  return existsSync(stampPath(root)) && readFileSync(stampPath(root), 'utf8').trim() === hashOf(root)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!isGeneratedClientCurrent(process.argv[2] ?? repositoryRoot)) {
    console.error(STALE_CLIENT)
    process.exit(1)
  }
}
