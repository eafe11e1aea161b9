import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server'
import { NextRequest } from 'next/server'
import { describe, expect, it } from 'vitest'
import { config, proxy } from '@/proxy'

const visit = (path: string, cookie?: string) =>
  proxy(new NextRequest(`http://localhost:3000${path}`, { headers: cookie ? { cookie } : {} }))

describe('protected pages', () => {
  it.each(['/dashboard', '/billing', '/billing/success?session_id=cs_test_1', '/dashboard/settings', '/settings'])(
    'send a visitor from %s to sign in and back',
    (path) => {
      const response = visit(path)
      expect(response.status).toBe(307)
      const location = new URL(response.headers.get('location')!)
      expect(location.pathname).toBe('/sign-in')
      expect(location.searchParams.get('callbackUrl')).toBe(path)
    },
  )

  it('let a request with a session cookie through to the page, which checks the session itself', () => {
    expect(visit('/billing', 'next-auth.session-token=abc').headers.get('location')).toBeNull()
    expect(visit('/billing', '__Secure-next-auth.session-token=abc').headers.get('location')).toBeNull()
  })

  it.each(['/pricing', '/', '/dashboardish', '/sign-in/confirm', '/api/auth/session'])('let a visitor through to %s', (path) => {
    expect(visit(path).headers.get('location')).toBeNull()
  })

  it.each([
    ['/dashboard', true],
    ['/billing/success', true],
    ['/settings', true],
    ['/pricing', true],
    ['/', true],
    ['/api/auth/session', true],
    ['/api/webhooks/stripe', false],
    ['/api/inngest', false],
    ['/_next/static/chunks/main.js', false],
  ])('the proxy runs on %s: %s', (url, expected) => {
    expect(unstable_doesMiddlewareMatch({ config, url })).toBe(expected)
  })

  it('sets the security headers on what it lets through and on its redirects, with a new nonce each time', () => {
    const nonces = [visit('/pricing'), visit('/pricing'), visit('/billing')].map((response) => {
      const csp = response.headers.get('content-security-policy')!
      expect(csp).toContain("frame-ancestors 'none'")
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      return csp.match(/'nonce-([^']+)'/)![1]
    })
    expect(new Set(nonces).size).toBe(3)
  })

  it('hands the policy to the page render, so Next can put the nonce on its scripts', () => {
    const response = visit('/pricing')
    const forwarded = response.headers.get('x-middleware-request-content-security-policy')
    expect(forwarded).toBe(response.headers.get('content-security-policy'))
  })
})
