// What each error next-auth (or the sign-in form's action) can put in `?error=` means, in words. It holds no
// server imports, so a client component may use it too.
const MESSAGES: Record<string, string> = {
  RateLimited: 'Too many sign-in emails were requested. Wait a few minutes, then try again.',
  EmailRecentlySent:
    'We sent a sign-in link to that address a moment ago. Use the newest one in your inbox (each works for an hour), or ask again in a few minutes.',
  CrossSiteSignIn: 'Another website tried to complete a sign-in here, so it was stopped. To sign in, open the link from your email.',
  Verification: 'That sign-in link has expired or was already used. Ask for a new one below.',
  EmailSignin: 'We could not send the sign-in email. Check the address and try again.',
  // The sign-in page says which part of the address is wrong (email-address.ts) when it has the address.
  EmailAddress: 'A sign-in link cannot be sent to that address. Check it and try again.',
  OAuthSignin: 'We could not start signing in with that provider. Try again, or use email.',
  OAuthCallback: 'The provider did not complete the sign-in. Try again, or use email.',
  OAuthCreateAccount: 'We could not create an account from that provider. Try email instead.',
  EmailCreateAccount: 'We could not create an account for that address. Try again in a moment.',
  Callback: 'Something went wrong while finishing sign-in. Try again.',
  OAuthAccountNotLinked:
    'That email address already has an account that signs in another way. Sign in the way you did before.',
  SessionRequired: 'Sign in to see that page.',
  AccessDenied: 'That account is not allowed to sign in.',
  Configuration: 'Sign-in is not configured correctly on this server. If you run it, check the server log.',
}

export function describeSignInError(code: string | null | undefined): string | null {
  if (!code) return null
  return MESSAGES[code] ?? 'Sign-in did not work. Please try again.'
}
