// The attacks of issue 27, repeated against the production build two ways: configured as a deployment (https APP_URL,
// every [production] variable, TRUSTED_PROXY_HOPS=0, listening on every interface), by a script speaking plain HTTP;
// and as the local preview the other e2e files use, with Chromium for what only a browser does (a cross-site form).
// The dev server and `npm start`: listening.e2e.ts.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db/create-client'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { startSmtpCapture } from '../support/smtp-capture'
import { signStripePayload, stripeEvent } from '../support/stripe-signing'
import { signIn, visible } from './support/flows'
import { httpClient, networkAddress, type HttpAnswer } from './support/http-client'
import { signInLinkIn, waitForEmail } from './support/mail'
import { freePort, startAppServer, type AppServer } from './support/server'
import { setupStack } from './support/stack'

const stack = setupStack('security-attacks')

const DEPLOYED = 'https://tollgate.example'
const WEBHOOK_SECRET = 'whsec_deploymente2e'
const otherHost = networkAddress()

type Deployment = { server: AppServer; port: number; db: Db; database: TestDatabase; smtp: Awaited<ReturnType<typeof startSmtpCapture>>; close(): Promise<void> }
let deployment: Deployment

beforeAll(async () => {
  const [database, smtp, inngest, port] = await Promise.all([createTestDatabase(), startSmtpCapture(), startInngestStandIn(), freePort()])
  const server = await startAppServer({
    name: 'security-attacks-deployment',
    port,
    hostname: '0.0.0.0',
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      APP_URL: DEPLOYED,
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: 'deployment-secret-that-is-long-enough-0123456789',
      EMAIL_SERVER: smtp.url,
      EMAIL_FROM: 'Tollgate <billing@tollgate.example>',
      STRIPE_SECRET_KEY: 'sk_test_deploymente2e',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      INNGEST_EVENT_KEY: 'e2e-event-key',
      INNGEST_SIGNING_KEY: 'signkey-test-0123456789abcdef0123456789abcdef',
      INNGEST_BASE_URL: inngest.url,
      TRUSTED_PROXY_HOPS: '0',
    },
  })
  const db = createDb(database.url)
  deployment = {
    server,
    port,
    db,
    database,
    smtp,
    async close() {
      await server.stop()
      await db.$disconnect()
      await Promise.all([smtp.close(), inngest.close()])
      await database.drop()
    },
  }
}, 180_000)
afterAll(() => deployment?.close())

/** An attacker's script on this machine, connecting from `from` (any 127.x address is a different client). */
const script = (from = '127.0.0.1') => httpClient({ host: '127.0.0.1', port: deployment.port }, { from })

/** Asks the deployment for a sign-in link to `email`, as a script does: next-auth's CSRF token, then the form. */
async function askForLink(client: ReturnType<typeof script>, email: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const { csrfToken } = JSON.parse((await client.send('GET', '/api/auth/csrf')).body) as { csrfToken: string }
  return client.send('POST', '/api/auth/signin/email', { form: { email, csrfToken, callbackUrl: `${DEPLOYED}/dashboard` }, headers })
}

const mailedTo = (pattern: RegExp) => deployment.smtp.messages.filter((m) => m.to.some((to) => pattern.test(to))).length

