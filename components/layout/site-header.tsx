import Link from 'next/link'
import type { ReactNode } from 'react'
import { UserMenu } from '@/components/auth/user-menu'
import { buttonClasses } from '@/components/ui/button'
import { Container } from '@/components/ui/container'
import { cx } from '@/components/ui/cx'
import { LogoMark } from '@/components/ui/logo-mark'
import type { SessionUser } from '@/lib/auth/session'
import { MenuDisclosure } from './menu-disclosure'
import { DOCS_URL } from './site-links'

const focusColour = 'focus-visible:outline-2 focus-visible:outline-brand-600 dark:focus-visible:outline-brand-400'
const focusRing = `${focusColour} focus-visible:outline-offset-2`
const navLink =
  'inline-flex h-9 items-center rounded-md px-2.5 text-sm font-medium text-zinc-700 transition-colors ' +
  `hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white ${focusRing}`
const menuLink = `${navLink} h-11 w-full text-base`

const SITE_LINKS = [
  { href: '/pricing', label: 'Pricing', external: false },
  { href: DOCS_URL, label: 'Docs', external: true },
]

function SiteLinks({ linkClassName, column = false }: { linkClassName: string; column?: boolean }) {
  return (
    <nav aria-label="Main">
      <ul className={column ? 'flex flex-col gap-1' : 'flex items-center gap-0.5 sm:gap-1'}>
        {SITE_LINKS.map((link) => (
          <li key={link.href}>
            {link.external ? (
              <a href={link.href} className={linkClassName}>
                {link.label}
              </a>
            ) : (
              <Link href={link.href} className={linkClassName}>
                {link.label}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  )
}

/**
 * Logo, site links, the organization switcher (`switcher`, for a signed-in user) and the account part; below 640 px
 * for a visitor, and below 1024 px for a signed-in user (whose row holds the switcher and three or four account
 * links, 790 px wide with any name), all but the logo fold into one menu. `operator` adds the operator console
 * (/admin) to the account links.
 */
export function SiteHeader({ user, operator = false, switcher }: { user: Pick<SessionUser, 'email'> | null; operator?: boolean; switcher?: ReactNode }) {
  return (
    <header className="relative border-b border-zinc-200 dark:border-zinc-800">
      <Container className="flex h-16 items-center justify-between gap-3">
        <Link href="/" className={`flex items-center gap-2 rounded-md text-base font-semibold tracking-tight text-zinc-950 dark:text-white ${focusColour} focus-visible:outline-offset-4`}>
          <LogoMark className="size-7 shrink-0" />
          Tollgate
        </Link>
        <div className={cx('hidden items-center gap-3', user ? 'lg:flex' : 'sm:flex')}>
          <SiteLinks linkClassName={navLink} />
          {user && switcher}
          <UserMenu user={user} operator={operator} linkClassName={navLink} layout="row" />
        </div>
        <MenuDisclosure
          className={user ? 'lg:hidden' : 'sm:hidden'}
          summaryClassName={`${buttonClasses({ variant: 'secondary', size: 'sm' })} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}
          summary={
            <>
              <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
                <path d="M3 5.5h14M3 10h14M3 14.5h14" />
              </svg>
              Menu
            </>
          }
        >
          <div className="absolute inset-x-0 top-full z-20 space-y-3 border-b border-zinc-200 bg-white px-4 py-4 shadow-lg dark:border-zinc-800 dark:bg-zinc-950">
            <SiteLinks linkClassName={menuLink} column />
            <div className="border-t border-zinc-200 pt-3 dark:border-zinc-800">
              {user && switcher && <div className="mb-2">{switcher}</div>}
              <UserMenu user={user} operator={operator} linkClassName={menuLink} layout="column" />
            </div>
          </div>
        </MenuDisclosure>
      </Container>
    </header>
  )
}
