import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import type { ReactNode } from 'react'
import { EventStatus } from '@/components/admin/event-status'
import { formatDateTime } from '@/components/admin/date-time'
import { JsonBlock } from '@/components/admin/json-block'
import { ReplayOutcomeNotice } from '@/components/admin/replay-outcome-notice'
import { RefreshWhilePending } from '@/components/billing/refresh-while-pending'
import { buttonClasses } from '@/components/ui/button'
import { Notice } from '@/components/ui/notice'
import { db } from '@/lib/db'
import { requireOperator } from '@/lib/operators/operators'
import { replayOutcome } from '@/lib/operators/replay-outcome'
import { AUTO_RETRY_LIMIT } from '@/lib/webhooks/ledger'
import { findLedgerEvent } from '@/lib/webhooks/ledger-search'
import { isReplayable } from '@/lib/webhooks/replay'

export const metadata: Metadata = { title: 'Event' }

type Props = { params: Promise<{ id: string }>; searchParams?: Promise<{ replayed?: string | string[] }> }

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{term}</dt>
      <dd className="mt-0.5 text-sm break-words text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  )
}

export default async function EventPage({ params, searchParams }: Props) {
  await requireOperator()
  const event = await findLedgerEvent((await params).id)
  if (!event) notFound()
  const replayed = (await searchParams)?.replayed
  const outcome = typeof replayed === 'string' ? await replayOutcome(replayed) : null
  const organization = event.customerId ? await db.organization.findUnique({ where: { stripeCustomerId: event.customerId }, select: { id: true, name: true } }) : null
  // Still on its way (a replay just sent, or a delivery being handled): show the run's outcome when it lands.
  const inFlight = event.status === 'queued' || event.status === 'received'

  return (
    <div className="space-y-6">
      {inFlight && <RefreshWhilePending everyMs={2000} />}
      <div className="space-y-2">
        <p className="text-sm">
          <Link href="/admin/events" className="text-brand-700 underline dark:text-brand-400">Events</Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight break-words text-zinc-900 dark:text-white">{event.type}</h1>
        <p className="font-mono text-sm break-all text-zinc-700 dark:text-zinc-300">{event.id}</p>
        <p role="status" className="flex flex-wrap items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
          <EventStatus status={event.status} />
          {inFlight && <span>Waiting for the run to finish; this page updates by itself.</span>}
        </p>
      </div>

      {outcome && <ReplayOutcomeNotice outcome={outcome} />}

      {event.lastError && (
        <Notice tone="error">
          <h2 className="font-medium">Last error</h2>
          <pre className="mt-2 font-mono text-xs whitespace-pre-wrap break-words">{event.lastError}</pre>
        </Notice>
      )}

      <div className="flex flex-wrap gap-3">
        {isReplayable(event.status) ? (
          <Link href={`/admin/events/replay?id=${encodeURIComponent(event.id)}`} className={buttonClasses({ size: 'md' })}>
            Replay this event…
          </Link>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {event.status === 'refused'
              ? 'Stripe signed this body, but it is not an event the app can use (the last error says why), so there is nothing to replay.'
              : 'No handler wants this type, so there is nothing to replay.'}
          </p>
        )}
      </div>

      <dl className="grid gap-4 rounded-xl border border-zinc-200 p-4 sm:grid-cols-2 lg:grid-cols-3 dark:border-zinc-800">
        <Fact term="Created at Stripe">{formatDateTime(event.stripeCreatedAt)}</Fact>
        <Fact term="Received">{formatDateTime(event.receivedAt)}</Fact>
        <Fact term="Processed">{event.processedAt ? formatDateTime(event.processedAt) : 'Not yet'}</Fact>
        <Fact term="Attempts">{event.attempts}</Fact>
        <Fact term="Automatic retries">{`${event.autoRetries} of ${AUTO_RETRY_LIMIT}`}</Fact>
        <Fact term="Next automatic retry">{event.status !== 'failed' ? 'None needed' : event.nextRetryAt ? formatDateTime(event.nextRetryAt) : event.autoRetries >= AUTO_RETRY_LIMIT ? 'None left: replay it by hand' : 'At the next reconciliation run'}</Fact>
        <Fact term="Customer">
          {event.customerId ? (
            <Link href={`/admin/events?customer=${encodeURIComponent(event.customerId)}`} className="font-mono break-all text-brand-700 underline dark:text-brand-400">
              {event.customerId}
            </Link>
          ) : (
            'None'
          )}
        </Fact>
        <Fact term="Organization">
          {organization ? (
            <Link href={`/admin/organizations/${organization.id}`} className="text-brand-700 underline dark:text-brand-400">
              {organization.name}
            </Link>
          ) : (
            'Unknown'
          )}
        </Fact>
        <Fact term="Mode and API version">{`${event.livemode ? 'live' : 'test'} · ${event.apiVersion ?? 'unknown'}${event.versionMismatch ? ' (not the version the app pinned when it arrived)' : ''}`}</Fact>
      </dl>

      <section aria-labelledby="outcome" className="space-y-2">
        <h2 id="outcome" className="text-lg font-semibold text-zinc-900 dark:text-white">What its handlers did</h2>
        {event.outcome ? <JsonBlock summary="Handler outcome" text={event.outcome} /> : <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing recorded yet: the handlers record their outcome when the event is processed.</p>}
      </section>

      <section aria-labelledby="payload" className="space-y-2">
        <h2 id="payload" className="text-lg font-semibold text-zinc-900 dark:text-white">Payload</h2>
        <JsonBlock summary="The event as Stripe sent it" text={event.payload} />
      </section>
    </div>
  )
}
