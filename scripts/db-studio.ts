// npm run db:studio [-- --port 5555 --browser none] — Prisma Studio on DATABASE_URL's database.
// Prisma 7's Studio reads the URL's scheme as what comes before "://", so it refuses SQLite's usual `file:./x.db`
// ("not supported for the file:… protocol"); it is given `file://` and the absolute path instead. The SQLite file
// is migrated first, as `npm run dev` does, so Studio opens on the tables rather than an empty new file.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { databaseTarget } from '@/lib/db/database-target'
import { migrate } from '@/lib/db/migrate'
import { databaseUrl } from '@/lib/env'
import { loadProjectEnv, projectRoot } from '@/lib/env/load-project-env'

loadProjectEnv()
const target = databaseTarget(databaseUrl(), projectRoot)
if (target.dialect === 'sqlite') await migrate(target.url)
const url = target.dialect === 'sqlite' ? `file://${target.file}` : target.url

const studio = spawn(join(projectRoot, 'node_modules/.bin/prisma'), ['studio', '--url', url, ...process.argv.slice(2)], { cwd: projectRoot, stdio: 'inherit' })
studio.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => studio.kill(signal))
