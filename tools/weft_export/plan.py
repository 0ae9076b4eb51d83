"""Recorded calls -> the sequential layer list of weft-model/1.

Only calls whose output reaches the model's output are kept (so unused heads and node types
that nothing reads are dropped). A weft-model/1 plan is a chain: every layer reads the previous
layer's output. In a heterogeneous model, the state is one value per node type; convs on
relations are collected into a message-passing stage until something other than combining their
outputs (+, torch.add, /n, torch.max/min: how to_hetero and hand-written forwards group
relations) reads them; per-node ops between stages must be the same for every node type still
in use. Anything else (a residual `x + h`, a value from two layers back, torch.cat) is refused.
"""
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from torch_geometric.nn import HeteroConv, MessagePassing

from .specs import ExportError, conv_spec, dense_specs, describe, function_specs
from .trace import Call, Value, tensors_in, value_of

COMBINE = {'add': 'sum', '__add__': 'sum', '__radd__': 'sum', '__iadd__': 'sum', 'div': 'mean', '__truediv__': 'mean',
           'max': 'max', 'maximum': 'max', 'min': 'min', 'minimum': 'min'}
EXTRA_ARGS = {'GCNConv': 'edge_weight', 'GATConv': 'edge_attr', 'GATv2Conv': 'edge_attr', 'GINEConv': 'edge_attr',
              'RGCNConv': 'edge_type'}


@dataclass
class Partial:
    """One relation's conv output, or several combined, for node type `dst`, inside the open stage."""
    dst: str
    members: frozenset
    aggr: Optional[str]


@dataclass
class Stage:
    convs: Dict[str, dict] = field(default_factory=dict)
    partials: Dict[Value, Partial] = field(default_factory=dict)


def stage_label(convs: Dict[str, dict]) -> str:
    """A HeteroConv's informational key: its convs' common module prefix (to_hetero: 'conv1'), else their keys."""
    parts = [spec['key'].split('.') for spec in convs.values()]
    common = os.path.commonprefix(parts) if len(parts) > 1 else parts[0]
    return '.'.join(common) or '+'.join(spec['key'] for spec in convs.values())


def live_calls(calls: List[Call], outputs: List[Value]) -> List[Call]:
    live, kept = set(outputs), []
    for c in reversed(calls):
        if live.intersection(c.outputs):
            kept.append(c)
            live.update(c.inputs)
    return kept[::-1]


