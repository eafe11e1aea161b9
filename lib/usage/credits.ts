import 'server-only'
import type Stripe from 'stripe'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { stripeMetadata } from '@/lib/stripe/limits'

export type CreditGrantInput = {
  customerId: string
  organizationId: string
  /** In the currency's smallest unit. */
  amount: number
  currency: string
  /** paid: bought by the customer; promotional: given (Stripe applies promotional credit first). */
  category: 'paid' | 'promotional'
  name: string
  expiresAt?: Date
  /** What the grant is for, unique (a Checkout session, an operator's request id): a retry grants once. */
  reference: string
}

/**
 * Grants billing credits that the customer's metered invoices draw on before the card is charged
 * (https://docs.stripe.com/api/billing/credit-grant/create): monetary, scoped to metered prices (credits apply only
 * to usage-based prices, https://docs.stripe.com/billing/subscriptions/usage-based/billing-credits), with an
 * expiry when given.
 */
export async function grantCredits(stripe: Stripe, input: CreditGrantInput): Promise<Stripe.Billing.CreditGrant> {
  // Stripe keeps an idempotency key about 24 hours (https://docs.stripe.com/api/idempotent_requests): a retry later
  // than that would grant twice, so a grant already made for this reference is found by its metadata first. The key
  // still covers two retries racing each other inside the day.
  const existing = await grantFor(stripe, input.customerId, input.reference)
  if (existing) return existing
  return withIdempotencyKey(`tollgate:credit-grant:${input.reference}`, ({ key }) =>
    stripe.billing.creditGrants.create(
      {
        customer: input.customerId,
        name: input.name,
        category: input.category,
        amount: { type: 'monetary', monetary: { value: input.amount, currency: input.currency } },
        applicability_config: { scope: { price_type: 'metered' } },
        ...(input.expiresAt && { expires_at: Math.floor(input.expiresAt.getTime() / 1000) }),
        metadata: stripeMetadata({ tollgate_organization: input.organizationId, tollgate_reference: input.reference }),
      },
      { idempotencyKey: key },
    ),
  )
}

/** The grant made for `reference`, if any: a customer has few grants, so one list of them (paged) is the lookup. */
async function grantFor(stripe: Stripe, customerId: string, reference: string): Promise<Stripe.Billing.CreditGrant | null> {
  for await (const grant of stripe.billing.creditGrants.list({ customer: customerId, limit: 100 })) {
    if (grant.metadata?.tollgate_reference === reference) return grant
  }
  return null
}

export type CreditBalance = { available: number; currency: string } | null

/** What is left to spend on metered prices (https://docs.stripe.com/api/billing/credit-balance-summary/retrieve); null without any. */
export async function creditBalance(stripe: Stripe, customerId: string): Promise<CreditBalance> {
  const summary = await stripe.billing.creditBalanceSummaries.retrieve({ customer: customerId, filter: { type: 'applicability_scope', applicability_scope: { price_type: 'metered' } } })
  const monetary = summary.balances.map((b) => b.available_balance.monetary).find((m) => m !== null)
  return monetary ? { available: monetary.value, currency: monetary.currency } : null
}

export type CreditHistoryEntry = { id: string; at: Date; kind: 'credit' | 'debit'; amount: number; currency: string; grantId: string | null }

/** The latest movements of the balance: grants received, amounts drawn by invoices (https://docs.stripe.com/api/billing/credit-balance-transaction/list). */
export async function creditHistory(stripe: Stripe, customerId: string, limit = 10): Promise<CreditHistoryEntry[]> {
  const { data } = await stripe.billing.creditBalanceTransactions.list({ customer: customerId, limit })
  return data.flatMap((t) => {
    const money = t.credit?.amount.monetary ?? t.debit?.amount.monetary
    const grantId = typeof t.credit_grant === 'string' ? t.credit_grant : (t.credit_grant?.id ?? null)
    return money ? [{ id: t.id, at: new Date(t.effective_at * 1000), kind: t.credit ? ('credit' as const) : ('debit' as const), amount: money.value, currency: money.currency, grantId }] : []
  })
}

export type CreditView = { balance: CreditBalance; history: CreditHistoryEntry[] }

/** The balance and its latest movements for /billing; null when Stripe cannot be reached, so the page still renders. */
export async function creditView(stripe: Stripe, customerId: string): Promise<CreditView | null> {
  try {
    const [balance, history] = await Promise.all([creditBalance(stripe, customerId), creditHistory(stripe, customerId, 5)])
    return { balance, history }
  } catch (error) {
    console.warn('usage: no credit balance', error instanceof Error ? error.message : error)
    return null
  }
}
