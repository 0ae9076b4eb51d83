// A WebGPU validation error or a lost device must surface as an error naming the kernel, never as a result.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createNodeWebGpuBackend } from '../../src/backend/gpu-backend.node.ts';
import type { GpuTensor } from '../../src/runtime/gpu-run.ts';
import { mat } from '../../src/tensor/mat.ts';
import { gpu, type GpuSession } from './gpu-harness.ts';

const RELU = { kind: 'relu', param: 0 } as const;

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.match(String(e), pattern);
    return;
  }
  assert.unreachable(`expected an error matching ${pattern}`);
}

test('a validation error (a buffer without STORAGE usage bound to a kernel) names the kernel', async () => {
  const backend = await gpu();
  const s = backend.session() as unknown as GpuSession;
  const x = s.input(mat(2, 2, Float32Array.of(1, -2, 3, -4)));
  const bad: GpuTensor = {
    ...x,
    buffer: backend.gpu.device.createBuffer({
      label: 'not-storage',
      size: 16,
      usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
    }),
  };
  await rejects(s.read(s.activation({ x: bad, act: RELU })), /webgpu: kernel 'activation' \(main\):/);
  s.end();
  bad.buffer.destroy();
});

test('a device lost mid-session fails the read, naming the kernel that wrote the output', async () => {
  const backend = await createNodeWebGpuBackend();
  const s = backend.session() as unknown as GpuSession;
  const y = s.l2Normalize({ x: s.input(mat(1, 3, Float32Array.of(1, 2, 3))), eps: 1e-12 });
  backend.destroy();
  await rejects(s.read(y), /webgpu: reading the output of kernel 'l2-normalize' failed: device lost/);
  assert.throws(() => backend.session(), /device lost/);
});

test.run();
