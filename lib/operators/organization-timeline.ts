import 'server-only'
import { db } from '@/lib/db'
import { isPayloadPruned } from '@/lib/webhooks/retention'

// An organization's history for the console: its Stripe events (through Organization.stripeCustomerId ↔
// StripeEvent.customerId) with the subscription state each carried, interleaved with the drift reconciliation
// found for it (BillingDrift.organizationId), oldest first. Database only; no Stripe call.

export const TIMELINE_PAGE_SIZE = 50

/** What a Stripe object in an event's payload said about the subscription, when it is one that says. */
export type CarriedState =
  | { kind: 'subscription'; subscriptionId: string; status: string; quantity: number | null; cancelAtPeriodEnd: boolean; cancelAt: Date | null }
  | { kind: 'invoice'; invoiceId: string; status: string | null; subscriptionId: string | null }
  | { kind: 'checkout'; sessionId: string; status: string | null; subscriptionId: string | null }

export type TimelineEntry =
  | { kind: 'event'; at: Date; id: string; type: string; ledgerStatus: string; carried: CarriedState | null; payloadPruned: boolean }
  | { kind: 'drift'; at: Date; id: string; subscriptionId: string; field: string; was: string | null; now: string | null; repaired: boolean; source: string }

export type OrganizationTimeline = {
  organization: { id: string; name: string; stripeCustomerId: string | null; createdAt: Date }
  subscriptions: { id: string; status: string; priceLookupKey: string | null; quantity: number; cancelAtPeriodEnd: boolean; stripeStateAt: Date }[]
  entries: TimelineEntry[]
  page: number
  hasOlder: boolean
}

type Json = Record<string, unknown>
const asObject = (value: unknown): Json | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null)
const asString = (value: unknown): string | null => (typeof value === 'string' ? value : null)
/** "a Stripe id or its expanded object", as a payload may carry either. */
const idOf = (value: unknown): string | null => asString(value) ?? asString(asObject(value)?.id)

/** The state the event's object carried, read from the stored payload; null when it carries none or is pruned. */
export function carriedState(payload: string): CarriedState | null {
  let event: Json | null
  try {
    event = asObject(JSON.parse(payload))
  } catch {
    return null
  }
  const object = asObject(asObject(event?.data)?.object)
  const id = asString(object?.id)
  if (!object || !id) return null
  switch (object.object) {
    case 'subscription': {
      const items = asObject(object.items)?.data
      const firstItem = Array.isArray(items) ? asObject(items[0]) : null
      const quantity = typeof firstItem?.quantity === 'number' ? firstItem.quantity : typeof object.quantity === 'number' ? object.quantity : null
      const cancelAt = typeof object.cancel_at === 'number' ? new Date(object.cancel_at * 1000) : null
      return { kind: 'subscription', subscriptionId: id, status: asString(object.status) ?? 'unknown', quantity, cancelAtPeriodEnd: object.cancel_at_period_end === true, cancelAt }
    }
    case 'invoice': {
      const parent = asObject(asObject(object.parent)?.subscription_details)
      return { kind: 'invoice', invoiceId: id, status: asString(object.status), subscriptionId: idOf(parent?.subscription) ?? idOf(object.subscription) }
    }
    case 'checkout.session':
      return { kind: 'checkout', sessionId: id, status: asString(object.status), subscriptionId: idOf(object.subscription) }
    default:
      return null
  }
}

/**
 * Page `page` (1 = the newest TIMELINE_PAGE_SIZE entries) of the organization's timeline, oldest first within the
 * page; null for an unknown organization. Events and drift are merged by time; an event sorts by when Stripe
 * created it, drift by when it was found, and at equal times the event comes first (drift is found after).
 */
export async function organizationTimeline(organizationId: string, page = 1): Promise<OrganizationTimeline | null> {
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { id: true, name: true, stripeCustomerId: true, createdAt: true } })
  if (!organization) return null
  const current = Math.max(1, Math.floor(page))
  const reach = current * TIMELINE_PAGE_SIZE + 1
  const [subscriptions, events, drift] = await Promise.all([
    db.subscription.findMany({ where: { organizationId }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], select: { id: true, status: true, priceLookupKey: true, quantity: true, cancelAtPeriodEnd: true, stripeStateAt: true } }),
    organization.stripeCustomerId
      ? db.stripeEvent.findMany({
          where: { customerId: organization.stripeCustomerId },
          orderBy: [{ stripeCreatedAt: 'desc' }, { receivedAt: 'desc' }],
          take: reach,
          select: { id: true, type: true, status: true, payload: true, payloadPrunedAt: true, stripeCreatedAt: true },
        })
      : [],
    db.billingDrift.findMany({ where: { organizationId }, orderBy: { foundAt: 'desc' }, take: reach }),
  ])
  const merged: TimelineEntry[] = [
    ...events.map((e): TimelineEntry => ({ kind: 'event', at: e.stripeCreatedAt, id: e.id, type: e.type, ledgerStatus: e.status, carried: isPayloadPruned(e) ? null : carriedState(e.payload), payloadPruned: isPayloadPruned(e) })),
    ...drift.map((d): TimelineEntry => ({ kind: 'drift', at: d.foundAt, id: d.id, subscriptionId: d.subscriptionId, field: d.field, was: d.was, now: d.now, repaired: d.repaired, source: d.source })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.kind === b.kind ? 0 : a.kind === 'drift' ? -1 : 1))
  const entries = merged.slice((current - 1) * TIMELINE_PAGE_SIZE, current * TIMELINE_PAGE_SIZE).reverse()
  return { organization, subscriptions, entries, page: current, hasOlder: merged.length > current * TIMELINE_PAGE_SIZE }
}
