"""Reliability and validity of multi-item scales: alpha, omega, CR, AVE, HTMT, Fornell-Larcker.

Every statistic here is computed from *one* covariance (or correlation) matrix of the item
columns, so a million respondents cost one pass over the data. The formulas that other
modules reuse -- :func:`composite_reliability` and :func:`average_variance_extracted` from
standardized loadings -- live here and nowhere else (``sxm.sem`` and ``sxm.pls`` call them).

``blocks`` is always a mapping from construct name to its item columns, e.g.
``{"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"]}``, or to a glob pattern
such as ``"IMAG*"``.

========================================  =============================================
function                                  R equivalent
========================================  =============================================
:func:`cronbach_alpha`                    ``psych::alpha``, ``pingouin.cronbach_alpha``
:func:`omega`                             ``semTools::compRelSEM`` of a one-factor CFA per block
:func:`composite_reliability`             Fornell & Larcker (1981) from standardized loadings
:func:`average_variance_extracted`        Fornell & Larcker (1981) from standardized loadings
:func:`htmt`                              ``semTools::htmt(htmt2 = TRUE / FALSE)``
:func:`fornell_larcker`                   sqrt(AVE) against latent correlations
:func:`reliability_table`                 all of the above, one row per construct
========================================  =============================================
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import formulas
from .io import (
    SurveyError,
    SurveyTypeError,
    check_choice,
    check_level,
    check_not_constant,
    complete_rows,
    numeric_items,
    require_frame,
)
from .model import Model, check_blocks, measurement_syntax
from .ordinal import categorical_omega, polychoric

__all__ = [
    "composite_reliability",
    "average_variance_extracted",
    "cronbach_alpha",
    "omega",
    "htmt",
    "fornell_larcker",
    "reliability_table",
    "polychoric",
    "plot_htmt",
]

_MISSING = ("listwise", "pairwise")


# --------------------------------------------------------------------------------------
# input checks shared by the data-level functions
# --------------------------------------------------------------------------------------
def _item_matrix(data, blocks, *, scale, missing) -> tuple[dict[str, list[str]], pd.DataFrame]:
    """Validated float64 copy of every item of ``blocks`` (listwise-deleted when asked)."""
    require_frame(data)
    check_choice("missing", missing, _MISSING)
    blocks = check_blocks(blocks, data, min_items=2)
    cols = [c for items in blocks.values() for c in items]
    frame = numeric_items(data, cols, scale=scale)
    # a column sum is NaN exactly when the column has a missing answer (no inf after validation)
    if missing == "listwise" and not np.isfinite(frame.to_numpy().sum(axis=0)).all():
        frame = complete_rows(frame, what="reliability", alternative="missing='pairwise'", stacklevel=5)
        if len(frame) < 3:
            raise SurveyError(
                f"data: only {len(frame)} respondent(s) answered every item (rule: listwise deletion "
                "needs at least 3 complete rows); use missing='pairwise'"
            )
    return blocks, frame


def _covariance(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Covariance matrix (divisor N - 1) of ``frame`` with pairwise deletion, and pair counts.

    One pass of matrix products over the data (BLAS), no loop over respondents: with a
    0/1 mask M and the data X0 with missing values set to 0, the pairwise sums are
    X0'X0, X0'M and M'M. Equals ``DataFrame.cov()`` (which pingouin and psych use).
    """
    x = frame.to_numpy(dtype=np.float64)
    mean = x.mean(axis=0)
    if np.isfinite(mean).all():  # no missing answer (validated data hold no inf)
        n = x.shape[0]
        cross = x.T @ x
        cov = (cross - n * np.outer(mean, mean)) / (n - 1)
        counts = np.full(cov.shape, float(n))
    else:
        nan = np.isnan(x)
        m = (~nan).astype(np.float64)
        # shift by column means to keep the sums of cross-products well conditioned
        x0 = np.where(nan, 0.0, x - np.nanmean(x, axis=0))
        counts = m.T @ m
        sums = x0.T @ m  # sums[i, j]: sum of item i over rows where j is answered
        cross = x0.T @ x0
        with np.errstate(invalid="ignore", divide="ignore"):
            cov = (cross - sums * sums.T / counts) / (counts - 1)
        if (counts < 3).any():
            i, j = np.argwhere(counts < 3)[0]
            raise SurveyError(
                f"columns {frame.columns[i]!r} and {frame.columns[j]!r}: fewer than 3 respondents "
                "answered both (rule: every pair of items needs 3 or more joint answers)"
            )
    cov = (cov + cov.T) / 2
    if (np.diag(cov) <= 0).any():
        check_not_constant(frame)  # raises the standard message naming the column and value
    return cov, counts


def _cov_and_blocks(data, blocks, *, scale, missing):
    blocks, frame = _item_matrix(data, blocks, scale=scale, missing=missing)
    cov, counts = _covariance(frame)
    index = {c: i for i, c in enumerate(frame.columns)}
    pos = {name: np.array([index[c] for c in items]) for name, items in blocks.items()}
    return blocks, frame, cov, counts, pos


# --------------------------------------------------------------------------------------
# formulas from loadings
# --------------------------------------------------------------------------------------
def _loading_groups(loadings) -> tuple[dict[str, np.ndarray], dict[str, list[str]], bool]:
    """Normalise the accepted loading inputs to {construct: values}; flag a single construct."""
    if isinstance(loadings, pd.DataFrame):
        need = {"lhs", "op", "rhs", "std_all"}
        if not need <= set(loadings.columns):
            raise SurveyError(
                "loadings: a DataFrame must be a parameter table with columns lhs, op, rhs, std_all "
                f"(as sxm.sem's .estimates); missing {sorted(need - set(loadings.columns))}"
            )
        rows = loadings[loadings["op"] == "=~"]
        if rows.empty:
            raise SurveyError("loadings: the parameter table has no loading rows (op '=~')")
        groups, names = {}, {}
        for lhs in pd.unique(rows["lhs"]):
            sub = rows[rows["lhs"] == lhs]
            groups[str(lhs)] = sub["std_all"].to_numpy(dtype=float)
            names[str(lhs)] = [str(r) for r in sub["rhs"]]
        return groups, names, False
    if isinstance(loadings, Mapping):
        groups, names = {}, {}
        for key, vals in loadings.items():
            s = vals if isinstance(vals, pd.Series) else pd.Series(_loading_array(vals, f"loadings[{key!r}]"))
            groups[str(key)] = _loading_array(s, f"loadings[{key!r}]")
            names[str(key)] = [str(i) for i in s.index]
        return groups, names, False
    s = loadings if isinstance(loadings, pd.Series) else pd.Series(_loading_array(loadings, "loadings").ravel())
    return {"": _loading_array(s, "loadings")}, {"": [str(i) for i in s.index]}, True


