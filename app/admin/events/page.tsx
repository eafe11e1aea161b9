import type { Metadata } from 'next'
import Link from 'next/link'
import { formatCount } from '@/components/admin/format'
import { LedgerFilters } from '@/components/admin/ledger-filters'
import { LedgerList } from '@/components/admin/ledger-list'
import { buttonClasses } from '@/components/ui/button'
import { cx } from '@/components/ui/cx'
import { Notice } from '@/components/ui/notice'
import { stripeEventHandlers } from '@/inngest/stripe/event-handlers'
import { requireOperator } from '@/lib/operators/operators'
import { encodeCursor, LEDGER_STATUSES, ledgerHref, parseLedgerQuery } from '@/lib/webhooks/ledger-query'
import { countLedgerStatuses, listLedgerEvents, STATUS_COUNT_CAP } from '@/lib/webhooks/ledger-search'

export const metadata: Metadata = { title: 'Events' }

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export default async function EventsPage({ searchParams }: Props) {
  await requireOperator()
  const { filters, cursor, problems, values } = parseLedgerQuery(await searchParams)
  const [{ events, next }, counts] = await Promise.all([listLedgerEvents(filters, cursor), countLedgerStatuses(filters)])
  const tab = (status: string | null, label: string, count?: number) => (
    <li key={label}>
      <Link
        href={ledgerHref(values, { status })}
        aria-current={(values.status ?? null) === status ? 'page' : undefined}
        className={cx(
          'inline-flex h-9 items-center gap-1.5 rounded-full border px-3 text-sm',
          (values.status ?? null) === status ? 'border-zinc-900 bg-zinc-900 text-white dark:border-white dark:bg-white dark:text-zinc-900' : 'border-zinc-300 text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-900',
        )}
      >
        {label}
        {count !== undefined && <span className="tabular-nums">{formatCount(count, STATUS_COUNT_CAP)}</span>}
      </Link>
    </li>
  )

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">Events</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Every Stripe event the webhook received, newest first, and what became of it.</p>
      </div>
      {problems.length > 0 && (
        <Notice tone="warning" alert>
          <p className="font-medium">Some filters were left out:</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Notice>
      )}
      <LedgerFilters values={values} eventTypes={Object.keys(stripeEventHandlers)} />
      <nav aria-label="Events by status">
        <ul className="flex flex-wrap gap-2">
          {tab(null, 'All')}
          {LEDGER_STATUSES.map((status) => tab(status, status, counts[status]))}
        </ul>
      </nav>
      {filters.type && counts.failed > 0 && (
        <p>
          <Link href={`/admin/events/replay?type=${encodeURIComponent(filters.type)}`} className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
            Replay every failed {filters.type} event…
          </Link>
        </p>
      )}
      <LedgerList events={events} />
      <nav aria-label="Pages" className="flex flex-wrap gap-3">
        {cursor && (
          <Link href={ledgerHref(values)} className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
            Newest
          </Link>
        )}
        {next && (
          <Link href={ledgerHref(values, { after: encodeCursor(next) })} className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
            Older events
          </Link>
        )}
      </nav>
    </div>
  )
}