describe('sign-in limits on a deployment with nothing in front (TRUSTED_PROXY_HOPS=0)', () => {
  it('40 requests with rotating forged X-Forwarded-For from one client send 20 emails; another client still gets its link', async () => {
    const attacker = script('127.0.0.1')
    for (let i = 0; i < 40; i++) await askForLink(attacker, `rotate${i}@example.com`, { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}` })
    expect(mailedTo(/^rotate\d+@example\.com$/)).toBe(20)

    const bystander = await askForLink(script('127.0.0.2'), 'bystander@example.com')
    expect(bystander.location).toBe(`${DEPLOYED}/api/auth/verify-request?provider=email&type=email`)
    expect(mailedTo(/^bystander@example\.com$/)).toBe(1)
  })

  it('40 concurrent requests from one client send exactly 20', async () => {
    const attacker = script('127.0.0.3')
    await Promise.all(Array.from({ length: 40 }, (_, i) => askForLink(attacker, `burst${i}@example.com`, { 'x-forwarded-for': `203.0.113.${i}` })))
    expect(mailedTo(/^burst\d+@example\.com$/)).toBe(20)
  })

  it('a stranger asking for someone’s address six times does not stop its owner, on another client, getting a link', async () => {
    const stranger = script('127.0.0.4')
    const answers = []
    for (let i = 0; i < 6; i++) answers.push((await askForLink(stranger, 'owner@example.com')).location)
    expect(answers.slice(3).every((location) => location === `${DEPLOYED}/sign-in?error=EmailRecentlySent`)).toBe(true)
    expect((await askForLink(script('127.0.0.5'), 'owner@example.com')).location).toBe(`${DEPLOYED}/api/auth/verify-request?provider=email&type=email`)
    expect(mailedTo(/^owner@example\.com$/)).toBe(4)
  })
})

describe('completing someone else’s sign-in link on a deployment (login CSRF)', () => {
  /** An attacker's own link, asked for on the deployment: its callback query. */
  async function attackersCallback(email: string): Promise<string> {
    const attacker = script('127.0.0.6')
    await askForLink(attacker, email)
    // The asking browser got the cookie its link is bound to (decision 0051), and the link says so.
    expect(attacker.jar.get('__Host-tollgate.sign-in-browser')).toMatch(/^[\w-]{32}$/)
    const link = new URL(signInLinkIn(await waitForEmail(deployment.smtp, email, /^Sign in to /), DEPLOYED))
    expect(link.searchParams.get('browser')).toMatch(/^[\w-]{43}$/)
    link.searchParams.delete('browser')
    return `/api/auth/callback/email${link.search}`
  }
  const sessionCookies = (answer: HttpAnswer) => answer.setCookies.filter((cookie) => /session-token=[^;]/.test(cookie))

  it('a POST from another origin, with the headers missing, or from the server’s own address instead of APP_URL, signs nobody in and leaves the link unused', async () => {
    const callback = await attackersCallback('attacker@evil.example')
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
      {},
      { origin: `http://127.0.0.1:${deployment.port}` },
      { origin: 'https://billing.tollgate.example', 'sec-fetch-site': 'same-site' },
    ]
    for (const headers of refused) {
      const answer = await script('127.0.0.7').send('POST', callback, { headers, form: {} })
      expect({ status: answer.status, location: answer.location }, JSON.stringify(headers)).toEqual({ status: 303, location: '/sign-in?error=CrossSiteSignIn' })
      expect(sessionCookies(answer)).toEqual([])
    }
    expect(await deployment.db.verificationToken.count({ where: { identifier: 'attacker@evil.example' } })).toBe(1)
    expect(await deployment.db.session.count({ where: { user: { email: 'attacker@evil.example' } } })).toBe(0)

    // The app's own page: Origin is APP_URL's.
    const own = await script('127.0.0.7').send('POST', callback, { headers: { origin: DEPLOYED, 'sec-fetch-site': 'same-origin' }, form: {} })
    expect(own.location).toBe(`${DEPLOYED}/dashboard`)
    expect(sessionCookies(own)).toEqual([expect.stringMatching(/^__Secure-next-auth\.session-token=/)])
  })

  it('a browser signed in as someone else is sent back to the confirm page, its session untouched', async () => {
    const victim = script('127.0.0.8')
    await askForLink(victim, 'signed-in@example.com')
    const own = new URL(signInLinkIn(await waitForEmail(deployment.smtp, 'signed-in@example.com', /^Sign in to /), DEPLOYED))
    await victim.send('POST', `/api/auth/callback/email${own.search}`, { headers: { origin: DEPLOYED, 'sec-fetch-site': 'same-origin' }, form: {} })
    const session = victim.jar.get('__Secure-next-auth.session-token')
    expect(session).toBeTruthy()

    const answer = await victim.send('POST', await attackersCallback('switch@evil.example'), { headers: { origin: DEPLOYED, 'sec-fetch-site': 'same-origin' }, form: {} })
    expect(answer.status).toBe(303)
    expect(answer.location).toMatch(/^\/sign-in\/confirm\?/)
    expect(victim.jar.get('__Secure-next-auth.session-token')).toBe(session)
    expect(await deployment.db.session.count({ where: { sessionToken: session } })).toBe(1)
  })
})

describe('webhook edges on a deployment', () => {
  async function fetchWebhook(payload: string, signature: string) {
    const response = await fetch(`http://127.0.0.1:${deployment.port}/api/webhooks/stripe`, { method: 'POST', headers: { 'stripe-signature': signature, 'content-type': 'application/json' }, body: payload })
    return { status: response.status, body: (await response.json()) as { error?: string } }
  }

  it('an event signed an hour ahead is refused like one an hour old; a signed event without livemode is a 400 and a refused row, not a 500', async () => {
    const future = stripeEvent('customer.subscription.updated', { id: 'sub_1', object: 'subscription', customer: 'cus_1' })
    const payload = JSON.stringify(future)
    expect(await fetchWebhook(payload, signStripePayload(payload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) + 3600))).toEqual({ status: 400, body: expect.objectContaining({ error: 'timestamp_out_of_tolerance' }) })
    expect(await deployment.db.stripeEvent.count({ where: { id: future.id } })).toBe(0)

    const malformed: Record<string, unknown> = stripeEvent('customer.subscription.updated', { id: 'sub_2', object: 'subscription', customer: 'cus_2' })
    delete malformed.livemode
    const body = JSON.stringify(malformed)
    for (let retry = 0; retry < 2; retry++) expect((await fetchWebhook(body, signStripePayload(body, WEBHOOK_SECRET))).status).toBe(400)
    expect(await deployment.db.stripeEvent.findMany({ where: { id: String(malformed.id) }, select: { status: true } })).toEqual([{ status: 'refused' }])
  })
})

