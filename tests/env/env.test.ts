import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv, stripeBackgroundRate, stripeMeterEventRate } from '@/lib/env'

const deployed = {
  NODE_ENV: 'production',
  APP_URL: 'https://billing.example.com',
  NEXTAUTH_SECRET: 'x'.repeat(32),
  EMAIL_SERVER: 'smtps://user:pass@smtp.example.com:465',
  EMAIL_FROM: 'Tollgate <billing@example.com>',
  STRIPE_SECRET_KEY: 'sk_live_abc123',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
  INNGEST_EVENT_KEY: 'event-key',
  INNGEST_SIGNING_KEY: 'signkey-prod-0123abcd',
  TRUSTED_PROXY_HOPS: '1',
}

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source)
  } catch (error) {
    if (error instanceof EnvError) return error.problems.map((p) => p.variable)
    throw error
  }
  return []
}

describe('configuration', () => {
  it('development starts with nothing set, on SQLite at localhost:3000', () => {
    const env = parseEnv({})
    expect(env.NODE_ENV).toBe('development')
    expect(env.DATABASE_URL).toBe('file:./prisma/dev.db')
    expect(env.APP_URL).toBe('http://localhost:3000')
  })

  it('a complete deployment passes', () => {
    expect(problemsOf(deployed)).toEqual([])
  })

  it('a publishable key in STRIPE_SECRET_KEY is refused by name, with what to use instead', () => {
    expect(() => parseEnv({ STRIPE_SECRET_KEY: 'pk_test_123' })).toThrow(/STRIPE_SECRET_KEY must be a secret key \(sk_test_…/)
  })

  it('a live key beside a test-mode webhook secret is refused', () => {
    expect(problemsOf({ ...deployed, STRIPE_WEBHOOK_SECRET: 'whsec_test_abc' })).toEqual(['STRIPE_WEBHOOK_SECRET'])
  })

  it('a deployment names every missing variable at once', () => {
    const { NEXTAUTH_SECRET, EMAIL_SERVER, EMAIL_FROM, INNGEST_SIGNING_KEY, ...rest } = deployed
    void [NEXTAUTH_SECRET, EMAIL_SERVER, EMAIL_FROM, INNGEST_SIGNING_KEY]
    expect(problemsOf(rest).sort()).toEqual(['EMAIL_FROM', 'EMAIL_SERVER', 'INNGEST_SIGNING_KEY', 'NEXTAUTH_SECRET'])
  })

  it('a live Stripe key makes it a deployment even on localhost', () => {
    expect(problemsOf({ STRIPE_SECRET_KEY: 'sk_live_abc' })).toContain('STRIPE_WEBHOOK_SECRET')
  })

  it('a production build served on localhost is a local preview and needs nothing', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([])
  })

  it('a deployment refuses http, INNGEST_DEV and a Stripe API override', () => {
    expect(
      problemsOf({ ...deployed, APP_URL: 'http://billing.example.com', INNGEST_DEV: '1', STRIPE_API_URL: 'http://127.0.0.1:12111' }).sort(),
    ).toEqual(['APP_URL', 'INNGEST_DEV', 'STRIPE_API_URL'])
  })

  it('a deployment refuses the local sandbox: its generated key and its URL, each by name', () => {
    const sandboxed = { ...deployed, STRIPE_SECRET_KEY: 'sk_test_sandboxAbC123', STRIPE_WEBHOOK_SECRET: 'whsec_sandbox_abc', STRIPE_API_URL: 'http://127.0.0.1:12112' }
    expect(() => parseEnv(sandboxed)).toThrow(/STRIPE_SECRET_KEY is a local sandbox key \(sk_test_sandbox…\)/)
    expect(() => parseEnv(sandboxed)).toThrow(/STRIPE_API_URL must not be set in production/)
    expect(problemsOf(sandboxed).sort()).toEqual(['STRIPE_API_URL', 'STRIPE_SECRET_KEY'])
    expect(problemsOf({ ...deployed, STRIPE_SECRET_KEY: 'sk_test_sandboxAbC123' })).toEqual(['STRIPE_SECRET_KEY'])
  })

  it('the sandbox runs wherever the app is not deployed: in development and in a local preview', () => {
    const sandbox = { STRIPE_SECRET_KEY: 'sk_test_sandboxAbC123', STRIPE_WEBHOOK_SECRET: 'whsec_sandbox_abc', STRIPE_API_URL: 'http://127.0.0.1:12112' }
    expect(problemsOf(sandbox)).toEqual([])
    expect(problemsOf({ ...sandbox, NODE_ENV: 'production' })).toEqual([])
  })

  it('the sandbox port defaults to 12112 and must be a port', () => {
    expect(parseEnv({}).STRIPE_SANDBOX_PORT).toBe(12112)
    expect(parseEnv({ STRIPE_SANDBOX_PORT: '4400' }).STRIPE_SANDBOX_PORT).toBe(4400)
    expect(problemsOf({ STRIPE_SANDBOX_PORT: '70000' })).toEqual(['STRIPE_SANDBOX_PORT'])
    expect(problemsOf({ STRIPE_SANDBOX_PORT: 'twelve' })).toEqual(['STRIPE_SANDBOX_PORT'])
  })

  it('a deployment says how clients reach it, in one way only', () => {
    const { TRUSTED_PROXY_HOPS, ...unsaid } = deployed
    void TRUSTED_PROXY_HOPS
    expect(problemsOf(unsaid)).toEqual(['TRUSTED_PROXY_HOPS'])
    expect(problemsOf({ ...unsaid, TRUSTED_PROXY_HOPS: '0' })).toEqual([])
    expect(problemsOf({ ...unsaid, TRUSTED_CLIENT_IP_HEADER: 'CF-Connecting-IP' })).toEqual([])
    expect(parseEnv({ ...unsaid, TRUSTED_CLIENT_IP_HEADER: 'CF-Connecting-IP' }).TRUSTED_CLIENT_IP_HEADER).toBe('cf-connecting-ip')
    expect(problemsOf({ ...deployed, TRUSTED_CLIENT_IP_HEADER: 'x-real-ip' })).toEqual(['TRUSTED_CLIENT_IP_HEADER'])
    expect(problemsOf({ ...unsaid, TRUSTED_CLIENT_IP_HEADER: 'X-Forwarded-For' })).toEqual(['TRUSTED_CLIENT_IP_HEADER'])
    expect(problemsOf({ ...unsaid, TRUSTED_PROXY_HOPS: 'two' })).toEqual(['TRUSTED_PROXY_HOPS'])
  })

  it('malformed values are refused by name', () => {
    expect(
      problemsOf({ DATABASE_URL: 'mysql://x', APP_URL: 'localhost:3000', NEXTAUTH_SECRET: 'short', STRIPE_WEBHOOK_SECRET: 'secret' }).sort(),
    ).toEqual(['APP_URL', 'DATABASE_URL', 'NEXTAUTH_SECRET', 'STRIPE_WEBHOOK_SECRET'])
  })

  it('operators are a comma-separated list of addresses, lower-cased; unset means no one', () => {
    expect(parseEnv({}).ADMIN_EMAILS).toEqual([])
    expect(parseEnv({ ADMIN_EMAILS: ' Ops@Example.com, ,you@example.com ' }).ADMIN_EMAILS).toEqual(['ops@example.com', 'you@example.com'])
    expect(problemsOf({ ADMIN_EMAILS: 'ops@example.com; you@example.com' })).toEqual(['ADMIN_EMAILS'])
  })

  it('OAuth ids and secrets come in pairs', () => {
    expect(problemsOf({ GITHUB_ID: 'Iv1.abc' })).toEqual(['GITHUB_SECRET'])
    expect(problemsOf({ GOOGLE_SECRET: 'secret' })).toEqual(['GOOGLE_ID'])
  })

  it('the background Stripe budget defaults below Stripe’s limit for the key’s mode, and refuses more than test mode allows', () => {
    expect(stripeBackgroundRate(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc' }))).toBe(15)
    expect(stripeBackgroundRate(parseEnv(deployed))).toBe(60)
    expect(stripeBackgroundRate(parseEnv({ ...deployed, STRIPE_BACKGROUND_REQUESTS_PER_SECOND: '90' }))).toBe(90)
    expect(problemsOf({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_BACKGROUND_REQUESTS_PER_SECOND: '40' })).toEqual(['STRIPE_BACKGROUND_REQUESTS_PER_SECOND'])
    expect(problemsOf({ STRIPE_BACKGROUND_REQUESTS_PER_SECOND: '101' })).toEqual(['STRIPE_BACKGROUND_REQUESTS_PER_SECOND'])
  })

  it('the meter-event rate is Stripe’s live 1,000/s, a small share of test mode’s basic limit, and the live figure against a local double', () => {
    expect(stripeMeterEventRate(parseEnv(deployed))).toBe(1000)
    expect(stripeMeterEventRate(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc' }))).toBe(5)
    expect(stripeMeterEventRate(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_sandboxAbC123' }))).toBe(1000)
    expect(stripeMeterEventRate(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_API_URL: 'http://127.0.0.1:12111' }))).toBe(1000)
    expect(problemsOf({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_METER_EVENTS_PER_SECOND: '100' })).toEqual(['STRIPE_METER_EVENTS_PER_SECOND'])
    expect(problemsOf({ STRIPE_METER_EVENTS_PER_SECOND: '1001' })).toEqual(['STRIPE_METER_EVENTS_PER_SECOND'])
  })

  it('the webhook hand-off budget stays well inside Stripe’s timeout, and Inngest’s size limit has a floor', () => {
    expect(parseEnv({}).WEBHOOK_HANDOFF_TIMEOUT_MS).toBe(4000)
    expect(parseEnv({}).INNGEST_MAX_PAYLOAD_BYTES).toBe(256 * 1024)
    expect(problemsOf({ WEBHOOK_HANDOFF_TIMEOUT_MS: '30000' })).toEqual(['WEBHOOK_HANDOFF_TIMEOUT_MS'])
    expect(problemsOf({ INNGEST_MAX_PAYLOAD_BYTES: '100' })).toEqual(['INNGEST_MAX_PAYLOAD_BYTES'])
    expect(parseEnv({ WEBHOOK_HANDOFF_TIMEOUT_MS: '' }).WEBHOOK_HANDOFF_TIMEOUT_MS).toBe(4000)
  })

  it('empty values count as unset', () => {
    expect(parseEnv({ STRIPE_SECRET_KEY: '', EMAIL_SERVER: '' }).STRIPE_SECRET_KEY).toBeUndefined()
  })
})
