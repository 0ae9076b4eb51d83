// Plots for the results as Vega-Lite specs (plot-render.ts draws them). Two shapes cover the
// suites: lines over a numeric axis (time vs graph size, latency vs offered load) and grouped bars
// by category (achieved / ceiling per kernel, p50 per case).
import type { TopLevelSpec } from 'vega-lite';

export type Datum = Record<string, string | number>;

/** A plot of one suite's results: `name` becomes `<suite>-<name>.svg` beside its JSON. */
export interface Plot {
  readonly name: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

interface Axis {
  readonly field: string;
  readonly title: string | null;
  readonly log?: boolean;
}

const WIDTH = 520,
  HEIGHT = 300;

/**
 * Points joined per series, optionally on log axes: `series` names the field that colours them,
 * `dash` one that dashes them (a second dimension, such as the percentile), `facet` one that puts
 * each of its values in a panel of its own.
 */
export function lines(
  title: string,
  data: Datum[],
  x: Axis,
  y: Axis,
  { series, dash, facet }: { series: string; dash?: string; facet?: string },
): TopLevelSpec {
  const layer = {
    mark: { type: 'line', point: true },
    encoding: {
      ...(dash
        ? {
            strokeDash: {
              field: dash,
              type: 'nominal',
              title: null,
              legend: { symbolType: 'stroke', encode: { symbols: { update: { stroke: { value: '#444' } } } } },
            },
          }
        : {}),
      x: { field: x.field, type: 'quantitative', title: x.title, scale: x.log ? { type: 'log' } : {} },
      y: { field: y.field, type: 'quantitative', title: y.title, scale: y.log ? { type: 'log' } : { zero: true } },
      color: { field: series, type: 'nominal', title: null },
      tooltip: [{ field: series }, { field: x.field }, { field: y.field }],
    },
  } as const;
  const base = { title, data: { values: data }, background: 'white' } as const;
  if (!facet) return { ...base, width: WIDTH, height: HEIGHT, ...layer } as TopLevelSpec;
  return {
    ...base,
    facet: { field: facet, type: 'nominal', title: null },
    columns: 2,
    spec: { width: WIDTH / 2, height: HEIGHT * 0.7, ...layer },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/**
 * Horizontal bars, one row per category, coloured by `series`: side by side when `grouped` (a bar
 * per series in each row), else one bar a row; on a log value axis, dots instead (a bar has no
 * zero to start from there). `rule` draws a dashed vertical line at that value.
 */
export function bars(
  title: string,
  data: Datum[],
  category: Axis,
  value: Axis,
  series: string,
  { grouped = false, rule }: { grouped?: boolean; rule?: number } = {},
): TopLevelSpec {
  const barLayer = {
    mark: value.log ? { type: 'point', filled: true, size: 70 } : 'bar',
    encoding: {
      y: { field: category.field, type: 'nominal', title: category.title, sort: null, axis: { labelLimit: 320 } },
      ...(grouped && !value.log ? { yOffset: { field: series } } : {}),
      x: { field: value.field, type: 'quantitative', title: value.title, scale: value.log ? { type: 'log' } : {} },
      color: { field: series, type: 'nominal', title: null },
    },
  };
  const layers: object[] = [barLayer];
  if (rule !== undefined) layers.push({ mark: { type: 'rule', strokeDash: [4, 4] }, encoding: { x: { datum: rule } } });
  return {
    title,
    background: 'white',
    width: WIDTH,
    data: { values: data },
    layer: layers,
  } as TopLevelSpec;
}

/** Latency (ms) against offered load (requests/s), both on log axes: the score and server suites' plot. */
export function latencyVsLoad(
  title: string,
  data: Datum[],
  keys: { series: string; dash?: string; facet?: string },
): TopLevelSpec {
  return lines(
    title,
    data,
    { field: 'rate', title: 'offered requests/s', log: true },
    { field: 'ms', title: 'ms', log: true },
    keys,
  );
}
