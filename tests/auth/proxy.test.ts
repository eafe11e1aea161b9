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

describe('one origin for a local app (APP_URL http://localhost:3000)', () => {
  const arrive = (url: string, init: { method?: string; host?: string } = {}) =>
    proxy(new NextRequest(url, { method: init.method ?? 'GET', headers: { host: init.host ?? new URL(url).host } }))

  it('sends a browser on 127.0.0.1 to the same page on localhost, where its sign-in cookies and links live, saying why', async () => {
    const response = arrive('http://127.0.0.1:3000/sign-in?callbackUrl=%2Fbilling')
    expect(response.headers.get('refresh')).toBe('0;url=http://localhost:3000/sign-in?callbackUrl=%2Fbilling')
    // Not a Location header: Next would make it relative to its own host, and the browser would stay.
    expect(response.headers.get('location')).toBeNull()
    const page = await response.text()
    expect(page).toContain('<meta http-equiv="refresh" content="0;url=http://localhost:3000/sign-in?callbackUrl=%2Fbilling">')
    expect(page).toContain('This app runs at <a href="http://localhost:3000/sign-in?callbackUrl=%2Fbilling">http://localhost:3000</a>, its APP_URL')
    expect(arrive('http://[::1]:3000/pricing').headers.get('refresh')).toBe('0;url=http://localhost:3000/pricing')
  })

  it('leaves alone APP_URL itself, other ports, other hosts, form posts and API calls', () => {
    for (const response of [
      arrive('http://localhost:3000/pricing'),
      arrive('http://127.0.0.1:3001/pricing'),
      arrive('http://192.168.1.20:3000/pricing'),
      arrive('http://127.0.0.1:3000/sign-in', { method: 'POST' }),
      arrive('http://127.0.0.1:3000/api/auth/csrf'),
    ]) {
      expect(response.headers.get('refresh')).toBeNull()
      expect(response.headers.get('x-middleware-next')).toBe('1')
    }
  })
})

describe('appOriginRedirect', () => {
  const at = (host: string, pathname = '/', method = 'GET') => ({ method, host, pathname, search: '' })

  it('works the other way round, and never for a deployment', async () => {
    const { appOriginRedirect } = await import('@/lib/auth/app-origin')
    expect(appOriginRedirect(at('localhost:3352', '/dashboard'), 'http://127.0.0.1:3352')).toBe('http://127.0.0.1:3352/dashboard')
    expect(appOriginRedirect(at('www.example.com'), 'https://example.com')).toBeNull()
    expect(appOriginRedirect(at('127.0.0.1'), 'https://example.com')).toBeNull()
  })
})
