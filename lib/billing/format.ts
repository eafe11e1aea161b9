// Money as the billing pages show it (dates: lib/format-date.ts). No server imports: client components (the plan-change preview)
// format with the same helpers as the pages.

/**
 * Stripe's amounts are in the currency's smallest unit: cents for most, but whole units for zero-decimal
 * currencies (¥500 is `500`) and thousandths for three-decimal ones (https://docs.stripe.com/currencies#zero-decimal,
 * https://docs.stripe.com/currencies#three-decimal).
 */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'])
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND'])

/** How many of Stripe's units make one of the currency: 100 for USD (cents), 1 for JPY, 1000 for KWD. */
export function minorUnitsPer(currency: string): number {
  const code = currency.toUpperCase()
  return ZERO_DECIMAL.has(code) ? 1 : THREE_DECIMAL.has(code) ? 1000 : 100
}

/** An amount in the currency's smallest unit, as Stripe gives it: "$19", "$12.34", "¥500", "KWD 1.250". */
export function formatAmount(amount: number, currency: string): string {
  const per = minorUnitsPer(currency)
  const whole = amount % per === 0
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase(), ...(whole && { minimumFractionDigits: 0, maximumFractionDigits: 0 }) }).format(amount / per)
}

/** A price's unit amount and recurrence, as Stripe gives them (interval null: a one-off price). */
export type UnitPrice = { unitAmount: number; currency: string; interval: string | null }

/**
 * What an organization pays each period, and how it is made: "$98 / month — 2 seats × $49" for a per-seat price,
 * "$19 / month — 1 seat" for one seat, "$49 / month" for a flat one. Stripe bills the unit amount times the
 * quantity (https://docs.stripe.com/subscriptions/pricing-models/per-seat-pricing), so the total is always that product,
 * never the unit amount alone where a team pays for more than one seat.
 */
export function formatCharge(price: UnitPrice, seats: { perSeat: boolean; quantity: number }): string {
  const every = price.interval ? ` / ${price.interval}` : ''
  const unit = formatAmount(price.unitAmount, price.currency)
  const quantity = Math.max(1, seats.quantity)
  const total = `${formatAmount(price.unitAmount * quantity, price.currency)}${every}`
  if (!seats.perSeat) return quantity === 1 ? total : `${total} — ${quantity} × ${unit}`
  return quantity === 1 ? `${total} — 1 seat` : `${total} — ${quantity} seats × ${unit}`
}
