/** Most characters of a caller's value an error message repeats: a 1 MB id must not become a 1 MB message (or log line). */
const QUOTE_CHARS = 100;

/** A string cut to QUOTE_CHARS characters, its full length said when longer. */
export function cut(s: string): string {
  return s.length <= QUOTE_CHARS ? s : `${s.slice(0, QUOTE_CHARS)}… (${s.length} characters)`;
}

/** A string as JSON, cut to QUOTE_CHARS characters with its full length said when longer. */
function quote(s: string): string {
  if (s.length <= QUOTE_CHARS) return JSON.stringify(s);
  return `${JSON.stringify(s.slice(0, QUOTE_CHARS))}… (${s.length} characters)`;
}

/** Any value as an error message shows it: strings quoted (cut), numbers as they are, objects by kind. */
export function show(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
