// The swap and shadow phases' figures for the bench's JSON line, and their rows for its table.
import { type Served, shadowPhase, swapPhase } from './server-swaps.ts';
import type { Row } from './server-table.ts';

export type Figures = Record<string, number | string | null>;

const ms = (us: number) => us / 1000;

/** Both phases at 2,000 requests a second, their rows added to `rows`; null figures where the server has no route for them (the reason printed). */
export async function versionFigures(
  s: Served,
  rows: Row[],
  o: { name: string; swaps: number; seconds: number; log: (m: string) => void },
): Promise<Figures> {
  const out: Figures = {
    swaps: null,
    swaps_refused: null,
    failed_during_swaps: null,
    fallbacks_during_swaps: null,
    swap_version_violations: null,
    p99_ms_during_swaps: null,
    p99_ms_without_swaps: null,
    swap_put_p50_ms: null,
    p99_ms_shadow_10pct: null,
    p99_ms_no_shadow: null,
    shadow_compared: null,
    shadow_failed: null,
  };
  o.log(`${o.swaps} hot swaps under 2000/s…`);
  const sw = await swapPhase(s, o.swaps, 2000);
  if (typeof sw === 'string') console.log(`${o.name}: swaps: ${sw}`);
  else {
    rows.push({ label: `2000/s during ${sw.swaps} swaps`, r: sw.during });
    rows.push({ label: '2000/s, no swaps, as long', r: sw.without });
    Object.assign(out, {
      swaps: sw.swaps,
      swaps_refused: sw.refused,
      failed_during_swaps: sw.during.errors,
      fallbacks_during_swaps: sw.during.fallbacks,
      swap_version_violations: sw.violations,
      p99_ms_during_swaps: ms(sw.during.hist.percentile(0.99)),
      p99_ms_without_swaps: ms(sw.without.hist.percentile(0.99)),
      swap_put_p50_ms: ms(sw.put.percentile(0.5)),
    });
  }
  o.log('10% shadow under 2000/s…');
  const sh = await shadowPhase(s, 2000, o.seconds * 1000);
  if (typeof sh === 'string') console.log(`${o.name}: shadow: ${sh}`);
  else {
    rows.push({ label: '2000/s, no shadow', r: sh.without });
    rows.push({ label: `2000/s, ${sh.percent}% shadowed`, r: sh.shadowed });
    out.p99_ms_no_shadow = ms(sh.without.hist.percentile(0.99));
    out.p99_ms_shadow_10pct = ms(sh.shadowed.hist.percentile(0.99));
    out.shadow_compared = sh.compared;
    out.shadow_failed = sh.failed;
  }
  return out;
}
