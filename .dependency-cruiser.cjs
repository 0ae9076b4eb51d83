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
  serve: ['tensor', 'graph', 'sample', 'gpu', 'runtime', 'backend', 'spec', 'model', 'schedule', 'generated'],
  cli: ['tensor', 'graph', 'sample', 'gpu', 'runtime', 'backend', 'spec', 'model', 'schedule', 'serve'],
};
// Inside graph/: rooms, lowest first; a room imports only the rooms before it. store.ts, schema.ts
// and the doors (index.ts, index.node.ts) sit at the top.
const ROOMS = ['base', 'nodes', 'edges', 'ingest', 'worker', 'durable'];

const floorRules = Object.entries(FLOORS).map(([from, to]) => ({
  name: `floor-${from}`,
  comment: `src/${from}/ imports only ${to.length ? to.join(', ') : 'nothing else in src/'}`,
  severity: 'error',
  from: { path: `^src/${from}/` },
  to: { path: '^src/[^/]+/', pathNot: `^src/(${[from, 'util', ...to].join('|')})/` },
}));

const roomRules = ROOMS.map((room, i) => ({
  name: `room-${room}`,
  comment: `graph/${room}/ imports only ${ROOMS.slice(0, i).join(', ') || 'no other room'} (and schema.ts)`,
  severity: 'error',
  from: { path: `^src/graph/${room}/` },
  to: { path: '^src/graph/', pathNot: `^src/graph/((${ROOMS.slice(0, i + 1).join('|')})/|schema\\.ts$)` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'no import circle, types included', from: {}, to: { circular: true } },
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
      comment: 'only *.node.ts files, src/cli/ and src/index.ts (the Node entry) may reach Node: builtins, webgpu, tsx or a *.node.ts file',
      severity: 'error',
      from: { path: '^src/', pathNot: '(\\.node\\.ts$|^src/cli/|^src/index\\.ts$)' },
      to: { dependencyTypesNot: ['type-only'], path: '(\\.node\\.ts$|^node:|^(webgpu|tsx)($|/))' },
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
