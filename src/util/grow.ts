/** A copy of a in a new array of length n (n >= a.length), zeros past a's end. */
export function grow<A extends Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array>(
  a: A,
  n: number,
): A {
  const b = new (a.constructor as new (n: number) => A)(n);
  b.set(a as never);
  return b;
}
