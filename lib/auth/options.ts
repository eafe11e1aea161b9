import 'server-only'
import { PrismaAdapter } from '@next-auth/prisma-adapter'
import type { NextAuthOptions } from 'next-auth'
import EmailProvider from 'next-auth/providers/email'
import GitHubProvider from 'next-auth/providers/github'
import GoogleProvider from 'next-auth/providers/google'
import { db } from '@/lib/db'
import { sendEmail } from '@/lib/email/send-email'
import { signInEmail } from '@/lib/email/templates/sign-in-email'
import { env, pointNextAuthAtAppUrl, type Env } from '@/lib/env'
import { ensurePersonalOrganization } from '@/lib/organizations/personal-organization'
import { browserBinding } from './browser-binding'
import { clientKeyOf, UNIDENTIFIED_CLIENT } from './client-key'
import { confirmPageUrl } from './magic-link'
import { allowSignInEmail } from './rate-limits'
import { safeRedirectPath } from './safe-redirect'
import { SIGN_IN_PAGE } from './sign-in-url'

export const CHECK_EMAIL_PAGE = '/sign-in/check-email'
const MAGIC_LINK_MAX_AGE_S = 60 * 60

/** The OAuth providers whose variables are set; the sign-in page shows exactly these. */
export function oauthProviders(config: Env = env()) {
  return [
    config.GITHUB_ID && config.GITHUB_SECRET ? GitHubProvider({ clientId: config.GITHUB_ID, clientSecret: config.GITHUB_SECRET }) : null,
    config.GOOGLE_ID && config.GOOGLE_SECRET ? GoogleProvider({ clientId: config.GOOGLE_ID, clientSecret: config.GOOGLE_SECRET }) : null,
  ].filter((provider) => provider !== null)
}

/**
 * next-auth's options for one incoming request: the sign-in limit counts the client that clientKeyOf identifies, and
 * `browserValue` (the asking browser's sign-in cookie, lib/auth/browser-binding.ts) binds an emailed link to it.
 */
export function authOptionsFor(request: Request, browserValue?: string): NextAuthOptions {
  return authOptions({ clientKey: clientKeyOf(request.headers), browserValue })
}

/** The sign-in page's error for each way the sign-in email limits refuse (lib/auth/sign-in-errors.ts words them). */
const LIMIT_ERRORS = { client_limited: 'RateLimited', mailbox_recently_sent: 'EmailRecentlySent' } as const

/**
 * next-auth's configuration, built per request so the sign-in rate limit knows which client is asking and the link
 * knows which browser asked. Sessions live in the database (the Session table), so signing out or deleting a user
 * ends them everywhere.
 */
export function authOptions(request: { clientKey?: string; browserValue?: string } = {}): NextAuthOptions {
  const config = env()
  pointNextAuthAtAppUrl()
  return {
    // The adapter is typed against `@prisma/client`; our generated client has the same delegates.
    adapter: PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]),
    secret: config.NEXTAUTH_SECRET,
    session: { strategy: 'database', maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: SIGN_IN_PAGE, verifyRequest: CHECK_EMAIL_PAGE, error: SIGN_IN_PAGE },
    providers: [
      EmailProvider({
        maxAge: MAGIC_LINK_MAX_AGE_S,
        async sendVerificationRequest({ identifier, url, token }) {
          // The email links to our confirm page, so that a scanner's GET does not use the token (lib/auth/magic-link),
          // and says which browser asked for it (lib/auth/browser-binding).
          const binding = request.browserValue && config.NEXTAUTH_SECRET ? browserBinding(token, request.browserValue, config.NEXTAUTH_SECRET) : undefined
          await sendEmail(signInEmail({ to: identifier, url: confirmPageUrl(url, config.APP_URL, binding), host: new URL(config.APP_URL).host }))
        },
      }),
      ...oauthProviders(config),
    ],
    // Every user has a personal organization from their first sign-in (pages also make it if it is missing).
    events: {
      async createUser({ user }) {
        await ensurePersonalOrganization(user)
      },
    },
    callbacks: {
      async signIn({ user, email }) {
        if (!email?.verificationRequest || !user.email) return true
        const decision = await allowSignInEmail(user.email, request.clientKey ?? UNIDENTIFIED_CLIENT)
        if (decision === 'ok') return true
        // Absolute: next-auth/react parses this URL to read the error.
        return `${config.APP_URL}${SIGN_IN_PAGE}?error=${LIMIT_ERRORS[decision]}`
      },
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeRedirectPath(url, baseUrl)}`
      },
      session({ session, user }) {
        return { ...session, user: { ...session.user, id: user.id } }
      },
    },
  }
}
