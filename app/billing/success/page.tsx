import type { Metadata } from 'next'
import Link from 'next/link'
import { RefreshWhilePending } from '@/components/billing/refresh-while-pending'
import { buttonClasses } from '@/components/ui/button'
import { Container } from '@/components/ui/container'
import { Notice } from '@/components/ui/notice'
import { requireUser } from '@/lib/auth/session'
import type { Entitlements } from '@/lib/billing/entitlements'
import { confirmCheckoutWithinBudget } from '@/lib/billing/stripe-budget'
import { subscriptionCharge } from '@/lib/billing/subscription-charge'
import { formatDate } from '@/lib/format-date'
import { getActiveOrganization } from '@/lib/organizations/active-organization'
import { can } from '@/lib/organizations/roles'
import { getStripe } from '@/lib/stripe/client'

export const metadata: Metadata = { title: 'Thank you' }

type Props = { searchParams: Promise<{ session_id?: string | string[] }> }

export default async function CheckoutSuccessPage({ searchParams }: Props) {
  const { session_id: sessionId } = await searchParams
  const user = await requireUser(`/billing/success?${new URLSearchParams({ session_id: String(sessionId ?? '') })}`)
  const stripe = getStripe()
  const organization = await getActiveOrganization(user)
  // A session of another organization, or a member without billing rights, is simply not found here.
  const allowed = stripe && can(organization.role, 'manage_billing')
  const result = allowed ? await confirmCheckoutWithinBudget(stripe, user.id, organization.id, sessionId) : { kind: 'not_found' as const }
  const subscription = result.kind === 'complete' ? result.entitlements.subscription : null
  const charge = subscription ? await subscriptionCharge(subscription.id) : null

  return (
    <Container className="max-w-2xl py-16">
      {result.kind === 'complete' && (
        <>
          <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">You’re on {result.entitlements.plan.name}</h1>
          <p className="mt-3 text-zinc-600 dark:text-zinc-400">{welcome(result.entitlements, charge)}</p>
        </>
      )}
      {result.kind === 'pending' && (
        <>
          <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Payment processing</h1>
          <Notice className="mt-6" alert>Your payment is still being confirmed by your bank. This page updates by itself when it lands.</Notice>
          <RefreshWhilePending />
        </>
      )}
      {result.kind === 'busy' && (
        <>
          <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Checking your payment</h1>
          <Notice className="mt-6">We are asking Stripe a lot for your account just now. This page checks again in a few seconds.</Notice>
          <RefreshWhilePending everyMs={10_000} />
        </>
      )}
      {(result.kind === 'not_found' || result.kind === 'open') && (
        <>
          <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Checkout not found</h1>
          <p className="mt-3 text-zinc-600 dark:text-zinc-400">
            {result.kind === 'open' ? 'That checkout has not been completed yet.' : 'We could not find a completed checkout for your account at this address.'}
          </p>
        </>
      )}
      <div className="mt-8 flex gap-3">
        <Link href="/billing" className={buttonClasses()}>Go to billing</Link>
        <Link href="/dashboard" className={buttonClasses({ variant: 'secondary' })}>Open dashboard</Link>
      </div>
    </Container>
  )
}

/**
 * A trial starts with nothing paid (Stripe's $0 first invoice), so it says when the first payment comes and what it
 * is; a paid start says what was paid. Stripe emails receipts only when the account turns them on (Settings →
 * Business → Customer emails, https://docs.stripe.com/receipts) and for a payment that succeeded, so no receipt is
 * promised: a $0 trial start has none.
 */
function welcome({ subscription }: Entitlements, charge: string | null): string {
  if (subscription?.status === 'trialing' && subscription.trialEnd) {
    const then = charge ? `: ${charge}` : ''
    return `Your free trial has started, and nothing was charged today. The first payment is due on ${formatDate(subscription.trialEnd)}${then}. Cancel before then from Billing and you pay nothing.`
  }
  return `Thank you. Your plan is active now${charge ? `, at ${charge}` : ''}. Your invoices are under Billing.`
}
