import { z } from 'zod'

// Every variable Tollgate reads, with what a bad value means. .env.example explains each one.
// Optional here means "the app runs without it"; which ones a deployment must set is decided in
// `requiredWhenDeployed` below, because a production build served on localhost is a local preview.

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional())

/** A whole number with a default; an empty value means the default. */
const integerOr = (fallback: number, schema: z.ZodNumber) =>
  z.preprocess((value) => (value === '' || value === undefined ? fallback : value), z.coerce.number().int().pipe(schema))

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),

  DATABASE_URL: z
    .string()
    .default('file:./prisma/dev.db')
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), {
      error: 'must start with file: (SQLite) or postgresql:// (PostgreSQL)',
    }),
  APP_URL: httpUrl.transform((url) => url.replace(/\/+$/, '')),
  // The address `npm run dev` and `npm start` listen on. Unset: 127.0.0.1 (this machine only) for `npm run dev` and a
  // local preview, every interface for a deployment (scripts/listen-host.ts).
  LISTEN_HOST: optional(z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]+|[A-Za-z0-9.-]+)$/, 'must be an address or a host name to listen on, e.g. 0.0.0.0 or 127.0.0.1')),
  NEXTAUTH_SECRET: optional(z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)')),
  // How clients reach the app, so rate limits can tell them apart (lib/auth/client-key.ts); at most one of the two.
  TRUSTED_PROXY_HOPS: optional(
    z.string().regex(/^\d{1,2}$/, 'must be the number of proxies in front of the app, e.g. 1').transform(Number),
  ),
  TRUSTED_CLIENT_IP_HEADER: optional(
    z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, 'must be a header name, e.g. cf-connecting-ip')
      .refine((name) => !/^x-forwarded-for$/i.test(name), 'must not be x-forwarded-for, which clients can set: use TRUSTED_PROXY_HOPS')
      .transform((name) => name.toLowerCase()),
  ),

  EMAIL_SERVER: optional(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })),
  EMAIL_FROM: optional(z.string().regex(/^(.+<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, 'must be an address, e.g. "Tollgate <billing@example.com>"')),
  GITHUB_ID: optional(z.string()),
  GITHUB_SECRET: optional(z.string()),
  GOOGLE_ID: optional(z.string()),
  GOOGLE_SECRET: optional(z.string()),

  /** Who may open the operator console (/admin): comma-separated addresses, matched exactly (case aside). */
  ADMIN_EMAILS: z.preprocess(
    (value) => (typeof value === 'string' ? value : ''),
    z
      .string()
      .transform((list) => list.split(',').map((email) => email.trim().toLowerCase()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+$/, 'must be comma-separated addresses, e.g. ops@example.com,you@example.com'))),
  ),

  STRIPE_SECRET_KEY: optional(
    z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a secret key (sk_test_…, sk_live_…) or a restricted key (rk_…); pk_… keys are publishable'),
  ),
  STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_[A-Za-z0-9_]+$/, 'must be a webhook signing secret (whsec_…)')),
  STRIPE_API_URL: optional(httpUrl),
  // Where `npm run dev` starts the local Stripe sandbox when STRIPE_SECRET_KEY is not set (sandbox/stripe/README.md).
  STRIPE_SANDBOX_PORT: z.preprocess(
    (value) => (value === '' || value === undefined ? '12112' : value),
    z.string().regex(/^\d{1,5}$/, 'must be a port number, e.g. 12112').transform(Number).refine((port) => port > 0 && port < 65536, 'must be a port number between 1 and 65535'),
  ),

  // Whether each new Stripe customer gets a test clock of its own (decision 0053): unset means on with the local
  // sandbox and off otherwise; `true` turns it on for a real test-mode key, `false` off on the sandbox.
  STRIPE_TEST_CLOCKS: optional(z.enum(['true', 'false'], { error: 'must be true or false' })),

  INNGEST_EVENT_KEY: optional(z.string().min(1)),
  INNGEST_SIGNING_KEY: optional(z.string().regex(/^signkey-(test|prod|branch)-[0-9a-f]+$/, 'must be an Inngest signing key (signkey-prod-…)')),
  INNGEST_SIGNING_KEY_FALLBACK: optional(z.string().regex(/^signkey-(test|prod|branch)-[0-9a-f]+$/, 'must be an Inngest signing key (signkey-prod-…)')),
  INNGEST_DEV: optional(z.union([z.enum(['0', '1']), httpUrl])),
  INNGEST_BASE_URL: optional(httpUrl),
  /** Inngest's size limit for one event and one request body: 256 KiB on the free plan, 3 MiB on Pro. */
  INNGEST_MAX_PAYLOAD_BYTES: integerOr(256 * 1024, z.number().min(16 * 1024, 'must be at least 16384 bytes')),

  /** How long the webhook route waits for Inngest before answering 5xx (Stripe waits far longer). */
  WEBHOOK_HANDOFF_TIMEOUT_MS: integerOr(4000, z.number().min(100, 'must be at least 100 ms').max(15_000, 'must stay well inside Stripe’s webhook timeout (at most 15000 ms)')),
  /**
   * Days a processed or ignored webhook event keeps its payload before the retention job empties it (decision
   * 0036). At least 30: Stripe keeps events for 30 days, so a younger payload may still be needed for a replay.
   */
  LEDGER_PAYLOAD_RETENTION_DAYS: integerOr(90, z.number().min(30, 'must be at least 30 days (Stripe keeps events for 30 days; a replay needs the payload until then)')),
  /** Stripe requests per second that background work (Inngest functions) may make; default from the key's mode. */
  STRIPE_BACKGROUND_REQUESTS_PER_SECOND: optional(z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100 (Stripe’s live-mode limit)')),
  /** Meter events per second the usage sender may send (inngest/usage/); default from the key's mode. */
  STRIPE_METER_EVENTS_PER_SECOND: optional(z.coerce.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000 (Stripe’s live-mode limit for meter events)')),
})

