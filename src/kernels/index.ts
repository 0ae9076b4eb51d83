import type { Mat } from '../tensor/mat.ts';
import { activationCpu } from './activation.cpu.ts';
import { batchNormCpu } from './batch-norm.cpu.ts';
import { biasActCpu } from './bias-act.cpu.ts';
import { binaryCpu } from './binary.cpu.ts';
import { concatRowsCpu } from './concat-rows.cpu.ts';
import type { CpuGraph } from './cpu-graph.ts';
import { gatAttendCpu } from './gat-attend.cpu.ts';
import { gatv2AttendCpu } from './gatv2-attend.cpu.ts';
import { gatherRowsCpu } from './gather-rows.cpu.ts';
import { gcnNormCpu } from './gcn-norm.cpu.ts';
import { gemmCpu } from './gemm.cpu.ts';
import { gineAggregateCpu } from './gine-aggregate.cpu.ts';
import { headMeanCpu } from './head-mean.cpu.ts';
import { l2NormalizeCpu } from './l2-normalize.cpu.ts';
import { layerNormCpu } from './layer-norm.cpu.ts';
import type { Kernels } from './ops.ts';
import { spmmCpu } from './spmm.cpu.ts';

export type OpName = keyof Kernels<Mat, CpuGraph>;

/** The registry: op → its implementations. The mapped type makes a missing twin a compile error. */
export const KERNELS: { readonly [K in OpName]: { readonly cpu: Kernels<Mat, CpuGraph>[K] } } = {
  gemm: { cpu: gemmCpu },
  spmm: { cpu: spmmCpu },
  gcnNorm: { cpu: gcnNormCpu },
  gatAttend: { cpu: gatAttendCpu },
  gatv2Attend: { cpu: gatv2AttendCpu },
  gineAggregate: { cpu: gineAggregateCpu },
  activation: { cpu: activationCpu },
  biasAct: { cpu: biasActCpu },
  binary: { cpu: binaryCpu },
  batchNorm: { cpu: batchNormCpu },
  layerNorm: { cpu: layerNormCpu },
  l2Normalize: { cpu: l2NormalizeCpu },
  headMean: { cpu: headMeanCpu },
  concatRows: { cpu: concatRowsCpu },
  gatherRows: { cpu: gatherRowsCpu },
};
