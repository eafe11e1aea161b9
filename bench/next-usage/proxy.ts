import { NextResponse } from 'next/server'

// Present so Turbopack does not compile the workspace root's proxy.ts (see bench/next-noop/proxy.ts); like the
// app's, its matcher never covers the measured routes.
export function proxy() {
  return NextResponse.next()
}

export const config = { matcher: ['/dashboard/:path*', '/billing/:path*'] }
