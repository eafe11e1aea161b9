// What `npm run dev` starts when there is no Stripe key and no Inngest dev server (sandbox/dev-services.ts), run
// against the app's real webhook route served over HTTP: the sandbox delivers signed events to it, the route hands
// them to the in-process runner through the real inngest SDK, and the real functions write the database.
import { createServer, type Server } from 'node:http'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf } from '../support/billing-fixture'
import { nextHeadersMock, signInAs } from '../support/request-context'

vi.mock('next/headers', () => nextHeadersMock())

const { SandboxPortInUseError, startDevServices } = await import('@/sandbox/dev-services')
type Services = Awaited<ReturnType<typeof startDevServices>>

/** The app's webhook route behind a plain HTTP server, imported on first use (after the services set the env). */
async function serveWebhookRoute(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const route = await import('@/app/api/webhooks/stripe/route')
      const headers = new Headers(Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : [])))
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined })
      const response = await (req.method === 'POST' ? route.POST(request) : route.GET())
      res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' }).end(await response.text())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) }
}

/** Until the sandbox has delivered everything and the runner has run everything, including what those runs caused. */
async function settled(services: Services): Promise<void> {
  let before = ''
  while (true) {
    await services.double?.idle()
    await services.runner?.idle()
    const now = `${services.double?.events.length}/${services.double?.deliveries.length}/${services.runner?.runs.length}`
    if (now === before) return
    before = now
  }
}

const stateFile = join(mkdtempSync(join(tmpdir(), 'tollgate-sandbox-')), 'stripe-sandbox.json')
const logged: string[] = []
let app: Awaited<ReturnType<typeof serveWebhookRoute>>
let services: Services
let subscriptionId = ''

beforeAll(async () => {
  app = await serveWebhookRoute()
  services = await startDevServices({
    appUrl: app.url,
    stripeSandbox: { port: 0, stateFile },
    inngestInProcess: true,
    log: (line) => logged.push(line),
    retryBackoffMs: () => 10,
    debounceScale: 0.01, // the customer sync's 3 s quiet period becomes 30 ms
  })
  await services.deliverWhenAppIsUp(10_000)
  await settled(services)
})
afterAll(async () => {
  await services?.close()
  await app?.close()
})

