// Shared by the proxy and the pages: where a visitor goes to sign in and then come back to `returnTo`.
export const SIGN_IN_PAGE = '/sign-in'

export function signInUrl(returnTo: string): string {
  return `${SIGN_IN_PAGE}?${new URLSearchParams({ callbackUrl: returnTo })}`
}
