import type { Metadata } from 'next'
import Link from 'next/link'
import { DateTime } from '@/components/admin/date-time'
import { linkClass } from '@/components/admin/health-card'
import { buttonClasses } from '@/components/ui/button'
import { Container } from '@/components/ui/container'
import { searchOrganizations } from '@/lib/operators/organization-search'
import { requireOperator } from '@/lib/operators/operators'

export const metadata: Metadata = { title: 'Organizations · Operator console' }

type Search = { q?: string | string[]; page?: string | string[] }
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? ''
const pageHref = (q: string, page: number) => `/admin/organizations?${new URLSearchParams({ ...(q && { q }), ...(page > 1 && { page: String(page) }) })}`

export default async function AdminOrganizationsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireOperator()
  const params = await searchParams
  const q = first(params.q).trim()
  const page = Math.max(1, Number.parseInt(first(params.page), 10) || 1)
  const { organizations, hasMore } = await searchOrganizations(q, page)

  return (
    <Container className="max-w-5xl space-y-6 py-10">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Organizations</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">Find one by name, organization id or Stripe customer id (cus_…), then open its timeline.</p>
      </div>

      <form method="get" action="/admin/organizations" role="search" className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <label htmlFor="organization-q" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">Name or id</label>
          <input
            id="organization-q"
            name="q"
            type="search"
            defaultValue={q}
            autoComplete="off"
            className="mt-1 block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-zinc-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 dark:border-zinc-700 dark:bg-zinc-900 dark:text-white"
          />
        </div>
        <button type="submit" className={buttonClasses({ className: 'sm:w-auto' })}>Search</button>
      </form>

      {organizations.length === 0 ? (
        <p className="text-zinc-700 dark:text-zinc-300">{q ? `No organization matches “${q}”.` : 'No organizations yet.'}</p>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-2xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label={q ? `Organizations matching ${q}` : 'Organizations, newest first'}>
          {organizations.map((org) => (
            <li key={org.id} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
              <div className="min-w-0">
                <Link href={`/admin/organizations/${org.id}`} className={`${linkClass} break-words`}>{org.name}</Link>
                <p className="break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">{org.id}{org.stripeCustomerId && ` · ${org.stripeCustomerId}`}</p>
              </div>
              <p className="shrink-0 text-sm text-zinc-700 dark:text-zinc-300">
                {org.subscription ? `${org.subscription.planName ?? 'Unknown plan'} · ${org.subscription.status}` : 'no subscription'} · {org.members} member{org.members === 1 ? '' : 's'} · since <DateTime date={org.createdAt} />
              </p>
            </li>
          ))}
        </ul>
      )}

      {(page > 1 || hasMore) && (
        <nav aria-label="Pages of organizations" className="flex justify-between gap-4 text-sm">
          {page > 1 ? <Link href={pageHref(q, page - 1)} className={linkClass}>Newer</Link> : <span />}
          <span className="text-zinc-600 dark:text-zinc-400">Page {page}</span>
          {hasMore ? <Link href={pageHref(q, page + 1)} className={linkClass}>Older</Link> : <span />}
        </nav>
      )}
    </Container>
  )
}
