// Every suite that `npm run bench` runs, in its order, with the report that reads its results.
import { casesReport } from './report-cases.ts';
import { graphReport } from './report-graph.ts';
import { kernelsReport } from './report-kernels.ts';
import type { Report } from './report.ts';
import { scaleReport } from './report-scale.ts';
import { scoreReport } from './report-score.ts';
import { serverReport } from './report-server.ts';

/** Method parameters are bivariant, so each suite's Report<R> is a Report<never>; callers pass the saved result. */
export const REPORTS: readonly Report<never>[] = [
  kernelsReport,
  casesReport,
  scaleReport,
  graphReport,
  scoreReport,
  serverReport,
];
