export const FLATBUFFERS = 'application/x-flatbuffers';
const JSON_TYPE = 'application/json';

/** The q of each media type an Accept header names (`*\/*` and `type/*` ranges left out), lower case. */
function ranks(accept: string): Map<string, number> {
  const q = new Map<string, number>();
  for (const range of accept.split(',')) {
    const [type, ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    if (!type || type.endsWith('/*')) continue;
    const given = params.find((p) => p.startsWith('q='));
    const value = given === undefined ? 1 : Number(given.slice(2));
    q.set(type, Number.isFinite(value) ? value : 0);
  }
  return q;
}

/**
 * Whether to answer in FlatBuffers: when Accept ranks application/x-flatbuffers above
 * application/json (an unnamed type ranks below q=0, and q=0 refuses FlatBuffers); when it ranks
 * them equal or names neither (no Accept, `*\/*`), in the body's own format, so a client that sends
 * FlatBuffers reads FlatBuffers unless it asks for JSON.
 */
export function answersFlatBuffers(accept: string | undefined, contentType: string | undefined): boolean {
  const q = ranks(accept ?? '');
  const fb = q.get(FLATBUFFERS) ?? -1;
  const json = q.get(JSON_TYPE) ?? -1;
  if (fb === 0) return false;
  if (fb !== json) return fb > json;
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === FLATBUFFERS;
}
