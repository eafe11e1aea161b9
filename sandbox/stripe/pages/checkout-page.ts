import type { Core } from '../core/core'
import { runDueWork } from '../core/scheduled-work'
import { optionalString } from '../door/params'
import type { Params } from '../door/form-encoding'
import { requireSession } from '../resources/checkout'
import { checkoutDecline, completeCheckout, type CheckoutPayment } from '../flows/complete-checkout'
import type { PageResult, PageRoute } from '../door/router'
import { html, page, postButton, priceLabel } from './html'
import { testCardPicker } from './test-card-picker'

const TITLE = 'Pay — local Stripe sandbox'

function show(core: Core, id: string, error?: string): PageResult {
  runDueWork(core) // a session whose expires_at passed reads as expired, even before the wake-up timer fires
  const session = requireSession(core, id)
  if (session.status !== 'open') {
    return { status: 200, html: page(TITLE, html`<h1>${TITLE}</h1><p role="status">This Checkout Session is ${session.status}.</p>`) }
  }
  const lines = (core.sessionLineItems.get(id) ?? []).map((line) => {
    const price = core.prices.get(line.price)
    const product = price ? core.products.get(String(price.product)) : undefined
    // A metered price is billed in arrears on what its meter counts: no quantity, nothing due today.
    const metered = price?.recurring?.usage_type === 'metered'
    const amount = metered ? 'billed by use, at the end of each period' : price ? priceLabel(price) : ''
    return html`<li>${product?.name ?? 'Subscription'}: ${amount}${line.quantity !== null && line.quantity > 1 ? ` × ${line.quantity}` : ''}</li>`
  })
  const trialDays = core.sessionSubscriptionData.get(id)?.trialDays
  const body = html`<h1>${TITLE}</h1>
${error ? html`<p role="alert">${error}</p>` : ''}
<ul>${lines}</ul>
${trialDays ? html`<p>${trialDays}-day free trial; nothing is charged today.</p>` : ''}
${postButton(`/checkout/${encodeURIComponent(id)}/pay?outcome=succeed`, 'Pay')}
${postButton(`/checkout/${encodeURIComponent(id)}/pay?outcome=decline`, 'Pay with a declined card')}
${postButton(`/checkout/${encodeURIComponent(id)}/pay?outcome=delayed`, 'Pay by bank debit')}
${testCardPicker(`/checkout/${encodeURIComponent(id)}/pay?outcome=succeed`, 'Pay with this test card')}
${session.cancel_url ? html`<p><a href="${session.cancel_url}">Cancel and go back</a></p>` : ''}`
  return { status: 200, html: page(TITLE, body) }
}

/**
 * "Pay" uses `pm_card_visa`, "Pay with a declined card" `pm_card_chargeDeclined`; the picker any of the test cards
 * (https://docs.stripe.com/testing), which the customer's subscription is then charged with.
 */
function pay(core: Core, id: string, outcome: string | null, params: Params): PageResult {
  runDueWork(core)
  let session = requireSession(core, id)
  if (session.status === 'expired') return { status: 410, html: page(TITLE, html`<h1>${TITLE}</h1><p role="alert">This Checkout Session has expired.</p>`) }
  const payment: CheckoutPayment = outcome === 'delayed' ? 'delayed' : outcome === 'decline' ? 'declined' : 'succeeds'
  const card = optionalString(params, 'card')
  const decline = session.status === 'open' ? checkoutDecline(core, id, payment, card) : null
  if (decline) {
    // Since API 2025-03-31 a declined card keeps the customer on the open session to try again
    // (https://docs.stripe.com/changelog/basil/2025-03-31/checkout-legacy-subscription-upgrade).
    return { ...show(core, id, `${decline.message ?? 'Your card was declined.'} Try another card.`), status: 402 }
  }
  // A resubmitted form (back button, double click) lands where the first one did instead of paying twice.
  if (session.status === 'open') session = completeCheckout(core, id, payment, card)
  if (!session.success_url) return { status: 200, html: page(TITLE, html`<h1>${TITLE}</h1><p role="status">Payment complete.</p>`) }
  return { redirect: session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.id) }
}

export const checkoutPages: PageRoute[] = [
  { method: 'GET', path: '/checkout/:id', handle: ({ core, args: [id = ''] }) => show(core, id) },
  { method: 'POST', path: '/checkout/:id/pay', handle: ({ core, args: [id = ''], query, params }) => pay(core, id, query.get('outcome'), params) },
]
