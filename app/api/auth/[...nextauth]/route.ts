import NextAuth from 'next-auth'
import type { NextRequest } from 'next/server'
import { guardEmailCallback } from '@/lib/auth/email-callback-guard'
import { confirmPageUrl, isEmailCallback, isEmailSignIn } from '@/lib/auth/magic-link'
import { authOptionsFor } from '@/lib/auth/options'
import { withSignInBrowser } from '@/lib/auth/sign-in-browser'
import { env } from '@/lib/env'

type Context = { params: Promise<{ nextauth: string[] }> }

// Options are built per request so the sign-in email rate limit can count per client.
function handler(request: NextRequest, context: Context): Promise<Response> {
  return NextAuth(request, context, authOptionsFor(request))
}

// A GET of the email callback (a link scanner, or a link sent before the confirm page existed) never uses the
// token: it is sent to the confirm page, whose button POSTs.
async function GET(request: NextRequest, context: Context): Promise<Response> {
  if (isEmailCallback((await context.params).nextauth)) return Response.redirect(confirmPageUrl(request.url, env().APP_URL), 303)
  return handler(request, context)
}

// The email callback POST only from our own pages, and never replacing a session unasked (decision 0051); an email
// sign-in remembers which browser asked, so its link can tell (lib/auth/browser-binding.ts).
async function POST(request: NextRequest, context: Context): Promise<Response> {
  const segments = (await context.params).nextauth
  if (isEmailCallback(segments)) return guardEmailCallback(request, () => handler(request, context))
  if (isEmailSignIn(segments)) return withSignInBrowser(request, (browserValue) => NextAuth(request, context, authOptionsFor(request, browserValue)))
  return handler(request, context)
}

export { GET, POST }
