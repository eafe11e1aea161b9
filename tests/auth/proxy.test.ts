import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server'
import { NextRequest } from 'next/server'
import { describe, expect, it } from 'vitest'
import { config, proxy } from '@/proxy'

const visit = (path: string, cookie?: string) =>
  proxy(new NextRequest(`http://localhost:3000${path}`, { headers: cookie ? { cookie } : {} }))

describe('protected pages', () => {
  it.each(['/dashboard', '/billing', '/billing/success?session_id=cs_test_1', '/dashboard/settings'])(
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

  it.each([
    ['/dashboard', true],
    ['/billing/success', true],
    ['/settings', true],
    ['/sign-in/confirm', false],
    ['/api/webhooks/stripe', false],
    ['/api/inngest', false],
    ['/api/auth/session', false],
    ['/pricing', false],
    ['/', false],
    ['/dashboardish', false],
  ])('the proxy runs on %s: %s', (url, expected) => {
    expect(unstable_doesMiddlewareMatch({ config, url })).toBe(expected)
  })
})
