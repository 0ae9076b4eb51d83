// The analyst page: an account's sampled neighbourhood from the server, scored here with the same
// engine (WebGPU when the browser has it, else the CPU backend), explained by occlusion, and drawn.
import {
  attentionInto,
  type Backend,
  CpuBackend,
  createWebGpuBackend,
  explain,
  type Explanation,
  Model,
  type Neighbourhood,
  parseSafetensors,
} from '../../src/browser.ts';
import * as api from './api.ts';
import { type Layout, layout } from './layout.ts';
import { canvasRenderer, type Renderer, type Scene, type View, webgpuRenderer } from './render.ts';

const $ = (id: string) => document.getElementById(id)!;
const canvas = $('graph') as HTMLCanvasElement;
const PALETTE = [
  [0.31, 0.47, 0.65],
  [0.95, 0.56, 0.17],
  [0.88, 0.34, 0.35],
  [0.46, 0.72, 0.7],
  [0.35, 0.63, 0.31],
  [0.93, 0.79, 0.28],
  [0.69, 0.48, 0.63],
  [1.0, 0.62, 0.65],
];
const WARM_RUNS = 5;

interface Result {
  readonly id: string;
  readonly pageScore: number;
  readonly serverScore: number;
  readonly warmMs: number;
  readonly nodes: number;
  readonly neighbours: readonly { type: string; id: string; delta: number }[];
}

/** What a test (or a curious analyst, from the console) can read: the page's state and last result. */
const demo: { ready: boolean; adapter: string; renderer: string; last?: Result; error?: string } = {
  ready: false,
  adapter: '',
  renderer: '',
};
(globalThis as unknown as { weftDemo: typeof demo }).weftDemo = demo;

let backend: Backend;
let model: Model;
let renderer: Renderer;
let scoredType = 'account';
let drawn: { layout: Layout; scene: Scene } | undefined;
const view: View = { cx: 0, cy: 0, scale: 0.01 };
const colours = new Map<string, number[]>();
const colour = (key: string) => {
  if (!colours.has(key)) colours.set(key, PALETTE[colours.size % PALETTE.length]);
  return colours.get(key)!;
};

function say(text: string, kind: 'error' | 'info' | '' = 'error'): void {
  const m = $('message');
  m.textContent = text;
  m.className = kind;
  if (kind === 'error') demo.error = text;
}

async function start(): Promise<void> {
  let device: { device: GPUDevice; software: boolean } | undefined;
  if (!('gpu' in navigator) || !navigator.gpu) {
    say('This browser has no WebGPU (navigator.gpu is undefined): scoring on the CPU backend instead.', 'info');
    backend = new CpuBackend();
  } else {
    try {
      const gpu = await createWebGpuBackend();
      backend = gpu;
      device = { device: gpu.gpu.device, software: gpu.software };
    } catch (e) {
      say(`WebGPU did not start (${(e as Error).message}): scoring on the CPU backend instead.`, 'info');
      backend = new CpuBackend();
    }
  }
  renderer = device ? webgpuRenderer(canvas, device.device, !device.software) : canvasRenderer(canvas);
  const served = await api.servedModel();
  scoredType = served.scoredTypes[0];
  const files = await api.modelFiles(served.name);
  try {
    model = Model.fromSpec(files.spec as never, parseSafetensors(files.weights, 'weights.safetensors'), 'model.json');
  } catch (e) {
    throw new Error(`this page cannot run model ${served.name} version ${served.version}: ${(e as Error).message}`);
  }
  demo.adapter = backend.description;
  demo.renderer = renderer.kind;
  $('adapter').textContent =
    `${model.name} version ${served.version} · ${backend.description} · drawn with ${renderer.kind}`;
  ($('form') as HTMLFormElement).addEventListener('submit', (ev) => {
    ev.preventDefault();
    const id = ($('account') as HTMLInputElement).value.trim();
    if (id) void score(id);
  });
  interact();
  demo.ready = true;
  await showTop();
}

