"""One-line set-up for the chapter notebooks."""
from __future__ import annotations

import random
import warnings

import numpy as np
import pandas as pd

__all__ = ["setup", "fmt_p"]


def setup(seed: int = 2026, *, precision: int = 3, lang: str = "en") -> np.random.Generator:
    """Fix the seed, the display precision, the plotting theme and the language; return a Generator.

    Called once at the top of every chapter, right after the parameters cell, so that the
    stored outputs are the same on every run.

    Parameters
    ----------
    seed : int
        Seeds Python's, numpy's legacy and the returned generator.
    precision : int
        Decimals pandas displays.
    lang : {"en", "zh"}
        Language of the fixed words of figures (titles, axis labels, legends; see
        :func:`sxm.i18n.t`): the chapter's ``LANG`` parameter, ``"zh"`` in the Chinese
        edition. Either way the CJK font is in the font fallback list, so Chinese names in
        the data render.

    Examples
    --------
    >>> rng = setup(seed=7)
    >>> float(rng.random()) == float(np.random.default_rng(7).random())
    True
    >>> from sxm import i18n
    >>> _ = setup(seed=7, lang="zh"); i18n.get_lang()
    'zh'
    >>> _ = setup(seed=7); i18n.get_lang()
    'en'
    """
    import matplotlib

    from .io import SurveyError, SurveyTypeError

    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise SurveyTypeError(f"seed: must be a whole number (int), e.g. 2026; got {seed!r}")
    if seed < 0:
        raise SurveyError(f"seed: must be zero or positive; got {seed!r}")
    if isinstance(precision, bool) or not isinstance(precision, (int, np.integer)) or not 0 <= precision <= 15:
        raise SurveyError(f"precision: must be a whole number of decimals from 0 to 15; got {precision!r}")
    from . import i18n

    i18n.set_lang(lang)
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
    from .io import SurveyError, SurveyTypeError

    if p is None:
        return "n/a"
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise SurveyTypeError(f"p: must be a number between 0 and 1; got {p!r}")
    if not np.isfinite(p):
        return "n/a"
    if not 0 <= p <= 1:
        raise SurveyError(f"p: a p-value must lie between 0 and 1; got {p!r}")
    if p < 0.001:
        return "< .001"
    return f"{p:.3f}".lstrip("0")
