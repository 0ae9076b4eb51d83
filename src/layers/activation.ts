import type { Act, ActKind } from '../runtime/act.ts';
import type { Fields } from '../spec/fields.ts';
import type { Ctx, Dense, T } from './layer.ts';

export const ACTIVATION_OPS = ['relu', 'elu', 'leaky_relu', 'sigmoid', 'tanh', 'gelu'] as const;

/** relu, elu(alpha), leaky_relu(negative_slope), sigmoid, tanh, gelu(approximate) — torch.nn.functional */
export class Activation implements Dense {
  readonly outChannels = null;

  constructor(readonly act: Act) {}

  static parse(op: (typeof ACTIVATION_OPS)[number], f: Fields): Activation {
    switch (op) {
      case 'elu':
        return new Activation({ kind: 'elu', param: f.num('alpha', 1) });
      case 'leaky_relu':
        return new Activation({ kind: 'leaky_relu', param: f.num('negative_slope', 0.01) });
      case 'gelu':
        return new Activation({
          kind: f.str('approximate', ['none', 'tanh'], 'none') === 'tanh' ? 'gelu_tanh' : 'gelu',
          param: 0,
        });
      default:
        return new Activation({ kind: op as ActKind, param: 0 });
    }
  }

  toString(): string {
    const { kind, param } = this.act;
    if (kind === 'elu') return `ELU(alpha=${param})`;
    if (kind === 'leaky_relu') return `LeakyReLU(negative_slope=${param})`;
    if (kind === 'gelu_tanh') return `GELU(approximate='tanh')`;
    return {
      relu: 'ReLU()',
      sigmoid: 'Sigmoid()',
      tanh: 'Tanh()',
      gelu: `GELU(approximate='none')`,
      none: 'Identity()',
    }[kind];
  }

  run(ctx: Ctx, x: T): T {
    return ctx.s.activation({ x, act: this.act });
  }
}
