// The customer portal, as the session's configuration shapes it: only the prices it lists, only its one cancel
// mode, and the payment method update when the configuration enables it
// (https://docs.stripe.com/customer-management/configure-portal). Each button applies the same change as the
// equivalent API call (same events), then returns to the portal page, as Stripe's portal does.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { noSuch } from '../door/errors'
import { optionalString, requiredString } from '../door/params'
import { requirePortalSession } from '../resources/portal'
import { portalCancel, portalSwitch, switchablePrices } from '../flows/portal-changes'
import { requirePortalConfiguration } from '../resources/portal-configurations'
import { changeSubscription } from '../resources/subscription-changes'
import { isLive, itemOf, requireSubscription } from '../resources/subscriptions'
import { switchCard } from '../flows/card-switch'
import { ApiError } from '../door/errors'
import { testCardOf } from '../resources/test-cards'
import type { PageContext, PageResult, PageRoute } from '../door/router'
import { date, html, page, postButton, priceLabel, type Markup } from './html'
import { testCardPicker } from './test-card-picker'

const TITLE = 'Billing — local Stripe sandbox'

function sessionConfiguration(core: Core, session: Stripe.BillingPortal.Session): Stripe.BillingPortal.Configuration {
  const id = typeof session.configuration === 'string' ? session.configuration : session.configuration.id
  return requirePortalConfiguration(core, id)
}

function show(core: Core, id: string, error?: string): PageResult {
  const session = requirePortalSession(core, id)
  const configuration = sessionConfiguration(core, session)
  const customer = core.customers.get(session.customer)
  const live = [...core.subscriptions.values()].filter((s) => s.customer === session.customer && isLive(s))
  const body = html`<h1>${TITLE}</h1>
${error ? html`<p role="alert">${error}</p>` : ''}
<p>${customer?.email ?? session.customer}</p>
${live.length === 0 ? html`<p role="status">No active subscription.</p>` : live.map((subscription) => card(core, id, configuration, subscription))}
${configuration.features.payment_method_update.enabled ? paymentMethodSection(core, id, live[0]?.default_payment_method ?? customer?.invoice_settings.default_payment_method) : ''}
${session.return_url ? html`<p><a href="${session.return_url}">Return</a></p>` : ''}`
  return { status: 200, html: page(TITLE, body) }
}

function card(core: Core, portalId: string, configuration: Stripe.BillingPortal.Configuration, subscription: Stripe.Subscription): Markup {
  const item = itemOf(subscription)
  const name = core.products.get(String(item.price.product))?.name ?? String(item.price.product)
  const base = `/portal/${encodeURIComponent(portalId)}/subscriptions/${encodeURIComponent(subscription.id)}`
  const when =
    subscription.cancel_at !== null
      ? `Cancels on ${date(subscription.cancel_at)}`
      : subscription.status === 'trialing'
        ? `Trial ends on ${date(subscription.trial_end)}`
        : `Renews on ${date(item.current_period_end)}`
  return html`<section aria-label="${name} subscription">
<h2>${name}: ${priceLabel(item.price)}</h2>
<p>Status: ${subscription.status}. ${when}.</p>
${subscription.cancel_at !== null ? postButton(`${base}/renew`, 'Renew (undo cancel)') : cancelForm(configuration, base)}
${switchablePrices(core, configuration, subscription).map((price) => postButton(`${base}/switch`, `Switch to ${price.nickname ?? price.lookup_key ?? price.id}`, { price: price.id }))}
</section>`
}

/** The card the subscription is charged with, and a choice of Stripe's test cards to replace it. */
function paymentMethodSection(core: Core, portalId: string, charged: string | Stripe.PaymentMethod | null | undefined): Markup {
  const method = typeof charged === 'string' ? core.paymentMethods.get(charged) : (charged ?? undefined)
  const current = method?.card ? `${testCardOf(method)?.label ?? `${method.card.brand} •••• ${method.card.last4}`}` : 'none'
  return html`<section aria-labelledby="payment-method-heading">
<h2 id="payment-method-heading">Payment method</h2>
<p>Charged to: ${current}.</p>
${testCardPicker(`/portal/${encodeURIComponent(portalId)}/payment-method`, 'Update payment method')}
</section>`
}

/**
 * "Update payment method": the chosen card is attached and made the default for the customer's invoices and
 * subscriptions (flows/card-switch.ts). A card that cannot be attached keeps the customer on the page with its decline.
 */
function updatePaymentMethod({ core, params, args: [portalId = ''] }: PageContext): PageResult {
  const session = requirePortalSession(core, portalId)
  // A forged form cannot update a payment method the configuration does not let the customer manage.
  if (!sessionConfiguration(core, session).features.payment_method_update.enabled) throw noSuch('portal action', 'payment-method')
  try {
    switchCard(core, session.customer, requiredString(params, 'card'))
  } catch (error) {
    if (error instanceof ApiError && error.type === 'card_error') return { ...show(core, portalId, `${error.message} Try another card.`), status: 402 }
    throw error
  }
  return { redirect: `${core.baseUrl}/portal/${encodeURIComponent(portalId)}` }
}

function cancelForm(configuration: Stripe.BillingPortal.Configuration, base: string): Markup | '' {
  const cancel = configuration.features.subscription_cancel
  if (!cancel.enabled) return ''
  const immediately = cancel.mode === 'immediately'
  const action = `${base}/${immediately ? 'cancel-now' : 'cancel-at-period-end'}`
  const label = immediately ? 'Cancel now' : 'Cancel at end of period'
  if (!cancel.cancellation_reason.enabled) return postButton(action, label)
  const options = cancel.cancellation_reason.options.map((option) => html`<option value="${option}">${option.replaceAll('_', ' ')}</option>`)
  return html`<form method="post" action="${action}"><label>Reason <select name="feedback"><option value="">(none)</option>${options}</select></label> <button type="submit">${label}</button></form>`
}

function act({ core, params, args: [portalId = '', subscriptionId = '', action = ''] }: PageContext): PageResult {
  const session = requirePortalSession(core, portalId)
  const configuration = sessionConfiguration(core, session)
  const subscription = requireSubscription(core, subscriptionId)
  // The portal only shows the session's own customer; a forged form must not reach someone else's subscription.
  if (subscription.customer !== session.customer) throw noSuch('subscription', subscriptionId)
  const immediately = configuration.features.subscription_cancel.mode === 'immediately'
  const feedback = optionalString(params, 'feedback')
  // A forged form cannot reach the cancel mode the configuration does not have.
  if (action === 'cancel-at-period-end' && !immediately) portalCancel(core, configuration, subscription, feedback)
  else if (action === 'cancel-now' && immediately) portalCancel(core, configuration, subscription, feedback)
  else if (action === 'renew') changeSubscription(core, subscription, { cancelAt: null })
  else if (action === 'switch') portalSwitch(core, configuration, subscription, requiredString(params, 'price'))
  else throw noSuch('portal action', action)
  return { redirect: `${core.baseUrl}/portal/${encodeURIComponent(portalId)}` }
}

export const portalPages: PageRoute[] = [
  { method: 'GET', path: '/portal/:id', handle: ({ core, args: [id = ''] }) => show(core, id) },
  { method: 'POST', path: '/portal/:id/subscriptions/:sub/:action', handle: act },
  { method: 'POST', path: '/portal/:id/payment-method', handle: updatePaymentMethod },
]
