"""Extra PyG reference cases for options the shared fixtures do not cover.

Each case is a folder in the fixtures' layout (model.json, weights.safetensors, graph.safetensors,
expected.safetensors), computed by real PyG 2.5.3 in eval mode. From the repo root:

    PYTHONPATH=/path/to/pyg-2.5.3 /usr/bin/python3 tools/make_cases.py test/cases
"""
import sys

import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.nn import GATConv, GATv2Conv, GCNConv, GINConv, GINEConv, RGCNConv, SAGEConv

from case_io import Seq, homo_graph, write_case
from make_hetero_cases import hetero_cases

ROOT = sys.argv[1] if len(sys.argv) > 1 else 'test/cases'
ACT = {'relu': F.relu, 'tanh': torch.tanh, 'sigmoid': torch.sigmoid}


def randomize(model, gen):
    """Non-trivial values everywhere (BatchNorm stats, eps, biases): defaults of 0 and 1 hide bugs."""
    with torch.no_grad():
        for name, p in list(model.named_parameters()) + list(model.named_buffers()):
            if p.dtype != torch.float32:
                continue
            if name.endswith('running_var'):
                p.copy_(torch.rand(p.shape, generator=gen) + 0.5)
            else:
                p.copy_(torch.randn(p.shape, generator=gen) * 0.4)


def homo(name, steps, specs, graph, gen):
    model = Seq(steps)
    randomize(model, gen)
    kw = {k: v for k, v in graph.items() if k not in ('x',)}
    write_case(ROOT, name, model, specs, graph, lambda m: m(graph['x'], kw))


