"""Heterogeneous cases for tools/make_cases.py: mixed HeteroConv, edge attributes per relation, to_hetero."""
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.nn import GATConv, GATv2Conv, GCNConv, GINEConv, HeteroConv, SAGEConv, to_hetero

from case_io import Seq, random_edges, write_case


def account_graph(gen, widths=(10, 6, 5)):
    na, nd, nm = 150, 60, 40
    x = {'account': torch.randn(na, widths[0], generator=gen), 'device': torch.randn(nd, widths[1], generator=gen),
         'merchant': torch.randn(nm, widths[2], generator=gen)}
    et = {('account', 'uses', 'device'): random_edges(na, nd, 300, gen),
          ('device', 'rev_uses', 'account'): random_edges(nd, na, 300, gen, hub=3, hub_in=280),
          ('account', 'pays', 'merchant'): random_edges(na, nm, 400, gen),
          ('merchant', 'rev_pays', 'account'): random_edges(nm, na, 400, gen),
          ('account', 'sends', 'account'): random_edges(na, na, 300, gen, loops=4)}
    return x, et


def graph_tensors(x, et, attrs=None):
    t = {f'x.{k}': v for k, v in x.items()}
    t.update({f'edge_index.{"__".join(e)}': v for e, v in et.items()})
    t.update({f'edge_attr.{"__".join(e)}': v for e, v in (attrs or {}).items()})
    return t


def graph_spec(x, et):
    return {'node_types': list(x), 'edge_types': [list(e) for e in et]}


def hkey(layer, e):
    return f'{layer}.convs.<{"___".join(e)}>'


def mixed(root, gen, randomize):
    x, et = account_graph(gen)
    ets = list(et)
    conv1 = HeteroConv({
        ets[0]: GATConv((10, 6), 4, heads=2, add_self_loops=False),
        ets[1]: SAGEConv((6, 10), 8, aggr='max'),
        ets[2]: GATv2Conv((10, 5), 8, add_self_loops=False),
        ets[3]: SAGEConv((5, 10), 8),
        ets[4]: GCNConv(10, 8),
    }, aggr='mean')
    conv2 = HeteroConv({e: SAGEConv(8, 4) for e in et}, aggr='max')
    model = Seq([('conv1', conv1, 'hconv'), ('act1', F.relu, 'act'), ('conv2', conv2, 'hconv'),
                 ('head', nn.Linear(4, 1), 'head'), ('act2', torch.sigmoid, 'act')])
    randomize(model, gen)
    spec1 = {'account__uses__device': {'op': 'GATConv', 'key': hkey('conv1', ets[0]), 'in_channels': [10, 6], 'out_channels': 4, 'heads': 2, 'add_self_loops': False},
             'device__rev_uses__account': {'op': 'SAGEConv', 'key': hkey('conv1', ets[1]), 'in_channels': [6, 10], 'out_channels': 8, 'aggr': 'max'},
             'account__pays__merchant': {'op': 'GATv2Conv', 'key': hkey('conv1', ets[2]), 'in_channels': [10, 5], 'out_channels': 8, 'add_self_loops': False},
             'merchant__rev_pays__account': {'op': 'SAGEConv', 'key': hkey('conv1', ets[3]), 'in_channels': [5, 10], 'out_channels': 8},
             'account__sends__account': {'op': 'GCNConv', 'key': hkey('conv1', ets[4]), 'in_channels': 10, 'out_channels': 8}}
    spec2 = {'__'.join(e): {'op': 'SAGEConv', 'key': hkey('conv2', e), 'in_channels': 8, 'out_channels': 4} for e in ets}
    layers = [{'op': 'HeteroConv', 'key': 'conv1', 'aggr': 'mean', 'convs': spec1}, {'op': 'relu'},
              {'op': 'HeteroConv', 'key': 'conv2', 'aggr': 'max', 'convs': spec2},
              {'op': 'Linear', 'key': 'head', 'in_channels': 4, 'out_channels': 1, 'node_types': ['account']}, {'op': 'sigmoid'}]
    write_case(root, 'hetero_mixed', model, layers, graph_tensors(x, et), lambda m: m(x, {'edge_index_dict': et}), graph_spec(x, et))


