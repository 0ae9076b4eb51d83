import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asInt32, asMat } from '../../src/tensor/access.ts';
import { parseSafetensors, serializeSafetensors, type Tensor } from '../../src/tensor/safetensors.ts';

function file(header: object, data = new Uint8Array(0)): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

test('round trip keeps dtype, shape, values and metadata', () => {
  const t = new Map<string, Tensor>([
    ['a', { dtype: 'F32', shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, -6.5) }],
    ['b', { dtype: 'I64', shape: [3], data: BigInt64Array.of(0n, -1n, 7n) }],
    ['c', { dtype: 'I32', shape: [], data: Int32Array.of(9) }],
  ]);
  const f = parseSafetensors(serializeSafetensors(t, { who: 'test' }), 'mem');
  assert.equal(f.metadata, { who: 'test' });
  assert.equal([...f.tensors.keys()].sort(), ['a', 'b', 'c']);
  assert.equal(Array.from(f.tensors.get('a')!.data as Float32Array), [1, 2, 3, 4, 5, -6.5]);
  assert.equal(f.tensors.get('a')!.shape, [2, 3]);
  assert.equal(Array.from(asInt32(f, 'b')), [0, -1, 7]);
  assert.equal(asMat(f, 'a').rows, 2);
});

test('reads from an unaligned view of a larger buffer', () => {
  const bytes = serializeSafetensors(
    new Map([['x', { dtype: 'F32', shape: [2], data: Float32Array.of(3, 4) } as Tensor]]),
  );
  const big = new Uint8Array(bytes.length + 3);
  big.set(bytes, 3);
  assert.equal(Array.from(parseSafetensors(big.subarray(3), 'view').tensors.get('x')!.data as Float32Array), [3, 4]);
});

const bad: [string, Uint8Array, RegExp][] = [
  [
    'shorter than the length prefix',
    new Uint8Array(5),
    /bad\.st: truncated: 5 bytes, expected at least an 8-byte header length/,
  ],
  [
    'header longer than the file',
    (() => {
      const b = file({});
      new DataView(b.buffer).setBigUint64(0, 999n, true);
      return b;
    })(),
    /header claims 999 bytes/,
  ],
  [
    'header not JSON',
    (() => {
      const b = file({});
      b[8] = 0x7a;
      return b;
    })(),
    /header is not valid JSON/,
  ],
  [
    'unknown dtype',
    file({ w: { dtype: 'BF16', shape: [1], data_offsets: [0, 2] } }, new Uint8Array(2)),
    /tensor 'w': dtype "BF16" is not supported, expected F32, I64 or I32/,
  ],
  [
    'offsets that lie about the size',
    file({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, new Uint8Array(12)),
    /tensor 'w': data_offsets \[0, 12\] hold 12 bytes, expected 16 for F32 \[2,2\]/,
  ],
  [
    'data cut short',
    file({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)),
    /tensor 'w': truncated: data ends at byte 16 but the file holds 8 data bytes/,
  ],
  [
    'bad shape',
    file({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 0] } }),
    /tensor 'w': shape \[-1\], expected a list of non-negative integers/,
  ],
];
for (const [name, bytes, re] of bad) {
  test(`error: ${name}`, () => {
    assert.throws(
      () => parseSafetensors(bytes, 'bad.st'),
      (e: Error) => {
        if (!re.test(e.message)) console.error(e.message);
        return re.test(e.message);
      },
    );
  });
}

test('error: a missing tensor names the file, the key and what is there', () => {
  const f = parseSafetensors(
    serializeSafetensors(new Map([['x', { dtype: 'F32', shape: [1], data: Float32Array.of(1) } as Tensor]])),
    'g.st',
  );
  assert.throws(() => asMat(f, 'edge_index'), /g\.st: missing tensor 'edge_index' \(have: x\)/);
});

test('error: an I64 index beyond int32 is refused with its position', () => {
  const f = parseSafetensors(
    serializeSafetensors(
      new Map([['i', { dtype: 'I64', shape: [2], data: BigInt64Array.of(1n, 1n << 40n) } as Tensor]]),
    ),
    'g.st',
  );
  assert.throws(() => asInt32(f, 'i'), /tensor 'i': value 1099511627776 at flat index 1 does not fit in int32/);
});

test.run();
