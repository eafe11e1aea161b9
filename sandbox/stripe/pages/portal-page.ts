// The customer portal: each button applies the same change as the equivalent API call (same events), then
// returns to the portal page, as Stripe's portal does.
import type Stripe from 'stripe'
import type { Core } from '../core'
import { noSuch } from '../errors'
import { requiredString } from '../params'
import { requirePortalSession } from '../resources/portal'
import { cancelNow, changeSubscription, requireSubscribablePrice } from '../resources/subscription-changes'
import { isLive, itemOf, requireSubscription } from '../resources/subscriptions'
import type { PageContext, PageResult, PageRoute } from '../router'
import { date, html, page, postButton, priceLabel, type Markup } from './html'

const TITLE = 'Billing — Stripe test double'

function show(core: Core, id: string): PageResult {
  const session = requirePortalSession(core, id)
  const customer = core.customers.get(session.customer)
  const live = [...core.subscriptions.values()].filter((s) => s.customer === session.customer && isLive(s))
  const body = html`<h1>${TITLE}</h1>
<p>${customer?.email ?? session.customer}</p>
${live.length === 0 ? html`<p role="status">No active subscription.</p>` : live.map((subscription) => card(core, id, subscription))}
${session.return_url ? html`<p><a href="${session.return_url}">Return</a></p>` : ''}`
  return { status: 200, html: page(TITLE, body) }
}

function card(core: Core, portalId: string, subscription: Stripe.Subscription): Markup {
  const item = itemOf(subscription)
  const name = core.products.get(String(item.price.product))?.name ?? String(item.price.product)
  const base = `/portal/${encodeURIComponent(portalId)}/subscriptions/${encodeURIComponent(subscription.id)}`
  const others = [...core.prices.values()].filter(
    (price) => price.active && price.type === 'recurring' && price.id !== item.price.id && price.currency === subscription.currency,
  )
  const when =
    subscription.cancel_at !== null
      ? `Cancels on ${date(subscription.cancel_at)}`
      : subscription.status === 'trialing'
        ? `Trial ends on ${date(subscription.trial_end)}`
        : `Renews on ${date(item.current_period_end)}`
  return html`<section aria-label="${name} subscription">
<h2>${name}: ${priceLabel(item.price)}</h2>
<p>Status: ${subscription.status}. ${when}.</p>
${subscription.cancel_at !== null ? postButton(`${base}/renew`, 'Renew (undo cancel)') : postButton(`${base}/cancel-at-period-end`, 'Cancel at end of period')}
${others.map((price) => postButton(`${base}/switch`, `Switch to ${price.nickname ?? price.lookup_key ?? price.id}`, { price: price.id }))}
${postButton(`${base}/cancel-now`, 'Cancel now')}
</section>`
}

function act({ core, params, args: [portalId = '', subscriptionId = '', action = ''] }: PageContext): PageResult {
  const session = requirePortalSession(core, portalId)
  const subscription = requireSubscription(core, subscriptionId)
  // The portal only shows the session's own customer; a forged form must not reach someone else's subscription.
  if (subscription.customer !== session.customer) throw noSuch('subscription', subscriptionId)
  if (action === 'cancel-at-period-end') changeSubscription(core, subscription, { cancelAtPeriodEnd: true })
  else if (action === 'renew') changeSubscription(core, subscription, { cancelAtPeriodEnd: false })
  else if (action === 'cancel-now') cancelNow(core, subscription)
  else if (action === 'switch') {
    const price = requireSubscribablePrice(core, requiredString(params, 'price'), 'price', subscription.currency)
    changeSubscription(core, subscription, { price, prorationBehavior: 'create_prorations' })
  } else throw noSuch('portal action', action)
  return { redirect: `${core.baseUrl}/portal/${encodeURIComponent(portalId)}` }
}

export const portalPages: PageRoute[] = [
  { method: 'GET', path: '/portal/:id', handle: ({ core, args: [id = ''] }) => show(core, id) },
  { method: 'POST', path: '/portal/:id/subscriptions/:sub/:action', handle: act },
]
