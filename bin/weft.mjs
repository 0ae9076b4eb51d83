#!/usr/bin/env node
// The `weft` command: TypeScript sources run through tsx, so no build step stands between a clone and a run.
import { register } from 'tsx/esm/api';

// A closed pipe (`weft demo | head`) ends the command quietly.
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
