// next-auth v4's session cookie: "__Secure-" prefixed when APP_URL is https. The proxy only checks that one
// is present (cheap, no database); pages and actions check the session itself (lib/auth/session.ts).
export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const

export function hasSessionCookie(cookies: { has(name: string): boolean }): boolean {
  return SESSION_COOKIES.some((name) => cookies.has(name))
}
