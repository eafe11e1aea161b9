import type { Metadata } from 'next'
import Link from 'next/link'
import { AuthCard } from '@/components/auth/auth-card'
import { MagicLinkConfirmForm } from '@/components/auth/magic-link-confirm-form'
import { BROWSER_PARAM, emailCallbackAction, type MagicLinkParams } from '@/lib/auth/magic-link'
import { getCurrentUser } from '@/lib/auth/session'
import { isAskedInThisBrowser } from '@/lib/auth/sign-in-browser'

// The URL carries a sign-in token: no search engine, and no Referer to any other site. `same-origin`, not
// `no-referrer`: under `no-referrer` browsers send `Origin: null` with the form's POST, and the callback accepts a
// POST only from this origin (decision 0051).
export const metadata: Metadata = { title: 'Sign in', robots: { index: false }, referrer: 'same-origin' }

type Props = { searchParams: Promise<MagicLinkParams> }

const linkClass = 'font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300'

/**
 * The emailed link's page (decision 0051): one click in the browser that asked for the link; anywhere else, it says
 * whose account the link signs into first; and a browser signed in to another account is asked before its session
 * is replaced.
 */
export default async function ConfirmSignInPage({ searchParams }: Props) {
  const params = await searchParams
  const action = emailCallbackAction(params)
  if (!action) {
    return (
      <AuthCard title="This link is incomplete" lead="Part of the sign-in link is missing. Copy the whole link from the email, or ask for a new one.">
        <Link href="/sign-in" className={linkClass}>
          Ask for a new link
        </Link>
      </AuthCard>
    )
  }
  const email = String(params.email)
  const binding = typeof params[BROWSER_PARAM] === 'string' ? params[BROWSER_PARAM] : undefined
  const [user, askedHere] = await Promise.all([getCurrentUser(), isAskedInThisBrowser({ token: String(params.token), binding })])
  const elsewhere = askedHere ? '' : ' It was asked for in another browser or on another device: continue only if you asked for it yourself.'

  if (user?.email && user.email.toLowerCase() !== email.toLowerCase()) {
    return (
      <AuthCard title="Switch accounts?" lead={`You are signed in as ${user.email}. This link signs this browser in as ${email} instead, and signs ${user.email} out here.${elsewhere}`}>
        <MagicLinkConfirmForm action={action} label="Sign in with the link" switchAccount />
        <p className="mt-4 text-center text-sm">
          <Link href="/dashboard" className={linkClass}>
            Stay signed in as {user.email}
          </Link>
        </p>
      </AuthCard>
    )
  }
  if (!askedHere) {
    return (
      <AuthCard title="Sign in on this device?" lead={`This link signs this browser in as ${email}.${elsewhere}`}>
        <MagicLinkConfirmForm action={action} label="Sign in here" />
      </AuthCard>
    )
  }
  return (
    <AuthCard title="Sign in to Tollgate" lead={`Continue as ${email}. The link works once.`}>
      <MagicLinkConfirmForm action={action} />
    </AuthCard>
  )
}
