// HTML escaping for the hosted pages (pages/html.ts) and for the error page the door answers when a page throws.
export function escapeText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
