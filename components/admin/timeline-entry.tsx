import Link from 'next/link'
import type { CarriedState, TimelineEntry } from '@/lib/operators/organization-timeline'
import { DateTime, formatDateTime } from './date-time'
import { linkClass } from './health-card'

function describeCarried(carried: CarriedState): string {
  switch (carried.kind) {
    case 'subscription': {
      const extras = [carried.quantity !== null && `${carried.quantity} seat${carried.quantity === 1 ? '' : 's'}`, carried.cancelAtPeriodEnd && 'cancels at period end', !carried.cancelAtPeriodEnd && carried.cancelAt && `cancels ${formatDateTime(carried.cancelAt)}`]
      return [`${carried.subscriptionId} ${carried.status}`, ...extras.filter(Boolean)].join(' · ')
    }
    case 'invoice':
      return `invoice ${carried.invoiceId} ${carried.status ?? ''}${carried.subscriptionId ? ` for ${carried.subscriptionId}` : ''}`.replace(/\s+/g, ' ')
    case 'checkout':
      return `checkout ${carried.sessionId} ${carried.status ?? ''}${carried.subscriptionId ? ` → ${carried.subscriptionId}` : ''}`.replace(/\s+/g, ' ')
  }
}

const badge = 'inline-block rounded px-1.5 py-0.5 text-xs font-medium'
const statusTone: Record<string, string> = {
  processed: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  ignored: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  failed: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
}

/** One line of an organization's timeline: a Stripe event and the state it carried, or drift reconciliation found. */
export function TimelineItem({ entry }: { entry: TimelineEntry }) {
  if (entry.kind === 'event') {
    return (
      <li className="py-3">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <DateTime date={entry.at} />
          <Link href={`/admin/events/${entry.id}`} className={`${linkClass} break-all`}>{entry.type}</Link>
          <span className={`${badge} ${statusTone[entry.ledgerStatus] ?? 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200'}`}>{entry.ledgerStatus}</span>
        </p>
        <p className="mt-1 break-words text-sm text-zinc-700 dark:text-zinc-300">
          {entry.payloadPruned ? 'Payload pruned by the ledger’s retention: the state it carried is no longer stored.' : entry.carried ? describeCarried(entry.carried) : 'Carries no subscription state.'}
        </p>
      </li>
    )
  }
  return (
    <li className="border-l-4 border-amber-400 py-3 pl-3 dark:border-amber-600">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <DateTime date={entry.at} />
        <span className="font-medium text-zinc-900 dark:text-white">Reconciliation found drift ({entry.source})</span>
        <span className={`${badge} ${entry.repaired ? statusTone.processed : statusTone.failed}`}>{entry.repaired ? 'repaired' : 'not repaired'}</span>
      </p>
      <p className="mt-1 break-words text-sm text-zinc-700 dark:text-zinc-300">
        {entry.subscriptionId} {entry.field === 'row' ? `was missing from the database; Stripe had it ${entry.now ?? 'absent'}` : `${entry.field}: database had ${entry.was ?? 'nothing'}, Stripe had ${entry.now ?? 'nothing'}`}
      </p>
    </li>
  )
}
