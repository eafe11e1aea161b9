// The one module that reads process.env. Everything else asks `env()`, which validates all variables
// once and stops with a message naming each bad one. next.config.ts calls it, so a bad value fails
// `next build` and `next start` before any page is served.
import { crossCheck, envSchema, servingProblems, type Env, type EnvProblem } from './schema'

export { isDeployment, isLocalAppUrl, isSandboxKey, SANDBOX_KEY_PREFIX, stripeBackgroundRate, stripeMeterEventRate, stripeMode, testClocksOn, type Env } from './schema'

export class EnvError extends Error {
  constructor(readonly problems: EnvProblem[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  - ${p.variable} ${p.message}`).join('\n') +
        '\nSet these in .env.local (see .env.example) or in your host’s environment settings.',
    )
    this.name = 'EnvError'
  }
}

/** Validates a set of variables; exported for tests, which pass their own. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Locally the app is on localhost at PORT (3000 unless set), unless APP_URL says otherwise.
  const withDefaults = { ...source, APP_URL: source.APP_URL || `http://localhost:${source.PORT || 3000}` }
  const parsed = envSchema.safeParse(withDefaults)
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => ({ variable: String(i.path[0]), message: i.message })))
  }
  const problems = crossCheck(parsed.data)
  if (problems.length > 0) throw new EnvError(problems)
  return parsed.data
}

let cached: Env | undefined

export function env(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

/** For `next start`: the variables plus what serving a production build needs (next.config.ts calls it). */
export function requireServableEnv(): Env {
  const problems = servingProblems(env())
  if (problems.length > 0) throw new EnvError(problems)
  return env()
}

/**
 * Sets variables for this process and the children it spawns, and validates again on the next env() call. For
 * scripts/dev.ts, which points the app at the local sandbox and the in-process Inngest runner it starts.
 */
export function setProcessEnv(values: Record<string, string>): void {
  Object.assign(process.env, values)
  cached = undefined
}

/** Whether this code runs in Node (not the edge runtime); Next sets NEXT_RUNTIME in each bundle it builds. */
export function isNodeRuntime(): boolean {
  return process.env.NEXT_RUNTIME === 'nodejs'
}

/** Only DATABASE_URL, for tools (Prisma CLI, migrations) that must not fail on an unrelated variable. */
export function databaseUrl(): string {
  return envSchema.shape.DATABASE_URL.parse(process.env.DATABASE_URL)
}


/**
 * next-auth v4 reads NEXTAUTH_URL from process.env by itself and assumes http://localhost:3000 without it.
 * Point it at APP_URL so sign-in links and redirects use the configured origin, never the request's Host.
 */
export function pointNextAuthAtAppUrl(): void {
  process.env.NEXTAUTH_URL = env().APP_URL
}
