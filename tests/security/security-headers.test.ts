import { describe, expect, it } from 'vitest'
import { parseEnv } from '@/lib/env'
import { securityHeaders } from '@/lib/security/security-headers'

const deployment = parseEnv({
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
})

const directives = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]))

describe('security headers', () => {
  it('every response gets its own nonce', async () => {
    const { newNonce } = await import('@/lib/security/security-headers')
    const nonces = new Set(Array.from({ length: 100 }, newNonce))
    expect(nonces.size).toBe(100)
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
  })

  it('a deployment gets HSTS, upgrade-insecure-requests and Stripe’s real hosted pages only', () => {
    const headers = securityHeaders('bm9uY2U=', deployment)
    expect(headers['Strict-Transport-Security']).toBe('max-age=63072000')
    const csp = directives(headers['Content-Security-Policy']!)
    expect(csp['upgrade-insecure-requests']).toEqual([])
    expect(csp['form-action']).toEqual(["'self'", 'https://checkout.stripe.com', 'https://billing.stripe.com'])
    expect(csp['script-src']).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"])
    expect(csp['frame-ancestors']).toEqual(["'none'"])
  })

  it('locally, no HSTS (it would pin localhost to https); the Stripe double’s origin is allowed; dev allows eval', () => {
    const local = securityHeaders('bm9uY2U=', parseEnv({ NODE_ENV: 'development', STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_URL: 'http://127.0.0.1:12111/' }))
    expect(local['Strict-Transport-Security']).toBeUndefined()
    const csp = directives(local['Content-Security-Policy']!)
    expect(csp['form-action']).toContain('http://127.0.0.1:12111')
    expect(csp['connect-src']).toContain('http://127.0.0.1:12111')
    expect(csp['script-src']).toContain("'unsafe-eval'")
    expect(csp['upgrade-insecure-requests']).toBeUndefined()
  })
})
