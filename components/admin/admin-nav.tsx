'use client'
import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { cx } from '@/components/ui/cx'

const LINKS = [
  { href: '/admin', label: 'Health' },
  { href: '/admin/events', label: 'Events' },
  { href: '/admin/organizations', label: 'Organizations' },
  { href: '/admin/audit', label: 'Audit' },
]

/** The operator console's sections; wraps onto a second line on a narrow screen rather than scrolling. */
export function AdminNav() {
  const pathname = usePathname()
  const isCurrent = (href: string) => (href === '/admin' ? pathname === href : pathname === href || pathname.startsWith(`${href}/`))
  return (
    <nav aria-label="Operator console" className="border-b border-zinc-200 pb-3 dark:border-zinc-800">
      <ul className="flex flex-wrap gap-1">
        {LINKS.map((link) => (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={isCurrent(link.href) ? 'page' : undefined}
              className={cx(
                'inline-flex h-9 items-center rounded-md px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:focus-visible:outline-brand-400',
                isCurrent(link.href)
                  ? 'bg-zinc-900 text-white dark:bg-white dark:text-zinc-900'
                  : 'text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white',
              )}
            >
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
