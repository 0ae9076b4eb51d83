// Worker entry of Explainer (explainer.node.ts): explanations run here, off the server's event loop.
import { CpuBackend } from '../backend/cpu-backend.ts';
import { explain } from '../explain/explain.ts';
import { readNeighbourhood } from '../explain/neighbourhood-file.ts';
import { loadModel } from '../model/load.node.ts';
import type { Model } from '../model/model.ts';
import { answerCalls } from './thread-calls.node.ts';

const cpu = new CpuBackend();
/** Models by directory, the last few used: a version's directory does not change while it is served. */
const models = new Map<string, Promise<Model>>();

function model(dir: string): Promise<Model> {
  let m = models.get(dir);
  if (!m) {
    m = loadModel(dir);
    models.set(dir, m);
    if (models.size > 4) models.delete(models.keys().next().value!);
  }
  return m;
}

answerCalls(async ({ dir, bytes }: { dir: string; bytes: Uint8Array }) => {
  const n = readNeighbourhood(bytes);
  return explain(await model(dir), n.batch, { type: n.target.type, row: 0 }, cpu);
});
