// The checked-in contract is what the installed `stripe` package generates: bump the SDK without rerunning
// `npm run stripe:contract` and this fails, naming the command.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONTRACT_FILE, parseContract } from '@/sandbox/stripe/contract/contract'
import { generateContract, serializeContract } from '@/scripts/stripe-contract/generate'
import { EVENT_OBJECTS_FILE } from '@/sandbox/stripe/contract/event-objects'
import { generateEventObjects, serializeEventObjects } from '@/scripts/stripe-contract/event-objects'
import { STRIPE_API_VERSION } from '@/lib/stripe/client'

describe('the generated Stripe contract', () => {
  it('is what the installed SDK generates (rerun npm run stripe:contract after an SDK upgrade)', () => {
    const generated = serializeContract(generateContract())
    const checkedIn = readFileSync(CONTRACT_FILE, 'utf8')
    expect(checkedIn === generated, 'sandbox/stripe/contract/stripe-contract.generated.json is stale: run npm run stripe:contract').toBe(true)
  })

  it('has the event objects the installed SDK generates, one per event type (double.emit sends them)', () => {
    const generated = generateEventObjects()
    const checkedIn = readFileSync(EVENT_OBJECTS_FILE, 'utf8')
    expect(checkedIn === serializeEventObjects(generated), 'sandbox/stripe/contract/stripe-event-objects.generated.json is stale: run npm run stripe:contract').toBe(true)
    expect(generated.apiVersion).toBe(STRIPE_API_VERSION)
    expect(generated.events['charge.dispute.created']).toBe('Dispute')
    expect(Object.keys(generated.events).length).toBeGreaterThan(200)
  })

  it('pins the API version the app pins, lists it among the versions Stripe has, and covers every v1 endpoint', () => {
    const contract = parseContract(readFileSync(CONTRACT_FILE, 'utf8'))
    const sdk: { version: string } = JSON.parse(readFileSync('node_modules/stripe/package.json', 'utf8'))
    expect(contract.sdkVersion).toBe(sdk.version)
    expect(contract.apiVersion).toBe(STRIPE_API_VERSION)
    expect(contract.apiVersions).toContain(STRIPE_API_VERSION)
    expect(contract.apiVersions[0]).toBe('2011-01-01')
    expect(Object.keys(contract.endpoints).length).toBeGreaterThan(500)
    expect(contract.endpoints['POST /v1/subscriptions/:id']?.sdk).toEqual(['subscriptions.update'])
    expect(contract.endpoints['POST /v1/billing_portal/configurations/:id']?.sdk).toEqual(['billingPortal.configurations.update'])
  })
})