async function showTop(): Promise<void> {
  const list = $('top');
  const top = await api.topAccounts(scoredType);
  list.replaceChildren(
    ...top.map((a) => {
      const li = document.createElement('li');
      li.textContent = `${a.id} · ${a.score.toFixed(3)}`;
      li.dataset.id = a.id;
      li.onclick = () => void score(a.id);
      return li;
    }),
  );
}

/** Fetch, score here (warm time: the median of 5 runs after the first), explain, draw. */
async function score(id: string): Promise<void> {
  say('', '');
  ($('account') as HTMLInputElement).value = id;
  try {
    const n = await api.neighbourhood(scoredType, id);
    const key = model.graph.hetero ? `out.${scoredType}` : 'out';
    const first = await model.run(n.batch, { backend });
    const times: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const t0 = performance.now();
      await model.run(n.batch, { backend });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const pageScore = first.get(key)!.data[0];
    const why = await explain(model, n.batch, { type: scoredType, row: 0 }, backend);
    // Every row's score on this graph, for colouring the other accounts by risk.
    const all = await model.run({ ...n.batch, targets: undefined }, { backend });
    show(n, pageScore, times[Math.floor(times.length / 2)], why);
    draw(n, why, all.get(key));
  } catch (e) {
    say(`${id}: ${(e as Error).message}`);
  }
}

function show(n: Neighbourhood, pageScore: number, warmMs: number, why: Explanation): void {
  const serverScore = n.score[0];
  const nodes = Object.values(n.ids).reduce((s, l) => s + l.length, 0);
  $('result').hidden = false;
  $('result-title').textContent = `${n.target.type} ${n.target.id}`;
  $('page-score').textContent = pageScore.toFixed(6);
  $('server-score').textContent = `${serverScore.toFixed(6)} (${n.model} version ${n.version})`;
  $('score-diff').textContent = Math.abs(pageScore - serverScore).toExponential(2);
  $('page-ms').textContent = `${warmMs.toFixed(2)} ms on ${backend.description}`;
  const edges = [...n.batch.edges.values()].reduce((s, e) => s + e.csr.numEdges, 0);
  $('size').textContent = `${nodes} nodes, ${edges} edges`;
  const top = why.neighbours.slice(0, 10).map((nb) => ({ type: nb.type, id: n.ids[nb.type][nb.row], delta: nb.delta }));
  $('why').replaceChildren(
    ...top.map((nb) => {
      const li = document.createElement('li');
      li.textContent = `${nb.type} ${nb.id}: ${nb.delta >= 0 ? '−' : '+'}${Math.abs(nb.delta).toFixed(4)}`;
      li.dataset.id = nb.id;
      li.dataset.type = nb.type;
      li.dataset.delta = String(nb.delta);
      if (nb.type === scoredType) li.onclick = () => void score(nb.id);
      return li;
    }),
  );
  $('why-note').textContent =
    `each of ${why.neighbours.length} neighbours masked in turn, ${why.nodes} rows in one run, ${why.ms.toFixed(1)} ms`;
  const attended = attentionInto(why.attention, { type: scoredType, row: 0 }).slice(0, 8);
  const none = document.createElement('li');
  none.className = 'muted';
  none.textContent = `model ${model.name} has no attention layers`;
  $('attention').replaceChildren(
    ...(attended.length === 0
      ? [none]
      : attended.map((a) => {
          const li = document.createElement('li');
          const alpha = a.alpha.map((v) => v.toFixed(3)).join(' / ');
          li.textContent = `layer ${a.layer} · ${a.relation} · ${a.source.type} ${n.ids[a.source.type][a.source.row]}: α ${alpha}`;
          return li;
        })),
  );
  demo.last = { id: n.target.id, pageScore, serverScore, warmMs, nodes, neighbours: top };
}

