// Money and dates as the billing pages show them. No server imports: client components (the plan-change preview)
// format with the same helpers as the pages.

/** An amount in the currency's smallest unit: "$19", "$12.34". */
export function formatAmount(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: amount % 100 === 0 ? 0 : 2 }).format(amount / 100)
}

/** A billing date, in UTC as Stripe counts periods: "January 1, 2027". */
export function formatBillingDate(date: Date | string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(typeof date === 'string' ? new Date(date) : date)
}
