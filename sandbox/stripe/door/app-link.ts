import { escapeText } from './escape-text'

// Every hosted page's banner (pages/html.ts) holds this slot; the server fills it as it serves the page, because
// only the server knows the app the sandbox serves (startStripeDouble's `appUrl`, given by sandbox/dev-services.ts).
export const APP_LINK_SLOT = '<!--app-link-->'

/** The page with a way back to the app's billing page in the banner; nothing when the app is unknown (tests). */
export function withAppLink(document: string, appUrl: string | null): string {
  const link = appUrl ? `<p><a href="${escapeText(`${appUrl}/billing`)}">Back to the app</a> (${escapeText(new URL(appUrl).host)}): its billing page.</p>` : ''
  return document.replace(APP_LINK_SLOT, link)
}
