// The account's revenue-recovery settings (Dashboard → Billing → Revenue recovery → Retries): when Stripe retries a
// failed subscription payment, and what happens once the last retry has failed
// (https://docs.stripe.com/billing/revenue-recovery/smart-retries). They are Dashboard settings, not an API resource:
// tests and the sandbox set them with `double.setRevenueRecovery` (decision 0049).

const DAY = 86_400

/**
 * Smart Retries: "You can set the Smart Retry policy to retry the payment a specific number of times within a time
 * period: 1 week, 2 weeks, 3 weeks, 1 month, or 2 months. The recommended default is 8 tries within 2 weeks"
 * (https://docs.stripe.com/payments/off-session-payments/smart-retries). Stripe picks each retry's moment with a
 * model; the sandbox spreads the tries evenly over the window, so a test can say when each one comes.
 * A custom schedule retries a number of days after the previous attempt, once per entry
 * (https://docs.stripe.com/billing/revenue-recovery/smart-retries#custom-retry-schedule).
 */
export type RetrySchedule = { type: 'smart'; tries: number; withinDays: number } | { type: 'custom'; daysAfterPreviousAttempt: readonly number[] }

export type RevenueRecovery = {
  retries: RetrySchedule
  /** "If all retries for a payment fail": cancel the subscription, mark it unpaid, or leave it past due. */
  subscriptionAfterLastRetry: 'canceled' | 'unpaid' | 'past_due'
  /** …and leave the invoice past due (open), or mark it uncollectible. */
  invoiceAfterLastRetry: 'past_due' | 'uncollectible'
}

/**
 * A new account's settings. Smart Retries are on "by default for new Stripe accounts", 8 tries within 2 weeks
 * (https://docs.stripe.com/billing/revenue-recovery/smart-retries). Stripe's page does not say which outcome the
 * Dashboard preselects after the last retry; "cancel the subscription" is what accounts report finding there
 * (help.klubfunder.com/support/solutions/articles/25000021824, and Stora's guide to changing it,
 * intercom.help/stora/en/articles/10313449), with the invoice left past due.
 */
export const STRIPE_DEFAULT_REVENUE_RECOVERY: RevenueRecovery = {
  retries: { type: 'smart', tries: 8, withinDays: 14 },
  subscriptionAfterLastRetry: 'canceled',
  invoiceAfterLastRetry: 'past_due',
}

/**
 * When the next retry of a failed invoice payment is due, or null when none is left. `failedAttempts` counts every
 * attempt that failed so far (the first one included), the latest at `lastAttemptAt`. Smart Retries come one
 * window / tries after each attempt, so an attempt made off the schedule (a charge of a plan change, a manual retry)
 * never puts the next one in the past.
 */
export function nextRetryAt(settings: RevenueRecovery, failedAttempts: number, lastAttemptAt: number): number | null {
  const retry = failedAttempts // the first retry follows the first failed attempt
  const schedule = settings.retries
  if (schedule.type === 'smart') {
    if (retry > schedule.tries || schedule.tries < 1) return null
    return lastAttemptAt + Math.round((schedule.withinDays * DAY) / schedule.tries)
  }
  const days = schedule.daysAfterPreviousAttempt[retry - 1]
  return days === undefined ? null : lastAttemptAt + days * DAY
}

/** Settings merged over the current ones, refusing what the Dashboard would not let you choose. */
export function mergeRevenueRecovery(current: RevenueRecovery, change: Partial<RevenueRecovery>): RevenueRecovery {
  const next = { ...current, ...change }
  const schedule = next.retries
  if (schedule.type === 'smart' && (!Number.isInteger(schedule.tries) || schedule.tries < 1 || schedule.withinDays <= 0)) {
    throw new Error('Smart Retries need a positive whole number of tries within a positive number of days.')
  }
  if (schedule.type === 'custom' && schedule.daysAfterPreviousAttempt.some((days) => !(days > 0))) {
    throw new Error('A custom retry schedule retries a positive number of days after the previous attempt.')
  }
  return next
}
