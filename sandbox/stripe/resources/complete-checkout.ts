// What Stripe does when a customer pays on the hosted Checkout page: customer (if needed), subscription, first
// invoice, then the session completes, with events in Stripe's order.
import type Stripe from 'stripe'
import type { Core } from '../core'
import { invalid } from '../errors'
import { newId } from '../ids'
import { addInterval, days } from '../time'
import { createCustomer, requireCustomer } from './customers'
import { createInvoice, failInvoice, payInvoice } from './invoices'
import { requirePrice } from './prices'
import { requireSession } from './checkout'
import { amountOf, createSubscription, itemOf } from './subscriptions'

/**
 * `paymentSucceeds: false` wins over a trial (tests ask for a failure to see one): the subscription is then
 * `incomplete` with no trial, its first invoice open for the full amount, and the session `complete` but
 * `unpaid`. (Real Checkout would keep the page open on a declined card; this is the state to test against.)
 */
export function completeCheckout(core: Core, sessionId: string, paymentSucceeds = true): Stripe.Checkout.Session {
  const session = requireSession(core, sessionId)
  if (session.status !== 'open') throw invalid(`Checkout Session ${sessionId} is ${String(session.status)}, not open.`)
  const [line] = core.sessionLineItems.get(sessionId) ?? []
  if (!line) throw new Error(`checkout session ${sessionId} has no line items`)
  const price = requirePrice(core, line.price)
  const recurring = price.recurring
  if (!recurring) throw new Error(`price ${price.id} is not recurring`)
  const { trialDays, metadata } = core.sessionSubscriptionData.get(sessionId) ?? { trialDays: null, metadata: {} }

  const customer =
    typeof session.customer === 'string'
      ? requireCustomer(core, session.customer)
      : createCustomer(core, { email: session.customer_email ?? `checkout-${newId('', 8).toLowerCase()}@example.com`, name: null })
  const now = core.now()
  const trial = trialDays && paymentSucceeds ? { start: now, end: now + days(trialDays) } : null
  const subscription = createSubscription(core, {
    customer: customer.id,
    price,
    quantity: line.quantity,
    status: trial ? 'trialing' : paymentSucceeds ? 'active' : 'incomplete',
    periodStart: now,
    periodEnd: trial ? trial.end : addInterval(now, recurring.interval, recurring.interval_count),
    trial,
    metadata: { ...metadata },
  })
  const item = itemOf(subscription)
  const productName = core.products.get(String(price.product))?.name ?? String(price.product)
  const invoice = createInvoice(core, subscription, 'subscription_create', {
    item,
    amount: trial ? 0 : amountOf(item),
    periodStart: now,
    periodEnd: item.current_period_end,
    ...(trial && { description: `Trial period for ${productName}` }),
  })
  subscription.latest_invoice = invoice.id
  core.emit('customer.subscription.created', subscription)
  core.emit('invoice.created', invoice)
  if (trial || paymentSucceeds) payInvoice(core, invoice)
  else failInvoice(core, invoice)

  session.status = 'complete'
  session.payment_status = trial ? 'no_payment_required' : paymentSucceeds ? 'paid' : 'unpaid'
  session.customer = customer.id
  session.subscription = subscription.id
  session.invoice = invoice.id
  session.url = null
  session.customer_details = {
    address: null,
    business_name: null,
    email: customer.email,
    individual_name: null,
    name: customer.name ?? null,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  }
  core.emit('checkout.session.completed', session)
  return session
}
