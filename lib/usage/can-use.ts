import 'server-only'
import { db } from '@/lib/db'
import type { Allowance } from './meters'
import type { UsagePeriod } from './period'
import { usedIn } from './record-usage'
import { usageContext } from './usage-context'

export type UsageCheck = {
  /** Whether `amount` more may be used now: always under a soft cap (it is billed), within the limit under a hard one. */
  allowed: boolean
  used: number
  allowance: Allowance | null
  /** What is left before the limit (hard cap) or the end of the allowance (soft cap); 0 when past it. */
  remaining: number
  /** Units past the included allowance this period (billed under a soft cap). */
  overage: number
  period: UsagePeriod
}

/**
 * Whether the organization may use `amount` more of a meter, from the database: the plan and period (one indexed
 * read of its subscriptions) and the period's running total (one primary-key read). Never calls Stripe: Stripe
 * aggregates meter events asynchronously, so its totals lag, and a limit must hold now. A check, not a
 * reservation: recordUsage re-checks a hard cap atomically when it records.
 */
export async function canUse(organizationId: string, meterKey: string, amount = 1): Promise<UsageCheck> {
  const { allowance, period } = await usageContext(organizationId, meterKey)
  const used = await usedIn(db, organizationId, meterKey, period)
  return measure(used, allowance, period, amount)
}

export function measure(used: number, allowance: Allowance | null, period: UsagePeriod, amount = 0): UsageCheck {
  if (!allowance) return { allowed: false, used, allowance, remaining: 0, overage: 0, period }
  const ceiling = allowance.limit ?? allowance.included
  return {
    allowed: allowance.limit === null || used + amount <= allowance.limit,
    used,
    allowance,
    remaining: Math.max(0, ceiling - used),
    overage: Math.max(0, used - allowance.included),
    period,
  }
}
