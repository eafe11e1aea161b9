import type { Metadata } from 'next'
import { IntervalToggle } from '@/components/billing/interval-toggle'
import { PlanCard } from '@/components/billing/plan-card'
import { StripeSetupSteps } from '@/components/billing/stripe-setup-steps'
import { Container } from '@/components/ui/container'
import { Notice } from '@/components/ui/notice'
import { getCurrentUser } from '@/lib/auth/session'
import { getEntitlements } from '@/lib/billing/get-entitlements'
import { planChangeStateFor } from '@/lib/billing/plan-changes/state'
import { getPricedPlans } from '@/lib/billing/pricing'
import { db } from '@/lib/db'
import { getActiveOrganization } from '@/lib/organizations/active-organization'
import { can } from '@/lib/organizations/roles'
import { getStripe } from '@/lib/stripe/client'

export const metadata: Metadata = { title: 'Pricing', description: 'Plans and prices for Tollgate.' }

type Props = { searchParams: Promise<{ interval?: string | string[] }> }

export default async function PricingPage({ searchParams }: Props) {
  const interval = (await searchParams).interval === 'year' ? 'year' : 'month'
  const [plans, user] = await Promise.all([getPricedPlans(), getCurrentUser()])
  const organization = user ? await getActiveOrganization(user) : null
  const [currentPlan, changeFrom, members] = organization
    ? await Promise.all([
        getEntitlements(organization.id).then((e) => e.plan.key),
        planChangeStateFor(organization.id).then((s) => s.changeFrom),
        db.membership.count({ where: { organizationId: organization.id } }),
      ])
    : [null, null, 0]
  const buyer = organization && { name: organization.name, personal: organization.personal, members, managesBilling: can(organization.role, 'manage_billing') }

  return (
    <Container className="py-16 sm:py-20">
      <div className="mx-auto max-w-2xl text-center">
        <h1 className="text-4xl font-semibold tracking-tight text-zinc-900 sm:text-5xl dark:text-white">Simple pricing</h1>
        <p className="mt-4 text-lg text-zinc-600 dark:text-zinc-400">Start free. Upgrade when you need more; cancel whenever you like.</p>
        <div className="mt-8">
          <IntervalToggle current={interval} />
        </div>
      </div>
      {!getStripe() && (
        <Notice className="mx-auto mt-10 max-w-3xl">
          <StripeSetupSteps />
        </Notice>
      )}
      {/* As many columns as fit at 15rem or more each (one on a phone, four at 1280 px): the catalog may hold any number of plans. */}
      <div data-plan-grid className="mt-12 grid grid-cols-[repeat(auto-fit,minmax(min(100%,15rem),1fr))] gap-6">
        {plans.map((plan) => (
          <PlanCard key={plan.key} plan={plan} interval={interval} current={currentPlan === plan.key} signedIn={Boolean(user)} changeFrom={changeFrom} featured={plan.key === 'pro'} organization={buyer} paymentsConnected={Boolean(getStripe())} />
        ))}
      </div>
    </Container>
  )
}
