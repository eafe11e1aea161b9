type Props = { label: string; used: number | null; limit: number; note: string }

/** One limit: "1 of 3" with a bar, or only the limit when nothing is counted; the note says what is counted. */
export function UsageMeter({ label, used, limit, note }: Props) {
  const id = `usage-${label.toLowerCase()}`
  return (
    <div>
      <div className="flex justify-between gap-4 text-sm">
        <span id={id} className="text-zinc-700 dark:text-zinc-300">
          {label}
        </span>
        <span className="font-medium text-zinc-900 tabular-nums dark:text-white">{used === null ? `up to ${limit}` : `${used} of ${limit}`}</span>
      </div>
      {used !== null && (
        <meter aria-labelledby={id} min={0} max={limit} value={used} className="mt-2 block h-2 w-full [&::-moz-meter-bar]:bg-brand-600 [&::-webkit-meter-bar]:rounded-full [&::-webkit-meter-bar]:border-0 [&::-webkit-meter-bar]:bg-zinc-200 dark:[&::-webkit-meter-bar]:bg-zinc-700 [&::-webkit-meter-optimum-value]:rounded-full [&::-webkit-meter-optimum-value]:bg-brand-600 dark:[&::-webkit-meter-optimum-value]:bg-brand-400" />
      )}
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{note}</p>
    </div>
  )
}
