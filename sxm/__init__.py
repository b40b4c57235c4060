"""sxm: service experience management.

A small, tested toolkit behind the sxm notebooks. Each statistical family has one
module, imported on first use so that ``import sxm`` stays fast::

    >>> import sxm
    >>> sorted(sxm.__all__)[:3]
    ['cli', 'datasets', 'editions']

========================  ===============================================
module                    what it computes
========================  ===============================================
:mod:`sxm.formulas`       plain numeric formulas (CR, AVE, alpha, HTMT, ...) on arrays
:mod:`sxm.io`             reading and validating survey files; pseudonymizing
:mod:`sxm.model`          model descriptions in lavaan syntax; blocks; construct scores
:mod:`sxm.metrics`        CSAT, NPS, CES and the four-element experience index
:mod:`sxm.simulate`       Likert data from a latent model with known truth
:mod:`sxm.datasets`       the bundled data sets
:mod:`sxm.servqual`       SERVQUAL gaps, weighted scores, zone of tolerance
:mod:`sxm.reliability`    alpha, omega, CR, AVE, HTMT, Fornell-Larcker
:mod:`sxm.ordinal`        thresholds and polychoric correlations of ordinal answers
:mod:`sxm.sem`            covariance-based SEM with lavaan-grade output
:mod:`sxm.pls`            PLS path modelling (ACSI/ECSI models)
:mod:`sxm.kano`           Kano classification and Better-Worse
:mod:`sxm.journey`        customer journey maps and pain points
:mod:`sxm.priorities`     key-driver analysis, IPA, improvement plans
:mod:`sxm.power`          power and sample size: RMSEA tests, Satorra-Saris, Monte Carlo
:mod:`sxm.resample`       resampling on local processes or a Dask cluster
:mod:`sxm.plots`          the shared figure theme and chart helpers
:mod:`sxm.nb`             notebook set-up (seed, display, theme, language), ``show`` for tables
:mod:`sxm.export`         tables to Excel and CSV, figures to PNG and SVG
:mod:`sxm.i18n`           fixed words of figures in English and Chinese; the CJK font
:mod:`sxm.editions`       the Chinese edition of the notebooks, built from the English one
:mod:`sxm.runner`         executing chapters with papermill
:mod:`sxm.cli`            the ``sxm`` command
========================  ===============================================
"""
from __future__ import annotations

import importlib

__version__ = "0.2.0"

__all__ = [
    "cli", "datasets", "editions", "export", "formulas", "i18n", "io", "journey", "kano", "metrics", "model", "nb",
    "ordinal", "plots", "pls", "power", "priorities", "reliability", "resample", "runner", "sem", "servqual", "simulate",
]


def __getattr__(name):
    if name in __all__:
        module = importlib.import_module(f"sxm.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'sxm' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
