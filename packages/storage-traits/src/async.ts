/**
 * The asynchronous view of a synchronous storage interface: every method returns a `Promise` of what
 * the synchronous method returns. Code that may one day run against a network backend is written
 * against `Async<...>`; a synchronous engine is adapted with {@link toAsync}.
 */
export type Async<T> = {
  readonly [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (
    ...args: infer A
  ) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/** A value that is either a synchronous implementation of `T` or its {@link Async} view. */
export type MaybeAsync<T> = T | Async<T>;

function collectMethodNames(impl: object): string[] {
  const names = new Set<string>();
  for (let proto: object | null = impl; proto !== null && proto !== Object.prototype; ) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || names.has(key)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      if (descriptor && typeof descriptor.value === 'function') names.add(key);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return [...names];
}

/**
 * Wraps a synchronous implementation so every method returns a promise. The call still runs
 * synchronously on the caller's stack (it adds no scheduling); a thrown error becomes a rejected
 * promise, and each method is invoked with `this` bound to `impl`. Only methods are exposed: pass
 * `methods` (e.g. a `*_METHODS` list) to expose exactly those, otherwise every method found on the
 * object and its prototype chain is.
 */
export function toAsync<T extends object>(impl: T, methods?: readonly (keyof T & string)[]): Async<T> {
  const wrapped: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of methods ?? collectMethodNames(impl)) {
    const fn = (impl as Record<string, unknown>)[name];
    if (typeof fn !== 'function') {
      throw new TypeError(`toAsync: '${name}' is not a method of the given implementation`);
    }
    wrapped[name] = (...args: unknown[]) => {
      try {
        return Promise.resolve((fn as (...a: unknown[]) => unknown).apply(impl, args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return Object.freeze(wrapped) as unknown as Async<T>;
}
