"""What export_pyg accepts beyond the fixtures, and what it refuses, with the message a user sees:

    PYTHONPATH=/opt/pyg /usr/bin/python3 tools/check_export_pyg.py

Each accepted model is exported and checked by Weft's CLI (1e-4); each refused one must raise
ExportError. Exits 1 if any case does otherwise.
"""
import sys
import tempfile
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.data import Data, HeteroData
from torch_geometric.nn import MLP, BatchNorm, GINConv, GraphConv, HeteroConv, LayerNorm, SAGEConv, GCNConv
from torch_geometric.nn import Sequential as PygSequential
from torch_geometric.nn import to_hetero

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_pyg import ExportError, export  # noqa: E402


def homo_graph(edge_dim=0):
    g = torch.Generator().manual_seed(0)
    ei = torch.randint(0, 30, (2, 90), generator=g)
    data = Data(x=torch.randn(30, 8, generator=g), edge_index=ei[:, ei[1].argsort()])  # sorted: aggr='lstm' needs it
    if edge_dim:
        data.edge_attr = torch.randn(90, edge_dim, generator=g)
    return data


def hetero_graph():
    g = torch.Generator().manual_seed(0)
    data = HeteroData()
    data['account'].x, data['device'].x = torch.randn(30, 8, generator=g), torch.randn(10, 4, generator=g)
    ei = torch.stack([torch.randint(0, 30, (50,), generator=g), torch.randint(0, 10, (50,), generator=g)])
    data['account', 'uses', 'device'].edge_index = ei
    data['device', 'rev_uses', 'account'].edge_index = ei.flip(0)
    return data


class Convs(nn.Module):
    """conv1 -> relu -> conv2, with a body the cases below replace."""

    def __init__(self, conv1, conv2, body=None):
        super().__init__()
        self.conv1, self.conv2, self.body = conv1, conv2, body

    def forward(self, x, edge_index):
        return self.body(self, x, edge_index) if self.body else self.conv2(F.relu(self.conv1(x, edge_index)), edge_index)


def sage(aggr='mean'):
    return Convs(SAGEConv(8, 16, aggr=aggr), SAGEConv(16, 4))


class ModulesAndNorms(nn.Module):
    """Activation modules, PyG's BatchNorm wrapper, an in-place relu_ and a node-mode PyG LayerNorm."""

    def __init__(self):
        super().__init__()
        self.conv1, self.bn, self.act = GCNConv(8, 16), BatchNorm(16), nn.LeakyReLU(0.1)
        self.conv2, self.ln, self.drop = SAGEConv(16, 4), LayerNorm(4, mode='node'), nn.Dropout(0.3)

    def forward(self, x, edge_index):
        x = self.drop(self.act(self.bn(self.conv1(x, edge_index))))
        return self.ln(self.conv2(x, edge_index).relu_())


class EdgeMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin, self.conv = nn.Linear(3, 3), SAGEConv(8, 4)

    def forward(self, x, edge_index, edge_attr):
        return self.conv(x, edge_index) * self.lin(edge_attr).sum()


