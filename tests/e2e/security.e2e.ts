// The production build as a browser meets it: security headers on every page, a policy that lets the whole billing
// path run (our pages → Stripe's hosted Checkout and portal, here the double on another origin → back) without a
// single Content-Security-Policy violation, and an account deleted from /settings.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { choosePlanAndPay, hydrated, openPortal, returnFromPortal, signIn, subscriptionOf, visible } from './support/flows'
import { setupStack } from './support/stack'

const stack = setupStack('security')

/** Every CSP violation the page reports, as the browser's own event and as console lines. */
async function watchForCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`)
  })
  await page.exposeFunction('reportCspViolation', (line: string) => violations.push(`event: ${line}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (line: string) => void }).reportCspViolation
      report(`${event.violatedDirective} blocked ${event.blockedURI} on ${document.location.href}`)
    })
  })
  return violations
}

describe('security headers on the production build', () => {
  it('/, /pricing and /billing carry the policy and the other headers, and every script carries that response’s nonce', async () => {
    const nonces = new Set<string>()
    for (const path of ['/', '/pricing', '/pricing', '/billing']) {
      const response = await fetch(`${stack().appUrl}${path}`, { redirect: 'manual' })
      expect(response.status, path).toBe(path === '/billing' ? 307 : 200)
      const csp = response.headers.get('content-security-policy') ?? ''
      for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "'strict-dynamic'"]) {
        expect(csp, `${path}: ${directive}`).toContain(directive)
      }
      expect(csp).toContain(`form-action 'self' https://checkout.stripe.com https://billing.stripe.com ${stack().double.url}`)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
      expect(response.headers.get('permissions-policy')).toContain('camera=()')
      // A local preview (http://localhost) is not a deployment: no HSTS, which would pin localhost to https.
      expect(response.headers.get('strict-transport-security')).toBeNull()
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
      expect(nonce, path).toBeTruthy()
      nonces.add(nonce!)
      if (response.status !== 200) continue
      const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
      expect(scripts.length, path).toBeGreaterThan(0)
      for (const script of scripts) expect(script, path).toContain(`nonce="${nonce}"`)
    }
    expect(nonces.size).toBe(4)
  })

  it('a visitor’s pages load, hydrate and navigate without a CSP violation (/, /pricing both intervals, /sign-in)', async () => {
    const page = await stack().newPage()
    const violations = await watchForCspViolations(page)
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(`${page.url()}: ${message.text()}`)
    })
    for (const path of ['/', '/pricing', '/pricing?interval=year', '/sign-in', '/sign-in?callbackUrl=%2Fpricing']) {
      await page.goto(path)
      // React attaches to the page's elements once every script the page needs has run.
      await hydrated(page.locator('header a[href="/"]'))
    }
    // A client-side navigation loads the next page's payload through the scripts the policy let run.
    await page.goto('/')
    await (await hydrated(page.getByRole('link', { name: 'See pricing' }))).click()
    await visible(page.getByRole('heading', { name: 'Simple pricing' }))
    expect(violations).toEqual([])
    expect(errors).toEqual([])
  })

  it('sign-in, Checkout on another origin, the success page, the portal and back: no CSP violation anywhere', async () => {
    const page = await stack().newPage()
    const violations = await watchForCspViolations(page)
    await signIn(page, stack(), 'csp@example.com', '/pricing')
    const sessionId = await choosePlanAndPay(page, stack(), 'Pro')
    subscriptionOf(stack(), sessionId)
    await stack().worker.settled()
    await page.goto('/billing')
    await openPortal(page, stack())
    await returnFromPortal(page, stack())
    await page.goto('/settings')
    await visible(page.getByRole('heading', { name: 'Settings' }))
    expect(violations).toEqual([])
    expect(stack().browserProblems(page).filter((line) => /policy/i.test(line))).toEqual([])
  })
})

describe('account deletion in the browser', () => {
  it('from the user menu to /settings, confirmed by typing the address: the subscription is canceled and the user is gone', async () => {
    const email = 'goodbye@example.com'
    const page = await stack().newPage()
    await signIn(page, stack(), email, '/pricing')
    const subscriptionId = subscriptionOf(stack(), await choosePlanAndPay(page, stack(), 'Pro'))

    await page.getByRole('link', { name: 'Settings' }).click()
    await page.waitForURL((url) => url.pathname === '/settings')
    await visible(page.getByText(`The subscription of ${email}, which only you belong to, is canceled at once.`, { exact: false }))
    await page.getByLabel(`Type ${email} to confirm`).fill('not-me@example.com')
    await (await hydrated(page.getByRole('button', { name: 'Delete my account' }))).click()
    await visible(page.getByRole('alert').filter({ hasText: 'Type your email address exactly as shown to confirm.' }))
    expect(stack().double.subscriptions.get(subscriptionId)!.status).toBe('trialing')

    await page.getByLabel(`Type ${email} to confirm`).fill(email)
    await page.getByRole('button', { name: 'Delete my account' }).click()
    await page.waitForURL((url) => url.pathname === '/account-deleted')
    await visible(page.getByRole('heading', { name: 'Your account is deleted' }))
    expect(stack().double.subscriptions.get(subscriptionId)!.status).toBe('canceled')
    expect(await stack().db.user.count({ where: { email } })).toBe(0)

    await page.goto('/billing')
    await page.waitForURL((url) => url.pathname === '/sign-in')
  })
})