def edge_features(root, gen, randomize):
    """Edge attributes per relation: GINEConv and GATConv(edge_dim) inside HeteroConv, aggr 'min'."""
    x, et = account_graph(gen, widths=(8, 8, 8))
    ets = list(et)
    attrs = {e: torch.randn(v.size(1), 3, generator=gen) for e, v in et.items()}
    gine = lambda: GINEConv(nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 6)), edge_dim=3, train_eps=True)
    convs = {ets[0]: gine(), ets[1]: GATConv((8, 8), 3, heads=2, edge_dim=3, add_self_loops=False),
             ets[2]: gine(), ets[3]: GATConv((8, 8), 6, edge_dim=3, add_self_loops=False),
             ets[4]: GATConv(8, 6, edge_dim=3, fill_value='mean')}
    model = Seq([('conv1', HeteroConv(convs, aggr='min'), 'hconv')])
    randomize(model, gen)

    def spec(e, m):
        k = hkey('conv1', e)
        if isinstance(m, GINEConv):
            return {'op': 'GINEConv', 'key': k, 'edge_dim': 3, 'nn': [
                {'op': 'Linear', 'key': f'{k}.nn.0', 'in_channels': 8, 'out_channels': 8}, {'op': 'relu'},
                {'op': 'Linear', 'key': f'{k}.nn.2', 'in_channels': 8, 'out_channels': 6}]}
        loops = e[0] == e[2]
        return {'op': 'GATConv', 'key': k, 'in_channels': 8 if loops else [8, 8], 'out_channels': m.out_channels, 'heads': m.heads,
                'edge_dim': 3, 'add_self_loops': loops, 'fill_value': 'mean'}
    layers = [{'op': 'HeteroConv', 'key': 'conv1', 'aggr': 'min', 'convs': {'__'.join(e): spec(e, m) for e, m in convs.items()}}]
    fwd = lambda m: m(x, {'edge_index_dict': et, 'edge_attr_dict': attrs})
    write_case(root, 'hetero_edge_attr', model, layers, graph_tensors(x, et, attrs), fwd, graph_spec(x, et))


class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = SAGEConv((-1, -1), 12)
        self.bn = nn.BatchNorm1d(12)
        self.conv2 = SAGEConv((-1, -1), 6, aggr='max')
        self.lin = nn.Linear(6, 2)

    def forward(self, x, edge_index):
        return self.lin(self.conv2(self.bn(self.conv1(x, edge_index)).relu(), edge_index).tanh())


def converted(root, gen, randomize):
    """to_hetero: convs keyed `<layer>.<src__rel__dst>`, dense layers copied per node type."""
    x, et = account_graph(gen)
    ets = [e for e in et if e[1] != 'sends']
    et = {e: et[e] for e in ets}
    model = to_hetero(Plain(), (list(x), ets), aggr='sum')
    with torch.no_grad():
        model(x, et)  # materialise the lazy (-1) channels
    randomize(model, gen)
    width = {t: v.size(1) for t, v in x.items()}
    conv = lambda layer, c_in, c_out, extra: {'op': 'HeteroConv', 'key': layer, 'aggr': 'sum', 'convs': {
        '__'.join(e): {'op': 'SAGEConv', 'key': f'{layer}.{"__".join(e)}', 'in_channels': [c_in(e[0]), c_in(e[2])], 'out_channels': c_out, **extra} for e in ets}}
    per_type = lambda op, key, **kw: {'op': op, 'keys': {t: f'{key}.{t}' for t in x}, **kw}
    layers = [conv('conv1', lambda t: width[t], 12, {}), per_type('BatchNorm', 'bn', in_channels=12), {'op': 'relu'},
              conv('conv2', lambda t: 12, 6, {'aggr': 'max'}), {'op': 'tanh'}, per_type('Linear', 'lin', in_channels=6, out_channels=2)]
    write_case(root, 'to_hetero_dense', model, layers, graph_tensors(x, et), lambda m: m(x, et), graph_spec(x, et))


def hetero_cases(root, gen, randomize):
    mixed(root, gen, randomize)
    edge_features(root, gen, randomize)
    converted(root, gen, randomize)
