// Usage on /sandbox: each meter, and for each customer that sent it events, the usage Stripe has counted this period
// (the period of the customer's subscription item on the meter, else everything held), what is still being
// processed (AGGREGATION_DELAY, decision 0059), what was rejected (reported as v2 events, decision 0060), and the
// customer's credit balance. Read-only: usage comes from the app, time from the clock controls above.
import type Stripe from 'stripe'
import { clockOfCustomer } from '../core/clock-scope'
import type { Core, StoredMeterEvent } from '../core/core'
import { grantBalance } from '../resources/credit-grants'
import { AGGREGATION_DELAY, aggregatedUsage } from '../resources/meter-events'
import { html, money, type Markup } from './html'

const idOf = (ref: string | { id: string }): string => (typeof ref === 'string' ? ref : ref.id)

/** The current period of the customer's subscription item priced on the meter, or all time. */
function periodOf(core: Core, customer: string, meter: string): { start: number; end: number; label: string } {
  for (const subscription of core.subscriptions.values()) {
    if (idOf(subscription.customer) !== customer || subscription.status === 'canceled') continue
    const item = subscription.items.data.find((entry) => entry.price.recurring?.meter === meter)
    if (item) return { start: item.current_period_start, end: item.current_period_end, label: 'this period' }
  }
  return { start: 0, end: Number.MAX_SAFE_INTEGER, label: 'in all' }
}

function creditsOf(core: Core, customer: string): string | null {
  const now = core.onClock(clockOfCustomer(core, customer), () => core.now())
  const byCurrency = new Map<string, number>()
  for (const grant of core.creditGrants.values()) {
    if (idOf(grant.customer) !== customer || grant.voided_at !== null || (grant.effective_at ?? 0) > now || (grant.expires_at !== null && grant.expires_at <= now)) continue
    const currency = grant.amount.monetary?.currency ?? 'usd'
    byCurrency.set(currency, (byCurrency.get(currency) ?? 0) + grantBalance(core, grant))
  }
  return byCurrency.size === 0 ? null : [...byCurrency].map(([currency, value]) => money(value, currency)).join(', ')
}

function customerLine(core: Core, meter: Stripe.Billing.Meter, customer: string, events: StoredMeterEvent[]): Markup {
  const name = core.customers.get(customer)?.name ?? core.customers.get(customer)?.email ?? customer
  const period = periodOf(core, customer, meter.id)
  const used = aggregatedUsage(core, { meterId: meter.id, customerId: customer, start: period.start, end: period.end })
  const now = core.onClock(clockOfCustomer(core, customer), () => core.now())
  const processing = events.filter((stored) => stored.rejected === null && stored.receivedAt + AGGREGATION_DELAY > now).length
  const credits = creditsOf(core, customer)
  return html`<li>${name}: ${used.toLocaleString('en-US')} ${period.label}${processing > 0 ? html` (${processing} event${processing === 1 ? '' : 's'} still processing)` : ''}${credits ? html` · credits ${credits}` : ''}</li>`
}

function meterSection(core: Core, meter: Stripe.Billing.Meter, events: StoredMeterEvent[]): Markup {
  const byCustomer = new Map<string, StoredMeterEvent[]>()
  for (const stored of events) {
    if (stored.customer === null || stored.meter !== meter.id) continue
    byCustomer.set(stored.customer, [...(byCustomer.get(stored.customer) ?? []), stored])
  }
  const rejected = events.filter((stored) => stored.rejected !== null && stored.event.event_name === meter.event_name).length
  return html`<section aria-label="Meter ${meter.display_name}">
<h3>${meter.display_name}</h3>
<p>Event <code>${meter.event_name}</code>, ${meter.default_aggregation.formula} of <code>${meter.value_settings.event_payload_key}</code>${meter.status === 'active' ? '' : ' (inactive)'} · ${meter.id}</p>
${byCustomer.size === 0 ? html`<p>No usage yet.</p>` : html`<ul>${[...byCustomer].map(([customer, own]) => customerLine(core, meter, customer, own))}</ul>`}
${rejected > 0 ? html`<p>${rejected} event${rejected === 1 ? ' was' : 's were'} rejected: Stripe reports each in <code>v1.billing.meter.error_report_triggered</code>.</p>` : ''}
</section>`
}

export function usagePanel(core: Core): Markup {
  if (core.meters.size === 0) return html``
  const events = [...core.meterEvents.values()]
  return html`<h2>Usage</h2>
<p>Stripe counts a meter event about a minute after it arrives, on the customer's clock: advance the clock to see it counted.</p>
${[...core.meters.values()].map((meter) => meterSection(core, meter, events))}`
}
