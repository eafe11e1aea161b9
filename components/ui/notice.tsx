import type { ReactNode } from 'react'
import { cx } from './cx'

const tones = {
  info: 'border-zinc-200 bg-zinc-50 text-zinc-800 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-200',
  warning: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100',
  error: 'border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
  success: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
}

/** A boxed message. `alert` makes screen readers announce it when it appears. */
export function Notice({ tone = 'info', alert = false, className, children }: { tone?: keyof typeof tones; alert?: boolean; className?: string; children: ReactNode }) {
  return (
    <div role={alert ? 'alert' : undefined} className={cx('rounded-lg border p-4 text-sm', tones[tone], className)}>
      {children}
    </div>
  )
}
