import { createHmac } from 'node:crypto'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'
import { Inngest } from 'inngest'
import { serve } from 'inngest/next'
import { NextRequest } from 'next/server'
import { afterAll, describe, expect, it } from 'vitest'
import { recordPeerAddresses } from '@/lib/security/peer-address'
import { startInngestStandIn } from '../support/inngest-stand-in'

const inngestApi = await startInngestStandIn()
const SIGNING_KEY = 'signkey-test-0123456789abcdef0123456789abcdef'
Object.assign(process.env, {
  APP_URL: 'https://billing.example.com',
  INNGEST_DEV: '0', // cloud mode, as in a deployment
  INNGEST_BASE_URL: inngestApi.url,
  INNGEST_EVENT_KEY: 'test-event-key',
  INNGEST_SIGNING_KEY: SIGNING_KEY,
})
const { PUT, GET } = await import('@/app/api/inngest/route')
const { inngestOptions, inngestServeOptions } = await import('@/inngest/client')
const { functions } = await import('@/inngest/functions')
const { parseEnv } = await import('@/lib/env')
const { guardInngestServe } = await import('@/lib/security/guard-inngest-serve')
const { db } = await import('@/lib/db')
recordPeerAddresses()

afterAll(() => inngestApi.close())

/** X-Inngest-Signature as Inngest Cloud computes it: HMAC-SHA256 of the body and the timestamp, keyed by the bare key. */
function inngestSignature(body: string, key = SIGNING_KEY) {
  const ts = Math.floor(Date.now() / 1000).toString()
  const hmac = createHmac('sha256', key.replace(/^signkey-\w+-/, '')).update(body).update(ts).digest('hex')
  return `t=${ts}&s=${hmac}`
}

function syncRequest(init: { host: string; body?: string; headers?: Record<string, string> }) {
  return new NextRequest(`http://${init.host}/api/inngest`, {
    method: 'PUT',
    body: init.body,
    headers: { host: init.host, 'content-type': 'application/json', ...init.headers },
  })
}

describe('/api/inngest sync', () => {
  it('an unsigned PUT with a foreign Host gets 401 and registers nothing with Inngest', async () => {
    const response = await PUT(syncRequest({ host: 'attacker.example', headers: { 'x-forwarded-host': 'attacker.example' } }), undefined)
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ message: 'Unauthorized' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(inngestApi.registrations).toEqual([])
  })

  it('a PUT signed with another key gets 401 and registers nothing', async () => {
    const response = await PUT(
      syncRequest({ host: 'attacker.example', headers: { 'x-inngest-signature': inngestSignature('', 'signkey-test-ffff0000') } }),
      undefined,
    )
    expect(response.status).toBe(401)
    expect(inngestApi.registrations).toEqual([])
  })

  it('an unsigned GET reveals nothing about the functions', async () => {
    const response = await GET(new NextRequest('http://attacker.example/api/inngest'), undefined)
    expect(response.status).toBe(401)
  })

  it('a signed out-of-band sync registers APP_URL, whatever the Host says', async () => {
    const response = await PUT(syncRequest({ host: 'attacker.example', headers: { 'x-inngest-signature': inngestSignature('') } }), undefined)
    expect(response.status).toBe(200)
    expect(inngestApi.registrations).toHaveLength(1)
    const [registration] = inngestApi.registrations
    expect(registration!.url).toBe('https://billing.example.com/api/inngest')
    expect(registration!.authorization).toMatch(/^Bearer signkey-test-[0-9a-f]{64}$/)
    expect(registration!.functionIds.length).toBeGreaterThan(0)
  })

  it('a signed in-band sync answers with APP_URL, not the URL in its body', async () => {
    const body = JSON.stringify({ url: 'http://attacker.example/api/inngest' })
    const response = await PUT(
      syncRequest({ host: 'attacker.example', body, headers: { 'x-inngest-signature': inngestSignature(body), 'x-inngest-sync-kind': 'in_band' } }),
      undefined,
    )
    expect(response.status).toBe(200)
    expect(((await response.json()) as { url: string }).url).toBe('https://billing.example.com/api/inngest')
  })
})

describe('/api/inngest in dev mode', () => {
  it('an unsigned PUT syncs with the dev server at the local APP_URL, as `npm run dev` needs', async () => {
    const devServer = await startInngestStandIn()
    try {
      const { inngestOptions, inngestServeOptions } = await import('@/inngest/client')
      const { functions } = await import('@/inngest/functions')
      const { parseEnv } = await import('@/lib/env')
      const local = parseEnv({ INNGEST_DEV: devServer.url })
      const handler = serve({ client: new Inngest(inngestOptions(local)), functions, ...inngestServeOptions(local) })

      const response = await handler.PUT(syncRequest({ host: 'localhost:3000' }), undefined)
      expect(response.status).toBe(200)
      expect(devServer.registrations.map((r) => r.url)).toEqual(['http://localhost:3000/api/inngest'])
    } finally {
      await devServer.close()
    }
  })
})

