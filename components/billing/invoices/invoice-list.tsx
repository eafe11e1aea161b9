import Link from 'next/link'
import { formatAmount } from '@/lib/billing/format'
import type { InvoiceCursor, InvoiceListItem, InvoicePage } from '@/lib/billing/invoices/list-invoices'
import { formatDate } from '@/lib/format-date'
import { invoiceStatusLabel } from './invoice-status'

/** The query-string parameters the list pages with: an invoice id to start after (older) or before (newer). */
export const INVOICE_CURSOR_PARAMS = { after: 'invoices_after', before: 'invoices_before' } as const

type SearchParams = Record<string, string | string[] | undefined>

/** The cursor a request's query string asks for; anything malformed is the first page. */
export function invoiceCursorFrom(searchParams: SearchParams): InvoiceCursor {
  const read = (name: string) => {
    const value = searchParams[name]
    return typeof value === 'string' && /^in_[A-Za-z0-9]{1,250}$/.test(value) ? value : null
  }
  const after = read(INVOICE_CURSOR_PARAMS.after)
  if (after) return { after }
  const before = read(INVOICE_CURSOR_PARAMS.before)
  return before ? { before } : null
}

/**
 * One page of the organization's invoices (lib/billing/invoices/list-invoices.ts), newest first, each with its
 * date, number, amount in its own currency, status, and links to Stripe's hosted page and PDF. The page reads
 * them from the database (kept by invoice.* events and reconciliation): no Stripe call while it loads.
 */
export function InvoiceList({ page }: { page: InvoicePage }) {
  return (
    <section aria-labelledby="invoices-heading">
      <h2 id="invoices-heading" className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-white">
        Invoices
      </h2>
      {page.invoices.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">No invoices yet. They appear here as Stripe issues them.</p>
      ) : (
        <ul className="mt-4 divide-y divide-zinc-200 rounded-2xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {page.invoices.map((invoice) => (
            <InvoiceRow key={invoice.id} invoice={invoice} />
          ))}
        </ul>
      )}
      {(page.newer || page.older) && (
        <nav aria-label="Invoice pages" className="mt-4 flex justify-between gap-4 text-sm font-medium">
          {page.newer ? <Link href={`/billing?${INVOICE_CURSOR_PARAMS.before}=${page.newer}#invoices-heading`} className={pageLink}>← Newer invoices</Link> : <span />}
          {page.older && <Link href={`/billing?${INVOICE_CURSOR_PARAMS.after}=${page.older}#invoices-heading`} className={pageLink}>Older invoices →</Link>}
        </nav>
      )}
    </section>
  )
}

const pageLink = 'text-brand-700 underline-offset-4 hover:underline dark:text-brand-300'
const fileLink = 'font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300'

function InvoiceRow({ invoice }: { invoice: InvoiceListItem }) {
  const name = invoice.number ?? invoice.id
  const amount = invoice.status === 'paid' ? invoice.amountPaid : invoice.total
  return (
    <li className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-5 py-4 text-sm">
      <div className="min-w-0">
        <p className="font-medium text-zinc-900 dark:text-white">
          <time dateTime={invoice.stripeCreatedAt.toISOString()}>{formatDate(invoice.stripeCreatedAt, 'medium')}</time>
          <span className="ml-2 font-normal break-all text-zinc-600 dark:text-zinc-400">{name}</span>
        </p>
        <p className="mt-1 text-zinc-700 dark:text-zinc-300">
          {formatAmount(amount, invoice.currency)} · {invoiceStatusLabel(invoice.status)}
        </p>
      </div>
      <div className="flex gap-4">
        {invoice.hostedInvoiceUrl && (
          <a href={invoice.hostedInvoiceUrl} className={fileLink} aria-label={`View invoice ${name}`}>
            View
          </a>
        )}
        {invoice.invoicePdf && (
          <a href={invoice.invoicePdf} className={fileLink} aria-label={`Download invoice ${name} as PDF`}>
            PDF
          </a>
        )}
      </div>
    </li>
  )
}
