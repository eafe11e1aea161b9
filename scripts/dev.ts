// npm run dev — prepares the local database and secret, starts `next dev`, and the Inngest dev server beside it
// when one is installed. Next keeps running either way; without Inngest, webhooks are answered 500 (so Stripe
// retries them) until it runs, and this says how to start it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadProjectEnv, projectRoot } from '@/lib/env/load-project-env'

loadProjectEnv()
const prepared = spawnSync(process.execPath, [join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/prepare-local.ts', '--migrate-any'], { stdio: 'inherit', cwd: projectRoot })
if (prepared.status !== 0) process.exit(prepared.status ?? 1)

const { env } = await import('@/lib/env')
const config = env()
const port = new URL(config.APP_URL).port || '3000'
const children: ChildProcess[] = []
const start = (command: string, args: string[]) => {
  const child = spawn(command, args, { stdio: 'inherit', cwd: projectRoot })
  children.push(child)
  return child
}

const next = start(join(projectRoot, 'node_modules/.bin/next'), ['dev', '--port', port])
next.on('exit', (code) => shutdown(code ?? 0))

const usesOwnInngest = Boolean(config.INNGEST_EVENT_KEY || config.INNGEST_DEV?.startsWith('http') || config.INNGEST_DEV === '0')
const cli = [join(projectRoot, 'node_modules/.bin/inngest-cli'), ...(process.env.PATH ?? '').split(':').map((dir) => join(dir, 'inngest-cli'))].find((path) => existsSync(path))
const serveUrl = `http://localhost:${port}/api/inngest`
if (usesOwnInngest) {
  console.log(`dev: Inngest is configured by env (${config.INNGEST_DEV ?? 'INNGEST_EVENT_KEY'}); not starting a dev server.`)
} else if (cli) {
  start(cli, ['dev', '-u', serveUrl, '--no-discovery']).on('error', (error) => console.warn(`dev: the Inngest dev server did not start: ${error.message}`))
} else {
  console.warn(
    `\ndev: the Inngest dev server is not installed, so webhook events cannot be processed yet (the route answers 500 and Stripe retries).\n` +
      `     Start it in another terminal:  npx inngest-cli@latest dev -u ${serveUrl}\n`,
  )
}

function shutdown(code: number) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  process.exit(code)
}
process.on('SIGINT', () => shutdown(0))
process.on('SIGTERM', () => shutdown(0))
