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
  const summary = `Daily ${unitLabel}s, ${short(days[0]!.day)} to ${short(days[days.length - 1]!.day)}; busiest ${short(busiest.day)} with ${busiest.value.toLocaleString('en-US')}.`
  return (
    <figure className="mt-4">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 16}`} role="img" aria-label={summary} className="h-32 w-full text-brand-600 dark:text-brand-400">
        <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="stroke-zinc-300 dark:stroke-zinc-700" strokeWidth={1} />
        {days.map((d, i) => {
          const height = d.value === 0 ? 0 : Math.max(2, (d.value / top) * (HEIGHT - 4))
          return (
            <rect key={d.day} x={i * slot + slot * 0.15} y={HEIGHT - height} width={slot * 0.7} height={height} rx={1.5} fill="currentColor">
              <title>{`${short(d.day)}: ${d.value.toLocaleString('en-US')}`}</title>
            </rect>
          )
        })}
        <text x={0} y={HEIGHT + 13} fontSize={11} className="fill-zinc-600 dark:fill-zinc-400">
          {short(days[0]!.day)}
        </text>
        <text x={WIDTH} y={HEIGHT + 13} fontSize={11} textAnchor="end" className="fill-zinc-600 dark:fill-zinc-400">
          {short(days[days.length - 1]!.day)}
        </text>
      </svg>
      <figcaption className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{summary}</figcaption>
    </figure>
  )
}
