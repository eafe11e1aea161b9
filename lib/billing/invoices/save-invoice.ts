import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'
import { invoiceColumns } from './invoice-row'

/**
 * How far along Stripe's invoice lifecycle a status is: draft → open → paid | void, with uncollectible between
 * (an uncollectible invoice can still be paid or voided) (https://docs.stripe.com/invoicing/overview#invoice-lifecycle).
 * Two states stamped with the same second (an event's `created` has no finer grain) are told apart by it.
 */
const STAGE: Record<string, number> = { draft: 0, open: 1, uncollectible: 2, paid: 3, void: 3 }
const statusesUpTo = (status: string) => Object.keys(STAGE).filter((s) => (STAGE[s] ?? 0) <= (STAGE[status] ?? 0))

export type SavedInvoice = 'created' | 'updated' | 'stale'

/**
 * Writes Stripe's state of one invoice, as it was at `stateAt`, unless the row holds a later state: an older
 * event handled late, or a slow read that finishes last, changes nothing (as saveSubscription does for
 * subscriptions). At the same instant, only a status at least as far along the lifecycle wins.
 */
export async function saveInvoice(organizationId: string, invoice: Stripe.Invoice, stateAt: Date): Promise<SavedInvoice> {
  const { id, ...columns } = invoiceColumns(invoice)
  const data = { ...columns, organizationId, stripeStateAt: stateAt }
  const older = { id, OR: [{ stripeStateAt: { lt: stateAt } }, { stripeStateAt: stateAt, status: { in: statusesUpTo(data.status) } }] }
  if ((await db.invoice.updateMany({ where: older, data })).count > 0) return 'updated'
  try {
    await db.invoice.create({ data: { id, ...data } })
    return 'created'
  } catch (error) {
    // The row exists: either it holds a later state, or another writer created it first and ours may be newer.
    if (!isUniqueViolation(error)) throw error
    return (await db.invoice.updateMany({ where: older, data })).count > 0 ? 'updated' : 'stale'
  }
}

/**
 * Moves the subscription row's latest-invoice columns (what `standingOf` reads) along with this invoice, when it is
 * that row's latest. An invoice's status only moves forward, so this needs no state time and cannot set a row back.
 * It spares a Stripe call: a renewal is paid an hour after its draft (https://docs.stripe.com/billing/invoices/subscription)
 * and nothing on the subscription changes then; a status that does change (past_due → active) comes with Stripe's own
 * customer.subscription.updated, which syncs the customer.
 */
export async function advanceLatestInvoice(invoice: Stripe.Invoice): Promise<boolean> {
  const { id, subscriptionId, status, hostedInvoiceUrl } = invoiceColumns(invoice)
  if (!subscriptionId) return false
  const behind = { OR: [{ invoiceStatus: null }, { invoiceStatus: { in: statusesUpTo(status) } }] }
  const { count } = await db.subscription.updateMany({ where: { id: subscriptionId, invoiceId: id, ...behind }, data: { invoiceStatus: status, invoiceUrl: hostedInvoiceUrl } })
  return count > 0
}

/** A draft Stripe deleted (only drafts can be: https://docs.stripe.com/api/invoices/delete) leaves no row. */
export async function forgetDeletedInvoice(invoiceId: string): Promise<boolean> {
  return (await db.invoice.deleteMany({ where: { id: invoiceId, status: 'draft' } })).count > 0
}
