'use server'
import { redirect } from 'next/navigation'
import { env } from '@/lib/env'
import { emailAddressProblem } from './email-address'
import { endBrowserSession } from './end-browser-session'
import { CHECK_EMAIL_PAGE, oauthProviders } from './options'
import { safeRedirectPath } from './safe-redirect'
import { SIGN_IN_PAGE } from './sign-in-url'
import { startSignIn } from './start-sign-in'

/** Ends the session in the database (so the cookie is worthless everywhere) and clears the cookie. */
export async function signOut(): Promise<void> {
  await endBrowserSession()
  redirect('/')
}

/**
 * The sign-in form's action: an email link, or the OAuth provider named by the button pressed. A plain form post,
 * so it works before the page's JavaScript has loaded; mistakes come back as `/sign-in?error=…`, which the page
 * explains.
 */
export async function signIn(formData: FormData): Promise<void> {
  const callbackUrl = safeRedirectPath(formData.get('callbackUrl')?.toString(), env().APP_URL)
  const provider = formData.get('provider')?.toString() ?? 'email'
  const retry = (error: string, email?: string) => `${SIGN_IN_PAGE}?${new URLSearchParams({ error, callbackUrl, ...(email && { email }) })}`
  if (provider !== 'email') {
    redirect(oauthProviders().some((p) => p.id === provider) ? await startSignIn(provider, { callbackUrl }) : retry('OAuthSignin'))
  }
  const email = formData.get('email')?.toString().trim() ?? ''
  // Refused here with the reason, rather than by next-auth with "could not send" and a stack trace in the log.
  if (emailAddressProblem(email)) redirect(retry('EmailAddress', email.slice(0, 320)))
  const next = await startSignIn('email', { email, callbackUrl })
  redirect(next === CHECK_EMAIL_PAGE ? `${CHECK_EMAIL_PAGE}?${new URLSearchParams({ email })}` : next)
}
