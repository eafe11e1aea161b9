// The email callback against a cross-site page that submits someone's sign-in link (login CSRF). The route's guard
// runs on the App Router's request, as in a Next server; next-auth itself is driven through its (req, res) entry
// (tests/support/auth-client.ts: next-auth's App Router entry reads next/headers through a CommonJS require, which no
// test can stand in for). The whole path on a production build: tests/e2e/sign-in-attacks.e2e.ts.
import { NextRequest } from 'next/server'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createAuthClient } from '../support/auth-client'
import { renderPage } from '../support/render-page'
import { nextHeadersMock, request as incoming } from '../support/request-context'
import { startSmtpCapture } from '../support/smtp-capture'

vi.mock('next/headers', () => nextHeadersMock())

const smtp = await startSmtpCapture()
process.env.EMAIL_SERVER = smtp.url
process.env.EMAIL_FROM = 'Tollgate <auth@example.com>'
process.env.NEXTAUTH_SECRET = 'test-secret-that-is-at-least-32-characters'

const route = await import('@/app/api/auth/[...nextauth]/route')
const { guardEmailCallback } = await import('@/lib/auth/email-callback-guard')
const { default: ConfirmSignInPage } = await import('@/app/sign-in/confirm/page')
const { authOptions } = await import('@/lib/auth/options')
const { newSignInBrowserValue, SIGN_IN_BROWSER_COOKIE } = await import('@/lib/auth/browser-binding')
const { db } = await import('@/lib/db')

afterAll(() => smtp.close())

const APP = 'http://localhost:3000'
const SAME_ORIGIN = { origin: APP, 'sec-fetch-site': 'same-origin' }
/** `reachedNextAuth`: the route let the POST through to next-auth (which then answered). */
type Answer = { status: number; location: string | null; reachedNextAuth: boolean }

/**
 * A browser: one cookie jar for next-auth and for the route. Asking for a link gives it the sign-in cookie the
 * route's email sign-in sets (lib/auth/sign-in-browser.ts), and the link is bound to it.
 */
