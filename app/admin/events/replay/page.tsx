import type { Metadata } from 'next'
import { randomUUID } from 'node:crypto'
import Link from 'next/link'
import { EventStatus } from '@/components/admin/event-status'
import { ActionForm } from '@/components/billing/action-form'
import { buttonClasses } from '@/components/ui/button'
import { Notice } from '@/components/ui/notice'
import { db } from '@/lib/db'
import { replayFromConsole } from '@/lib/operators/actions'
import { requireOperator } from '@/lib/operators/operators'
import { isReplayable, MAX_REPLAY_SELECTION } from '@/lib/webhooks/replay'

export const metadata: Metadata = { title: 'Replay events' }

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

const EVENT_ID = /^evt_[A-Za-z0-9_]+$/
const EVENT_TYPE = /^[a-z0-9_.]+$/

/** The confirmation step before any replay: what will be re-sent, and one button that sends it once. */
export default async function ReplayPage({ searchParams }: Props) {
  await requireOperator()
  const params = await searchParams
  const ids = [...new Set([params.id].flat().filter((id): id is string => typeof id === 'string' && EVENT_ID.test(id)))]
  const type = typeof params.type === 'string' && EVENT_TYPE.test(params.type) ? params.type : null

  if (ids.length === 0 && !type) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">Replay events</h1>
        <Notice tone="warning">Nothing was chosen to replay. Tick events in the list, or filter by a type to replay its failed events.</Notice>
        <Link href="/admin/events" className={buttonClasses({ variant: 'secondary' })}>Back to events</Link>
      </div>
    )
  }
  if (ids.length > MAX_REPLAY_SELECTION) {
    return <Notice tone="warning">{`At most ${MAX_REPLAY_SELECTION} events can be replayed at once; ${ids.length} were ticked.`}</Notice>
  }

  const rows = type
    ? await db.stripeEvent.findMany({ where: { status: 'failed', type }, orderBy: { stripeCreatedAt: 'asc' }, take: 20, select: { id: true, type: true, status: true } })
    : await db.stripeEvent.findMany({ where: { id: { in: ids } }, orderBy: { stripeCreatedAt: 'asc' }, select: { id: true, type: true, status: true } })
  const total = type ? await db.stripeEvent.count({ where: { status: 'failed', type } }) : rows.filter((row) => isReplayable(row.status)).length
  const missing = ids.filter((id) => !rows.some((row) => row.id === id))
  const back = ids.length === 1 ? `/admin/events/${ids[0]}` : type ? `/admin/events?type=${encodeURIComponent(type)}&status=failed` : '/admin/events'

  return (
    <div className="max-w-3xl space-y-5">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">Replay {type ? `every failed ${type} event` : ids.length === 1 ? 'this event' : `${ids.length} events`}?</h1>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        Each event is sent to Inngest again and runs through its handlers, as <code className="font-mono">npm run stripe:replay</code> does. Handlers are
        idempotent and billing emails go out once per event, so a replay changes only what did not happen.
      </p>
      {missing.length > 0 && <Notice tone="warning">{`Not in the ledger: ${missing.join(', ')}`}</Notice>}
      {rows.some((row) => !isReplayable(row.status)) && <Notice tone="info">Events no handler wants (ignored) and bodies that were never a usable event (refused) are skipped.</Notice>}
      <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
        {rows.map((row) => (
          <li key={row.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-3">
            <span className="font-mono break-all">{row.id}</span>
            <span className="text-zinc-600 dark:text-zinc-400">{row.type}</span>
            <EventStatus status={row.status} />
          </li>
        ))}
        {type && total > rows.length && <li className="p-3 text-zinc-600 dark:text-zinc-400">{`and ${(total - rows.length).toLocaleString('en-US')} more`}</li>}
      </ul>
      {total === 0 ? (
        <Notice tone="info">There is nothing to replay.</Notice>
      ) : (
        <div className="flex flex-wrap items-start gap-3">
          <ActionForm
            action={replayFromConsole}
            fields={{ requestId: randomUUID(), ...(type ? { type } : { ids: rows.filter((row) => isReplayable(row.status)).map((row) => row.id).join(',') }) }}
            label={`Replay ${total.toLocaleString('en-US')} event${total === 1 ? '' : 's'}`}
            pendingLabel="Replaying…"
          />
          <Link href={back} className={buttonClasses({ variant: 'ghost' })}>Cancel</Link>
        </div>
      )}
    </div>
  )
}
