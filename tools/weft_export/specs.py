"""weft-model/1 layer specs from live PyG / torch modules and functions.

Every constructor argument that changes the math is written; an option Weft cannot run raises
ExportError naming the module, the option and its value.
"""
from torch import nn

from torch_geometric.nn import HeteroConv, MessagePassing
from torch_geometric.nn import BatchNorm as PygBatchNorm
from torch_geometric.nn import LayerNorm as PygLayerNorm
from torch_geometric.nn import Linear as PygLinear
from torch_geometric.nn.conv import (GATConv, GATv2Conv, GCNConv, GINConv, GINEConv, RGCNConv, SAGEConv)


class ExportError(Exception):
    """The model cannot be written as weft-model/1; the message says which module and why."""


CONVS = (GCNConv, SAGEConv, GATConv, GATv2Conv, GINEConv, GINConv, RGCNConv)
DENSE = (nn.Linear, PygLinear, nn.BatchNorm1d, PygBatchNorm, nn.LayerNorm, PygLayerNorm)
ACTIVATIONS = (nn.ReLU, nn.ELU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh, nn.GELU)
NO_OPS = (nn.Dropout, nn.Identity)


def is_leaf(module) -> bool:
    """Recorded as one call: Weft has a layer for it (or it is unsupported message passing, refused by name)."""
    return isinstance(module, (MessagePassing, HeteroConv) + DENSE + ACTIVATIONS + NO_OPS)


def describe(module, key: str) -> str:
    return f"module '{key}' ({type(module).__name__})"


def materialized(module, value):
    """Lazy (-1) in_channels as the weights got them on the first forward (PyG keeps the -1 in the conv)."""
    lin = {GCNConv: ('lin', 'lin'), SAGEConv: ('lin_l', 'lin_r'), GATv2Conv: ('lin_l', 'lin_r')}.get(type(module))
    if isinstance(module, GATConv):
        lin = ('lin', 'lin') if module.lin is not None else ('lin_src', 'lin_dst')
    if lin is None:
        return value
    src, dst = (getattr(module, n, None) for n in lin)
    sizes = [getattr(src, 'in_channels', -1), getattr(dst if dst is not None else src, 'in_channels', -1)]
    if isinstance(module, SAGEConv) and module.project:
        sizes[0] = module.lin.in_channels
    given = list(value) if isinstance(value, (tuple, list)) else [value]
    resolved = [s if v is None or v < 1 else v for v, s in zip(given, sizes)]
    return tuple(resolved) if isinstance(value, (tuple, list)) else resolved[0]


def channels(module, key: str, value):
    """in_channels as weft-model/1 takes it: an int or [src, dst]; lazy (-1) cannot be exported."""
    if isinstance(module, MessagePassing):
        value = materialized(module, value)
    vals = list(value) if isinstance(value, (tuple, list)) else [value]
    if any(v is None or v < 1 for v in vals):
        raise ExportError(f'{describe(module, key)}: in_channels={value!r} is lazy; run the model once before exporting')
    return vals if len(vals) == 2 else vals[0]


def aggr_name(module, key: str, allowed) -> str:
    aggr = module.aggr
    if not isinstance(aggr, str) or aggr not in allowed:
        raise ExportError(f"{describe(module, key)}: aggr={aggr!r} is not supported (Weft: {', '.join(allowed)})")
    return aggr


def conv_spec(module, key: str, extras: dict) -> dict:
    """One conv. `extras` holds the optional forward inputs it was called with (edge_weight, edge_attr, edge_type)."""
    if not isinstance(module, CONVS):
        raise ExportError(f"{describe(module, key)}: message passing layer {type(module).__name__} is not supported "
                          f"(Weft: {', '.join(c.__name__ for c in CONVS)})")
    if module.flow != 'source_to_target':
        raise ExportError(f"{describe(module, key)}: flow={module.flow!r} is not supported (Weft: 'source_to_target')")
    spec = {'op': type(module).__name__, 'key': key}
    if isinstance(module, GCNConv):
        spec.update(in_channels=channels(module, key, module.in_channels), out_channels=module.out_channels,
                    improved=module.improved, cached=module.cached, add_self_loops=module.add_self_loops,
                    normalize=module.normalize, bias=module.bias is not None, aggr=aggr_name(module, key, ['add']),
                    uses_edge_weight='edge_weight' in extras)
    elif isinstance(module, SAGEConv):
        spec.update(in_channels=channels(module, key, module.in_channels), out_channels=module.out_channels,
                    aggr=aggr_name(module, key, ['mean', 'max', 'sum', 'add']), normalize=module.normalize,
                    root_weight=module.root_weight, project=module.project, bias=module.lin_l.bias is not None)
    elif isinstance(module, (GATConv, GATv2Conv)):
        if not isinstance(module.fill_value, (str, int, float)):
            raise ExportError(f'{describe(module, key)}: fill_value={module.fill_value!r} is not supported (a number or mean/add/max)')
        spec.update(in_channels=channels(module, key, module.in_channels), out_channels=module.out_channels,
                    heads=module.heads, concat=module.concat, negative_slope=module.negative_slope,
                    dropout=module.dropout, add_self_loops=module.add_self_loops, edge_dim=module.edge_dim,
                    fill_value=module.fill_value, bias=module.bias is not None)
        if isinstance(module, GATv2Conv):
            spec['share_weights'] = module.share_weights
    elif isinstance(module, (GINConv, GINEConv)):
        spec.update(eps_init=module.initial_eps, train_eps=isinstance(module.eps, nn.Parameter), eps_key=f'{key}.eps',
                    aggr=aggr_name(module, key, ['add', 'sum']))
        if isinstance(module, GINEConv):
            spec['edge_dim'] = module.lin.in_channels if module.lin is not None else None
            if module.lin is not None:
                spec['edge_lin_key'] = f'{key}.lin'
        spec['nn'] = nn_specs(module.nn, f'{key}.nn', key)
    else:
        spec.update(in_channels=channels(module, key, module.in_channels), out_channels=module.out_channels,
                    num_relations=module.num_relations, num_bases=module.num_bases, num_blocks=module.num_blocks,
                    aggr=aggr_name(module, key, ['mean', 'add', 'sum', 'max']), root_weight=module.root is not None,
                    bias=module.bias is not None)
    return spec


