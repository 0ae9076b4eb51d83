"""Run Weft's CLI on an exported model and compare with PyG's output, by the fixtures' rule:
|weft - pyg| <= 1e-4 * max|pyg| everywhere, and per row <= 1e-3 * max(max|pyg row|, 1e-2 * max|pyg|)."""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Dict

import torch

from . import safetensors

REPO = Path(__file__).resolve().parents[2]
REL_TOL, ROW_TOL = 1e-4, 1e-3


def compare(actual: torch.Tensor, expected: torch.Tensor) -> str:
    """'' when within tolerance, else the first failing row and values."""
    if actual.shape != expected.shape:
        return f'shape {list(actual.shape)}, expected {list(expected.shape)}'
    if expected.numel() == 0:
        return ''
    scale = expected.abs().max().item()
    diff = (actual - expected).abs()
    row_tol = ROW_TOL * torch.clamp(expected.abs().amax(dim=1), min=1e-2 * scale)
    bad = (diff > REL_TOL * scale) | (diff > row_tol[:, None])
    if not bad.any():
        return ''
    r, c = [int(i) for i in bad.nonzero()[0]]
    return f'row {r} col {c}: weft {actual[r, c].item():.7g}, pyg {expected[r, c].item():.7g} (tol {min(REL_TOL * scale, row_tol[r].item()):.2e})'


def run_weft(model_dir: str, graph: Dict[str, torch.Tensor], expected: Dict[str, torch.Tensor]) -> str:
    """One line: how each output compares, or why no check ran. Raises when Weft disagrees with PyG."""
    if shutil.which('node') is None or not (REPO / 'bin' / 'weft.mjs').exists():
        return f'not checked: node or {REPO}/bin/weft.mjs not found'
    with tempfile.TemporaryDirectory() as tmp:
        graph_file, out_file = os.path.join(tmp, 'graph.safetensors'), os.path.join(tmp, 'out.safetensors')
        safetensors.save(graph, graph_file)
        cmd = ['npx', '--no-install', 'weft', 'infer', '--model', os.path.abspath(model_dir), '--graph', graph_file, '--out', out_file]
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"weft infer failed on the export in {model_dir}:\n{proc.stderr.strip() or proc.stdout.strip()}")
        got = safetensors.load(out_file)
    if sorted(got) != sorted(expected):
        raise RuntimeError(f'Weft wrote {sorted(got)}, PyG returned {sorted(expected)}')
    parts = []
    for name in sorted(expected):
        problem = compare(got[name], expected[name])
        if problem:
            raise RuntimeError(f'Weft differs from PyG on {name}: {problem}')
        e = expected[name]
        rel = ((got[name] - e).abs().max() / e.abs().max().clamp(min=1e-30)).item() if e.numel() else 0.0
        parts.append(f'{name} {list(e.shape)} max|diff|/max|pyg| {rel:.1e}')
    return 'Weft matches PyG within 1e-4: ' + ', '.join(parts)
