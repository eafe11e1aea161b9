import { PLANS, type CatalogPrice, type Plan } from '../catalog'

/** When a plan change takes effect: at once (prorated and invoiced now) or at the end of the period (a schedule). */
export type ChangeTiming = 'now' | 'period_end'

const rank = (plan: Plan) => PLANS.findIndex((candidate) => candidate.key === plan.key)

/**
 * Decision 0028. A plan higher in the catalog (its order in lib/billing/catalog.ts) is an upgrade: it takes
 * effect now, the customer pays the difference for the rest of the period. A lower plan is a downgrade: it starts
 * at the period's end, so nobody loses time they paid for. On the same plan, monthly → yearly is an upgrade (a
 * longer commitment, billed now: Stripe restarts the cycle on an interval change) and yearly → monthly a
 * downgrade (the paid year runs out first). During a trial nothing has been paid, so every change is immediate.
 */
export function timingOf(from: { plan: Plan; price: CatalogPrice }, to: { plan: Plan; price: CatalogPrice }, status: string): ChangeTiming {
  if (status === 'trialing') return 'now'
  if (rank(to.plan) !== rank(from.plan)) return rank(to.plan) > rank(from.plan) ? 'now' : 'period_end'
  return from.price.interval === 'month' && to.price.interval === 'year' ? 'now' : 'period_end'
}
