"""Covariance-based structural equation models with lavaan-grade output.

semopy parses the model description, classifies the variables and builds the model
matrices (``Beta``, ``Lambda``, ``Psi``, ``Theta``) and starting values; ``sxm.sem`` adds
what it lacks or gets wrong for survey work (see ``../shared/STYLE.md``):

* the maximum-likelihood optimum is reached whatever the scale of the items: the
  discrepancy is minimized by Fisher scoring, which is invariant to rescaling the items, so
  0-100 scored items need no pre-scaling and estimates are on the original scale;
* fit indices on lavaan's conventions (chi-square with N, CFI capped to [0, 1], TLI,
  RMSEA with N and its 90% interval, SRMR, the real log-likelihood, AIC, BIC);
* numeric estimates in lavaan's orientation with standard errors from the expected
  information, the fully standardized solution and R-squared;
* direct, indirect and total effects with delta-method standard errors and percentile
  bootstrap intervals (resampling respondents with :func:`sxm.resample.bootstrap`);
* full-information ML for incomplete data, clear errors and warnings instead of silent
  failures, nested-model comparison, multi-group fits and a path diagram;
* measurement invariance across groups (configural, metric, scalar), as lavaan's
  ``group.equal``.

Every number is tested against lavaan 0.6 (``tests/reference/sem_reference.R``).

==============================  =========================================================
:func:`fit`                     fit a model (``group=`` for one fit per group)
:func:`compare`                 chi-square difference test of nested models, ΔCFI, AIC/BIC
:func:`invariance`              configural / metric / scalar invariance across groups
:func:`hu_bentler`              fit indices against Hu & Bentler's cut-offs
:func:`compare_estimates`       one column of estimates from several fits side by side
:func:`blocks`                  ``{construct: [items]}`` of a description
:func:`measurement_model`       the CFA part of a description
:func:`drop_path`               a nested rival: one path fixed to zero
:func:`composite_scores`        item averages per construct
:func:`drop_answers`            delete answers (MCAR or MAR) to study missing data
==============================  =========================================================

The model syntax is lavaan's core: ``=~`` (is measured by), ``~`` (is regressed on),
``~~`` (covaries with), fixed values ``1*x``, freed loadings ``NA*x`` and labels ``a*x`` (a label shared by two
parameters makes them equal). As in lavaan's ``sem()``, the first indicator of each factor
has its loading fixed to 1, exogenous latent variables covary, and the residuals of
outcomes that predict nothing covary (``auto.cov.y``); observed exogenous predictors are
taken as fixed (``fixed.x``).
"""
from __future__ import annotations

from ._data import drop_answers
from ._fit import fit
from ._indices import HU_BENTLER, hu_bentler
from ._invariance import invariance
from .result import MultiGroupResult, SEMResult, compare, compare_estimates

__all__ = [
    "fit", "compare", "invariance", "SEMResult", "MultiGroupResult", "HU_BENTLER",
    "hu_bentler", "compare_estimates", "drop_answers",
]