export type Env = z.infer<typeof envSchema>

export type EnvProblem = { variable: string; message: string }

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** A production build served on this machine (npm run build && npm start) is a preview, not a deployment. */
export function isLocalAppUrl(appUrl: string): boolean {
  return LOCAL_HOSTS.has(new URL(appUrl).hostname)
}

/**
 * Stripe allows 100 requests/s per account in live mode and 25/s in test mode (https://docs.stripe.com/rate-limits)
 * and advises keeping background jobs to a subset, so checkout and the portal always have room.
 */
export const STRIPE_BACKGROUND_RATE_DEFAULTS = { live: 60, test: 15 } as const

export function stripeBackgroundRate(env: Env): number {
  return env.STRIPE_BACKGROUND_REQUESTS_PER_SECOND ?? STRIPE_BACKGROUND_RATE_DEFAULTS[stripeMode(env.STRIPE_SECRET_KEY) ?? 'test']
}

/**
 * "The meter event endpoint allows 1000 calls per second in live mode … In test mode and sandbox mode, calls to the
 * meter event and meter event stream endpoint count toward the basic limit"
 * (https://docs.stripe.com/billing/subscriptions/usage-based/recording-usage-api#rate-limits): live mode has its
 * own 1,000/s; a test key shares the 25/s with everything else, so the sender takes a small share of it. The local
 * sandbox (sk_test_sandbox…, or any double at STRIPE_API_URL) has no limit to share and is held to the live figure.
 */
export const STRIPE_METER_EVENT_RATE_DEFAULTS = { live: 1000, test: 5, sandbox: 1000 } as const

/** The local sandbox (its key) or any double at STRIPE_API_URL: no Stripe rate to share. */
const talksToLocalDouble = (env: Env) => isSandboxKey(env.STRIPE_SECRET_KEY) || Boolean(env.STRIPE_API_URL)

