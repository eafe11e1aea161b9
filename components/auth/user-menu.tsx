import Link from 'next/link'
import { buttonClasses } from '@/components/ui/button'
import { cx } from '@/components/ui/cx'
import type { SessionUser } from '@/lib/auth/session'
import { ACCOUNT_LINKS, OPERATOR_LINK } from './account-links'
import { SignOutButton } from './sign-out-button'

type Props = { user: Pick<SessionUser, 'email'> | null; operator?: boolean; linkClassName: string; layout: 'row' | 'column' }

/** The header's account part: the signed-in user's pages, who they are and a way out; or a way in. */
export function UserMenu({ user, operator = false, linkClassName, layout }: Props) {
  if (!user) {
    return (
      <Link href="/sign-in" className={buttonClasses({ variant: 'secondary', size: 'sm', className: layout === 'column' ? 'w-full' : undefined })}>
        Sign in
      </Link>
    )
  }
  const column = layout === 'column'
  return (
    <div className={cx('flex gap-1', column ? 'flex-col items-stretch' : 'items-center sm:gap-2')}>
      <ul aria-label="Account" className={cx('flex', column ? 'flex-col gap-1' : 'items-center gap-0.5')}>
        {(operator ? [...ACCOUNT_LINKS, OPERATOR_LINK] : ACCOUNT_LINKS).map((link) => (
          <li key={link.href}>
            <Link href={link.href} className={linkClassName}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
      <p
        className={cx('truncate text-sm text-zinc-600 dark:text-zinc-400', column ? 'px-2.5 py-2' : 'hidden max-w-48 xl:block')}
        title={user.email ?? undefined}
      >
        <span className={column ? undefined : 'sr-only'}>Signed in as </span>
        {user.email}
      </p>
      <SignOutButton className={column ? 'w-full' : undefined} />
    </div>
  )
}
