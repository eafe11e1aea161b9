// Billing-period arithmetic. Months are added in UTC from the billing cycle anchor and clamped to the month's
// last day, as Stripe does (an anchor on Jan 31 bills Feb 28, then Mar 31).
import type Stripe from 'stripe'

const DAY = 86_400

export function addInterval(timestamp: number, interval: Stripe.Price.Recurring.Interval, count: number): number {
  if (interval === 'day') return timestamp + count * DAY
  if (interval === 'week') return timestamp + count * 7 * DAY
  const months = interval === 'year' ? count * 12 : count
  const date = new Date(timestamp * 1000)
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay))
  target.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds())
  return Math.floor(target.getTime() / 1000)
}

/** The first period boundary after `after`, counted from the anchor. */
export function nextPeriodEnd(anchor: number, recurring: Stripe.Price.Recurring, after: number): number {
  for (let periods = 1; ; periods++) {
    const end = addInterval(anchor, recurring.interval, recurring.interval_count * periods)
    if (end > after) return end
  }
}

export const days = (count: number): number => count * DAY