def _loading_array(values, label: str) -> np.ndarray:
    if isinstance(values, (str, bytes)):
        raise SurveyTypeError(f"{label}: must be numbers (a list, array or Series of loadings); got the text {values!r}")
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise SurveyTypeError(f"{label}: must be numbers (a list, array or Series of loadings); got {values!r}") from None


def _check_loadings(name: str, lam: np.ndarray, items: list[str], standardized: bool) -> None:
    label = f"loadings[{name!r}]" if name else "loadings"
    if lam.size == 0:
        raise SurveyError(f"{label}: needs at least one loading; got none")
    if not np.isfinite(lam).all():
        k = int(np.nonzero(~np.isfinite(lam))[0][0])
        raise SurveyError(f"{label}: loadings must be finite numbers; found {lam[k]!r} for item {items[k]!r}")
    if standardized and (np.abs(lam) > 1).any():
        k = int(np.nonzero(np.abs(lam) > 1)[0][0])
        raise SurveyError(
            f"{label}: standardized loadings must lie in [-1, 1] (a larger one means a negative error "
            f"variance, a Heywood case); found {lam[k]:.4g} for item {items[k]!r}"
        )


def _per_construct(loadings, error_variances, total_variance, formula):
    groups, names, single = _loading_groups(loadings)
    out = {}
    for key, lam in groups.items():
        standardized = error_variances is None and total_variance is None
        _check_loadings(key, lam, names[key], standardized)
        theta = None
        if error_variances is not None:
            theta = np.asarray(error_variances[key] if not single else error_variances, dtype=float).ravel()
            if theta.shape != lam.shape:
                raise SurveyError(
                    f"error_variances: needs one value per loading ({lam.size}); got {theta.size}"
                )
        total = None
        if total_variance is not None:
            total = float(total_variance[key] if not single else total_variance)
            if not total > 0:
                raise SurveyError(f"total_variance: must be positive; got {total!r}")
        out[key] = formula(lam, theta, total)
    if single:
        return out[""]
    return pd.Series(out, name=None, dtype=float).rename_axis("construct")


def composite_reliability(loadings, *, error_variances=None, total_variance=None):
    """Composite (construct) reliability from factor loadings.

    Parameters
    ----------
    loadings : array-like, dict or DataFrame
        Standardized loadings of one construct (a list, array or Series) -- or a dict
        ``{construct: loadings}``, or a parameter table with columns ``lhs, op, rhs, std_all``
        such as ``sxm.sem.fit(...).estimates`` (its ``=~`` rows are used).
    error_variances : array-like or dict, optional
        Error (unique) variances of the items (a dict by construct when ``loadings`` is
        one). Default ``None``: ``1 - loading**2`` (standardized solution, no correlated
        errors).
    total_variance : float or dict, optional
        The variance of the sum score to divide by (a dict by construct when ``loadings``
        is one). Default ``None``: the model-implied one,
        ``(sum loading)**2 + sum error_variance``. Pass the *observed* variance of the sum
        score (``1' S 1``) with unstandardized loadings times the factor's standard deviation
        to get semTools' ``compRelSEM(obs.var = TRUE)``.

    Returns
    -------
    float or Series
        The CR of one construct; a Series indexed by ``construct`` when several
        constructs are given.

    Raises
    ------
    SurveyError
        A standardized loading outside [-1, 1], a non-positive ``total_variance``, or a
        parameter table without ``=~`` rows.

    See Also
    --------
    average_variance_extracted : AVE from the same loadings.
    omega : omega of each block, from a one-factor model fitted to the data.
    reliability_table : CR, AVE, alpha and omega of every construct at once.
    sxm.formulas.composite_reliability : the plain formula on arrays.

    Notes
    -----
    Fornell & Larcker's (1981) convention, from standardized loadings :math:`\\lambda_i`:

    .. math:: CR = \\frac{(\\sum_i \\lambda_i)^2}{(\\sum_i \\lambda_i)^2 + \\sum_i (1 - \\lambda_i^2)}

    For a one-factor model this is McDonald's :math:`\\omega`. A standardized loading
    outside [-1, 1] (a Heywood case) is an error.

    References
    ----------
    Fornell, C., & Larcker, D. F. (1981). Evaluating structural equation models with
    unobservable variables and measurement error. *Journal of Marketing Research*, 18(1), 39-50.

    Examples
    --------
    >>> round(composite_reliability([0.7, 0.8, 0.9]), 4)  # (2.4**2) / (2.4**2 + 0.51 + 0.36 + 0.19)
    0.8446
    >>> composite_reliability({"a": [0.7, 0.8, 0.9], "b": [0.6, 0.6]}).round(4).to_dict()
    {'a': 0.8446, 'b': 0.5294}
    >>> # In R: semTools::compRelSEM(fit, obs.var = FALSE) from a standardized CFA
    """
    return _per_construct(loadings, error_variances, total_variance, formulas.composite_reliability)


