// `node --import tsx scripts/bench-readme.ts`: the README's benchmark section made anew from
// bench/results alone, without running a suite (after adding a set measured elsewhere, say).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReadme } from '../bench/readme.ts';
import { RESULTS_ROOT } from '../bench/results.ts';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
writeReadme(readme, RESULTS_ROOT, dirname(readme));
console.log(`${readme}: benchmark section made from ${RESULTS_ROOT}`);
