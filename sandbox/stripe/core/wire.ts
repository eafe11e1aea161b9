/**
 * A deep copy in the form the object takes on the wire (Decimals become strings), so snapshots and responses
 * never share structure with the live state.
 */
export function toWire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