def average_variance_extracted(loadings, *, error_variances=None, total_variance=None):
    """Average variance extracted (AVE) from factor loadings.

    Parameters
    ----------
    loadings : array-like, dict or DataFrame
        Standardized loadings of one construct, a dict ``{construct: loadings}`` or a
        parameter table with ``lhs, op, rhs, std_all``, as for
        :func:`composite_reliability`.
    error_variances : array-like or dict, optional
        Error (unique) variances of the items. Default ``None``: ``1 - loading**2``.
    total_variance : float or dict, optional
        The summed item variance to divide by. Default ``None``: the model-implied one,
        ``sum loading**2 + sum error_variance``. Pass the *observed* ``trace(S)`` with
        unstandardized loadings times the factor's standard deviation to get semTools'
        ``AVE(obs.var = TRUE)``.

    Returns
    -------
    float or Series
        The AVE of one construct; a Series indexed by ``construct`` when several
        constructs are given.

    Raises
    ------
    SurveyError
        As :func:`composite_reliability`.

    See Also
    --------
    composite_reliability : CR from the same loadings.
    fornell_larcker : sqrt(AVE) against the latent correlations.
    reliability_table : CR, AVE, alpha and omega of every construct at once.
    sxm.formulas.average_variance_extracted : the plain formula on arrays.

    Notes
    -----
    Fornell & Larcker's (1981) convention: with standardized loadings the AVE is the mean
    squared loading,

    .. math:: AVE = \\frac{\\sum_i \\lambda_i^2}{\\sum_i \\lambda_i^2 + \\sum_i (1 - \\lambda_i^2)}
              = \\frac{1}{k}\\sum_i \\lambda_i^2 .

    An AVE of at least 0.5 means the construct explains more of its items' variance than
    error does (convergent validity).

    Examples
    --------
    >>> round(average_variance_extracted([0.7, 0.8, 0.9]), 4)  # (0.49 + 0.64 + 0.81) / 3
    0.6467
    >>> average_variance_extracted({"a": [0.7, 0.8, 0.9], "b": [0.6, 0.6]}).round(4).to_dict()
    {'a': 0.6467, 'b': 0.36}
    >>> # In R: semTools::AVE(fit, obs.var = FALSE) from a standardized CFA
    """
    return _per_construct(loadings, error_variances, total_variance, formulas.average_variance_extracted)


# --------------------------------------------------------------------------------------
# alpha and omega from the data
# --------------------------------------------------------------------------------------
def _as_blocks(data, blocks):
    """``None`` -> all columns as one scale; a list -> one scale named 'scale'; else as given
    (a dict or lavaan syntax, validated by :func:`sxm.model.check_blocks`)."""
    if blocks is None:
        require_frame(data)
        return {"scale": [str(c) for c in data.columns]}
    if isinstance(blocks, (Mapping, str, Model)):
        return blocks
    return {"scale": list(blocks)}


def cronbach_alpha(data: pd.DataFrame, blocks=None, *, level: float = 0.95, missing: str = "listwise",
                   scale=None) -> pd.DataFrame:
    """Cronbach's alpha with Feldt's confidence interval, one row per construct.

    The estimator and the interval are pingouin's (:func:`pingouin.cronbach_alpha`, which
    matches ``psych::alpha``); they are computed here from one covariance matrix of all
    items, so that any number of blocks costs a single pass over the data, and the interval
    is not rounded (pingouin rounds it to three decimals). The tests check equality with
    pingouin and with psych.

    Parameters
    ----------
    data : DataFrame
        Respondents in rows. Not modified.
    blocks : dict, str, list or None
        ``{construct: [items]}`` (a glob pattern such as ``"IMAG*"`` may stand for a list)
        or lavaan syntax (its ``=~`` lines); a list of items (one scale named ``"scale"``);
        or ``None`` (the default: every column is an item of one scale). At least 2 items
        per construct.
    level : float, default 0.95
        Confidence level of the interval.
    missing : {"listwise", "pairwise"}, default "listwise"
        Listwise deletion (the suite's default everywhere: only respondents who answered
        every item of every block, so that alpha, omega and the CFA of
        :func:`reliability_table` use the same respondents; a warning says when it drops
        more than 5 %) or pairwise deletion (pingouin's and ``psych::alpha``'s default:
        each covariance from the respondents who answered both items; ``n`` counts every
        respondent).
    scale : tuple of (low, high), optional
        Inclusive answer scale to validate, e.g. ``(1, 7)``. Default ``None``: no check of
        the range.

    Returns
    -------
    DataFrame
        Index ``construct``; columns ``n_items``, ``n``, ``alpha``, ``ci_low``, ``ci_high``.

    Raises
    ------
    SurveyError
        Unknown items, a construct with fewer than 2 items, an item in two constructs,
        answers that are not numbers or lie off ``scale``, a constant item, fewer than 3
        complete respondents, a bad ``level`` or ``missing``.
    SurveyTypeError
        ``data`` is not a DataFrame, or ``blocks`` is not a dict, syntax or list.

    See Also
    --------
    omega : McDonald's omega, without alpha's equal-loadings assumption.
    reliability_table : alpha, omega, CR and AVE of every construct at once.
    sxm.formulas.feldt_interval : Feldt's interval on its own.

    Notes
    -----
    .. math:: \\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\sum_i \\sigma^2_i}{\\sigma^2_X}\\right)

    with :math:`k` items, item variances :math:`\\sigma^2_i` and the variance of the sum
    score :math:`\\sigma^2_X`. Feldt's interval at level :math:`1 - a` is
    :math:`[1 - (1 - \\alpha) F_{1-a/2},\\; 1 - (1 - \\alpha) F_{a/2}]` with quantiles of the
    F distribution with :math:`n - 1` and :math:`(n - 1)(k - 1)` degrees of freedom. Alpha is
    a lower bound to reliability when items are congeneric; :func:`omega` does not assume
    equal loadings.

    References
    ----------
    Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for
    coefficient alpha. *Applied Psychological Measurement*, 11(1), 93-103.

    Examples
    --------
    >>> import semopy
    >>> hs = semopy.examples.holzinger39.get_data()
    >>> # In R: psych::alpha(HolzingerSwineford1939[, c("x1", "x2", "x3")])$total$raw_alpha
    >>> cronbach_alpha(hs, {"visual": ["x1", "x2", "x3"]}).round(4)  # doctest: +NORMALIZE_WHITESPACE
               n_items    n   alpha  ci_low  ci_high
    construct
    visual           3  301  0.6261  0.5465   0.6938
    >>> cronbach_alpha(hs, ["x1", "x2", "x3"], level=0.9).round(4)  # doctest: +NORMALIZE_WHITESPACE
               n_items    n   alpha  ci_low  ci_high
    construct
    scale            3  301  0.6261  0.5603   0.6837
    """
    level = check_level(level)
    blocks = _as_blocks(data, blocks)
    blocks, frame, cov, _, pos = _cov_and_blocks(data, blocks, scale=scale, missing=missing)
    return _alpha_from_cov(cov, len(frame), blocks, pos, level)


