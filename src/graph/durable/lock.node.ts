import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LOCK } from './files.ts';

/** Who holds a lock: the lock file's content. `started` tells a live process from a later one given the same pid. */
interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

/** A lock file this old whose content is no holder was never written whole (or was damaged). */
const UNWRITTEN_MS = 2000;
/** A takeover marker older than this was left by a process killed while taking over. */
const STALE_MARKER_MS = 10_000;

/** A process's start time (Linux: field 22 of /proc/<pid>/stat, in clock ticks since boot), or '' where there is no /proc. */
function startOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function alive(h: Holder): boolean {
  if (h.pid <= 0) return false;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // The pid is taken: by the holder, unless it started at another time (the pid was reused).
  const now = startOf(h.pid);
  return now === '' || h.started === '' || now === h.started;
}

const describe = (h: Holder): string =>
  `process ${h.pid} on ${h.host}${h.pid === process.pid && h.host === hostname() ? ' (this process)' : ''}`;

/**
 * An exclusive lock on a store directory: the file DIR/LOCK, created with O_EXCL, holding the
 * holder's pid, host and start time. A second open, in this process or another, finds it and is
 * refused, naming the holder. A lock whose holder is gone (its pid is not alive on this host, or
 * is now another process) is taken over: under a takeover marker (DIR/LOCK.takeover, itself
 * O_EXCL), the lock is read again, removed only if still the same, and created anew, so two
 * processes taking over at once cannot both win. A lock held on another host cannot be checked
 * and is refused.
 */
export class DirLock {
  private constructor(private readonly path: string) {}

  static acquire(dir: string): DirLock {
    const path = join(dir, LOCK);
    const me: Holder = { pid: process.pid, host: hostname(), started: startOf(process.pid) };
    const text = `${JSON.stringify(me)}\n`;
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        writeFileSync(path, text, { flag: 'wx', mode: 0o644 });
        return new DirLock(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const held = readHolder(path);
      if (held === undefined) continue;
      if (typeof held === 'string' || held.host !== me.host || alive(held))
        throw new Error(
          `graph store ${dir} is open in ${typeof held === 'string' ? `an unknown process (${held})` : describe(held)}; a store has one writer at a time. If that process is gone, remove ${path}`,
        );
      takeOver(path, held);
    }
    throw new Error(`graph store ${dir}: could not take its lock ${path} (it kept changing hands)`);
  }

  release(): void {
    unlinkSync(this.path);
  }
}

function readHolder(path: string): Holder | string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const h = JSON.parse(text) as Holder;
    if (Number.isInteger(h.pid) && typeof h.host === 'string' && typeof h.started === 'string') return h;
  } catch {}
  // A holder writes its ~60 bytes at once, right after creating the file: content that is no
  // holder is a crash in between or damage once it is older than that, and holds nothing.
  let age: number;
  try {
    age = Date.now() - statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  if (age > UNWRITTEN_MS) return { pid: 0, host: hostname(), started: text.slice(0, 100) };
  return `content ${JSON.stringify(text.slice(0, 100))}`;
}

/** Remove the stale lock `held` of `path`, unless it changed since it was read. */
function takeOver(path: string, held: Holder): void {
  const marker = `${path}.takeover`;
  try {
    writeFileSync(marker, String(process.pid), { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Another process is taking over: give it a moment. A marker left by one killed meanwhile is removed once old.
    try {
      if (Date.now() - statSync(marker).mtimeMs > STALE_MARKER_MS) unlinkSync(marker);
    } catch {}
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    return;
  }
  try {
    const now = readHolder(path);
    if (typeof now === 'object' && JSON.stringify(now) === JSON.stringify(held)) unlinkSync(path);
  } finally {
    unlinkSync(marker);
  }
}
