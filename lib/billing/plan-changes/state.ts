import 'server-only'
import { db } from '@/lib/db'
import { findPrice, PLANS } from '../catalog'
import { entitlementsFor, standingOf, type Standing } from '../entitlements'
import { intervalWord } from './preview'

export type PlanChangeOption = { lookupKey: string; planName: string; interval: string }

export type PlanChangeState = {
  /** The subscribed price, when its plan can change in the app (active or trialing, not set to cancel). */
  changeFrom: string | null
  /** A change waiting for the period's end, from the row the webhook path keeps (no Stripe call). */
  pending: { lookupKey: string | null; planName: string; interval: string; changeAt: Date } | null
  options: PlanChangeOption[]
}

const CHANGEABLE_STANDINGS: ReadonlySet<Standing> = new Set(['active', 'trialing'])

/** What /billing and /pricing need to offer plan changes, read from the database only. */
export async function planChangeStateFor(organizationId: string): Promise<PlanChangeState> {
  const rows = await db.subscription.findMany({ where: { organizationId } })
  const shown = entitlementsFor(rows).subscription
  const row = shown ? rows.find((candidate) => candidate.id === shown.id) : undefined
  // Active or trialing in fact, not only in Stripe's status: a first payment still clearing has paid for no time to
  // credit, and a payment awaiting confirmation or paused collection comes first (entitlements.ts, standingOf).
  const changeable = row && shown && CHANGEABLE_STANDINGS.has(standingOf(shown)) && !row.cancelAtPeriodEnd && row.cancelAt === null
  const changeFrom = changeable && row.priceLookupKey && findPrice(row.priceLookupKey) ? row.priceLookupKey : null
  const pending = row ? await pendingChange(row.scheduledPriceId, row.scheduledChangeAt) : null
  // Neither the price subscribed to nor the one a pending change already moves to is offered again.
  const options = PLANS.flatMap((plan) =>
    plan.prices
      .filter((price) => price.lookupKey !== changeFrom && price.lookupKey !== pending?.lookupKey)
      .map((price) => ({ lookupKey: price.lookupKey, planName: plan.name, interval: intervalWord(price.interval) })),
  )
  return { changeFrom, pending, options }
}

async function pendingChange(priceId: string | null, changeAt: Date | null): Promise<PlanChangeState['pending']> {
  if (!priceId || !changeAt) return null
  const price = await db.price.findUnique({ where: { id: priceId }, select: { lookupKey: true, interval: true } })
  const entry = price?.lookupKey ? findPrice(price.lookupKey) : undefined
  return { lookupKey: price?.lookupKey ?? null, planName: entry?.plan.name ?? 'another plan', interval: intervalWord(entry?.price.interval ?? price?.interval ?? 'month'), changeAt }
}