def _alpha_from_cov(cov, n, blocks, pos, level) -> pd.DataFrame:
    k = np.array([len(items) for items in blocks.values()], dtype=float)
    alpha = np.array(
        [np.trace(c) / c.sum() for c in (cov[np.ix_(pos[b], pos[b])] for b in blocks)]
    )
    alpha = k / (k - 1) * (1 - alpha)
    low, high = formulas.feldt_interval(alpha, np.full(k.shape, float(n)), k, level)
    out = pd.DataFrame(
        {"n_items": k.astype(int), "n": n, "alpha": alpha, "ci_low": low, "ci_high": high},
        index=pd.Index(list(blocks), name="construct"),
    )
    return out


def omega(data: pd.DataFrame, blocks=None, *, missing: str = "listwise", scale=None) -> pd.Series:
    """McDonald's omega (total) per construct from a one-factor model of each block.

    Parameters
    ----------
    data : DataFrame
        Respondents in rows. Not modified.
    blocks : dict, str, list or None
        ``{construct: [items]}`` (or a glob pattern per construct) or lavaan syntax; a list
        of items (one scale named ``"scale"``); or ``None`` (the default: all columns, one
        scale). At least 2 items per construct.
    missing : {"listwise", "pairwise"}, default "listwise"
        Listwise deletion (lavaan's default, so the numbers match R) or a pairwise
        covariance matrix.
    scale : tuple of (low, high), optional
        Inclusive answer scale to validate. Default ``None``: no check of the range.

    Returns
    -------
    Series
        Omega per construct (index ``construct``, name ``omega``).

    Raises
    ------
    SurveyError
        As :func:`cronbach_alpha`.
    SurveyTypeError
        As :func:`cronbach_alpha`.

    Warns
    -----
    RuntimeWarning
        A block whose one-factor model has an error variance at zero (Heywood case).

    See Also
    --------
    cronbach_alpha : alpha with Feldt's interval.
    reliability_table : omega next to alpha, CR and AVE (from one joint CFA).
    sxm.formulas.one_factor_ml : the one-factor model fitted to each block.

    Notes
    -----
    For each block separately a congeneric one-factor model is fitted by maximum likelihood
    to the block's covariance matrix :math:`S` (factor variance fixed to 1), and

    .. math:: \\omega = \\frac{(\\sum_i \\lambda_i)^2}{\\mathbf 1' S \\mathbf 1},

    the share of the *observed* variance of the sum score due to the common factor: exactly
    ``semTools::compRelSEM(cfa("f =~ items"))`` (its default ``obs.var = TRUE``). Because each
    block is fitted on its own, omega does not depend on the other constructs; the ``cr``
    column of :func:`reliability_table` comes from one joint CFA of all blocks and so differs
    slightly. With two items the one-factor model is not identified; equal standardized
    loadings are assumed and omega equals alpha. A loading at the boundary (an error
    variance of zero, a Heywood case) gives a warning.

    References
    ----------
    McDonald, R. P. (1999). *Test theory: A unified treatment*. Erlbaum.

    Examples
    --------
    >>> import semopy
    >>> hs = semopy.examples.holzinger39.get_data()
    >>> # In R: semTools::compRelSEM(lavaan::cfa("f =~ x1 + x2 + x3", HolzingerSwineford1939))
    >>> omega(hs, {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"]}).round(4)
    construct
    visual     0.6326
    textual    0.8859
    Name: omega, dtype: float64
    >>> round(float(omega(hs[["x4", "x5", "x6"]]).iloc[0]), 4)  # every column, one scale
    0.8859
    """
    blocks = _as_blocks(data, blocks)
    blocks, _, cov, _, pos = _cov_and_blocks(data, blocks, scale=scale, missing=missing)
    return _omega_from_cov(cov, blocks, pos)


def _omega_from_cov(cov, blocks, pos) -> pd.Series:
    out = {}
    for name in blocks:
        s = cov[np.ix_(pos[name], pos[name])]
        lam, _, heywood = formulas.one_factor_ml(s)
        if heywood:
            warnings.warn(
                f"construct {name!r}: the one-factor model has an error variance at zero (Heywood case); "
                "omega may be overstated",
                RuntimeWarning,
                stacklevel=3,
            )
        out[name] = composite_reliability(lam, total_variance=s.sum())
    return pd.Series(out, name="omega", dtype=float).rename_axis("construct")


