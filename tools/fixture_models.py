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
    'leaky_relu': lambda x, s: F.leaky_relu(x, s.get('negative_slope', 0.01)),
    'gelu': lambda x, s: F.gelu(x, approximate=s.get('approximate', 'none')),
    'tanh': lambda x, s: torch.tanh(x),
    'sigmoid': lambda x, s: torch.sigmoid(x),
}
MODULES = {'relu': nn.ReLU, 'tanh': nn.Tanh, 'sigmoid': nn.Sigmoid}
EDGE_INPUTS = ('edge_attr', 'edge_weight', 'edge_type')


def channels(v):
    return tuple(v) if isinstance(v, list) else v


def conv(spec):
    """A PyG conv from its spec; absent fields take PyG's defaults (test/cases write only what differs)."""
    op, c = spec['op'], spec.get
    if op == 'GCNConv':
        return GCNConv(spec['in_channels'], spec['out_channels'], improved=c('improved', False), cached=c('cached', False),
                       add_self_loops=c('add_self_loops'), normalize=c('normalize', True), bias=c('bias', True))
    if op == 'SAGEConv':
        return SAGEConv(channels(spec['in_channels']), spec['out_channels'], aggr=c('aggr', 'mean'),
                        normalize=c('normalize', False), root_weight=c('root_weight', True), project=c('project', False),
                        bias=c('bias', True))
    if op in ('GATConv', 'GATv2Conv'):
        cls, extra = (GATConv, {}) if op == 'GATConv' else (GATv2Conv, {'share_weights': c('share_weights', False)})
        return cls(channels(spec['in_channels']), spec['out_channels'], heads=c('heads', 1), concat=c('concat', True),
                   negative_slope=c('negative_slope', 0.2), dropout=c('dropout', 0.0), add_self_loops=c('add_self_loops', True),
                   edge_dim=c('edge_dim'), fill_value=c('fill_value', 'mean'), bias=c('bias', True), **extra)
    if op in ('GINConv', 'GINEConv'):
        mlp = nn.Sequential(*[dense(s) if 'key' in s else MODULES[s['op']]() for s in spec['nn']])
        if op == 'GINConv':
            return GINConv(mlp, eps=c('eps_init', 0.0), train_eps=c('train_eps', False))
        return GINEConv(mlp, eps=c('eps_init', 0.0), train_eps=c('train_eps', False), edge_dim=c('edge_dim'))
    if op == 'RGCNConv':
        return RGCNConv(spec['in_channels'], spec['out_channels'], spec['num_relations'], num_bases=c('num_bases'),
                        num_blocks=c('num_blocks'), aggr=c('aggr', 'mean'), root_weight=c('root_weight', True), bias=c('bias', True))
    raise ValueError(f'no PyG rebuild for op {op!r}')


def dense(spec):
    c = spec.get
    if spec['op'] == 'Linear':
        return PygLinear(spec['in_channels'], spec['out_channels'], bias=c('bias', True))
    if spec['op'] == 'BatchNorm':
        return nn.BatchNorm1d(spec['in_channels'], eps=c('eps', 1e-5), affine=c('affine', True))
    return nn.LayerNorm(spec['in_channels'], eps=c('eps', 1e-5), elementwise_affine=c('affine', True))


def run_conv(m, spec, x, edge_index, edge_attr, edge_weight, edge_type):
    if isinstance(m, GCNConv) and spec.get('uses_edge_weight'):
        return m(x, edge_index, edge_weight)
    if isinstance(m, GINEConv) or isinstance(m, (GATConv, GATv2Conv)) and spec.get('edge_dim'):
        return m(x, edge_index, edge_attr)
    if isinstance(m, RGCNConv):
        return m(x, edge_index, edge_type)
    return m(x, edge_index)


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
            elif spec['op'].endswith('Conv'):
                x = run_conv(getattr(self, spec['key']), spec, x, edge_index, edge_attr, edge_weight, edge_type)
            else:
                x = getattr(self, spec['key'])(x)
        return x


