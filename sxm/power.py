"""Planning a study: statistical power and sample size for structural equation models.

Three ways to answer "how many respondents do I need?", from the quickest to the most
faithful:

* **RMSEA-based power of the test of fit** (MacCallum, Browne & Sugawara, 1996): needs only
  the model's degrees of freedom. :func:`rmsea_power` gives the power of the test of close
  fit (H0: RMSEA <= 0.05 against 0.08) or of not-close fit (H0: RMSEA >= 0.05 against
  0.01) for a sample size, :func:`rmsea_sample_size` the smallest N with the wanted power;
  as semTools' ``findRMSEApower`` and ``findRMSEAsamplesize``.
* **Power of the likelihood-ratio test of a parameter** (Satorra & Saris, 1985):
  :func:`lr_power` fits the model without the effect to the covariance matrix implied by the
  population model with it; the misfit is the non-centrality of the chi-square difference.
* **Monte Carlo** (as simsem and pwrSEM): :func:`monte_carlo` draws many samples from the
  population model (:func:`sxm.simulate.latent_survey`, optionally Likert answers and missing
  answers), fits the analysis model to each (:func:`sxm.sem.fit`) and reports, per sample
  size and parameter, the bias, the coverage of the intervals and the power of the tests;
  :func:`sample_size` searches the N that gives a target effect the wanted power, and
  :func:`plot_power` draws the power curves.

The replications run on :func:`sxm.resample.map_tasks`: in worker processes on this
machine or on a Dask cluster (``scheduler=``), with the same results either way.

==========================  ======================================================
:func:`rmsea_power`         power of the test of close / not-close fit
:func:`rmsea_sample_size`   N for the test of close / not-close fit
:func:`lr_power`            power of the likelihood-ratio test of parameters
:func:`monte_carlo`         bias, coverage and power by simulation
:func:`sample_size`         N for a target effect by simulation
:func:`plot_power`          power curves over N, one line per target
==========================  ======================================================

References
----------
MacCallum, R. C., Browne, M. W., & Sugawara, H. M. (1996). Power analysis and determination
of sample size for covariance structure modeling. *Psychological Methods*, 1(2), 130-149.
Satorra, A., & Saris, W. E. (1985). Power of the likelihood ratio test in covariance
structure analysis. *Psychometrika*, 50(1), 83-90.
Muthén, L. K., & Muthén, B. O. (2002). How to use a Monte Carlo study to decide on sample
size and determine power. *Structural Equation Modeling*, 9(4), 599-620.
Wang, Y. A., & Rhemtulla, M. (2021). Power analysis for parameter estimation in structural
equation modeling: A discussion and tutorial. *Advances in Methods and Practices in
Psychological Science*, 4(1).
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from numbers import Real

import numpy as np
import pandas as pd
from scipy import stats

from .io import SurveyError, SurveyTypeError, check_alpha, check_choice, check_level, require_columns, require_frame
from .model import Model, Statement, Term, as_model, drop_path
from .resample import CHUNK, check_resampling, check_scheduler, map_tasks, seed_for

__all__ = [
    "rmsea_power",
    "rmsea_sample_size",
    "lr_power",
    "monte_carlo",
    "sample_size",
    "plot_power",
    "MonteCarloResult",
    "SampleSizeResult",
]

#: the number of respondents behind the population covariance matrix when a model is fitted
#: to it (large, so that lavaan's N - 1 -> N rescaling of ``sample_cov`` is negligible)
_POPULATION_N = 10**9


# --------------------------------------------------------------------------------------
# checks
# --------------------------------------------------------------------------------------
def _real(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)) or not np.isfinite(value):
        raise SurveyTypeError(f"{name}: must be a finite number; got {value!r}")
    return float(value)


def _whole(value, name: str, low: int, what: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise SurveyTypeError(f"{name}: must be a whole number of {what}; got {value!r}")
    if value < low:
        raise SurveyError(f"{name}: needs at least {low} {what}; got {value}")
    return int(value)


def _sizes(n, name: str = "n", low: int = 2) -> np.ndarray:
    """One sample size or a list of them, as an int array (validated)."""
    values = [n] if np.ndim(n) == 0 else list(np.asarray(n, dtype=object).ravel())
    if not values:
        raise SurveyError(f"{name}: needs at least one sample size; got an empty list")
    return np.array([_whole(v, name, low, "respondents") for v in values], dtype=int)


def _probability(value, name: str) -> float:
    value = _real(value, name)
    if not 0 < value < 1:
        raise SurveyError(f"{name}: must lie strictly between 0 and 1, e.g. 0.8; got {value:g}")
    return value


def _rmsea_pair(rmsea0, rmsea1) -> tuple[float, float]:
    r0, r1 = _real(rmsea0, "rmsea0"), _real(rmsea1, "rmsea1")
    for name, r in (("rmsea0", r0), ("rmsea1", r1)):
        if r < 0:
            raise SurveyError(f"{name}: an RMSEA cannot be negative; got {r:g}")
    if r0 == r1:
        raise SurveyError(f"rmsea1: must differ from rmsea0 (larger: test of close fit; smaller: test of "
                          f"not-close fit); both are {r0:g}")
    return r0, r1


# --------------------------------------------------------------------------------------
# RMSEA-based power (MacCallum, Browne & Sugawara 1996)
# --------------------------------------------------------------------------------------
def _chi2_quantile(q: float, df, ncp):
    ncp = np.asarray(ncp, dtype=float)
    return np.where(ncp > 0, stats.ncx2.ppf(q, df, np.maximum(ncp, 1e-300)), stats.chi2.ppf(q, df))


def _chi2_sf(x, df, ncp):
    ncp = np.asarray(ncp, dtype=float)
    return np.where(ncp > 0, stats.ncx2.sf(x, df, np.maximum(ncp, 1e-300)), stats.chi2.sf(x, df))


def _rmsea_power(df, n, r0, r1, alpha):
    ncp0 = (n - 1) * df * r0**2
    ncp1 = (n - 1) * df * r1**2
    if r1 > r0:  # close fit: reject H0 (RMSEA <= r0) for large chi-square
        return _chi2_sf(_chi2_quantile(1 - alpha, df, ncp0), df, ncp1)
    return 1 - _chi2_sf(_chi2_quantile(alpha, df, ncp0), df, ncp1)  # not-close fit: small chi-square


def rmsea_power(df, n, *, rmsea0: float = 0.05, rmsea1: float = 0.08, alpha: float = 0.05):
    """Power of the RMSEA test of close or not-close fit (MacCallum, Browne & Sugawara 1996).

    Parameters
    ----------
    df : int
        Degrees of freedom of the model (72 for chapter 3's model).
    n : int or array-like of int
        Sample size(s).
    rmsea0 : float
        The RMSEA of the null hypothesis (0.05).
    rmsea1 : float
        The RMSEA under which power is computed. Larger than ``rmsea0``: the test of close
        fit (H0: RMSEA <= rmsea0, rejected when the model fits badly; 0.08 is MacCallum et
        al.'s choice). Smaller: the test of not-close fit (H0: RMSEA >= rmsea0, rejected when
        the model fits well; 0.01).
    alpha : float
        Significance level of the test.

    Returns
    -------
    float or ndarray
        The power, one per ``n``.

    See Also
    --------
    rmsea_sample_size : the smallest N with a wanted power.

    Notes
    -----
    The test statistic is noncentral chi-square with ``df`` degrees of freedom and
    noncentrality :math:`\\lambda = (N - 1)\\,df\\,\\varepsilon^2`. For close fit the critical
    value is the :math:`1 - \\alpha` quantile under :math:`\\varepsilon_0` and the power
    :math:`P(\\chi^2_{df}(\\lambda_1) > c)`; for not-close fit the critical value is the
    :math:`\\alpha` quantile and the power :math:`P(\\chi^2_{df}(\\lambda_1) < c)`. As in
    MacCallum et al. and semTools, N - 1 (lavaan's RMSEA divides by N).

    References
    ----------
    MacCallum, R. C., Browne, M. W., & Sugawara, H. M. (1996). *Psychological Methods*, 1(2),
    130-149.

    Examples
    --------
    >>> round(float(rmsea_power(40, 252)), 4)  # In R: semTools::findRMSEApower(.05, .08, 40, 252)
    0.8005
    >>> round(float(rmsea_power(40, 307, rmsea1=0.01)), 4)  # not-close fit
    0.8016
    >>> rmsea_power(72, [100, 200, 300]).round(3)  # chapter 3's model has 72 degrees of freedom
    array([0.535, 0.885, 0.981])
    """
    df = _whole(df, "df", 1, "degrees of freedom")
    r0, r1 = _rmsea_pair(rmsea0, rmsea1)
    alpha = check_alpha(alpha)
    sizes = _sizes(n)
    out = _rmsea_power(df, sizes.astype(float), r0, r1, alpha)
    return float(out[0]) if np.ndim(n) == 0 else out


def rmsea_sample_size(df, *, power: float = 0.8, rmsea0: float = 0.05, rmsea1: float = 0.08,
                      alpha: float = 0.05) -> int:
    """The smallest N whose RMSEA test of close (or not-close) fit has the wanted power.

    Parameters
    ----------
    df : int
        Degrees of freedom of the model.
    power : float
        The wanted power (0.8).
    rmsea0, rmsea1, alpha
        As in :func:`rmsea_power`.

    Returns
    -------
    int
        The smallest N (at least 2) with power above ``power``.

    See Also
    --------
    rmsea_power : the power for a given N.

    Notes
    -----
    Power grows with N; the answer is found by doubling N until the power is reached and
    then bisecting between the last two sizes. MacCallum et al.'s Table 4 gives, for
    df = 40, N = 252 (close fit) and N = 307 (not-close fit).

    Examples
    --------
    >>> rmsea_sample_size(40)  # In R: semTools::findRMSEAsamplesize(.05, .08, 40, .8)
    252
    >>> rmsea_sample_size(40, rmsea1=0.01)
    307
    """
    df = _whole(df, "df", 1, "degrees of freedom")
    target = _probability(power, "power")
    r0, r1 = _rmsea_pair(rmsea0, rmsea1)
    alpha = check_alpha(alpha)
    if target <= alpha:
        raise SurveyError(f"power: must exceed alpha ({alpha:g}), the power of a test with no effect; got {target:g}")

    def reaches(n: int) -> bool:
        return bool(_rmsea_power(df, float(n), r0, r1, alpha) > target)

    low, high = 2, 4
    while not reaches(high):
        low, high = high, high * 2
        if high > 10**9:
            raise SurveyError(f"rmsea1: {r1:g} is too close to rmsea0 ({r0:g}) for any feasible sample size")
    if reaches(low):
        return low
    while high - low > 1:  # reaches(high) and not reaches(low)
        mid = (low + high) // 2
        low, high = (low, mid) if reaches(mid) else (mid, high)
    return high


# --------------------------------------------------------------------------------------
# population models
# --------------------------------------------------------------------------------------
def _population(population) -> Model:
    if not isinstance(population, (str, Model)):
        raise SurveyTypeError(
            "population: must be a population model in lavaan syntax with a value on every parameter, e.g. "
            f"'x =~ 0.8*x1 + 0.7*x2 + 0.7*x3; y =~ 0.8*y1 + 0.7*y2 + 0.7*y3; y ~ 0.3*x'; got {type(population).__name__}"
        )
    return as_model(population, what="population")


def _analysis_of(pop: Model) -> str:
    """The population model without its values: the model fitted to each sample.

    Labels and ``:=`` lines stay (they name targets); thresholds (``|``) and the unit
    variances of standardized constructs go; correlations between constructs become free
    covariances.
    """
    out = []
    for s in pop.statements:
        if s.op == "|":
            continue
        terms = tuple(Term(t.name, None, t.label) for t in s.terms if not (s.op == "~~" and t.name == s.lhs))
        if terms:
            out.append(Statement(s.lhs, s.op, terms, s.line))
    return str(Model(tuple(out), pop.definitions))


def _covariance(pop: Model) -> pd.DataFrame:
    """The population covariance (correlation) matrix of the continuous items."""
    from .simulate import latent_survey

    plain = Model(tuple(s for s in pop.statements if s.op != "|"), ())
    return latent_survey(plain, n=1, levels=None, seed=0).item_corr


def _fit_population(description: str, cov: pd.DataFrame, what: str):
    from .sem import fit

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return fit(description, sample_cov=cov, sample_nobs=_POPULATION_N)
    except SurveyError as err:
        raise SurveyError(f"{what}: cannot be fitted to the population covariance matrix: {err}") from None


# --------------------------------------------------------------------------------------
# Satorra-Saris power of the likelihood-ratio test
# --------------------------------------------------------------------------------------
def lr_power(population, n, *, drop=None, restricted=None, analysis=None, alpha: float = 0.05) -> pd.DataFrame:
    """Power of the likelihood-ratio (chi-square difference) test of parameters (Satorra & Saris 1985).

    The population model holds the effect; the restricted model leaves it out. Fitted to
    the covariance matrix the population implies, the restricted model misfits by
    :math:`F_0` (the ML discrepancy); with N respondents the chi-square difference test is
    approximately noncentral chi-square with noncentrality :math:`\\lambda = N F_0`.

    Parameters
    ----------
    population : str or sxm.model.Model
        The population model in lavaan syntax with values (standardized, as for
        :func:`sxm.simulate.latent_survey`): ``satisfaction ~ 0.3*experience``.
    n : int or list of int
        Sample size(s).
    drop : str, optional
        A path ``"outcome ~ predictor"`` of the analysis model to fix to zero
        (:func:`sxm.model.drop_path`): the restricted model. Give this or ``restricted``.
    restricted : str, optional
        The restricted model in lavaan syntax (it must be nested in ``analysis``).
    analysis : str, optional
        The unrestricted model; default: the population model without its values (then
        it fits the population exactly).
    alpha : float
        Significance level of the test.

    Returns
    -------
    DataFrame
        One row per ``n``: ``n, df`` (difference in degrees of freedom), ``f0`` (the
        population misfit :math:`F_0`), ``ncp`` (:math:`N F_0`) and ``power``.

    See Also
    --------
    monte_carlo : the same question answered by simulation (any test, any estimator).
    rmsea_power : power of the test of overall fit.

    Notes
    -----
    :math:`F_0 = F(\\Sigma_0; \\text{restricted}) - F(\\Sigma_0; \\text{analysis})` with the
    ML discrepancy :math:`F = \\log|\\Sigma(\\theta)| + \\operatorname{tr}(\\Sigma_0\\Sigma(\\theta)^{-1})
    - \\log|\\Sigma_0| - p` minimized by :func:`sxm.sem.fit` (``sample_cov=``). The power is
    :math:`P(\\chi^2_{df}(\\lambda) > \\chi^2_{df, 1-\\alpha})`. The noncentrality uses N, as the
    chi-square of lavaan and :func:`sxm.sem.fit` (:math:`T = N\\hat F`); Satorra and Saris
    wrote N - 1, a difference in the third decimal of the power.

    References
    ----------
    Satorra, A., & Saris, W. E. (1985). Power of the likelihood ratio test in covariance
    structure analysis. *Psychometrika*, 50(1), 83-90.

    Examples
    --------
    >>> pop = "x =~ 0.7*x1 + 0.7*x2 + 0.7*x3; y =~ 0.7*y1 + 0.7*y2 + 0.7*y3; y ~ 0.3*x"
    >>> lr_power(pop, [100, 200], drop="y ~ x").round(3)
         n  df     f0     ncp  power
    0  100   1  0.051   5.088  0.616
    1  200   1  0.051  10.176  0.891
    """
    pop = _population(population)
    alpha = check_alpha(alpha)
    sizes = _sizes(n)
    if (drop is None) == (restricted is None):
        raise SurveyError("drop, restricted: give one of them (a path 'outcome ~ predictor' to fix to zero, "
                          "or the restricted model in lavaan syntax)")
    full = _analysis_of(pop) if analysis is None else str(as_model(analysis, what="analysis"))
    full = str(Model(as_model(full).statements, ()))  # defined parameters do not change the fit
    if drop is not None:
        small = drop_path(full, drop)
    else:
        small = str(Model(as_model(restricted, what="restricted").statements, ()))
    cov = _covariance(pop)
    big = _fit_population(full, cov, "analysis")
    rest = _fit_population(small, cov, "restricted")
    ddf = int(rest.fit_indices["df"] - big.fit_indices["df"])
    if ddf < 1:
        raise SurveyError(f"restricted: must have more degrees of freedom than the analysis model (it must be nested "
                          f"in it); got {int(rest.fit_indices['df'])} against {int(big.fit_indices['df'])}")
    f0 = max(float(rest.fit_indices["chi2"] - big.fit_indices["chi2"]) / _POPULATION_N, 0.0)
    ncp = sizes * f0
    crit = stats.chi2.ppf(1 - alpha, ddf)
    power = _chi2_sf(crit, ddf, ncp)
    return pd.DataFrame({"n": sizes, "df": ddf, "f0": f0, "ncp": ncp, "power": power})


# --------------------------------------------------------------------------------------
# Monte Carlo
# --------------------------------------------------------------------------------------
_FIT_COLUMNS = ["chi2", "df", "pvalue", "cfi", "rmsea", "srmr", "n"]
#: where the robust estimators keep the same statistics (scaled chi-square, robust indices)
_ROBUST_COLUMNS = ["chi2_scaled", "df", "pvalue_scaled", "cfi_robust", "rmsea_robust", "srmr", "n"]
_ESTIMATORS = ("ML", "MLM", "MLR")
_KEY = ["lhs", "op", "rhs"]


@dataclass(frozen=True)
class MonteCarloResult:
    """The result of :func:`monte_carlo`.

    Attributes
    ----------
    estimates : DataFrame
        One row per sample size and parameter: ``n, lhs, op, rhs, label, true, mean_est,
        bias, rel_bias, sd_est, mean_se, coverage, power, power_ci_low, power_ci_high,
        n_converged``.
    fit : DataFrame
        One row per sample size: ``n, reps, n_converged, mean_n`` (respondents a fit used on
        average: fewer than ``n`` under listwise deletion), ``df, mean_chi2, chi2_reject``
        (share of samples whose chi-square test rejects at ``alpha``) and, for CFI, RMSEA and
        SRMR, the mean and the share meeting Hu & Bentler's cut-off (``cfi_ok``, ...), and
        ``all_ok`` (all three).
    draws : DataFrame
        Every replication: ``n, rep, lhs, op, rhs, est, se`` (non-converged ones left out).
    analysis : str
        The model fitted to each sample.
    alpha, level : float
        The significance level of the tests and the confidence level of the intervals.
    """

    estimates: pd.DataFrame
    fit: pd.DataFrame
    draws: pd.DataFrame = field(repr=False)
    analysis: str = ""
    alpha: float = 0.05
    level: float = 0.95

    def pivot(self, column: str = "power", targets=None) -> pd.DataFrame:
        """One column of :attr:`estimates` as a table: a row per sample size, a column per target.

        Parameters
        ----------
        column : str
            The statistic: ``"power"``, ``"coverage"``, ``"bias"``, ``"mean_se"``, ...
        targets : list of str, optional
            Parameters (``"loyalty ~ satisfaction"``, labels, ``:=`` names); default: every
            regression path and defined parameter.

        Returns
        -------
        DataFrame
            Indexed by ``n``; columns named ``"outcome ~ predictor"`` or by the ``:=`` name.

        See Also
        --------
        plot_power : the same numbers as curves.

        Examples
        --------
        >>> pop = "x =~ 0.7*x1 + 0.7*x2 + 0.7*x3; y =~ 0.7*y1 + 0.7*y2 + 0.7*y3; y ~ 0.3*x"
        >>> mc = monte_carlo(pop, [100, 200], reps=20, seed=1, n_jobs=1, progress=False)
        >>> mc.pivot("power")  # doctest: +NORMALIZE_WHITESPACE
             y ~ x
        n
        100   0.60
        200   0.95
        """
        table = self.estimates
        require_columns(table, [column])
        if targets is None:
            mask = table["op"].isin(["~", ":="]).to_numpy()
            names = None
        else:
            targets = [targets] if isinstance(targets, str) else list(targets)
            mask = np.logical_or.reduce([_target_mask(table, t) for t in targets])
        part = table[mask]
        labels = [_label(r) for r in part.itertuples()]
        wide = part.assign(target=labels).pivot(index="n", columns="target", values=column).rename_axis(columns=None)
        if targets is not None:
            names = [next(lab for lab, hit in zip(labels, _target_mask(part, t)) if hit) for t in targets]
        return wide[names] if names is not None else wide[list(dict.fromkeys(labels))]

    def __repr__(self) -> str:
        sizes = ", ".join(str(n) for n in self.fit["n"])
        return f"MonteCarloResult(n=[{sizes}], reps={int(self.fit['reps'].iloc[0])}, parameters={self.estimates['n'].eq(self.fit['n'].iloc[0]).sum()})"


def _mc_chunk(shared, task):
    """Simulate and fit one chunk of replications at one sample size (runs in a worker)."""
    from .sem import fit
    from .simulate import latent_survey

    pop, analysis, keys, levels, missing, method, estimator, seed = shared
    names = _FIT_COLUMNS if estimator == "ML" else _ROBUST_COLUMNS
    n, chunk, size = task
    rng = np.random.default_rng(seed_for(seed, n, chunk))
    k = len(keys)
    est = np.full((size, k), np.nan)
    se = np.full((size, k), np.nan)
    fits = np.full((size, len(_FIT_COLUMNS)), np.nan)
    index = pd.MultiIndex.from_tuples(keys)
    for r in range(size):  # loop over replications, never over respondents
        data = latent_survey(pop, n=n, levels=levels, missing=missing, seed=rng).data
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if estimator != "ML" or (method == "fiml" and missing > 0):
                    res = fit(analysis, data, estimator=estimator, missing=method)
                else:  # complete cases: the ML fit depends on their covariance matrix only (and is 2-3x faster)
                    values = data.to_numpy(dtype=float)
                    values = values[~np.isnan(values).any(axis=1)] if missing > 0 else values
                    cov = pd.DataFrame(np.cov(values, rowvar=False), index=data.columns, columns=data.columns)
                    res = fit(analysis, sample_cov=cov, sample_nobs=len(values))
        except Exception:  # noqa: BLE001 - a failed fit is a non-converged replication
            continue
        if not res.converged:
            continue
        table = res.estimates.set_index(_KEY)
        table = table[~table.index.duplicated()].reindex(index)
        est[r] = table["est"].to_numpy(dtype=float)
        se[r] = table["se"].to_numpy(dtype=float)
        fits[r] = res.fit_indices.reindex(names).to_numpy(dtype=float)
    return est, se, fits


def _wilson(k, m, level):
    z = stats.norm.ppf(0.5 + level / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / m
        centre = (p + z**2 / (2 * m)) / (1 + z**2 / m)
        half = z * np.sqrt(p * (1 - p) / m + z**2 / (4 * m**2)) / (1 + z**2 / m)
    low = np.where(k == 0, 0.0, np.clip(centre - half, 0, 1))  # exact ends, not 1 - 1e-16
    high = np.where(k == m, 1.0, np.clip(centre + half, 0, 1))
    return np.where(m > 0, low, np.nan), np.where(m > 0, high, np.nan)


def _summarize(n, est, se, fits, truth, alpha, level, cutoffs):
    ok = np.isfinite(fits[:, 0])
    est, se, fits = est[ok], se[ok], fits[ok]
    m = int(ok.sum())
    zcrit = stats.norm.ppf(1 - alpha / 2)
    zlev = stats.norm.ppf(0.5 + level / 2)
    true = truth["true"].to_numpy()
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        mean_est = np.nanmean(est, axis=0) if m else np.full(len(true), np.nan)
        sd_est = np.nanstd(est, axis=0, ddof=1) if m > 1 else np.full(len(true), np.nan)
        mean_se = np.nanmean(se, axis=0) if m else np.full(len(true), np.nan)
        valid = np.isfinite(est) & np.isfinite(se) & (se > 0)
        count = valid.sum(axis=0)
        reject = (np.abs(est / se) > zcrit) & valid
        cover = (np.abs(est - true) <= zlev * se) & valid
        power = reject.sum(axis=0) / count
        coverage = cover.sum(axis=0) / count
    bias = mean_est - true
    rel = np.where(np.abs(true) > 1e-12, bias / np.where(true == 0, 1, true), np.nan)
    low, high = _wilson(reject.sum(axis=0), count, level)
    table = truth.assign(n=n, mean_est=mean_est, bias=bias, rel_bias=rel, sd_est=sd_est, mean_se=mean_se,
                         coverage=coverage, power=power, power_ci_low=low, power_ci_high=high, n_converged=count)
    row = {"n": n, "n_converged": m, "mean_n": float(np.nanmean(fits[:, 6])) if m else np.nan,
           "df": float(np.nanmedian(fits[:, 1])) if m else np.nan}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        row["mean_chi2"] = float(np.nanmean(fits[:, 0])) if m else np.nan
        row["chi2_reject"] = float(np.mean(fits[:, 2] < alpha)) if m else np.nan
        oks = []
        for j, (name, good_if, cut) in enumerate(cutoffs):
            values = fits[:, _FIT_COLUMNS.index(name)]
            good = values >= cut if good_if == ">=" else values <= cut
            oks.append(good)
            row[f"mean_{name}"] = float(np.nanmean(values)) if m else np.nan
            row[f"{name}_ok"] = float(np.mean(good)) if m else np.nan
        row["all_ok"] = float(np.mean(np.logical_and.reduce(oks))) if m else np.nan
    return table, row


def _check_missing(missing) -> float:
    if missing is None:
        return 0.0
    share = _real(missing, "missing")
    if not 0 <= share < 1:
        raise SurveyError(f"missing: the share of answers deleted at random must lie in [0, 1); got {share:g}")
    return share


def monte_carlo(population, n, *, analysis=None, reps: int = 1000, estimator: str = "ML", missing=None,
                missing_method: str = "listwise", levels=None, level: float = 0.95, alpha: float = 0.05,
                seed=None, n_jobs=None, scheduler=None, progress: bool = True) -> MonteCarloResult:
    """Bias, coverage and power of every parameter by simulation (as simsem and pwrSEM).

    For each sample size, ``reps`` samples are drawn from the population model
    (:func:`sxm.simulate.latent_survey`), optionally cut into Likert answers and thinned by
    missing answers, and the analysis model is fitted to each (:func:`sxm.sem.fit`).

    Parameters
    ----------
    population : str or sxm.model.Model
        The population model in lavaan syntax with a (standardized) value on every
        parameter: ``loyalty ~ 0.3*satisfaction``; a path of value 0 (``y ~ 0*x``) is
        estimated by the default analysis model, so its ``power`` is the type I error
        rate. Labels (``a*x + 0.4*x``) and ``:=`` lines name targets such as an indirect
        effect.
    n : int or list of int
        Sample size(s).
    analysis : str, optional
        The model fitted to each sample; default: the population model without its values
        (labels and ``:=`` lines kept).
    reps : int
        Replications per sample size.
    estimator : {"ML", "MLM", "MLR"}
        As :func:`sxm.sem.fit`: maximum likelihood, or ML with robust standard errors and a
        scaled chi-square (Satorra-Bentler, complete data; Huber-White and Yuan-Bentler,
        also with FIML) -- the choice for Likert answers. With MLM and MLR the ``fit`` table
        reports the scaled chi-square test and the robust CFI and RMSEA.
    missing : float, optional
        Share of answers deleted completely at random in each sample (``None``: none).
    missing_method : {"listwise", "fiml"}
        How the analysis treats them (``sxm.sem.fit(missing=...)``).
    levels : int, optional
        Cut every item into ``levels`` Likert categories (equal-probability cut points, or
        the population's ``|`` lines); ``None`` keeps continuous answers.
    level : float
        Confidence level of the intervals whose coverage is reported (est ± z·se).
    alpha : float
        Significance level of the tests (Wald z of each parameter, chi-square of the model).
    seed : int, optional
        Makes the replications reproducible, whatever ``n_jobs`` and the backend are.
    n_jobs : int, optional
        Worker processes on this machine (``None``: every core).
    scheduler : str, Client, cluster or None
        Run on a Dask cluster (see :func:`sxm.resample.check_scheduler`; ``None`` reads
        ``SXM_SCHEDULER``).
    progress : bool
        Show a progress bar.

    Returns
    -------
    MonteCarloResult
        ``.estimates`` (per N and parameter: ``true, mean_est, bias, rel_bias, sd_est,
        mean_se, coverage, power, n_converged``), ``.fit`` (per N: chi-square rejection rate
        and the share of samples meeting the CFI, RMSEA and SRMR cut-offs), ``.draws``.

    See Also
    --------
    sample_size : the N that gives one target the wanted power.
    plot_power : power curves over N.
    lr_power : the analytic power of the likelihood-ratio test.

    Notes
    -----
    ``true`` is the analysis model fitted to the population covariance matrix of the
    continuous items (the population value in the analysis model's metric, where the
    first loading of each construct is 1; for a misspecified analysis model, the value it
    converges to). ``power`` is the share of converged samples whose Wald test
    :math:`|\\hat\\theta / se| > z_{1-\\alpha/2}` rejects (the type I error rate when the true
    value is 0), with a Wilson interval at ``level`` (``power_ci_low``, ``power_ci_high``);
    ``coverage`` the share whose interval :math:`\\hat\\theta \\pm z\\,se` holds ``true``;
    ``rel_bias`` the bias over ``true``. With ``levels`` the items' own scale changes, so
    variances are not comparable with ``true``; loadings, paths and indirect effects (ratios
    to the marker items) are, up to the attenuation the categories cause. Samples whose fit
    fails or does not converge are left out and counted (``n_converged``). Replication ``r``
    of chunk ``c`` at size ``N`` draws from ``seed_for(seed, N, c)``.

    References
    ----------
    Muthén, L. K., & Muthén, B. O. (2002). How to use a Monte Carlo study to decide on sample
    size and determine power. *Structural Equation Modeling*, 9(4), 599-620.

    Examples
    --------
    >>> pop = "x =~ 0.7*x1 + 0.7*x2 + 0.7*x3; y =~ 0.7*y1 + 0.7*y2 + 0.7*y3; y ~ 0.3*x"
    >>> mc = monte_carlo(pop, [100, 200], reps=20, seed=1, n_jobs=1, progress=False)
    >>> mc.estimates.query("op == '~'")[["n", "true", "mean_est", "power", "n_converged"]].round(2)
          n  true  mean_est  power  n_converged
    4   100   0.3      0.33   0.60           20
    17  200   0.3      0.34   0.95           20
    """
    pop = _population(population)
    sizes = _sizes(n, low=3)
    reps, seed, n_jobs, progress = check_resampling(reps, seed, n_jobs, progress, minimum=2, name="reps")
    check_choice("estimator", estimator, _ESTIMATORS)
    share = _check_missing(missing)
    method = check_choice("missing_method", missing_method, ("listwise", "fiml"))
    if estimator == "MLM" and method == "fiml":
        raise SurveyError("estimator: 'MLM' needs complete data (Satorra-Bentler); with missing_method='fiml' use "
                          "'MLR'")
    level = check_level(level)
    alpha = check_alpha(alpha)
    target = check_scheduler(scheduler)
    if levels is not None:
        _whole(levels, "levels", 2, "answer categories")
    description = _analysis_of(pop) if analysis is None else str(as_model(analysis, what="analysis"))
    from .simulate import latent_survey

    latent_survey(pop, n=3, levels=levels, missing=share, seed=0)  # checks the population and the options
    truth_fit = _fit_population(description, _covariance(pop), "analysis")
    table = truth_fit.estimates
    free = (table["se"] > 0) | (table["op"] == ":=")
    truth = table.loc[free, [*_KEY, "label", "est"]].rename(columns={"est": "true"}).reset_index(drop=True)
    truth["label"] = truth["label"].fillna("")
    keys = list(zip(truth["lhs"], truth["op"], truth["rhs"]))
    seed_seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    tasks = [(int(size), cid, min(CHUNK, reps - first)) for size in sizes
             for cid, first in enumerate(range(0, reps, CHUNK))]
    chunks = map_tasks(_mc_chunk, tasks, shared=(pop, description, keys, levels, share, method, estimator, seed_seq),
                       n_jobs=n_jobs, scheduler=target if target is not None else "local", progress=progress,
                       desc="Monte Carlo", unit="replication", sizes=[t[2] for t in tasks])
    from .sem import HU_BENTLER

    cutoffs = [(r.index, r.good_if, r.cutoff) for r in HU_BENTLER.itertuples() if r.index in _FIT_COLUMNS]
    tables, rows, draws = [], [], []
    for size in sizes:
        parts = [c for t, c in zip(tasks, chunks) if t[0] == size]
        est = np.concatenate([p[0] for p in parts])
        se = np.concatenate([p[1] for p in parts])
        fits = np.concatenate([p[2] for p in parts])
        part, row = _summarize(int(size), est, se, fits, truth, alpha, level, cutoffs)
        tables.append(part)
        rows.append({"n": int(size), "reps": reps, **{k: v for k, v in row.items() if k != "n"}})
        ok = np.flatnonzero(np.isfinite(fits[:, 0]))
        draws.append(pd.DataFrame({
            "n": int(size), "rep": np.repeat(ok, len(keys)),
            "lhs": np.tile(truth["lhs"].to_numpy(), len(ok)), "op": np.tile(truth["op"].to_numpy(), len(ok)),
            "rhs": np.tile(truth["rhs"].to_numpy(), len(ok)),
            "est": est[ok].ravel(), "se": se[ok].ravel(),
        }))
    columns = ["n", *_KEY, "label", "true", "mean_est", "bias", "rel_bias", "sd_est", "mean_se", "coverage", "power",
               "power_ci_low", "power_ci_high", "n_converged"]
    estimates = pd.concat(tables, ignore_index=True)[columns]
    fit = pd.DataFrame(rows)
    fit["n_converged"] = fit["n_converged"].astype(int)
    return MonteCarloResult(estimates=estimates, fit=fit, draws=pd.concat(draws, ignore_index=True),
                            analysis=description, alpha=alpha, level=level)


# --------------------------------------------------------------------------------------
# targets, sample size, plot
# --------------------------------------------------------------------------------------
_TARGET = re.compile(r"^\s*([^\s~=]+)\s*(=~|~~|~)\s*([^\s~=]+)\s*$")


def _target_mask(table: pd.DataFrame, target) -> np.ndarray:
    """Rows of an estimates table that a target names: ``"y ~ x"``, a label or a ``:=`` name."""
    if not isinstance(target, str) or not target.strip():
        raise SurveyTypeError(f"target: must name a parameter, e.g. 'loyalty ~ satisfaction' or a label such as "
                              f"'ind'; got {target!r}")
    match = _TARGET.match(target)
    if match:
        lhs, op, rhs = match.groups()
        mask = (table["lhs"] == lhs) & (table["op"] == op) & (table["rhs"] == rhs)
        if op == "~~" and not mask.any():
            mask = (table["lhs"] == rhs) & (table["op"] == op) & (table["rhs"] == lhs)
    else:
        name = target.strip()
        mask = (table["label"] == name) | ((table["op"] == ":=") & (table["lhs"] == name))
    if not mask.any():
        known = [f"{a} {o} {b}" for a, o, b in table[_KEY].drop_duplicates().itertuples(index=False) if o != "~~"]
        raise SurveyError(f"target: {target!r} is not a parameter of the analysis model; its parameters include "
                          f"{', '.join(map(repr, known[:8]))}")
    return mask.to_numpy()


@dataclass(frozen=True)
class SampleSizeResult:
    """The result of :func:`sample_size`.

    Attributes
    ----------
    n : int
        The smallest N whose power for the target reaches ``power`` (on the fitted curve).
    target : str
        The parameter.
    power : float
        The wanted power.
    table : DataFrame
        The sample sizes simulated: ``n, power, power_ci_low, power_ci_high, n_converged``
        and ``fitted`` (the power on the fitted curve).
    result : MonteCarloResult
        All the simulations (every parameter at every N tried).
    """

    n: int
    target: str
    power: float
    table: pd.DataFrame
    result: MonteCarloResult = field(repr=False)


def _probit_curve(sizes, hits, counts):
    """Probit regression of rejection on log N (binomial ML): ``(intercept, slope)``."""
    from scipy.optimize import minimize

    x = np.log(np.asarray(sizes, dtype=float))
    hits, counts = np.asarray(hits, float), np.asarray(counts, float)

    def nll(b):
        p = np.clip(stats.norm.cdf(b[0] + b[1] * x), 1e-12, 1 - 1e-12)
        return -(hits * np.log(p) + (counts - hits) * np.log1p(-p)).sum()

    start = np.array([-3.0, 0.5])
    return minimize(nll, start, method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 4000}).x


def sample_size(population, target, *, power: float = 0.8, n_min: int = 50, n_max: int = 1000, reps: int = 500,
                seed=None, start=None, **kwargs) -> SampleSizeResult:
    """The sample size that gives one target parameter the wanted power, by simulation.

    Simulates at four sample sizes spread evenly on the log scale between ``n_min`` and
    ``n_max`` (or reuses the simulations of ``start``), fits a probit curve of the
    rejections on log N, then simulates once more at the N it predicts and refits; the
    answer is the smallest N on the final curve whose power reaches ``power``.

    Parameters
    ----------
    population : str or sxm.model.Model
        The population model with values (see :func:`monte_carlo`).
    target : str
        The parameter: ``"loyalty ~ satisfaction"``, a label, or the name of a ``:=`` line.
    power : float
        The wanted power (0.8).
    n_min, n_max : int
        The range searched.
    reps : int
        Replications per sample size tried.
    seed : int, optional
        Makes the search reproducible.
    start : MonteCarloResult, optional
        Simulations already run with the same population, analysis model and options
        (e.g. over the candidate sample sizes): they replace the first four sizes.
    **kwargs
        Passed to :func:`monte_carlo` (``analysis``, ``levels``, ``missing``, ``alpha``,
        ``n_jobs``, ``scheduler``, ``progress``, ...).

    Returns
    -------
    SampleSizeResult
        ``.n``, ``.table`` (power at each N tried) and ``.result`` (all simulations).

    Raises
    ------
    SurveyError
        When even ``n_max`` respondents give less than ``power`` (raise ``n_max``), or the
        target is not a parameter of the analysis model.

    See Also
    --------
    monte_carlo : the simulation at given sample sizes.
    rmsea_sample_size, lr_power : analytic answers.

    Examples
    --------
    >>> pop = "x =~ 0.7*x1 + 0.7*x2 + 0.7*x3; y =~ 0.7*y1 + 0.7*y2 + 0.7*y3; y ~ 0.3*x"
    >>> found = sample_size(pop, "y ~ x", n_min=50, n_max=400, reps=20, seed=1, n_jobs=1, progress=False)
    >>> 100 < found.n < 250
    True
    """
    wanted = _probability(power, "power")
    n_min = _whole(n_min, "n_min", 3, "respondents")
    n_max = _whole(n_max, "n_max", n_min + 1, "respondents")
    for bad in ("n", "reps"):
        if bad in kwargs:
            raise SurveyError(f"{bad}: set by sample_size itself (use n_min, n_max and reps)")
    pop = _population(population)
    description = _analysis_of(pop) if kwargs.get("analysis") is None else str(as_model(kwargs["analysis"], what="analysis"))
    _target_mask(_fit_population(description, _covariance(pop), "analysis").estimates, target)  # before simulating
    if start is None:
        grid = np.unique(np.round(np.geomspace(n_min, n_max, 4)).astype(int))
        first = monte_carlo(population, list(grid), reps=reps, seed=seed, **kwargs)
    elif not isinstance(start, MonteCarloResult):
        raise SurveyTypeError(f"start: must be the MonteCarloResult of earlier simulations; got {type(start).__name__}")
    elif start.analysis != description:
        raise SurveyError("start: was simulated with another analysis model; simulate with the same population and "
                          "analysis, or leave start out")
    else:
        first = start
        grid = start.fit["n"].to_numpy()
    mask = _target_mask(first.estimates, target)
    rows = first.estimates[mask]
    if rows[["lhs", "op", "rhs"]].drop_duplicates().shape[0] != 1:
        raise SurveyError(f"target: {target!r} names several parameters; name one, e.g. 'outcome ~ predictor'")
    results = [first]

    def curve(table):
        hits = np.round(table["power"] * table["n_converged"])
        return _probit_curve(table["n"], hits, table["n_converged"])

    b = curve(rows)
    if rows["power"].iloc[-1] < wanted and stats.norm.cdf(b[0] + b[1] * np.log(n_max)) < wanted:
        raise SurveyError(f"n_max: even {n_max} respondents give {target!r} a power of only "
                          f"{rows['power'].iloc[-1]:.2f} (< {wanted:g}); raise n_max")
    guess = int(np.clip(np.ceil(np.exp((stats.norm.ppf(wanted) - b[0]) / b[1])), n_min, n_max)) if b[1] > 0 else n_max
    if guess not in set(grid):
        extra = monte_carlo(population, [guess], reps=reps, seed=seed, **kwargs)
        results.append(extra)
        rows = pd.concat([rows, extra.estimates[_target_mask(extra.estimates, target)]]).sort_values("n")
        b = curve(rows)
    n_needed = int(np.ceil(np.exp((stats.norm.ppf(wanted) - b[0]) / b[1]))) if b[1] > 0 else n_max
    table = rows[["n", "power", "power_ci_low", "power_ci_high", "n_converged"]].reset_index(drop=True)
    table["fitted"] = stats.norm.cdf(b[0] + b[1] * np.log(table["n"].to_numpy(dtype=float)))
    merged = MonteCarloResult(
        estimates=pd.concat([r.estimates for r in results], ignore_index=True).sort_values(["n"], kind="stable")
        .reset_index(drop=True),
        fit=pd.concat([r.fit for r in results], ignore_index=True).sort_values("n").reset_index(drop=True),
        draws=pd.concat([r.draws for r in results], ignore_index=True),
        analysis=first.analysis, alpha=first.alpha, level=first.level)
    name = " ".join(rows[["lhs", "op", "rhs"]].iloc[0]) if rows["op"].iloc[0] != ":=" else rows["lhs"].iloc[0]
    return SampleSizeResult(n=n_needed, target=name, power=wanted, table=table, result=merged)


def _label(row) -> str:
    """A target's name in the legend: construct and effect names the suite knows in the
    language in force (``忠诚度 ~ 满意度``), any other name as written."""
    from .i18n import label

    if row.op == ":=":
        return str(label(row.lhs))
    return f"{label(row.lhs)} {row.op} {label(row.rhs)}"


def plot_power(result, *, targets=None, power: float = 0.8, title: str | None = None, ax=None):
    """Power curves over N with their Monte Carlo intervals, one line per target.

    Parameters
    ----------
    result : MonteCarloResult, SampleSizeResult or DataFrame
        A :func:`monte_carlo` result (or its ``.estimates``), a :func:`sample_size`
        result, or a table with columns ``n`` and ``power`` (e.g. from :func:`lr_power`;
        ``power_ci_low``/``power_ci_high`` draw a band, ``lhs, op, rhs`` one line per
        parameter).
    targets : list of str, optional
        Parameters to draw (``"loyalty ~ satisfaction"``, labels, ``:=`` names); default:
        every regression path and defined parameter.
    power : float
        The wanted power, drawn as a dashed line (0.8).
    title : str, optional
        Title of the figure (default: "Power by sample size" in the language of
        :func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    See Also
    --------
    monte_carlo : the power of every parameter at several sample sizes.
    sample_size : the N for one target (its curve is drawn with ``plot_power(found)``).

    Examples
    --------
    >>> table = lr_power("x =~ 0.7*x1 + 0.7*x2 + 0.7*x3; y =~ 0.7*y1 + 0.7*y2 + 0.7*y3; y ~ 0.3*x",
    ...                  [50, 100, 200, 400], drop="y ~ x")
    >>> ax = plot_power(table)
    >>> ax.get_ylabel()
    'power'
    """
    import seaborn as sns

    from .i18n import t
    from .plots import PALETTE, get_ax

    if isinstance(result, SampleSizeResult):
        targets = [result.target] if targets is None else targets
        power = result.power
        result = result.result
    table = result.estimates if isinstance(result, MonteCarloResult) else result
    require_frame(table, name="result")
    require_columns(table, ["n", "power"])
    wanted = _probability(power, "power")
    if set(_KEY) <= set(table.columns):
        if targets is None:
            mask = table["op"].isin(["~", ":="]).to_numpy()
        else:
            if isinstance(targets, str):
                targets = [targets]
            mask = np.logical_or.reduce([_target_mask(table, t) for t in targets])
        table = table[mask]
        labels = [_label(r) for r in table.itertuples()]
    else:
        labels = ["power"] * len(table)
    table = table.assign(target=labels)
    ax = get_ax(ax)
    for i, (name, part) in enumerate(table.groupby("target", sort=False)):
        part = part.sort_values("n")
        colour = PALETTE[i % len(PALETTE)]
        if {"power_ci_low", "power_ci_high"} <= set(part.columns):
            ax.fill_between(part["n"], part["power_ci_low"], part["power_ci_high"], color=colour, alpha=0.2, lw=0)
        sns.lineplot(x=part["n"].to_numpy(), y=part["power"].to_numpy(), marker="o", color=colour, label=name, ax=ax)
    ax.axhline(wanted, color="0.3", ls="--", lw=1)
    ax.set(xlabel=t("power.plot.xlabel"), ylabel=t("power.plot.ylabel"), ylim=(0, 1.02),
           title=t("power.plot.title") if title is None else title)
    if table["target"].nunique() > 1:
        ax.legend(title=None, loc="lower right", fontsize="small")
    elif ax.get_legend() is not None:
        ax.get_legend().remove()
    return ax
