import type { Metadata } from 'next'
import Link from 'next/link'
import { ApiVersionCard } from '@/components/admin/api-version-card'
import { DateTime, formatAge } from '@/components/admin/date-time'
import { HealthCard, linkClass } from '@/components/admin/health-card'
import { MeterErrorReports } from '@/components/admin/meter-error-reports'
import { Container } from '@/components/ui/container'
import { ledgerHealth } from '@/lib/operators/health'
import { requireOperator } from '@/lib/operators/operators'
import { meterErrorReportsOverview } from '@/lib/usage/meter-error-reports'

export const metadata: Metadata = { title: 'Operator console' }

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
const eventsLink = (params: Record<string, string>) => `/admin/events?${new URLSearchParams(params)}`
/** Who started the last full comparison (lib/reconcile/sweep-lease.ts), in words. */
const SWEEP_REASONS: Record<string, string> = {
  daily: 'the daily one, at 03:41 UTC',
  fallback: 'the hourly walk’s fallback; the daily one runs at 03:41 UTC',
  'on-demand': 'on demand; the daily one runs at 03:41 UTC',
}

/** Health at a glance: what failed, what is stuck, what reconciliation found. The database only; no Stripe call. */
export default async function AdminHealthPage() {
  await requireOperator()
  const [{ at, failed, stuck, oldestUnprocessed, retries, reconciliation, versions, sweeps }, meterErrors] = await Promise.all([ledgerHealth(), meterErrorReportsOverview()])
  const now = at.getTime()
  const { checkpoint, latestDrift, lastDay } = reconciliation

  return (
    <Container className="max-w-5xl space-y-8 py-10">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Health</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">
          The webhook ledger and reconciliation as of <DateTime date={at} />. Find an organization’s history in{' '}
          <Link href="/admin/organizations" className={linkClass}>organizations</Link>.
        </p>
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <HealthCard id="health-failed" title="Failed events" tone={failed.count > 0 ? 'problem' : 'ok'} figure={failed.count === 0 ? 'None' : plural(failed.count, 'event')}>
          {failed.oldest && (
            <p>
              Oldest: <Link href={`/admin/events/${failed.oldest.id}`} className={linkClass}>{failed.oldest.type}</Link>, received <DateTime date={failed.oldest.receivedAt} />
              {failed.oldest.lastError && <span className="mt-1 block break-words font-mono text-xs text-zinc-600 dark:text-zinc-400">{failed.oldest.lastError.slice(0, 200)}</span>}
            </p>
          )}
          {failed.byType.length > 0 && (
            <ul className="space-y-1" aria-label="Failed events by type">
              {failed.byType.map(({ type, count }) => (
                <li key={type} className="flex justify-between gap-3">
                  <Link href={eventsLink({ status: 'failed', type })} className={`${linkClass} min-w-0 break-all`}>{type}</Link>
                  <span className="shrink-0 tabular-nums">{count}</span>
                </li>
              ))}
            </ul>
          )}
        </HealthCard>

        <HealthCard id="health-retries" title="Automatic retries" tone={retries.exhausted > 0 ? 'problem' : retries.pending > 0 ? 'attention' : 'ok'} figure={retries.pending === 0 ? 'None pending' : `${plural(retries.pending, 'event')} pending`}>
          {retries.nextDueAt && <p>Next re-run due <DateTime date={retries.nextDueAt} /> (reconciliation runs hourly).</p>}
          <p>
            {retries.exhausted === 0 ? 'No event is past' : `${plural(retries.exhausted, 'event')} past`} the {retries.limit} automatic re-runs
            {retries.exhausted > 0 && <>: they wait for a replay after a fix (<Link href={eventsLink({ status: 'failed' })} className={linkClass}>failed events</Link>)</>}.
          </p>
        </HealthCard>

        <HealthCard id="health-stuck" title="Stuck events" tone={stuck.count > 0 ? 'problem' : 'ok'} figure={stuck.count === 0 ? 'None' : plural(stuck.count, 'event')}>
          <p>Received or queued for over {Math.round(stuck.thresholdMs / 60_000)} minutes: neither the hand-off, nor reconciliation’s re-send, nor Inngest moved them.</p>
          {stuck.oldest && (
            <p>
              Oldest: <Link href={`/admin/events/${stuck.oldest.id}`} className={linkClass}>{stuck.oldest.type}</Link> ({stuck.oldest.status}, {formatAge(stuck.oldest.receivedAt, now)} ago).
            </p>
          )}
          {stuck.count > 0 && (
            <p>
              See <Link href={eventsLink({ status: 'received' })} className={linkClass}>received</Link> and <Link href={eventsLink({ status: 'queued' })} className={linkClass}>queued</Link> events.
            </p>
          )}
        </HealthCard>

        <HealthCard id="health-oldest" title="Oldest unprocessed event" tone={oldestUnprocessed ? 'attention' : 'ok'} figure={oldestUnprocessed ? `${formatAge(oldestUnprocessed.receivedAt, now)} old` : 'None: all caught up'}>
          {oldestUnprocessed && (
            <p>
              <Link href={`/admin/events/${oldestUnprocessed.id}`} className={linkClass}>{oldestUnprocessed.type}</Link>, {oldestUnprocessed.status}, received <DateTime date={oldestUnprocessed.receivedAt} />.
            </p>
          )}
        </HealthCard>

        <div className="min-w-0 sm:col-span-2">
          <ApiVersionCard versions={versions} now={now} />
        </div>

        <div className="min-w-0 sm:col-span-2">
          <MeterErrorReports {...meterErrors} />
        </div>
      </div>

      <section aria-labelledby="health-reconciliation" className="rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800">
        <h2 id="health-reconciliation" className="text-lg font-semibold text-zinc-900 dark:text-white">Last reconciliation</h2>
        <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Walk of Stripe’s events</dt>
            <dd className="mt-1 text-zinc-900 dark:text-white">{checkpoint ? <>moved <DateTime date={checkpoint.updatedAt} /></> : 'has not run yet'}</dd>
            {checkpoint?.reachedAt && <dd className="text-zinc-600 dark:text-zinc-400">up to events of <DateTime date={checkpoint.reachedAt} /></dd>}
          </div>
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Full comparison with Stripe</dt>
            <dd className="mt-1 text-zinc-900 dark:text-white">
              {sweeps.running && !sweeps.running.abandoned ? <>running ({sweeps.running.reason}), last page <DateTime date={sweeps.running.lastPageAt} /></> : sweeps.lastFinished ? <>finished <DateTime date={sweeps.lastFinished.finishedAt} /></> : 'has not run yet'}
            </dd>
            {sweeps.running?.abandoned && <dd className="font-medium text-red-700 dark:text-red-300">stopped {formatAge(sweeps.running.lastPageAt, now)} ago ({sweeps.running.reason}); the next one takes over</dd>}
            {!sweeps.running && sweeps.lastFinished && <dd className="text-zinc-600 dark:text-zinc-400">{SWEEP_REASONS[sweeps.lastFinished.reason] ?? sweeps.lastFinished.reason}</dd>}
          </div>
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Latest drift found</dt>
            <dd className="mt-1 text-zinc-900 dark:text-white">
              {latestDrift ? <>{plural(latestDrift.fields, 'field')} on <DateTime date={latestDrift.foundAt} /> ({latestDrift.source})</> : 'none ever'}
            </dd>
            {latestDrift && <dd className={latestDrift.unrepaired > 0 ? 'font-medium text-red-700 dark:text-red-300' : 'text-zinc-600 dark:text-zinc-400'}>{latestDrift.unrepaired === 0 ? 'all repaired' : `${latestDrift.repaired} repaired, ${latestDrift.unrepaired} not`}</dd>}
          </div>
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Drift in the last 24 hours</dt>
            <dd className="mt-1 text-zinc-900 dark:text-white">{lastDay.fields === 0 ? 'none' : plural(lastDay.fields, 'field')}</dd>
            {lastDay.fields > 0 && <dd className={lastDay.unrepaired > 0 ? 'font-medium text-red-700 dark:text-red-300' : 'text-zinc-600 dark:text-zinc-400'}>{lastDay.unrepaired === 0 ? 'all repaired' : `${lastDay.unrepaired} not repaired`}</dd>}
          </div>
        </dl>
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">A run that finds nothing stores nothing, so the latest drift can be older than the last run. Each organization’s drift is on its timeline.</p>
      </section>
    </Container>
  )
}
