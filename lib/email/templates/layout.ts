export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The frame every Tollgate email shares: inline styles only, since mail clients drop stylesheets. */
export function layout(body: string): string {
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#18181b;line-height:1.5;max-width:480px;margin:0 auto;padding:24px">${body}</body></html>`
}
