"""Helpers for tools/make_cases.py: safetensors writing, random graphs with awkward structure, case folders."""
import inspect
import json
import os
import struct
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.nn import (GATConv, GATv2Conv, GCNConv, GINConv, GINEConv,
                                HeteroConv, RGCNConv, SAGEConv)

DTYPES = {torch.float32: 'F32', torch.int64: 'I64'}


def save_safetensors(path, tensors, meta):
    header, blobs, offset = {'__metadata__': meta}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        raw = t.numpy().tobytes()
        header[name] = {'dtype': DTYPES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header).encode()
    h += b' ' * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))


def random_edges(n_src, n_dst, e, gen, hub=None, hub_in=0, loops=0):
    """Uniform edges plus a hub with many in-edges, some self loops and duplicates."""
    src = torch.randint(0, n_src, (e,), generator=gen)
    dst = torch.randint(0, n_dst, (e,), generator=gen)
    parts_s, parts_d = [src], [dst]
    if hub is not None:
        parts_s.append(torch.randint(0, n_src, (hub_in,), generator=gen))
        parts_d.append(torch.full((hub_in,), hub))
    if loops:
        node = torch.randint(0, min(n_src, n_dst), (loops,), generator=gen)
        parts_s += [node, node[:2]]
        parts_d += [node, node[:2]]  # duplicated loops: PyG keeps the last one's weight
    s, d = torch.cat(parts_s), torch.cat(parts_d)
    s, d = torch.cat([s, s[:7]]), torch.cat([d, d[:7]])  # duplicate edges
    keep = d < n_dst - 3  # the last three targets have no in-edges
    return torch.stack([s[keep], d[keep]])


class Seq(nn.Module):
    """Runs a list of (module, kind) in order: 'conv' gets the graph, others a tensor (or a dict per type)."""

    def __init__(self, steps):
        super().__init__()
        self.names = [n for n, _, _ in steps]
        self.kinds = [k for _, _, k in steps]
        for n, m, _ in steps:
            if isinstance(m, nn.Module):
                self.add_module(n, m)
        self.fns = {n: m for n, m, _ in steps if not isinstance(m, nn.Module)}

    def forward(self, x, graph):
        for n, kind in zip(self.names, self.kinds):
            m = self.fns.get(n) or getattr(self, n)
            if kind == 'conv':
                accepted = inspect.signature(m.forward).parameters
                x = m(x, **{k: v for k, v in graph.items() if k in accepted})
            elif kind == 'hconv':
                x = m(x, **graph)
            elif kind == 'head':
                x = {'account': m(x['account'])}
            else:
                x = {k: m(v) for k, v in x.items()} if isinstance(x, dict) else m(x)
        return x


def homo_graph(gen, n, f, e, edge_dim=None, weights=False, types=None):
    ei = random_edges(n, n, e, gen, hub=n // 3, hub_in=300, loops=6)
    g = {'x': torch.randn(n, f, generator=gen), 'edge_index': ei}
    if edge_dim:
        g['edge_attr'] = torch.randn(ei.size(1), edge_dim, generator=gen)
    if weights:
        g['edge_weight'] = torch.rand(ei.size(1), generator=gen) * 2
    if types:
        g['edge_type'] = torch.randint(0, types, (ei.size(1),), generator=gen)
    return g


def write_case(root, name, model, spec_layers, graph_tensors, forward, graph_spec='homogeneous'):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    model.eval()
    with torch.no_grad():
        out = forward(model)
    outs = {'out': out} if not isinstance(out, dict) else {f'out.{k}': v for k, v in out.items()}
    meta = {'generator': 'tools/make_cases.py', 'torch_geometric': '2.5.3', 'case': name}
    sd = model.state_dict()
    save_safetensors(os.path.join(d, 'weights.safetensors'), dict(sd), meta)
    save_safetensors(os.path.join(d, 'graph.safetensors'), graph_tensors, meta)
    save_safetensors(os.path.join(d, 'expected.safetensors'), outs, meta)
    spec = {'format': 'weft-model/1', 'name': name, 'graph': graph_spec, 'layers': spec_layers,
            'output': sorted(outs),
            'state_dict': [{'key': k, 'shape': list(v.shape), 'dtype': DTYPES[v.dtype]} for k, v in sd.items()]}
    with open(os.path.join(d, 'model.json'), 'w') as f:
        json.dump(spec, f, indent=1)
    print(f'{name}: outputs {[(k, list(v.shape)) for k, v in outs.items()]}')
