// A year of billing on a test clock, timed: one customer on a fresh clock, subscribed monthly through Checkout, its
// clock advanced a year through the real SDK the way Stripe allows (two months at a time: two intervals of the
// shortest subscription), each advance answered `advancing` and finished `ready`. The standing target is under 5 s on
// the sandbox (issue 23). It prints the wall time, the events the clock's objects produced, and checks that they were
// made, and delivered to a webhook endpoint, in time order. Run: `npm run bench:test-clock`.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type Stripe from 'stripe'
import { startStripeDouble } from '@/sandbox/stripe'

const TARGET_MS = 5000
const DAY = 86_400
const START = Date.UTC(2025, 0, 31, 9) / 1000 // a 31st: the months that follow are clamped, as Stripe clamps them

async function main() {
  const delivered: { type: string; created: number }[] = []
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Stripe.Event
      delivered.push({ type: event.type, created: event.created })
      res.writeHead(200).end('{}')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const double = await startStripeDouble({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` })
  const stripe = double.client()
  try {
    const product = await stripe.products.create({ name: 'Bench' })
    const price = await stripe.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' } })
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START })
    const customer = await stripe.customers.create({ email: 'year@example.com', test_clock: clock.id })
    const session = await stripe.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [{ price: price.id }], success_url: 'http://localhost/ok' })
    await double.completeCheckout(session.id)
    await double.idle()
    const firstEvent = double.events.length
    delivered.length = 0

    const target = START + 366 * DAY
    const began = performance.now()
    let advances = 0
    for (let frozen = START; frozen < target; advances++) {
      const step = Math.min(target, frozen + 58 * DAY) // within two of the shortest month
      await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: step })
      await double.idle()
      const ready = await stripe.testHelpers.testClocks.retrieve(clock.id)
      if (ready.status !== 'ready' || ready.frozen_time !== step) throw new Error(`advance to ${step} ended ${ready.status} at ${ready.frozen_time}`)
      frozen = step
    }
    const elapsed = performance.now() - began

    const onClock = double.events.slice(firstEvent).filter((event) => !event.type.startsWith('test_helpers.'))
    const created = onClock.map((event) => event.created)
    const inOrder = created.every((time, index) => index === 0 || created[index - 1]! <= time)
    const deliveredOnClock = delivered.filter((event) => !event.type.startsWith('test_helpers.'))
    const deliveredInOrder = deliveredOnClock.length === onClock.length && deliveredOnClock.every((event, index) => event.type === onClock[index]?.type && event.created === onClock[index]?.created)
    const renewals = [...double.invoices.values()].filter((invoice) => invoice.customer === customer.id && invoice.billing_reason === 'subscription_cycle' && invoice.status === 'paid')

    console.log(`A year on a test clock: ${advances} advances, ${renewals.length} renewals paid, ${onClock.length} events on the clock (${double.events.length - firstEvent} with the clock's own)`)
    console.log(`Wall time: ${elapsed.toFixed(0)} ms (target under ${TARGET_MS} ms), webhooks delivered included`)
    console.log(`Events made in time order: ${inOrder ? 'yes' : 'NO'}; delivered in that order: ${deliveredInOrder ? 'yes' : 'NO'}`)
    if (!inOrder || !deliveredInOrder || renewals.length !== 12 || elapsed >= TARGET_MS) process.exitCode = 1
  } finally {
    await double.close()
    receiver.close()
  }
}

await main()