# --------------------------------------------------------------------------------------
# discriminant validity
# --------------------------------------------------------------------------------------
def htmt(data: pd.DataFrame, blocks, *, method: str = "htmt2", missing: str = "listwise", scale=None) -> pd.DataFrame:
    """Heterotrait-monotrait ratio of correlations between every pair of constructs.

    Parameters
    ----------
    data : DataFrame
        Respondents in rows. Not modified.
    blocks : dict or str
        ``{construct: [items]}`` (or a glob pattern per construct) or lavaan syntax, at
        least 2 items per construct.
    method : {"htmt2", "htmt"}, default "htmt2"
        ``"htmt2"`` (default): geometric means of the correlations (Roemer, Schuberth &
        Henseler 2021; consistent also for congeneric items; ``semTools::htmt`` default).
        ``"htmt"``: arithmetic means (Henseler, Ringle & Sarstedt 2015;
        ``semTools::htmt(htmt2 = FALSE)``).
    missing : {"listwise", "pairwise"}, default "listwise"
        How correlations are computed when answers are missing; listwise is semTools' default.
    scale : tuple of (low, high), optional
        Inclusive answer scale to validate. Default ``None``: no check of the range.

    Returns
    -------
    DataFrame
        Symmetric construct x construct matrix with 1 on the diagonal.

    Raises
    ------
    SurveyError
        An unknown ``method``; otherwise as :func:`cronbach_alpha`.
    SurveyTypeError
        As :func:`cronbach_alpha`.

    See Also
    --------
    plot_htmt : the heat map of this matrix.
    fornell_larcker : the older criterion, from a CFA.
    sxm.pls.PLSResult.htmt : the same for the blocks of a PLS model, with a bootstrap.
    sxm.formulas.htmt : the plain formula on a correlation matrix.

    Notes
    -----
    With :math:`|r|` the absolute item correlations, for constructs :math:`i \\ne j`

    .. math:: \\mathrm{HTMT}_{ij} = \\frac{\\bar r_{ij}}{\\sqrt{\\bar r_{ii}\\,\\bar r_{jj}}}

    where :math:`\\bar r_{ij}` is the mean of the correlations between the items of *i* and
    those of *j* (heterotrait) and :math:`\\bar r_{ii}` the mean of the correlations among
    the items of *i* (monotrait, off-diagonal). HTMT2 uses geometric instead of arithmetic
    means. Values above 0.85 (strict) or 0.90 (lenient) signal a lack of discriminant
    validity.

    References
    ----------
    Henseler, J., Ringle, C. M., & Sarstedt, M. (2015). A new criterion for assessing
    discriminant validity in variance-based SEM. *JAMS*, 43(1), 115-135.
    Roemer, E., Schuberth, F., & Henseler, J. (2021). HTMT2 -- an improved criterion for
    assessing discriminant validity in SEM. *Industrial Management & Data Systems*, 121(12).

    Examples
    --------
    >>> import semopy
    >>> hs = semopy.examples.holzinger39.get_data()
    >>> blocks = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}
    >>> # In R: semTools::htmt(model, HolzingerSwineford1939)
    >>> htmt(hs, blocks).round(3)
             visual  textual  speed
    visual    1.000    0.384  0.387
    textual   0.384    1.000  0.280
    speed     0.387    0.280  1.000
    >>> # In R: semTools::htmt(model, HolzingerSwineford1939, htmt2 = FALSE)
    >>> htmt(hs, blocks, method="htmt").round(3)
             visual  textual  speed
    visual    1.000    0.424  0.467
    textual   0.424    1.000  0.290
    speed     0.467    0.290  1.000
    """
    if method not in ("htmt2", "htmt"):
        raise SurveyError(f"method: must be 'htmt2' (geometric means) or 'htmt' (arithmetic means); got {method!r}")
    blocks, _, cov, _, pos = _cov_and_blocks(data, blocks, scale=scale, missing=missing)
    return _htmt_from_cov(cov, blocks, pos, method)


def _htmt_from_cov(cov, blocks, pos, method) -> pd.DataFrame:
    names = list(blocks)
    return pd.DataFrame(formulas.htmt(cov, [pos[n] for n in names], method), index=names, columns=names)


def _fit_cfa(data: pd.DataFrame, blocks, fit, *, sample=None, missing="listwise", ordered=False):
    """The joint CFA of all blocks (``sxm.sem.fit``) unless a fitted result is given.

    ``sample``: ``(cov, n)``, the covariance matrix (DataFrame, divisor N - 1) of the answers
    to every item, already validated, when every respondent answered every item; the CFA is
    then fitted to it rather than to ``data`` (validated and covaried once, not twice).
    ``ordered``: the CFA of ordinal items, by WLSMV (its thresholds are needed).
    """
    if fit is not None:
        if not hasattr(fit, "estimates"):
            raise SurveyTypeError(f"fit: must be a result of sxm.sem.fit; got {type(fit).__name__}")
        if ordered and not (fit.estimates["op"] == "|").any():
            raise SurveyError("fit: ordered=True needs a CFA of the ordinal items by "
                              "sxm.sem.fit(..., estimator='WLSMV') (its thresholds); this fit has none")
        return fit
    from . import sem

    if ordered:
        return sem.fit(measurement_syntax(blocks), data, estimator="WLSMV", ordered=True, missing=missing)

    if sample is not None:
        cov, n = sample
        return sem.fit(measurement_syntax(blocks), sample_cov=cov, sample_nobs=n)
    return sem.fit(measurement_syntax(blocks), data, missing="fiml" if missing == "fiml" else "listwise")


def _cfa_parts(fit, blocks):
    """Standardized loadings, unstandardized loadings x factor SD, factor correlations."""
    est = fit.estimates
    loads = est[est["op"] == "=~"]
    names = list(blocks)
    missing = [n for n in names if n not in set(loads["lhs"])]
    if missing:
        raise SurveyError(f"fit: has no loadings for construct {missing[0]!r} of blocks")
    std = {n: loads[loads["lhs"] == n].set_index("rhs")["std_all"].reindex(blocks[n]) for n in names}
    var = est[(est["op"] == "~~") & (est["lhs"] == est["rhs"])].set_index("lhs")["est"]
    raw = {n: loads[loads["lhs"] == n].set_index("rhs")["est"].reindex(blocks[n]) * np.sqrt(float(var[n])) for n in names}
    cov = est[(est["op"] == "~~") & est["lhs"].isin(names) & est["rhs"].isin(names)]
    corr = pd.DataFrame(np.eye(len(names)), index=names, columns=names)
    for _, row in cov[cov["lhs"] != cov["rhs"]].iterrows():
        corr.loc[row["lhs"], row["rhs"]] = corr.loc[row["rhs"], row["lhs"]] = float(row["std_all"])
    return std, raw, corr


