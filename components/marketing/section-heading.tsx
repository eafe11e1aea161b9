import type { ReactNode } from 'react'

type SectionHeadingProps = { id: string; eyebrow: string; title: ReactNode; children?: ReactNode }

export function SectionHeading({ id, eyebrow, title, children }: SectionHeadingProps) {
  return (
    <div className="max-w-2xl">
      <p className="font-mono text-xs font-medium tracking-widest text-brand-600 uppercase dark:text-brand-400">
        {eyebrow}
      </p>
      <h2 id={id} className="mt-3 text-3xl font-semibold tracking-tight text-balance text-zinc-950 sm:text-4xl dark:text-white">
        {title}
      </h2>
      {children ? <p className="mt-4 text-base text-pretty text-zinc-600 dark:text-zinc-400">{children}</p> : null}
    </div>
  )
}
