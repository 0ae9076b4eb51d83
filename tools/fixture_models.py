"""The PyG reference cases' architectures as ordinary PyG models, for tools/roundtrip_fixtures.py.

Each is written the way a user writes one (convs called in forward, activations as functions,
HeteroConv with a dict comprehension, to_hetero of a homogeneous model), so the round trip
exercises the exporter's recording of real forwards, not a copy of the fixture's model.json.
"""
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.data import Data, HeteroData
from torch_geometric.nn import (GATConv, GATv2Conv, GCNConv, GINConv, GINEConv, HeteroConv, RGCNConv, SAGEConv,
                                to_hetero)
from torch_geometric.nn import Linear as PygLinear

ACTIVATIONS = {
    'relu': lambda x, s: F.relu(x),
    'elu': lambda x, s: F.elu(x, alpha=s.get('alpha', 1.0)),
    'sigmoid': lambda x, s: torch.sigmoid(x),
}
EDGE_INPUTS = ('edge_attr', 'edge_weight', 'edge_type')


def channels(v):
    return tuple(v) if isinstance(v, list) else v


def conv(spec):
    op, c = spec['op'], dict(spec)
    if op == 'GCNConv':
        return GCNConv(c['in_channels'], c['out_channels'], improved=c['improved'], cached=c['cached'],
                       add_self_loops=c['add_self_loops'], normalize=c['normalize'], bias=c['bias'])
    if op == 'SAGEConv':
        return SAGEConv(channels(c['in_channels']), c['out_channels'], aggr=c['aggr'], normalize=c['normalize'],
                        root_weight=c['root_weight'], project=c['project'], bias=c['bias'])
    if op in ('GATConv', 'GATv2Conv'):
        cls, extra = (GATConv, {}) if op == 'GATConv' else (GATv2Conv, {'share_weights': c['share_weights']})
        return cls(channels(c['in_channels']), c['out_channels'], heads=c['heads'], concat=c['concat'],
                   negative_slope=c['negative_slope'], dropout=c['dropout'], add_self_loops=c['add_self_loops'],
                   edge_dim=c['edge_dim'], fill_value=c['fill_value'], bias=c['bias'], **extra)
    if op in ('GINConv', 'GINEConv'):
        mlp = nn.Sequential(*[nn.Linear(s['in_channels'], s['out_channels'], bias=s['bias']) if s['op'] == 'Linear' else nn.ReLU()
                              for s in c['nn']])
        if op == 'GINConv':
            return GINConv(mlp, eps=c['eps_init'], train_eps=c['train_eps'])
        return GINEConv(mlp, eps=c['eps_init'], train_eps=c['train_eps'], edge_dim=c['edge_dim'])
    if op == 'RGCNConv':
        return RGCNConv(c['in_channels'], c['out_channels'], c['num_relations'], num_bases=c['num_bases'],
                        num_blocks=c['num_blocks'], aggr=c['aggr'], root_weight=c['root_weight'], bias=c['bias'])
    raise ValueError(f'no PyG rebuild for op {op!r}')


def dense(spec):
    if spec['op'] == 'Linear':
        return PygLinear(spec['in_channels'], spec['out_channels'], bias=spec['bias'])
    if spec['op'] == 'BatchNorm':
        return nn.BatchNorm1d(spec['in_channels'], eps=spec['eps'], affine=spec['affine'])
    return nn.LayerNorm(spec['in_channels'], eps=spec['eps'], elementwise_affine=spec['affine'])


class Sequential(nn.Module):
    """Layers called in order on (x, edge_index, ...); each conv gets the edge input it uses."""

    def __init__(self, layers):
        super().__init__()
        self.steps = []
        for spec in layers:
            if 'key' in spec:
                self.add_module(spec['key'], conv(spec) if spec['op'].endswith('Conv') else dense(spec))
            self.steps.append(spec)

    def forward(self, x, edge_index, edge_attr=None, edge_weight=None, edge_type=None):
        for spec in self.steps:
            if spec['op'] in ACTIVATIONS:
                x = ACTIVATIONS[spec['op']](x, spec)
                continue
            m = getattr(self, spec['key'])
            if isinstance(m, GCNConv) and spec['uses_edge_weight']:
                x = m(x, edge_index, edge_weight)
            elif isinstance(m, (GATConv, GATv2Conv, GINEConv)) and spec['edge_dim']:
                x = m(x, edge_index, edge_attr)
            elif isinstance(m, RGCNConv):
                x = m(x, edge_index, edge_type)
            else:
                x = m(x, edge_index) if spec['op'].endswith('Conv') else m(x)
        return x


class HeteroSequential(nn.Module):
    """HeteroConv layers with activations applied to every node type by a dict comprehension."""

    def __init__(self, layers):
        super().__init__()
        self.steps = []
        for spec in layers:
            if spec['op'] == 'HeteroConv':
                convs = {tuple(et.split('__')): conv(c) for et, c in spec['convs'].items()}
                self.add_module(spec['key'], HeteroConv(convs, aggr=spec['aggr']))
            self.steps.append(spec)

    def forward(self, x_dict, edge_index_dict):
        for spec in self.steps:
            if spec['op'] == 'HeteroConv':
                x_dict = getattr(self, spec['key'])(x_dict, edge_index_dict)
            else:
                x_dict = {t: ACTIVATIONS[spec['op']](x, spec) for t, x in x_dict.items()}
        return x_dict


class Sage2(nn.Module):
    """The homogeneous model that to_hetero turns into the hetero_to_hetero case."""

    def __init__(self, hidden, out):
        super().__init__()
        self.conv1 = SAGEConv((-1, -1), hidden)
        self.conv2 = SAGEConv((-1, -1), out)

    def forward(self, x, edge_index):
        x = self.conv1(x, edge_index).relu()
        return self.conv2(x, edge_index)


def load_graph(tensors, graph_spec):
    """graph.safetensors as Data / HeteroData, node and edge types in the order model.json lists them."""
    if 'x' in tensors:
        return Data(**{k: tensors[k] for k in ('x', 'edge_index') + EDGE_INPUTS if k in tensors})
    data = HeteroData()
    for t in graph_spec['node_types']:
        data[t].x = tensors[f'x.{t}']
    for et in graph_spec['edge_types']:
        data[tuple(et)].edge_index = tensors[f"edge_index.{'__'.join(et)}"]
    return data


def build_model(fixture, data):
    """(model, forward kwargs) for a case's model.json."""
    layers = fixture['layers']
    if isinstance(data, Data):
        return Sequential(layers), {k: data[k] for k in ('x', 'edge_index') + EDGE_INPUTS if data.get(k) is not None}
    if layers[0].get('built_with') == 'to_hetero':
        sizes = [next(iter(s['convs'].values()))['out_channels'] for s in layers if s['op'] == 'HeteroConv']
        model = to_hetero(Sage2(*sizes), data.metadata(), aggr=layers[0]['aggr'])
        with torch.no_grad():
            model(data.x_dict, data.edge_index_dict)  # materializes the lazy (-1) channels
        return model, {'x': data.x_dict, 'edge_index': data.edge_index_dict}
    return HeteroSequential(layers), {'x_dict': data.x_dict, 'edge_index_dict': data.edge_index_dict}
