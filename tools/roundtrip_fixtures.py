"""Round trip of every PyG reference case through the exporter:

    PYTHONPATH=/opt/pyg /usr/bin/python3 tools/roundtrip_fixtures.py [FIXTURES_DIR]

For each case: rebuild the architecture as ordinary PyG modules (a forward written as a user
would), load the case's weights strictly, check PyG reproduces expected.safetensors, export with
export_pyg, run Weft's CLI on the case's graph (export_pyg's check, 1e-4 relative), and compare
the exported model.json with the case's on every field that changes the math.
"""
import json
import sys
import tempfile
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_pyg import export  # noqa: E402
from weft_export import safetensors  # noqa: E402
from weft_export.check import compare  # noqa: E402
from fixture_models import build_model, load_graph  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FIXTURES = REPO.parent / 'shared' / 'fixtures' / 'pyg'
INFORMATIONAL = {'note', 'impl', 'built_with', 'reference'}


def spec_diff(ours, theirs, path='') -> list:
    """Differences between two specs, ignoring fields that only describe (and a HeteroConv's label key)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        skip = INFORMATIONAL | ({'key'} if ours.get('op') == 'HeteroConv' else set())
        keys = (set(ours) | set(theirs)) - skip
        return [d for k in sorted(keys) for d in spec_diff(ours.get(k, '<absent>'), theirs.get(k, '<absent>'), f'{path}.{k}')]
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        return [d for i, (a, b) in enumerate(zip(ours, theirs)) for d in spec_diff(a, b, f'{path}[{i}]')]
    return [] if ours == theirs else [f'{path}: exported {ours!r}, fixture {theirs!r}']


def roundtrip(case: Path, out_root: Path) -> str:
    fixture = json.loads((case / 'model.json').read_text())
    data = load_graph(safetensors.load(str(case / 'graph.safetensors')), fixture['graph'])
    model, kwargs = build_model(fixture, data)
    model.load_state_dict(safetensors.load(str(case / 'weights.safetensors')), strict=True)
    model.eval()
    expected = safetensors.load(str(case / 'expected.safetensors'))
    with torch.no_grad():
        out = model(**kwargs)
    got = {'out': out} if isinstance(out, torch.Tensor) else {f'out.{t}': v for t, v in out.items()}
    for k in expected:
        problem = compare(got[k], expected[k])
        if problem:
            raise RuntimeError(f'{case.name}: the rebuilt PyG model differs from expected.safetensors on {k}: {problem}')
    spec = export(model, str(out_root / case.name), data, kwargs=kwargs, name=case.name)
    diffs = spec_diff({'graph': spec['graph'], 'layers': spec['layers'], 'output': spec['output']},
                      {'graph': fixture['graph'], 'layers': fixture['layers'], 'output': fixture['output']})
    return 'model.json matches on math fields' if not diffs else 'model.json differs: ' + '; '.join(diffs)


def main():
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FIXTURES
    torch.set_num_threads(1)
    cases = sorted(p for p in root.iterdir() if (p / 'model.json').exists())
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            try:
                print(f'{case.name}: {roundtrip(case, Path(tmp))}', flush=True)
            except Exception as e:  # one broken case must not hide the others
                failed += 1
                print(f'{case.name}: FAILED: {type(e).__name__}: {e}', flush=True)
    print(f'roundtrip: {len(cases) - failed} of {len(cases)} cases exported, run by Weft and equal to PyG within 1e-4')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
