import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { SignInForm } from '@/components/auth/sign-in-form'
import { AuthCard } from '@/components/auth/auth-card'
import { oauthProviders } from '@/lib/auth/options'
import { safeRedirectPath } from '@/lib/auth/safe-redirect'
import { getCurrentUser } from '@/lib/auth/session'
import { emailAddressProblem } from '@/lib/auth/email-address'
import { describeSignInError } from '@/lib/auth/sign-in-errors'
import { env } from '@/lib/env'

export const metadata: Metadata = { title: 'Sign in' }

type Props = { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[]; email?: string | string[] }> }

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error, email: emailParam } = await searchParams
  // The address to fill in: the one just refused (to correct it), or the one an invitation was sent to.
  const email = typeof emailParam === 'string' && emailParam.length <= 320 ? emailParam : ''
  const code = typeof error === 'string' ? error : undefined
  const message = code === 'EmailAddress' && email ? (emailAddressProblem(email) ?? describeSignInError(code)) : describeSignInError(code)
  const destination = safeRedirectPath(callbackUrl, env().APP_URL)
  if (await getCurrentUser()) redirect(destination)

  const providers = oauthProviders().map(({ id, name }) => ({ id, name }))
  return (
    <AuthCard title="Sign in to Tollgate" lead="We’ll email you a link that signs you in. No password to remember.">
      <SignInForm callbackUrl={destination} providers={providers} error={message} email={email} />
      {!env().EMAIL_SERVER && (
        <p className="mt-6 rounded-lg bg-zinc-100 p-3 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          No email server is configured, so the sign-in link is printed in the terminal running the app. Set{' '}
          <code className="font-mono">EMAIL_SERVER</code> to send real emails.
        </p>
      )}
    </AuthCard>
  )
}
