import { cx } from '@/components/ui/cx'

const tones: Record<string, string> = {
  processed: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  failed: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
  queued: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  received: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  ignored: 'bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200',
  refused: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
}

/** A ledger status in words, coloured; the word carries the meaning, the colour only helps. */
export function EventStatus({ status }: { status: string }) {
  return <span className={cx('inline-flex rounded-full px-2 py-0.5 text-xs font-medium', tones[status] ?? tones.ignored)}>{status}</span>
}
