// Where `npm start` and `npm run dev` listen, and what their dev-mode endpoints answer to the network: a local
// preview and the dev server are on 127.0.0.1 unless told otherwise (--hostname, LISTEN_HOST), a deployment on every
// interface; told otherwise, /api/inngest (unsigned in dev mode) still runs nothing for another host, and the dev
// server's sign-in limits and email callback hold as the production build's do (security-attacks.e2e.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { startSmtpCapture } from '../support/smtp-capture'
import { accepts, httpClient, networkAddress } from './support/http-client'
import { signInLinkIn, waitForEmail } from './support/mail'
import { freePort, startAppServer, type AppServer } from './support/server'

const otherHost = networkAddress()
let database: TestDatabase
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>
let inngest: Awaited<ReturnType<typeof startInngestStandIn>>

beforeAll(async () => {
  ;[database, smtp, inngest] = await Promise.all([createTestDatabase(), startSmtpCapture(), startInngestStandIn()])
})
afterAll(async () => {
  await Promise.all([smtp?.close(), inngest?.close()])
  await database?.drop()
})

/** `npm <script> -- <args>` with nothing from the test's shell but PATH and HOME, and `env` on top. */
async function npm(script: 'start' | 'run dev', port: number, args: string[], env: Record<string, string>): Promise<AppServer> {
  return startAppServer({
    name: `listening-${script}-${port}`,
    port,
    command: ['npm', ...script.split(' '), '--', ...args],
    readyWhen: script === 'start' ? 'serves-a-page' : 'accepts-connections',
    env: {
      // What `next start` and `next dev` set for themselves; given here because the environment is the whole of it.
      NODE_ENV: script === 'start' ? 'production' : 'development',
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: 'listening-secret-that-is-long-enough-0123456789',
      APP_URL: `http://localhost:${port}`,
      ...env,
    },
  })
}

/** A POST as Inngest's executor sends one, unsigned, to run `fnId` (the hourly clean-up by default). */
const unsignedRun = (host: string, port: number, fnId = 'tollgate-delete-expired-rows') =>
  httpClient({ host, port }).send('POST', `/api/inngest?fnId=${fnId}&stepId=step`, {
    json: {
      event: { name: 'inngest/scheduled.timer', data: {} },
      events: [{ name: 'inngest/scheduled.timer', data: {} }],
      steps: {},
      ctx: { run_id: 'r1', attempt: 0, stack: { stack: [], current: 0 }, disable_immediate_execution: false, use_api: false },
      version: 1,
    },
  })

describe('npm start', () => {
  it('without deployment settings listens on 127.0.0.1 only', async () => {
    const port = await freePort()
    const server = await npm('start', port, ['-p', String(port)], {})
    try {
      expect(await accepts('127.0.0.1', port)).toBe(true)
      if (otherHost) expect(await accepts(otherHost, port)).toBe(false)
    } finally {
      await server.stop()
    }
  })

  it.skipIf(!otherHost)('told otherwise (LISTEN_HOST=0.0.0.0): reachable, but an unsigned Inngest call from another host runs nothing, and no error shows a stack', async () => {
    const port = await freePort()
    const server = await npm('start', port, ['-p', String(port)], { LISTEN_HOST: '0.0.0.0' })
    try {
      expect(await accepts(otherHost!, port)).toBe(true)
      const fromNetwork = await unsignedRun(otherHost!, port)
      expect(fromNetwork.status).toBe(403)
      expect(fromNetwork.body).not.toContain('StepRun')
      const wrongTrigger = await unsignedRun('127.0.0.1', port, 'tollgate-no-such-function')
      expect(wrongTrigger.status).toBeGreaterThanOrEqual(400)
      expect(wrongTrigger.body).toContain('was not found in this app')
      expect(wrongTrigger.body).not.toMatch(/"stack"|node_modules|\.js:\d+/)
    } finally {
      await server.stop()
    }
  })

  it.skipIf(!otherHost)('with deployment settings listens on every interface, as a proxy or platform needs', async () => {
    const port = await freePort()
    const server = await npm('start', port, ['-p', String(port)], {
      APP_URL: 'https://tollgate.example',
      EMAIL_SERVER: smtp.url,
      EMAIL_FROM: 'Tollgate <billing@tollgate.example>',
      STRIPE_SECRET_KEY: 'sk_test_listeninge2e',
      STRIPE_WEBHOOK_SECRET: 'whsec_listeninge2e',
      INNGEST_EVENT_KEY: 'e2e-event-key',
      INNGEST_SIGNING_KEY: 'signkey-test-0123456789abcdef',
      TRUSTED_PROXY_HOPS: '1',
    })
    try {
      expect(await accepts(otherHost!, port)).toBe(true)
    } finally {
      await server.stop()
    }
  })
})

