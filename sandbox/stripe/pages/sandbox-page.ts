// The sandbox's control room (/sandbox): what a real account does on its own clock or through a customer's bank,
// triggered by hand for each subscription. A subscription on a test clock moves only by Stripe operations (its clock
// advances, its customer switches card), as the app's /billing/test-clock does through the API; one off a clock
// (STRIPE_TEST_CLOCKS=false, and the test suite's) by the simulations. Every other button runs the same simulation the tests call
// (flows/billing-cycle.ts, flows/checkout-payment.ts, resources/subscription-pause.ts), so the app sees the same events.
// A renewal button runs Stripe's whole renewal: the period ends, the invoice is a draft for an hour, the clock moves
// on that hour, and the invoice is finalized and charged.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { ApiError, noSuch } from '../door/errors'
import * as cycle from '../flows/billing-cycle'
import { settleDelayedPayment } from '../flows/checkout-payment'
import { exhaustRetries } from '../resources/dunning'
import { isLive, itemOf, requireSubscription } from '../resources/subscriptions'
import { requireTestClock } from '../resources/test-clocks'
import { switchCard } from '../flows/card-switch'
import { startAdvance } from '../flows/test-clock-advance'
import type { PageContext, PageResult, PageRoute } from '../door/router'
import { date, dateTime, duration, html, page, postButton, priceLabel, type Markup } from './html'
import { clockPanel } from './sandbox-clock'
import { usagePanel } from './sandbox-usage'

const TITLE = 'Sandbox controls — local Stripe sandbox'

type Action = { label: string; when: (s: Stripe.Subscription) => boolean; run: (core: Core, s: Stripe.Subscription) => void }

const onClock = (s: Stripe.Subscription) => s.test_clock !== null
const offClock = (when: Action['when']) => (s: Stripe.Subscription) => !onClock(s) && when(s)

const renewing = (s: Stripe.Subscription) => s.status === 'active' || s.status === 'past_due' || s.status === 'trialing'
/**
 * A subscription set to cancel by the end of this period has no next one: at the period end Stripe cancels it
 * (https://docs.stripe.com/billing/subscriptions/cancel#cancel-at-end-of-cycle), so only "Period ends" is offered.
 */
const endsThisPeriod = (s: Stripe.Subscription) => s.cancel_at_period_end || (s.cancel_at !== null && s.cancel_at <= itemOf(s).current_period_end)
const renews = (s: Stripe.Subscription) => renewing(s) && !endsThisPeriod(s)

/**
 * A subscription on the account's time moves by the simulations; one on a test clock only as it would on a real
 * account: its clock advances (flows/test-clock-advance.ts), its customer switches card (flows/card-switch.ts).
 */
