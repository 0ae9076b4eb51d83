"""safetensors by hand (the `safetensors` package is not assumed): 8-byte LE header length,
JSON header {name: {dtype, shape, data_offsets}}, raw little-endian data. F32 and I64 only."""
import json
import struct
import sys
from typing import Dict

import torch

DTYPES = {torch.float32: 'F32', torch.int64: 'I64'}
assert sys.byteorder == 'little', 'safetensors data is little-endian; this writer copies memory as is'

TORCH = {'F32': torch.float32, 'I64': torch.int64}


def save(tensors: Dict[str, torch.Tensor], path: str, metadata: Dict[str, str] = None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header['__metadata__'] = metadata
    for name in sorted(tensors):
        t = tensors[name].detach().cpu().contiguous()
        if t.dtype not in DTYPES:
            raise ValueError(f"tensor '{name}': dtype {t.dtype} is not supported (F32 or I64; call model.float())")
        data = t.numpy().tobytes()
        header[name] = {'dtype': DTYPES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':'))
    text += ' ' * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text.encode('ascii'))
        for data in blobs:
            f.write(data)


def load(path: str) -> Dict[str, torch.Tensor]:
    with open(path, 'rb') as f:
        raw = f.read()
    (n,) = struct.unpack('<Q', raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        if info['dtype'] not in TORCH:
            raise ValueError(f"{path}: tensor '{name}': dtype {info['dtype']} is not supported (F32 or I64)")
        begin, end = info['data_offsets']
        buf = bytearray(raw[8 + n + begin:8 + n + end])
        out[name] = torch.frombuffer(buf, dtype=TORCH[info['dtype']]).reshape(info['shape']) if buf else torch.zeros(info['shape'], dtype=TORCH[info['dtype']])
    return out