def nn_specs(module, key: str, owner: str) -> list:
    """GIN's `nn`: a Sequential of Linear, norms, activations and dropout, or one Linear."""
    children = list(module.named_children()) if isinstance(module, nn.Sequential) else [(None, module)]
    out = []
    for name, child in children:
        ckey = key if name is None else f'{key}.{name}'
        if not isinstance(child, DENSE + ACTIVATIONS + NO_OPS):
            raise ExportError(f"module '{owner}': its nn holds {describe(child, ckey)}; Weft reads GIN's nn as a "
                              'torch.nn.Sequential of Linear, BatchNorm1d, LayerNorm, activations and dropout')
        out += dense_specs(child, ckey)
    return out


def dense_specs(module, key: str) -> list:
    """A per-node module as weft-model/1 layers: one spec, or none for dropout and Identity (no-ops in eval)."""
    if isinstance(module, NO_OPS):
        return []
    if isinstance(module, nn.Linear):
        return [{'op': 'Linear', 'key': key, 'in_channels': module.in_features, 'out_channels': module.out_features,
                 'bias': module.bias is not None}]
    if isinstance(module, PygLinear):
        return [{'op': 'Linear', 'key': key, 'in_channels': channels(module, key, module.in_channels),
                 'out_channels': module.out_channels, 'bias': module.bias is not None}]
    if isinstance(module, (nn.BatchNorm1d, PygBatchNorm)):
        bn, bkey = (module.module, f'{key}.module') if isinstance(module, PygBatchNorm) else (module, key)
        if not bn.track_running_stats:
            raise ExportError(f'{describe(module, key)}: track_running_stats=False normalizes with batch statistics; '
                              'Weft runs BatchNorm in eval mode, on running statistics')
        return [{'op': 'BatchNorm', 'key': bkey, 'impl': f'{type(module).__module__}.{type(module).__name__}',
                 'in_channels': bn.num_features, 'eps': bn.eps, 'affine': bn.affine, 'track_running_stats': True}]
    if isinstance(module, nn.LayerNorm):
        if len(module.normalized_shape) != 1:
            raise ExportError(f'{describe(module, key)}: normalized_shape={tuple(module.normalized_shape)}; Weft normalizes over the last dimension only')
        return [{'op': 'LayerNorm', 'key': key, 'impl': 'torch.nn.LayerNorm', 'in_channels': module.normalized_shape[0],
                 'eps': module.eps, 'affine': module.elementwise_affine, 'mode': 'node'}]
    if isinstance(module, PygLayerNorm):
        if module.mode != 'node':
            raise ExportError(f"{describe(module, key)}: mode={module.mode!r} normalizes over the whole graph; "
                              "Weft supports mode='node' (or torch.nn.LayerNorm)")
        return [{'op': 'LayerNorm', 'key': key, 'impl': 'torch_geometric.nn.LayerNorm', 'in_channels': module.in_channels,
                 'eps': module.eps, 'affine': module.affine, 'mode': 'node'}]
    return [activation_spec(module)]


def activation_spec(module) -> dict:
    if isinstance(module, nn.ELU):
        return {'op': 'elu', 'alpha': module.alpha}
    if isinstance(module, nn.LeakyReLU):
        return {'op': 'leaky_relu', 'negative_slope': module.negative_slope}
    if isinstance(module, nn.GELU):
        return {'op': 'gelu', 'approximate': module.approximate}
    return {'op': {nn.ReLU: 'relu', nn.Sigmoid: 'sigmoid', nn.Tanh: 'tanh'}[type(module)]}


def arg(args, kwargs, i: int, name: str, default):
    return args[i] if len(args) > i else kwargs.get(name, default)


# torch functions that act on each node's features alone, by __name__ (torch.relu, F.relu, Tensor.relu alike).
FUNCTIONS = {
    'relu': lambda a, k: {'op': 'relu'},
    'elu': lambda a, k: {'op': 'elu', 'alpha': float(arg(a, k, 1, 'alpha', 1.0))},
    'leaky_relu': lambda a, k: {'op': 'leaky_relu', 'negative_slope': float(arg(a, k, 1, 'negative_slope', 0.01))},
    'sigmoid': lambda a, k: {'op': 'sigmoid'},
    'tanh': lambda a, k: {'op': 'tanh'},
    'gelu': lambda a, k: {'op': 'gelu', 'approximate': arg(a, k, 1, 'approximate', 'none')},
}


def function_specs(func, args, kwargs, where: str):
    """Layers for a per-node torch function, [] for a no-op, or None when it is not one."""
    name = getattr(func, '__name__', '').rstrip('_')
    if name in ('dropout', 'alpha_dropout', 'feature_alpha_dropout'):
        p, training = arg(args, kwargs, 1, 'p', 0.5), arg(args, kwargs, 2, 'training', True)
        if training and p > 0:
            raise ExportError(f'{where}: {name}(p={p}, training=True) drops features even in eval mode, so PyG\'s own '
                              'output is random; pass training=self.training (to_hetero bakes the value in: use torch.nn.Dropout)')
        return []
    if name in FUNCTIONS:
        return [FUNCTIONS[name](args, kwargs)]
    return None
