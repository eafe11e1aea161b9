import Link from 'next/link'
import { buttonClasses } from '@/components/ui/button'
import { getCurrentUser } from '@/lib/auth/session'
import { SignOutButton } from './sign-out-button'

/** The header's right side: who is signed in, with a way out; or a way in. */
export async function UserMenu() {
  const user = await getCurrentUser()
  if (!user) {
    return (
      <Link href="/sign-in" className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
        Sign in
      </Link>
    )
  }
  return (
    <div className="flex items-center gap-2">
      <Link href="/dashboard" className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
        Dashboard
      </Link>
      <Link href="/settings" className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
        Settings
      </Link>
      <span className="hidden max-w-48 truncate text-sm text-zinc-600 md:inline dark:text-zinc-400" title={user.email ?? undefined}>
        <span className="sr-only">Signed in as </span>
        {user.email}
      </span>
      <SignOutButton />
    </div>
  )
}
