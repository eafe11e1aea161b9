// The emailed sign-in link opens a page of ours with one "Sign in" button instead of next-auth's callback, whose GET
// consumes the token: mail scanners that follow links (some corporate filters do) would otherwise use it up before
// the person clicks. The button POSTs the same query to next-auth's callback, which accepts POST for email.

export const MAGIC_LINK_CONFIRM_PAGE = '/sign-in/confirm'
export const EMAIL_CALLBACK_PATH = '/api/auth/callback/email'

const PARAMS = ['callbackUrl', 'token', 'email'] as const
export type MagicLinkParams = Partial<Record<(typeof PARAMS)[number], string | string[]>>

function carriedQuery(params: MagicLinkParams | URLSearchParams): URLSearchParams {
  const query = new URLSearchParams()
  for (const name of PARAMS) {
    const value = params instanceof URLSearchParams ? params.get(name) : params[name]
    if (typeof value === 'string' && value.length <= 2048) query.set(name, value)
  }
  return query
}

/** The confirm page's URL for a link next-auth built (`<APP_URL>/api/auth/callback/email?…`), on APP_URL. */
export function confirmPageUrl(link: string, appUrl: string): string {
  return `${appUrl}${MAGIC_LINK_CONFIRM_PAGE}?${carriedQuery(new URL(link).searchParams)}`
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
