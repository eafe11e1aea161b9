// npm run dev — prepares the local database and secret, then starts `next dev` with what it needs beside it:
//  - no STRIPE_SECRET_KEY: the local Stripe sandbox (sandbox/stripe), with the catalog synced into it and its
//    webhooks delivered to the app; a real test key is used as it is, with nothing started;
//  - Inngest: the dev server when it is installed or already running; otherwise the app's functions run in this
//    process (sandbox/inngest), and the console says how to get the real dev server.
// docs/decisions/0020-local-billing-sandbox.md and 0021-in-process-inngest-for-development.md explain the choices.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadProjectEnv, projectRoot } from '@/lib/env/load-project-env'
import { sandboxDatabaseUrl } from '@/sandbox/dev-services'
import { listenArgs } from './listen-host'

loadProjectEnv()
// The sandbox's data goes into a database of its own (decision 0050), set here so that prepare-local migrates it
// and `next dev` inherits it.
const sandboxDatabase = sandboxDatabaseUrl({ STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY, DATABASE_URL: process.env.DATABASE_URL })
if (sandboxDatabase) {
  mkdirSync(join(projectRoot, '.data'), { recursive: true })
  process.env.DATABASE_URL = sandboxDatabase
}
const prepared = spawnSync(process.execPath, [join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/prepare-local.ts', '--migrate-any'], { stdio: 'inherit', cwd: projectRoot })
if (prepared.status !== 0) process.exit(prepared.status ?? 1)
// prepare-local may have just written NEXTAUTH_SECRET into .env.local. A reload starts again from the environment
// this process began with, so the sandbox's database is set again.
loadProjectEnv({ reload: true })
if (sandboxDatabase) process.env.DATABASE_URL = sandboxDatabase

const { env } = await import('@/lib/env')
const { SandboxPortInUseError, startDevServices } = await import('@/sandbox/dev-services')
const config = env()
const port = new URL(config.APP_URL).port || '3000'
const children: ChildProcess[] = []
const start = (command: string, args: string[]) => {
  const child = spawn(command, args, { stdio: 'inherit', cwd: projectRoot })
  children.push(child)
  return child
}

const usesOwnInngest = Boolean(config.INNGEST_EVENT_KEY || config.INNGEST_DEV?.startsWith('http') || config.INNGEST_DEV === '0')
const cli = [join(projectRoot, 'node_modules/.bin/inngest-cli'), ...(process.env.PATH ?? '').split(':').map((dir) => join(dir, 'inngest-cli'))].find((path) => existsSync(path))
const serveUrl = `http://localhost:${port}/api/inngest`
// A dev server started by hand in another terminal listens on 8288, where the SDK looks by default.
const devServerRunning = !usesOwnInngest && !cli && (await fetch('http://127.0.0.1:8288/', { signal: AbortSignal.timeout(1000) }).then(() => true, () => false))
const inngestInProcess = !usesOwnInngest && !cli && !devServerRunning
const sandboxState = join(projectRoot, '.data', 'stripe-sandbox.json')

const services = await startDevServices({
  appUrl: config.APP_URL,
  stripeSandbox: config.STRIPE_SECRET_KEY ? undefined : { port: config.STRIPE_SANDBOX_PORT, stateFile: sandboxState },
  inngestInProcess,
  log: (line) => console.log(`dev: ${line}`),
}).catch((error: unknown) => {
  console.error(`\ndev: ${error instanceof SandboxPortInUseError ? error.message : error}\n`)
  process.exit(1)
})

// The child inherits this process's environment, which startDevServices extended with the sandbox's keys and URL
// and INNGEST_DEV; nothing is written to .env.local. It listens on 127.0.0.1 unless told otherwise
// (`npm run dev -- --hostname 0.0.0.0`, or LISTEN_HOST; scripts/listen-host.ts).
const args = process.argv.slice(2)
const next = start(join(projectRoot, 'node_modules/.bin/next'), ['dev', '--port', port, ...listenArgs(args, config), ...args])
next.on('exit', (code) => void shutdown(code ?? 0))

if (usesOwnInngest) {
  console.log(`dev: Inngest is configured by env (${config.INNGEST_DEV ?? 'INNGEST_EVENT_KEY'}); not starting a dev server.`)
} else if (cli) {
  start(cli, ['dev', '-u', serveUrl, '--no-discovery']).on('error', (error) => console.warn(`dev: the Inngest dev server did not start: ${error.message}`))
} else if (devServerRunning) {
  console.log('dev: using the Inngest dev server running on http://127.0.0.1:8288.')
} else {
  console.log(
    `\ndev: no Inngest dev server, so the app's Inngest functions run inside this process (retried on failure; cron jobs do not run).\n` +
      `     For Inngest's own dev server and its dashboard, run in another terminal, then restart npm run dev:\n` +
      `       npx inngest-cli@latest dev -u ${serveUrl}\n`,
  )
}

if (services.double) {
  const { double } = services
  console.log(
    `\ndev: no STRIPE_SECRET_KEY, so billing runs on the local Stripe sandbox at ${double.url} (no account, no network, no real payments).\n` +
      `     Sandbox controls (renewals, trials, 3D Secure, bank debits): ${double.url}/sandbox\n` +
      `     Its account is kept in .data/stripe-sandbox.json (${double.restored ? 'restored from the last run' : 'new'}), ` +
      (sandboxDatabase
        ? `and the app's data in .data/sandbox.db: delete .data/ to start afresh. npm start and a real key use prisma/dev.db, where no sandbox data goes.\n`
        : `and the app's data in DATABASE_URL as you set it: keep that database for the sandbox, or a later run with a real key will show the sandbox's customers. Delete both to start afresh.\n`) +
      `     To use your Stripe test account instead, set STRIPE_SECRET_KEY in .env.local (see .env.example).\n`,
  )
  services.deliverWhenAppIsUp().catch((error: unknown) => console.error(`dev: ${error instanceof Error ? error.message : error}`))
}

async function shutdown(code: number) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  await services.close().catch((error: unknown) => console.error('dev: stopping the sandbox failed', error))
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))
