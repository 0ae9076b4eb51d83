import type { Act } from '../kernels/act.ts';
import { Activation } from './activation.ts';
import type { Ctx, Dense, T } from './layer.ts';

/** torch.nn.Sequential of dense ops, with each activation folded into the op before it where that op has an epilogue. */
export class Sequential implements Dense {
  readonly outChannels: number | null;
  readonly ops: Dense[];

  constructor(ops: Dense[]) {
    this.ops = fuseActivations(ops);
    this.outChannels = [...ops].reverse().find((o) => o.outChannels !== null)?.outChannels ?? null;
  }

  toString(): string {
    return `Sequential(${this.ops.map(String).join(', ')})`;
  }

  run(ctx: Ctx, x: T): T {
    for (const op of this.ops) x = op.run(ctx, x);
    return x;
  }
}

export function fuseActivations(ops: Dense[]): Dense[] {
  const out: Dense[] = [];
  for (const op of ops) {
    const prev = out[out.length - 1];
    const act: Act | undefined = op instanceof Activation ? op.act : undefined;
    const fused = act && prev?.fuse?.(act);
    if (fused) out[out.length - 1] = fused;
    else out.push(op);
  }
  return out;
}
