import Link from 'next/link'
import type { ReactNode } from 'react'
import { buttonClasses } from '@/components/ui/button'
import { Container } from '@/components/ui/container'
import { LogoMark } from '@/components/ui/logo-mark'
import { DOCS_URL } from './site-links'

const navLink =
  'inline-flex h-9 items-center rounded-md px-2.5 text-sm font-medium text-zinc-700 transition-colors ' +
  'hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:focus-visible:outline-brand-400'

export type SiteHeaderProps = {
  /** Replaces the default "Sign in" link, e.g. with the signed-in user's menu. */
  right?: ReactNode
}

export function SiteHeader({ right }: SiteHeaderProps) {
  return (
    <header className="border-b border-zinc-200 dark:border-zinc-800">
      <Container className="flex h-16 items-center justify-between gap-3">
        <Link
          href="/"
          className={
            'flex items-center gap-2 rounded-md text-base font-semibold tracking-tight text-zinc-950 dark:text-white ' +
            'focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand-600 dark:focus-visible:outline-brand-400'
          }
        >
          <LogoMark className="size-7 shrink-0" />
          Tollgate
        </Link>
        <div className="flex items-center gap-1 sm:gap-3">
          <nav aria-label="Main">
            <ul className="flex items-center gap-0.5 sm:gap-1">
              <li>
                <Link href="/pricing" className={navLink}>
                  Pricing
                </Link>
              </li>
              <li>
                <a href={DOCS_URL} className={navLink}>
                  Docs
                </a>
              </li>
            </ul>
          </nav>
          {right ?? (
            <Link href="/sign-in" className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
              Sign in
            </Link>
          )}
        </div>
      </Container>
    </header>
  )
}