class Planner:
    def __init__(self, graph, names, calls, out_values):
        self.graph, self.names = graph, names
        self.live = set(out_values)
        self.calls = live_calls(calls, out_values)
        for c in self.calls:
            self.live.update(c.inputs)
        self.state: Dict[str, Value] = {t: value_of(x) for t, x in graph.x.items()}
        self.chains: Dict[str, List[dict]] = {}
        self.stage: Optional[Stage] = None
        self.layers: List[dict] = []

    def run(self) -> List[dict]:
        for c in self.calls:
            self.step(c)
        self.close_stage()
        self.flush_chains()
        return self.layers

    def step(self, c: Call):
        if c.kind == 'module' and isinstance(c.target, HeteroConv):
            self.hetero_conv(c)
        elif c.kind == 'module' and isinstance(c.target, MessagePassing):
            self.conv(c)
        elif c.kind == 'function' and self.combines(c):
            return
        else:
            self.per_node(c)

    def node_type(self, v: Value, where: str) -> str:
        """The node type whose current value is v; closes the open stage first when v comes out of it."""
        if self.stage and v in self.stage.partials:
            self.close_stage()
        for t, cur in self.state.items():
            if cur == v:
                return t
        role = self.graph.roles.get(v)
        if role and role[0] != 'x':
            raise ExportError(f'{where} transforms {role[0]} of {role[1]}; Weft reads graph inputs only through the convs')
        raise ExportError(f'{where} reads a value that is not the previous layer\'s output (a residual or skip connection, '
                          'or node features from before the last conv); weft-model/1 runs layers in sequence')

    def conv(self, c: Call):
        m, key = c.target, self.names[id(c.target)]
        where = describe(m, key)
        x = c.args[0] if c.args else c.kwargs.get('x')
        edge_index = c.args[1] if len(c.args) > 1 else c.kwargs.get('edge_index')
        xs, xd = x if isinstance(x, (tuple, list)) else (x, x)
        if xs is None or xd is None:
            raise ExportError(f'{where}: called with a None feature matrix; Weft passes both source and target features')
        role = self.graph.roles.get(c.value_in(edge_index))
        if not role or role[0] != 'edge_index':
            raise ExportError(f"{where}: edge_index is not one of example_data's edge_index tensors")
        et = role[1]
        if self.chains and not self.stage:
            self.flush_chains()
        src, dst = self.node_type(c.value_in(xs), where), self.node_type(c.value_in(xd), where)
        if (src, dst) != (et.split('__')[0], et.split('__')[2]):
            raise ExportError(f"{where}: runs relation '{et}' on ({src}, {dst}) features")
        if self.stage is None:
            self.stage = Stage()
        if et in self.stage.convs:
            raise ExportError(f"{where}: reads the same features as module '{self.stage.convs[et]['key']}' on relation '{et}' "
                              '(parallel branches, as in jumping knowledge); weft-model/1 runs each layer on the previous output')
        extras = self.extras(c, where, et)
        spec = conv_spec(m, key, extras)
        if spec.get('edge_dim') and 'edge_attr' not in extras and ('edge_attr', et) in self.graph.roles.values():
            raise ExportError(f"{where}: has edge_dim but is called without edge_attr; Weft uses '{et}''s edge_attr whenever the graph has it")
        self.stage.convs[et] = spec
        self.stage.partials[c.value_out(c.out)] = Partial(dst, frozenset([et]), None)

    def extras(self, c: Call, where: str, et: str) -> dict:
        name = EXTRA_ARGS.get(type(c.target).__name__)
        if name is None:
            return {}
        value = c.args[2] if len(c.args) > 2 else c.kwargs.get(name)
        if value is None:
            return {}
        role = self.graph.roles.get(c.value_in(value))
        if role != (name, et):
            raise ExportError(f"{where}: its {name} is not example_data's {name} of '{et}'; Weft reads it from the graph")
        return {name: role}

    def hetero_conv(self, c: Call):
        m, key = c.target, self.names[id(c.target)]
        x_dict = c.args[0]
        extra = {k[:-len('_dict')]: v for k, v in c.kwargs.items() if k.endswith('_dict')}
        self.close_stage()
        self.flush_chains()
        for t, x in x_dict.items():
            if c.value_in(x) in self.live and self.state.get(t) != c.value_in(x):
                self.node_type(c.value_in(x), describe(m, key))
        if m.aggr not in ('sum', 'mean', 'max', 'min'):
            raise ExportError(f'{describe(m, key)}: aggr={m.aggr!r} is not supported (Weft: sum, mean, max, min)')
        live_dst = {t for t, v in c.out.items() if c.value_out(v) in self.live}
        convs = {}
        for edge_type, conv in m.convs.items():
            et = '__'.join(edge_type)
            if et not in self.graph.edge_types or edge_type[2] not in live_dst:
                continue
            where = describe(conv, self.names[id(conv)])
            used = {name: (name, et) for name, d in extra.items() if edge_type in d}
            for name in used:
                if self.graph.roles.get(c.value_in(extra[name][edge_type])) != (name, et):
                    raise ExportError(f"{where}: its {name} is not example_data's {name} of '{et}'")
            convs[et] = conv_spec(conv, self.names[id(conv)], used)
        self.emit_stage(convs, m.aggr, key, 'HeteroConv', {t: c.value_out(v) for t, v in c.out.items() if t in live_dst})

    def combines(self, c: Call) -> bool:
        """A combination of relation outputs for one node type (to_hetero's torch.add, a hand-written +)."""
        name = getattr(c.target, '__name__', '')
        if not self.stage or name not in COMBINE:
            return False
        parts = [self.stage.partials.get(c.value_in(t)) for t in tensors_in(c.args)]
        if not parts or None in parts:
            return False
        aggr, out = COMBINE[name], c.value_out(c.out if not isinstance(c.out, tuple) else c.out[0])
        first = parts[0]
        if aggr == 'mean':
            n = c.args[1] if len(c.args) > 1 else None
            if len(parts) != 1 or first.aggr != 'sum' or n != len(first.members):
                return False
            self.stage.partials[out] = Partial(first.dst, first.members, 'mean')
            return True
        if len(parts) != 2 or parts[1].dst != first.dst or first.members & parts[1].members:
            return False
        if any(p.aggr not in (None, aggr) for p in parts):
            raise ExportError(f'{c.scope}: combines relation outputs for {first.dst!r} with both {first.aggr} and {aggr}')
        self.stage.partials[out] = Partial(first.dst, first.members | parts[1].members, aggr)
        return True

    def close_stage(self):
        stage, self.stage = self.stage, None
        if stage is None:
            return
        finals, aggrs = {}, set()
        for dst in {p.dst for p in stage.partials.values()}:
            want = frozenset(et for et in stage.convs if et.split('__')[2] == dst)
            full = [v for v, p in stage.partials.items() if p.dst == dst and p.members == want]
            if not full:
                raise ExportError(f"the outputs of relations {sorted(want)} into '{dst}' are not all combined into one value")
            finals[dst] = full[-1]
            if len(want) > 1:
                aggrs.add(stage.partials[full[-1]].aggr)
        if len(aggrs) > 1:
            raise ExportError(f'node types combine their relations differently ({sorted(aggrs)}); a Weft HeteroConv has one aggr')
        self.emit_stage(stage.convs, aggrs.pop() if aggrs else 'sum', stage_label(stage.convs), 'to_hetero or a hand-written forward', finals)

    def emit_stage(self, convs: dict, aggr: str, key: str, built_with: str, outputs: Dict[str, Value]):
        if self.graph.hetero:
            self.layers.append({'op': 'HeteroConv', 'key': key, 'aggr': aggr, 'convs': convs, 'built_with': built_with})
        else:
            self.layers.append(next(iter(convs.values())))
        self.state = dict(outputs)

    def per_node(self, c: Call):
        where = describe(c.target, self.names[id(c.target)]) if c.kind == 'module' else f'{c.scope}: {c.name}'
        specs = dense_specs(c.target, self.names[id(c.target)]) if c.kind == 'module' else function_specs(c.target, c.args, c.kwargs, where)
        ins = [v for v in c.inputs if v in self.live]
        if len(ins) > 1:
            raise ExportError(f'{where} combines {len(ins)} values (a residual or skip connection, or a concatenation); '
                              'weft-model/1 runs layers in sequence, each on the previous output')
        if specs is None:
            raise ExportError(f'{where} is not a layer Weft can run (supported: convs, HeteroConv, Linear, BatchNorm1d, '
                              'LayerNorm, relu, elu, leaky_relu, sigmoid, tanh, gelu, dropout)')
        t = self.node_type(ins[0], where)
        self.chains.setdefault(t, []).extend(specs)
        self.state[t] = c.value_out(c.out)

    def flush_chains(self):
        chains, self.chains = self.chains, {}
        used = [t for t, v in self.state.items() if v in self.live]
        for t in used:
            chains.setdefault(t, [])
        layers = merge_chains(chains, used)
        if layers and self.graph.hetero and set(used) != set(self.graph.x):
            # node_types on the first layer drops the unused types; on each Linear it says where the weight applies.
            layers = [{**s, 'node_types': sorted(used)} if 'keys' not in s and (i == 0 or s['op'] == 'Linear') else s
                      for i, s in enumerate(layers)]
        self.layers.extend(layers)
        self.state = {t: self.state[t] for t in used}


def merge_chains(chains: Dict[str, List[dict]], used: List[str]) -> List[dict]:
    """One layer per position of the node types' chains: the same op on every type, with one weight
    (`key`) or to_hetero's per-type copies (`keys`: node type -> state_dict prefix)."""
    def shape(spec):
        return {k: v for k, v in spec.items() if k != 'key'}
    ref = chains[used[0]] if used else []
    if any(len(chains[t]) != len(ref) or any(shape(a) != shape(b) for a, b in zip(chains[t], ref)) for t in used):
        detail = '; '.join(f"{t}: {', '.join(s.get('key', s['op']) for s in chains[t]) or 'nothing'}" for t in used)
        raise ExportError('node types get different per-node layers between message-passing steps '
                          f'({detail}); Weft applies the same layers to every node type still in use')
    out = []
    for i, spec in enumerate(ref):
        keys = {t: chains[t][i].get('key') for t in used}
        out.append(spec if len(set(keys.values())) <= 1 else {**shape(spec), 'keys': keys})
    return out