describe('/api/inngest on a deployment', () => {
  it.skipIf(!otherHost)('an unsigned call from another host runs nothing and answers without a stack trace', async () => {
    const fromNetwork = httpClient({ host: otherHost!, port: deployment.port })
    const signatures: Record<string, string>[] = [{}, { 'x-inngest-signature': 't=1&s=forged' }]
    for (const headers of signatures) {
      const answer = await fromNetwork.send('POST', '/api/inngest?fnId=tollgate-delete-expired-rows&stepId=step', { headers, json: { event: { name: 'inngest/scheduled.timer', data: {} }, steps: {}, ctx: { run_id: 'r1', attempt: 0, stack: { stack: [], current: 0 } }, version: 1 } })
      expect(answer.status).toBe(401)
      expect(answer.body).not.toMatch(/"stack"|node_modules|\.js:\d+/)
    }
  })
})

describe('the local preview in a browser', () => {
  /** A page on another site that submits `callback` (an attacker's sign-in link) as soon as it loads. */
  async function attackersPage(callback: string) {
    const html = `<!doctype html><form method="post" action="${stack().appUrl}${callback.replaceAll('&', '&amp;')}"></form><script>document.forms[0].submit()</script>`
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
  }

  async function attackersLinkOnPreview(email: string) {
    const page = await stack().newPage()
    await page.goto('/sign-in')
    await page.getByLabel('Email address').fill(email)
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
    await page.waitForURL((url) => url.pathname === '/sign-in/check-email')
    await page.context().close()
    return new URL(signInLinkIn(await waitForEmail(stack().smtp, email, /^Sign in to /), stack().appUrl))
  }

  it('the sign-in form (a server action) counts its client by the socket too, never as everyone', async () => {
    await attackersLinkOnPreview('form-client@example.com')
    const windows = (await stack().db.slidingWindow.findMany({ where: { id: { startsWith: 'sign-in-email:client:' } }, select: { id: true } })).map((row) => row.id)
    expect(windows).toContain('sign-in-email:client:127.0.0.1')
    expect(windows).not.toContain('sign-in-email:client:unidentified')
  })

  it('a page on another site that auto-submits an attacker’s sign-in link leaves the visitor signed out and the link unused', async () => {
    const link = await attackersLinkOnPreview('csrf-attacker@evil.example')
    const evil = await attackersPage(`/api/auth/callback/email${link.search}`)
    try {
      const page = await stack().newPage()
      await page.goto(evil.url)
      await page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('error') === 'CrossSiteSignIn')
      await visible(page.getByRole('alert').getByText('Another website tried to complete a sign-in here, so it was stopped.'))
      expect((await page.context().cookies()).filter((cookie) => cookie.name.includes('session-token'))).toEqual([])
      expect(await stack().db.verificationToken.count({ where: { identifier: 'csrf-attacker@evil.example' } })).toBe(1)
    } finally {
      await evil.close()
    }
  })

  it('a signed-in visitor sent through it stays signed in as themselves; lured to the link’s page, they are asked first', async () => {
    const page = await stack().newPage()
    await signIn(page, stack(), 'csrf-victim@example.com', '/dashboard')
    const session = (await page.context().cookies()).find((cookie) => cookie.name === 'next-auth.session-token')?.value
    const link = await attackersLinkOnPreview('csrf-switch@evil.example')
    const evil = await attackersPage(`/api/auth/callback/email${link.search}`)
    try {
      await page.goto(evil.url)
      await page.waitForURL((url) => url.pathname === '/dashboard')
      expect((await page.context().cookies()).find((cookie) => cookie.name === 'next-auth.session-token')?.value).toBe(session)

      await page.goto(link.href)
      await visible(page.getByRole('heading', { name: 'Switch accounts?' }))
      await visible(page.getByText('You are signed in as csrf-victim@example.com. This link signs this browser in as csrf-switch@evil.example instead', { exact: false }))
      await page.getByRole('link', { name: 'Stay signed in as csrf-victim@example.com' }).click()
      await page.waitForURL((url) => url.pathname === '/dashboard')
      expect(await stack().db.session.count({ where: { sessionToken: session } })).toBe(1)
      expect(await stack().db.verificationToken.count({ where: { identifier: 'csrf-switch@evil.example' } })).toBe(1)
    } finally {
      await evil.close()
    }
  })

  it('a link opened in another browser still signs in, after saying whose account it opens', async () => {
    const link = await attackersLinkOnPreview('two-devices@example.com')
    const phone = await stack().newPage()
    await phone.goto(link.href)
    await visible(phone.getByRole('heading', { name: 'Sign in on this device?' }))
    await visible(phone.getByText('This link signs this browser in as two-devices@example.com. It was asked for in another browser or on another device', { exact: false }))
    await phone.getByRole('button', { name: 'Sign in here' }).click()
    await phone.waitForURL((url) => url.pathname === '/dashboard')
  })
})