def fornell_larcker(data=None, blocks=None, *, fit=None, ave=None, correlations=None) -> pd.DataFrame:
    """Fornell-Larcker table: square root of each construct's AVE against latent correlations.

    Call it either with ``data`` and ``blocks`` (a joint CFA of all blocks is fitted with
    ``sxm.sem.fit``, or pass a fitted one as ``fit``), or with ``ave`` (Series by construct)
    and ``correlations`` (construct x construct DataFrame) computed elsewhere, e.g. by PLS.

    Parameters
    ----------
    data : DataFrame, optional
        Respondents in rows (not modified), with ``blocks``. Default ``None``: give ``ave``
        and ``correlations`` instead.
    blocks : dict or str, optional
        ``{construct: [items]}`` (or a glob pattern per construct) or lavaan syntax, at
        least 2 items per construct; needed with ``data``.
    fit : SEMResult, optional
        A fitted CFA of all blocks (``sxm.sem.fit``); fitted here (listwise) when omitted.
    ave : Series or dict, optional
        AVE per construct, in [0, 1]; with ``correlations``, instead of ``data``.
    correlations : DataFrame, optional
        Construct x construct correlations (e.g. ``PLSResult.construct_corr``) with a row
        and a column for every construct of ``ave``.

    Returns
    -------
    DataFrame
        Construct x construct: :math:`\\sqrt{AVE}` on the diagonal, latent correlations off
        it. Discriminant validity holds for a construct when its diagonal entry exceeds every
        absolute correlation in its row.

    Raises
    ------
    SurveyError
        Only one of ``ave`` and ``correlations``; ``correlations`` without a construct of
        ``ave``; an AVE outside [0, 1]; with ``data``, the errors of the blocks and of the
        CFA fit.
    SurveyTypeError
        ``correlations`` is not a DataFrame, ``fit`` is not a SEM result, or ``data`` is not
        a DataFrame.

    See Also
    --------
    htmt : the heterotrait-monotrait criterion (preferred for discriminant validity).
    average_variance_extracted : the AVE on the diagonal.
    reliability_table : CR and AVE of every construct.

    Notes
    -----
    The AVE is Fornell & Larcker's, from standardized loadings
    (:func:`average_variance_extracted`).

    Examples
    --------
    >>> ave = pd.Series({"a": 0.64, "b": 0.49})
    >>> r = pd.DataFrame([[1, 0.5], [0.5, 1]], index=["a", "b"], columns=["a", "b"])
    >>> fornell_larcker(ave=ave, correlations=r)
         a    b
    a  0.8  0.5
    b  0.5  0.7

    From a joint CFA of the Holzinger-Swineford blocks:

    >>> import semopy
    >>> hs = semopy.examples.holzinger39.get_data()
    >>> blocks = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}
    >>> fornell_larcker(hs, blocks).round(3)
             visual  textual  speed
    visual    0.609    0.459  0.471
    textual   0.459    0.848  0.283
    speed     0.471    0.283  0.656
    >>> # In R: sqrt(semTools::AVE(fit, obs.var = FALSE)) and lavInspect(fit, "cor.lv")
    """
    if ave is not None or correlations is not None:
        if ave is None or correlations is None:
            raise SurveyError("fornell_larcker: pass both ave and correlations (or data and blocks)")
        ave = pd.Series(ave, dtype=float)
        if not isinstance(correlations, pd.DataFrame):
            raise SurveyTypeError(f"correlations: must be a construct x construct DataFrame; got {type(correlations).__name__}")
        names = list(ave.index)
        absent = [n for n in names if n not in correlations.index or n not in correlations.columns]
        if absent:
            raise SurveyError(f"correlations: has no row/column for construct {absent[0]!r} of ave")
        if ((ave < 0) | (ave > 1)).any():
            bad = ave[(ave < 0) | (ave > 1)]
            raise SurveyError(f"ave: must lie in [0, 1]; found {bad.iloc[0]!r} for {bad.index[0]!r}")
        table = correlations.loc[names, names].astype(float).copy()
    else:
        require_frame(data)
        blocks = check_blocks(blocks, data, min_items=2)
        std, _, table = _cfa_parts(_fit_cfa(data, blocks, fit), blocks)
        ave = average_variance_extracted({n: v.to_numpy() for n, v in std.items()})
        names = list(blocks)
    values = table.to_numpy(dtype=float, copy=True)
    np.fill_diagonal(values, np.sqrt(ave.reindex(names).to_numpy()))
    return pd.DataFrame(values, index=names, columns=names)


# --------------------------------------------------------------------------------------
# the table
# --------------------------------------------------------------------------------------
_CONVENTIONS = ("fornell-larcker", "semtools")


