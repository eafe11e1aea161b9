// Usage alerts (https://docs.stripe.com/api/billing/alert): "notifies you when a certain usage threshold on a meter
// is crossed", for every customer or, with a `customer` filter ("You can only specify up to one filter at this
// time"), for one. `recurrence: one_time` fires once per customer. An alert is checked when a meter event is
// aggregated (flows/usage-processing.ts), against the customer's usage in its current billing period for that meter
// (the period of the subscription item whose price is on the meter; all the usage Stripe holds when none), and sends
// `billing.alert.triggered` with a `billing.alert_triggered` object.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { newId } from '../core/ids'
import { invalid, noSuch } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { aggregatedUsage } from './meter-events'
import { requireMeter } from './meters'

type Alert = Stripe.Billing.Alert

/** "The title of the alert. Max length: 256" (https://docs.stripe.com/api/billing/alert/create). */
const MAX_TITLE = 256

export function requireBillingAlert(core: Core, id: string): Alert {
  const alert = core.billingAlerts.get(id)
  if (!alert) throw noSuch('billing.alert', id)
  return alert
}

const idOf = (ref: string | { id: string } | null | undefined): string | null => (ref == null ? null : typeof ref === 'string' ? ref : ref.id)

function create(core: Core, params: Params): Alert {
  read.oneOf(params, 'alert_type', ['usage_threshold'] as const)
  const title = read.requiredString(params, 'title')
  if (title.length > MAX_TITLE) throw invalid(`title must be at most ${MAX_TITLE} characters.`, 'title', 'parameter_invalid_string')
  const threshold = read.optionalObject(params, 'usage_threshold')
  if (!threshold) throw invalid('Missing required param: usage_threshold.', 'usage_threshold', 'parameter_missing')
  const gte = read.optionalInteger(threshold, 'gte', 'usage_threshold[gte]')
  if (gte === undefined) throw invalid('Missing required param: usage_threshold[gte].', 'usage_threshold[gte]', 'parameter_missing')
  if (gte < 1) throw invalid('usage_threshold[gte] must be greater than 0.', 'usage_threshold[gte]', 'parameter_invalid_integer')
  const meterId = read.requiredString(threshold, 'meter', 'usage_threshold[meter]')
  if (requireMeter(core, meterId, 'usage_threshold[meter]').status !== 'active') throw invalid(`The meter \`${meterId}\` is inactive.`, 'usage_threshold[meter]')
  const filters = read.optionalArray(threshold, 'filters', 'usage_threshold[filters]') ?? []
  if (filters.length > 1) throw invalid('You can only specify up to one filter at this time.', 'usage_threshold[filters]')
  const readFilters = filters.map((entry, index) => {
    const customer = read.optionalString(entry as Params, 'customer', `usage_threshold[filters][${index}][customer]`)
    if (!customer) throw invalid(`Missing required param: usage_threshold[filters][${index}][customer].`, `usage_threshold[filters][${index}][customer]`, 'parameter_missing')
    if (!core.customers.has(customer)) throw noSuch('customer', customer, `usage_threshold[filters][${index}][customer]`)
    return { customer, type: 'customer' as const }
  })
  const alert: Alert = {
    id: newId('alrt_'),
    object: 'billing.alert',
    alert_type: 'usage_threshold',
    livemode: false,
    status: 'active',
    title,
    usage_threshold: { filters: readFilters.length > 0 ? readFilters : null, gte, meter: meterId, recurrence: 'one_time' },
  }
  core.billingAlerts.set(alert.id, alert)
  return alert
}

/**
 * "Reactivates this alert, allowing it to trigger again", "Deactivates this alert, preventing it from triggering",
 * "Archives this alert, removing it from the list view and APIs. This is non-reversible"
 * (https://docs.stripe.com/api/billing/alert/activate, …/deactivate, …/archive). An archived alert leaves the list; it
 * can still be retrieved (its `status` says `archived`), and activating or deactivating it is refused (the words are
 * the sandbox's own).
 */
function setStatus(core: Core, id: string, status: 'active' | 'inactive' | 'archived'): Alert {
  const alert = requireBillingAlert(core, id)
  if (alert.status === 'archived') throw invalid(`The alert \`${id}\` is archived.`)
  alert.status = status
  return alert
}

/** The start of the customer's current period for a meter: its subscription item's on that meter, or 0. */
function periodStart(core: Core, customer: string, meter: string): number {
  for (const subscription of core.subscriptions.values()) {
    if (idOf(subscription.customer) !== customer || subscription.status === 'canceled') continue
    const item = subscription.items.data.find((entry) => entry.price.recurring?.meter === meter)
    if (item) return item.current_period_start
  }
  return 0
}

/** Checks the active alerts on `meter` for `customer` after its usage was aggregated, and fires those now crossed. */
export function checkUsageAlerts(core: Core, meter: string, customer: string): void {
  for (const alert of core.billingAlerts.values()) {
    const threshold = alert.usage_threshold
    if (alert.status !== 'active' || !threshold || idOf(threshold.meter) !== meter) continue
    if (threshold.filters && !threshold.filters.some((filter) => idOf(filter.customer) === customer)) continue
    const key = `${alert.id}@${customer}`
    if (core.billingAlertsTriggered.has(key)) continue
    const value = aggregatedUsage(core, { meterId: meter, customerId: customer, start: periodStart(core, customer, meter), end: Number.MAX_SAFE_INTEGER })
    if (value < threshold.gte) continue
    core.billingAlertsTriggered.add(key)
    const triggered: Stripe.Billing.AlertTriggered = { object: 'billing.alert_triggered', alert, created: core.now(), customer, livemode: false, value }
    core.emit('billing.alert.triggered', triggered)
  }
}

export const billingAlertRoutes: ApiRoute[] = [
  { method: 'POST', path: '/v1/billing/alerts', params: ['alert_type', 'title', 'usage_threshold'], handle: ({ core, params }) => create(core, params) },
  { method: 'GET', path: '/v1/billing/alerts/:id', params: [], handle: ({ core, args: [id = ''] }) => requireBillingAlert(core, id) },
  { method: 'POST', path: '/v1/billing/alerts/:id/activate', params: [], handle: ({ core, args: [id = ''] }) => setStatus(core, id, 'active') },
  { method: 'POST', path: '/v1/billing/alerts/:id/deactivate', params: [], handle: ({ core, args: [id = ''] }) => setStatus(core, id, 'inactive') },
  { method: 'POST', path: '/v1/billing/alerts/:id/archive', params: [], handle: ({ core, args: [id = ''] }) => setStatus(core, id, 'archived') },
  {
    method: 'GET',
    path: '/v1/billing/alerts',
    params: ['alert_type', 'meter', ...PAGINATION],
    handle: ({ core, params }) => {
      read.oneOf(params, 'alert_type', ['usage_threshold'] as const)
      const meter = read.optionalString(params, 'meter')
      const matches = newestFirst(core.billingAlerts).filter((alert) => alert.status !== 'archived' && (meter === undefined || idOf(alert.usage_threshold?.meter) === meter))
      return listOf(matches, params, '/v1/billing/alerts')
    },
  },
]
