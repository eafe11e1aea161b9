import { NextResponse } from 'next/server'

// Why this file exists: Turbopack looks for proxy.ts and instrumentation.ts in the project first and then at the
// workspace root (the repo, which has the lockfile), so without its own the ceiling app would compile Tollgate's.
// It also keeps the ceiling fair: like the real app, a proxy whose matcher never covers the measured API route.
export function proxy() {
  return NextResponse.next()
}

export const config = { matcher: ['/dashboard/:path*', '/billing/:path*'] }
