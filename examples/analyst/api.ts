// The page's calls to the scoring server: each failure becomes an Error whose message a person can act on.
import { readNeighbourhood, type Neighbourhood } from '../../src/browser.ts';

async function get(path: string, init?: RequestInit): Promise<Response> {
  let r: Response;
  try {
    r = await fetch(path, init);
  } catch (e) {
    throw new Error(`the scoring server does not answer (${(e as Error).message}): is weft serve running?`);
  }
  if (!r.ok) {
    let message = `${r.status} ${r.statusText}`;
    try {
      message = (await r.json()).message ?? message;
    } catch {
      // Not JSON: the status says enough.
    }
    throw new Error(message);
  }
  return r;
}

export interface ServedInfo {
  readonly name: string;
  readonly version: string;
  readonly scoredTypes: readonly string[];
}

export async function servedModel(): Promise<ServedInfo> {
  const { models } = await (await get('/v1/models')).json();
  const m = models.find((x: { default: boolean }) => x.default) ?? models[0];
  if (!m) throw new Error('the server serves no model');
  return m;
}

/** model.json and the weights of the live version; the browser revalidates them by ETag. */
export async function modelFiles(name: string): Promise<{ spec: unknown; weights: Uint8Array }> {
  const base = `/v1/models/${encodeURIComponent(name)}/files`;
  const [spec, weights] = await Promise.all([
    get(`${base}/model.json`, { cache: 'no-cache' }).then((r) => r.json()),
    get(`${base}/weights.safetensors`, { cache: 'no-cache' }).then((r) => r.arrayBuffer()),
  ]);
  return { spec, weights: new Uint8Array(weights) };
}

export async function topAccounts(type: string): Promise<{ id: string; score: number }[]> {
  return (await (await get(`/v1/risk/top?type=${encodeURIComponent(type)}&n=15`)).json()).accounts;
}

export async function neighbourhood(type: string, id: string): Promise<Neighbourhood> {
  const r = await get(`/v1/neighbourhood/${encodeURIComponent(type)}/${encodeURIComponent(id)}`);
  return readNeighbourhood(new Uint8Array(await r.arrayBuffer()), `neighbourhood of ${id}`);
}
