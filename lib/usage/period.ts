/** A billing period, [start, end): what a usage total is kept for. */
export type UsagePeriod = { start: Date; end: Date; /** Where it came from: the subscription's item, or a calendar month. */ source: 'subscription' | 'calendar' }

/** The calendar month (UTC) around `now`: the period of an organization without a subscription. */
export function calendarMonth(now: Date): UsagePeriod {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))
  return { start, end, source: 'calendar' }
}

/**
 * The current period of a subscription as the database last saw it (its item's current_period_start/end, kept by
 * the webhook handlers on the customer's clock), and the time to stamp a use with inside it. A customer on a test
 * clock lives ahead of the server's time: the stored period is then the clock's, and a use is stamped at the
 * period's start rather than at a server time that lies before it (decision 0063). Past the period's end (the
 * renewal's event has not arrived yet), the next period of the same length starts where this one ended, which
 * is where Stripe starts it.
 */
export function subscriptionPeriod(stored: { start: Date; end: Date }, now: Date): { period: UsagePeriod; occurredAt: Date } {
  let { start, end } = stored
  const length = end.getTime() - start.getTime()
  if (length <= 0) return { period: { start, end, source: 'subscription' }, occurredAt: start }
  while (now >= end) {
    start = end
    end = new Date(end.getTime() + length)
  }
  const occurredAt = now < start ? start : now
  return { period: { start, end, source: 'subscription' }, occurredAt }
}
