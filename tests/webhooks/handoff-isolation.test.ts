// The route under faults of its own: a hung Inngest, one bad event among many, events and batches over Inngest's
// size limits. Every delivery must get the answer handling it alone would give.
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { signStripePayload, stripeEvent } from '../support/stripe-signing'

const SECRET = 'whsec_test_isolation'
// The default budget: the SDK's own retries of a refused request (~1.6 s) and the one-by-one sends after it fit in it.
const BUDGET_MS = 4000
const MAX_BYTES = 16 * 1024
const inngest = await startInngestStandIn({ maxBodyBytes: MAX_BYTES })
Object.assign(process.env, {
  STRIPE_WEBHOOK_SECRET: SECRET,
  INNGEST_DEV: inngest.url,
  WEBHOOK_HANDOFF_TIMEOUT_MS: String(BUDGET_MS),
  INNGEST_MAX_PAYLOAD_BYTES: String(MAX_BYTES),
})

const route = await import('@/app/api/webhooks/stripe/route')
const { db } = await import('@/lib/db')

afterAll(() => inngest.close())
beforeEach(() => {
  inngest.failWith(null)
  inngest.refuseEvents(null)
})

let n = 0
const subscriptionEvent = (extra: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) =>
  stripeEvent('customer.subscription.updated', { id: `sub_iso_${++n}`, object: 'subscription', customer: `cus_iso_${n}`, ...extra }, overrides)

async function deliver(event: object): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const payload = JSON.stringify(event)
  const started = Date.now()
  const response = await route.POST(
    new Request('http://localhost:3000/api/webhooks/stripe', { method: 'POST', body: payload, headers: { 'stripe-signature': signStripePayload(payload, SECRET) } }),
  )
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, ms: Date.now() - started }
}

const statusOf = async (id: string) => (await db.stripeEvent.findUniqueOrThrow({ where: { id } })).status

describe('the hand-off keeps its own time', () => {
  it('a hung Inngest: that batch answers 500 within the budget, its row stays received, and the batch behind it gets 200 first', async () => {
    const hung = subscriptionEvent()
    const healthy = subscriptionEvent()
    inngest.hangNext(10_000)
    const first = deliver(hung)
    await new Promise((resolve) => setTimeout(resolve, 50)) // the hung batch is in flight
    const finished: string[] = []
    const [late, behind] = await Promise.all([
      first.then((r) => (finished.push('hung'), r)),
      deliver(healthy).then((r) => (finished.push('healthy'), r)),
    ])

    expect(late.status).toBe(500)
    expect(late.body).toMatchObject({ error: 'handoff_failed' })
    expect(late.ms).toBeGreaterThanOrEqual(BUDGET_MS - 50)
    expect(late.ms).toBeLessThan(BUDGET_MS + 1000)
    expect(await statusOf(hung.id)).toBe('received')

    expect(behind.status).toBe(200)
    expect(finished).toEqual(['healthy', 'hung'])
    expect(await statusOf(healthy.id)).toBe('queued')
  })
})

describe('copies of an event arriving while it is being handed off', () => {
  it('wait for that hand-off instead of sending the event again: every copy 200, one hand-off', async () => {
    const event = subscriptionEvent()
    inngest.hangNext(600) // a slow (not failed) hand-off, so the copies arrive while it is in flight
    const first = deliver(event)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const copies = await Promise.all(Array.from({ length: 8 }, () => deliver(event)))

    expect((await first).status).toBe(200)
    expect(copies.map((c) => c.status)).toEqual(Array(8).fill(200))
    expect(copies.every((c) => c.body.duplicate === true)).toBe(true)
    expect(inngest.received.filter((e) => e.id === event.id)).toHaveLength(1)
  })

  it('but send it themselves once that hand-off failed', async () => {
    const event = subscriptionEvent()
    inngest.failWith(503)
    expect((await deliver(event)).status).toBe(500)
    inngest.failWith(null)
    const copy = await deliver(event)
    expect(copy.status).toBe(200)
    expect(copy.ms).toBeLessThan(BUDGET_MS)
    expect(await statusOf(event.id)).toBe('queued')
  })
})

