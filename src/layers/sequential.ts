import type { Act } from '../runtime/act.ts';
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

  fuse(act: Act): Dense | null {
    const last = this.ops[this.ops.length - 1]?.fuse?.(act);
    return last ? new Sequential([...this.ops.slice(0, -1), last]) : null;
  }
}

/** nn(x) followed by act: folded into nn's last op when it allows, else a separate activation. */
export function runThenAct(ctx: Ctx, nn: Dense, x: T, act: Act): T {
  if (act.kind === 'none') return nn.run(ctx, x);
  const fused = nn.fuse?.(act);
  return fused ? fused.run(ctx, x) : ctx.s.activation({ x: nn.run(ctx, x), act });
}

function fuseActivations(ops: Dense[]): Dense[] {
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
