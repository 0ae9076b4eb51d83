import { HttpError } from '../errors.ts';
import type { ModelEntry, ServedModels } from '../served-model.ts';

/** The entry of model `name`, or a 404 naming the models there are. */
export function known(models: ServedModels, name: string): ModelEntry {
  const e = models.entry(name);
  if (!e)
    throw new HttpError(
      404,
      'unknown_model',
      `no model named ${JSON.stringify(name)}, expected one of ${models.names().join(', ')}`,
    );
  return e;
}