class HeteroCat(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = HeteroConv({('account', 'uses', 'device'): SAGEConv((8, 4), 4),
                                ('device', 'rev_uses', 'account'): SAGEConv((4, 8), 4)}, aggr='cat')

    def forward(self, x_dict, edge_index_dict):
        return self.conv(x_dict, edge_index_dict)


class DataForward(nn.Module):
    """forward(data), as many PyG examples write it."""

    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = SAGEConv(8, 16), SAGEConv(16, 4)

    def forward(self, data):
        return self.conv2(F.elu(self.conv1(data.x, data.edge_index)), data.edge_index)


class HandWrittenHetero(nn.Module):
    """Relations by hand, combined with +, the head on accounts only."""

    def __init__(self):
        super().__init__()
        self.uses, self.rev = SAGEConv((8, 4), 16), SAGEConv((4, 8), 16)
        self.self_loop = GCNConv(8, 16)
        self.head = nn.Linear(16, 1)

    def forward(self, x_dict, edge_index_dict):
        x, dev = x_dict['account'], x_dict['device']
        acc = self.rev((dev, x), edge_index_dict['device', 'rev_uses', 'account']) + \
            self.self_loop(x, edge_index_dict['account', 'pays', 'account'])
        return torch.sigmoid(self.head(acc.relu()))


def hetero_graph_with_loop():
    data = hetero_graph()
    data['account', 'pays', 'account'].edge_index = torch.randint(0, 30, (2, 40), generator=torch.Generator().manual_seed(1))
    return data


def trained_bn(model, data):
    """BatchNorm running statistics from a few training-mode passes, so eval differs from identity."""
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(data.x, data.edge_index)
    return model


def to_hetero_linear():
    base = Convs(SAGEConv((-1, -1), 16), SAGEConv((-1, -1), 4),
                 lambda m, x, ei: F.relu(m.conv2(F.relu(m.conv1(x, ei)), ei)))
    model = to_hetero(base, hetero_graph().metadata(), aggr='mean')
    with torch.no_grad():
        model(hetero_graph().x_dict, hetero_graph().edge_index_dict)
    return model


ACCEPTED = [
    ('modules, PyG BatchNorm and LayerNorm(node), relu_', lambda: trained_bn(ModulesAndNorms(), homo_graph()), homo_graph),
    ('torch_geometric.nn.Sequential', lambda: PygSequential('x, edge_index', [
        (SAGEConv(8, 16), 'x, edge_index -> x'), nn.ReLU(), (SAGEConv(16, 4), 'x, edge_index -> x')]), homo_graph),
    ("to_hetero with aggr='mean'", to_hetero_linear, hetero_graph),
    ('forward(data)', DataForward, homo_graph),
    ('a hand-written hetero forward (relations added with +, a head on accounts)', HandWrittenHetero, hetero_graph_with_loop),
]

REFUSED = [
    ("SAGEConv(aggr='lstm')", lambda: sage('lstm'), homo_graph),
    ('an unsupported conv (GraphConv)', lambda: Convs(GraphConv(8, 16), GraphConv(16, 4)), homo_graph),
    ('a residual connection', lambda: Convs(SAGEConv(8, 8), SAGEConv(8, 8),
                                            lambda m, x, ei: m.conv2(x + F.relu(m.conv1(x, ei)), ei)), homo_graph),
    ('jumping knowledge (torch.cat)', lambda: Convs(SAGEConv(8, 8), SAGEConv(8, 8),
                                                     lambda m, x, ei: torch.cat([m.conv1(x, ei), m.conv2(x, ei)], -1)), homo_graph),
    ('dropout with training=True baked in', lambda: Convs(SAGEConv(8, 8), SAGEConv(8, 4),
                                                           lambda m, x, ei: m.conv2(F.dropout(m.conv1(x, ei), 0.5), ei)), homo_graph),
    ("PyG LayerNorm in graph mode", lambda: Convs(SAGEConv(8, 8), LayerNorm(8),
                                                  lambda m, x, ei: m.conv2(m.conv1(x, ei))), homo_graph),
    ('GIN with a PyG MLP as nn', lambda: Convs(GINConv(MLP([8, 16, 4])), nn.Identity(),
                                               lambda m, x, ei: m.conv1(x, ei)), homo_graph),
    ('an edge_attr transform outside the convs', EdgeMlp, lambda: homo_graph(edge_dim=3)),
    ("HeteroConv(aggr='cat')", HeteroCat, hetero_graph),
]


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (what, make, graph) in enumerate(ACCEPTED):
            try:
                export(make(), f'{tmp}/ok{i}', graph(), name=f'ok{i}')
                print(f'accepted: {what}')
            except Exception as e:
                bad += 1
                print(f'NOT ACCEPTED: {what}: {type(e).__name__}: {e}')
        for i, (what, make, graph) in enumerate(REFUSED):
            try:
                export(make(), f'{tmp}/no{i}', graph(), name=f'no{i}')
                bad += 1
                print(f'NOT REFUSED: {what}')
            except ExportError as e:
                print(f'refused: {what}: {e}')
            except Exception as e:
                bad += 1
                print(f'NOT REFUSED CLEARLY: {what}: {type(e).__name__}: {e}')
    print(f'check_export_pyg: {len(ACCEPTED) + len(REFUSED) - bad} of {len(ACCEPTED) + len(REFUSED)} as expected')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
