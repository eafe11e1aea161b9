import type { ReactNode } from 'react'
import { cx } from '@/components/ui/cx'

const tones = {
  ok: 'border-zinc-200 dark:border-zinc-800',
  attention: 'border-amber-400 dark:border-amber-700',
  problem: 'border-red-400 dark:border-red-700',
}

/** One figure of the health page: a heading, the number in words, and what to do about it. */
export function HealthCard({ id, title, tone, figure, children }: { id: string; title: string; tone: keyof typeof tones; figure: string; children?: ReactNode }) {
  return (
    <section aria-labelledby={id} className={cx('min-w-0 rounded-2xl border p-5', tones[tone])}>
      <h2 id={id} className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{title}</h2>
      <p className="mt-1 text-2xl font-semibold text-zinc-900 dark:text-white">
        {figure}
        {tone !== 'ok' && <span className="sr-only"> (needs attention)</span>}
      </p>
      {children && <div className="mt-3 space-y-2 text-sm text-zinc-700 dark:text-zinc-300">{children}</div>}
    </section>
  )
}

export const linkClass = 'font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800 dark:text-brand-300 dark:hover:text-brand-200'
