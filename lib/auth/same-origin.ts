// Whether a browser's POST was sent by one of this app's own pages: the defence against a cross-site page that
// submits a form to us (login CSRF, decision 0051). Browsers put the page's origin in `Origin` on every POST
// (https://fetch.spec.whatwg.org/#origin-header), except that a page whose referrer policy is `no-referrer` sends
// `Origin: null`; they also send `Sec-Fetch-Site` (Chrome 76, Firefox 90, Safari 16.4), which says same-origin,
// same-site, cross-site or none whatever the referrer policy (https://www.w3.org/TR/fetch-metadata/). So:
// `Sec-Fetch-Site`, when sent, must be same-origin; `Origin`, when it names an origin, must be ours; and a request
// with neither an origin nor `Sec-Fetch-Site: same-origin` is refused (no browser that sends neither is supported).

/** `ownOrigins`: the origins this app's pages are served from (APP_URL's, and locally the one the browser used). */
export function isSameOriginRequest(headers: Headers, ownOrigins: readonly string[]): boolean {
  const site = headers.get('sec-fetch-site')
  if (site !== null && site !== 'same-origin') return false
  const origin = headers.get('origin')
  if (origin !== null && origin !== 'null') return ownOrigins.includes(origin)
  return site === 'same-origin'
}

/**
 * APP_URL's origin; outside a deployment also the origin the request was addressed to (the scheme and Host it
 * arrived with), so a page opened on 127.0.0.1 while APP_URL says localhost still signs in. A cross-site page cannot
 * choose the Host a victim's browser sends, so that adds no way in; a deployment accepts only APP_URL.
 */
export function ownOriginsOf(requestUrl: string, appUrl: string, deployed: boolean): string[] {
  const origins = [new URL(appUrl).origin]
  if (!deployed) origins.push(new URL(requestUrl).origin)
  return origins
}
