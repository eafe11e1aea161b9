import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid, noSuch } from '../door/errors'
import { newId } from '../core/ids'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { requireCustomer } from './customers'
import { defaultPortalConfiguration, requirePortalConfiguration } from './portal-configurations'

// A fresh account has no default configuration until the portal settings are saved in the Dashboard, and refuses
// every session that names none. Message as Stripe words it in test mode.
// https://docs.stripe.com/customer-management/integrate-customer-portal#configure
const NO_DEFAULT_CONFIGURATION =
  'No configuration provided and your test mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.'

function sessionConfiguration(core: Core, id: string | undefined): string {
  if (id === undefined) {
    const fallback = defaultPortalConfiguration(core)
    if (!fallback) throw invalid(NO_DEFAULT_CONFIGURATION)
    return fallback.id
  }
  const configuration = requirePortalConfiguration(core, id, 'configuration')
  if (!configuration.active) throw invalid(`The configuration \`${id}\` is not active.`, 'configuration')
  return configuration.id
}

export function requirePortalSession(core: Core, id: string): Stripe.BillingPortal.Session {
  const session = core.portalSessions.get(id)
  if (!session) throw noSuch('billing portal session', id)
  return session
}

export const portalRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/billing_portal/sessions',
    params: ['customer', 'configuration', 'return_url'],
    handle: ({ core, params }) => {
      const customer = requireCustomer(core, read.requiredString(params, 'customer'), 'customer')
      const returnUrl = read.optionalString(params, 'return_url') ?? null
      if (returnUrl !== null && !URL.canParse(returnUrl)) throw invalid('Not a valid URL', 'return_url', 'url_invalid')
      const configuration = sessionConfiguration(core, read.optionalString(params, 'configuration'))
      const id = newId('bps_')
      const session: Stripe.BillingPortal.Session = {
        id,
        object: 'billing_portal.session',
        configuration,
        created: core.now(),
        customer: customer.id,
        customer_account: null,
        flow: null,
        livemode: false,
        locale: null,
        on_behalf_of: null,
        return_url: returnUrl,
        url: `${core.baseUrl}/portal/${id}`,
      }
      core.portalSessions.set(id, session)
      return session
    },
  },
]
