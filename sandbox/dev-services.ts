// What `npm run dev` starts beside `next dev` when there is no Stripe key and no Inngest dev server: the local
// Stripe sandbox (the double in ./stripe, with the catalog synced into it and webhooks delivered to the app) and the
// in-process Inngest runner (./inngest). scripts/dev.ts and tests/sandbox/dev-services.test.ts use it alike.
// Why each piece is shaped as it is: docs/decisions/0020-local-billing-sandbox.md and 0021-in-process-inngest-for-development.md.
import { randomBytes } from 'node:crypto'
import { SANDBOX_KEY_PREFIX, setProcessEnv } from '@/lib/env'
import { startDevRunner, type DevRunner } from './inngest/dev-runner'
import { startStripeDouble, type StripeDouble } from './stripe'

export type DevServicesOptions = {
  appUrl: string
  /** Start the Stripe sandbox on this port, keeping its account in stateFile; omit when a real key is set. */
  stripeSandbox?: { port: number; stateFile: string }
  /** Run the Inngest functions in this process (no Inngest dev server can be reached). */
  inngestInProcess: boolean
  log?: (line: string) => void
  /** For tests: the runner's delay before each retry. */
  retryBackoffMs?: (attempt: number) => number
  /** For tests: shortens the runner's debounce waits (1, the default, waits as Inngest does). */
  debounceScale?: number
}

export type DevServices = {
  /** The variables the app (the `next dev` child) needs to use these services; also set in this process. */
  env: Record<string, string>
  double?: StripeDouble
  runner?: DevRunner
  /** Waits until the app's webhook route answers, then delivers the held events and every later one as it happens. */
  deliverWhenAppIsUp(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export class SandboxPortInUseError extends Error {
  constructor(port: number) {
    super(
      `port ${port} is already in use, so the local Stripe sandbox cannot start (is another \`npm run dev\` running?). ` +
        'Stop it, or set STRIPE_SANDBOX_PORT to a free port in .env.local.',
    )
    this.name = 'SandboxPortInUseError'
  }
}

/** Where `npm run dev` keeps the app's data while it runs the sandbox: beside the sandbox's account, in .data/. */
export const SANDBOX_DATABASE_URL = 'file:./.data/sandbox.db'

/**
 * The database `npm run dev` should use, given the variables it starts with (after .env files): the sandbox's own
 * when it will start the sandbox (no Stripe key) and DATABASE_URL is not set, so that the sandbox's customers,
 * subscriptions and invoices — which exist only in .data/stripe-sandbox.json — never show in the database that
 * `npm start` or a real Stripe key uses (prisma/dev.db). undefined: keep DATABASE_URL as it is. Decision 0050.
 */
export function sandboxDatabaseUrl(vars: { STRIPE_SECRET_KEY?: string; DATABASE_URL?: string }): string | undefined {
  return vars.STRIPE_SECRET_KEY || vars.DATABASE_URL ? undefined : SANDBOX_DATABASE_URL
}

const token = (length: number) => randomBytes(length).toString('base64url').replace(/[-_]/g, '').slice(0, length)

export async function startDevServices(options: DevServicesOptions): Promise<DevServices> {
  const { appUrl, log = () => {} } = options
  const webhookUrl = `${appUrl}/api/webhooks/stripe`
  const env: Record<string, string> = {}
  const stoppers: (() => Promise<void>)[] = []
  const close = async () => {
    for (const stop of stoppers.reverse()) await stop()
  }

  let double: StripeDouble | undefined
  if (options.stripeSandbox) {
    const { port, stateFile } = options.stripeSandbox
    // Fresh keys each run: the sandbox accepts any test key, and the app gets these through its environment.
    const secrets = { STRIPE_SECRET_KEY: `${SANDBOX_KEY_PREFIX}${token(24)}`, STRIPE_WEBHOOK_SECRET: `whsec_sandbox_${token(32)}` }
    double = await startStripeDouble({
      port,
      stateFile,
      webhookUrl,
      webhookSecret: secrets.STRIPE_WEBHOOK_SECRET,
      appUrl,
      // Held until the app answers (deliverWhenAppIsUp): the catalog sync's events would otherwise hit a server
      // that is still compiling, and the sandbox, like the double, does not redeliver.
      autoDeliver: false,
      onDelivery: (record) => {
        if (record.status === null || record.status >= 300) log(`stripe sandbox: delivering ${record.eventId} to ${webhookUrl} failed: ${record.error}`)
      },
    }).catch((error: unknown) => {
      throw error instanceof Error && 'code' in error && error.code === 'EADDRINUSE' ? new SandboxPortInUseError(port) : error
    })
    const started = double
    stoppers.push(() => started.close())
    Object.assign(env, secrets, { STRIPE_API_URL: double.url })
    setProcessEnv(env)
  }

  let runner: DevRunner | undefined
  try {
    if (options.inngestInProcess) {
      // Imported on the first event, after INNGEST_DEV and the Stripe variables are set: the app's inngest and
      // Stripe clients read them when they are created.
      runner = await startDevRunner({
        loadFunctions: async () => (await import('@/inngest/functions')).functions,
        log,
        backoffMs: options.retryBackoffMs,
        debounceScale: options.debounceScale,
      })
      const started = runner
      stoppers.push(() => started.close())
      env.INNGEST_DEV = runner.url
      setProcessEnv({ INNGEST_DEV: runner.url })
    }
    if (double) {
      const [{ syncCatalog }, { PLANS }, { requireStripe }] = await Promise.all([
        import('@/lib/billing/sync-catalog'),
        import('@/lib/billing/catalog'),
        import('@/lib/stripe/client'),
      ])
      const changes = await syncCatalog(requireStripe(), PLANS)
      log(`stripe sandbox: catalog synced (${changes.length === 0 ? 'already up to date' : `${changes.length} change(s)`})`)
    }
  } catch (error) {
    await close()
    throw error
  }

  return {
    env,
    double,
    runner,
    async deliverWhenAppIsUp(timeoutMs = 120_000) {
      if (!double) return
      const deadline = Date.now() + timeoutMs
      // A GET: the route answers 405 once it is compiled and serving, and nothing is recorded.
      while (!(await fetch(webhookUrl).then((res) => res.status < 500, () => false))) {
        if (Date.now() > deadline) throw new Error(`the app's webhook route (${webhookUrl}) did not answer within ${timeoutMs / 1000} s`)
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
      await double.startDelivering()
    },
    close,
  }
}
