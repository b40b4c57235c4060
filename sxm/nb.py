"""One-line set-up for the chapter notebooks."""
from __future__ import annotations

import random
import warnings

import numpy as np
import pandas as pd

__all__ = ["setup", "fmt_p"]


def setup(seed: int = 2026, *, precision: int = 3) -> np.random.Generator:
    """Fix the seed, the display precision and the plotting theme; return a Generator.

    Called once at the top of every chapter, right after the parameters cell, so that the
    stored outputs are the same on every run.

    Examples
    --------
    >>> rng = setup(seed=7)
    >>> float(rng.random()) == float(np.random.default_rng(7).random())
    True
    """
    import matplotlib

    _inline_figures()
    matplotlib.rcParams["svg.hashsalt"] = "sxm"
    from . import plots

    plots.set_theme()
    pd.set_option("display.precision", precision)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    random.seed(seed)
    np.random.seed(seed)
    warnings.filterwarnings("ignore", category=FutureWarning, module="pingouin")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="pingouin")
    return np.random.default_rng(seed)


def _inline_figures() -> None:
    """In a Jupyter kernel, store figures in the notebook even when MPLBACKEND=Agg is set."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        return
    shell = get_ipython()
    if shell is not None and type(shell).__name__ == "ZMQInteractiveShell":
        shell.run_line_magic("matplotlib", "inline")


def fmt_p(p: float) -> str:
    """Format a p-value as in APA style: ``< .001``, else three decimals without the zero.

    Examples
    --------
    >>> fmt_p(0.00002), fmt_p(0.0312), fmt_p(0.5)
    ('< .001', '.031', '.500')
    """
    if p is None or not np.isfinite(p):
        return "n/a"
    if p < 0.001:
        return "< .001"
    return f"{p:.3f}".lstrip("0")
