// A swap on a WebGPU server frees the old version's resident weights (Dawn on SwiftShader here; no adapter fails).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, demoServer, send } from './helpers.ts';
import { demoVariant } from './model-dirs.ts';

const weightBytes = async (url: string): Promise<number> => {
  const text = (await call(url, '/metrics')).body as string;
  const m = /^weft_gpu_bytes\{part="weights"\} (\d+)$/m.exec(text);
  assert.ok(m, 'weft_gpu_bytes{part="weights"} is exported');
  return Number(m![1]);
};

test('the old version’s GPU weights are released after a swap; the new version’s are resident', async () => {
  const s = await demoServer({ backend: 'webgpu' });
  try {
    assert.match(s.backend, /SwiftShader|Vulkan|Metal|D3D|NVIDIA|AMD|Intel|Apple/i);
    const v1 = await weightBytes(s.url);
    assert.ok(v1 > 0, `the warmed-up demo has ${v1} bytes of weights resident`);
    const dir = await demoVariant((b) => (b[0] += 1));
    const r = await send('PUT', s.url, '/v1/models/demo_fraud_sage/versions/2', { dir }, s.token);
    assert.is(r.status, 200, JSON.stringify(r.body));
    assert.is(r.body.freedBytes, v1, 'version 1’s weights, all of them');
    // Version 2 was warmed up on the device (same shapes): as many bytes as version 1 had, not twice as many.
    assert.is(await weightBytes(s.url), v1);
    const score = await call(s.url, '/v1/score', {
      targets: [{ type: 'account', id: 'account-1' }],
      options: { backend: 'webgpu' },
    });
    assert.is(score.status, 200, JSON.stringify(score.body));
    assert.is(score.body.version, '2');
    assert.is(score.body.backend, 'webgpu');
  } finally {
    await s.close();
  }
});

test.run();
