import Link from 'next/link'
import { buttonClasses } from '@/components/ui/button'
import { LEDGER_STATUSES } from '@/lib/webhooks/ledger-query'

type Values = Partial<Record<'status' | 'type' | 'organization' | 'customer' | 'from' | 'to' | 'q' | 'version', string>>

const input =
  'mt-1 block h-10 w-full min-w-0 rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 ' +
  'focus-visible:outline-2 focus-visible:outline-brand-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:focus-visible:outline-brand-400'
const label = 'block text-sm font-medium text-zinc-700 dark:text-zinc-300'

/** The ledger's filters as a plain GET form: the URL is the state, so a filtered view can be shared and bookmarked. */
export function LedgerFilters({ values, eventTypes }: { values: Values; eventTypes: readonly string[] }) {
  return (
    <form method="get" action="/admin/events" role="search" aria-label="Filter events" className="grid gap-4 rounded-xl border border-zinc-200 p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-zinc-800">
      <div className="sm:col-span-2 lg:col-span-4">
        <label htmlFor="filter-q" className={label}>Event id</label>
        <input id="filter-q" name="q" defaultValue={values.q} placeholder="evt_…" spellCheck={false} autoComplete="off" className={`${input} font-mono`} />
      </div>
      <div>
        <label htmlFor="filter-status" className={label}>Status</label>
        <select id="filter-status" name="status" defaultValue={values.status ?? ''} className={input}>
          <option value="">Any</option>
          {LEDGER_STATUSES.map((status) => (
            <option key={status} value={status}>{status}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-type" className={label}>Type</label>
        <input id="filter-type" name="type" list="filter-type-list" defaultValue={values.type} placeholder="invoice.paid" spellCheck={false} autoComplete="off" className={input} />
        <datalist id="filter-type-list">
          {eventTypes.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
      </div>
      <div>
        <label htmlFor="filter-organization" className={label}>Organization id</label>
        <input id="filter-organization" name="organization" defaultValue={values.organization} spellCheck={false} autoComplete="off" className={`${input} font-mono`} />
      </div>
      <div>
        <label htmlFor="filter-customer" className={label}>Stripe customer</label>
        <input id="filter-customer" name="customer" defaultValue={values.customer} placeholder="cus_…" spellCheck={false} autoComplete="off" className={`${input} font-mono`} />
      </div>
      <div>
        <label htmlFor="filter-from" className={label}>Received from (UTC)</label>
        <input id="filter-from" name="from" type="date" defaultValue={values.from} className={input} />
      </div>
      <div>
        <label htmlFor="filter-to" className={label}>Received to (UTC, inclusive)</label>
        <input id="filter-to" name="to" type="date" defaultValue={values.to} className={input} />
      </div>
      <div>
        <label htmlFor="filter-version" className={label}>API version</label>
        <select id="filter-version" name="version" defaultValue={values.version ?? ''} className={input}>
          <option value="">Any</option>
          <option value="other">Another than the app’s</option>
        </select>
      </div>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-1">
        <button type="submit" className={buttonClasses({ size: 'md' })}>Apply filters</button>
        <Link href="/admin/events" className={buttonClasses({ variant: 'ghost', size: 'md' })}>Clear</Link>
      </div>
    </form>
  )
}
