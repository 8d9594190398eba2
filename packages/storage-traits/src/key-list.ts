/** Names in `Keys` that `List` does not contain. */
type Missing<Keys, List extends readonly unknown[]> = Exclude<Keys, List[number]>;

/**
 * Compile-time guard for a method-name list: resolves to the list itself when it names every key of
 * `T` (extra names are already rejected by the element type), otherwise to an error shape naming the
 * missing keys, so a forgotten method fails `typecheck`.
 */
export type ExactKeyList<T, List extends readonly (keyof T)[]> = [Missing<keyof T, List>] extends [never]
  ? List
  : { readonly missingKeys: Missing<keyof T, List> };

/**
 * Declares a list of every key of `T`, checked at compile time to be exactly its keys: the method
 * names of an interface (`keyList<IDriftFiles>()([...])`) or the counter names of a record
 * (`WRITE_STATS_KEYS`). A forgotten key fails `typecheck`; the list is frozen.
 */
export function keyList<T>() {
  return <const List extends readonly (keyof T & string)[]>(names: List & ExactKeyList<T, List>): List =>
    Object.freeze([...names]) as unknown as List;
}
