// Turns the SDK's TypeScript request types into the contract's parameter nodes, as they travel form-encoded:
// `Emptyable<T>` becomes `emptyable`, string-literal unions become enums (the SDK's `OtherString` escape hatch for
// values newer than the SDK is dropped: Stripe refuses a value its enum lacks), `MetadataParam` becomes metadata,
// `Decimal` a decimal string. Each node remembers the TypeScript name it came from, for the definitions table.
import path from 'node:path'
import ts from 'typescript'
import type { ParamNode } from '../../sandbox/stripe/contract/schema'
import { isFloatParameter } from './number-kinds'

type NumberKind = 'integer' | 'number'

/** A TypeScript name (`SubscriptionUpdateParams.Item`), or the path where a shape without one was met. */
export type NodeName = { name: string; declared: boolean }

export class ParamTypeReader {
  /** A name for each node built, for the definitions table (see dedupe.ts). */
  readonly names = new Map<ParamNode, NodeName>()
  private readonly cache = new Map<ts.Type, Partial<Record<NumberKind, ParamNode>>>()
  private readonly inProgress = new Set<ts.Type>()

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly resourcesDir: string,
  ) {}

  /** The parameters of one SDK method: its `params` argument, or no parameters at all when it takes none. */
  readMethodParams(declaration: ts.MethodDeclaration): ParamNode {
    const parameter = declaration.parameters.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === 'params')
    if (!parameter?.type) return { type: 'object', fields: {} }
    const type = this.checker.getTypeFromTypeNode(parameter.type)
    return this.read(type, 'integer', this.declaredName(type) ?? 'Params')
  }

  private read(type: ts.Type, numbers: NumberKind, pathName: string): ParamNode {
    const cached = this.cache.get(type)?.[numbers]
    if (cached) return cached
    if (this.inProgress.has(type)) throw new Error(`recursive parameter type at ${pathName}: ${this.checker.typeToString(type)}`)
    this.inProgress.add(type)
    try {
      const node = this.convert(type, numbers, pathName)
      this.cache.set(type, { ...this.cache.get(type), [numbers]: node })
      // `X | undefined` (an optional parameter) returns X's own node, which keeps X's name.
      if (!this.names.has(node)) {
        const declared = 'type' in node && node.type !== 'array' ? this.declaredName(type) : undefined
        this.names.set(node, declared ? { name: declared, declared: true } : { name: pathName, declared: false })
      }
      return node
    } finally {
      this.inProgress.delete(type)
    }
  }

  private convert(type: ts.Type, numbers: NumberKind, pathName: string): ParamNode {
    if (type.isUnion()) return this.union(type.types, numbers, pathName)
    const flags = type.getFlags()
    if (flags & ts.TypeFlags.String) return { type: 'string' }
    if (flags & ts.TypeFlags.Number) return { type: numbers }
    if (flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' }
    if (type.isStringLiteral()) return type.value === '' ? { type: 'enum', values: [], emptyable: true } : { type: 'enum', values: [type.value] }
    if (type.isNumberLiteral()) return { type: numbers }
    const symbolName = (type.aliasSymbol ?? type.getSymbol())?.getName()
    if (symbolName === 'MetadataParam') return { type: 'metadata' }
    if (symbolName === 'Decimal' || symbolName === 'DecimalImpl') return { type: 'decimal' }
    if (this.checker.isArrayType(type)) {
      const element = type.getNumberIndexType()
      if (!element) throw new Error(`array without an element type at ${pathName}`)
      return { type: 'array', items: this.read(element, numbers, `${pathName}[]`) }
    }
    // `FileData` and the Node/DOM stream and buffer types: a multipart upload, not a form value.
    if (symbolName === 'FileData' || this.isOutsideSdk(type)) return { type: 'file' }
    if (flags & ts.TypeFlags.Object) return this.object(type, pathName)
    throw new Error(`unsupported parameter type at ${pathName}: ${this.checker.typeToString(type)}`)
  }

  private union(members: readonly ts.Type[], numbers: NumberKind, pathName: string): ParamNode {
    let emptyable = false
    let booleans = 0
    const values: string[] = []
    const others: ParamNode[] = []
    for (const member of members) {
      const flags = member.getFlags()
      if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) {
        // `null` only appears through Emptyable<T> (the SDK sends it as ''); undefined is an optional parameter.
        if (flags & ts.TypeFlags.Null) emptyable = true
      } else if (member.isStringLiteral()) {
        if (member.value === '') emptyable = true
        else values.push(member.value)
      } else if (flags & ts.TypeFlags.BooleanLiteral) {
        booleans += 1
      } else if (member.isIntersection() && member.aliasSymbol?.getName() === 'OtherString') {
        // An open enum in the SDK: values Stripe adds later. The contract knows only the pinned ones.
      } else {
        others.push(this.read(member, numbers, pathName))
      }
    }
    const nodes: ParamNode[] = [...others]
    if (values.length > 0) nodes.unshift({ type: 'enum', values: [...values].sort() })
    if (booleans > 0) nodes.unshift({ type: 'boolean' })
    const [only] = nodes
    // `invoicing_rules?: ''`: a parameter that can only be unset.
    if (!only && emptyable) return { type: 'enum', values: [], emptyable: true }
    if (!only) throw new Error(`empty union at ${pathName}`)
    const node: ParamNode = nodes.length === 1 ? only : { type: 'union', of: nodes }
    return emptyable ? { ...node, emptyable: true } : node
  }

  private object(type: ts.Type, pathName: string): ParamNode {
    const properties = this.checker.getPropertiesOfType(type)
    const index = this.checker.getIndexInfoOfType(type, ts.IndexKind.String)
    if (properties.length === 0 && index) return { type: 'map', values: this.read(index.type, 'integer', `${pathName}{}`) }
    const fields: Record<string, ParamNode> = {}
    const required: string[] = []
    for (const property of properties) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0]
      if (!declaration) throw new Error(`property without a declaration at ${pathName}.${property.name}`)
      const propertyType = this.checker.getTypeOfSymbolAtLocation(property, declaration)
      const doc = ts.displayPartsToString(property.getDocumentationComment(this.checker))
      const numbers: NumberKind = isFloatParameter(property.name, doc) ? 'number' : 'integer'
      fields[property.name] = this.read(propertyType, numbers, `${pathName}.${property.name}`)
      if (!(property.getFlags() & ts.SymbolFlags.Optional)) required.push(property.name)
    }
    return required.length > 0 ? { type: 'object', fields, required: required.sort() } : { type: 'object', fields }
  }

  /** `Checkout.SessionCreateParams.LineItem`: the folder under resources/, then the name inside the file. */
  private declaredName(type: ts.Type): string | undefined {
    // A generic alias names its argument's use, not a shape (`Emptyable<AddressParam>` is no `Emptyable`).
    const symbol = type.aliasSymbol && !type.aliasTypeArguments?.length ? type.aliasSymbol : type.getSymbol()
    const declaration = symbol?.declarations?.[0]
    if (!symbol || !declaration || symbol.getName().startsWith('__')) return undefined
    if (!(ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration) || ts.isClassDeclaration(declaration))) return undefined
    const parts = [symbol.getName()]
    for (let parent = declaration.parent; parent; parent = parent.parent) {
      if (ts.isModuleDeclaration(parent)) parts.unshift(parent.name.text)
    }
    // Folders name namespaces (`Checkout/Sessions.d.ts`), unless the file declares that namespace itself.
    const folder = path.relative(this.resourcesDir, path.dirname(declaration.getSourceFile().fileName))
    const folders = folder && !folder.startsWith('..') ? folder.split(path.sep) : []
    if (folders.length > 0 && parts[0] !== folders[folders.length - 1]) parts.unshift(...folders)
    return parts.join('.')
  }

  private isOutsideSdk(type: ts.Type): boolean {
    const file = type.getSymbol()?.declarations?.[0]?.getSourceFile().fileName
    return Boolean(file && !file.includes('/node_modules/stripe/'))
  }
}
