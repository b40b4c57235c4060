"""Covariance-based structural equation models with lavaan-grade output.

Models are written in lavaan syntax and read by :mod:`sxm.model` (names in any alphabet);
semopy builds the model matrices (``Beta``, ``Lambda``, ``Psi``, ``Theta``); ``sxm.sem``
estimates and reports what semopy lacks or gets wrong for survey work
(see ``../shared/STYLE.md``):

* the maximum-likelihood optimum whatever the scale of the items (Fisher scoring, invariant
  to rescaling items, so 0-100 items need no pre-scaling);
* robust ML for Likert answers: ``estimator="MLM"`` (Satorra-Bentler) and ``"MLR"``
  (Huber-White standard errors, Yuan-Bentler test, also under FIML), with the scaled and
  robust CFI, TLI and RMSEA of lavaan's ``fitMeasures``; ``"WLSMV"`` for ordinal items
  (``ordered=``) is handed to ``sxm.sem._wls`` when the build has it;
* fit indices on lavaan's conventions (chi-square with N, CFI, TLI, RMSEA with N and its
  90% interval, SRMR, the real log-likelihood, AIC, BIC);
* numeric estimates in lavaan's orientation with standard errors, the fully standardized
  solution, R-squared and ``:=`` defined parameters (delta method, or bootstrap);
* modification indices (``result.modindices()``), direct, indirect and total effects with
  delta-method standard errors and percentile bootstrap intervals (resampling respondents
  with :func:`sxm.resample.bootstrap`);
* full-information ML for incomplete data, vectorized by missing-data pattern (analytic
  gradient and information, no loop over respondents); single-indicator constructs and
  observed mediators as lavaan; clear errors and warnings instead of silent failures;
  nested-model comparison (scaled for robust fits), multi-group fits, measurement
  invariance (configural, metric, scalar) and a path diagram.

Every number is tested against lavaan 0.6-14 (``tests/reference/sem_reference.R``).

==============================  =========================================================
:func:`fit`                     fit a model (``by=`` for one fit per group)
:func:`compare`                 chi-square difference test of nested models, ΔCFI, AIC/BIC
:func:`invariance`              configural / metric / scalar invariance across groups
:func:`hu_bentler`              fit indices against Hu & Bentler's cut-offs
:func:`compare_estimates`       one column of estimates from several fits side by side
:func:`drop_answers`            delete answers (MCAR or MAR) to study missing data
==============================  =========================================================

The model syntax is lavaan's (:mod:`sxm.model`): ``=~`` (is measured by), ``~`` (is
regressed on), ``~~`` (covaries with), ``:=`` (defined parameter), fixed values ``1*x``,
freed loadings ``NA*x`` and labels ``a*x`` (a label shared by two parameters makes them
equal). As in lavaan's ``sem()``, the first indicator of each factor has its loading fixed
to 1, the only indicator of a factor has no residual variance, exogenous latent variables
covary, and the residuals of outcomes that predict nothing covary (``auto.cov.y``);
observed exogenous predictors are taken as fixed (``fixed.x``).

For developers: the pieces another estimator reuses
---------------------------------------------------
``_fit._prepare(model, frame)`` parses, validates and renders a model for semopy (a
``_syntax.Spec`` and a semopy model); ``_fit._engine(spec, semopy_model, cov, rows=None,
n=None)`` builds the ``_engine._Engine`` (free parameters ``x``; ``implied(x)`` gives
``Sigma`` and the matrices, ``dsigma(parts)`` the derivatives dSigma/dx, ``rows`` the
parameter table skeleton in user names); ``_fit._table(eng, x, vcov, sd_all, resid_var,
order, level)`` with ``_engine._moments(eng, x)`` gives the parameter table in lavaan's
order; ``_indices._indices(chi2, df, chi2_b, df_b, n, loglik, loglik_h1, npar, srmr, *,
groups=1, robust=None)`` every fit index (``robust``: scaling factors ``c``, ``c_b``);
``_fit._result(eng, x, vcov, fit_indices, n, missing=, converged=, estimator=, level=)``
the :class:`SEMResult`. ``_wls.fit_wls(model, data, *, ordered, missing, n_boot, seed,
n_jobs, progress, level, scale)`` is called by :func:`fit` for ``estimator="WLSMV"``.
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
