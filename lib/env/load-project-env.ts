// Scripts and the Prisma CLI load .env files the way Next does (.env.local, .env.development, .env),
// so `npm run db:migrate` sees the same DATABASE_URL as `npm run dev`.
import nextEnv from '@next/env'
import { fileURLToPath } from 'node:url'

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

export function loadProjectEnv(): void {
  nextEnv.loadEnvConfig(projectRoot, process.env.NODE_ENV !== 'production', { info: () => {}, error: console.error })
}
