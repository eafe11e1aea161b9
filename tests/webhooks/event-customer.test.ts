// Every event type the handler map handles finds its customer (and so its organization) as declared beside the map:
// built from the objects the Stripe sandbox made for a real subscriber, and delivered through the real route.
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { nextHeadersMock } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'
import { runInngestEvents } from '../support/inngest-stand-in'

vi.mock('next/headers', () => nextHeadersMock())

const fixture = await startSubscriberFixture()
const { double, db, stripe, inngest } = fixture
const { customerSourceOf, handledStripeEventTypes } = await import('@/inngest/stripe/event-handlers')
const { createStripeFunctions, withCustomerEventName } = await import('@/inngest/stripe/create-stripe-function')
const { customerOf, resolveEventCustomer } = await import('@/lib/webhooks/event-customer')
const { stripeInngestEventName } = await import('@/lib/inngest/events')
const { organizationTimeline } = await import('@/lib/operators/organization-timeline')

let subscriber: Awaited<ReturnType<typeof fixture.subscriber>>
beforeAll(async () => {
  await fixture.start()
  subscriber = await fixture.subscriber('resolver@example.com')
  await stripe.subscriptionSchedules.create({ from_subscription: subscriber.subscriptionId })
  await fixture.settle()
})
afterAll(() => fixture.close())

/** The sandbox's object for each kind of event the map handles (the type without its last part). */
function objectFor(type: string): { object: object; customer: string | null } {
  const kind = type.split('.').slice(0, -1).join('.')
  const ofSubscriber = <T extends { customer?: unknown }>(objects: Map<string, T>) => [...objects.values()].find((o) => String(o.customer) === subscriber.customerId)
  const objects: Record<string, () => object | undefined> = {
    'checkout.session': () => ofSubscriber(double.checkoutSessions),
    customer: () => double.customers.get(subscriber.customerId),
    'customer.subscription': () => double.subscriptions.get(subscriber.subscriptionId),
    subscription_schedule: () => ofSubscriber(double.subscriptionSchedules),
    invoice: () => ofSubscriber(double.invoices),
    product: () => [...double.products.values()][0],
    price: () => [...double.prices.values()][0],
    // The sandbox keeps the triggered object only inside its event: one shaped as Stripe's, for the subscriber.
    'billing.alert': () => ({ object: 'billing.alert_triggered', alert: { id: 'alrt_resolver', object: 'billing.alert' }, created: 0, customer: subscriber.customerId, livemode: false, value: 40_000 }),
  }
  const object = objects[kind]?.()
  // A new kind of event in the map: add its object here (from the sandbox, or a fixture: docs/recipes/).
  if (!object) throw new Error(`no sandbox object for ${type}: add one to objectFor`)
  return { object, customer: kind === 'product' || kind === 'price' ? null : subscriber.customerId }
}

const eventOf = (type: string, object: object) => ({ id: `evt_${type}`, object: 'event', type, data: { object } }) as unknown as Stripe.Event

describe('every event type the map handles finds its customer', () => {
  it.each(handledStripeEventTypes)('%s', async (type) => {
    const { object, customer } = objectFor(type)
    const event = eventOf(type, object)
    expect(customerOf(event, customerSourceOf(type))).toBe(customer)
    // Its payload is enough: no request to Stripe.
    const before = double.requests.length
    expect(await resolveEventCustomer(stripe, event, customerSourceOf(type))).toBe(customer)
    expect(double.requests.length).toBe(before)
  })

  it('each ledger row the subscriber’s events wrote through the webhook route names its customer', async () => {
    const rows = await db.stripeEvent.findMany({ where: { status: 'processed' }, select: { type: true, customerId: true } })
    const handled = rows.filter((row) => customerSourceOf(row.type) !== 'none')
    expect(handled.length).toBeGreaterThan(5)
    expect(handled.filter((row) => row.customerId !== subscriber.customerId)).toEqual([])
  })
})

describe('an event whose object names its customer only through an invoice', () => {
  // invoice_payment.paid carries an Invoice Payment, which names its invoice but no customer
  // (https://docs.stripe.com/api/invoice-payment/object).
  const type = 'invoice_payment.paid' as const
  const [finder, handlers] = createStripeFunctions(type, [{ id: 'note-customer', run: async (_event, _stripe, { customer }) => ({ customer }) }], 'invoice')

  it('gets it from Stripe once, in a finder function; the ledger row, the concurrency key and the handlers then have it', async () => {
    const invoice = [...double.invoices.values()].find((i) => i.customer === subscriber.customerId)!
    const payment = { id: 'inpay_test', object: 'invoice_payment', invoice: invoice.id, amount_paid: invoice.amount_paid, currency: invoice.currency }
    const event = { ...eventOf(type, payment), id: 'evt_invoice_payment_paid', created: Math.floor(Date.now() / 1000), livemode: false }
    // Recorded as the route would, with no customer: the payload does not name one.
    expect(customerOf(event, 'invoice')).toBeNull()
    await db.stripeEvent.create({ data: { id: event.id, type, livemode: false, status: 'queued', payload: JSON.stringify(event), stripeCreatedAt: new Date() } })

    const before = double.requests.length
    const sentBefore = inngest.accepted.length
    const found = await runInngestEvents([finder!, handlers!], [{ id: event.id, name: stripeInngestEventName(type), data: event as unknown as Record<string, unknown> }])
    expect(found.map((run) => run.error)).toEqual([undefined])
    expect(double.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/invoices/${invoice.id}`])
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ customerId: subscriber.customerId })
    // The operator console's timeline of the organization now shows it.
    expect((await organizationTimeline(subscriber.organization.id))?.entries.map((entry) => entry.id)).toContain(event.id)

    const handedOn = inngest.accepted.slice(sentBefore)
    expect(handedOn).toMatchObject([{ name: withCustomerEventName(type), data: { id: event.id, data: { object: { customer: subscriber.customerId } } } }])
    const ran = await runInngestEvents([finder!, handlers!], handedOn)
    expect(ran.map((run) => [run.error, run.result])).toEqual([[undefined, { 'note-customer': { customer: subscriber.customerId } }]])
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: 'processed' })
  })
})
