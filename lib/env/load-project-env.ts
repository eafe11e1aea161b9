// Scripts and the Prisma CLI load .env files the way Next does (.env.local, .env.development, .env),
// so `npm run db:migrate` sees the same DATABASE_URL as `npm run dev`.
import nextEnv from '@next/env'
import { fileURLToPath } from 'node:url'

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * `reload`: read the files again, for a script that has just written one (scripts/dev.ts after prepare-local.ts
 * generated NEXTAUTH_SECRET into .env.local). Without it the first load stands: @next/env marks the environment as
 * loaded, and `next dev` started from this process then skips the files too, so on a first run the app would have
 * no secret (next-auth's NO_SECRET warning) until the next start.
 */
export function loadProjectEnv({ reload = false }: { reload?: boolean } = {}): void {
  nextEnv.loadEnvConfig(projectRoot, process.env.NODE_ENV !== 'production', { info: () => {}, error: console.error }, reload)
}
