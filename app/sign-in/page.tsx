import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { SignInForm } from '@/components/auth/sign-in-form'
import { AuthCard } from '@/components/auth/auth-card'
import { oauthProviders } from '@/lib/auth/options'
import { safeRedirectPath } from '@/lib/auth/safe-redirect'
import { getCurrentUser } from '@/lib/auth/session'
import { describeSignInError } from '@/lib/auth/sign-in-errors'
import { env } from '@/lib/env'

export const metadata: Metadata = { title: 'Sign in' }

type Props = { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }> }

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams
  const destination = safeRedirectPath(callbackUrl, env().APP_URL)
  if (await getCurrentUser()) redirect(destination)

  const providers = oauthProviders().map(({ id, name }) => ({ id, name }))
  return (
    <AuthCard title="Sign in to Tollgate" lead="We’ll email you a link that signs you in. No password to remember.">
      <SignInForm
        callbackUrl={destination}
        providers={providers}
        error={describeSignInError(typeof error === 'string' ? error : undefined)}
      />
      {!env().EMAIL_SERVER && (
        <p className="mt-6 rounded-lg bg-zinc-100 p-3 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          Development mode: no email server is configured, so the sign-in link is printed in the terminal running
          the app. Set <code className="font-mono">EMAIL_SERVER</code> to send real emails.
        </p>
      )}
    </AuthCard>
  )
}