def reliability_table(
    data: pd.DataFrame,
    blocks,
    *,
    fit=None,
    convention: str = "fornell-larcker",
    level: float = 0.95,
    missing: str = "listwise",
    scale=None,
    ordered: bool = False,
) -> pd.DataFrame:
    """Reliability and convergent validity of every construct, one row each.

    Parameters
    ----------
    data : DataFrame
        Respondents in rows. Not modified.
    blocks : dict or str
        ``{construct: [items]}`` (or a glob pattern per construct) or lavaan syntax (its
        ``=~`` lines), at least 2 items each, no item in two constructs.
    fit : SEMResult, optional
        A fitted CFA of all blocks (``sxm.sem.fit(sxm.model.measurement_syntax(blocks),
        data)``). Default ``None``: fitted here.
    convention : {"fornell-larcker", "semtools"}, default "fornell-larcker"
        How ``cr`` and ``ave`` are computed from the CFA. ``"fornell-larcker"`` (default):
        from the standardized loadings alone (:func:`composite_reliability`,
        :func:`average_variance_extracted`), the convention of most marketing research and of
        PLS software. ``"semtools"``: ``semTools::compRelSEM`` and ``semTools::AVE`` (their
        default ``obs.var = TRUE``): unstandardized loadings over the *observed* variance of
        the sum score (CR) or the summed observed item variances (AVE). They agree when the
        CFA fits; on a misfitting model they differ by up to a few hundredths.
    level : float, default 0.95
        Confidence level of alpha's interval.
    missing : {"listwise", "pairwise", "fiml"}, default "listwise"
        ``"listwise"`` computes every column from the same respondents (those
        who answered every item; a warning says when that drops more than 5 %).
        ``"pairwise"`` computes alpha and omega from pairwise covariances and fits the CFA
        listwise. ``"fiml"`` uses every answer: alpha and omega from pairwise covariances,
        the CFA (and so ``cr`` and ``ave``) by full-information ML (``sxm.sem.fit(...,
        missing="fiml")``, lavaan's ``missing = "ml"``).
    scale : tuple of (low, high), optional
        Inclusive answer scale to validate. Default ``None``: no check of the range.
    ordered : bool
        The items are ordinal (Likert answers): the CFA is fitted by WLSMV to the polychoric
        correlations (``sxm.sem.fit(..., estimator="WLSMV")``; a ``fit`` given must be one),
        ``cr`` and ``ave`` come from its standardized loadings on the latent responses, and
        two columns are added: ``alpha_ordinal``, Cronbach's alpha of the polychoric
        correlations (ordinal alpha; ``semTools::compRelSEM(fit, tau.eq = TRUE,
        ord.scale = FALSE)``), and ``omega_categorical``, Green & Yang's (2009) reliability
        of the sum of the answers (``compRelSEM(fit)``, :func:`sxm.ordinal.categorical_omega`).
        With ``convention="semtools"``, ``cr`` is that categorical omega (compRelSEM's
        default ``ord.scale = TRUE``). Always from the respondents who answered every item.

    Returns
    -------
    DataFrame
        Index ``construct``; columns ``n_items``, ``n`` (respondents behind alpha and
        omega), ``alpha``, ``alpha_ci_low``, ``alpha_ci_high``, ``omega``, ``cr``, ``ave`` (with
        ``ordered=True`` also ``alpha_ordinal`` and ``omega_categorical``).

    Raises
    ------
    SurveyError
        An unknown ``convention``; a ``fit`` without loadings for a construct (or, with
        ``ordered=True``, without thresholds); otherwise as :func:`cronbach_alpha`.
    SurveyTypeError
        ``fit`` is not a SEM result; otherwise as :func:`cronbach_alpha`.

    See Also
    --------
    cronbach_alpha : alpha with Feldt's interval.
    omega : omega of each block on its own.
    composite_reliability : CR from loadings.
    average_variance_extracted : AVE from loadings.
    htmt : discriminant validity between the constructs.
    polychoric : the correlations behind ``alpha_ordinal`` (``ordered=True``).
    sxm.pls.PLSResult.reliability : alpha, rho_A, rho_C and AVE of a PLS model.

    Notes
    -----
    ``alpha`` is :func:`cronbach_alpha` (as pingouin and ``psych::alpha``); ``omega`` is
    :func:`omega` (one-factor model per block, ``semTools::compRelSEM``); ``cr`` and ``ave``
    come from one CFA of all blocks. Rules of thumb: alpha, omega and CR of at least 0.70,
    AVE of at least 0.50.

    Examples
    --------
    >>> import semopy
    >>> hs = semopy.examples.holzinger39.get_data()
    >>> blocks = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}
    >>> # cr, ave as Fornell & Larcker; convention="semtools" gives semTools::compRelSEM / AVE
    >>> table = reliability_table(hs, blocks)
    >>> table[["n", "alpha", "alpha_ci_low", "alpha_ci_high", "omega", "cr", "ave"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
                 n  alpha  alpha_ci_low  alpha_ci_high  omega     cr    ave
    construct
    visual     301  0.626         0.547          0.694  0.633  0.626  0.371
    textual    301  0.883         0.858          0.904  0.886  0.885  0.720
    speed      301  0.688         0.622          0.745  0.696  0.691  0.430
    >>> # In R: semTools::compRelSEM(fit) and semTools::AVE(fit)
    >>> reliability_table(hs, blocks, convention="semtools")[["cr", "ave"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
                  cr    ave
    construct
    visual     0.612  0.371
    textual    0.885  0.721
    speed      0.686  0.424

    The bundled ECSI survey, with glob patterns for the blocks:

    >>> from sxm.datasets import load
    >>> t = reliability_table(load("ecsi_simulated"), {"Image": "IMAG*", "Satisfaction": "CUSA*", "Loyalty": "CUSL*"})
    >>> t[["alpha", "omega", "cr", "ave"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
                  alpha  omega     cr    ave
    construct
    Image         0.847  0.848  0.849  0.531
    Satisfaction  0.859  0.860  0.860  0.673
    Loyalty       0.823  0.823  0.828  0.617

    Likert items are ordinal (in R: ``compRelSEM(cfa(model, d, ordered = TRUE))``):

    >>> cars = load("car_rental_servqual")
    >>> blocks = {"tangibles": ["P1", "P2", "P3", "P4"], "empathy": ["P18", "P19", "P20", "P21", "P22"]}
    >>> table = reliability_table(cars, blocks, ordered=True)
    >>> table[["alpha", "alpha_ordinal", "omega_categorical", "cr", "ave"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
               alpha  alpha_ordinal  omega_categorical     cr    ave
    construct
    tangibles  0.817          0.842              0.822  0.843  0.575
    empathy    0.857          0.874              0.856  0.874  0.583
    """
    check_choice("convention", convention, _CONVENTIONS)
    check_choice("missing", missing, (*_MISSING, "fiml"))
    level = check_level(level)
    blocks, frame, cov, counts, pos = _cov_and_blocks(data, blocks, scale=scale,
                                                      missing="pairwise" if missing == "fiml" else missing)
    n_rows = len(frame)
    # every row complete (always so after listwise deletion): cov is that of the rows the
    # CFA's listwise fit uses, and serves the CFA too
    complete = bool((counts == n_rows).all())
    alpha = _alpha_from_cov(cov, n_rows, blocks, pos, level)
    out = pd.DataFrame(
        {
            "n_items": alpha["n_items"],
            "n": n_rows,
            "alpha": alpha["alpha"],
            "alpha_ci_low": alpha["ci_low"],
            "alpha_ci_high": alpha["ci_high"],
            "omega": _omega_from_cov(cov, blocks, pos),
        }
    )
    sample = (pd.DataFrame(cov, index=frame.columns, columns=frame.columns), n_rows) if complete else None
    cfa = _fit_cfa(frame if complete else data, blocks, fit, sample=sample, missing=missing, ordered=ordered)
    std, raw, _ = _cfa_parts(cfa, blocks)
    if ordered:  # alpha of the polychorics and Green & Yang's omega (semTools' compRelSEM)
        r = polychoric(frame.dropna(), list(frame.columns))
        tau = {v: g["est"].to_numpy() for v, g in cfa.estimates[cfa.estimates["op"] == "|"].groupby("lhs")}
        out["alpha_ordinal"] = [formulas.cronbach_alpha(r.loc[blocks[n], blocks[n]]) for n in blocks]
        out["omega_categorical"] = [
            categorical_omega(np.outer(std[n], std[n]), [tau[v] for v in blocks[n]], r.loc[blocks[n], blocks[n]])
            for n in blocks]
    if convention == "fornell-larcker" or ordered:
        loadings = {n: v.to_numpy() for n, v in std.items()}
        out["cr"] = composite_reliability(loadings)
        out["ave"] = average_variance_extracted(loadings)
        if ordered and convention == "semtools":
            out["cr"] = out["omega_categorical"]
    else:
        # observed covariance of the complete rows with lavaan's divisor N
        rows = frame if complete else frame.dropna()
        s = cov if complete else _covariance(rows)[0]
        s = s * ((len(rows) - 1) / len(rows))
        idx = {n: pos[n] for n in blocks}
        loadings = {n: v.to_numpy() for n, v in raw.items()}
        out["cr"] = composite_reliability(loadings, total_variance={n: s[np.ix_(i, i)].sum() for n, i in idx.items()})
        out["ave"] = average_variance_extracted(loadings, total_variance={n: np.trace(s[np.ix_(i, i)]) for n, i in idx.items()})
    return out.rename_axis("construct")


