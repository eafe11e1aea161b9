// The shape of `stripe-contract.generated.json`: Stripe's request parameters as the pinned `stripe` package types
// them, written by `npm run stripe:contract` (scripts/stripe-contract.ts) and read by the checker in this folder.
// Decision 0039 explains the format.

/**
 * One parameter's type, as it travels in a form-encoded request. `emptyable` marks a parameter that accepts `''`
 * (the SDK's `Emptyable<T>`: Stripe reads an empty value as "unset"); anything else refuses `''`.
 */
export type ParamNode =
  | { type: 'string'; emptyable?: true }
  /** A whole number. The SDK types every number as `number`; the generator reads integer vs float from the docs. */
  | { type: 'integer'; emptyable?: true }
  | { type: 'number'; emptyable?: true }
  | { type: 'boolean'; emptyable?: true }
  /** The SDK's `Decimal`: a decimal string with at most 12 decimal places (`unit_amount_decimal`). */
  | { type: 'decimal'; emptyable?: true }
  | { type: 'enum'; values: string[]; emptyable?: true }
  | { type: 'object'; fields: Record<string, ParamNode>; required?: string[]; emptyable?: true }
  /** An index signature other than metadata: free keys, each value of one type. */
  | { type: 'map'; values: ParamNode; emptyable?: true }
  /** The SDK's `MetadataParam`: free keys, string values, with Stripe's documented limits (see limits). */
  | { type: 'metadata'; emptyable?: true }
  | { type: 'array'; items: ParamNode; emptyable?: true }
  | { type: 'union'; of: ParamNode[]; emptyable?: true }
  /** A file upload (multipart); the form checker accepts any value. */
  | { type: 'file'; emptyable?: true }
  /** A shared sub-tree, stored once in `definitions`. */
  | { $ref: string; emptyable?: true }

export type ObjectNode = Extract<ParamNode, { type: 'object' }>

export type Endpoint = {
  /** The SDK methods that send this request (`subscriptions.update`); more than one when two share a path. */
  sdk: string[]
  params: ParamNode
}

export type StripeContract = {
  /** How to regenerate: the command that wrote the file. */
  generatedBy: string
  /** The `stripe` package the contract was read from, and the API version it pins. */
  sdkVersion: string
  apiVersion: string
  /**
   * Every API version Stripe's spec names (the SDK's `WebhookEndpointCreateParams.api_version` values), oldest
   * first: the versions a `Stripe-Version` header may carry.
   */
  apiVersions: string[]
  /** Keyed `METHOD /v1/path/:arg`, in the sandbox router's style. */
  endpoints: Record<string, Endpoint>
  definitions: Record<string, ParamNode>
}
