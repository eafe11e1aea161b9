import type Stripe from 'stripe'
import type { Core } from '../core'
import { invalid, noSuch } from '../errors'
import { newId } from '../ids'
import * as read from '../params'
import type { ApiRoute } from '../router'
import { requireCustomer } from './customers'

// Stripe gives every account a default portal configuration; the double has one fixed id for it.
const CONFIGURATION_ID = 'bpc_test_double_default'

export function requirePortalSession(core: Core, id: string): Stripe.BillingPortal.Session {
  const session = core.portalSessions.get(id)
  if (!session) throw noSuch('billing portal session', id)
  return session
}

export const portalRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/billing_portal/sessions',
    handle: ({ core, params }) => {
      const customer = requireCustomer(core, read.requiredString(params, 'customer'), 'customer')
      const returnUrl = read.optionalString(params, 'return_url') ?? null
      if (returnUrl !== null && !URL.canParse(returnUrl)) throw invalid('Not a valid URL', 'return_url', 'url_invalid')
      const id = newId('bps_')
      const session: Stripe.BillingPortal.Session = {
        id,
        object: 'billing_portal.session',
        configuration: read.optionalString(params, 'configuration') ?? CONFIGURATION_ID,
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
