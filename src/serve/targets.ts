/** Targets by node type (the Scorer's form): adds `id` under `type`. */
export function addTarget(targets: Record<string, string[]>, type: string, id: string): void {
  const ids = targets[type];
  if (ids) ids.push(id);
  else targets[type] = [id];
}