export function stripeMeterEventRate(env: Env): number {
  if (env.STRIPE_METER_EVENTS_PER_SECOND) return env.STRIPE_METER_EVENTS_PER_SECOND
  if (talksToLocalDouble(env)) return STRIPE_METER_EVENT_RATE_DEFAULTS.sandbox
  return STRIPE_METER_EVENT_RATE_DEFAULTS[stripeMode(env.STRIPE_SECRET_KEY) ?? 'test']
}

/** The keys `npm run dev` generates for the local sandbox (scripts/dev.ts) start with this; Stripe never issues one. */
export const SANDBOX_KEY_PREFIX = 'sk_test_sandbox'

export function isSandboxKey(key: string | undefined): boolean {
  return Boolean(key?.startsWith(SANDBOX_KEY_PREFIX))
}

export function stripeMode(key: string | undefined): 'test' | 'live' | undefined {
  return key ? (key.includes('_live_') ? 'live' : 'test') : undefined
}

/**
 * Whether new customers are created on a test clock of their own (decision 0053). Test clocks exist only in test
 * mode (https://docs.stripe.com/billing/testing/test-clocks), so a live key never has them; crossCheck refuses
 * STRIPE_TEST_CLOCKS=true beside one, and in a deployment.
 */
export function testClocksOn(env: Env): boolean {
  if (stripeMode(env.STRIPE_SECRET_KEY) !== 'test' || isDeployment(env)) return false
  return env.STRIPE_TEST_CLOCKS ? env.STRIPE_TEST_CLOCKS === 'true' : isSandboxKey(env.STRIPE_SECRET_KEY)
}

/** A deployment is production served at a public address, or anything holding a live Stripe key. */
export function isDeployment(env: Env): boolean {
  return (env.NODE_ENV === 'production' && !isLocalAppUrl(env.APP_URL)) || stripeMode(env.STRIPE_SECRET_KEY) === 'live'
}

const requiredWhenDeployed = [
  ['NEXTAUTH_SECRET', 'sessions are signed with it; generate one with `openssl rand -base64 32`'],
  ['EMAIL_SERVER', 'sign-in links are sent over it, e.g. smtps://user:pass@smtp.example.com:465'],
  ['EMAIL_FROM', 'sign-in and billing emails are sent from it'],
  ['STRIPE_SECRET_KEY', 'checkout and the customer portal need it (Stripe dashboard → Developers → API keys)'],
  ['STRIPE_WEBHOOK_SECRET', 'webhooks cannot be verified without it (Stripe dashboard → Webhooks → signing secret)'],
  ['INNGEST_EVENT_KEY', 'webhook events are handed to Inngest with it (Inngest dashboard → Event keys)'],
  ['INNGEST_SIGNING_KEY', '/api/inngest refuses unsigned calls with it (Inngest dashboard → Signing key)'],
] as const

