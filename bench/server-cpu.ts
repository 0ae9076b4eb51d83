// Where the machine's CPU went during a load: the server process, this load generator, and
// everything else (other work shares this machine, and a load's latencies say little without it).
// Linux /proc only; elsewhere the meter reads nothing.
import { readFileSync } from 'node:fs';

/** /proc's clock ticks a second (USER_HZ): 100 on every Linux this runs on. */
const TICKS_PER_S = 100;

export interface CpuUse {
  /** Cores busy on average during the span, each. */
  readonly server: number;
  readonly client: number;
  readonly other: number;
}

/** Busy ticks of every core: all of /proc/stat's `cpu` line but idle and iowait (guest time is in user already). */
function machineBusy(): number | undefined {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    return f.slice(1, 9).reduce((n, v, i) => n + (i === 3 || i === 4 ? 0 : Number(v)), 0);
  } catch {
    return undefined;
  }
}
/** A process's user + system ticks, its threads included: fields 14 and 15, counted after the name's `)`. */
function processTicks(pid: number): number | undefined {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!.trim().split(/\s+/);
    return Number(f[11]) + Number(f[12]);
  } catch {
    return undefined;
  }
}

/** Starts measuring; the returned function gives the use since, or undefined where /proc cannot be read. */
export function cpuMeter(serverPid: number): () => CpuUse | undefined {
  const t0 = performance.now();
  const busy0 = machineBusy();
  const server0 = processTicks(serverPid);
  const client0 = process.cpuUsage();
  return () => {
    const busy = machineBusy();
    const server = processTicks(serverPid);
    if (busy === undefined || busy0 === undefined || server === undefined || server0 === undefined) return undefined;
    const s = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(client0);
    const client = (c.user + c.system) / 1e6 / s;
    const srv = (server - server0) / TICKS_PER_S / s;
    return { server: srv, client, other: Math.max(0, (busy - busy0) / TICKS_PER_S / s - srv - client) };
  };
}

/** A window's use under which the server counts as idle and the machine as quiet, in cores. */
const IDLE_SERVER = 0.05;
const QUIET_OTHER = 0.25;
const WINDOW_MS = 250;

/**
 * Waits at least `minMs`, then until a 250 ms window finds the server idle (its merges, snapshots
 * and collections from the load before done) and the rest of the machine quiet, for at most
 * `maxMs`; resolves with the last window's use when it never did (other work may hold the cores).
 */
export async function settle(serverPid: number, minMs: number, maxMs: number): Promise<CpuUse | undefined> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const end = performance.now() + maxMs;
  await sleep(Math.max(0, minMs - WINDOW_MS));
  for (;;) {
    const meter = cpuMeter(serverPid);
    await sleep(WINDOW_MS);
    const use = meter();
    if (!use || (use.server < IDLE_SERVER && use.other < QUIET_OTHER)) return undefined;
    if (performance.now() >= end) return use;
  }
}
