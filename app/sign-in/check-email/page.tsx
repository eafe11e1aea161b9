import type { Metadata } from 'next'
import Link from 'next/link'
import { AuthCard } from '@/components/auth/auth-card'
import { env } from '@/lib/env'

export const metadata: Metadata = { title: 'Check your email' }

type Props = { searchParams: Promise<{ email?: string | string[] }> }

export default async function CheckEmailPage({ searchParams }: Props) {
  const { email } = await searchParams
  const address = typeof email === 'string' && email.length < 320 ? email : null
  return (
    <AuthCard title="Check your email" lead={`We sent a sign-in link to ${address ?? 'your address'}. It works once and expires in an hour.`}>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        {env().EMAIL_SERVER
          ? 'Not there after a minute? Look in your spam folder, or '
          : 'No email server is configured (EMAIL_SERVER), so the link is in the terminal running the app. Or '}
        <Link href={address ? `/sign-in?${new URLSearchParams({ email: address })}` : '/sign-in'} className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300">
          ask for a new link
        </Link>
        .
      </p>
    </AuthCard>
  )
}
