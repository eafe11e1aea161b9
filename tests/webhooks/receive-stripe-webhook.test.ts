import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { signStripePayload, signWithSecrets, stripeEvent } from '../support/stripe-signing'

const SECRET = 'whsec_test_current'
const inngest = await startInngestStandIn()
process.env.STRIPE_WEBHOOK_SECRET = SECRET
process.env.INNGEST_DEV = inngest.url

const route = await import('@/app/api/webhooks/stripe/route')
const { db } = await import('@/lib/db')

afterAll(() => inngest.close())
beforeEach(() => inngest.failWith(null))

const subscriptionEvent = () => stripeEvent('customer.subscription.updated', { id: 'sub_123', object: 'subscription', customer: 'cus_123' })

function deliver(payload: string, headers: Record<string, string> = { 'stripe-signature': signStripePayload(payload, SECRET) }) {
  return route.POST(new Request('http://localhost:3000/api/webhooks/stripe', { method: 'POST', body: payload, headers }))
}

async function expectError(response: Response, status: number, error: string) {
  expect(response.status).toBe(status)
  expect(await response.json()).toMatchObject({ error })
}

describe('POST /api/webhooks/stripe refuses', () => {
  it('a body over 1 MiB by its Content-Length with 413, before anything else', async () => {
    const response = await deliver('{}', { 'content-length': String(1024 * 1024 + 1) })
    await expectError(response, 413, 'payload_too_large')
  })

  it('a streamed body that grows past 1 MiB with 413', async () => {
    const chunk = new Uint8Array(256 * 1024)
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(chunk)
        controller.close()
      },
    })
    const request = new Request('http://localhost:3000/api/webhooks/stripe', { method: 'POST', body, duplex: 'half' } as RequestInit)
    await expectError(await route.POST(request), 413, 'payload_too_large')
  })

  it('a missing signature with 400 missing_signature', async () => {
    await expectError(await deliver(JSON.stringify(subscriptionEvent()), {}), 400, 'missing_signature')
  })

  it('a signature made with another secret with 400 invalid_signature', async () => {
    const payload = JSON.stringify(subscriptionEvent())
    await expectError(await deliver(payload, { 'stripe-signature': signStripePayload(payload, 'whsec_wrong') }), 400, 'invalid_signature')
  })

  it('a malformed signature header with 400 invalid_signature', async () => {
    await expectError(await deliver(JSON.stringify(subscriptionEvent()), { 'stripe-signature': 't=notanumber,v1=abc' }), 400, 'invalid_signature')
  })

  it('a body changed after signing with 400 invalid_signature', async () => {
    const payload = JSON.stringify(subscriptionEvent())
    const header = signStripePayload(payload, SECRET)
    await expectError(await deliver(payload.replace('sub_123', 'sub_999'), { 'stripe-signature': header }), 400, 'invalid_signature')
  })

  it('a signature older than 300 seconds with 400 timestamp_out_of_tolerance', async () => {
    const payload = JSON.stringify(subscriptionEvent())
    const stale = signStripePayload(payload, SECRET, Math.floor(Date.now() / 1000) - 301)
    await expectError(await deliver(payload, { 'stripe-signature': stale }), 400, 'timestamp_out_of_tolerance')
  })

  it('a signature dated more than 300 seconds ahead of the server’s clock with 400 timestamp_out_of_tolerance; 299 seconds ahead passes', async () => {
    const now = Math.floor(Date.now() / 1000)
    const hourAhead = subscriptionEvent()
    await expectError(await deliver(JSON.stringify(hourAhead), { 'stripe-signature': signStripePayload(JSON.stringify(hourAhead), SECRET, now + 3600) }), 400, 'timestamp_out_of_tolerance')
    const justAhead = subscriptionEvent()
    await expectError(await deliver(JSON.stringify(justAhead), { 'stripe-signature': signStripePayload(JSON.stringify(justAhead), SECRET, now + 301 + 5) }), 400, 'timestamp_out_of_tolerance')
    expect(await db.stripeEvent.count({ where: { id: { in: [hourAhead.id, justAhead.id] } } })).toBe(0)
    const withinTolerance = subscriptionEvent()
    expect((await deliver(JSON.stringify(withinTolerance), { 'stripe-signature': signStripePayload(JSON.stringify(withinTolerance), SECRET, now + 290) })).status).toBe(200)
  })

  it('a header carrying a second t= ahead of the clock is judged by the one stripe-node reads (the last)', async () => {
    const event = subscriptionEvent()
    const payload = JSON.stringify(event)
    const ahead = Math.floor(Date.now() / 1000) + 3600
    const signed = signStripePayload(payload, SECRET, ahead)
    await expectError(await deliver(payload, { 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},${signed}` }), 400, 'timestamp_out_of_tolerance')
  })

  it('a signed body that is not JSON, or not a Stripe event, with 400 invalid_payload', async () => {
    await expectError(await deliver('not json at all'), 400, 'invalid_payload')
    await expectError(await deliver(JSON.stringify({ hello: 'world' })), 400, 'invalid_payload')
    await expectError(await deliver(JSON.stringify({ ...subscriptionEvent(), id: 'not-an-event-id' })), 400, 'invalid_payload')
  })

  it('other methods with 405 and Allow: POST', async () => {
    for (const method of [route.GET, route.PUT, route.PATCH, route.DELETE]) {
      const response = method()
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('POST')
    }
  })

  it('and records nothing for a request whose signature did not verify', async () => {
    expect(await db.stripeEvent.count({ where: { objectId: 'sub_999' } })).toBe(0)
  })
})

describe('a signed event the ledger cannot hold', () => {
  const withoutLivemode: Record<string, unknown> = subscriptionEvent()
  delete withoutLivemode.livemode
  const malformed: [string, unknown][] = [
    ['without livemode', withoutLivemode],
    ['with livemode as text', { ...subscriptionEvent(), livemode: 'false' }],
    ['without type', { ...subscriptionEvent(), type: undefined }],
    ['with a type holding a NUL', { ...subscriptionEvent(), type: 'customer.subscription.updated\u0000' }],
    ['without data.object', { ...subscriptionEvent(), data: {} }],
    ['with data.object an array', { ...subscriptionEvent(), data: { object: [] } }],
    ['with a numeric object id', stripeEvent('customer.subscription.updated', { id: 42, object: 'subscription', customer: 'cus_123' })],
    ['with a customer id holding a NUL', stripeEvent('customer.subscription.updated', { id: 'sub_1', object: 'subscription', customer: 'cus_\u0000' })],
    ['with a numeric api_version', { ...subscriptionEvent(), api_version: 20261028 }],
    ['without created', { ...subscriptionEvent(), created: undefined }],
    ['with a fractional created', { ...subscriptionEvent(), created: 1.5 }],
  ]
  for (const [what, event] of malformed) {
    it(`${what}: 400 invalid_payload, never a 5xx, and one refused row in the ledger saying why, however often Stripe retries`, async () => {
      const payload = JSON.stringify(event)
      for (let delivery = 0; delivery < 3; delivery++) {
        const response = await deliver(payload)
        expect(response.status).toBe(400)
        expect(await response.json()).toMatchObject({ error: 'invalid_payload', message: expect.stringContaining('not a Stripe event the ledger can record') })
      }
      const rows = await db.stripeEvent.findMany({ where: { payload } })
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ status: 'refused', lastError: expect.stringContaining('not a Stripe event the ledger can record') })
      expect(inngest.received.some((e) => e.id === rows[0]!.id)).toBe(false)
    })
  }

  it('without an id (or a body that is not JSON): kept under a hash of the body', async () => {
    for (const payload of [JSON.stringify({ ...subscriptionEvent(), id: undefined }), 'signed, but not json', '[1,2,3]', 'null']) {
      const response = await deliver(payload)
      expect(response.status).toBe(400)
      expect(await db.stripeEvent.findMany({ where: { payload }, select: { id: true, status: true } })).toEqual([{ id: expect.stringMatching(/^refused_[0-9a-f]{32}$/), status: 'refused' }])
    }
  })

  it('is skipped by a replay: there is no event to run', async () => {
    const event = { ...subscriptionEvent(), livemode: undefined }
    await deliver(JSON.stringify(event))
    const { replayEvents } = await import('@/lib/webhooks/replay')
    expect(await replayEvents({ ids: [event.id] })).toMatchObject({ skipped: [{ id: event.id }], replayed: [] })
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('refused')
  })

  it('a body with a NUL byte, signed: refused and recorded, never a 5xx', async () => {
    const payload = 'not json \u0000 at all'
    expect((await deliver(payload)).status).toBe(400)
    expect(await db.stripeEvent.count({ where: { payload: 'not json \ufffd at all', status: 'refused' } })).toBe(1)
  })
})

describe('POST /api/webhooks/stripe accepts', () => {
  it('a verified event: records it, hands it to Inngest as stripe/<type> with the event id, and answers 200', async () => {
    const event = subscriptionEvent()
    const response = await deliver(JSON.stringify(event))
    expect(response.status).toBe(200)
    expect(await db.stripeEvent.findUnique({ where: { id: event.id } })).toMatchObject({
      type: 'customer.subscription.updated',
      objectId: 'sub_123',
      customerId: 'cus_123',
      livemode: false,
      apiVersion: '2026-10-28.endive',
      versionMismatch: false,
      status: 'queued',
      attempts: 0,
      payload: JSON.stringify(event),
      stripeCreatedAt: new Date(event.created * 1000),
    })
    const row = await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })
    expect(Math.abs(row.receivedAt.getTime() - Date.now())).toBeLessThan(60_000)
    expect(inngest.received.filter((e) => e.id === event.id)).toEqual([expect.objectContaining({ id: event.id, name: 'stripe/customer.subscription.updated', data: event })])
  })

  it('an event rendered in another API version than the pinned one: processed as usual, flagged in the ledger', async () => {
    const older = stripeEvent('customer.subscription.updated', { id: 'sub_123', object: 'subscription', customer: 'cus_123' }, { api_version: '2025-03-31.basil' })
    const unversioned = stripeEvent('customer.subscription.updated', { id: 'sub_123', object: 'subscription', customer: 'cus_123' }, { api_version: null })
    expect((await deliver(JSON.stringify(older))).status).toBe(200)
    expect((await deliver(JSON.stringify(unversioned))).status).toBe(200)
    expect(await db.stripeEvent.findUnique({ where: { id: older.id } })).toMatchObject({ apiVersion: '2025-03-31.basil', versionMismatch: true, status: 'queued' })
    expect(await db.stripeEvent.findUnique({ where: { id: unversioned.id } })).toMatchObject({ apiVersion: null, versionMismatch: false })
  })

  it('any matching v1 signature, so a secret can be rolled', async () => {
    const payload = JSON.stringify(subscriptionEvent())
    const response = await deliver(payload, { 'stripe-signature': signWithSecrets(payload, ['whsec_test_previous', SECRET]) })
    expect(response.status).toBe(200)
  })

  it('an event type no handler wants: 200, recorded as ignored, not sent', async () => {
    const event = stripeEvent('charge.succeeded', { id: 'ch_1', object: 'charge', customer: 'cus_123' })
    const response = await deliver(JSON.stringify(event))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ ignored: true })
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('ignored')
    expect(inngest.received.some((e) => e.id === event.id)).toBe(false)
  })

  it('a redelivery of an event already handed off: 200, and nothing sent again', async () => {
    const event = subscriptionEvent()
    await deliver(JSON.stringify(event))
    const response = await deliver(JSON.stringify(event))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ duplicate: true })
    expect(inngest.received.filter((e) => e.id === event.id)).toHaveLength(1)
  })
})

describe('when Inngest is down', () => {
  it('answers 500 so Stripe retries, keeps the row, and sends it on the redelivery after recovery', async () => {
    const event = subscriptionEvent()
    inngest.failWith(503)
    const during = await deliver(JSON.stringify(event))
    await expectError(during, 500, 'handoff_failed')
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('received')

    inngest.failWith(null)
    const after = await deliver(JSON.stringify(event))
    expect(after.status).toBe(200)
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('queued')
    expect(inngest.accepted.filter((e) => e.id === event.id)).toHaveLength(1)
  })
})

describe('concurrent deliveries of one event', () => {
  it('leave one row, and every delivery gets 2xx', async () => {
    const event = subscriptionEvent()
    const payload = JSON.stringify(event)
    const responses = await Promise.all(Array.from({ length: 10 }, () => deliver(payload)))
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200))
    expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(1)
    expect(inngest.accepted.filter((e) => e.id === event.id)).toHaveLength(1)
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('queued')
  })
})
