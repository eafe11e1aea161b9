import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from '@/lib/env'
import { listenArgs } from '@/scripts/listen-host'

const deployment = {
  NODE_ENV: 'production',
  APP_URL: 'https://billing.example.com',
  NEXTAUTH_SECRET: 'x'.repeat(32),
  EMAIL_SERVER: 'smtps://user:pass@smtp.example.com:465',
  EMAIL_FROM: 'Tollgate <billing@example.com>',
  STRIPE_SECRET_KEY: 'sk_live_abc123',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
  INNGEST_EVENT_KEY: 'event-key',
  INNGEST_SIGNING_KEY: 'signkey-prod-0123abcd',
  TRUSTED_PROXY_HOPS: '1',
}

describe('where npm run dev and npm start listen', () => {
  it('development and a local preview: 127.0.0.1 only', () => {
    expect(listenArgs([], parseEnv({}))).toEqual(['--hostname', '127.0.0.1'])
    expect(listenArgs(['-p', '3001'], parseEnv({ NODE_ENV: 'production', APP_URL: 'http://localhost:3001' }))).toEqual(['--hostname', '127.0.0.1'])
  })

  it('a deployment: Next’s default, every interface', () => {
    expect(listenArgs([], parseEnv(deployment))).toEqual([])
  })

  it('told otherwise: LISTEN_HOST, or a --hostname/-H the command already carries', () => {
    expect(listenArgs([], parseEnv({ LISTEN_HOST: '0.0.0.0' }))).toEqual(['--hostname', '0.0.0.0'])
    expect(listenArgs([], parseEnv({ ...deployment, LISTEN_HOST: '10.0.0.5' }))).toEqual(['--hostname', '10.0.0.5'])
    for (const args of [['--hostname', '0.0.0.0'], ['-H', '0.0.0.0'], ['--hostname=0.0.0.0']]) expect(listenArgs(args, parseEnv({ LISTEN_HOST: '127.0.0.1' }))).toEqual([])
  })

  it('refuses a LISTEN_HOST that is not an address or a host name', () => {
    expect(() => parseEnv({ LISTEN_HOST: '0.0.0.0; rm -rf /' })).toThrow(EnvError)
    expect(parseEnv({ LISTEN_HOST: '::' }).LISTEN_HOST).toBe('::')
  })
})
