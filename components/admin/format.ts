/** A moment as operators compare it with Stripe's dashboard and logs: UTC, to the second. */
export function formatDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** A count shown beside a status; a capped count reads "10,000+". */
export function formatCount(count: number, cap: number): string {
  return count > cap ? `${cap.toLocaleString('en-US')}+` : count.toLocaleString('en-US')
}
