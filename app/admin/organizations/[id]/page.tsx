import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { DateTime } from '@/components/admin/date-time'
import { GrantCreditForm } from '@/components/admin/grant-credit-form'
import { linkClass } from '@/components/admin/health-card'
import { TimelineItem } from '@/components/admin/timeline-entry'
import { Container } from '@/components/ui/container'
import { organizationTimeline } from '@/lib/operators/organization-timeline'
import { requireOperator } from '@/lib/operators/operators'

export const metadata: Metadata = { title: 'Organization timeline · Operator console' }

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string | string[] }> }

export default async function AdminOrganizationPage({ params, searchParams }: Props) {
  await requireOperator()
  const [{ id }, search] = await Promise.all([params, searchParams])
  const requested = Number.parseInt(String(Array.isArray(search.page) ? search.page[0] : search.page ?? '1'), 10)
  const timeline = await organizationTimeline(id, Number.isNaN(requested) ? 1 : requested)
  if (!timeline) notFound()
  const { organization, subscriptions, entries, page, hasOlder } = timeline
  const pageHref = (n: number) => `/admin/organizations/${organization.id}${n > 1 ? `?page=${n}` : ''}`

  return (
    <Container className="max-w-4xl space-y-8 py-10">
      <div>
        <p className="text-sm"><Link href="/admin/organizations" className={linkClass}>Organizations</Link></p>
        <h1 className="mt-2 break-words text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">{organization.name}</h1>
        <p className="mt-2 break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">{organization.id} · {organization.stripeCustomerId ?? 'no Stripe customer yet'}</p>
      </div>

      <section aria-labelledby="org-now" className="rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800">
        <h2 id="org-now" className="text-lg font-semibold text-zinc-900 dark:text-white">Subscriptions now</h2>
        {subscriptions.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">None in the database.</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm text-zinc-700 dark:text-zinc-300">
            {subscriptions.map((s) => (
              <li key={s.id} className="break-words">
                <span className="font-mono">{s.id}</span> {s.status} · {s.priceLookupKey ?? 'unknown price'} · {s.quantity} seat{s.quantity === 1 ? '' : 's'}{s.cancelAtPeriodEnd && ' · cancels at period end'} · as of <DateTime date={s.stripeStateAt} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {organization.stripeCustomerId && <GrantCreditForm organizationId={organization.id} />}

      <section aria-labelledby="org-timeline">
        <h2 id="org-timeline" className="text-lg font-semibold text-zinc-900 dark:text-white">Timeline</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Its Stripe events, oldest first, with the subscription state each carried, and the drift reconciliation found between them.</p>
        {entries.length === 0 ? (
          <p className="mt-4 text-sm text-zinc-700 dark:text-zinc-300">No events or drift recorded for this organization.</p>
        ) : (
          <ol className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800">
            {entries.map((entry) => <TimelineItem key={`${entry.kind}:${entry.id}`} entry={entry} />)}
          </ol>
        )}
        {(hasOlder || page > 1) && (
          <nav aria-label="Pages of the timeline" className="mt-4 flex justify-between gap-4 text-sm">
            {hasOlder ? <Link href={pageHref(page + 1)} className={linkClass}>Older</Link> : <span />}
            <span className="text-zinc-600 dark:text-zinc-400">Page {page}</span>
            {page > 1 ? <Link href={pageHref(page - 1)} className={linkClass}>Newer</Link> : <span />}
          </nav>
        )}
      </section>
    </Container>
  )
}