function newBrowser() {
  const auth = createAuthClient(authOptions())
  const jar = auth.jar
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  return {
    jar,
    async askForLink(email: string) {
      if (!jar.has(SIGN_IN_BROWSER_COOKIE)) jar.set(SIGN_IN_BROWSER_COOKIE, newSignInBrowserValue())
      const client = createAuthClient(authOptions({ clientKey: `203.0.113.${jar.size}`, browserValue: jar.get(SIGN_IN_BROWSER_COOKIE) }))
      return client.post('signin/email', { email, csrfToken: await client.csrfToken(), callbackUrl: `${APP}/billing` })
    },
    /** What the confirm page at `link` shows this browser. */
    async confirmPage(link: string) {
      incoming.cookies = new Map(jar)
      const params = Object.fromEntries(new URL(link).searchParams)
      return renderPage(await ConfirmSignInPage({ searchParams: Promise.resolve(params) }))
    },
    /**
     * The confirm page's form, submitted with `headers` (what the browser says about the page that sent it) and
     * `fields` in the body, to the route. A POST the route refuses never reaches next-auth; one it lets through is
     * completed by next-auth's core, whose answer (status, Location, cookies) the route's guard then sees.
     */
    async submit(link: string, headers: Record<string, string>, fields: Record<string, string> = {}): Promise<Answer> {
      const query = new URLSearchParams(new URL(link).search)
      query.delete('browser')
      const action = `/api/auth/callback/email?${query}`
      const request = () =>
        new NextRequest(new URL(action, APP), {
          method: 'POST',
          headers: { host: 'localhost:3000', cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(fields),
        })
      const params = { params: Promise.resolve({ nextauth: ['callback', 'email'] }) }
      let reachedNextAuth = false
      const answer = await route.POST(request(), params).catch((error: unknown) => {
        // next-auth's App Router entry needs a Next request scope: reaching it means the route let the POST through.
        if (!String(error).includes('outside a request scope')) throw error
        reachedNextAuth = true
        return null
      })
      const response = answer ?? (await guardEmailCallback(request(), completeWithNextAuth))
      return { status: response.status, location: response.headers.get('location'), reachedNextAuth }

      async function completeWithNextAuth() {
        const completed = await auth.submit(action, fields)
        const answered = new Headers()
        if (completed.redirect) answered.set('location', completed.redirect)
        for (const cookie of completed.setCookies) answered.append('set-cookie', cookie)
        return new Response(null, { status: completed.status, headers: answered })
      }
    },
  }
}

/** The confirm-page link in the last sign-in email to `email`. */
function linkMailedTo(email: string): string {
  const message = smtp.messages.filter((m) => m.to.includes(email)).at(-1)
  const link = message?.text.match(/http:\/\/localhost:3000\/sign-in\/confirm\?\S+/)?.[0]
  if (!link) throw new Error(`no sign-in link mailed to ${email}`)
  return link
}

const sessionsOf = (email: string) => db.session.count({ where: { user: { email } } })
const unusedTokens = (email: string) => db.verificationToken.count({ where: { identifier: email } })

/** An attacker's link: asked for in the attacker's own browser, for the attacker's own address. */
async function attackersLink(email: string) {
  await newBrowser().askForLink(email)
  return linkMailedTo(email)
}

describe('the email callback refuses a POST another site sent', () => {
  const crossSite: [string, Record<string, string>][] = [
    ['another origin', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['another origin, in a browser that sends no Sec-Fetch-Site', { origin: 'https://evil.example' }],
    ['a sibling subdomain (same site, another origin)', { origin: 'http://evil.localhost:3000', 'sec-fetch-site': 'same-site' }],
    ['no Origin, Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Origin null (a page with no-referrer), no Sec-Fetch-Site', { origin: 'null' }],
    ['Origin null, Sec-Fetch-Site cross-site', { origin: 'null', 'sec-fetch-site': 'cross-site' }],
    ['neither header', {}],
    ['our Origin, but Sec-Fetch-Site cross-site', { origin: APP, 'sec-fetch-site': 'cross-site' }],
    ['our host on another scheme', { origin: 'https://localhost:3000' }],
  ]
  for (const [what, headers] of crossSite) {
    it(`${what}: no session, the token left unused, and the sign-in page says why`, async () => {
      const email = `attacker-${crossSite.findIndex(([w]) => w === what)}@evil.example`
      const link = await attackersLink(email)
      const victim = newBrowser()
      const answer = await victim.submit(link, headers)
      expect(answer).toEqual({ status: 303, location: '/sign-in?error=CrossSiteSignIn', reachedNextAuth: false })
      expect([...victim.jar.keys()].filter((name) => name.includes('session-token'))).toEqual([])
      expect(await sessionsOf(email)).toBe(0)
      expect(await unusedTokens(email)).toBe(1)
    })
  }

  it('accepts the confirm page’s own POST: Origin ours, or Origin absent with Sec-Fetch-Site same-origin', async () => {
    for (const [email, headers] of [
      ['own-origin@example.com', SAME_ORIGIN],
      ['no-origin-header@example.com', { 'sec-fetch-site': 'same-origin' }],
      ['null-origin-same-origin@example.com', { origin: 'null', 'sec-fetch-site': 'same-origin' }],
      ['old-browser@example.com', { origin: APP }],
      ['loopback-address@example.com', { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }],
    ] as const) {
      const browser = newBrowser()
      await browser.askForLink(email)
      const answer = await browser.submit(linkMailedTo(email), headers)
      expect(answer, email).toEqual({ status: 302, location: `${APP}/billing`, reachedNextAuth: true })
      expect(browser.jar.get('next-auth.session-token'), email).toBeTruthy()
      expect(await sessionsOf(email)).toBe(1)
    }
  })
})

describe('a browser signed in to one account, following a link for another', () => {
  it('is sent back to the confirm page, which asks; only its answer replaces the session', async () => {
    const victim = newBrowser()
    await victim.askForLink('victim@example.com')
    await victim.submit(linkMailedTo('victim@example.com'), SAME_ORIGIN)
    const victimSession = victim.jar.get('next-auth.session-token')!
    const link = await attackersLink('switcher@evil.example')

    expect(await victim.submit(link, SAME_ORIGIN)).toEqual({ status: 303, location: expect.stringMatching(/^\/sign-in\/confirm\?callbackUrl=.+&token=.+&email=switcher%40evil\.example$/), reachedNextAuth: false })
    expect(victim.jar.get('next-auth.session-token')).toBe(victimSession)
    expect(await db.session.count({ where: { sessionToken: victimSession } })).toBe(1)
    expect(await unusedTokens('switcher@evil.example')).toBe(1)

    const page = await victim.confirmPage(link)
    expect(page).toContain('Switch accounts?')
    expect(page).toContain('You are signed in as victim@example.com. This link signs this browser in as switcher@evil.example instead')
    expect(page).toContain('It was asked for in another browser or on another device')
    expect(page).toContain('name="switchAccount" value="1"')
    expect(page).toContain('Stay signed in as victim@example.com')

    expect(await victim.submit(link, SAME_ORIGIN, { switchAccount: '1' })).toEqual({ status: 302, location: `${APP}/billing`, reachedNextAuth: true })
    expect(victim.jar.get('next-auth.session-token')).not.toBe(victimSession)
    expect(await db.session.count({ where: { sessionToken: victimSession } })).toBe(0)
    expect(await sessionsOf('switcher@evil.example')).toBe(1)
  })

  it('for its own address signs in again without asking', async () => {
    const browser = newBrowser()
    await browser.askForLink('again@example.com')
    await browser.submit(linkMailedTo('again@example.com'), SAME_ORIGIN)
    await browser.askForLink('again@example.com')
    expect(await browser.submit(linkMailedTo('again@example.com'), SAME_ORIGIN)).toMatchObject({ status: 302, location: `${APP}/billing` })
  })
})

describe('the confirm page and the browser that asked for the link', () => {
  it('in the browser that asked: one click, as before', async () => {
    const browser = newBrowser()
    await browser.askForLink('here@example.com')
    expect(browser.jar.get('tollgate.sign-in-browser')).toMatch(/^[\w-]{32}$/)
    const page = await browser.confirmPage(linkMailedTo('here@example.com'))
    expect(page).toContain('Continue as here@example.com. The link works once.')
    expect(page).not.toContain('another device')
  })

  it('on another device: the link still works, after the page says whose account it opens and that it was asked for elsewhere', async () => {
    await newBrowser().askForLink('phone@example.com')
    const link = linkMailedTo('phone@example.com')
    const phone = newBrowser()
    const page = await phone.confirmPage(link)
    expect(page).toContain('Sign in on this device?')
    expect(page).toContain('This link signs this browser in as phone@example.com. It was asked for in another browser or on another device: continue only if you asked for it yourself.')
    expect(await phone.submit(link, SAME_ORIGIN)).toMatchObject({ status: 302, location: `${APP}/billing` })
  })

  it('a link whose binding was altered, or another browser’s cookie, does not pass for the browser that asked', async () => {
    const asker = newBrowser()
    await asker.askForLink('tamper@example.com')
    const link = new URL(linkMailedTo('tamper@example.com'))
    link.searchParams.set('browser', `${link.searchParams.get('browser')!.slice(0, -2)}AA`)
    expect(await asker.confirmPage(link.href)).toContain('Sign in on this device?')
    const other = newBrowser()
    await other.askForLink('someone-else@example.com')
    expect(await other.confirmPage(linkMailedTo('tamper@example.com'))).toContain('Sign in on this device?')
  })
})
