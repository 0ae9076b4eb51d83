"""example_data (a PyG Data or HeteroData) as the model's call arguments, the role of every
input tensor (so the plan knows which edge_index a conv reads), and graph.safetensors tensors."""
import inspect
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

import torch
from torch_geometric.data import Data, HeteroData

from .specs import ExportError
from .trace import Value, value_of

HOMO_NODE, HOMO_REL = 'node', 'node__to__node'
EDGE_INPUTS = ('edge_attr', 'edge_weight', 'edge_type')


@dataclass
class GraphInputs:
    hetero: bool
    x: Dict[str, torch.Tensor]
    edge_types: List[str]
    inputs: Dict[str, object]  # forward argument name -> what is passed
    roles: Dict[Value, Tuple[str, str]] = field(default_factory=dict)
    tensors: Dict[str, torch.Tensor] = field(default_factory=dict)  # graph.safetensors

    def add(self, kind: str, owner: str, t: torch.Tensor):
        self.roles[value_of(t)] = (kind, owner)
        name = 'x' if kind == 'x' and not self.hetero else kind if not self.hetero else f'{kind}.{owner}'
        self.tensors[name] = t.detach().float() if kind in ('x', 'edge_attr', 'edge_weight') else t.detach().long()


def graph_inputs(data) -> GraphInputs:
    if isinstance(data, HeteroData):
        g = GraphInputs(True, dict(data.x_dict), ['__'.join(et) for et in data.edge_types], {})
        for t, x in g.x.items():
            g.add('x', t, x)
        for kind in ('edge_index',) + EDGE_INPUTS:
            d = {et: data[et][kind] for et in data.edge_types if kind in data[et]}
            g.inputs[kind] = d
            for et, t in d.items():
                g.add(kind, '__'.join(et), t)
        g.inputs['x'] = g.x
        return g
    if isinstance(data, Data):
        if data.x is None or data.edge_index is None:
            raise ExportError('example_data: a Data needs x and edge_index')
        g = GraphInputs(False, {HOMO_NODE: data.x}, [HOMO_REL], {'x': data.x, 'edge_index': data.edge_index})
        g.add('x', HOMO_NODE, data.x)
        g.add('edge_index', HOMO_REL, data.edge_index)
        for kind in EDGE_INPUTS:
            if data.get(kind) is not None:
                g.inputs[kind] = data[kind]
                g.add(kind, HOMO_REL, data[kind])
        return g
    raise ExportError(f'example_data is a {type(data).__name__}, expected a torch_geometric Data or HeteroData')


def call_arguments(model, g: GraphInputs, data) -> dict:
    """forward's arguments by name: x / x_dict, edge_index / edge_index_dict, edge_attr(_dict), ..., or data."""
    kwargs = {}
    for name, p in inspect.signature(model.forward).parameters.items():
        key = name[:-len('_dict')] if name.endswith('_dict') else name
        if name == 'data':
            kwargs[name] = data
        elif key in g.inputs:
            kwargs[name] = g.inputs[key]
        elif p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise ExportError(f"{type(model).__name__}.forward takes '{name}', which example_data does not have; pass kwargs={{...}} to export()")
    return kwargs
