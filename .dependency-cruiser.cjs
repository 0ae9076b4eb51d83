// The module map, checked: `npm test` runs `depcruise` with this file (README, "Architecture").
// FLOORS: each folder of src/ and the folders it may import (its own and util/ always). Imports run down only.
const FLOORS = {
  util: [],
  generated: [],
  tensor: [],
  gpu: ['generated'],
  runtime: ['tensor', 'gpu'],
  kernels: ['tensor', 'runtime'],
  backend: ['tensor', 'gpu', 'runtime', 'kernels'],
  spec: ['tensor'],
  layers: ['tensor', 'runtime', 'spec'],
  model: ['tensor', 'runtime', 'spec', 'layers'],
  graph: ['tensor'],
  sample: ['tensor', 'graph'],
  schedule: ['tensor', 'graph', 'sample', 'gpu', 'runtime', 'backend', 'spec', 'model'],
  explain: ['tensor', 'runtime', 'model'],
  serve: [
    'tensor',
    'graph',
    'sample',
    'gpu',
    'runtime',
    'backend',
    'spec',
    'model',
    'schedule',
    'explain',
    'generated',
  ],
};
// The command runs whatever the floors offer.
FLOORS.cli = Object.keys(FLOORS);
// Inside graph/: rooms and the store, lowest first; each imports only those before it. The doors
// (index.ts, browser-safe; index.node.ts, with the durable store) sit above them all.
const ROOMS = ['base/', 'nodes/', 'edges/', 'ingest/', 'store.ts', 'worker/', 'durable/'];
const esc = (p) => p.replace(/\./g, '\\.');
const roomPath = (p) => `^src/graph/${esc(p)}${p.endsWith('/') ? '' : '$'}`;

const floorRules = Object.entries(FLOORS).map(([from, to]) => ({
  name: `floor-${from}`,
  comment: `src/${from}/ imports only ${to.length ? to.join(', ') : 'nothing else in src/'} (and util/)`,
  severity: 'error',
  from: { path: `^src/${from}/` },
  to: { path: '^src/[^/]+/', pathNot: `^src/(${[from, 'util', ...to].join('|')})/` },
}));

const roomRules = ROOMS.map((room, i) => ({
  name: `room-${room.replace(/[/.].*$/, '')}`,
  comment: `graph/${room} imports only ${ROOMS.slice(0, i).join(', ') || 'no other room'}`,
  severity: 'error',
  from: { path: roomPath(room) },
  to: {
    path: '^src/graph/',
    pathNot: ROOMS.slice(0, i + 1)
      .map(roomPath)
      .join('|'),
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'no import circle, types included',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      // the page test imports the built bundle from the page's own origin, not from disk
      to: { couldNotResolve: true, pathNot: '^/repo/dist/' },
    },
    ...floorRules,
    ...roomRules,
    {
      name: 'graph-door',
      comment: 'outside src/graph, the store is reached through graph/index.ts (browser-safe) or graph/index.node.ts',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(graph/|index\\.ts$)' },
      to: { path: '^src/graph/', pathNot: '^src/graph/index(\\.node)?\\.ts$' },
    },
    {
      name: 'browser-safe',
      comment:
        'only *.node.ts files, src/cli/ and src/index.ts (the Node entry) may reach Node: builtins, webgpu, tsx or a *.node.ts file',
      severity: 'error',
      from: { path: '^src/', pathNot: '(\\.node\\.ts$|^src/cli/|^src/index\\.ts$)' },
      to: { dependencyTypesNot: ['type-only'], path: '(\\.node\\.ts$|(^|/)node_modules/(webgpu|tsx)/)' },
    },
    {
      name: 'browser-safe-core',
      severity: 'error',
      from: { path: '^src/', pathNot: '(\\.node\\.ts$|^src/cli/|^src/index\\.ts$)' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.mjs', '.js'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
    },
  },
};
