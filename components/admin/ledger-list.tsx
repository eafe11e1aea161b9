import Link from 'next/link'
import { buttonClasses } from '@/components/ui/button'
import { isReplayable, MAX_REPLAY_SELECTION } from '@/lib/webhooks/replay'
import type { LedgerRow } from '@/lib/webhooks/ledger-search'
import { EventStatus } from './event-status'
import { formatDateTime } from './date-time'

/**
 * One page of events, newest first. The rows sit in a GET form to the replay confirmation, so ticking events and
 * pressing "Replay selected" works without JavaScript and always asks before anything is sent.
 */
export function LedgerList({ events }: { events: LedgerRow[] }) {
  if (events.length === 0) return <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">No events match these filters.</p>
  return (
    <form method="get" action="/admin/events/replay" aria-label="Events">
      <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {events.map((event) => (
          <li key={event.id} className="flex gap-3 p-3 sm:p-4">
            <input
              type="checkbox"
              name="id"
              value={event.id}
              id={`pick-${event.id}`}
              disabled={!isReplayable(event.status)}
              aria-label={`Select ${event.id} for replay`}
              className="mt-1 size-4 shrink-0 accent-brand-600"
            />
            <div className="min-w-0 flex-1 space-y-1">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <Link href={`/admin/events/${event.id}`} className="font-mono text-sm font-medium break-all text-brand-700 underline dark:text-brand-400">
                  {event.id}
                </Link>
                <EventStatus status={event.status} />
              </div>
              <p className="text-sm break-words text-zinc-800 dark:text-zinc-200">
                {event.type}
                {event.customerId && <span className="text-zinc-600 dark:text-zinc-400"> · <span className="font-mono break-all">{event.customerId}</span></span>}
              </p>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                Received {formatDateTime(event.receivedAt)} · {event.attempts} attempt{event.attempts === 1 ? '' : 's'}
                {event.autoRetries > 0 && ` · ${event.autoRetries} automatic retr${event.autoRetries === 1 ? 'y' : 'ies'}`}
              </p>
              {event.lastError && <p className="line-clamp-2 text-xs break-words text-red-800 dark:text-red-300">{event.lastError}</p>}
            </div>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClasses({ variant: 'secondary', size: 'sm' })}>Replay selected…</button>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">Up to {MAX_REPLAY_SELECTION} at a time; you confirm on the next page.</p>
      </div>
    </form>
  )
}
