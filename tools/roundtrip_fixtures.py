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
ABSENT = '<absent>'
# PyG's defaults, for fields a case's model.json leaves out (test/cases write only what differs).
DEFAULTS = {'bias': True, 'heads': 1, 'concat': True, 'negative_slope': 0.2, 'dropout': 0.0, 'add_self_loops': True,
            'edge_dim': None, 'fill_value': 'mean', 'share_weights': False, 'improved': False, 'cached': False,
            'root_weight': True, 'project': False, 'num_bases': None, 'num_blocks': None, 'eps_init': 0.0,
            'train_eps': False, 'eps': 1e-5, 'affine': True, 'track_running_stats': True, 'mode': 'node', 'alpha': 1.0,
            'approximate': 'none', 'uses_edge_weight': False}  # absent: the graph's weights if any; these graphs have none
OP_DEFAULTS = {'GCNConv': {'normalize': True, 'aggr': 'add'}, 'SAGEConv': {'normalize': False, 'aggr': 'mean'},
               'RGCNConv': {'aggr': 'mean'}, 'GINConv': {'aggr': 'add'}, 'GINEConv': {'aggr': 'add'},
               'leaky_relu': {'negative_slope': 0.01}}


def default(spec: dict, field: str):
    if spec.get('op') == 'GCNConv' and field == 'add_self_loops':
        return spec.get('normalize', True)  # PyG 2.5: add_self_loops=None follows normalize
    if field in ('eps_key', 'edge_lin_key'):
        return f"{spec.get('key')}.{'eps' if field == 'eps_key' else 'lin'}"
    return OP_DEFAULTS.get(spec.get('op'), {}).get(field, DEFAULTS.get(field, ABSENT))


def spec_diff(ours, theirs, path='', pruned=None) -> list:
    """Differences between two specs, ignoring fields that only describe (and a HeteroConv's label key).
    Relations the export dropped as unused (their outputs reach no output) are listed in `pruned`."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        if ours.get('op') == 'HeteroConv' and pruned is not None:
            dropped = sorted(set(theirs.get('convs', {})) - set(ours.get('convs', {})))
            pruned += [f'{path}.convs.{et}' for et in dropped]
            theirs = {**theirs, 'convs': {et: c for et, c in theirs['convs'].items() if et not in dropped}}
        skip = INFORMATIONAL | ({'key'} if ours.get('op') == 'HeteroConv' else set())
        diffs = []
        for k in sorted((set(ours) | set(theirs)) - skip):
            a = ours[k] if k in ours else default(ours, k)
            b = theirs[k] if k in theirs else default(theirs, k)
            diffs += spec_diff(a, b, f'{path}.{k}', pruned)
        return diffs
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        return [d for i, (a, b) in enumerate(zip(ours, theirs)) for d in spec_diff(a, b, f'{path}[{i}]', pruned)]
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
    pruned = []
    diffs = spec_diff({'graph': spec['graph'], 'layers': spec['layers'], 'output': spec['output']},
                      {'graph': fixture['graph'], 'layers': fixture['layers'], 'output': fixture['output']}, pruned=pruned)
    note = f" (not exported, their outputs reach no output: {', '.join(pruned)})" if pruned else ''
    return ('model.json matches on math fields' if not diffs else 'model.json differs: ' + '; '.join(diffs)) + note


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