describe('npm run dev', () => {
  const devEnv = () => ({ STRIPE_SECRET_KEY: 'sk_test_deve2e', INNGEST_DEV: inngest.url, EMAIL_SERVER: smtp.url, EMAIL_FROM: 'Tollgate <billing@example.com>' })

  it('listens on 127.0.0.1 only', async () => {
    const port = await freePort()
    const server = await npm('run dev', port, [], { ...devEnv(), PORT: String(port) })
    try {
      expect(await accepts('127.0.0.1', port)).toBe(true)
      if (otherHost) expect(await accepts(otherHost, port)).toBe(false)
    } finally {
      await server.stop()
    }
  })

  it.skipIf(!otherHost)('told otherwise (--hostname 0.0.0.0): Inngest runs nothing for another host; sign-in limits and the email callback hold', async () => {
    const port = await freePort()
    const server = await npm('run dev', port, ['--hostname', '0.0.0.0'], { ...devEnv(), PORT: String(port) })
    try {
      expect(await accepts(otherHost!, port)).toBe(true)
      expect((await unsignedRun(otherHost!, port)).status).toBe(403)

      // 40 sign-in requests with rotating forged X-Forwarded-For from one client: 20 emails.
      const attacker = httpClient({ host: '127.0.0.1', port }, { from: '127.0.0.1' })
      for (let i = 0; i < 40; i++) {
        const { csrfToken } = JSON.parse((await attacker.send('GET', '/api/auth/csrf')).body) as { csrfToken: string }
        await attacker.send('POST', '/api/auth/signin/email', { form: { email: `dev-rotate${i}@example.com`, csrfToken, callbackUrl: '/dashboard' }, headers: { 'x-forwarded-for': `203.0.113.${i}` } })
      }
      expect(smtp.messages.filter((m) => m.to.some((to) => /^dev-rotate\d+@example\.com$/.test(to)))).toHaveLength(20)
      // Another client (another address of this machine) has a budget of its own.
      const bystander = httpClient({ host: '127.0.0.1', port }, { from: '127.0.0.2' })
      const { csrfToken } = JSON.parse((await bystander.send('GET', '/api/auth/csrf')).body) as { csrfToken: string }
      await bystander.send('POST', '/api/auth/signin/email', { form: { email: 'dev-bystander@example.com', csrfToken, callbackUrl: '/dashboard' } })
      await waitForEmail(smtp, 'dev-bystander@example.com', /^Sign in to /)

      // The 20th link, posted from another site: refused, the token left for its owner.
      const link = new URL(signInLinkIn(await waitForEmail(smtp, 'dev-rotate19@example.com', /^Sign in to /), `http://localhost:${port}`))
      const crossSite = await httpClient({ host: '127.0.0.1', port }).send('POST', `/api/auth/callback/email${link.search}`, { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, form: {} })
      expect({ status: crossSite.status, location: crossSite.location }).toEqual({ status: 303, location: '/sign-in?error=CrossSiteSignIn' })
    } finally {
      await server.stop()
    }
  })
})