describe('one bad event fails alone', () => {
  it('a delivery with an impossible created among 40 concurrent valid ones: it alone gets 400 and a refused row; the others 200, one row each', async () => {
    const valid = Array.from({ length: 40 }, () => subscriptionEvent())
    const poison = subscriptionEvent({}, { created: 1e15 })
    const answers = await Promise.all([...valid.slice(0, 20), poison, ...valid.slice(20)].map(deliver))

    expect(answers[20]).toMatchObject({ status: 400, body: { error: 'invalid_payload' } })
    expect(answers.filter((a) => a.status === 200)).toHaveLength(40)
    expect(await db.stripeEvent.findMany({ where: { id: poison.id }, select: { status: true } })).toEqual([{ status: 'refused' }])
    expect(await db.stripeEvent.count({ where: { id: { in: valid.map((e) => e.id) } }, })).toBe(40)
    expect(await db.stripeEvent.count({ where: { id: { in: valid.map((e) => e.id) }, status: 'queued' } })).toBe(40)
  })

  it('an event Inngest refuses, among 30 concurrent deliveries: it alone answers 500 and stays received; its batch-mates are queued', async () => {
    const events = Array.from({ length: 30 }, () => subscriptionEvent())
    const refused = events[7]!
    inngest.refuseEvents((event) => event.id === refused.id)
    const answers = await Promise.all(events.map(deliver))

    expect(answers[7]).toMatchObject({ status: 500, body: { error: 'handoff_failed' } })
    expect(answers.filter((a, i) => i !== 7 && a.status === 200)).toHaveLength(29)
    expect(await statusOf(refused.id)).toBe('received')
    const mates = events.filter((e) => e !== refused).map((e) => e.id)
    expect(await db.stripeEvent.count({ where: { id: { in: mates }, status: 'queued' } })).toBe(29)
    expect(inngest.accepted.filter((e) => mates.includes(e.id!))).toHaveLength(29)
  })
})

describe("Inngest's size limits", () => {
  it('concurrent deliveries are split into requests under the body limit, and all are handed off', async () => {
    // ~1.5 KB each: 40 of them are far over one 16 KiB request.
    const events = Array.from({ length: 40 }, () => subscriptionEvent({ metadata: { note: 'x'.repeat(1500) } }))
    const before = inngest.requests.length
    const answers = await Promise.all(events.map(deliver))

    expect(answers.every((a) => a.status === 200)).toBe(true)
    const made = inngest.requests.slice(before)
    expect(made.length).toBeGreaterThan(1)
    expect(made.every((r) => r.status === 200 && r.bytes <= MAX_BYTES)).toBe(true)
    expect(inngest.accepted.filter((e) => events.some((event) => event.id === e.id))).toHaveLength(40)
  })

  it('an event over the per-event limit is handed off by reference to its ledger row, with its customer for routing', async () => {
    const big = subscriptionEvent({ metadata: Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`k${i}`, 'y'.repeat(450)])) })
    expect(JSON.stringify(big).length).toBeGreaterThan(MAX_BYTES)
    const answer = await deliver(big)

    expect(answer.status).toBe(200)
    const sent = inngest.accepted.find((e) => e.id === big.id)!
    expect(sent.name).toBe('stripe/customer.subscription.updated')
    expect(sent.data).toEqual({
      id: big.id,
      object: 'event',
      type: 'customer.subscription.updated',
      created: big.created,
      livemode: false,
      tollgate_ledger_ref: true,
      data: { object: { id: big.data.object.id, object: 'subscription', customer: big.data.object.customer } },
    })
    expect(await statusOf(big.id)).toBe('queued')
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: big.id } })).payload).toBe(JSON.stringify(big))
  })
})
