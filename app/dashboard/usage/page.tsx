import type { Metadata } from 'next'
import Link from 'next/link'
import { DailyUsageChart } from '@/components/usage/daily-usage-chart'
import { LimitReached } from '@/components/usage/limit-reached'
import { SpendForm } from '@/components/usage/spend-form'
import { UsageGauge } from '@/components/usage/usage-gauge'
import { Container } from '@/components/ui/container'
import { requireUser } from '@/lib/auth/session'
import { getActiveOrganization } from '@/lib/organizations/active-organization'
import { can } from '@/lib/organizations/roles'
import { spendApiCalls } from '@/lib/usage/actions'
import { usageSummary } from '@/lib/usage/usage-summary'

export const metadata: Metadata = { title: 'Usage playground' }

/** The example meter in action: spend API calls and watch the gauge, the limit and (on /billing) the bill. */
export default async function UsagePlaygroundPage() {
  const user = await requireUser('/dashboard/usage')
  const organization = await getActiveOrganization(user)
  const [apiCalls] = (await usageSummary(organization.id)).filter((s) => s.meter.key === 'api_calls')
  return (
    <Container className="max-w-2xl py-12">
      <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Usage playground</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        Each click records API calls for {organization.name} the way your API would: one database write, no Stripe call while you wait. Stripe hears of them
        moments later, in batches.
      </p>
      {apiCalls ? (
        <section aria-labelledby="playground-heading" className="mt-8 rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
          <h2 id="playground-heading" className="text-lg font-semibold text-zinc-900 dark:text-white">
            API calls this period
          </h2>
          <UsageGauge className="mt-4" label="API calls" used={apiCalls.used} included={apiCalls.allowance?.included ?? 0} limit={apiCalls.allowance?.limit ?? null} unitLabel="API call" />
          {apiCalls.limitReached && <LimitReached summary={apiCalls} canUpgrade={can(organization.role, 'manage_billing')} />}
          <SpendForm action={spendApiCalls} />
          <DailyUsageChart days={apiCalls.daily} unitLabel="API call" />
        </section>
      ) : (
        <p className="mt-8 text-zinc-700 dark:text-zinc-300">This plan counts no API calls.</p>
      )}
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        The overage, the next invoice and the chart are on{' '}
        <Link href="/billing" className="font-medium text-brand-700 underline dark:text-brand-300">
          Billing
        </Link>
        .
      </p>
    </Container>
  )
}
