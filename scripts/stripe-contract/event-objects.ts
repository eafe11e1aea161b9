// Reads the installed `stripe` package and returns, for every event type of its pinned API version, a complete object
// of the type the event carries (`data.object`), built from the SDK's own TypeScript types: every field the type
// requires, with the simplest value the type allows (null where it is nullable, an id-like string where it is a
// string or an expandable id, the first value of a closed set, 0, false, [] and {}). Optional fields (present only
// when expanded or included) are left out. The sandbox's `emit` (sandbox/stripe/contract/event-objects.ts) starts
// from these, so a test can receive any event a real account sends, in its real shape.
import path from 'node:path'
import ts from 'typescript'
import { readPinnedApiVersion } from './generate'

export type EventObjects = { apiVersion: string; events: Record<string, string>; objects: Record<string, unknown> }

export function generateEventObjects(sdkRoot = path.resolve('node_modules/stripe')): EventObjects {
  const apiVersion = readPinnedApiVersion(path.join(sdkRoot, 'cjs'))
  const file = path.join(sdkRoot, 'cjs/resources/Events.d.ts')
  const program = ts.createProgram([file], { strict: true, skipLibCheck: true, noEmit: true, types: [] })
  const checker = program.getTypeChecker()
  const alias = program.getSourceFile(file)?.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === 'Event')
  if (!alias) throw new Error(`no Event union in ${file}`)
  const union = checker.getTypeAtLocation(alias.name)
  const events: Record<string, string> = {}
  const objects: Record<string, unknown> = {}
  const propertyType = (type: ts.Type, name: string) => {
    const symbol = checker.getPropertyOfType(type, name)
    return symbol && checker.getTypeOfSymbol(symbol)
  }
  for (const member of union.isUnion() ? union.types : [union]) {
    const literal = propertyType(member, 'type')
    const data = propertyType(member, 'data')
    const object = data && propertyType(data, 'object')
    if (!literal?.isStringLiteral() || !object) throw new Error(`${checker.typeToString(member)}: no type or data.object`)
    const name = checker.typeToString(object)
    events[literal.value] = name
    objects[name] ??= example(checker, object, 'object', [])
  }
  return { apiVersion, events: sortKeys(events), objects: sortKeys(objects) }
}

function example(checker: ts.TypeChecker, type: ts.Type, key: string, stack: ts.Type[]): unknown {
  if (type.flags & ts.TypeFlags.Null) return null
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value
  if (type.flags & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type) === 'true'
  if (type.flags & ts.TypeFlags.String) return key === 'currency' ? 'usd' : `${key}_fixture`
  if (type.flags & ts.TypeFlags.Number) return 0
  if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false
  if (type.isUnion()) {
    const members = type.types.filter((member) => !(member.flags & ts.TypeFlags.Undefined))
    // Nullable: null. An expandable field (`string | Customer`): its id. A closed set: its first value.
    const pick =
      members.find((member) => member.flags & ts.TypeFlags.Null) ??
      members.find((member) => member.flags & ts.TypeFlags.String) ??
      members.find((member) => member.isStringLiteral()) ??
      members[0]
    return pick ? example(checker, pick, key, stack) : null
  }
  if (checker.isArrayType(type) || checker.isTupleType(type)) return []
  if (stack.includes(type) || stack.length > 12) return null
  if (type.getCallSignatures().length > 0) return null
  const result: Record<string, unknown> = {}
  for (const property of checker.getPropertiesOfType(type)) {
    if (property.flags & ts.SymbolFlags.Optional || property.flags & ts.SymbolFlags.Method) continue
    const propertyType = checker.getTypeOfSymbol(property)
    if (propertyType.getCallSignatures().length > 0) continue
    result[property.name] = example(checker, propertyType, property.name, [...stack, type])
  }
  if (typeof result.id === 'string' && typeof result.object === 'string') result.id = `${result.object.replaceAll('.', '_')}_fixture`
  return result
}

/** Deterministic text for readable diffs: one object type per line. */
export function serializeEventObjects({ apiVersion, events, objects }: EventObjects): string {
  const section = (entries: Record<string, unknown>) => `{\n${Object.entries(entries).map(([name, value]) => `    ${JSON.stringify(name)}: ${JSON.stringify(value)}`).join(',\n')}\n  }`
  return `{\n  "apiVersion": ${JSON.stringify(apiVersion)},\n  "events": ${section(events)},\n  "objects": ${section(objects)}\n}\n`
}

function sortKeys<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]])) as T
}
