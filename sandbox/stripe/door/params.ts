// Typed readers over parsed form params. They raise the same 400s Stripe does, naming the param the way the
// request spelled it (`line_items[0][price]`), so an app bug shows up as the error it would get in production.
import type Stripe from 'stripe'
import { invalid } from './errors'
import { isParams, type Params } from './form-encoding'

export function optionalString(params: Params, key: string, path = key): string | undefined {
  const value = params[key]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw invalid(`Invalid string: ${JSON.stringify(value)}`, path, 'parameter_invalid_string')
  return value
}

export function requiredString(params: Params, key: string, path = key): string {
  const value = optionalString(params, key, path)
  if (value === undefined) throw invalid(`Missing required param: ${path}.`, path, 'parameter_missing')
  if (value === '') {
    throw invalid(
      `You passed an empty string for '${path}'. We assume empty values are an attempt to unset a parameter; however '${path}' cannot be unset. You should remove '${path}' from your request or supply a non-empty value.`,
      path,
      'parameter_invalid_empty',
    )
  }
  return value
}

/** `''` unsets a nullable field, as in Stripe. */
export function nullableString(params: Params, key: string, path = key): string | null | undefined {
  const value = optionalString(params, key, path)
  return value === '' ? null : value
}

export function optionalInteger(params: Params, key: string, path = key): number | undefined {
  const value = optionalString(params, key, path)
  if (value === undefined) return undefined
  if (!/^-?\d+$/.test(value)) throw invalid(`Invalid integer: ${value}`, path, 'parameter_invalid_integer')
  return Number(value)
}

export function optionalBoolean(params: Params, key: string, path = key): boolean | undefined {
  const value = optionalString(params, key, path)
  if (value === undefined) return undefined
  if (value !== 'true' && value !== 'false') throw invalid(`Invalid boolean: ${value}`, path)
  return value === 'true'
}

export function optionalObject(params: Params, key: string, path = key): Params | undefined {
  const value = params[key]
  if (value === undefined || value === '') return undefined
  if (!isParams(value)) throw invalid(`Invalid object`, path)
  return value
}

export function optionalArray(params: Params, key: string, path = key): unknown[] | undefined {
  const value = params[key]
  if (value === undefined) return undefined
  if (!Array.isArray(value)) throw invalid(`Invalid array`, path)
  return value
}

export function stringArray(params: Params, key: string): string[] {
  return (optionalArray(params, key) ?? []).map((entry, index) => {
    if (typeof entry !== 'string') throw invalid(`Invalid string: ${JSON.stringify(entry)}`, `${key}[${index}]`)
    return entry
  })
}

export function oneOf<T extends string>(params: Params, key: string, allowed: readonly T[], path = key): T | undefined {
  const value = optionalString(params, key, path)
  if (value === undefined) return undefined
  const match = allowed.find((candidate) => candidate === value)
  if (!match) throw invalid(`Invalid ${path}: must be one of ${allowed.join(', ')}`, path)
  return match
}

/** Applies a `metadata` param: `metadata=''` clears it, `metadata[k]=''` removes one key, other keys merge. */
export function applyMetadata(current: Stripe.Metadata, params: Params, key = 'metadata'): Stripe.Metadata {
  const value = params[key]
  if (value === undefined) return current
  if (value === '') return {}
  if (!isParams(value)) throw invalid('Invalid hash', key)
  const next: Stripe.Metadata = { ...current }
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalid(`Invalid string: ${JSON.stringify(entry)}`, `${key}[${name}]`)
    if (entry === '') delete next[name]
    else next[name] = entry
  }
  return next
}