/** Problems that only show when variables are read together. */
export function crossCheck(env: Env): EnvProblem[] {
  const problems: EnvProblem[] = []
  const deployed = isDeployment(env)
  const mode = stripeMode(env.STRIPE_SECRET_KEY)

  if (deployed) {
    for (const [variable, why] of requiredWhenDeployed) {
      if (!env[variable]) problems.push({ variable, message: `is required in production: ${why}` })
    }
    if (new URL(env.APP_URL).protocol !== 'https:') {
      problems.push({ variable: 'APP_URL', message: 'must be https:// in production (Stripe redirects and session cookies need it)' })
    }
    if (env.TRUSTED_PROXY_HOPS === undefined && !env.TRUSTED_CLIENT_IP_HEADER) {
      problems.push({
        variable: 'TRUSTED_PROXY_HOPS',
        message:
          'or TRUSTED_CLIENT_IP_HEADER is required in production: say how clients reach the app so sign-in limits count per client (0 if nothing is in front of it; see .env.example)',
      })
    }
    // The sandbox holds its account in one developer's process: a deployment talking to it would take no money.
    if (isSandboxKey(env.STRIPE_SECRET_KEY)) {
      problems.push({ variable: 'STRIPE_SECRET_KEY', message: 'is a local sandbox key (sk_test_sandbox…): a deployment needs a key from the Stripe dashboard' })
    }
    if (env.STRIPE_API_URL) {
      problems.push({ variable: 'STRIPE_API_URL', message: 'must not be set in production: it points the Stripe SDK away from Stripe (at the local sandbox or stripe-mock)' })
    }
    if (env.STRIPE_TEST_CLOCKS === 'true') {
      const why = mode === 'live' ? 'test clocks exist only in test mode, and this is a live key (sk_live_…)' : 'test clocks are for rehearsing billing on a test account, on your machine'
      problems.push({ variable: 'STRIPE_TEST_CLOCKS', message: `must not be true in a deployment: ${why}. Remove it, or set it to false` })
    }
    if (env.INNGEST_DEV) {
      problems.push({ variable: 'INNGEST_DEV', message: 'must not be set in production: it turns off signature checks on /api/inngest' })
    }
  }
  if (env.TRUSTED_PROXY_HOPS !== undefined && env.TRUSTED_CLIENT_IP_HEADER) {
    problems.push({ variable: 'TRUSTED_CLIENT_IP_HEADER', message: 'and TRUSTED_PROXY_HOPS are two ways to say the same thing; set one' })
  }
  const secretMode = env.STRIPE_WEBHOOK_SECRET?.match(/^whsec_(test|live)_/)?.[1]
  if (mode && secretMode && mode !== secretMode) {
    problems.push({ variable: 'STRIPE_WEBHOOK_SECRET', message: `is a ${secretMode}-mode secret beside a ${mode}-mode STRIPE_SECRET_KEY; use the pair from one mode` })
  }
  if (mode === 'test' && !talksToLocalDouble(env) && (env.STRIPE_METER_EVENTS_PER_SECOND ?? 0) > 25) {
    problems.push({ variable: 'STRIPE_METER_EVENTS_PER_SECOND', message: 'must be at most 25 with a test-mode key (meter events count toward Stripe’s test-mode limit)' })
  }
  if (mode === 'test' && (env.STRIPE_BACKGROUND_REQUESTS_PER_SECOND ?? 0) > 25) {
    problems.push({ variable: 'STRIPE_BACKGROUND_REQUESTS_PER_SECOND', message: 'must be at most 25 with a test-mode key (Stripe’s test-mode limit)' })
  }
  for (const [id, secret] of [['GITHUB_ID', 'GITHUB_SECRET'], ['GOOGLE_ID', 'GOOGLE_SECRET']] as const) {
    if (Boolean(env[id]) !== Boolean(env[secret])) {
      problems.push({ variable: env[id] ? secret : id, message: `must be set together with ${env[id] ? id : secret}` })
    }
  }
  if (Boolean(env.EMAIL_SERVER) !== Boolean(env.EMAIL_FROM)) {
    problems.push({ variable: env.EMAIL_SERVER ? 'EMAIL_FROM' : 'EMAIL_SERVER', message: 'EMAIL_SERVER and EMAIL_FROM go together' })
  }
  return problems
}

/**
 * What `next start` needs on top of crossCheck, even for a local preview: next-auth refuses to sign anything in a
 * production build without a secret (NO_SECRET on every sign-in request). `npm start` generates one into
 * .env.local (scripts/prepare-local.ts); a bare `next start` stops here instead, naming it.
 */
export function servingProblems(env: Env): EnvProblem[] {
  if (env.NEXTAUTH_SECRET) return []
  return [
    {
      variable: 'NEXTAUTH_SECRET',
      message:
        'is required to serve a production build, even on localhost: sessions are signed with it. `npm start` generates one into .env.local; or set one (`openssl rand -base64 32`)',
    },
  ]
}
