import type { DailyUse } from '@/lib/usage/usage-summary'

const WIDTH = 600
const HEIGHT = 120
const short = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' })

/**
 * Use per day this period as plain SVG bars (no chart library, no canvas): it scales with its box, each bar carries
 * its value in a <title>, and the figure's label sums it up for screen readers.
 */
export function DailyUsageChart({ days, unitLabel }: { days: readonly DailyUse[]; unitLabel: string }) {
  if (days.length === 0) return null
  const top = Math.max(1, ...days.map((d) => d.value))
  const slot = WIDTH / days.length
  const busiest = days.reduce((a, b) => (b.value > a.value ? b : a))
  const summary = `Daily ${unitLabel}s this period, ${short(days[0]!.day)} to ${short(days[days.length - 1]!.day)}; busiest ${short(busiest.day)} with ${busiest.value.toLocaleString('en-US')}.`
  return (
    <figure className="mt-4">
      {/* Stretched to the box's width (bars only: the dates are text below it, so nothing is distorted). */}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={summary} className="h-28 w-full text-brand-600 dark:text-brand-400">
        <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="stroke-zinc-300 dark:stroke-zinc-700" strokeWidth={1} vectorEffect="non-scaling-stroke" />
        {days.map((d, i) => {
          const height = d.value === 0 ? 0 : Math.max(2, (d.value / top) * (HEIGHT - 4))
          return (
            <rect key={d.day} x={i * slot + slot * 0.15} y={HEIGHT - height} width={slot * 0.7} height={height} fill="currentColor">
              <title>{`${short(d.day)}: ${d.value.toLocaleString('en-US')}`}</title>
            </rect>
          )
        })}
      </svg>
      <div aria-hidden="true" className="mt-1 flex justify-between text-xs text-zinc-600 dark:text-zinc-400">
        <span>{short(days[0]!.day)}</span>
        <span>{short(days[days.length - 1]!.day)}</span>
      </div>
      <figcaption className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{summary}</figcaption>
    </figure>
  )
}
