import type { Metadata } from 'next'
import { RevenueReports } from '@/components/dashboard/revenue-reports'
import { Container } from '@/components/ui/container'
import { requireUser } from '@/lib/auth/session'
import { getEntitlements } from '@/lib/billing/get-entitlements'
import { getActiveOrganization } from '@/lib/organizations/active-organization'

export const metadata: Metadata = { title: 'Dashboard' }

export default async function DashboardPage() {
  const user = await requireUser('/dashboard')
  const organization = await getActiveOrganization(user)
  const { plan, features, limits } = await getEntitlements(organization.id)
  return (
    <Container className="py-12">
      <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Dashboard</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        Signed in as {user.email}, on the {plan.name} plan: up to {limits.projects} project{limits.projects === 1 ? '' : 's'} and {limits.seats} seat{limits.seats === 1 ? '' : 's'}.
      </p>
      <div className="mt-10">
        <RevenueReports unlocked={features.has('reports')} />
      </div>
    </Container>
  )
}