class HeteroSequential(nn.Module):
    """HeteroConv layers; activations on every node type by a dict comprehension; a head on its node types."""

    def __init__(self, layers):
        super().__init__()
        self.steps = []
        for spec in layers:
            if spec['op'] == 'HeteroConv':
                convs = {tuple(et.split('__')): conv(c) for et, c in spec['convs'].items()}
                self.add_module(spec['key'], HeteroConv(convs, aggr=spec['aggr']))
            elif 'key' in spec:
                self.add_module(spec['key'], dense(spec))
            self.steps.append(spec)

    def forward(self, x_dict, edge_index_dict, edge_attr_dict=None):
        for spec in self.steps:
            if spec['op'] == 'HeteroConv':
                extra = {'edge_attr_dict': edge_attr_dict} if edge_attr_dict else {}
                x_dict = getattr(self, spec['key'])(x_dict, edge_index_dict, **extra)
            elif spec['op'] in ACTIVATIONS:
                x_dict = {t: ACTIVATIONS[spec['op']](x, spec) for t, x in x_dict.items()}
            else:
                x_dict = {t: getattr(self, spec['key'])(x_dict[t]) for t in spec['node_types']}
        return x_dict


class ToHeteroBase(nn.Module):
    """The homogeneous model that to_hetero copies per relation and node type (lazy channels)."""

    def __init__(self, layers):
        super().__init__()
        self.steps = layers
        for spec in layers:
            if 'key' in spec:
                self.add_module(spec['key'], conv(spec) if spec['op'].endswith('Conv') else dense(spec))

    def forward(self, x, edge_index):
        for spec in self.steps:
            if spec['op'] in ACTIVATIONS:
                x = ACTIVATIONS[spec['op']](x, spec)
            else:
                m = getattr(self, spec['key'])
                x = m(x, edge_index) if spec['op'].endswith('Conv') else m(x)
        return x


def homogeneous_twin(layers):
    """to_hetero's input: each HeteroConv as its first conv with lazy channels, per-type copies as one layer."""
    out = []
    for spec in layers:
        if spec['op'] == 'HeteroConv':
            first = next(iter(spec['convs'].values()))
            out.append({**first, 'key': spec['key'], 'in_channels': [-1, -1]})
        elif 'keys' in spec:
            prefix = next(iter(spec['keys'].values())).rsplit('.', 1)[0]
            out.append({**{k: v for k, v in spec.items() if k != 'keys'}, 'key': prefix})
        else:
            out.append(spec)
    return out


def load_graph(tensors, graph_spec):
    """graph.safetensors as Data / HeteroData, node and edge types in the order model.json lists them."""
    if 'x' in tensors:
        return Data(**{k: tensors[k] for k in ('x', 'edge_index') + EDGE_INPUTS if k in tensors})
    data = HeteroData()
    for t in graph_spec['node_types']:
        data[t].x = tensors[f'x.{t}']
    for et in graph_spec['edge_types']:
        for kind in ('edge_index',) + EDGE_INPUTS:
            if f"{kind}.{'__'.join(et)}" in tensors:
                data[tuple(et)][kind] = tensors[f"{kind}.{'__'.join(et)}"]
    return data


def build_model(fixture, data):
    """(model, forward kwargs) for a case's model.json."""
    layers = fixture['layers']
    if isinstance(data, Data):
        return Sequential(layers), {k: data[k] for k in ('x', 'edge_index') + EDGE_INPUTS if data.get(k) is not None}
    hetero_convs = [s for s in layers if s['op'] == 'HeteroConv']
    if '.convs.' not in next(iter(hetero_convs[0]['convs'].values()))['key']:
        model = to_hetero(ToHeteroBase(homogeneous_twin(layers)), data.metadata(), aggr=hetero_convs[0]['aggr'])
        with torch.no_grad():
            model(data.x_dict, data.edge_index_dict)  # materializes the lazy (-1) channels
        return model, {'x': data.x_dict, 'edge_index': data.edge_index_dict}
    kwargs = {'x_dict': data.x_dict, 'edge_index_dict': data.edge_index_dict}
    edge_attr = {et: data[et].edge_attr for et in data.edge_types if 'edge_attr' in data[et]}
    return HeteroSequential(layers), {**kwargs, **({'edge_attr_dict': edge_attr} if edge_attr else {})}
