import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { NextRequest } from 'next/server'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startSmtpCapture } from '../support/smtp-capture'
import { createAuthClient } from '../support/auth-client'

const smtp = await startSmtpCapture()
process.env.EMAIL_SERVER = smtp.url
process.env.EMAIL_FROM = 'Tollgate <auth@example.com>'
process.env.NEXTAUTH_SECRET = 'test-secret-that-is-at-least-32-characters'

const { authOptions, authOptionsFor } = await import('@/lib/auth/options')
const { db } = await import('@/lib/db')
const { SIGN_IN_EMAIL_LIMITS } = await import('@/lib/auth/rate-limits')
const { describeSignInError } = await import('@/lib/auth/sign-in-errors')

afterAll(() => smtp.close())

const { MagicLinkConfirmForm } = await import('@/components/auth/magic-link-confirm-form')
const { emailCallbackAction } = await import('@/lib/auth/magic-link')
const { GET: authRouteGet } = await import('@/app/api/auth/[...nextauth]/route')

const linkIn = (text: string) => text.match(/http:\/\/localhost:3000\/sign-in\/confirm\?\S+/)?.[0]

/** The form the confirm page at `link` shows, rendered by React as the page renders it. */
function confirmFormAt(link: string): string {
  const action = emailCallbackAction(Object.fromEntries(new URL(link).searchParams))
  if (!action) throw new Error(`the confirm page shows no form for ${link}`)
  return renderToStaticMarkup(createElement(MagicLinkConfirmForm, { action }))
}

/** The person's click on the confirm page's one button: a POST of its form to next-auth's real handler. */
function clickSignIn(client: ReturnType<typeof createAuthClient>, link: string) {
  const form = confirmFormAt(link)
  expect(form).toMatch(/<form [^>]*method="post"/)
  return client.submit(form.match(/action="([^"]+)"/)![1]!.replaceAll('&amp;', '&'))
}

async function requestLink(email: string, clientKey = '198.51.100.1', callbackUrl = 'http://localhost:3000/billing') {
  const client = createAuthClient(authOptions({ clientKey }))
  const response = await client.post('signin/email', { email, csrfToken: await client.csrfToken(), callbackUrl })
  return { client, response }
}

describe('email sign-in', () => {
  beforeAll(async () => {
    await db.slidingWindow.deleteMany()
  })

  it('sends a link over SMTP; following it creates a session row and lands on the callback page', async () => {
    const sent = smtp.messages.length
    const { client, response } = await requestLink('Ada@Example.com')
    expect(response.redirect).toBe('/sign-in/check-email')

    const email = smtp.messages[sent]!
    expect(email.to).toEqual(['ada@example.com'])
    const link = linkIn(email.text)
    expect(link).toBeDefined()

    const landed = await clickSignIn(client, link!)
    expect(landed.redirect).toBe('http://localhost:3000/billing')
    const sessionToken = client.jar.get('next-auth.session-token')
    expect(sessionToken).toBeTruthy()

    const session = await db.session.findUnique({ where: { sessionToken: sessionToken! }, include: { user: true } })
    expect(session?.user.email).toBe('ada@example.com')
    expect(session!.expires.getTime()).toBeGreaterThan(Date.now())

    const { body } = await client.get('session')
    expect(body).toMatchObject({ user: { email: 'ada@example.com', id: session!.userId } })
  })

  it('a link works once', async () => {
    const sent = smtp.messages.length
    const { client } = await requestLink('once@example.com')
    const link = linkIn(smtp.messages[sent]!.text)!
    await clickSignIn(client, link)
    const again = await clickSignIn(createAuthClient(authOptions()), link)
    expect(again.redirect).toBe('/sign-in?error=Verification')
  })

  it('a callbackUrl on another site lands on the dashboard instead', async () => {
    const sent = smtp.messages.length
    const { client } = await requestLink('elsewhere@example.com', '198.51.100.2', 'https://evil.example/steal')
    const landed = await clickSignIn(client, linkIn(smtp.messages[sent]!.text)!)
    expect(landed.redirect).toBe('http://localhost:3000/dashboard')
  })

  it('limits sign-in emails per client across many addresses, with a message rather than an error page', async () => {
    const { limit } = SIGN_IN_EMAIL_LIMITS.perClient
    const results = []
    for (let i = 0; i <= limit; i++) results.push((await requestLink(`spray${i}@example.com`, '192.0.2.99')).response.redirect)
    expect(results.slice(0, limit).every((r) => r?.includes('/sign-in/check-email'))).toBe(true)
    expect(results[limit]).toBe('http://localhost:3000/sign-in?error=RateLimited')
  })

  it('of 40 concurrent requests from one client, for 40 addresses, exactly 20 send an email', async () => {
    const sent = smtp.messages.length
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => requestLink(`burst${i}@example.com`, '192.0.2.50')))
    expect(answers.filter(({ response }) => response.redirect === '/sign-in/check-email')).toHaveLength(SIGN_IN_EMAIL_LIMITS.perClient.limit)
    expect(smtp.messages.length - sent).toBe(SIGN_IN_EMAIL_LIMITS.perClient.limit)
  })
})

