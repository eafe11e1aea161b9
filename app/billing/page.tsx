import type { Metadata } from 'next'
import Link from 'next/link'
import { ActionForm } from '@/components/billing/action-form'
import { BillingNotice } from '@/components/billing/billing-notice'
import { CancellationPanel } from '@/components/billing/cancellation/cancellation-panel'
import { InvoiceList, invoiceCursorFrom } from '@/components/billing/invoices/invoice-list'
import { ChangePlanSection } from '@/components/billing/plan-change/change-plan-section'
import { SubscriptionSummary } from '@/components/billing/subscription-summary'
import { buttonClasses } from '@/components/ui/button'
import { StripeSetupSteps } from '@/components/billing/stripe-setup-steps'
import { Container } from '@/components/ui/container'
import { Notice } from '@/components/ui/notice'
import { UsageSection } from '@/components/usage/usage-section'
import { requireUser } from '@/lib/auth/session'
import { manageBilling } from '@/lib/billing/actions'
import { billingStateOf } from '@/lib/billing/billing-state'
import { getEntitlements } from '@/lib/billing/get-entitlements'
import { listInvoices } from '@/lib/billing/invoices/list-invoices'
import { planChangeStateFor } from '@/lib/billing/plan-changes/state'
import { db } from '@/lib/db'
import { env, testClocksOn } from '@/lib/env'
import { getActiveOrganization, NOT_ALLOWED } from '@/lib/organizations/active-organization'
import { can } from '@/lib/organizations/roles'
import { getStripe } from '@/lib/stripe/client'
import { usageSummary } from '@/lib/usage/usage-summary'

export const metadata: Metadata = { title: 'Billing' }

export default async function BillingPage({ searchParams }: { searchParams?: Promise<Record<string, string | string[] | undefined>> } = {}) {
  const user = await requireUser('/billing')
  const organization = await getActiveOrganization(user)
  if (!can(organization.role, 'manage_billing')) {
    return (
      <Container className="max-w-2xl py-12">
        <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Billing</h1>
        <Notice className="mt-8" alert>
          {NOT_ALLOWED.manage_billing} Ask an owner of {organization.name}, or switch to an organization you own.
        </Notice>
      </Container>
    )
  }
  const entitlements = await getEntitlements(organization.id)
  const { subscription } = entitlements
  const state = billingStateOf(entitlements)
  const [price, members, row, invoices, planChanges, usage] = await Promise.all([
    subscription ? db.price.findUnique({ where: { id: subscription.priceId } }) : null,
    db.membership.count({ where: { organizationId: organization.id } }),
    subscription ? db.subscription.findUnique({ where: { id: subscription.id }, select: { quantity: true } }) : null,
    listInvoices(organization.id, invoiceCursorFrom((await searchParams) ?? {})),
    planChangeStateFor(organization.id),
    usageSummary(organization.id),
  ])

  return (
    <Container className="max-w-2xl py-12">
      <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Billing</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">The plan and payments of {organization.name}.</p>

      <BillingNotice state={state} className="mt-8" />
      {!getStripe() && (
        <Notice className="mt-8">
          <StripeSetupSteps />
        </Notice>
      )}

      <div className="mt-8">
        <SubscriptionSummary entitlements={entitlements} price={price} state={state} seats={{ used: members, paidFor: row?.quantity ?? null }} />
      </div>

      {/* From the database alone, as the rest of this page: Stripe's estimate and the credits are on /billing/usage. */}
      <UsageSection summaries={usage} nextInvoice={null} detailsHref={organization.stripeCustomerId && getStripe() ? '/billing/usage' : undefined} canUpgrade />

      <ChangePlanSection state={planChanges} />

      <div className="mt-8 flex flex-col gap-3 sm:flex-row">
        {organization.stripeCustomerId && getStripe() && <ActionForm action={manageBilling} label="Manage billing" pendingLabel="Opening Stripe…" variant="primary" className="sm:w-56" />}
        <Link href="/pricing" className={buttonClasses({ variant: 'secondary', className: 'sm:w-56' })}>
          {subscription ? 'Compare plans' : 'See plans'}
        </Link>
      </div>

      {organization.stripeCustomerId && testClocksOn(env()) && (
        <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
          Test clocks are on:{' '}
          <Link href="/billing/test-clock" className="font-medium text-brand-700 underline dark:text-brand-300">
            move time
          </Link>{' '}
          for {organization.name} and watch renewals, trials, failed payments and cancellations happen.
        </p>
      )}

      <div className="mt-8">
        <CancellationPanel entitlements={entitlements} />
      </div>
      <div className="mt-12">
        <InvoiceList page={invoices} />
      </div>
    </Container>
  )
}
