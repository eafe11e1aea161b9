// A client that speaks plain HTTP to a running server the way an attacker's script does: it sends whatever headers it
// likes (Host, Origin, forged X-Forwarded-For), keeps cookies whatever their Secure flag (a deployment's cookies are
// Secure, but the test server speaks http), follows no redirect, and connects from a chosen address of this machine
// (any 127.x.y.z, or the machine's network address), so one test can be several clients at once.
import { request } from 'node:http'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'

export type HttpAnswer = { status: number; location: string | null; setCookies: string[]; body: string }

/** This machine's first non-loopback IPv4 address: a connection to it comes from "another host" as the server sees it. */
export function networkAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address
}

export function httpClient(base: { host: string; port: number }, options: { from?: string } = {}) {
  const jar = new Map<string, string>()
  /** `form`: a url-encoded form body; `json`: a JSON body. */
  function send(method: string, path: string, { headers = {}, form, json }: { headers?: Record<string, string>; form?: Record<string, string>; json?: unknown } = {}): Promise<HttpAnswer> {
    const body = form ? new URLSearchParams(form).toString() : json !== undefined ? JSON.stringify(json) : undefined
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
    const all: Record<string, string> = {
      ...(cookie ? { cookie } : {}),
      ...(body !== undefined ? { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
      ...headers,
    }
    return new Promise((resolve, reject) => {
      const sent = request({ host: base.host, port: base.port, method, path, headers: all, localAddress: options.from }, (response) => {
        let text = ''
        response.on('data', (chunk: Buffer) => (text += chunk.toString()))
        response.on('end', () => {
          const setCookies = [response.headers['set-cookie'] ?? []].flat()
          for (const line of setCookies) {
            const [pair = ''] = line.split(';')
            const name = pair.slice(0, pair.indexOf('='))
            const value = pair.slice(pair.indexOf('=') + 1)
            if (value === '' || /max-age=0/i.test(line)) jar.delete(name)
            else jar.set(name, value)
          }
          resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? null, setCookies, body: text })
        })
      })
      sent.on('error', reject)
      sent.end(body)
    })
  }
  return { jar, send }
}

/** Whether something accepts TCP connections at host:port (a refused connection answers false). */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 5_000 })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}
