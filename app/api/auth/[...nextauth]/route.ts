import NextAuth from 'next-auth'
import type { NextRequest } from 'next/server'
import { authOptionsFor } from '@/lib/auth/options'

type Context = { params: Promise<{ nextauth: string[] }> }

// Options are built per request so the sign-in email rate limit can count per client.
function handler(request: NextRequest, context: Context): Promise<Response> {
  return NextAuth(request, context, authOptionsFor(request))
}

export { handler as GET, handler as POST }
