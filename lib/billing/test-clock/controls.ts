// The controls of /billing/test-clock: each is what a developer does on a Stripe test account to make billing happen
// (https://docs.stripe.com/billing/testing/test-clocks): advance the customer's clock, or switch its payment method to
// one of Stripe's test cards (https://docs.stripe.com/testing). Pure data: lib/billing/test-clock/run-control.ts runs them.
import type Stripe from 'stripe'
import { licensedItem } from '../subscription-items'
import type { ClockView } from './clock-view'

const DAY = 86_400
/**
 * Stripe leaves a renewal's invoice a draft for about an hour before finalizing and charging it
 * (https://docs.stripe.com/billing/subscriptions/webhooks), so the renewal controls go an hour and
 * a minute past the period's end: the charge (or its decline) has happened when the clock is ready.
 */
export const PAST_THE_DRAFT_HOUR = 3600 + 60

export type CardChoice = { token: string; label: string; note: string }

/**
 * Stripe's test payment methods for the states billing goes through. `pm_card_chargeCustomerFail`: "Attaching this
 * card to a Customer object succeeds, but attempts to charge the customer fail"; a card that declines outright
 * (insufficient funds) cannot be attached at all, and Stripe's answer says so: that is what a customer meets when they
 * try it in the portal.
 */
export const TEST_CARD_CHOICES = {
  pays: { token: 'pm_card_visa', label: 'A card that pays', note: 'Visa 4242: every charge succeeds.' },
  declines: { token: 'pm_card_chargeCustomerFail', label: 'A card that declines', note: 'Visa 0341: attaches, then every charge is declined.' },
  authenticates: { token: 'pm_card_authenticationRequired', label: 'A card that asks for 3D Secure', note: 'Visa 3184: a charge Stripe makes on its own waits for the customer.' },
  insufficient: { token: 'pm_card_visa_chargeDeclinedInsufficientFunds', label: 'A card with insufficient funds', note: 'Visa 9995: Stripe refuses to attach it, as it would in the portal.' },
} as const satisfies Record<string, CardChoice>

export type CardName = keyof typeof TEST_CARD_CHOICES

export type ClockControl =
  | { kind: 'advance'; label: string; note: string; target: (view: ClockView) => number | null }
  | { kind: 'card'; card: CardName }
  | { kind: 'card-then-advance'; label: string; note: string; card: CardName; target: (view: ClockView) => number | null }

const periodEnd = (s: Stripe.Subscription | null) => (s ? licensedItem(s)?.current_period_end : null) ?? null
const renews = (s: Stripe.Subscription | null) => s !== null && ['active', 'past_due', 'trialing'].includes(s.status)

/** One calendar month later, in UTC: the same day next month, or its last day when it is shorter (Jan 31 → Feb 28). */
export function aMonthAfter(seconds: number): number {
  const date = new Date(seconds * 1000)
  const day = date.getUTCDate()
  date.setUTCDate(1)
  date.setUTCMonth(date.getUTCMonth() + 1)
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate()
  date.setUTCDate(Math.min(day, lastDay))
  return Math.floor(date.getTime() / 1000)
}

