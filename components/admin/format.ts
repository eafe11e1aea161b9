/** A count shown beside a status; a capped count reads "10,000+". */
export function formatCount(count: number, cap: number): string {
  return count > cap ? `${cap.toLocaleString('en-US')}+` : count.toLocaleString('en-US')
}
