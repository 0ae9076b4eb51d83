import { demo, DEMO_USAGE } from './demo.ts';
import { infer, INFER_USAGE } from './infer.ts';
import { serve, SERVE_USAGE } from './serve.ts';
import { store, STORE_USAGE } from './store.ts';

const USAGE = `usage:\n  ${SERVE_USAGE}\n  ${INFER_USAGE}\n  ${DEMO_USAGE}\n  ${STORE_USAGE}`;

/** The `weft` command; returns the exit code. Errors print one line, never a stack, unless WEFT_DEBUG is set. */
export async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'infer') return await infer(rest);
    if (cmd === 'demo') return await demo(rest);
    if (cmd === 'serve') return await serve(rest);
    if (cmd === 'store') return await store(rest);
    if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
      console.log(USAGE);
      return cmd === undefined ? 2 : 0;
    }
    console.error(`weft: unknown command '${cmd}'\n${USAGE}`);
    return 2;
  } catch (e) {
    console.error(`weft ${cmd}: ${process.env.WEFT_DEBUG ? (e as Error).stack : (e as Error).message}`);
    return 1;
  }
}
