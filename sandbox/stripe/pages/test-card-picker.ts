// A form that chooses one of Stripe's test cards (https://docs.stripe.com/testing), for the hosted pages where a
// customer pays or changes card: Checkout, the hosted invoice page, the portal.
import { OFFERED_TEST_CARDS, TEST_CARDS } from '../resources/test-cards'
import { html, type Markup } from './html'

export function testCardPicker(action: string, label: string): Markup {
  const options = OFFERED_TEST_CARDS.map((id) => html`<option value="${id}">${TEST_CARDS[id]?.label ?? id}</option>`)
  return html`<form method="post" action="${action}"><label>Test card <select name="card">${options}</select></label> <button type="submit">${label}</button></form>`
}