const ACTIONS: Record<string, Action> = {
  'pay-renewal': { label: 'Renewal paid', when: offClock(renews), run: (core, s) => cycle.payRenewal(core, s.id) },
  'fail-renewal': { label: 'Renewal failed', when: offClock(renews), run: (core, s) => cycle.failRenewal(core, s.id) },
  'require-action': { label: 'Renewal needs 3D Secure', when: offClock(renews), run: (core, s) => cycle.requireActionOnRenewal(core, s.id) },
  'exhaust-retries': { label: 'Last retry failed (→ unpaid)', when: offClock((s) => s.status === 'past_due'), run: (core, s) => exhaustRetries(core, s.id, 'unpaid') },
  'trial-will-end': { label: 'Trial ends in 3 days', when: offClock((s) => s.status === 'trialing'), run: (core, s) => cycle.trialWillEnd(core, s.id) },
  'end-trial': { label: 'Trial ends now', when: offClock((s) => s.status === 'trialing' && !endsThisPeriod(s)), run: (core, s) => cycle.endTrial(core, s.id) },
  'end-period': { label: 'Period ends', when: offClock(renewing), run: (core, s) => cycle.endPeriod(core, s.id) },
  'advance-day': { label: 'Advance the clock a day', when: onClock, run: (core, s) => advanceBy(core, s, () => DAY) },
  'advance-to-trial-end': {
    label: 'Advance the clock to the trial’s end',
    when: (s) => onClock(s) && s.status === 'trialing' && s.trial_end !== null,
    run: (core, s) => advanceBy(core, s, (clock) => s.trial_end! + cycle.DRAFT_HOUR + 1 - clock.frozen_time),
  },
  'advance-to-period-end': {
    label: 'Advance the clock past the period’s end',
    when: (s) => onClock(s) && renewing(s),
    run: (core, s) => advanceBy(core, s, (clock) => itemOf(s).current_period_end + cycle.DRAFT_HOUR + 1 - clock.frozen_time),
  },
  'advance-month': { label: 'Advance the clock a month', when: onClock, run: (core, s) => advanceBy(core, s, (clock) => aMonthAfter(clock.frozen_time) - clock.frozen_time) },
  'renewal-failed': {
    label: 'Renewal failed (a declining card, then the renewal)',
    when: (s) => onClock(s) && renews(s) && s.status !== 'past_due',
    run: (core, s) => {
      switchCard(core, String(s.customer), 'pm_card_chargeCustomerFail')
      advanceBy(core, s, (clock) => itemOf(s).current_period_end + cycle.DRAFT_HOUR + 1 - clock.frozen_time)
    },
  },
  'declining-card': { label: 'Switch to a card that declines', when: (s) => onClock(s) && isLive(s), run: (core, s) => void switchCard(core, String(s.customer), 'pm_card_chargeCustomerFail') },
  'authentication-card': {
    label: 'Switch to a card that asks for 3D Secure',
    when: (s) => onClock(s) && isLive(s),
    run: (core, s) => void switchCard(core, String(s.customer), 'pm_card_authenticationRequired'),
  },
  // Stripe refuses to attach it ("can't be attached to a Customer"): the page's alert says so, and the old card stays.
  'insufficient-funds-card': {
    label: 'Switch to a card with insufficient funds',
    when: (s) => onClock(s) && isLive(s),
    run: (core, s) => void switchCard(core, String(s.customer), 'pm_card_visa_chargeDeclinedInsufficientFunds'),
  },
  'good-card': { label: 'Switch to a card that pays', when: (s) => onClock(s) && isLive(s), run: (core, s) => void switchCard(core, String(s.customer), 'pm_card_visa') },
}

const DAY = 86_400

/** One calendar month later in UTC: the same day next month, or its last day when it is shorter (Jan 31 → Feb 28). */
function aMonthAfter(seconds: number): number {
  const date = new Date(seconds * 1000)
  const day = date.getUTCDate()
  date.setUTCDate(1)
  date.setUTCMonth(date.getUTCMonth() + 1)
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate()
  date.setUTCDate(Math.min(day, lastDay))
  return Math.floor(date.getTime() / 1000)
}

function advanceBy(core: Core, subscription: Stripe.Subscription, seconds: (clock: Stripe.TestHelpers.TestClock) => number): void {
  const clock = requireTestClock(core, String(subscription.test_clock))
  startAdvance(core, clock, clock.frozen_time + Math.max(1, seconds(clock)))
}

function show(core: Core, query: URLSearchParams): PageResult {
  const subscriptions = [...core.subscriptions.values()].sort((a, b) => b.created - a.created)
  const delayed = [...core.checkoutSessions.values()].filter((s) => s.status === 'complete' && s.payment_status === 'unpaid')
  const done = query.get('done')
  const error = query.get('error')
  const body = html`<h1>${TITLE}</h1>
<p>Make time pass for a subscription, or have its bank answer. Each button sends the webhooks Stripe would send. A subscription on a test clock (every customer the app creates, unless STRIPE_TEST_CLOCKS=false) moves only as on a real test account: its clock advances, its customer switches card.</p>
${core.appUrl ? html`<p>The same controls are in the app, for the organization you are signed in as: <a href="${`${core.appUrl}/billing/test-clock`}">its test clock page</a>.</p>` : ''}
${done ? html`<p role="status">${done}</p>` : ''}
${error ? html`<p role="alert">${error}</p>` : ''}
${clockPanel(core)}
${delayed.length > 0 ? html`<h2>Bank debits waiting to clear</h2>${delayed.map((session) => delayedCard(core, session))}` : ''}
<h2>Subscriptions</h2>
${subscriptions.length === 0 ? html`<p>No subscriptions yet: choose a plan in the app and pay on the sandbox’s Checkout page.</p>` : subscriptions.map((s) => card(core, s))}
${usagePanel(core)}`
  return { status: 200, html: page(TITLE, body) }
}

