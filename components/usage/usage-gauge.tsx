import { cx } from '@/components/ui/cx'

type Props = { label: string; used: number; included: number; limit: number | null; unitLabel: string; className?: string }

const number = (n: number) => n.toLocaleString('en-US')
const plural = (n: number, unit: string) => `${number(n)} ${unit}${n === 1 ? '' : 's'}`

/**
 * A meter's use this period against its allowance: a bar with `role="meter"` and its value in words, so a screen
 * reader hears "1,200 of 1,000 API calls, limit reached" rather than a bare percentage. Amber from 80 %, red at the
 * limit (hard cap) or past the allowance (soft cap, billed as overage).
 */
export function UsageGauge({ label, used, included, limit, unitLabel, className }: Props) {
  const ceiling = limit ?? included
  const share = ceiling > 0 ? used / ceiling : 1
  const state = limit !== null && used >= limit ? 'limit reached' : used > included ? `${number(used - included)} over the allowance` : null
  const text = `${number(used)} of ${plural(ceiling, unitLabel)}${state ? `, ${state}` : ''}`
  const tone = share >= 1 ? 'bg-red-600 dark:bg-red-400' : share >= 0.8 ? 'bg-amber-500 dark:bg-amber-400' : 'bg-brand-600 dark:bg-brand-400'
  return (
    <div className={className}>
      <div className="flex flex-wrap justify-between gap-x-4 text-sm">
        <span className="text-zinc-700 dark:text-zinc-300">{label}</span>
        <span className="font-medium text-zinc-900 tabular-nums dark:text-white">{text}</span>
      </div>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={ceiling}
        aria-valuenow={Math.min(used, ceiling)}
        aria-valuetext={text}
        className="mt-2 h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700"
      >
        <div className={cx('h-full rounded-full', tone)} style={{ width: `${Math.min(100, Math.round(share * 100))}%` }} />
      </div>
    </div>
  )
}
