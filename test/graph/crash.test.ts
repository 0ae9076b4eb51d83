import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import type { GraphStore } from '../../src/graph/store.ts';
import { dataOf, edgeSchema } from './edge-data-helpers.ts';
import { PAYS, REV_PAYS, USES, schema, lcg } from './helpers.ts';

const CHILD = join(process.cwd(), 'test', 'graph', 'crash-child.ts');
const ROUNDS = 4;

/** Run the child until it has acknowledged `acks` batches plus a random extra delay, then SIGKILL it. */
function runAndKill(dir: string, start: number, acks: number, extraMs: number, data: boolean): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(start), data ? 'data' : 'plain'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked: number[] = [];
    let out = '',
      killing = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines) if (l.startsWith('ack ')) acked.push(Number(l.slice(4)));
      if (!killing && acked.length >= acks) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`child exited ${code ?? signal} before it was killed`)),
    );
  });
}

/** Whether batch k is in the store (with its edge data, when `data`); throws when only part of it is. */
function batchState(store: GraphStore, k: number, data: boolean): boolean {
  const parts = [0, 1, 2, 3].flatMap((i) => [
    store.hasEdge(PAYS, `a${k}`, `m${i}`),
    store.hasEdge(REV_PAYS, `m${i}`, `a${k}`),
    store.hasEdge(USES, `a${k}`, `d${i}`),
    ...(data
      ? [
          JSON.stringify(dataOf(store, PAYS, `a${k}`, `m${i}`)) === JSON.stringify([k, k, -k]),
          JSON.stringify(dataOf(store, USES, `a${k}`, `d${i}`)) === JSON.stringify([k + 0.5]),
        ]
      : []),
  ]);
  const x = store.features('account', `a${k}`);
  parts.push(x !== undefined && x[0] === k && x[3] === k + 3);
  if (parts.every(Boolean)) return true;
  if (parts.some(Boolean)) throw new Error(`batch ${k} is partly present: ${parts.map(Number).join('')}`);
  return false;
}

for (const data of [false, true])
  test(`SIGKILL at random points${data ? ' (edges with data)' : ''}: every acknowledged batch survives, no batch is ever half there`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-crash-test-'));
    const SEED = 20261125;
    const rnd = lcg(SEED);
    try {
      const everAcked: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const start = round * 10_000 + 1;
        const acked = await runAndKill(dir, start, 5 + rnd(60), rnd(40), data);
        everAcked.push(...acked);
        const warnings: string[] = [];
        const ds = await DurableStore.open(dir, data ? edgeSchema() : schema({}), { warn: (m) => warnings.push(m) });
        for (const k of everAcked)
          assert.ok(
            batchState(ds.store, k, data),
            `acknowledged batch ${k} is missing after crash ${round} (seed ${SEED})`,
          );
        const last = Math.max(...acked);
        let extra = 0;
        for (let k = start; k <= last + 10; k++) if (batchState(ds.store, k, data) && !acked.includes(k)) extra++;
        assert.ok(extra <= 3, `at most the batches in flight may be durable unacknowledged (found ${extra})`);
        assert.ok(
          warnings.every((w) => /a torn write of batches never acknowledged/.test(w)),
          warnings.join('\n'),
        );
        await ds.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

test.run();
