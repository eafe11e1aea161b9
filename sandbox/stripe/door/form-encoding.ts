// Stripe's bracket encoding (`a[b][0][c]=x`, `expand[]=y`), used for POST bodies and GET query strings alike.
export type Params = Record<string, unknown>

// Keys that would reach Object.prototype through a plain-object assignment.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])

export function parseForm(input: string): Params {
  const root: Params = {}
  for (const [rawKey, value] of new URLSearchParams(input)) {
    const segments = splitKey(rawKey)
    if (segments.some((segment) => FORBIDDEN.has(segment))) continue
    assign(root, segments, value)
  }
  return finalize(root, null) as Params
}

function splitKey(key: string): string[] {
  const open = key.indexOf('[')
  if (open <= 0 || !key.endsWith(']')) return [key]
  const rest = key.slice(open + 1, -1)
  return [key.slice(0, open), ...rest.split('][')]
}

// Everything is built as objects first; numeric-keyed containers become arrays in finalize(), once all their
// indices are known (Stripe clients may send `a[1]` before `a[0]`).
function assign(target: Params, segments: string[], value: string): void {
  let node = target
  for (let i = 0; i < segments.length - 1; i++) {
    let key = segments[i] ?? ''
    if (key === '') key = String(Object.keys(node).length)
    const existing = node[key]
    if (!isParams(existing)) node[key] = {}
    node = node[key] as Params
  }
  let last = segments[segments.length - 1] ?? ''
  if (last === '') last = String(Object.keys(node).length)
  node[last] = value
}

function finalize(value: unknown, parentKey: string | null): unknown {
  if (!isParams(value)) return value
  const keys = Object.keys(value)
  // Metadata keys are free-form strings, even when they look like indices.
  const looksLikeArray = parentKey !== 'metadata' && keys.length > 0 && keys.every((key) => /^\d+$/.test(key))
  if (looksLikeArray) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => finalize(value[String(index)], null))
  }
  const result: Params = {}
  for (const key of keys) result[key] = finalize(value[key], key)
  return result
}

export function isParams(value: unknown): value is Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
