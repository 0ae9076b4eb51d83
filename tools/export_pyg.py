"""Export a live PyTorch Geometric model to Weft: model.json (weft-model/1) + weights.safetensors.

    import sys; sys.path.insert(0, 'tools')   # from the Weft checkout
    from export_pyg import export
    export(model, 'models/mine', data)        # data: the Data / HeteroData the model runs on

The model runs once on `data` in eval mode; every layer call and every torch function outside the
layers is recorded (tools/weft_export/trace.py), and the calls that reach the output become the
sequential layer list (tools/weft_export/plan.py). Supported: GCNConv, SAGEConv, GATConv,
GATv2Conv, GINConv, GINEConv, RGCNConv, HeteroConv and to_hetero models of them, Linear (torch
and PyG), BatchNorm1d, LayerNorm, relu/elu/leaky_relu/sigmoid/tanh/gelu (modules or functions),
dropout (a no-op in eval). Anything else raises ExportError naming the module and what it cannot
export. Then Weft's CLI runs the export on `data` and its output must equal PyG's within 1e-4.
"""
import json
import os

import torch
import torch_geometric

from weft_export import safetensors
from weft_export.check import run_weft
from weft_export.graph import graph_inputs, call_arguments
from weft_export.plan import Planner
from weft_export.specs import ExportError, is_leaf
from weft_export.trace import record, tensors_in, value_of

__all__ = ['export', 'ExportError']


def output_names(out, planner: Planner, hetero: bool) -> dict:
    """The model's return value as Weft names it: `out`, or `out.<ntype>` per node type."""
    if not hetero:
        if not isinstance(out, torch.Tensor):
            raise ExportError(f'the model returns a {type(out).__name__}; a homogeneous export needs one tensor [N, C]')
        return {'out': out}
    items = out.items() if isinstance(out, dict) else [(None, out)] if isinstance(out, torch.Tensor) else None
    if items is None:
        raise ExportError(f'the model returns a {type(out).__name__}; expected a tensor or a dict of node type -> tensor')
    names = {}
    for key, t in items:
        ntype = next((n for n, v in planner.state.items() if v == value_of(t)), None)
        if ntype is None or (key is not None and key != ntype):
            raise ExportError(f'output {key!r} is not the last layer\'s value for a node type')
        names[f'out.{ntype}'] = t
    return names


def layer_keys(layers: list) -> set:
    """state_dict prefixes the plan reads: each layer's key or per-type keys (a HeteroConv's key is only a label)."""
    keys = set()
    for spec in layers:
        if spec['op'] == 'HeteroConv':
            keys |= layer_keys(list(spec['convs'].values()))
        elif 'keys' in spec:
            keys |= set(spec['keys'].values())
        elif 'key' in spec:
            keys.add(spec['key'])
    return keys


def used_weights(model, layers: list) -> dict:
    prefixes = tuple(f'{k}.' for k in layer_keys(layers))
    return {k: v for k, v in model.state_dict().items() if k.startswith(prefixes)}


def model_json(name: str, g, layers: list, outputs: dict, weights: dict) -> dict:
    graph = 'homogeneous' if not g.hetero else {
        'node_types': list(g.x), 'edge_types': [et.split('__') for et in g.edge_types]}
    return {
        'format': 'weft-model/1', 'name': name, 'graph': graph, 'layers': layers, 'output': sorted(outputs),
        'state_dict': [{'key': k, 'shape': list(v.shape), 'dtype': safetensors.DTYPES.get(v.dtype, str(v.dtype))} for k, v in weights.items()],
        'reference': {'exporter': 'tools/export_pyg.py', 'torch_geometric': torch_geometric.__version__,
                      'torch': torch.__version__},
    }


def export(model: torch.nn.Module, out_dir: str, example_data, kwargs: dict = None, name: str = None, check: bool = True) -> dict:
    """Write out_dir/model.json and out_dir/weights.safetensors; returns the model.json dict.

    kwargs: forward's arguments, when they are not x / edge_index / edge_attr / edge_weight /
    edge_type (or their *_dict forms) or `data`. check: run Weft on example_data and compare.
    """
    if is_leaf(model):
        raise ExportError(f'the model is a bare {type(model).__name__}; wrap it in a module whose forward calls it')
    model.eval()
    g = graph_inputs(example_data)
    out, calls = record(model, (), kwargs if kwargs is not None else call_arguments(model, g, example_data))
    names = {id(m): n for n, m in model.named_modules()}
    planner = Planner(g, names, calls, [value_of(t) for t in tensors_in(out)])
    layers = planner.run()
    outputs = output_names(out, planner, g.hetero)
    weights = used_weights(model, layers)
    os.makedirs(out_dir, exist_ok=True)
    safetensors.save(weights, os.path.join(out_dir, 'weights.safetensors'))
    spec = model_json(name or type(model).__name__, g, layers, outputs, weights)
    with open(os.path.join(out_dir, 'model.json'), 'w') as f:
        json.dump(spec, f, indent=1)
    if check:
        verdict = run_weft(out_dir, g.tensors, {k: v.detach().float() for k, v in outputs.items()})
        print(f'export_pyg: {out_dir}: {verdict}')
    return spec