describe('the local billing sandbox npm run dev starts', () => {
  it('points the app at the sandbox with generated test keys and at the in-process runner', () => {
    expect(services.env.STRIPE_SECRET_KEY).toMatch(/^sk_test_sandbox[A-Za-z0-9]{24}$/)
    expect(services.env.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_sandbox_[A-Za-z0-9]+$/)
    expect(services.env.STRIPE_API_URL).toBe(services.double?.url)
    expect(services.env.INNGEST_DEV).toBe(services.runner?.url)
  })

  it('syncs the catalog and the portal configuration into it, and its events travel the webhook → Inngest path', async () => {
    const { db } = await import('@/lib/db')
    const { PLANS, metersOf } = await import('@/lib/billing/catalog')
    const double = services.double!
    // The plans' prices and their metered (usage) prices.
    const lookupKeys = PLANS.flatMap((plan) => [...plan.prices, ...metersOf(plan).flatMap((meter) => meter.prices)].map((price) => price.lookupKey))
    expect([...double.prices.values()].map((price) => price.lookup_key).sort()).toEqual([...lookupKeys].sort())
    expect(double.portalConfigurations.size).toBe(1)
    expect(double.deliveries.length).toBeGreaterThan(0)
    expect(double.deliveries.filter((d) => d.status !== 200)).toEqual([])
    expect(services.runner!.runs.filter((run) => !run.ok)).toEqual([])
    expect(services.runner!.runs.map((run) => run.event)).toContain('stripe/price.created')
    expect(await db.price.count({ where: { lookupKey: { in: lookupKeys } } })).toBe(lookupKeys.length)
  })

  it('a Checkout paid on the sandbox page provisions the plan in the database', async () => {
    const { db } = await import('@/lib/db')
    const { checkout } = await import('@/lib/billing/actions')
    const user = await signInAs(db, 'newcomer@example.com')
    const url = await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))
    expect(url.startsWith(`${services.double!.url}/checkout/`)).toBe(true)
    // What the browser does on the Checkout page's "Pay" button.
    const paid = await fetch(`${url}/pay?outcome=succeed`, { method: 'POST', redirect: 'manual' })
    expect(paid.status).toBe(303)
    await settled(services)

    const subscription = await db.subscription.findFirstOrThrow({ where: { organization: { personalOwnerId: user.id } } })
    expect(subscription).toMatchObject({ status: 'trialing', priceLookupKey: 'pro_monthly' })
    expect(services.double!.subscriptions.get(subscription.id)?.status).toBe('trialing')
    expect(services.runner!.runs.filter((run) => !run.ok)).toEqual([])
    subscriptionId = subscription.id
  })

  it('the sandbox controls page advances the customer’s test clock to the trial’s end, and the database follows', async () => {
    const { db } = await import('@/lib/db')
    // On the sandbox every customer the app creates is on a test clock of its own (decision 0053).
    expect(services.double!.subscriptions.get(subscriptionId)?.test_clock).toMatch(/^clock_/)
    const controls = await (await fetch(`${services.double!.url}/sandbox`)).text()
    expect(controls).toContain(`action="/sandbox/subscriptions/${subscriptionId}/advance-to-trial-end"`)
    expect(controls).not.toContain(`action="/sandbox/subscriptions/${subscriptionId}/end-trial"`)
    const ended = await fetch(`${services.double!.url}/sandbox/subscriptions/${subscriptionId}/advance-to-trial-end`, { method: 'POST', redirect: 'manual' })
    expect(ended.status).toBe(303)
    expect(ended.headers.get('location')).toMatch(/^\/sandbox\?done=/)
    await settled(services)
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).toMatchObject({ status: 'active', trialEnd: expect.any(Date) })
  })

  it('a function run that fails is retried until it succeeds', async () => {
    const { db } = await import('@/lib/db')
    const double = services.double!
    // Three 500s: the SDK's two retries are used up, so one run fails; the runner's retry then succeeds.
    double.failNext({ method: 'GET', path: /^\/v1\/subscriptions/ }, { status: 500, times: 3 })
    const before = services.runner!.runs.length
    const form = await fetch(`${double.url}/sandbox/subscriptions/${subscriptionId}/renewal-failed`, { method: 'POST', redirect: 'manual' })
    expect(form.status).toBe(303)
    await settled(services)
    const runs = services.runner!.runs.slice(before)
    expect(runs.filter((run) => !run.ok)).toEqual([])
    expect(runs.some((run) => run.attempts > 1)).toBe(true)
    expect(logged.some((line) => /failed on \S+ \(attempt 1 of \d+\), retrying/.test(line))).toBe(true)
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).toMatchObject({ status: 'past_due' })
  })

  it('a restart finds the same account: the subscription is still there and the catalog needs no change', async () => {
    const port = services.double!.port
    await services.close()
    logged.length = 0
    services = await startDevServices({
      appUrl: app.url,
      stripeSandbox: { port, stateFile },
      inngestInProcess: true,
      log: (line) => logged.push(line),
      retryBackoffMs: () => 10,
      debounceScale: 0.01,
    })
    await services.deliverWhenAppIsUp(10_000)
    await settled(services)
    expect(services.double!.restored).toBe(true)
    expect(services.double!.subscriptions.get(subscriptionId)?.status).toBe('past_due')
    expect(logged).toContain('stripe sandbox: catalog synced (already up to date)')
  })

  it('a sandbox port in use stops with a message naming STRIPE_SANDBOX_PORT', async () => {
    const taken = services.double!.port
    const attempt = startDevServices({ appUrl: app.url, stripeSandbox: { port: taken, stateFile: `${stateFile}.other` }, inngestInProcess: false })
    await expect(attempt).rejects.toBeInstanceOf(SandboxPortInUseError)
    await expect(attempt).rejects.toThrow(/port \d+ is already in use.*STRIPE_SANDBOX_PORT/)
  })
})

describe('the sandbox’s database', () => {
  it('is its own when npm run dev starts the sandbox, so npm start and a real key never show its data', async () => {
    const { sandboxDatabaseUrl, SANDBOX_DATABASE_URL } = await import('@/sandbox/dev-services')
    expect(SANDBOX_DATABASE_URL).toBe('file:./.data/sandbox.db')
    expect(sandboxDatabaseUrl({})).toBe(SANDBOX_DATABASE_URL)
    expect(sandboxDatabaseUrl({ STRIPE_SECRET_KEY: '' })).toBe(SANDBOX_DATABASE_URL)
    // A real key: no sandbox, the usual database. A database chosen in DATABASE_URL: used as chosen.
    expect(sandboxDatabaseUrl({ STRIPE_SECRET_KEY: 'sk_test_123' })).toBeUndefined()
    expect(sandboxDatabaseUrl({ DATABASE_URL: 'postgresql://tollgate@127.0.0.1/tollgate' })).toBeUndefined()
  })
})
