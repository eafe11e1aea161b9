const format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

/** A moment as the console shows it: day and minute, in UTC (operators compare it with Stripe's and Inngest's logs). */
export function formatDateTime(date: Date): string {
  return `${format.format(date)} UTC`
}

export function DateTime({ date }: { date: Date }) {
  return <time dateTime={date.toISOString()}>{formatDateTime(date)}</time>
}

/** How long ago, in the largest whole unit: "3 days", "5 h", "12 min". */
export function formatAge(from: Date, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - from.getTime()) / 60_000))
  if (minutes < 60) return `${minutes} min`
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`
  return `${Math.floor(minutes / 1440)} days`
}
