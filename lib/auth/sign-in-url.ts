// Shared by the proxy and the pages: where a visitor goes to sign in and then come back to `returnTo`.
export const SIGN_IN_PAGE = '/sign-in'

/** `email` fills in the form's address: an invitation's sign-in knows who is invited. */
export function signInUrl(returnTo: string, email?: string): string {
  return `${SIGN_IN_PAGE}?${new URLSearchParams({ callbackUrl: returnTo, ...(email && { email }) })}`
}
