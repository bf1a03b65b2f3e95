/**
 * The default branch of a switch over a domain union: it compiles only when every member has
 * its case, so a new status or action is a type error at each switch that must decide it.
 */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
