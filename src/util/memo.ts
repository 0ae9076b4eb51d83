/** The value cached under `key` in `cache`, made by `make()` and stored on the first ask. */
export function memo<K, V>(cache: { get(k: K): V | undefined; set(k: K, v: V): unknown }, key: K, make: () => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    cache.set(key, v);
  }
  return v;
}