function card(core: Core, subscription: Stripe.Subscription): Markup {
  const item = itemOf(subscription)
  const product = core.products.get(String(item.price.product))?.name ?? String(item.price.product)
  const customer = core.customers.get(String(subscription.customer))
  const email = customer?.email ?? String(subscription.customer)
  // The app names its customer after the organization and keeps the organization's id in the metadata.
  const organization = customer?.name ?? email
  const base = `/sandbox/subscriptions/${encodeURIComponent(subscription.id)}`
  const actions = Object.entries(ACTIONS).filter(([, action]) => action.when(subscription))
  const clock = subscription.test_clock ? core.testClocks.get(String(subscription.test_clock)) : undefined
  return html`<section aria-label="${product} subscription of ${organization}">
<h3>${organization}: ${product}, ${priceLabel(item.price)}</h3>
<p>${email}${customer?.metadata.organizationId ? html` · organization ${customer.metadata.organizationId}` : ''} · ${subscription.id}</p>
${clock ? html`<p>On test clock ${clock.id}, at ${dateTime(clock.frozen_time)}${clock.status === 'ready' ? '' : html` (${clock.status})`}.</p>` : ''}
<p>Status: ${subscription.status}. Period ${date(item.current_period_start)} to ${date(item.current_period_end)}${subscription.trial_end ? html`; trial ends ${date(subscription.trial_end)}` : ''}${subscription.cancel_at ? html`; cancels ${date(subscription.cancel_at)}` : ''}.</p>
${actions.length === 0 ? html`<p>Nothing more happens to a ${subscription.status} subscription.</p>` : actions.map(([name, action]) => postButton(`${base}/${name}`, action.label))}
</section>`
}

function delayedCard(core: Core, session: Stripe.Checkout.Session): Markup {
  const email = session.customer_details?.email ?? (session.customer ? core.customers.get(String(session.customer))?.email : undefined) ?? session.id
  const base = `/sandbox/checkout/${encodeURIComponent(session.id)}`
  return html`<section aria-label="Bank debit of ${email}">
<p>${email} · ${session.id}</p>
${postButton(`${base}/settle`, 'Bank debit clears')}
${postButton(`${base}/fail`, 'Bank debit fails')}
</section>`
}

function back(message: string, kind: 'done' | 'error' = 'done'): PageResult {
  return { redirect: `/sandbox?${new URLSearchParams({ [kind]: message })}` }
}

/** A simulation Stripe would refuse (a paused subscription has no renewal) comes back as the page's alert. */
function attempt(run: () => void, message: string | (() => string)): PageResult {
  try {
    run()
    return back(typeof message === 'string' ? message : message())
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return back(error.message, 'error')
    throw error
  }
}

function actOnSubscription({ core, args: [id = '', name = ''] }: PageContext): PageResult {
  const action = ACTIONS[name]
  if (!action) throw noSuch('sandbox action', name)
  const subscription = requireSubscription(core, id)
  const before = core.now()
  return attempt(
    () => action.run(core, subscription),
    () => {
      const moved = core.now() - before
      return `${action.label}: done for ${id}.${moved >= 60 ? ` The sandbox clock moved on ${duration(moved)}.` : ''}`
    },
  )
}

function actOnCheckout({ core, args: [id = '', outcome = ''] }: PageContext): PageResult {
  if (outcome !== 'settle' && outcome !== 'fail') throw noSuch('sandbox action', outcome)
  const succeeds = outcome === 'settle'
  return attempt(() => settleDelayedPayment(core, id, succeeds), `Bank debit ${succeeds ? 'cleared' : 'failed'} for ${id}.`)
}

export const sandboxPages: PageRoute[] = [
  { method: 'GET', path: '/sandbox', handle: ({ core, query }) => show(core, query) },
  { method: 'POST', path: '/sandbox/subscriptions/:id/:action', handle: actOnSubscription },
  { method: 'POST', path: '/sandbox/checkout/:id/:outcome', handle: actOnCheckout },
]
