// npm start — `next start`, listening on 127.0.0.1 for a local preview and on every interface for a deployment,
// unless told otherwise (scripts/listen-host.ts). `prestart` has prepared the database and the local secret.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { loadProjectEnv, projectRoot } from '@/lib/env/load-project-env'
import { listenArgs } from './listen-host'

// Read the configuration as `next start` will: a production server, with the production .env files.
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? 'production' })
loadProjectEnv()
const { env, EnvError } = await import('@/lib/env')
const args = process.argv.slice(2)
let extra: string[]
try {
  extra = listenArgs(args, env())
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error)
  process.exit(1)
}

const next = spawn(join(projectRoot, 'node_modules/.bin/next'), ['start', ...extra, ...args], { stdio: 'inherit', cwd: projectRoot })
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => next.kill(signal))
next.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
