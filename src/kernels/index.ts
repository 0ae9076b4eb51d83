import type { Mat } from '../tensor/mat.ts';
import { activationCpu } from './activation.cpu.ts';
import { activation } from './activation.ts';
import { batchNormCpu } from './batch-norm.cpu.ts';
import { batchNorm } from './batch-norm.ts';
import { biasActCpu } from './bias-act.cpu.ts';
import { biasAct } from './bias-act.ts';
import { binaryCpu } from './binary.cpu.ts';
import { binary } from './binary.ts';
import { concatRowsCpu } from './concat-rows.cpu.ts';
import { concatRows } from './concat-rows.ts';
import type { CpuGraph } from '../runtime/cpu-graph.ts';
import { gatAttendCpu } from './gat-attend.cpu.ts';
import { gatAttend } from './gat-attend.ts';
import { gatherRowsCpu } from './gather-rows.cpu.ts';
import { gatherRows } from './gather-rows.ts';
import { gatv2AttendCpu } from './gatv2-attend.cpu.ts';
import { gatv2Attend } from './gatv2-attend.ts';
import { gcnNormCpu } from './gcn-norm.cpu.ts';
import { gcnNorm } from './gcn-norm.ts';
import { gemmCpu } from './gemm.cpu.ts';
import { gemm } from './gemm.ts';
import { gineAggregateCpu } from './gine-aggregate.cpu.ts';
import { gineAggregate } from './gine-aggregate.ts';
import type { GpuGraph } from '../runtime/gpu-graph.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';
import { headMeanCpu } from './head-mean.cpu.ts';
import { headMean } from './head-mean.ts';
import { l2NormalizeCpu } from './l2-normalize.cpu.ts';
import { l2Normalize } from './l2-normalize.ts';
import { layerNormCpu } from './layer-norm.cpu.ts';
import { layerNorm } from './layer-norm.ts';
import type { Kernels } from '../runtime/ops.ts';
import { reshapeCpu } from './reshape.cpu.ts';
import { reshape } from './reshape.ts';
import { spmmCpu } from './spmm.cpu.ts';
import { spmm } from './spmm.ts';

export type OpName = keyof Kernels<Mat, CpuGraph>;

/** The registry: op → its WGSL dispatcher and its CPU twin. The mapped type makes a missing twin, on either side, a compile error. */
export const KERNELS: {
  readonly [K in OpName]: { readonly cpu: Kernels<Mat, CpuGraph>[K]; readonly gpu: Kernels<GpuTensor, GpuGraph>[K] };
} = {
  gemm: { cpu: gemmCpu, gpu: gemm },
  spmm: { cpu: spmmCpu, gpu: spmm },
  gcnNorm: { cpu: gcnNormCpu, gpu: gcnNorm },
  gatAttend: { cpu: gatAttendCpu, gpu: gatAttend },
  gatv2Attend: { cpu: gatv2AttendCpu, gpu: gatv2Attend },
  gineAggregate: { cpu: gineAggregateCpu, gpu: gineAggregate },
  activation: { cpu: activationCpu, gpu: activation },
  biasAct: { cpu: biasActCpu, gpu: biasAct },
  binary: { cpu: binaryCpu, gpu: binary },
  batchNorm: { cpu: batchNormCpu, gpu: batchNorm },
  layerNorm: { cpu: layerNormCpu, gpu: layerNorm },
  l2Normalize: { cpu: l2NormalizeCpu, gpu: l2Normalize },
  headMean: { cpu: headMeanCpu, gpu: headMean },
  concatRows: { cpu: concatRowsCpu, gpu: concatRows },
  gatherRows: { cpu: gatherRowsCpu, gpu: gatherRows },
  reshape: { cpu: reshapeCpu, gpu: reshape },
};

/** One side of the registry as a kernel table, built once: sessions spread it instead of rebuilding it per inference. */
function side<S extends 'cpu' | 'gpu'>(s: S): { [K in OpName]: (typeof KERNELS)[K][S] } {
  return Object.fromEntries((Object.keys(KERNELS) as OpName[]).map((op) => [op, KERNELS[op][s]])) as {
    [K in OpName]: (typeof KERNELS)[K][S];
  };
}

export const CPU_KERNELS: Kernels<Mat, CpuGraph> = side('cpu');
export const GPU_KERNELS: Kernels<GpuTensor, GpuGraph> = side('gpu');
