// Configures the Prisma CLI (`prisma migrate deploy|status`, `prisma studio`) for whichever database
// DATABASE_URL names. The app itself migrates with `npm run db:migrate` (lib/db/migrate), which writes the
// same `_prisma_migrations` records, so the two agree.
import { defineConfig } from 'prisma/config'
import { loadProjectEnv } from './lib/env/load-project-env'
import { databaseUrl } from './lib/env'
import { databaseTarget } from './lib/db/database-target'

loadProjectEnv()
const target = databaseTarget(databaseUrl())

export default defineConfig({
  schema: target.dialect === 'postgresql' ? 'prisma/generated/postgresql.prisma' : 'prisma/schema.prisma',
  migrations: { path: `prisma/migrations/${target.dialect}` },
  datasource: { url: target.url },
})
