// STRIPE_TEST_CLOCKS (decision 0053): on by default with the local sandbox, on request with a real test key,
// never with a live key or in a deployment, and refused there in a sentence.
import { describe, expect, it } from 'vitest'
import { parseEnv, testClocksOn } from '@/lib/env'

const sandbox = { STRIPE_SECRET_KEY: 'sk_test_sandboxAbC123', STRIPE_WEBHOOK_SECRET: 'whsec_sandbox_abc', STRIPE_API_URL: 'http://127.0.0.1:12112' }
const deployed = {
  NODE_ENV: 'production',
  APP_URL: 'https://billing.example.com',
  NEXTAUTH_SECRET: 'x'.repeat(32),
  EMAIL_SERVER: 'smtps://user:pass@smtp.example.com:465',
  EMAIL_FROM: 'Tollgate <billing@example.com>',
  STRIPE_SECRET_KEY: 'sk_test_abc123',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
  INNGEST_EVENT_KEY: 'event-key',
  INNGEST_SIGNING_KEY: 'signkey-prod-0123abcd',
  TRUSTED_PROXY_HOPS: '1',
}

describe('test clocks', () => {
  it('are on with the local sandbox unless turned off, and off with a real test key unless turned on', () => {
    expect(testClocksOn(parseEnv(sandbox))).toBe(true)
    expect(testClocksOn(parseEnv({ ...sandbox, STRIPE_TEST_CLOCKS: 'false' }))).toBe(false)
    expect(testClocksOn(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc123' }))).toBe(false)
    expect(testClocksOn(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_TEST_CLOCKS: 'true' }))).toBe(true)
    expect(testClocksOn(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_TEST_CLOCKS: 'true', NODE_ENV: 'production' }))).toBe(true) // a local preview
    expect(testClocksOn(parseEnv({ STRIPE_TEST_CLOCKS: 'true' }))).toBe(false) // no Stripe at all
  })

  it('are refused beside a live key, saying why', () => {
    expect(() => parseEnv({ ...deployed, STRIPE_SECRET_KEY: 'sk_live_abc123', STRIPE_TEST_CLOCKS: 'true' })).toThrow(
      /STRIPE_TEST_CLOCKS must not be true in a deployment: test clocks exist only in test mode, and this is a live key \(sk_live_…\)/,
    )
  })

  it('are refused in a deployment with a test key, and turned off there is accepted', () => {
    expect(() => parseEnv({ ...deployed, STRIPE_TEST_CLOCKS: 'true' })).toThrow(/STRIPE_TEST_CLOCKS must not be true in a deployment: test clocks are for rehearsing billing/)
    expect(testClocksOn(parseEnv({ ...deployed, STRIPE_TEST_CLOCKS: 'false' }))).toBe(false)
  })

  it('take true or false only', () => {
    expect(() => parseEnv({ STRIPE_TEST_CLOCKS: 'yes' })).toThrow(/STRIPE_TEST_CLOCKS must be true or false/)
  })
})
