"""Run a model once on example inputs and record, in call order, the calls a Weft plan is made of.

Supported layers (convs, Linear, norms, activation and dropout modules) are recorded as one call
each and their insides are not looked at; every torch function called outside them (F.relu,
Tensor.sigmoid, torch.add between relation outputs, ...) is recorded too, with the module it was
called from. This sees what forward really does, whatever Python it is written in (dict
comprehensions, to_hetero's generated code, loops), which a symbolic torch.fx trace does not.
"""
from dataclasses import dataclass, field
from typing import Any, List, Tuple

import torch
from torch.overrides import TorchFunctionMode

from .specs import is_leaf

Value = Tuple[int, int]


def value_of(t: torch.Tensor) -> Value:
    """A tensor's identity at this moment: in-place ops bump _version, so relu_ makes a new value."""
    return (id(t), t._version)


def tensors_in(obj: Any) -> List[torch.Tensor]:
    if isinstance(obj, torch.Tensor):
        return [obj]
    if isinstance(obj, dict):
        obj = list(obj.values())
    if isinstance(obj, (list, tuple)):
        return [t for o in obj for t in tensors_in(o)]
    return []


@dataclass
class Call:
    kind: str  # 'module' or 'function'
    target: Any  # the module, or the torch function
    name: str  # the module's qualified name, or the function's
    scope: str  # the user module it was called from, for error messages
    args: tuple
    kwargs: dict
    out: Any
    inputs: List[Value] = field(default_factory=list)
    outputs: List[Value] = field(default_factory=list)

    def value_in(self, t: torch.Tensor) -> Value:
        """t as this call read it (a later in-place op changes t._version, not what was read)."""
        return next(v for v in self.inputs if v[0] == id(t))

    def value_out(self, t: torch.Tensor) -> Value:
        return next(v for v in self.outputs if v[0] == id(t))


def function_name(func: Any) -> str:
    qual = getattr(func, '__qualname__', None) or getattr(func, '__name__', repr(func))
    if qual.startswith('_TensorBase.'):
        return f"torch.Tensor.{qual[len('_TensorBase.'):]}"
    mod = getattr(func, '__module__', None) or ''
    return f'{mod}.{qual}' if mod else qual


class Recorder(TorchFunctionMode):
    def __init__(self):
        super().__init__()
        self.calls: List[Call] = []
        self.depth = 0
        self.scopes = ['<model>']
        self.keep: List[Any] = []  # holds every recorded object so no id() is reused

    def record(self, kind, target, name, args, kwargs, out, inputs):
        outputs = [value_of(t) for t in tensors_in(out)]
        self.keep.append((args, kwargs, out))
        self.calls.append(Call(kind, target, name, self.scopes[-1], args, kwargs, out, inputs, outputs))

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if self.depth > 0:
            return func(*args, **kwargs)
        inputs = [value_of(t) for t in tensors_in((args, kwargs))]
        out = func(*args, **kwargs)
        if tensors_in(out):
            self.record('function', func, function_name(func), args, kwargs, out, inputs)
        return out

    def wrap(self, module: torch.nn.Module, name: str):
        original = module.forward
        leaf = is_leaf(module)

        def forward(*args, **kwargs):
            if self.depth > 0:
                return original(*args, **kwargs)
            if not leaf:
                self.scopes.append(f"'{name}' ({type(module).__name__})")
                try:
                    return original(*args, **kwargs)
                finally:
                    self.scopes.pop()
            inputs = [value_of(t) for t in tensors_in((args, kwargs))]
            self.depth += 1
            try:
                out = original(*args, **kwargs)
            finally:
                self.depth -= 1
            self.record('module', module, name, args, kwargs, out, inputs)
            return out

        module.forward = forward


def record(model: torch.nn.Module, args: tuple, kwargs: dict):
    """Runs model(*args, **kwargs) in eval mode without gradients; returns (output, calls)."""
    rec = Recorder()
    wrapped = []
    try:
        for name, module in model.named_modules():
            if name:
                rec.wrap(module, name)
                wrapped.append(module)
        with torch.no_grad(), rec:
            out = model(*args, **kwargs)
    finally:
        for module in wrapped:
            del module.forward
    return out, rec.calls
