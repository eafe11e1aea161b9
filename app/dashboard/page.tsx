import type { Metadata } from 'next'
import { BillingStatePanel } from '@/components/dashboard/billing-state-panel'
import { PlanOverview } from '@/components/dashboard/plan-overview'
import { RevenueReports } from '@/components/dashboard/revenue-reports'
import { Container } from '@/components/ui/container'
import { UsageCard } from '@/components/usage/usage-card'
import { requireUser } from '@/lib/auth/session'
import { billingStateOf } from '@/lib/billing/billing-state'
import { planFor } from '@/lib/billing/catalog'
import { getEntitlements } from '@/lib/billing/get-entitlements'
import { subscriptionCharge } from '@/lib/billing/subscription-charge'
import { getUsage } from '@/lib/billing/usage'
import { getActiveOrganization } from '@/lib/organizations/active-organization'
import { can } from '@/lib/organizations/roles'
import { usageSummary } from '@/lib/usage/usage-summary'

export const metadata: Metadata = { title: 'Dashboard' }

export default async function DashboardPage() {
  const user = await requireUser('/dashboard')
  const organization = await getActiveOrganization(user)
  const [entitlements, usage, metered] = await Promise.all([getEntitlements(organization.id), getUsage(organization.id), usageSummary(organization.id)])
  const charge = entitlements.subscription ? await subscriptionCharge(entitlements.subscription.id) : null
  const managesBilling = can(organization.role, 'manage_billing')
  const state = billingStateOf(entitlements)
  // A subscription whose plan has reports but grants nothing now: the way to them is paying, not another plan.
  const subscribed = entitlements.subscription && planFor({ lookupKey: entitlements.subscription.priceLookupKey, productId: entitlements.subscription.productId })
  const waitingOn = subscribed?.features.includes('reports') && !entitlements.features.has('reports') ? subscribed.name : null
  return (
    <Container className="py-12">
      <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Dashboard</h1>
      <p className="mt-2 break-words text-zinc-600 dark:text-zinc-400">
        Signed in as {user.email}
        {organization.personal ? `, on the ${entitlements.plan.name} plan.` : `. ${organization.name} is on the ${entitlements.plan.name} plan.`}
      </p>
      <div className="mt-10 grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <PlanOverview entitlements={entitlements} usage={usage} personal={organization.personal} />
        </div>
        <BillingStatePanel state={state} charge={charge} managesBilling={managesBilling} organizationName={organization.name} />
      </div>
      <div className="mt-6">
        <UsageCard summaries={metered} canUpgrade={managesBilling} />
      </div>
      <div className="mt-6">
        <RevenueReports unlocked={entitlements.features.has('reports')} upgradeBy={managesBilling ? 'you' : { organizationName: organization.name }} waitingOn={waitingOn} />
      </div>
    </Container>
  )
}
