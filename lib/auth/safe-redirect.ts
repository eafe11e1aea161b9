// Where to send someone after sign-in, given a `callbackUrl` (or any redirect parameter) from the request.
// Only a path on this site is accepted; everything else — another host, `//host`, `/\host`, encoded forms of
// those, `javascript:` — falls back to the dashboard. Pure, so proxy, pages, actions and next-auth share it.

export const DEFAULT_AFTER_SIGN_IN = '/dashboard'

// Browsers treat "\" like "/" and drop tabs and newlines inside URLs, which turns "/\evil.com" and
// "/\t/evil.com" into "//evil.com". Refuse them outright rather than guess how a browser will read them.
const SUSPICIOUS = /[\\\u0000-\u001f\u007f]/

// Pages that would bounce a signed-in user straight back, or are next-auth's own endpoints.
const NOT_A_DESTINATION = /^\/(sign-in|api\/auth)(\/|$|\?|#)/

function fullyDecoded(value: string): string | null {
  let current = value
  for (let i = 0; i < 5; i++) {
    let next: string
    try {
      next = decodeURIComponent(current)
    } catch {
      return null
    }
    if (next === current) return current
    current = next
  }
  return null // still changing after five rounds: nobody encodes a real path that deep
}

export function safeRedirectPath(raw: unknown, appOrigin: string, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return fallback
  const decoded = fullyDecoded(raw)
  if (decoded === null || SUSPICIOUS.test(decoded)) return fallback

  const origin = new URL(appOrigin).origin
  let url: URL
  try {
    url = new URL(raw, origin)
  } catch {
    return fallback
  }
  // Another host (`https://evil.com`, `//evil.com`, `https:evil.com`, `user@host` tricks) or a scheme
  // without an origin (`javascript:`) ends up with a different origin than ours.
  if (url.origin !== origin) return fallback
  // Only a path ("/billing") or our own absolute URL; not a relative "billing" whose meaning depends on the page.
  const lower = raw.toLowerCase()
  if (!raw.startsWith('/') && lower !== origin && !lower.startsWith(`${origin}/`) && !lower.startsWith(`${origin}?`)) return fallback

  const path = `${url.pathname}${url.search}${url.hash}`
  // "/%2F%2Fevil.com" is a path here, but a proxy that decodes it would send the browser to another host.
  if (fullyDecoded(url.pathname)?.startsWith('//') !== false) return fallback
  if (NOT_A_DESTINATION.test(path)) return fallback
  return path
}