describe('/api/inngest without a signing key (dev mode: `npm run dev` and the local preview)', () => {
  // The route as it runs there, behind a real HTTP server, as `next start` serves it: the request Next builds from
  // the socket's request, and the socket's address recorded by the server (lib/security/peer-address.ts).

  async function serveRoute(nodeEnv: 'production' | 'development') {
    const devServer = await startInngestStandIn()
    const config = parseEnv({ NODE_ENV: nodeEnv, APP_URL: 'http://localhost:3000', INNGEST_DEV: devServer.url })
    const route = guardInngestServe(serve({ client: new Inngest(inngestOptions(config)), functions, ...inngestServeOptions(config) }), { unsigned: inngestOptions(config).isDev, config })
    const server = createServer(async (incoming, outgoing) => {
      const chunks: Buffer[] = []
      for await (const chunk of incoming) chunks.push(chunk as Buffer)
      const headers = new Headers()
      for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value)
      const method = incoming.method === 'PUT' ? 'PUT' : incoming.method === 'POST' ? 'POST' : 'GET'
      const request = new NextRequest(`http://${incoming.headers.host}${incoming.url}`, { method, headers, body: method === 'GET' ? undefined : Buffer.concat(chunks) })
      const response = await route[method](request, undefined)
      outgoing.writeHead(response.status, Object.fromEntries(response.headers))
      outgoing.end(await response.text())
    })
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve))
    const port = (server.address() as AddressInfo).port
    return {
      port,
      close: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await devServer.close()
      },
    }
  }

  /** A POST as Inngest's executor sends one, to run `fnId`, from `host` (an address of this machine). */
  async function runCall(port: number, { host = '127.0.0.1', fnId = 'tollgate-delete-expired-rows', headers = {} }: { host?: string; fnId?: string; headers?: Record<string, string> } = {}) {
    const body = JSON.stringify({ event: { name: 'inngest/scheduled.timer', data: {} }, events: [{ name: 'inngest/scheduled.timer', data: {} }], steps: {}, ctx: { run_id: 'r1', attempt: 0, stack: { stack: [], current: 0 }, disable_immediate_execution: false, use_api: false }, version: 1 })
    // node:http rather than fetch, which will not send a Host of the caller's choosing.
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const sent = httpRequest({ host, port, method: 'POST', path: `/api/inngest?fnId=${fnId}&stepId=step`, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
        let text = ''
        response.on('data', (chunk: Buffer) => (text += chunk.toString()))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }))
      })
      sent.on('error', reject)
      sent.end(body)
    })
  }

  const expiredToken = () => db.verificationToken.create({ data: { identifier: 'expired@example.com', token: `expired-${Math.random()}`, expires: new Date(Date.now() - 60_000) } })
  const stillThere = (token: string) => db.verificationToken.count({ where: { token } })
  const networkAddress = Object.values(networkInterfaces()).flat().find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address

  it.skipIf(!networkAddress)('an unsigned call from another host runs nothing: 403, and the function’s work is not done', async () => {
    const route = await serveRoute('production')
    try {
      const { token } = await expiredToken()
      const answer = await runCall(route.port, { host: networkAddress! })
      expect(answer.status).toBe(403)
      expect(JSON.parse(answer.text)).toEqual({ error: 'forbidden', message: 'Without INNGEST_SIGNING_KEY this endpoint serves only the Inngest dev server on this machine.' })
      expect(await stillThere(token)).toBe(1)
      // A forged peer header from that host changes nothing: the server writes it.
      expect((await runCall(route.port, { host: networkAddress!, headers: { 'x-tollgate-peer-address': '127.0.0.1' } })).status).toBe(403)
      expect(await stillThere(token)).toBe(1)
    } finally {
      await route.close()
    }
  })

  it('a web page cannot use the browser on this machine to call it (cross-site, or a rebound DNS name in Host)', async () => {
    const route = await serveRoute('production')
    try {
      const { token } = await expiredToken()
      const pages: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, { origin: 'https://evil.example' }, { 'sec-fetch-site': 'same-site' }, { host: `rebound.evil.example:${route.port}` }]
      for (const headers of pages) {
        expect((await runCall(route.port, { headers })).status, JSON.stringify(headers)).toBe(403)
      }
      expect(await stillThere(token)).toBe(1)
    } finally {
      await route.close()
    }
  })

  it('the Inngest dev server on this machine still runs functions through it', async () => {
    const route = await serveRoute('production')
    try {
      const { token } = await expiredToken()
      const answer = await runCall(route.port)
      expect(answer.status).toBe(206)
      expect(JSON.parse(answer.text)).toMatchObject([{ op: 'StepRun', name: 'delete-expired-rows' }])
      expect(await stillThere(token)).toBe(0)
    } finally {
      await route.close()
    }
  })

  it('outside development an error answers without a stack trace; in development the developer still sees it', async () => {
    for (const nodeEnv of ['production', 'development'] as const) {
      const route = await serveRoute(nodeEnv)
      try {
        const wrongTrigger = await runCall(route.port, { fnId: 'tollgate-no-such-function' })
        expect(wrongTrigger.status).toBeGreaterThanOrEqual(400)
        const body = JSON.parse(wrongTrigger.text) as Record<string, unknown>
        expect(body.message).toBe('Function "tollgate-no-such-function" was not found in this app; is the app synced correctly?')
        if (nodeEnv === 'production') expect(wrongTrigger.text).not.toMatch(/"stack"|\/work\/|node_modules|\.js:\d+/)
        else expect(body.stack).toMatch(/^Error: Function/)
      } finally {
        await route.close()
      }
    }
  })
})
