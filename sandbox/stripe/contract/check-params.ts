// Walks a parsed form (see ../form-encoding.ts: nested objects and arrays, every leaf a string) against an
// endpoint's parameter tree from the contract, at every depth. Two passes, as Stripe reports a parameter it does not
// know before it looks at any value: `findUnknown` first, then `findInvalid` (missing, empty, wrong type or shape,
// an enum value outside its list, metadata over its limits).
import type { ApiError } from '../door/errors'
import { isParams } from '../door/form-encoding'
import type { LoadedContract } from './contract'
import { isBoolean, isDecimal, isInteger, isNumber } from './form-values'
import { checkMetadata } from './metadata-limits'
import * as errors from './param-errors'
import type { ParamNode } from './schema'

type Node = Exclude<ParamNode, { $ref: string }>

export class ParamChecker {
  constructor(private readonly contract: LoadedContract) {}

  /** The first parameter, at any depth, that the endpoint does not have. */
  findUnknown(node: ParamNode, value: unknown, param: string): ApiError | null {
    const resolved = this.contract.resolve(node)
    switch (resolved.type) {
      case 'object':
        if (!isParams(value)) return null
        for (const [key, child] of Object.entries(value)) {
          const field = resolved.fields[key]
          if (!field) return errors.unknownParameter(nested(param, key))
          const found = this.findUnknown(field, child, nested(param, key))
          if (found) return found
        }
        return null
      case 'map':
        if (!isParams(value)) return null
        return firstOf(Object.entries(value), ([key, child]) => this.findUnknown(resolved.values, child, nested(param, key)))
      case 'array':
        if (!Array.isArray(value)) return null
        return firstOf([...value.entries()], ([index, item]) => this.findUnknown(resolved.items, item, nested(param, String(index))))
      case 'union': {
        // Only a member of the value's own shape can hold its keys: `created[gte]` belongs to the range, not the
        // integer, of `created: RangeQueryParam | number`.
        const results = resolved.of
          .filter((member) => shapeOf(this.contract.resolve(member)) === shapeOfValue(value))
          .map((member) => this.findUnknown(member, value, param))
        return results.length === 0 || results.includes(null) ? null : (results[0] ?? null)
      }
      default:
        return null
    }
  }

  /** The first value, at any depth, that the endpoint refuses; unknown parameters were reported before. */
  findInvalid(node: ParamNode, value: unknown, param: string): ApiError | null {
    const resolved = this.contract.resolve(node)
    if (value === '') return resolved.emptyable ? null : errors.emptyParameter(param)
    switch (resolved.type) {
      case 'string':
        return typeof value === 'string' ? null : errors.invalidShape(param, 'string')
      case 'integer':
        return typeof value === 'string' && isInteger(value) ? null : errors.invalidInteger(param, describe(value))
      case 'number':
        return typeof value === 'string' && isNumber(value) ? null : errors.invalidScalar(param, 'number', describe(value))
      case 'decimal':
        return typeof value === 'string' && isDecimal(value) ? null : errors.invalidScalar(param, 'decimal', describe(value))
      case 'boolean':
        return typeof value === 'string' && isBoolean(value) ? null : errors.invalidScalar(param, 'boolean', describe(value))
      case 'enum':
        if (resolved.values.length === 0) return errors.invalidUnion(param, ['an empty string (it can only be unset)'])
        return typeof value === 'string' && resolved.values.includes(value) ? null : errors.invalidEnum(param, resolved.values)
      case 'file':
        return null
      case 'metadata':
        return isParams(value) ? checkMetadata(value, param) : errors.invalidShape(param, 'hash')
      case 'object':
        return isParams(value) ? this.findInvalidFields(resolved, value, param) : errors.invalidShape(param, 'hash')
      case 'map':
        if (!isParams(value)) return errors.invalidShape(param, 'hash')
        return firstOf(Object.entries(value), ([key, child]) => this.findInvalid(resolved.values, child, nested(param, key)))
      case 'array':
        if (!Array.isArray(value)) return errors.invalidShape(param, 'array')
        return firstOf([...value.entries()], ([index, item]) => this.findInvalid(resolved.items, item, nested(param, String(index))))
      case 'union':
        return this.findInvalidInUnion(resolved.of, value, param)
    }
  }

  private findInvalidFields(node: Extract<Node, { type: 'object' }>, value: Record<string, unknown>, param: string): ApiError | null {
    const missing = node.required?.find((name) => value[name] === undefined)
    if (missing !== undefined) return errors.missingParameter(nested(param, missing))
    for (const [key, child] of Object.entries(value)) {
      const field = node.fields[key]
      const found = field ? this.findInvalid(field, child, nested(param, key)) : null
      if (found) return found
    }
    return null
  }

  private findInvalidInUnion(members: ParamNode[], value: unknown, param: string): ApiError | null {
    const results = members.map((member) => ({ member: this.contract.resolve(member), error: this.findInvalid(member, value, param) }))
    if (results.some(({ error }) => error === null)) return null
    const sameShape = results.filter(({ member }) => shapeOf(member) === shapeOfValue(value))
    // One candidate of the value's shape explains best what is wrong with it (`created[gte]=soon`); several
    // (`cancel_at`: an integer or one of three words) get one message naming every form.
    if (sameShape.length === 1) return sameShape[0]?.error ?? null
    return errors.invalidUnion(param, results.map(({ member }) => formOf(member)))
  }
}

/** `items` + `0` → `items[0]`; the top level has no brackets. */
export function nested(param: string, key: string): string {
  return param === '' ? key : `${param}[${key}]`
}

type Shape = 'scalar' | 'hash' | 'array' | 'any'

function shapeOf(node: Node): Shape {
  switch (node.type) {
    case 'object':
    case 'map':
    case 'metadata':
      return 'hash'
    case 'array':
      return 'array'
    case 'file':
    case 'union':
      return 'any'
    default:
      return 'scalar'
  }
}

function shapeOfValue(value: unknown): Shape {
  if (Array.isArray(value)) return 'array'
  return isParams(value) ? 'hash' : 'scalar'
}

function formOf(node: Node): string {
  switch (node.type) {
    case 'enum':
      return `one of ${node.values.join(', ')}`
    case 'integer':
      return 'an integer'
    case 'array':
      return 'an array'
    case 'object':
    case 'map':
    case 'metadata':
      return 'a hash'
    default:
      return `a ${node.type}`
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function firstOf<T>(items: readonly T[], check: (item: T) => ApiError | null): ApiError | null {
  for (const item of items) {
    const found = check(item)
    if (found) return found
  }
  return null
}
