import { checkStore, repairStore } from '../graph/index.node.ts';

export const STORE_USAGE =
  'weft store check|repair DIR   (DIR: a graph store directory, e.g. .weft-data/store; check reads, repair salvages every intact batch)';

/** `weft store check DIR` (exit 0: opens and no damage; 1: damage found) and `weft store repair DIR`. */
export async function store(argv: readonly string[]): Promise<number> {
  const [what, dir, ...rest] = argv;
  if (what === '--help' || what === '-h' || what === 'help') {
    console.log(`usage: ${STORE_USAGE}`);
    return 0;
  }
  if ((what !== 'check' && what !== 'repair') || dir === undefined || rest.length > 0)
    throw new Error(`expected 'store check DIR' or 'store repair DIR', got 'store ${argv.join(' ')}'`);
  const report = what === 'check' ? await checkStore(dir) : await repairStore(dir);
  for (const l of report.lines) console.log(l);
  return what === 'check' && (report.damaged || !report.opens) ? 1 : 0;
}