function draw(n: Neighbourhood, why: Explanation, risk: { data: Float32Array; cols: number } | undefined): void {
  const l = layout(n);
  const share = new Float32Array(l.nodes.length);
  const most = Math.max(1e-12, ...why.neighbours.map((x) => Math.abs(x.delta)));
  for (const nb of why.neighbours) share[l.index.get(`${nb.type}:${nb.row}`)!] = Math.abs(nb.delta) / most;
  const nodes = new Float32Array(l.nodes.length * 7);
  l.nodes.forEach((d, i) => {
    const r = d.hop === 0 ? 0.09 : 0.03 + 0.05 * share[i];
    const s = d.type === scoredType && risk ? risk.data[d.row * risk.cols] : undefined;
    const c = s === undefined ? colour(d.type) : [0.2 + 0.7 * s, 0.65 - 0.45 * s, 0.3 - 0.1 * s];
    nodes.set([d.x, d.y, r, c[0], c[1], c[2], 1], i * 7);
  });
  const edges = new Float32Array(l.edges.length * 12);
  l.edges.forEach((e, k) => {
    const c = colour(`rel:${e.relation}`);
    const a = 0.12 + 0.88 * Math.max(share[e.a], share[e.b]);
    const A = l.nodes[e.a];
    const B = l.nodes[e.b];
    edges.set([A.x, A.y, c[0], c[1], c[2], a, B.x, B.y, c[0], c[1], c[2], a], k * 12);
  });
  drawn = { layout: l, scene: { nodes, edges } };
  const extent = Math.max(1, ...l.nodes.map((d) => Math.hypot(d.x, d.y))) * 2.3;
  view.cx = 0;
  view.cy = 0;
  view.scale = extent / Math.min(canvas.clientWidth || 600, canvas.clientHeight || 600);
  renderer.draw(drawn.scene, view);
  $('legend').replaceChildren(
    ...[...colours].map(([k, c]) => {
      const s = document.createElement('span');
      s.innerHTML = `<i style="background:rgb(${c.map((v) => Math.round(v * 255)).join(',')})"></i>`;
      s.append(k.replace(/^rel:/, '→ '));
      return s;
    }),
  );
}

/** Pan by dragging, zoom with the wheel about the cursor, click a node to score it. */
function interact(): void {
  let drag: { x: number; y: number; moved: boolean } | undefined;
  const world = (ev: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    return {
      x: view.cx + (ev.clientX - r.left - r.width / 2) * view.scale,
      y: view.cy - (ev.clientY - r.top - r.height / 2) * view.scale,
    };
  };
  const redraw = () => drawn && renderer.draw(drawn.scene, view);
  canvas.addEventListener('pointerdown', (ev) => {
    drag = { x: ev.clientX, y: ev.clientY, moved: false };
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x;
    const dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    view.cx -= dx * view.scale;
    view.cy += dy * view.scale;
    drag.x = ev.clientX;
    drag.y = ev.clientY;
    redraw();
  });
  canvas.addEventListener('pointerup', (ev) => {
    const click = drag && !drag.moved;
    drag = undefined;
    if (!click || !drawn) return;
    const p = world(ev);
    let best = -1;
    let bestD = 12 * view.scale;
    drawn.layout.nodes.forEach((d, i) => {
      const dist = Math.hypot(d.x - p.x, d.y - p.y);
      if (dist < bestD) [best, bestD] = [i, dist];
    });
    const d = best >= 0 ? drawn.layout.nodes[best] : undefined;
    if (d && d.type === scoredType) void score(d.id);
    else if (d) say(`${d.type} ${d.id}: model ${model.name} scores ${scoredType} nodes only`, 'info');
  });
  canvas.addEventListener(
    'wheel',
    (ev) => {
      ev.preventDefault();
      const p = world(ev);
      const f = Math.exp(ev.deltaY * 0.001);
      view.cx = p.x + (view.cx - p.x) * f;
      view.cy = p.y + (view.cy - p.y) * f;
      view.scale *= f;
      redraw();
    },
    { passive: false },
  );
  addEventListener('resize', redraw);
}

start().catch((e) => say((e as Error).message));
