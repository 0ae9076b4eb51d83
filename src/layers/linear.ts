import { NO_ACT, type Act } from '../runtime/act.ts';
import type { Fields } from '../spec/fields.ts';
import type { Params } from '../spec/params.ts';
import type { Mat } from '../tensor/mat.ts';
import { Activation } from './activation.ts';
import { checkWidth, linear, type Ctx, type Dense, type T } from './layer.ts';

/** Linear: x' = x · weightᵀ + bias — torch.nn.Linear / PyG nn/dense/linear.py */
export class Linear implements Dense {
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly weight: Mat,
    readonly bias: Mat | undefined,
    readonly act: Act = NO_ACT,
  ) {}

  static parse(f: Fields, p: Params, key: string): Linear {
    const inC = f.int('in_channels');
    const outC = f.int('out_channels');
    const hasBias = f.bool('bias', true);
    const why = `Linear in_channels=${inC} out_channels=${outC}`;
    return new Linear(
      inC,
      outC,
      p.take(`${key}.weight`, [outC, inC], why),
      p.takeIf(hasBias, `${key}.bias`, [outC], why),
    );
  }

  toString(): string {
    const repr = `Linear(${this.inChannels}, ${this.outChannels}, bias=${this.bias ? 'True' : 'False'})`;
    return this.act.kind === 'none' ? repr : `${repr} → ${new Activation(this.act)}`;
  }

  run(ctx: Ctx, x: T): T {
    checkWidth(() => this.toString(), x, this.inChannels);
    return linear(ctx, x, this.weight, this.bias, this.act);
  }

  fuse(act: Act): Dense | null {
    return this.act.kind === 'none' ? new Linear(this.inChannels, this.outChannels, this.weight, this.bias, act) : null;
  }
}
