// Vega-Lite specs to SVG in Node: Vega's headless view, no canvas, no browser (text widths are
// estimated, so labels may sit a little off where a browser would measure them).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  return new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' }).toSVG();
}
