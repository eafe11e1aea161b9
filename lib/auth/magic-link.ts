// The emailed sign-in link opens a page of ours with one "Sign in" button instead of next-auth's callback, whose GET
// consumes the token: mail scanners that follow links (some corporate filters do) would otherwise use it up before
// the person clicks. The button POSTs the same query to next-auth's callback, which accepts POST for email.

export const MAGIC_LINK_CONFIRM_PAGE = '/sign-in/confirm'
export const EMAIL_CALLBACK_PATH = '/api/auth/callback/email'

const PARAMS = ['callbackUrl', 'token', 'email'] as const
/** The link's query: what next-auth's callback takes, and `browser`, which says which browser asked (browser-binding). */
export type MagicLinkParams = Partial<Record<(typeof PARAMS)[number] | typeof BROWSER_PARAM, string | string[]>>

/** The confirm page's form field that says "yes, end my session and sign in as the link's address instead". */
export const SWITCH_ACCOUNT_FIELD = 'switchAccount'

/** The confirm page's parameter that binds a link to the browser that asked for it (lib/auth/browser-binding.ts). */
export const BROWSER_PARAM = 'browser'

function carriedQuery(params: MagicLinkParams | URLSearchParams): URLSearchParams {
  const query = new URLSearchParams()
  for (const name of PARAMS) {
    const value = params instanceof URLSearchParams ? params.get(name) : params[name]
    if (typeof value === 'string' && value.length <= 2048) query.set(name, value)
  }
  return query
}

/**
 * The confirm page's URL for a link next-auth built (`<APP_URL>/api/auth/callback/email?…`), on APP_URL; with the
 * browser binding of the browser that asked, when it is known.
 */
export function confirmPageUrl(link: string, appUrl: string, binding?: string): string {
  const query = carriedQuery(new URL(link).searchParams)
  if (binding) query.set(BROWSER_PARAM, binding)
  return `${appUrl}${MAGIC_LINK_CONFIRM_PAGE}?${query}`
}

/** The confirm page again, for the link a refused callback POST carried (`callbackUrl`, `token`, `email`). */
export function confirmPagePath(params: URLSearchParams): string {
  return `${MAGIC_LINK_CONFIRM_PAGE}?${carriedQuery(params)}`
}

/** Where the confirm page's form posts; null when the link lacks its token or address. */
export function emailCallbackAction(params: MagicLinkParams): string | null {
  const query = carriedQuery(params)
  return query.get('token') && query.get('email') ? `${EMAIL_CALLBACK_PATH}?${query}` : null
}

/** next-auth's route for an email callback, which only a POST may complete (a GET goes to the confirm page). */
export function isEmailCallback(segments: readonly string[] | undefined): boolean {
  return segments?.[0] === 'callback' && segments[1] === 'email'
}

/** next-auth's route that starts an email sign-in (the form's POST, or next-auth/react's `signIn('email')`). */
export function isEmailSignIn(segments: readonly string[] | undefined): boolean {
  return segments?.[0] === 'signin' && segments[1] === 'email'
}
