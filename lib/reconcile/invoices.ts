import 'server-only'
import type Stripe from 'stripe'
import { invoiceColumns } from '@/lib/billing/invoices/invoice-row'
import { saveInvoice } from '@/lib/billing/invoices/save-invoice'
import { readTimeOf } from '@/lib/billing/clock'
import { db } from '@/lib/db'
import type { Drift } from './drift'

/**
 * Brings one customer's Invoice rows up to Stripe's list (every status, one call per 100 invoices) and says what
 * differed: a row the database lacked, or a status behind Stripe's. Invoice drift is stored with the others in
 * BillingDrift as field "invoice", `was`/`now` naming the invoice and its status (decision 0026).
 */
export async function reconcileInvoices(stripe: Stripe, organizationId: string, customerId: string): Promise<Drift[]> {
  // Before the request: Stripe's answer is at least this fresh (on the customer's test clock, if it has one).
  const observedAt = await readTimeOf(stripe, customerId)
  const rows = new Map((await db.invoice.findMany({ where: { customerId }, select: { id: true, status: true, amountPaid: true } })).map((row) => [row.id, row]))
  const drift: Drift[] = []
  for await (const invoice of stripe.invoices.list({ customer: customerId, limit: 100 })) {
    const columns = invoiceColumns(invoice)
    const row = rows.get(columns.id)
    if (row && row.status === columns.status && row.amountPaid === columns.amountPaid) continue
    const saved = await saveInvoice(organizationId, invoice, observedAt)
    if (saved === 'stale') continue // an event newer than this read was saved meanwhile: nothing had drifted
    drift.push({ subscriptionId: columns.subscriptionId ?? '', field: 'invoice', was: row ? `${columns.id}: ${row.status}` : null, now: `${columns.id}: ${columns.status}` })
  }
  return drift
}
