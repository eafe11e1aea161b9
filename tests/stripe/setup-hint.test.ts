import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

// The app's URL follows PORT when APP_URL is not set; the hint must print the URL the app really has.
delete process.env.APP_URL
delete process.env.STRIPE_SECRET_KEY
process.env.PORT = '4123'
const { stripeNotConnected, stripeSetupSteps } = await import('@/lib/stripe/setup-hint')
const { handledStripeEventTypes } = await import('@/inngest/stripe/event-handlers')

describe('the Stripe setup hint', () => {
  it('gives every step with the app’s real URL: key, sync, stripe listen with the handled events, webhook secret, Inngest', () => {
    const text = stripeNotConnected()
    expect(text).toMatch(/STRIPE_SECRET_KEY.*npm run stripe:sync.*stripe listen --forward-to http:\/\/localhost:4123\/api\/webhooks\/stripe/s)
    // A line each, every command on its own line: the pages keep the breaks.
    expect(text.split('\n')).toContain('   npm run stripe:sync')
    expect(text.split('\n')[0]).toBe('Payments are not connected yet: STRIPE_SECRET_KEY is not set on this server.')
    expect(text).toContain('$(npm run -s stripe:events -- --cli)')
    expect(text).toMatch(/whsec_.*STRIPE_WEBHOOK_SECRET/)
    expect(text).toContain('npx inngest-cli@latest dev -u http://localhost:4123/api/inngest')
    expect(text).not.toContain('localhost:3000')
  })

  it('npm run stripe:events -- --cli prints the flag the hint pastes into stripe listen', () => {
    const run = spawnSync('npx', ['tsx', '--conditions=react-server', 'scripts/stripe-events.ts', '--cli'], { encoding: 'utf8' })
    expect(run.status).toBe(0)
    expect(run.stdout.trim()).toBe(`--events ${handledStripeEventTypes.join(',')}`)
  })

  it('npm run stripe:sync without a key explains how to connect Stripe, and does not send you back to itself', () => {
    const run = spawnSync('npx', ['tsx', '--conditions=react-server', 'scripts/stripe-sync.ts'], {
      encoding: 'utf8',
      env: { ...process.env, STRIPE_SECRET_KEY: '', APP_URL: '', PORT: '4123' },
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('no STRIPE_SECRET_KEY')
    expect(run.stderr).not.toContain('npm run stripe:sync')
    expect(run.stderr).toContain('stripe listen --forward-to http://localhost:4123/api/webhooks/stripe')
    expect(run.stderr).toContain('STRIPE_WEBHOOK_SECRET')
    expect(run.stderr).toContain('inngest-cli')
    expect(stripeSetupSteps({ forSync: true }).some((step) => step.command === 'npm run stripe:sync')).toBe(false)
  })
})
