import type { Metadata } from 'next'
import Link from 'next/link'
import { formatDateTime } from '@/components/admin/date-time'
import { ReplayOutcomeNotice } from '@/components/admin/replay-outcome-notice'
import { buttonClasses } from '@/components/ui/button'
import { listAuditRecords } from '@/lib/operators/audit'
import { requireOperator } from '@/lib/operators/operators'
import { replayOutcome } from '@/lib/operators/replay-outcome'

export const metadata: Metadata = { title: 'Audit' }

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

const SHOWN_TARGETS = 10

function parseList(json: string): string[] {
  const value: unknown = JSON.parse(json)
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

export default async function AuditPage({ searchParams }: Props) {
  await requireOperator()
  const { after, replayed } = await searchParams
  const outcome = typeof replayed === 'string' ? await replayOutcome(replayed) : null
  const { records, next } = await listAuditRecords(typeof after === 'string' && /^[a-z0-9]{1,40}$/.test(after) ? after : undefined)

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">Audit</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Every action taken in this console: who, what, on which ids, and when. Newest first.</p>
      </div>
      {outcome && <ReplayOutcomeNotice outcome={outcome} />}
      {records.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">No operator has acted yet.</p>
      ) : (
        <ol className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {records.map((record) => {
            const targets = parseList(record.targetIds)
            return (
              <li key={record.id} className="space-y-1 p-4 text-sm">
                <p className="flex flex-wrap gap-x-2 text-zinc-900 dark:text-white">
                  <span className="font-medium">{record.action}</span>
                  <span>
                    {record.targetCount} target{record.targetCount === 1 ? '' : 's'}
                  </span>
                </p>
                <p className="break-words text-zinc-600 dark:text-zinc-400">
                  {record.operatorEmail} · <time dateTime={record.createdAt.toISOString()}>{formatDateTime(record.createdAt)}</time>
                </p>
                {targets.length > 0 && (
                  <ul className="flex flex-wrap gap-x-3 gap-y-1">
                    {targets.slice(0, SHOWN_TARGETS).map((id) => (
                      <li key={id}>
                        <Link href={`/admin/events/${id}`} className="font-mono text-xs break-all text-brand-700 underline dark:text-brand-400">{id}</Link>
                      </li>
                    ))}
                    {record.targetCount > SHOWN_TARGETS && <li className="text-xs text-zinc-600 dark:text-zinc-400">{`and ${record.targetCount - SHOWN_TARGETS} more`}</li>}
                  </ul>
                )}
                {record.detail ? <pre className="rounded-md bg-zinc-50 p-2 font-mono text-xs break-all whitespace-pre-wrap text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200">{record.detail}</pre> : <p className="text-xs text-amber-800 dark:text-amber-300">Started; no result was recorded (still running, or it stopped part-way).</p>}
              </li>
            )
          })}
        </ol>
      )}
      {next && (
        <Link href={`/admin/audit?after=${next}`} className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
          Older records
        </Link>
      )}
    </div>
  )
}