export const CLOCK_CONTROLS = {
  day: { kind: 'advance', label: 'Advance a day', note: 'Whatever falls due in the next 24 hours happens.', target: (v) => v.clock.frozen_time + DAY },
  // Stripe sends customer.subscription.trial_will_end three days before a trial ends
  // (https://docs.stripe.com/billing/subscriptions/trials); the app emails the customer if it is still trialing when
  // the event is handled, so a warning is seen only by stopping there, not by going past the trial's end in one move.
  'trial-warning': {
    kind: 'advance',
    label: 'Advance to the trial’s warning',
    note: 'Three days before the trial ends: Stripe warns, and the app emails the customer.',
    target: (v) => {
      const warning = v.subscription?.status === 'trialing' && v.subscription.trial_end ? v.subscription.trial_end - 3 * DAY + 60 : null
      return warning !== null && warning > v.clock.frozen_time ? warning : null
    },
  },
  'trial-end': {
    kind: 'advance',
    label: 'Advance to the trial’s end',
    note: 'The trial ends and its first invoice is charged, an hour later.',
    target: (v) => (v.subscription?.status === 'trialing' && v.subscription.trial_end ? v.subscription.trial_end + PAST_THE_DRAFT_HOUR : null),
  },
  renewal: {
    kind: 'advance',
    label: 'Advance to the renewal',
    note: 'The period ends, and its invoice is charged an hour later (or the subscription ends, if it was set to).',
    target: (v) => (renews(v.subscription) ? periodEnd(v.subscription)! + PAST_THE_DRAFT_HOUR : null),
  },
  month: { kind: 'advance', label: 'Advance a month', note: 'Renewals, retries and cancellations due in between, in order.', target: (v) => aMonthAfter(v.clock.frozen_time) },
  'renewal-failed': {
    kind: 'card-then-advance',
    label: 'Renewal fails',
    note: 'Switch to the card that declines, then advance to the renewal: past due, an email, Smart Retries.',
    card: 'declines',
    target: (v) => (v.subscription && ['active', 'trialing'].includes(v.subscription.status) && !v.subscription.cancel_at_period_end ? periodEnd(v.subscription)! + PAST_THE_DRAFT_HOUR : null),
  },
  'card-pays': { kind: 'card', card: 'pays' },
  'card-declines': { kind: 'card', card: 'declines' },
  'card-authenticates': { kind: 'card', card: 'authenticates' },
  'card-insufficient': { kind: 'card', card: 'insufficient' },
} as const satisfies Record<string, ClockControl>

export type ClockControlName = keyof typeof CLOCK_CONTROLS
export const CLOCK_CONTROL_NAMES = Object.keys(CLOCK_CONTROLS) as [ClockControlName, ...ClockControlName[]]

/** The time a control advances the clock to, or null when it does not apply to this subscription now. */
export function targetOf(control: ClockControl, view: ClockView): number | null {
  return control.kind === 'card' ? null : control.target(view)
}

/** What a control did, carried to the page in its address (names and a time only, never free text). */
export type ClockControlDone = { control: ClockControlName; to: number | null }

/** The control named in the page's address, if it is one; `to` is a time only for a control that advances. */
export function parseDone(query: { done?: string | string[]; to?: string | string[] }): ClockControlDone | null {
  const name = typeof query.done === 'string' && Object.hasOwn(CLOCK_CONTROLS, query.done) ? (query.done as ClockControlName) : null
  if (!name) return null
  const to = typeof query.to === 'string' && /^\d{1,12}$/.test(query.to) ? Number(query.to) : null
  return { control: name, to: CLOCK_CONTROLS[name].kind === 'card' ? null : to }
}

/** The page's address after a control ran. */
export const doneHref = (done: ClockControlDone) => `/billing/test-clock?${new URLSearchParams({ done: done.control, ...(done.to !== null && { to: String(done.to) }) })}`

/** What was done, in words, given the clock as it is now. */
export function describeDone(done: ClockControlDone, clock: { frozen_time: number; status: string }, formatTime: (seconds: number) => string): string {
  const control = CLOCK_CONTROLS[done.control]
  const card = control.kind === 'advance' ? null : TEST_CARD_CHOICES[control.card]
  const switched = card ? `${card.label} (${card.note.split(':')[0]}) is now the payment method.` : ''
  if (control.kind === 'card' || done.to === null) return switched
  const moved = clock.status === 'ready' && clock.frozen_time >= done.to ? `the clock is at ${formatTime(done.to)}.` : `the clock is advancing to ${formatTime(done.to)}.`
  return `${control.label}: ${switched ? `${switched} Then ` : ''}${moved}`
}
