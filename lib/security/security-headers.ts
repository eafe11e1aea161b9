import { env, isDeployment, type Env } from '@/lib/env'

// The headers every page (and every browser-facing API route) is served with. proxy.ts sets them at request time,
// so they follow the running configuration, with a new script nonce for every response (decision 0013).

/** Where Stripe's hosted pages live. Checkout and the portal are reached by redirecting the browser there. */
export const STRIPE_PAGE_ORIGINS = ['https://checkout.stripe.com', 'https://billing.stripe.com'] as const

/**
 * Origins a form submission may end on: our own, and Stripe's hosted pages. A server action submitted before
 * hydration is a plain form POST answered with 303 → Stripe, and browsers check form-action on that redirect; the
 * fetch-based action can be answered with a redirect the browser's fetch follows, which connect-src checks.
 * STRIPE_API_URL (the test double, stripe-mock) serves its own hosted pages, so its origin is added.
 */
export function stripeOrigins(config: Pick<Env, 'STRIPE_API_URL'>): string[] {
  return [...STRIPE_PAGE_ORIGINS, ...(config.STRIPE_API_URL ? [new URL(config.STRIPE_API_URL).origin] : [])]
}

/** A fresh, unguessable nonce: 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
}

export function contentSecurityPolicy(config: Env, nonce: string): string {
  const stripe = stripeOrigins(config).join(' ')
  const directives = [
    "default-src 'self'",
    // Only scripts carrying this response's nonce, and what they load: Next puts the nonce on its own scripts when
    // it renders a page (every page here is rendered per request). React's dev build needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${config.NODE_ENV === 'development' ? " 'unsafe-eval'" : ''}`,
    // The stylesheet is inlined (next.config.ts inlineCss) and React writes style attributes. No nonce here: with
    // one, browsers ignore 'unsafe-inline', and style attributes cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${stripe}`,
    `form-action 'self' ${stripe}`,
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    ...(isDeployment(config) ? ['upgrade-insecure-requests'] : []),
  ]
  return directives.join('; ')
}

export function securityHeaders(nonce: string, config: Env = env()): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(config, nonce),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    // Nothing here uses these; a script that got in cannot either.
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), payment=()',
    // For browsers that predate frame-ancestors.
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // Two years, the preload list's minimum; only where APP_URL is https. Add `includeSubDomains` once every
    // subdomain of yours serves https.
    ...(isDeployment(config) && config.APP_URL.startsWith('https:') && { 'Strict-Transport-Security': 'max-age=63072000' }),
  }
}
