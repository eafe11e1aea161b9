import type Stripe from 'stripe'

/** A preview read for the page: amounts in the currency's smallest unit, times in Unix seconds. */
export type PreviewReading = {
  /** Whether confirming makes Stripe invoice and charge now. */
  invoicedNow: boolean
  /** What that invoice charges (0 when nothing is invoiced now). */
  amountDue: number
  /** Its charges: the new plan for the time left, or a new interval's first period. */
  charge: number
  /** Its credits for the unused time of the current plan, as a positive amount. */
  credit: number
  /** The end of what it bills: where the next invoice starts. */
  billedUntil: number
  /** The invoice items it bills, so the page does not count them again on the next invoice. */
  billedItems: Set<string>
}

const isProration = (line: Stripe.InvoiceLineItem) => line.parent?.subscription_item_details?.proration === true
const sum = (lines: readonly Stripe.InvoiceLineItem[]) => lines.reduce((total, line) => total + line.amount, 0)

/**
 * Decides what a plan-change preview bills now from what Stripe documents as stable on a preview: its lines and
 * amounts. Not from `billing_reason`: every preview says `upcoming` ("Reserved for upcoming invoices created
 * through the Create Preview Invoice API", https://docs.stripe.com/api/invoices/object#invoice_object-billing_reason).
 * The change is previewed with `proration_behavior=always_invoice`, which invoices the prorations at once: the
 * lines billed now are the prorations (`parent.subscription_item_details.proration`, "the recommended way to get
 * only the prorations being previewed", https://docs.stripe.com/api/invoices/create_preview) and, on an interval
 * change, the new period that starts now, inside the current one. A preview whose lines all start at the current
 * period's end is the next invoice instead (a trial: nothing is prorated), and nothing is due now.
 */
export function readPreviewLines(invoice: Stripe.Invoice, currentPeriodEnd: number): PreviewReading {
  const lines = invoice.lines.data
  // A metered item's usage on the next invoice is billed in arrears for the current period: it ends where the
  // period does, and is not billed now.
  const billed = lines.filter((line) => isProration(line) || (line.period.start < currentPeriodEnd && line.period.end !== currentPeriodEnd))
  if (billed.length === 0) return { invoicedNow: false, amountDue: 0, charge: 0, credit: 0, billedUntil: currentPeriodEnd, billedItems: new Set() }
  // When every line is billed now the preview is that invoice, and its amount_due is Stripe's (a customer balance
  // included); otherwise only those lines are, and a negative total is never charged.
  const amountDue = billed.length === lines.length ? invoice.amount_due : Math.max(0, sum(billed))
  const itemOf = (line: Stripe.InvoiceLineItem) => line.parent?.subscription_item_details?.invoice_item ?? null
  return {
    invoicedNow: true,
    amountDue,
    charge: sum(billed.filter((line) => line.amount > 0)),
    credit: -sum(billed.filter((line) => line.amount < 0)),
    billedUntil: Math.max(...billed.map((line) => line.period.end)),
    billedItems: new Set(billed.flatMap((line) => itemOf(line) ?? [])),
  }
}
