import Link from 'next/link'
import type { Interval } from '@/lib/billing/catalog'
import { cx } from '@/components/ui/cx'

/** Monthly / yearly as two links: works without JavaScript, and the choice survives a reload. */
export function IntervalToggle({ current }: { current: Interval }) {
  const option = (interval: Interval, label: string) => (
    <Link
      href={interval === 'month' ? '/pricing' : '/pricing?interval=year'}
      aria-current={current === interval ? 'page' : undefined}
      className={cx(
        'rounded-md px-4 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600',
        current === interval ? 'bg-white text-zinc-900 shadow-sm dark:bg-zinc-700 dark:text-white' : 'text-zinc-700 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white',
      )}
    >
      {label}
    </Link>
  )
  return (
    <nav aria-label="Billing interval" className="inline-flex rounded-lg bg-zinc-100 p-1 dark:bg-zinc-800">
      {option('month', 'Monthly')}
      {option('year', 'Yearly')}
    </nav>
  )
}
