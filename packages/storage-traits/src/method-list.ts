/** Names in `Keys` that `List` does not contain. */
type Missing<Keys, List extends readonly unknown[]> = Exclude<Keys, List[number]>;

/**
 * Compile-time guard for a method-name list: resolves to the list itself when it names every key of
 * `T` (extra names are already rejected by the element type), otherwise to an error shape naming the
 * missing keys, so a forgotten method fails `typecheck`.
 */
export type ExactKeyList<T, List extends readonly (keyof T)[]> = [Missing<keyof T, List>] extends [never]
  ? List
  : { readonly missingMethods: Missing<keyof T, List> };

/**
 * Declares the exported method-name list of an interface, checked at compile time to be exactly the
 * interface's keys. Used as `methodList<IDriftFiles>()([...names] as const)`.
 */
export function methodList<T>() {
  return <const List extends readonly (keyof T & string)[]>(names: List & ExactKeyList<T, List>): List =>
    Object.freeze([...names]) as unknown as List;
}
