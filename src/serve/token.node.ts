import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The write routes' bearer token: `WEFT_TOKEN` when set, else the one in `<data>/token`, made on
 * first start (32 random bytes, hex, file mode 0600). `generated` says whether it was just made.
 */
export function loadToken(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): { token: string; generated: boolean } {
  const fromEnv = env.WEFT_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, generated: false };
  const file = join(dataDir, 'token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return { token, generated: false };
    throw new Error(
      `${file} holds a token of ${token.length} characters, expected at least 16: delete it to make a new one`,
    );
  }
  const token = randomBytes(32).toString('hex');
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, generated: true };
}

/** Whether an Authorization header carries the token, compared in constant time (hashes of equal length). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) && given.length > 0;
}