def main():
    gen = torch.Generator().manual_seed(7)
    g = homo_graph(gen, 200, 12, 700, edge_dim=4)
    homo('gat_variants', [
        ('conv1', GATConv(12, 8, heads=3, concat=False, negative_slope=0.1, edge_dim=4, fill_value='add'), 'conv'),
        ('act1', lambda x: F.leaky_relu(x, 0.05), 'act'),
        ('conv2', GATConv(8, 5, heads=2, edge_dim=4, fill_value='max'), 'conv'),
        ('act2', F.gelu, 'act'),
        ('conv3', GATConv(10, 4, heads=2, edge_dim=4, fill_value=0.5, concat=False), 'conv'),
    ], [
        {'op': 'GATConv', 'key': 'conv1', 'in_channels': 12, 'out_channels': 8, 'heads': 3, 'concat': False, 'negative_slope': 0.1, 'add_self_loops': True, 'edge_dim': 4, 'fill_value': 'add', 'bias': True},
        {'op': 'leaky_relu', 'negative_slope': 0.05},
        {'op': 'GATConv', 'key': 'conv2', 'in_channels': 8, 'out_channels': 5, 'heads': 2, 'concat': True, 'edge_dim': 4, 'fill_value': 'max'},
        {'op': 'gelu', 'approximate': 'none'},
        {'op': 'GATConv', 'key': 'conv3', 'in_channels': 10, 'out_channels': 4, 'heads': 2, 'concat': False, 'edge_dim': 4, 'fill_value': 0.5},
    ], g, gen)

    g = homo_graph(gen, 180, 10, 600, edge_dim=6)
    homo('gatv2_edge_shared', [
        ('conv1', GATv2Conv(10, 6, heads=2, edge_dim=6, share_weights=True, negative_slope=0.3), 'conv'),
        ('act1', lambda x: F.elu(x, 0.5), 'act'),
        ('conv2', GATv2Conv(12, 4, heads=3, concat=False, edge_dim=6, add_self_loops=False, bias=False), 'conv'),
    ], [
        {'op': 'GATv2Conv', 'key': 'conv1', 'in_channels': 10, 'out_channels': 6, 'heads': 2, 'edge_dim': 6, 'share_weights': True, 'negative_slope': 0.3},
        {'op': 'elu', 'alpha': 0.5},
        {'op': 'GATv2Conv', 'key': 'conv2', 'in_channels': 12, 'out_channels': 4, 'heads': 3, 'concat': False, 'edge_dim': 6, 'add_self_loops': False, 'bias': False},
    ], g, gen)

    g = homo_graph(gen, 220, 9, 800, weights=True)
    homo('gcn_variants', [
        ('conv1', GCNConv(9, 16, improved=True), 'conv'),
        ('act1', torch.tanh, 'act'),
        ('conv2', GCNConv(16, 8, normalize=False), 'conv'),
        ('act2', torch.sigmoid, 'act'),
        ('conv3', GCNConv(8, 4, add_self_loops=False, bias=False), 'conv'),
    ], [
        {'op': 'GCNConv', 'key': 'conv1', 'in_channels': 9, 'out_channels': 16, 'improved': True, 'uses_edge_weight': True},
        {'op': 'tanh'},
        {'op': 'GCNConv', 'key': 'conv2', 'in_channels': 16, 'out_channels': 8, 'normalize': False, 'uses_edge_weight': True},
        {'op': 'sigmoid'},
        {'op': 'GCNConv', 'key': 'conv3', 'in_channels': 8, 'out_channels': 4, 'add_self_loops': False, 'bias': False, 'uses_edge_weight': True},
    ], g, gen)

    g = homo_graph(gen, 200, 14, 700)
    homo('sage_variants', [
        ('conv1', SAGEConv(14, 16, aggr='sum', root_weight=False, bias=False, normalize=True), 'conv'),
        ('act1', lambda x: F.gelu(x, approximate='tanh'), 'act'),
        ('ln', nn.LayerNorm(16, elementwise_affine=False), 'act'),
        ('conv2', SAGEConv(16, 8, aggr='max', project=True), 'conv'),
        ('bn', nn.BatchNorm1d(8), 'act'),
        ('lin', nn.Linear(8, 3), 'act'),
    ], [
        {'op': 'SAGEConv', 'key': 'conv1', 'in_channels': 14, 'out_channels': 16, 'aggr': 'sum', 'root_weight': False, 'bias': False, 'normalize': True},
        {'op': 'gelu', 'approximate': 'tanh'},
        {'op': 'LayerNorm', 'key': 'ln', 'in_channels': 16, 'affine': False, 'mode': 'node'},
        {'op': 'SAGEConv', 'key': 'conv2', 'in_channels': 16, 'out_channels': 8, 'aggr': 'max', 'project': True},
        {'op': 'BatchNorm', 'key': 'bn', 'in_channels': 8},
        {'op': 'Linear', 'key': 'lin', 'in_channels': 8, 'out_channels': 3},
    ], g, gen)

    g = homo_graph(gen, 200, 8, 700, types=4)
    homo('rgcn_blocks', [
        ('conv1', RGCNConv(8, 12, num_relations=4, num_blocks=2, aggr='add', root_weight=False), 'conv'),
        ('act1', F.relu, 'act'),
        ('conv2', RGCNConv(12, 6, num_relations=4, aggr='max'), 'conv'),
    ], [
        {'op': 'RGCNConv', 'key': 'conv1', 'in_channels': 8, 'out_channels': 12, 'num_relations': 4, 'num_blocks': 2, 'aggr': 'add', 'root_weight': False},
        {'op': 'relu'},
        {'op': 'RGCNConv', 'key': 'conv2', 'in_channels': 12, 'out_channels': 6, 'num_relations': 4, 'aggr': 'max'},
    ], g, gen)

    g = homo_graph(gen, 200, 10, 700, edge_dim=10)
    homo('gin_variants', [
        ('conv1', GINConv(nn.Sequential(nn.Linear(10, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 10)), eps=0.3), 'conv'),
        ('act1', F.relu, 'act'),
        ('conv2', GINEConv(nn.Sequential(nn.Linear(10, 6), nn.Tanh()), train_eps=True), 'conv'),
    ], [
        {'op': 'GINConv', 'key': 'conv1', 'train_eps': False, 'nn': [
            {'op': 'Linear', 'key': 'conv1.nn.0', 'in_channels': 10, 'out_channels': 16},
            {'op': 'BatchNorm', 'key': 'conv1.nn.1', 'in_channels': 16},
            {'op': 'relu'},
            {'op': 'Linear', 'key': 'conv1.nn.3', 'in_channels': 16, 'out_channels': 10}]},
        {'op': 'relu'},
        {'op': 'GINEConv', 'key': 'conv2', 'train_eps': True, 'edge_dim': None, 'nn': [
            {'op': 'Linear', 'key': 'conv2.nn.0', 'in_channels': 10, 'out_channels': 6}, {'op': 'tanh'}]},
    ], g, gen)

    hetero_cases(ROOT, gen, randomize)


if __name__ == '__main__':
    main()
