import { createHmac } from 'node:crypto'
import { Inngest } from 'inngest'
import { serve } from 'inngest/next'
import { NextRequest } from 'next/server'
import { afterAll, describe, expect, it } from 'vitest'
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
