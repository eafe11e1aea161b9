/** Pretty JSON when the text is JSON, else the text as it is. React escapes it; the box scrolls, never the page. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

const OPEN_BELOW_CHARS = 4000

/** A stored JSON document (payload, outcome); folded behind its summary when it is long. */
export function JsonBlock({ summary, text }: { summary: string; text: string }) {
  const body = pretty(text)
  const lines = body.split('\n').length
  return (
    <details open={body.length < OPEN_BELOW_CHARS} className="group rounded-xl border border-zinc-200 dark:border-zinc-800">
      <summary className="cursor-pointer rounded-xl px-4 py-3 text-sm font-medium text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-600 dark:text-white dark:focus-visible:outline-brand-400">
        {summary} <span className="font-normal text-zinc-600 dark:text-zinc-400">({lines.toLocaleString('en-US')} lines)</span>
      </summary>
      <pre tabIndex={0} aria-label={summary} className="max-h-[32rem] overflow-auto border-t border-zinc-200 bg-zinc-50 p-4 font-mono text-xs leading-relaxed text-zinc-800 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-200">
        {body}
      </pre>
    </details>
  )
}
