import type { Metadata } from 'next'
import Link from 'next/link'
import { ActionForm } from '@/components/billing/action-form'
import { BillingNotice } from '@/components/billing/billing-notice'
import { SubscriptionSummary } from '@/components/billing/subscription-summary'
import { buttonClasses } from '@/components/ui/button'
import { StripeSetupSteps } from '@/components/billing/stripe-setup-steps'
import { Container } from '@/components/ui/container'
import { Notice } from '@/components/ui/notice'
import { requireUser } from '@/lib/auth/session'
import { manageBilling } from '@/lib/billing/actions'
import { billingStateOf } from '@/lib/billing/billing-state'
import { getEntitlements } from '@/lib/billing/get-entitlements'
import { db } from '@/lib/db'
import { getStripe } from '@/lib/stripe/client'

export const metadata: Metadata = { title: 'Billing' }

export default async function BillingPage() {
  const user = await requireUser('/billing')
  const entitlements = await getEntitlements(user.id)
  const { subscription } = entitlements
  const state = billingStateOf(entitlements)
  const [price, account] = await Promise.all([
    subscription ? db.price.findUnique({ where: { id: subscription.priceId } }) : null,
    db.user.findUnique({ where: { id: user.id }, select: { stripeCustomerId: true } }),
  ])

  return (
    <Container className="max-w-2xl py-12">
      <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Billing</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">Your plan and payments, for {user.email}.</p>

      <BillingNotice state={state} className="mt-8" />
      {!getStripe() && (
        <Notice className="mt-8">
          <StripeSetupSteps />
        </Notice>
      )}

      <div className="mt-8">
        <SubscriptionSummary entitlements={entitlements} price={price} state={state} />
      </div>

      <div className="mt-8 flex flex-col gap-3 sm:flex-row">
        {account?.stripeCustomerId && <ActionForm action={manageBilling} label="Manage billing" pendingLabel="Opening Stripe…" variant="primary" className="sm:w-56" />}
        <Link href="/pricing" className={buttonClasses({ variant: 'secondary', className: 'sm:w-56' })}>
          {subscription ? 'Compare plans' : 'See plans'}
        </Link>
      </div>
    </Container>
  )
}