describe('magic links and link scanners', () => {
  it('a scanner that GETs the link, and every URL on the page it finds, leaves the token for the person who clicks', async () => {
    const sent = smtp.messages.length
    const { client } = await requestLink('scanned@example.com', '198.51.100.60')
    const link = linkIn(smtp.messages[sent]!.text)!
    const tokensBefore = await db.verificationToken.count({ where: { identifier: 'scanned@example.com' } })
    expect(tokensBefore).toBe(1)

    // The scanner: the emailed link is a page of ours, and a GET of the form's target is sent back to that page.
    const action = confirmFormAt(link).match(/action="([^"]+)"/)![1]!.replaceAll('&amp;', '&')
    const scanned = await authRouteGet(new NextRequest(new URL(action, 'http://localhost:3000')), { params: Promise.resolve({ nextauth: ['callback', 'email'] }) })
    expect(scanned.status).toBe(303)
    expect(scanned.headers.get('location')).toBe(link)
    expect(await db.verificationToken.count({ where: { identifier: 'scanned@example.com' } })).toBe(1)
    expect(await db.session.count({ where: { user: { email: 'scanned@example.com' } } })).toBe(0)

    // The person, later: one click signs in.
    const landed = await clickSignIn(client, link)
    expect(landed.redirect).toBe('http://localhost:3000/billing')
    expect(await db.session.count({ where: { user: { email: 'scanned@example.com' } } })).toBe(1)
    expect(await db.verificationToken.count({ where: { identifier: 'scanned@example.com' } })).toBe(0)
  })

  it('a link without its token shows no sign-in button', () => {
    expect(emailCallbackAction({ email: 'a@example.com' })).toBeNull()
    expect(emailCallbackAction({ token: ['a', 'b'], email: 'a@example.com' })).toBeNull()
  })
})

