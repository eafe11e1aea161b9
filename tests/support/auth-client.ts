// Drives next-auth's real request handler the way a browser would: one cookie jar, form posts, redirects
// read from Location. It calls NextAuth's public (req, res) entry with the request and response objects an
// HTTP server would hand it, so no network is faked and nothing of next-auth is replaced.
import type { NextApiRequest, NextApiResponse } from 'next'
import NextAuth, { type NextAuthOptions } from 'next-auth'

type Call = { body?: Record<string, string>; query?: Record<string, string> }
export type AuthResponse = { status: number; redirect: string | null; body: unknown; setCookies: string[] }

export function createAuthClient(options: NextAuthOptions, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>()

  async function request(method: 'GET' | 'POST', path: string, { body, query = {} }: Call = {}): Promise<AuthResponse> {
    const req = { method, body, query: { ...query, nextauth: path.split('/') }, cookies: Object.fromEntries(jar), headers: { host: 'localhost:3000', ...headers } }
    const out: { status: number; headers: Record<string, string | string[]>; body: unknown } = { status: 200, headers: {}, body: undefined }
    const res = {
      status: (code: number) => ((out.status = code), res),
      setHeader: (name: string, value: string | string[]) => ((out.headers[name.toLowerCase()] = value), res),
      getHeader: (name: string) => out.headers[name.toLowerCase()],
      end: () => res,
      send: (value: unknown) => ((out.body = value), res),
      json: (value: unknown) => ((out.body = value), res),
    }
    await NextAuth(req as unknown as NextApiRequest, res as unknown as NextApiResponse, options)

    const setCookies = [out.headers['set-cookie'] ?? []].flat()
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';')
      const name = pair.slice(0, pair.indexOf('='))
      const value = decodeURIComponent(pair.slice(pair.indexOf('=') + 1))
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a))
      if (expired || value === '') jar.delete(name)
      else jar.set(name, value)
    }
    const location = out.headers.location
    return { status: out.status, redirect: typeof location === 'string' ? location : null, body: out.body, setCookies }
  }

  /** Follows redirects that stay inside next-auth (/api/auth/…), as a browser would, to where they end. */
  async function settle(response: AuthResponse): Promise<AuthResponse> {
    for (let hops = 0; response.redirect && hops < 5; hops++) {
      const url = new URL(response.redirect, 'http://localhost:3000')
      if (!url.pathname.startsWith('/api/auth/')) break
      response = await request('GET', url.pathname.slice('/api/auth/'.length), { query: Object.fromEntries(url.searchParams) })
    }
    return response
  }

  return {
    jar,
    settle,
    async post(path: string, body: Record<string, string>) {
      return settle(await request('POST', path, { body }))
    },
    async csrfToken(): Promise<string> {
      const { body } = await request('GET', 'csrf')
      return (body as { csrfToken: string }).csrfToken
    },
    /** Follows a link from an email: <APP_URL>/api/auth/<action>/<provider>?… */
    follow(link: string) {
      return settle({ status: 302, redirect: link, body: undefined, setCookies: [] })
    },
    get(path: string) {
      return request('GET', path)
    },
    /** Submits a form whose action is a next-auth URL (/api/auth/<action>/<provider>?…), as a browser would. */
    async submit(action: string, body: Record<string, string> = {}) {
      const url = new URL(action, 'http://localhost:3000')
      return settle(await request('POST', url.pathname.slice('/api/auth/'.length), { body, query: Object.fromEntries(url.searchParams) }))
    },
  }
}
