// Minimal, accessible HTML for the hosted pages: real headings, labelled buttons, no scripts, so a browser test
// can find everything by role and name.
import type Stripe from 'stripe'
import { APP_LINK_SLOT } from '../door/app-link'
import { escapeText } from '../door/escape-text'

/** Tagged template that escapes every interpolated value unless it is already markup from `html`. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

type Part = string | number | null | undefined | false | Markup | readonly Markup[]

export function html(strings: TemplateStringsArray, ...parts: Part[]): Markup {
  let out = strings[0] ?? ''
  parts.forEach((part, index) => {
    out += render(part) + (strings[index + 1] ?? '')
  })
  return new Markup(out)
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return ''
  if (part instanceof Markup) return part.value
  if (Array.isArray(part)) return part.map((entry: Markup) => entry.value).join('')
  return escapeText(String(part))
}

export function page(title: string, body: Markup): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>:root{color-scheme:light dark}body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;overflow-wrap:anywhere}form{display:inline-block;margin:.25rem .5rem .25rem 0}button{padding:.4rem .9rem}section{border:1px solid #8888;border-radius:6px;padding:1rem;margin:1rem 0}.sandbox{border:2px dashed #b7791f;border-radius:6px;padding:.5rem .9rem;background:#b7791f1f}.sandbox p{margin:.25rem 0}a{color:LinkText}</style>
</head>
<body>
<header class="sandbox" aria-label="Local Stripe sandbox">
<p><strong>Local Stripe sandbox</strong>: no real payment is made and nothing leaves this computer. Any button here does what a card or a bank would.</p>
<p><a href="/sandbox">Sandbox controls</a>: make time pass, fail a renewal, end a trial.</p>
${new Markup(APP_LINK_SLOT)}
</header>
<main>
${body}
</main>
</body>
</html>
`.value
}

export function money(amount: number | null, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format((amount ?? 0) / 100)
}

export function priceLabel(price: Stripe.Price): string {
  const recurring = price.recurring
  if (!recurring) return money(price.unit_amount, price.currency)
  const every = recurring.interval_count === 1 ? recurring.interval : `${recurring.interval_count} ${recurring.interval}s`
  return `${money(price.unit_amount, price.currency)} / ${every}`
}

export function date(timestamp: number | null): string {
  return timestamp === null ? '—' : new Date(timestamp * 1000).toISOString().slice(0, 10)
}

/** To the minute, in UTC: the sandbox clock and what is due on it. */
export function dateTime(timestamp: number): string {
  return `${new Date(timestamp * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** A span of time in words, to the minute: "1 hour", "2 days 3 hours", "less than a minute". */
export function duration(seconds: number): string {
  const parts: [number, string][] = [[Math.floor(seconds / 86_400), 'day'], [Math.floor((seconds % 86_400) / 3600), 'hour'], [Math.floor((seconds % 3600) / 60), 'minute']]
  const words = parts.filter(([count]) => count > 0).map(([count, unit]) => `${count} ${unit}${count === 1 ? '' : 's'}`)
  return words.length > 0 ? words.slice(0, 2).join(' ') : 'less than a minute'
}

export function postButton(action: string, label: string, hidden: Record<string, string> = {}): Markup {
  const inputs = Object.entries(hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)
  return html`<form method="post" action="${action}">${inputs}<button type="submit">${label}</button></form>`
}
