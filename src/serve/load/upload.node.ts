import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { HttpError } from '../errors.ts';

/** The files a bundle may hold: plain names, never paths. */
export const BUNDLE_FILES = ['model.json', 'weights.safetensors', 'graph.safetensors', 'expected.safetensors'] as const;
const REQUIRED = ['model.json', 'weights.safetensors'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A model name or version as it may appear in a path: letters, digits, '.', '_', '-', no '..'. */
const SAFE_NAME = '^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
const SAFE = new RegExp(SAFE_NAME);

export function checkName(value: string, field: string): string {
  if (!SAFE.test(value))
    throw new HttpError(
      400,
      'bad_request',
      `${field} is ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}, expected 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit, no '..')`,
    );
  return value;
}

/** `root/name/version`, refusing anything that would resolve outside root. */
function versionDir(root: string, name: string, version: string): string {
  const base = resolve(root);
  const dir = resolve(base, checkName(name, 'name'), checkName(version, 'version'));
  if (!dir.startsWith(base + sep))
    throw new HttpError(400, 'bad_request', `name/version ${name}/${version} would leave the model directory`);
  return dir;
}

/**
 * Writes an uploaded bundle (file name → base64) to root/name/version: into a fresh temporary
 * directory beside it first, renamed into place when every file is written, so a failed upload
 * leaves nothing half written. Returns the directory.
 */
export async function writeBundle(
  root: string,
  name: string,
  version: string,
  files: Readonly<Record<string, string>>,
): Promise<string> {
  for (const [f, data] of Object.entries(files)) {
    if (!(BUNDLE_FILES as readonly string[]).includes(f))
      throw new HttpError(
        400,
        'bad_request',
        `body.files has a file named ${JSON.stringify(f)}, expected only ${BUNDLE_FILES.join(', ')} (plain names: an upload cannot write anywhere else)`,
      );
    if (!BASE64.test(data))
      throw new HttpError(400, 'bad_request', `body.files["${f}"] is not base64, expected the file's bytes in base64`);
  }
  for (const f of REQUIRED)
    if (files[f] === undefined)
      throw new HttpError(400, 'bad_request', `body.files has no "${f}", expected ${REQUIRED.join(' and ')} at least`);
  const dir = versionDir(root, name, version);
  if (existsSync(dir))
    throw new HttpError(
      409,
      'version_exists',
      `${name} version ${version} was uploaded before, expected a new version`,
    );
  const tmp = `${dir}.partial-${randomBytes(6).toString('hex')}`;
  await mkdir(tmp, { recursive: true, mode: 0o700 });
  try {
    for (const [f, data] of Object.entries(files)) await writeFile(join(tmp, f), Buffer.from(data, 'base64'));
    await rename(tmp, dir);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return dir;
}
