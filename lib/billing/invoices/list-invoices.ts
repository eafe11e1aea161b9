import 'server-only'
import { db } from '@/lib/db'

/** Invoices per page on /billing. */
export const INVOICES_PER_PAGE = 10

/** Where a page starts: after an invoice (older ones) or before one (newer ones), by its id. */
export type InvoiceCursor = { after: string } | { before: string } | null

export type InvoiceListItem = {
  id: string
  number: string | null
  status: string
  currency: string
  amountDue: number
  amountPaid: number
  total: number
  stripeCreatedAt: Date
  hostedInvoiceUrl: string | null
  invoicePdf: string | null
}

export type InvoicePage = {
  invoices: InvoiceListItem[]
  /** The cursor for the next newer page, or null on the newest one. */
  newer: string | null
  /** The cursor for the next older page, or null on the oldest one. */
  older: string | null
}

const select = { id: true, number: true, status: true, currency: true, amountDue: true, amountPaid: true, total: true, stripeCreatedAt: true, hostedInvoiceUrl: true, invoicePdf: true } as const

/**
 * One page of an organization's invoices, newest first, from the database alone (no Stripe call on the request
 * path). Keyset pagination on (created, id), so invoices arriving meanwhile neither repeat nor vanish between
 * pages. Drafts are left out: Stripe gives them no number, hosted page or PDF until they are finalized. A cursor
 * that is not one of this organization's invoices starts from the newest page.
 */
export async function listInvoices(organizationId: string, cursor: InvoiceCursor, perPage = INVOICES_PER_PAGE): Promise<InvoicePage> {
  const visible = { organizationId, status: { not: 'draft' } }
  const anchorId = cursor && ('after' in cursor ? cursor.after : cursor.before)
  const anchor = anchorId ? await db.invoice.findFirst({ where: { ...visible, id: anchorId }, select: { id: true, stripeCreatedAt: true } }) : null
  if (!cursor || !anchor) return pageOf(await olderThan(visible, null, perPage + 1), perPage, false)
  if ('after' in cursor) return pageOf(await olderThan(visible, anchor, perPage + 1), perPage, true)
  const newer = await db.invoice.findMany({
    where: { ...visible, OR: [{ stripeCreatedAt: { gt: anchor.stripeCreatedAt } }, { stripeCreatedAt: anchor.stripeCreatedAt, id: { gt: anchor.id } }] },
    orderBy: [{ stripeCreatedAt: 'asc' }, { id: 'asc' }],
    take: perPage + 1,
    select,
  })
  const hasNewer = newer.length > perPage
  const invoices = newer.slice(0, perPage).reverse()
  return { invoices, newer: hasNewer ? (invoices[0]?.id ?? null) : null, older: invoices.at(-1)?.id ?? null }
}

type Visible = { organizationId: string; status: { not: string } }

function olderThan(visible: Visible, anchor: { id: string; stripeCreatedAt: Date } | null, take: number) {
  const where = anchor ? { ...visible, OR: [{ stripeCreatedAt: { lt: anchor.stripeCreatedAt } }, { stripeCreatedAt: anchor.stripeCreatedAt, id: { lt: anchor.id } }] } : visible
  return db.invoice.findMany({ where, orderBy: [{ stripeCreatedAt: 'desc' }, { id: 'desc' }], take, select })
}

function pageOf(rows: InvoiceListItem[], perPage: number, hasNewer: boolean): InvoicePage {
  const invoices = rows.slice(0, perPage)
  return { invoices, newer: hasNewer ? (invoices[0]?.id ?? null) : null, older: rows.length > perPage ? (invoices.at(-1)?.id ?? null) : null }
}
