// The credit balance (https://docs.stripe.com/api/billing/credit-balance-summary) and its ledger, the credit balance
// transactions (https://docs.stripe.com/api/billing/credit-balance-transaction): every grant's credit and every debit
// against it (applied to an invoice, expired, voided). resources/credit-grants.ts writes it; the balance is read from it.
import type Stripe from 'stripe'
import { clockOfCustomer } from '../core/clock-scope'
import type { Core } from '../core/core'
import { newId } from '../core/ids'
import { invalid, noSuch } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { requireCustomer } from './customers'

type CreditGrant = Stripe.Billing.CreditGrant
type Transaction = Stripe.Billing.CreditBalanceTransaction

export const customerOf = (grant: CreditGrant): string => (typeof grant.customer === 'string' ? grant.customer : grant.customer.id)

export function customerNow(core: Core, customer: string): number {
  return core.onClock(clockOfCustomer(core, customer), () => core.now())
}

export function monetary(value: number, currency: string) {
  return { monetary: { currency, value }, type: 'monetary' as const }
}

export function recordCreditTransaction(core: Core, grant: CreditGrant, change: { credit?: number; debit?: number; type: string; invoice?: string; line?: string }): Transaction {
  const currency = grant.amount.monetary?.currency ?? 'usd'
  const at = customerNow(core, customerOf(grant))
  const transaction: Transaction = {
    id: newId('cbtxn_'),
    object: 'billing.credit_balance_transaction',
    created: at,
    credit: change.credit === undefined ? null : { amount: monetary(change.credit, currency), credits_application_invoice_voided: null, type: change.type as Stripe.Billing.CreditBalanceTransaction.Credit.Type },
    credit_grant: grant.id,
    debit:
      change.debit === undefined
        ? null
        : {
            amount: monetary(change.debit, currency),
            credits_applied: change.invoice && change.line ? { invoice: change.invoice, invoice_line_item: change.line } : null,
            type: change.type as Stripe.Billing.CreditBalanceTransaction.Debit.Type,
          },
    effective_at: at,
    livemode: false,
    test_clock: grant.test_clock,
    type: change.credit === undefined ? 'debit' : 'credit',
  }
  core.creditBalanceTransactions.set(transaction.id, transaction)
  core.emit('billing.credit_balance_transaction.created', transaction)
  return transaction
}

/** What is left of a grant: its amount, less what its ledger debited. */
export function grantBalance(core: Core, grant: CreditGrant): number {
  let balance = 0
  for (const transaction of core.creditBalanceTransactions.values()) {
    if (transaction.credit_grant !== grant.id) continue
    balance += (transaction.credit?.amount.monetary?.value ?? 0) - (transaction.debit?.amount.monetary?.value ?? 0)
  }
  return balance
}

/** A grant can be drawn on at `now`: effective, not expired, not voided. */
export function grantAvailable(grant: CreditGrant, now: number): boolean {
  return grant.voided_at === null && (grant.effective_at ?? grant.created) <= now && (grant.expires_at === null || grant.expires_at > now)
}

export function readCreditScope(scope: Params | undefined, path: string): Stripe.Billing.CreditGrant.ApplicabilityConfig.Scope {
  const priceType = scope && read.oneOf(scope, 'price_type', ['metered'] as const, `${path}[price_type]`)
  const prices = (scope && read.optionalArray(scope, 'prices', `${path}[prices]`)) ?? []
  if (priceType && prices.length > 0) throw invalid(`You may only specify one of \`price_type\` or \`prices\` in ${path}.`, path)
  if (!priceType && prices.length === 0) throw invalid(`Missing required param: ${path}[price_type].`, `${path}[price_type]`, 'parameter_missing')
  if (priceType) return { price_type: priceType }
  return { prices: prices.map((entry, index) => ({ id: read.requiredString(entry as Params, 'id', `${path}[prices][${index}][id]`) })) }
}

function balanceSummary(core: Core, params: Params): Stripe.Billing.CreditBalanceSummary {
  const customerId = read.optionalString(params, 'customer')
  if (!customerId) throw invalid('Missing required param: customer.', 'customer', 'parameter_missing')
  const customer = requireCustomer(core, customerId, 'customer')
  const filter = read.optionalObject(params, 'filter') ?? {}
  const type = read.oneOf(filter, 'type', ['applicability_scope', 'credit_grant'] as const, 'filter[type]')
  let matches: (grant: CreditGrant) => boolean
  if (type === 'credit_grant') {
    const id = read.optionalString(filter, 'credit_grant', 'filter[credit_grant]')
    if (!id) throw invalid('Missing required param: filter[credit_grant].', 'filter[credit_grant]', 'parameter_missing')
    if (!core.creditGrants.has(id)) throw noSuch('billing.credit_grant', id, 'filter[credit_grant]')
    matches = (grant) => grant.id === id
  } else {
    const scope = readCreditScope(read.optionalObject(filter, 'applicability_scope', 'filter[applicability_scope]'), 'filter[applicability_scope]')
    matches = (grant) =>
      scope.price_type === 'metered' || (scope.prices ?? []).every((price) => grant.applicability_config.scope.price_type === 'metered' || (grant.applicability_config.scope.prices ?? []).some((own) => own.id === price.id))
  }
  const now = customerNow(core, customer.id)
  const byCurrency = new Map<string, number>()
  for (const grant of core.creditGrants.values()) {
    if (customerOf(grant) !== customer.id || !matches(grant) || !grantAvailable(grant, now)) continue
    const currency = grant.amount.monetary?.currency ?? 'usd'
    byCurrency.set(currency, (byCurrency.get(currency) ?? 0) + grantBalance(core, grant))
  }
  return {
    object: 'billing.credit_balance_summary',
    balances: [...byCurrency].map(([currency, value]) => ({ available_balance: monetary(value, currency), ledger_balance: monetary(value, currency) })),
    customer: customer.id,
    customer_account: null,
    livemode: false,
  }
}

function listTransactions(core: Core, params: Params) {
  const customer = read.optionalString(params, 'customer')
  if (!customer) throw invalid('Missing required param: customer.', 'customer', 'parameter_missing')
  const grantId = read.optionalString(params, 'credit_grant')
  const grants = new Set([...core.creditGrants.values()].filter((grant) => customerOf(grant) === customer).map((grant) => grant.id))
  const matches = newestFirst(core.creditBalanceTransactions).filter(
    (transaction) => grants.has(String(transaction.credit_grant)) && (grantId === undefined || transaction.credit_grant === grantId),
  )
  return listOf(matches, params, '/v1/billing/credit_balance_transactions')
}

export const creditLedgerRoutes: ApiRoute[] = [
  { method: 'GET', path: '/v1/billing/credit_balance_summary', params: ['customer', 'filter'], handle: ({ core, params }) => balanceSummary(core, params) },
  { method: 'GET', path: '/v1/billing/credit_balance_transactions', params: ['customer', 'credit_grant', ...PAGINATION], handle: ({ core, params }) => listTransactions(core, params) },
  {
    method: 'GET',
    path: '/v1/billing/credit_balance_transactions/:id',
    params: [],
    handle: ({ core, args: [id = ''] }) => {
      const transaction = core.creditBalanceTransactions.get(id)
      if (!transaction) throw noSuch('billing.credit_balance_transaction', id)
      return transaction
    },
  },
]
