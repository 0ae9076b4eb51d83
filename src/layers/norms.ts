import type { Fields } from '../spec/fields.ts';
import type { Params } from '../spec/params.ts';
import type { Mat } from '../tensor/mat.ts';
import { checkWidth, type Ctx, type Dense, type T } from './layer.ts';

/** BatchNorm (eval): x' = (x - running_mean) / sqrt(running_var + eps) · weight + bias — torch.nn.BatchNorm1d */
export class BatchNorm implements Dense {
  constructor(
    readonly outChannels: number,
    readonly eps: number,
    readonly mean: Mat,
    readonly variance: Mat,
    readonly weight?: Mat,
    readonly bias?: Mat,
  ) {}

  static parse(f: Fields, p: Params, key: string): BatchNorm {
    const c = f.int('in_channels');
    const eps = f.num('eps', 1e-5);
    f.num('momentum', 0.1);
    const affine = f.bool('affine', true);
    f.only('track_running_stats', [true], 'eval mode needs running statistics');
    const why = `BatchNorm in_channels=${c}`;
    return new BatchNorm(
      c,
      eps,
      p.take(`${key}.running_mean`, [c], why),
      p.take(`${key}.running_var`, [c], why),
      p.takeIf(affine, `${key}.weight`, [c], why),
      p.takeIf(affine, `${key}.bias`, [c], why),
    );
  }

  toString(): string {
    return `BatchNorm(${this.outChannels})`;
  }

  run(ctx: Ctx, x: T): T {
    checkWidth(() => this.toString(), x, this.outChannels);
    const s = ctx.s;
    return s.batchNorm({
      x,
      mean: s.param(this.mean),
      variance: s.param(this.variance),
      weight: this.weight && s.param(this.weight),
      bias: this.bias && s.param(this.bias),
      eps: this.eps,
    });
  }
}

/** LayerNorm per node: x' = (x - E[x]) / sqrt(Var[x] + eps) · weight + bias over features — torch.nn.LayerNorm */
export class LayerNorm implements Dense {
  constructor(
    readonly outChannels: number,
    readonly eps: number,
    readonly weight?: Mat,
    readonly bias?: Mat,
  ) {}

  static parse(f: Fields, p: Params, key: string): LayerNorm {
    const c = f.int('in_channels');
    const eps = f.num('eps', 1e-5);
    const affine = f.bool('affine', f.bool('elementwise_affine', true));
    f.only(
      'mode',
      ['node'],
      "only per-node LayerNorm (torch.nn.LayerNorm); PyG's graph-mode LayerNorm is different math",
    );
    const why = `LayerNorm in_channels=${c}`;
    return new LayerNorm(
      c,
      eps,
      p.takeIf(affine, `${key}.weight`, [c], why),
      p.takeIf(affine, `${key}.bias`, [c], why),
    );
  }

  toString(): string {
    return `LayerNorm(${this.outChannels}, mode=node)`;
  }

  run(ctx: Ctx, x: T): T {
    checkWidth(() => this.toString(), x, this.outChannels);
    const s = ctx.s;
    return s.layerNorm({
      x,
      weight: this.weight && s.param(this.weight),
      bias: this.bias && s.param(this.bias),
      eps: this.eps,
    });
  }
}