describe('sign-in limits an attacker cannot step around or turn against someone else', () => {
  beforeEach(async () => {
    await db.slidingWindow.deleteMany()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  /** A sign-in request as the route receives it, with whatever forwarding headers the client chose to send. */
  async function requestLinkWithHeaders(email: string, headers: Record<string, string>) {
    const client = createAuthClient(authOptionsFor(new Request('http://localhost:3000/api/auth/signin/email', { headers })))
    return client.post('signin/email', { email, csrfToken: await client.csrfToken(), callbackUrl: 'http://localhost:3000/billing' })
  }

  const linksTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email)).length

  it('40 requests with rotating forwarding headers, in the default configuration, send at most the per-client limit', async () => {
    const sent = smtp.messages.length
    for (let i = 0; i < 40; i++) {
      await requestLinkWithHeaders(`rotate${i}@example.com`, { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}`, 'cf-connecting-ip': `192.0.2.${i}` })
    }
    expect(smtp.messages.length - sent).toBe(SIGN_IN_EMAIL_LIMITS.perClient.limit)
  })

  it('40 requests from one client around the edge of a 15-minute window (18 before it, 22 after) send 20, not 38', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const windowMs = SIGN_IN_EMAIL_LIMITS.perClient.windowMs
    const edge = Math.ceil(Date.now() / windowMs) * windowMs
    const sent = smtp.messages.length
    vi.setSystemTime(edge - 5_000)
    for (let i = 0; i < 18; i++) await requestLink(`edge${i}@example.com`, '198.51.100.77')
    vi.setSystemTime(edge + 1_000)
    for (let i = 18; i < 40; i++) await requestLink(`edge${i}@example.com`, '198.51.100.77')
    expect(smtp.messages.length - sent).toBe(SIGN_IN_EMAIL_LIMITS.perClient.limit)
  })

  it('one client asking for one mailbox gets three links at once, then waits 1, 2, 4, 8 and 15 minutes; a refusal says a link was just sent', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const start = Date.now()
    const at = async (minutes: number) => {
      vi.setSystemTime(start + minutes * 60_000)
      return (await requestLink('patient@example.com', '198.51.100.80')).response.redirect
    }
    const sent = '/sign-in/check-email'
    const refused = 'http://localhost:3000/sign-in?error=EmailRecentlySent'
    expect([await at(0), await at(0), await at(0), await at(0.5)]).toEqual([sent, sent, sent, refused])
    expect([await at(1), await at(2.9), await at(3), await at(6.9), await at(7)]).toEqual([sent, refused, sent, refused, sent])
    expect([await at(14.9), await at(15), await at(29.9), await at(30)]).toEqual([refused, sent, refused, sent])
    expect(describeSignInError('EmailRecentlySent')).toMatch(/^We sent a sign-in link to that address a moment ago\. Use the newest one in your inbox/)
  })

  it('a stranger’s requests for someone’s address do not stop its owner getting a link at once from their own browser', async () => {
    for (let i = 0; i < 6; i++) await requestLink('owner@example.com', '203.0.113.66')
    const before = linksTo('owner@example.com')
    const { response } = await requestLink('owner@example.com', '198.51.100.5')
    expect(response.redirect).toBe('/sign-in/check-email')
    expect(linksTo('owner@example.com')).toBe(before + 1)
  })

  it('strangers on many clients reach one inbox at most 10 times an hour, and whenever its owner is refused a working link is in it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const start = Date.now()
    const before = linksTo('besieged@example.com')
    const sentAt: number[] = []
    let ownerRefused = 0
    for (let second = 0; second < 2 * 3600; second += 30) {
      vi.setSystemTime(start + second * 1000)
      const stranger = await requestLink('besieged@example.com', `203.0.113.${(second / 30) % 25}`)
      if (stranger.response.redirect === '/sign-in/check-email') sentAt.push(second)
      if (second % 420 !== 0) continue
      const owner = await requestLink('besieged@example.com', '198.51.100.9')
      if (owner.response.redirect === '/sign-in/check-email') {
        sentAt.push(second)
        continue
      }
      ownerRefused++
      expect(owner.response.redirect).toBe('http://localhost:3000/sign-in?error=EmailRecentlySent')
      expect(await db.verificationToken.count({ where: { identifier: 'besieged@example.com', expires: { gt: new Date() } } })).toBeGreaterThan(0)
    }
    for (const first of sentAt) expect(sentAt.filter((t) => t >= first && t < first + 3600).length).toBeLessThanOrEqual(SIGN_IN_EMAIL_LIMITS.perMailbox.limit)
    expect(linksTo('besieged@example.com') - before).toBe(sentAt.length)
    expect(ownerRefused).toBeGreaterThan(0)
  })

  it('10 plus-address and spelling variants of one mailbox are one mailbox: three links at once, then a wait', async () => {
    const variants = ['victim+1@example.com', 'Victim+2@Example.com', 'victim+3@example.com.', 'VICTIM@EXAMPLE.COM', 'victim+a+b@example.com',
      'victim+4@example.com..', 'victim@example.com.', 'victim+news@example.com', 'victim+5@EXAMPLE.com.', 'victim+6@example.com']
    const sent = smtp.messages.length
    const answers = []
    for (const email of variants) answers.push((await requestLink(email, '198.51.100.100')).response.redirect)
    expect(smtp.messages.length - sent).toBe(3)
    expect(answers.slice(3).every((r) => r === 'http://localhost:3000/sign-in?error=EmailRecentlySent')).toBe(true)
  })

  it('a different mailbox on the same domain still gets its link', async () => {
    const sent = smtp.messages.length
    for (let i = 0; i < 6; i++) await requestLink(`victim+${i}@example.com`, '198.51.100.150')
    const { response } = await requestLink('neighbour@example.com', '198.51.100.150')
    expect(response.redirect).toBe('/sign-in/check-email')
    expect(smtp.messages.at(-1)?.to).toEqual(['neighbour@example.com'])
    expect(smtp.messages.length - sent).toBe(4)
  })
})

describe('providers', () => {
  it('/api/auth/providers lists the email provider, and no OAuth provider when none is configured', async () => {
    const { body } = await createAuthClient(authOptions()).get('providers')
    expect(Object.keys(body as object)).toEqual(['email'])
  })
})

describe('OAuth providers', () => {
  it('appear only when both of their variables are set', async () => {
    const { oauthProviders } = await import('@/lib/auth/options')
    const { parseEnv } = await import('@/lib/env')
    expect(oauthProviders(parseEnv({})).map((p) => p.id)).toEqual([])
    expect(oauthProviders(parseEnv({ GITHUB_ID: 'Iv1.abc', GITHUB_SECRET: 'shh' })).map((p) => p.id)).toEqual(['github'])
    expect(
      oauthProviders(parseEnv({ GITHUB_ID: 'Iv1.abc', GITHUB_SECRET: 'shh', GOOGLE_ID: 'g.apps', GOOGLE_SECRET: 'shh' })).map((p) => p.id),
    ).toEqual(['github', 'google'])
  })
})
