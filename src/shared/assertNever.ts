/**
 * The default of a switch over a domain union: it compiles only when every member has its
 * case, so a new member (a status, a view, an event) is a type error at each switch instead
 * of a silent fall-through; a value that slips past the types at run time throws.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
