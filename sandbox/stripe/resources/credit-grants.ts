// Billing credits (https://docs.stripe.com/billing/subscriptions/usage-based/billing-credits): credit grants
// (https://docs.stripe.com/api/billing/credit-grant), the balance they add up to
// (https://docs.stripe.com/api/billing/credit-balance-summary) and its ledger
// (https://docs.stripe.com/api/billing/credit-balance-transaction). "We currently only support metered prices that
// have a Billing Meter attached to them" (`applicability_config`): grants pay for metered lines only, before the card
// is charged, and applyCreditGrants is what an invoice calls to draw on them.
import type Stripe from 'stripe'
import { clockOfCustomer } from '../core/clock-scope'
import type { Core } from '../core/core'
import { newId } from '../core/ids'
import { registerWork, schedule, unschedule } from '../core/scheduled-work'
import { invalid, noSuch } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { requirePrice } from './prices'
import { requireCustomer } from './customers'

type CreditGrant = Stripe.Billing.CreditGrant
type Transaction = Stripe.Billing.CreditBalanceTransaction

/** "The desired priority … between 0 (highest priority) and 100 (lowest priority)", 50 by default (https://docs.stripe.com/api/billing/credit-grant/create). */
const DEFAULT_PRIORITY = 50
/** "A descriptive name shown in the Dashboard. Max length: 100" (same page). */
const MAX_NAME = 100

/** Scheduled at a grant's `expires_at`, on its customer's clock: what is left leaves the balance as `credits_expired`. */
export const CREDIT_GRANT_EXPIRY = 'credit-grant-expiry'

export function registerCreditGrantExpiry(core: Core): void {
  registerWork(core, CREDIT_GRANT_EXPIRY, (core, work) => {
    const grant = core.creditGrants.get(work.subject)
    if (!grant || grant.voided_at !== null || grant.expires_at !== work.at) return
    const left = grantBalance(core, grant)
    if (left > 0) record(core, grant, { debit: left, type: 'credits_expired' })
  })
}

function scheduleExpiry(core: Core, grant: CreditGrant): void {
  if (!core.workRunners.has(CREDIT_GRANT_EXPIRY)) return
  unschedule(core, CREDIT_GRANT_EXPIRY, grant.id)
  if (grant.expires_at !== null) schedule(core, { at: grant.expires_at, kind: CREDIT_GRANT_EXPIRY, subject: grant.id, clock: clockOfCustomer(core, customerOf(grant)) })
}

export function requireCreditGrant(core: Core, id: string, param?: string): CreditGrant {
  const grant = core.creditGrants.get(id)
  if (!grant) throw noSuch('billing.credit_grant', id, param)
  return grant
}

const customerOf = (grant: CreditGrant): string => (typeof grant.customer === 'string' ? grant.customer : grant.customer.id)

function customerNow(core: Core, customer: string): number {
  return core.onClock(clockOfCustomer(core, customer), () => core.now())
}

function monetary(value: number, currency: string) {
  return { monetary: { currency, value }, type: 'monetary' as const }
}

