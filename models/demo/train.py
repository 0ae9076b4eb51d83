"""Train the demo fraud model on models/demo/graph.safetensors and export it for Weft.

    PYTHONPATH=/opt/pyg /usr/bin/python3 models/demo/train.py

A 2-layer heterogeneous GraphSAGE (HeteroConv of SAGEConv, sum over relations) with a Linear
head and a sigmoid on accounts, trained full-batch on the train split, the epoch with the best
validation ROC-AUC kept. An MLP on each account's own features is trained the same way as the
baseline. Writes model.json, weights.safetensors (tools/export_pyg.py) and PyG's scores as
expected.safetensors (`out.account` [N, 1]).
"""
import sys
from pathlib import Path

import torch
import torch.nn.functional as F
from scipy.stats import rankdata
from torch import nn
from torch_geometric.data import HeteroData
from torch_geometric.nn import HeteroConv, Linear, SAGEConv

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / 'tools'))
from export_pyg import export  # noqa: E402
from weft_export import safetensors  # noqa: E402

SEED, HIDDEN, EPOCHS, LR, DROPOUT = 7, 32, 300, 0.01, 0.2
NODE_TYPES = ['account', 'device', 'card', 'merchant', 'ip']
PATTERNS = {1: 'ring', 2: 'burst', 3: 'lone'}


def load(graph_file: Path, labels_file: Path):
    t = safetensors.load(str(graph_file))
    data = HeteroData()
    for nt in NODE_TYPES:
        data[nt].x = t[f'x.{nt}']
    for name, edge_index in t.items():
        if name.startswith('edge_index.'):
            data[tuple(name[len('edge_index.'):].split('__'))].edge_index = edge_index
    return data, safetensors.load(str(labels_file))


class FraudSAGE(nn.Module):
    """conv1 on every relation, conv2 only on relations into accounts (the head reads accounts only)."""

    def __init__(self, data: HeteroData):
        super().__init__()
        dims = {nt: data[nt].num_features for nt in data.node_types}
        self.conv1 = HeteroConv({et: SAGEConv((dims[et[0]], dims[et[2]]), HIDDEN) for et in data.edge_types}, aggr='sum')
        self.conv2 = HeteroConv({et: SAGEConv(HIDDEN, HIDDEN) for et in data.edge_types if et[2] == 'account'}, aggr='sum')
        self.head = Linear(HIDDEN, 1)

    def logits(self, x_dict, edge_index_dict):
        x_dict = {t: F.dropout(F.relu(x), DROPOUT, self.training) for t, x in self.conv1(x_dict, edge_index_dict).items()}
        x = F.relu(self.conv2(x_dict, edge_index_dict)['account'])
        return self.head(x)

    def forward(self, x_dict, edge_index_dict):
        return torch.sigmoid(self.logits(x_dict, edge_index_dict))


class OwnFeaturesMLP(nn.Module):
    """The baseline: the same head on an account's own features alone."""

    def __init__(self, data: HeteroData):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(data['account'].num_features, HIDDEN), nn.ReLU(), nn.Dropout(DROPOUT),
                                 nn.Linear(HIDDEN, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 1))

    def logits(self, x_dict, edge_index_dict):
        return self.net(x_dict['account'])


def roc_auc(score: torch.Tensor, y: torch.Tensor) -> float:
    """Mann-Whitney U over average ranks (ties count half)."""
    ranks = torch.tensor(rankdata(score.numpy()))
    pos, neg = int(y.sum()), int((1 - y).sum())
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def fit(model: nn.Module, data: HeteroData, y: torch.Tensor, split: torch.Tensor) -> dict:
    """Full-batch Adam on the train split; returns the state of the best validation epoch."""
    train, val = split == 0, split == 1
    pos_weight = (1 - y[train]).sum() / y[train].sum()
    opt = torch.optim.Adam(model.parameters(), lr=LR, weight_decay=5e-4)
    best, best_state = -1.0, None
    for _ in range(EPOCHS):
        model.train()
        opt.zero_grad()
        logit = model.logits(data.x_dict, data.edge_index_dict).squeeze(-1)
        loss = F.binary_cross_entropy_with_logits(logit[train], y[train].float(), pos_weight=pos_weight)
        loss.backward()
        opt.step()
        model.eval()
        with torch.no_grad():
            auc = roc_auc(model.logits(data.x_dict, data.edge_index_dict).squeeze(-1)[val], y[val])
        if auc > best:
            best, best_state = auc, {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    model.eval()
    return best_state


def report(name: str, model: nn.Module, data: HeteroData, labels: dict) -> None:
    y, split, pattern = labels['y.account'], labels['split.account'], labels['pattern.account']
    with torch.no_grad():
        score = model.logits(data.x_dict, data.edge_index_dict).squeeze(-1)
    cols = [f'val {roc_auc(score[split == 1], y[split == 1]):.3f}', f'test {roc_auc(score[split == 2], y[split == 2]):.3f}']
    for p, pname in PATTERNS.items():
        keep = (split == 1) & ((pattern == 0) | (pattern == p))
        cols.append(f'{pname} vs honest (val) {roc_auc(score[keep], y[keep]):.3f}')
    print(f'{name:<24} ROC-AUC ' + ', '.join(cols))


def main():
    torch.set_num_threads(1)
    data, labels = load(HERE / 'graph.safetensors', HERE / 'graph.labels.safetensors')
    y, split = labels['y.account'], labels['split.account']
    torch.manual_seed(SEED)
    mlp = OwnFeaturesMLP(data)
    fit(mlp, data, y, split)
    torch.manual_seed(SEED)
    gnn = FraudSAGE(data)
    fit(gnn, data, y, split)
    report('MLP (own features)', mlp, data, labels)
    report('HeteroConv SAGE, 2 layers', gnn, data, labels)
    export(gnn, str(HERE), data, name='demo_fraud_sage')
    with torch.no_grad():
        scores = gnn(data.x_dict, data.edge_index_dict)
    safetensors.save({'out.account': scores}, str(HERE / 'expected.safetensors'),
                     {'generator': 'models/demo/train.py (PyG, eval, no_grad)'})


if __name__ == '__main__':
    main()