# --------------------------------------------------------------------------------------
# figure
# --------------------------------------------------------------------------------------
def plot_htmt(matrix: pd.DataFrame, *, threshold: float = 0.85, title: str | None = None, ax=None):
    """Heatmap of an HTMT matrix (lower triangle), cells above ``threshold`` outlined.

    Parameters
    ----------
    matrix : DataFrame
        The output of :func:`htmt` (a square construct x construct matrix, at least 2
        constructs). Not modified.
    threshold : float, default 0.85
        Cut-off for a lack of discriminant validity (0.85 strict, 0.90 lenient).
    title : str, optional
        Title of the Axes; "(outlined: above <threshold>)" is appended. Default ``None``:
        "HTMT". The words are in the language in force (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new figure sized to the number of
        constructs.

    Returns
    -------
    matplotlib.axes.Axes
        The lower triangle, each cell annotated with its value (two decimals); cells above
        ``threshold`` outlined in red. Known construct names (the SERVQUAL dimensions, the
        four elements) are written in the language in force.

    Raises
    ------
    SurveyTypeError
        ``matrix`` is not a square DataFrame.
    SurveyError
        ``matrix`` has fewer than 2 constructs.

    See Also
    --------
    htmt : the matrix drawn here.
    fornell_larcker : the Fornell-Larcker table.

    Examples
    --------
    >>> import semopy
    >>> hs = semopy.examples.holzinger39.get_data()
    >>> blocks = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}
    >>> ax = plot_htmt(htmt(hs, blocks))
    >>> [t.get_text() for t in ax.texts], ax.get_title()
    (['0.38', '0.39', '0.28'], 'HTMT (outlined: above 0.85)')
    >>> from sxm import i18n
    >>> old = i18n.set_lang("zh")
    >>> plot_htmt(htmt(hs, blocks)).get_title()
    'HTMT（框出：高于 0.85）'
    >>> _ = i18n.set_lang(old)
    """
    import seaborn as sns
    from matplotlib.patches import Rectangle

    from .i18n import label, t
    from .plots import get_ax

    if not isinstance(matrix, pd.DataFrame) or matrix.shape[0] != matrix.shape[1]:
        raise SurveyTypeError("matrix: must be the square DataFrame returned by sxm.reliability.htmt")
    n = matrix.shape[0]
    if n < 2:
        raise SurveyError("matrix: an HTMT heatmap needs at least 2 constructs")
    ax = get_ax(ax, figsize=(1.2 * n + 2.0, 1.0 * n + 1.2) if ax is None else None)
    shown = matrix.iloc[1:, :-1].rename(index=label, columns=label)  # the lower triangle without the empty
    # first row and last column
    mask = np.triu(np.ones(shown.shape, dtype=bool), k=1)
    sns.heatmap(
        shown, mask=mask, annot=True, fmt=".2f", vmin=0, vmax=1, cmap="crest",
        cbar_kws={"label": "HTMT"}, linewidths=0.5, square=True, ax=ax,
    )
    ax.grid(False)
    values = shown.to_numpy()
    for i in range(n - 1):
        for j in range(i + 1):
            if values[i, j] > threshold:
                ax.add_patch(Rectangle((j, i), 1, 1, fill=False, edgecolor="crimson", lw=2.5))
    title = t("reliability.htmt.title") if title is None else title
    ax.set_title(t("reliability.htmt.outlined", title=title, threshold=threshold))
    ax.tick_params(axis="x", rotation=30)
    ax.tick_params(axis="y", rotation=0)
    return ax
