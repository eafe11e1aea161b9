// A local app has one origin, APP_URL's. Session cookies belong to the host that set them, and sign-in links, the
// CSP's 'self' and Stripe's return URLs are all built from APP_URL, so a browser on 127.0.0.1 while APP_URL says
// localhost (or the reverse) requests a link, follows it to the other host and is signed in there but not here;
// a link opened on the wrong host fails silently, its post-sign-in redirect blocked by the CSP's form-action.
// The proxy sends such a browser to APP_URL before anything starts, saying why. Pure: the proxy and its tests share it.

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

type Arrival = { method: string; host: string | null; pathname: string; search: string }

/**
 * APP_URL's address for a page request that reached a local app (APP_URL on a loopback name) through another
 * loopback name on the same port; null for anything else. Only page loads (GET, HEAD outside /api/): a redirected
 * form post would lose its body, and API calls come from servers, not browsers. A deployment is left alone.
 */
export function appOriginRedirect(arrival: Arrival, appUrl: string): string | null {
  const app = new URL(appUrl)
  if (!LOOPBACK.has(app.hostname) || !arrival.host) return null
  if ((arrival.method !== 'GET' && arrival.method !== 'HEAD') || arrival.pathname.startsWith('/api/')) return null
  let reached: URL
  try {
    reached = new URL(`${app.protocol}//${arrival.host}`)
  } catch {
    return null
  }
  if (!LOOPBACK.has(reached.hostname) || reached.hostname === app.hostname || reached.port !== app.port) return null
  return `${app.origin}${arrival.pathname}${arrival.search}`
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * The page that sends the browser on to `target` and says why. A page, not a 307: Next rewrites a proxy's
 * redirect to its own host into a relative Location (next/dist/server/web/adapter.js), and `next dev` takes its
 * host to be localhost whatever name the browser used, so a 307 from 127.0.0.1 to localhost would loop.
 */
export function appOriginPage(target: string): string {
  const url = escapeHtml(target)
  const origin = escapeHtml(new URL(target).origin)
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${url}"><title>Tollgate runs at ${origin}</title></head><body><p>This app runs at <a href="${url}">${origin}</a>, its APP_URL: sign-in links and cookies belong to that address. Taking you there…</p></body></html>`
}