function record(core: Core, grant: CreditGrant, change: { credit?: number; debit?: number; type: string; invoice?: string; line?: string }): Transaction {
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
function available(grant: CreditGrant, now: number): boolean {
  return grant.voided_at === null && (grant.effective_at ?? grant.created) <= now && (grant.expires_at === null || grant.expires_at > now)
}

function readScope(scope: Params | undefined, path: string): Stripe.Billing.CreditGrant.ApplicabilityConfig.Scope {
  const priceType = scope && read.oneOf(scope, 'price_type', ['metered'] as const, `${path}[price_type]`)
  const prices = (scope && read.optionalArray(scope, 'prices', `${path}[prices]`)) ?? []
  if (priceType && prices.length > 0) throw invalid(`You may only specify one of \`price_type\` or \`prices\` in ${path}.`, path)
  if (!priceType && prices.length === 0) throw invalid(`Missing required param: ${path}[price_type].`, `${path}[price_type]`, 'parameter_missing')
  if (priceType) return { price_type: priceType }
  return { prices: prices.map((entry, index) => ({ id: read.requiredString(entry as Params, 'id', `${path}[prices][${index}][id]`) })) }
}

function create(core: Core, params: Params): CreditGrant {
  const customerId = read.optionalString(params, 'customer')
  if (!customerId) throw invalid('Missing required param: customer.', 'customer', 'parameter_missing')
  const customer = requireCustomer(core, customerId, 'customer')
  const amount = read.optionalObject(params, 'amount') ?? {}
  const money = read.optionalObject(amount, 'monetary', 'amount[monetary]')
  if (!money) throw invalid('Missing required param: amount[monetary].', 'amount[monetary]', 'parameter_missing')
  const currency = read.requiredString(money, 'currency', 'amount[monetary][currency]').toLowerCase()
  const value = read.optionalInteger(money, 'value', 'amount[monetary][value]')
  if (value === undefined) throw invalid('Missing required param: amount[monetary][value].', 'amount[monetary][value]', 'parameter_missing')
  if (value <= 0) throw invalid('The amount must be greater than 0.', 'amount[monetary][value]', 'parameter_invalid_integer')
  const config = read.optionalObject(params, 'applicability_config')
  const scope = readScope(config && read.optionalObject(config, 'scope', 'applicability_config[scope]'), 'applicability_config[scope]')
  for (const [index, price] of (scope.prices ?? []).entries()) {
    const found = requirePrice(core, price.id ?? '', `applicability_config[scope][prices][${index}][id]`)
    if (found.recurring?.meter == null) throw invalid(`The price \`${found.id}\` is not a metered price with a meter: credit grants apply to those only.`, `applicability_config[scope][prices][${index}][id]`)
  }
  const now = customerNow(core, customer.id)
  const effectiveAt = read.optionalInteger(params, 'effective_at') ?? null
  const expiresAt = read.optionalInteger(params, 'expires_at') ?? null
  if (expiresAt !== null && expiresAt <= (effectiveAt ?? now)) throw invalid('expires_at must be after effective_at.', 'expires_at')
  const priority = read.optionalInteger(params, 'priority') ?? DEFAULT_PRIORITY
  if (priority < 0 || priority > 100) throw invalid('priority must be between 0 and 100.', 'priority', 'parameter_invalid_integer')
  const name = read.optionalString(params, 'name') ?? null
  if (name !== null && name.length > MAX_NAME) throw invalid(`name must be at most ${MAX_NAME} characters.`, 'name', 'parameter_invalid_string')
  const grant: CreditGrant = {
    id: newId('credgr_'),
    object: 'billing.credit_grant',
    amount: monetary(value, currency),
    applicability_config: { scope },
    // "It defaults to `paid` if not specified" (https://docs.stripe.com/api/billing/credit-grant/create).
    category: read.oneOf(params, 'category', ['paid', 'promotional'] as const) ?? 'paid',
    created: now,
    customer: customer.id,
    customer_account: null,
    effective_at: effectiveAt ?? now,
    expires_at: expiresAt,
    livemode: false,
    metadata: read.applyMetadata({}, params),
    name,
    priority,
    test_clock: clockOfCustomer(core, customer.id),
    updated: now,
    voided_at: null,
  }
  core.creditGrants.set(grant.id, grant)
  core.emit('billing.credit_grant.created', grant)
  record(core, grant, { credit: value, type: 'credits_granted' })
  scheduleExpiry(core, grant)
  return grant
}

function update(core: Core, grant: CreditGrant, params: Params): CreditGrant {
  const expiresAt = params.expires_at === '' ? null : read.optionalInteger(params, 'expires_at')
  const metadata = read.applyMetadata(grant.metadata, params)
  const previous: Record<string, unknown> = {}
  if (expiresAt !== undefined && expiresAt !== grant.expires_at) {
    if (expiresAt !== null && expiresAt <= customerNow(core, customerOf(grant))) throw invalid('expires_at must be in the future.', 'expires_at')
    previous.expires_at = grant.expires_at
    grant.expires_at = expiresAt
    scheduleExpiry(core, grant)
  }
  if (JSON.stringify(metadata) !== JSON.stringify(grant.metadata)) {
    previous.metadata = grant.metadata
    grant.metadata = metadata
  }
  if (Object.keys(previous).length > 0) {
    grant.updated = customerNow(core, customerOf(grant))
    core.emit('billing.credit_grant.updated', grant, previous)
  }
  return grant
}

/**
 * Expire ("Expires a credit grant") and void ("Voids a credit grant") end a grant now; what was left of it leaves the
 * balance as a debit (`credits_expired`, `credits_voided`). A grant already ended is refused (the words are the
 * sandbox's own).
 */
function end(core: Core, grant: CreditGrant, how: 'expire' | 'void'): CreditGrant {
  const now = customerNow(core, customerOf(grant))
  if (grant.voided_at !== null) throw invalid(`The credit grant \`${grant.id}\` is voided.`)
  if (grant.expires_at !== null && grant.expires_at <= now) throw invalid(`The credit grant \`${grant.id}\` has expired.`)
  const left = grantBalance(core, grant)
  const previous = how === 'void' ? { voided_at: null } : { expires_at: grant.expires_at }
  if (how === 'void') grant.voided_at = now
  else grant.expires_at = now
  unschedule(core, CREDIT_GRANT_EXPIRY, grant.id)
  grant.updated = now
  core.emit('billing.credit_grant.updated', grant, previous)
  if (left > 0) record(core, grant, { debit: left, type: how === 'void' ? 'credits_voided' : 'credits_expired' })
  return grant
}

/** Grants of a customer a price can draw on: scoped to metered prices, or naming the price. */
function applies(grant: CreditGrant, price: Stripe.Price): boolean {
  if (price.recurring?.usage_type !== 'metered' || price.recurring.meter === null) return false
  const scope = grant.applicability_config.scope
  return scope.price_type === 'metered' || (scope.prices ?? []).some((entry) => entry.id === price.id)
}

/**
 * The order Stripe draws on several grants: "priority, then the earliest expiry, then promotional before paid, then
 * the earliest effective date, then the earliest created"
 * (https://docs.stripe.com/billing/subscriptions/usage-based/billing-credits#multiple-credit-grants).
 */
function drawOrder(a: CreditGrant, b: CreditGrant): number {
  return (
    (a.priority ?? DEFAULT_PRIORITY) - (b.priority ?? DEFAULT_PRIORITY) ||
    (a.expires_at ?? Infinity) - (b.expires_at ?? Infinity) ||
    (a.category === b.category ? 0 : a.category === 'promotional' ? -1 : 1) ||
    (a.effective_at ?? a.created) - (b.effective_at ?? b.created) ||
    a.created - b.created
  )
}

/**
 * Applies the customer's available grants to the invoice's metered lines before it is finalized and charged: each
 * line's `pretax_credit_amounts`, the invoice's `total_pretax_credit_amounts`, and its totals lowered by the credit
 * ("Billing credits apply … before taxes", billing-credits page); a ledger debit (`credits_applied`) per grant and
 * line. Returns the amount credited.
 */
export function applyCreditGrants(core: Core, invoice: Stripe.Invoice): number {
  const customer = typeof invoice.customer === 'string' ? invoice.customer : invoice.customer?.id
  if (!customer) return 0
  const now = customerNow(core, customer)
  const grants = [...core.creditGrants.values()]
    .filter((grant) => customerOf(grant) === customer && grant.amount.monetary?.currency === invoice.currency && available(grant, now))
    .sort(drawOrder)
  const left = new Map(grants.map((grant) => [grant.id, grantBalance(core, grant)]))
  let credited = 0
  for (const line of invoice.lines.data) {
    const priceRef = line.pricing?.price_details?.price
    const price = priceRef === undefined ? undefined : typeof priceRef === 'string' ? core.prices.get(priceRef) : priceRef
    if (!price) continue
    let due = line.amount - (line.pretax_credit_amounts ?? []).reduce((sum, entry) => sum + entry.amount, 0)
    for (const grant of grants) {
      if (due <= 0) break
      const balance = left.get(grant.id) ?? 0
      if (balance <= 0 || !applies(grant, price)) continue
      const amount = Math.min(balance, due)
      const transaction = record(core, grant, { debit: amount, type: 'credits_applied', invoice: invoice.id ?? '', line: line.id })
      const entry = { amount, credit_balance_transaction: transaction.id, type: 'credit_balance_transaction' as const }
      line.pretax_credit_amounts = [...(line.pretax_credit_amounts ?? []), entry]
      invoice.total_pretax_credit_amounts = [...(invoice.total_pretax_credit_amounts ?? []), entry]
      left.set(grant.id, balance - amount)
      due -= amount
      credited += amount
    }
  }
  if (credited > 0) {
    invoice.total -= credited
    invoice.total_excluding_tax = (invoice.total_excluding_tax ?? invoice.total + credited) - credited
    invoice.amount_due = Math.max(0, invoice.amount_due - credited)
    invoice.amount_remaining = Math.max(0, invoice.amount_remaining - credited)
  }
  return credited
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
    requireCreditGrant(core, id, 'filter[credit_grant]')
    matches = (grant) => grant.id === id
  } else {
    const scope = readScope(read.optionalObject(filter, 'applicability_scope', 'filter[applicability_scope]'), 'filter[applicability_scope]')
    matches = (grant) =>
      scope.price_type === 'metered' || (scope.prices ?? []).every((price) => grant.applicability_config.scope.price_type === 'metered' || (grant.applicability_config.scope.prices ?? []).some((own) => own.id === price.id))
  }
  const now = customerNow(core, customer.id)
  const byCurrency = new Map<string, number>()
  for (const grant of core.creditGrants.values()) {
    if (customerOf(grant) !== customer.id || !matches(grant) || !available(grant, now)) continue
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

export const creditGrantRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/billing/credit_grants',
    params: ['amount', 'applicability_config', 'category', 'customer', 'effective_at', 'expires_at', 'metadata', 'name', 'priority'],
    handle: ({ core, params }) => create(core, params),
  },
  { method: 'GET', path: '/v1/billing/credit_grants/:id', params: [], handle: ({ core, args: [id = ''] }) => requireCreditGrant(core, id) },
  { method: 'POST', path: '/v1/billing/credit_grants/:id', params: ['expires_at', 'metadata'], handle: ({ core, params, args: [id = ''] }) => update(core, requireCreditGrant(core, id), params) },
  { method: 'POST', path: '/v1/billing/credit_grants/:id/expire', params: [], handle: ({ core, args: [id = ''] }) => end(core, requireCreditGrant(core, id), 'expire') },
  { method: 'POST', path: '/v1/billing/credit_grants/:id/void', params: [], handle: ({ core, args: [id = ''] }) => end(core, requireCreditGrant(core, id), 'void') },
  {
    method: 'GET',
    path: '/v1/billing/credit_grants',
    params: ['customer', ...PAGINATION],
    handle: ({ core, params }) => {
      const customer = read.optionalString(params, 'customer')
      return listOf(
        newestFirst(core.creditGrants).filter((grant) => customer === undefined || customerOf(grant) === customer),
        params,
        '/v1/billing/credit_grants',
      )
    },
  },
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
