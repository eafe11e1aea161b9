import type { Metadata } from 'next'
import Link from 'next/link'
import { BuyCredits } from '@/components/usage/buy-credits'
import { UsageSection } from '@/components/usage/usage-section'
import { Container } from '@/components/ui/container'
import { Notice } from '@/components/ui/notice'
import { requireUser } from '@/lib/auth/session'
import { CREDIT_PACKS, findCreditPack, metersOf } from '@/lib/billing/catalog'
import { getEntitlements } from '@/lib/billing/get-entitlements'
import { getActiveOrganization, NOT_ALLOWED } from '@/lib/organizations/active-organization'
import { can } from '@/lib/organizations/roles'
import { getStripe } from '@/lib/stripe/client'
import { creditPurchasesByGrant } from '@/lib/usage/buy-credits'
import { creditView } from '@/lib/usage/credits'
import { nextInvoiceEstimate } from '@/lib/usage/next-invoice'
import { usageSummary } from '@/lib/usage/usage-summary'

export const metadata: Metadata = { title: 'Usage and credits' }

/**
 * Usage with what only Stripe knows: its preview of the next invoice (metered usage as Stripe has counted it) and
 * the credit balance. Its own page, so /billing keeps rendering from the database alone; three Stripe reads here.
 */
export default async function BillingUsagePage({ searchParams }: { searchParams?: Promise<{ bought?: string }> } = {}) {
  const user = await requireUser('/billing/usage')
  const organization = await getActiveOrganization(user)
  const stripe = getStripe()
  if (!can(organization.role, 'manage_billing') || !stripe || !organization.stripeCustomerId) {
    return (
      <Container className="max-w-2xl py-12">
        <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Usage and credits</h1>
        <Notice className="mt-8">{can(organization.role, 'manage_billing') ? 'Nothing to show yet: this organization has not checked out.' : NOT_ALLOWED.manage_billing}</Notice>
      </Container>
    )
  }
  const { plan, subscription, standing } = await getEntitlements(organization.id)
  // Credit pays for metered use only: a plan that bills none is not offered it (the action says the same).
  const sellsCredits = subscription !== null && standing !== 'ended' && metersOf(plan).some((meter) => meter.prices.length > 0)
  const bought = findCreditPack((await searchParams)?.bought ?? '')
  const [usage, nextInvoice, credits, purchases] = await Promise.all([
    usageSummary(organization.id),
    subscription && standing !== 'ended' ? nextInvoiceEstimate(stripe, organization.stripeCustomerId, subscription.id) : null,
    creditView(stripe, organization.stripeCustomerId),
    creditPurchasesByGrant(organization.id),
  ])
  return (
    <Container className="max-w-2xl py-12">
      <p className="text-sm">
        <Link href="/billing" className="font-medium text-brand-700 underline dark:text-brand-300">
          Billing
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Usage and credits</h1>
      <UsageSection summaries={usage} nextInvoice={nextInvoice} credits={credits} purchases={purchases} canUpgrade />
      {sellsCredits && <BuyCredits packs={CREDIT_PACKS} bought={bought} />}
    </Container>
  )
}
