import type { Metadata } from 'next'
import Link from 'next/link'
import { AuthCard } from '@/components/auth/auth-card'
import { MagicLinkConfirmForm } from '@/components/auth/magic-link-confirm-form'
import { emailCallbackAction, type MagicLinkParams } from '@/lib/auth/magic-link'

// The URL carries a sign-in token: no search engine, and no Referer to any other site.
export const metadata: Metadata = { title: 'Sign in', robots: { index: false }, referrer: 'no-referrer' }

type Props = { searchParams: Promise<MagicLinkParams> }

export default async function ConfirmSignInPage({ searchParams }: Props) {
  const params = await searchParams
  const action = emailCallbackAction(params)
  if (!action) {
    return (
      <AuthCard title="This link is incomplete" lead="Part of the sign-in link is missing. Copy the whole link from the email, or ask for a new one.">
        <Link href="/sign-in" className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300">
          Ask for a new link
        </Link>
      </AuthCard>
    )
  }
  return (
    <AuthCard title="Sign in to Tollgate" lead={`Continue as ${String(params.email)}. The link works once.`}>
      <MagicLinkConfirmForm action={action} />
    </AuthCard>
  )
}
