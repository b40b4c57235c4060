"""Simulated 5- and 7-point Likert surveys for the SEM tests (and their lavaan references).

Run from the repository root::

    python tests/reference/sem_likert.py

writes ``tests/reference/likert5.csv`` (412 respondents, 5-point items, about 8 % of the
answers missing) and ``tests/reference/likert7.csv`` (600 respondents, 7-point items,
complete). ``tests/reference/sem_reference.R`` fits them with lavaan; ``tests/test_sem.py``
checks that :func:`make` reproduces the files bit for bit, so the hard-coded lavaan numbers
belong to these exact data.

The generator is plain numpy (no sxm), so that it does not change when sxm does: four
constructs (quality, value, satisfaction, loyalty; ``value ~ quality``, ``satisfaction ~
quality + value``, ``loyalty ~ satisfaction``), standardized loadings 0.65-0.85, and
answers cut at thresholds skewed toward "agree", as service surveys are.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent

MODEL = """quality =~ q1 + q2 + q3 + q4
value =~ v1 + v2 + v3
satisfaction =~ s1 + s2 + s3
loyalty =~ l1 + l2 + l3
value ~ quality
satisfaction ~ quality + value
loyalty ~ satisfaction"""

LOADINGS = {"q1": 0.80, "q2": 0.75, "q3": 0.70, "q4": 0.65, "v1": 0.80, "v2": 0.75, "v3": 0.70,
            "s1": 0.85, "s2": 0.80, "s3": 0.75, "l1": 0.80, "l2": 0.75, "l3": 0.70}
#: cut points on the standard-normal item scale, skewed toward the upper categories
THRESHOLDS = {5: [-1.9, -1.1, -0.3, 0.7], 7: [-2.3, -1.7, -1.1, -0.5, 0.2, 1.0]}


def make(levels: int, n: int, seed: int, missing: float = 0.0) -> pd.DataFrame:
    """One simulated survey (answers 1..levels, NaN where missing)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, 4))
    quality = z[:, 0]
    value = 0.5 * quality + np.sqrt(1 - 0.25) * z[:, 1]
    # var(0.4 q + 0.3 v) = 0.16 + 0.09 + 2 * 0.4 * 0.3 * 0.5 = 0.37
    satisfaction = 0.4 * quality + 0.3 * value + np.sqrt(1 - 0.37) * z[:, 2]
    loyalty = 0.6 * satisfaction + np.sqrt(1 - 0.36) * z[:, 3]
    factor = {"q": quality, "v": value, "s": satisfaction, "l": loyalty}
    errors = rng.standard_normal((n, len(LOADINGS)))
    cuts = np.array(THRESHOLDS[levels])
    out = {}
    for j, (item, lam) in enumerate(LOADINGS.items()):
        latent = lam * factor[item[0]] + np.sqrt(1 - lam**2) * errors[:, j]
        out[item] = (np.searchsorted(cuts, latent) + 1).astype(float)
    data = pd.DataFrame(out)
    if missing:
        holes = rng.random(data.shape) < missing
        data = data.mask(holes)
    return data


def likert5() -> pd.DataFrame:
    return make(5, 412, seed=5, missing=0.08)


def likert7() -> pd.DataFrame:
    return make(7, 600, seed=7)


if __name__ == "__main__":
    likert5().to_csv(HERE / "likert5.csv", index=False)
    likert7().to_csv(HERE / "likert7.csv", index=False)
