"""Fitting: validation, estimation, standard errors, defined parameters, bootstrap, groups.

The pieces another estimator (e.g. ``_wls.py``) reuses, with stable signatures:

``_prepare(model, frame)``
    parse (``sxm.model``), check the variables against the frame's columns, render for
    semopy; returns ``(spec, semopy_model)``.
``_engine(spec, semopy_model, cov, rows=None, n=None)``
    load the covariance matrix (and rows, for semopy's starting values) and build the
    :class:`~sxm.sem._engine._Engine` (user names, parameter rows, derivatives).
``_table(eng, x, vcov, sd_all, resid_var, order, level=0.95)``
    the parameter table in lavaan's order, with ``se, z, pvalue, ci_low, ci_high, std_all``
    (``sd_all, resid_var`` from ``_moments(eng, x)``).
``_defined(eng, x, vcov, table, level)``
    the ``:=`` rows (delta-method standard errors).
``_indices(...)`` (in ``_indices.py``)
    every fit index from chi-squares, log-likelihoods, N and optional scaling factors.
``_result(eng, x, vcov, fit_indices, n, ...)``
    the :class:`~sxm.sem.result.SEMResult` (table, R-squared, warnings).
"""
from __future__ import annotations

import contextlib
import logging
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from ..io import (SurveyError, SurveyTypeError, check_choice, check_level, complete_rows, numeric_items,
                  require_columns, require_frame)
from ..model import as_model, check_variables
from ..resample import check_resampling
from . import _robust
from ._engine import _Engine, _moments
from ._fiml import Patterns, Terms, fit_saturated
from ._indices import _indices, _srmr
from ._syntax import _OP_RANK, spec as _spec
from .result import MultiGroupResult, SEMResult

ESTIMATORS = ("ML", "MLM", "MLR", "WLSMV")


_BLAS = []  # the threadpoolctl controller, found once


def _small_blas():
    """One BLAS thread for the estimation: its matrices are small (p x p, k x k), and on a busy
    machine the start-up of BLAS threads costs more than they save. The data pass (one
    covariance matrix of all respondents) keeps every thread."""
    if not _BLAS:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:  # an optional speed-up (installed with scikit-learn, pingouin's dependency)
            _BLAS.append(None)
        else:
            _BLAS.append(ThreadpoolController())
    return contextlib.nullcontext() if _BLAS[0] is None else _BLAS[0].limit(limits=1, user_api="blas")


@contextlib.contextmanager
def _quiet():
    """Silence semopy's logging and warnings (sxm.sem reports problems itself, in plain words)."""
    root = logging.getLogger()
    was = root.disabled
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        root.disabled = True
        try:
            yield
        finally:
            root.disabled = was


def _prepare(model, frame):
    """Parse and validate ``model`` against the columns of ``frame``; render it for semopy."""
    import semopy

    m = check_variables(as_model(model, what="model"), frame)
    spec = _spec(m)
    try:
        with _quiet():
            sm = semopy.Model(spec.text)
    except Exception as exc:  # noqa: BLE001 - semopy's own errors, in its words
        raise SurveyError(f"model: semopy could not build the model matrices: {exc}") from None
    # semopy loops forever computing starting values for a factor without a fixed loading
    # (all loadings freed with NA*): give it its first indicator as reference
    for f, items in m.blocks.items():
        key = spec.to_internal[f]
        if sm.first_manifs.get(key) is None:
            sm.first_manifs[key] = spec.to_internal[items[0]]
    return spec, sm


#: rows semopy reads for its starting values (all of them in samples up to this size)
_START_ROWS = 5000


def _engine(spec, sm, cov, rows=None, n=None):
    """Load ``cov`` (observed variables in ``spec.observed`` order) and build the engine.

    ``rows`` (complete answers) feed semopy's starting values; without them semopy starts
    from the covariance matrix alone and the engine's own starting values take over.
    """
    names = [spec.to_internal[v] for v in spec.observed]
    cov_frame = pd.DataFrame(np.atleast_2d(cov), index=names, columns=names)
    with _quiet():
        if rows is not None and len(rows) > 1:
            if len(rows) > _START_ROWS:
                rows = rows[np.linspace(0, len(rows) - 1, _START_ROWS).astype(int)]
            sm.load(data=pd.DataFrame(rows, columns=names), cov=cov_frame)
        else:
            sm.load(cov=cov_frame, n_samples=n)
    eng = _Engine(sm, spec)
    cols = [spec.observed.index(v) for v in eng.observed]
    eng.columns = cols  # engine order -> data column
    eng.sample_cov = np.atleast_2d(cov)[np.ix_(cols, cols)]
    return eng


def _check_identification(eng, df):
    if df < 0:
        raise SurveyError(
            f"the model is not identified: it has {eng.k} free parameters but the data give only "
            f"{eng.k + int(df)} variances and covariances to fit (degrees of freedom = {int(df)}); "
            "fix more parameters or add indicators"
        )


def _vcov(info, n, names=None):
    """Inverse of the total information; warn in plain words when it is singular.

    Singularity is judged on the information rescaled to unit diagonal (a correlation-like
    matrix), so that the units of the items do not matter.
    """
    total = n * (info + info.T) / 2
    diag = np.diag(total)
    if (diag <= 0).any():
        eig_min = -1.0
    else:
        scale = 1 / np.sqrt(diag)
        eig_min = np.linalg.eigvalsh(total * np.outer(scale, scale)).min()
    if eig_min <= 1e-8:
        warnings.warn(
            "the information matrix is not positive definite: the model is probably not identified "
            "(a parameter cannot be told apart from the others), so standard errors are unreliable",
            RuntimeWarning, stacklevel=5,
        )
        return np.linalg.pinv(total)
    return np.linalg.inv(total)


def _tests(table, level):
    """z, pvalue and the normal-theory interval from est and se (se 0: a fixed parameter)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        table["z"] = np.where(table["se"] > 0, table["est"] / table["se"].where(table["se"] > 0), np.nan)
    table["pvalue"] = 2 * stats.norm.sf(np.abs(table["z"]))
    zc = stats.norm.ppf(0.5 + level / 2)
    table["ci_low"] = table["est"] - zc * table["se"]
    table["ci_high"] = table["est"] + zc * table["se"]
    return table


def _table(eng, x, vcov, sd_all, resid_var, order, level=0.95):
    """The parameter table in lavaan's order (see the module docstring)."""
    rows = pd.DataFrame(eng.rows)
    rows["est"] = [x[f] if f >= 0 else v for f, v in zip(rows["free"], rows["value"])]
    for i, j, a, b in eng.fixed_x:
        mask = (rows["matrix"] == 2) & (rows["i"] == i) & (rows["j"] == j)
        rows.loc[mask, "est"] = eng.base[2][i, j]
    se_free = np.sqrt(np.maximum(np.diag(vcov), 0.0))
    rows["se"] = [se_free[f] if f >= 0 else 0.0 for f in rows["free"]]
    rows = _tests(rows, level)
    lhs, rhs, op = rows["lhs"].to_numpy(), rows["rhs"].to_numpy(), rows["op"].to_numpy()
    sd_l = np.array([sd_all[v] for v in lhs])
    sd_r = np.array([sd_all[v] for v in rhs])
    with np.errstate(divide="ignore", invalid="ignore"):
        res = np.sqrt(np.array([resid_var[v] for v in lhs]) * np.array([resid_var[v] for v in rhs]))
        # multiplier from the raw to the fully standardized metric (lavaan's std.all)
        factor = np.where(op == "=~", sd_l / sd_r, np.where(op == "~", sd_r / sd_l,
                          np.where(lhs == rhs, 1 / sd_l**2, 1 / res)))
    rows["std_factor"] = np.abs(factor)
    rows["std_all"] = rows["est"] * factor
    rows["rank"] = rows["op"].map(_OP_RANK)
    # lavaan lists variances of observed variables before those of latent variables
    lat = set(eng.latent)
    rows["sub"] = np.where((rows["op"] == "~~") & rows["lhs"].isin(lat), 1, 0)
    rows["var"] = np.where(rows["lhs"] == rows["rhs"], 0, 1)
    place = {v: i for i, v in enumerate(order)}
    rows["at_l"] = rows["lhs"].map(place).fillna(len(place))
    rows["at_r"] = rows["rhs"].map(place).fillna(len(place))
    rows = rows.sort_values(["rank", "sub", "var", "at_l", "at_r"], kind="stable")
    return rows


def _label_values(eng, x, table=None, column="est"):
    """``{label: value}`` of the labelled parameters at x (x may be a stack (B, k))."""
    x = np.asarray(x, dtype=float)
    out = {}
    for e in eng.rows:
        lab = e["label"]
        if not lab or lab in out:
            continue
        if column != "est":
            row = table[(table["lhs"] == e["lhs"]) & (table["op"] == e["op"]) & (table["rhs"] == e["rhs"])]
            out[lab] = float(row[column].iloc[0])
        elif e["free"] >= 0:
            out[lab] = x[..., e["free"]]
        else:
            out[lab] = np.full(x.shape[:-1], e["value"]) if x.ndim > 1 else e["value"]
    return out


def _define(eng, x):
    """The defined parameters (:=) at x: an array (..., d)."""
    defs = eng.spec.model.define(_label_values(eng, x))
    return np.stack([np.asarray(v, dtype=float) for v in defs.values()], axis=-1)


def _defined(eng, x, vcov, table, level):
    """The ``:=`` rows of the parameter table, with delta-method standard errors."""
    from ._engine import _num_jacobian

    definitions = eng.spec.model.definitions
    if not definitions:
        return None
    est = _define(eng, x)
    jac = _num_jacobian(lambda t: _define(eng, t), x)
    se = np.sqrt(np.maximum(np.einsum("ik,kl,il->i", jac, vcov, jac), 0.0))
    std = eng.spec.model.define(_label_values(eng, x, table, "std_all"))
    names = [d.name for d in definitions]
    rows = pd.DataFrame({"lhs": names, "op": ":=", "rhs": [d.expression.replace(" ", "") for d in definitions],
                         "label": names, "est": est, "se": se})
    rows = _tests(rows, level)
    rows["std_all"] = [float(v) for v in std.values()]
    return rows


def _baseline(eng, s):
    """Implied matrix and dSigma of the independence model (fixed.x block kept)."""
    p = eng.p
    xi = sorted({t[2] for t in eng.fixed_x})
    sb = np.diag(np.diag(s))
    if xi:
        sb[np.ix_(xi, xi)] = s[np.ix_(xi, xi)]
    free = [i for i in range(p) if i not in xi]
    ds = np.zeros((len(free), p, p))
    ds[np.arange(len(free)), free, free] = 1.0
    return sb, ds


def _warn_estimates(table, resid):
    neg = [v for v, r in resid.items() if r < 0]
    if neg:
        warnings.warn(
            f"negative residual variance for {', '.join(map(repr, neg))} (a Heywood case): the model "
            "is misspecified or the sample too small; standardized values above 1 are not interpretable",
            RuntimeWarning, stacklevel=5,
        )
    free = table[table["free"] >= 0]
    # a standardized parameter lives on a scale of about -1..1: a standard error of 10 on that
    # scale is absurd (the information matrix is nearly singular)
    big = free[(free["se"] * free["std_factor"] > 10) | ~np.isfinite(free["se"])]
    if len(big):
        r = big.iloc[0]
        warnings.warn(
            f"absurd standard error for {r['lhs']} {r['op']} {r['rhs']} (se {r['se']:.3g} for an estimate of "
            f"{r['est']:.3g}, more than 10 in standardized units): the parameter is barely identified "
            "(empirical under-identification); do not interpret its test",
            RuntimeWarning, stacklevel=5,
        )


_COLUMNS = ["lhs", "op", "rhs", "label", "est", "se", "z", "pvalue", "ci_low", "ci_high", "std_all"]


def _result(eng, x, vcov, fit_indices, n, *, missing, converged, estimator="ML", level=0.95, warn=True):
    """The SEMResult of a fit at x (parameter table, := rows, R-squared, warnings)."""
    sigma, sd, resid, r2 = _moments(eng, x)
    table = _table(eng, x, vcov, sd, resid, eng.order, level)
    if warn:
        _warn_estimates(table, resid)
    est = table[_COLUMNS]
    defined = _defined(eng, x, vcov, table, level)
    if defined is not None:
        est = pd.concat([est, defined[_COLUMNS]], ignore_index=True)
    return SEMResult(description=str(eng.spec.model), estimates=est.reset_index(drop=True), fit_indices=fit_indices,
                     r2=r2, n=n, missing=missing, converged=bool(converged), vcov=vcov, estimator=estimator,
                     level=level, _engine=eng, _x=x, _latent=list(eng.latent))


# --------------------------------------------------------------------------------------
# data and the two kinds of fit
# --------------------------------------------------------------------------------------
def _answers(spec, data, missing, scale):
    """The model's observed variables as a float array (engine order decided later), n dropped."""
    values = numeric_items(data, spec.observed, scale=scale)
    if missing == "listwise":  # warns when more than 5% of the respondents go
        values = complete_rows(values, what="sxm.sem.fit", alternative="missing='fiml' (every answer given)",
                               stacklevel=5)
    arr = values.to_numpy()
    n_dropped = len(data) - len(arr)
    if len(arr) < 2:
        raise SurveyError(
            f"data: only {len(arr)} respondent(s) answered every model variable; listwise deletion "
            "leaves too few (try missing='fiml')"
        )
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing column is caught by numeric_items
        spread = np.nanmax(arr, axis=0) - np.nanmin(arr, axis=0)
    const = [v for v, r in zip(spec.observed, spread) if not r > 0]
    if const:
        raise SurveyError(
            f"column {const[0]!r}: a model variable must vary between respondents; every answer is the same"
        )
    return arr, n_dropped


def _ml(eng, s, n, estimator, arr=None):
    """ML on a complete-data covariance matrix s (divisor N): estimates, vcov, indices."""
    p = eng.p
    nx = len({t[2] for t in eng.fixed_x})
    df = p * (p + 1) // 2 - nx * (nx + 1) // 2 - eng.k
    _check_identification(eng, df)
    if np.linalg.eigvalsh(s).min() <= 1e-12 * np.abs(s).max():
        raise SurveyError(
            "the sample covariance matrix of the model variables is singular (an item is a copy or a sum "
            "of others, or there are fewer respondents than items)"
        )
    eng.set_fixed_x(s)
    x, f, ok, msg = eng.fit_ml(s, eng.start)
    sigma = eng.implied(x)[0]
    logdet_s = np.linalg.slogdet(s)[1]
    loglik_h1 = -n / 2 * (p * np.log(2 * np.pi) + logdet_s + p)
    loglik = loglik_h1 - n / 2 * f
    chi2 = n * f
    sb, ds_b = _baseline(eng, s)
    f_b = np.linalg.slogdet(sb)[1] + np.trace(s @ np.linalg.inv(sb)) - logdet_s - p
    chi2_b = n * f_b
    df_b = p * (p - 1) // 2 - nx * (nx - 1) // 2
    xi = sorted({t[2] for t in eng.fixed_x})
    if xi:  # lavaan's log-likelihood is conditional on fixed exogenous predictors
        ll_x = -n / 2 * (len(xi) * np.log(2 * np.pi) + np.linalg.slogdet(s[np.ix_(xi, xi)])[1] + len(xi))
        loglik -= ll_x
        loglik_h1 -= ll_x
    robust = None
    if estimator == "ML":
        vcov = _vcov(eng.expected_information(x), n)
    else:
        parts = eng.implied(x)[1]
        got = _robust.complete_robust(estimator, arr, xi, sigma, eng.dsigma(parts),
                                      lambda w: eng.sigma_second(parts, w), sb, ds_b)
        info = eng.expected_information(x) if estimator == "MLM" else eng.observed_information(x, s)
        _vcov(info, n)  # the plain-words warning when the information is singular
        vcov = got["vcov"]
        robust = {"c": got["trace"] / df if df > 0 else np.nan,
                  "c_b": got["trace_b"] / df_b if df_b > 0 else np.nan}
    fi = _indices(chi2, df, chi2_b, df_b, n, loglik, loglik_h1, eng.k, _srmr(s, sigma), robust=robust)
    return x, vcov, fi, ok, msg


def _fiml(eng, arr, estimator):
    """FIML on incomplete answers arr (engine column order): estimates, vcov over x, indices."""
    n, p = arr.shape
    nx = len({t[2] for t in eng.fixed_x})
    df = p * (p + 1) // 2 - nx * (nx + 1) // 2 - eng.k
    _check_identification(eng, df)
    xi = sorted({t[2] for t in eng.fixed_x})
    if xi and np.isnan(arr[:, xi]).any():
        name = eng.observed[[i for i in xi if np.isnan(arr[:, i]).any()][0]]
        raise SurveyError(
            f"column {name!r}: an observed predictor (exogenous, taken as fixed) must have no missing "
            "answers under missing='fiml' (as lavaan's fixed.x); drop those respondents or model it"
        )
    pats = Patterns(arr)
    mu1, s1, sat = fit_saturated(pats)
    eng.set_fixed_x(s1)
    x1, _, ok1, msg1 = eng.fit_ml(s1, eng.start, tol=1e-8)  # warm start: the ML fit to the EM moments
    z, m2ll, ok, msg = eng.fit_fiml(pats, np.concatenate([x1, mu1]))
    x = z[: eng.k]
    const = np.log(2 * np.pi) * float(pats.count @ pats.mask.sum(axis=1))
    loglik = -(m2ll + const) / 2
    loglik_h1 = -(sat.f + const) / 2
    chi2 = 2 * (loglik_h1 - loglik)
    # independence model: each variable's own ML mean and variance from its answers
    v_b = np.nanvar(arr, axis=0)
    m_b = np.nanmean(arr, axis=0)
    sb, ds_b = _baseline(eng, np.diag(v_b))
    terms_b = Terms(sb, m_b, pats)
    loglik_b = -(terms_b.f + const) / 2
    chi2_b = 2 * (loglik_h1 - loglik_b)
    df_b = p * (p - 1) // 2
    terms, parts = eng.fiml_terms(z, pats)
    ds = eng.dsigma(parts)
    hess = terms.hessian(ds, eng.sigma_second(parts, terms.w()))
    sigma = eng.implied(x)[0]
    srmr = _srmr(s1, sigma, mu1, z[eng.k:])
    npar = eng.k + p - nx  # as lavaan, the means of fixed exogenous predictors are not parameters
    eng.fiml_means = z[eng.k:]
    eng.fiml_patterns = pats
    if xi:  # log-likelihood conditional on the (complete) fixed predictors
        ll_x = -n / 2 * (len(xi) * np.log(2 * np.pi) + np.linalg.slogdet(s1[np.ix_(xi, xi)])[1] + len(xi))
        loglik -= ll_x
        loglik_h1 -= ll_x
    vcov_full = _vcov(hess / (2 * n), n)
    robust = None
    if estimator == "MLR":
        got = _robust.fiml_robust(terms, ds, hess, (mu1, s1), terms_b, ds_b, xi)
        vcov_full = got["vcov"]
        robust = {"c": got["trace"] / df if df > 0 else np.nan,
                  "c_b": got["trace_b"] / df_b if df_b > 0 else np.nan}
        robust.update(_robust.fiml_corrected(n, (mu1, s1), got["a1"], got["b1"], (sigma, z[eng.k:], ds),
                                             (sb, m_b, ds_b), df, df_b, xi))
    fi = _indices(chi2, df, chi2_b, df_b, n, loglik, loglik_h1, npar, srmr, robust=robust)
    return x, vcov_full[: eng.k, : eng.k], fi, ok and (ok1 or pats.n_patterns > 1), msg


def _fit_data(model, data, *, estimator, missing, level, scale):
    """One fit to the respondents' answers (no groups, no bootstrap)."""
    require_frame(data)
    spec, sm = _prepare(model, data)
    arr, n_dropped = _answers(spec, data, missing, scale)
    use_fiml = missing == "fiml"
    complete = arr[~np.isnan(arr).any(axis=1)] if use_fiml else arr
    cov = (np.cov(complete, rowvar=False, bias=True) if len(complete) > 1
           else pd.DataFrame(arr).cov(ddof=0).to_numpy())
    eng = _engine(spec, sm, cov, rows=complete)
    arr = arr[:, eng.columns] if eng.columns != list(range(eng.p)) else arr
    with _small_blas():
        if use_fiml:
            x, vcov, fi, ok, msg = _fiml(eng, arr, estimator)
        else:
            x, vcov, fi, ok, msg = _ml(eng, eng.sample_cov, len(arr), estimator, arr)
    if not ok:
        warnings.warn(f"the optimizer did not converge ({msg}); the estimates may not be the ML solution",
                      RuntimeWarning, stacklevel=3)
    if n_dropped:
        fi["n_dropped"] = n_dropped
    result = _result(eng, x, vcov, fi, len(arr), missing=missing, converged=ok, estimator=estimator, level=level)
    result.n_dropped = n_dropped
    return result, arr


def _fit_cov(model, sample_cov, sample_nobs, estimator, level):
    """A fit to a covariance matrix given instead of the data (lavaan's sample.cov)."""
    if not isinstance(sample_cov, pd.DataFrame):
        raise SurveyTypeError(
            "sample_cov: must be a DataFrame with the model variables as row and column labels "
            f"(e.g. data.cov()); got {type(sample_cov).__name__}"
        )
    if (not isinstance(sample_nobs, (int, np.integer)) or isinstance(sample_nobs, bool)) and sample_nobs is not None:
        raise SurveyTypeError(f"sample_nobs: must be a whole number of respondents; got {sample_nobs!r}")
    if sample_nobs is None or sample_nobs < 2:
        raise SurveyError(
            "sample_nobs: the number of respondents behind sample_cov is needed (at least 2) for the "
            f"standard errors and fit indices; got {sample_nobs!r}"
        )
    if list(sample_cov.index) != list(sample_cov.columns):
        raise SurveyError(
            "sample_cov: rows and columns must be labelled by the same variables in the same order "
            "(a covariance matrix such as data.cov())"
        )
    spec, sm = _prepare(model, sample_cov)
    observed = spec.observed
    try:
        s = sample_cov.loc[observed, observed].to_numpy(dtype=np.float64)
    except (TypeError, ValueError):
        raise SurveyTypeError("sample_cov: must hold numbers (variances and covariances)") from None
    if not np.isfinite(s).all():
        i, j = np.argwhere(~np.isfinite(s))[0]
        raise SurveyError(
            f"sample_cov: entry ({observed[i]!r}, {observed[j]!r}) must be a finite number; found {s[i, j]!r}"
        )
    asym = np.abs(s - s.T) > 1e-10 * np.abs(s).max()
    if asym.any():
        i, j = np.argwhere(asym)[0]
        raise SurveyError(
            f"sample_cov: must be symmetric; entry ({observed[i]!r}, {observed[j]!r}) is {s[i, j]:g} "
            f"but ({observed[j]!r}, {observed[i]!r}) is {s[j, i]:g}"
        )
    if not (np.diag(s) > 0).all():
        v = observed[int(np.argmin(np.diag(s) > 0))]
        raise SurveyError(
            f"column {v!r}: a model variable must vary between respondents; its variance in sample_cov "
            f"is {s[observed.index(v), observed.index(v)]:g}"
        )
    n = int(sample_nobs)
    s = (s + s.T) / 2 * ((n - 1) / n)  # divisor N - 1 (as data.cov(), R's cov()) to N
    eng = _engine(spec, sm, s, n=n)
    with _small_blas():
        x, vcov, fi, ok, msg = _ml(eng, eng.sample_cov, n, estimator)
    if not ok:
        warnings.warn(f"the optimizer did not converge ({msg}); the estimates may not be the ML solution",
                      RuntimeWarning, stacklevel=3)
    return _result(eng, x, vcov, fi, n, missing="listwise", converged=ok, estimator=estimator, level=level)


# --------------------------------------------------------------------------------------
# the public function
# --------------------------------------------------------------------------------------
def fit(model, data: pd.DataFrame | None = None, *, estimator: str = "ML", ordered=None,
        missing: str = "listwise", n_boot: int = 0, seed=None, n_jobs=None, progress: bool = True,
        level: float = 0.95, by: str | None = None, scale=None, sample_cov: pd.DataFrame | None = None,
        sample_nobs: int | None = None):
    """Fit a structural equation model (lavaan's ``sem()``/``cfa()``).

    Parameters
    ----------
    model : str or dict
        The model in lavaan syntax (read by :func:`sxm.model.parse`): ``=~`` measurement,
        ``~`` regression, ``~~`` (co)variance, ``:=`` defined parameters; ``number*var``
        fixes, ``NA*var`` frees, ``label*var`` labels (equal labels, equal parameters).
        Names may use any alphabet. A dict ``{construct: [items]}`` is a CFA.
    data : DataFrame
        Respondents in rows. Only the model's observed variables are used (other columns,
        e.g. ids or comments, are ignored); they must be numeric. Not modified. Leave it
        out when the model is fitted to ``sample_cov``.
    estimator : {"ML", "MLM", "MLR", "WLSMV"}
        ``"ML"``: maximum likelihood, standard errors from the expected information (the
        observed information under FIML). ``"MLM"``: the same estimates with robust
        (sandwich) standard errors and the Satorra-Bentler scaled chi-square (complete
        data). ``"MLR"``: robust Huber-White standard errors from the observed information
        and the Yuan-Bentler scaled chi-square (lavaan's ``yuan.bentler.mplus``), also with
        ``missing="fiml"``. ``"WLSMV"``: items treated as ordinal (see ``ordered``).
        With MLM and MLR, ``fit_indices`` gains the scaled and robust indices.
    ordered : True or list of str, optional
        Items (``True``: every observed variable) treated as ordinal: thresholds and
        polychoric correlations, DWLS (``estimator="WLSMV"``, as lavaan's ``ordered=``).
        Every observed variable must be ordinal and none an observed predictor; incomplete
        respondents are dropped (listwise). ``estimates`` gains the thresholds (``op "|"``,
        ``rhs`` ``t1``, ``t2``, ...; ``item | a*t1`` lines label or fix them) and the items'
        residual variances are fixed (delta parameterization); ``fit_indices`` gains the
        mean-and-variance adjusted test (``chi2_scaled``, ``scaling_factor``, ``shift``) and
        the scaled and robust CFI, TLI and RMSEA, as lavaan 0.6's ``fitMeasures``.
    missing : {"listwise", "fiml"}
        ``"listwise"`` drops respondents with any missing answer among the model's
        variables (a warning says so when that is more than 5% of them; the reported
        ``n`` is the number kept); ``"fiml"`` uses every answer by full-information ML
        (saturated means, as lavaan's ``missing = "ml"``).
    n_boot : int
        Number of bootstrap resamples of respondents (0 = none). ``se`` becomes the
        bootstrap standard deviation and ``ci_low``/``ci_high`` the percentile interval
        (as lavaan's ``se = "bootstrap"``); :meth:`SEMResult.effects` gains percentile
        intervals too.
    seed : int, optional
        Seed of the bootstrap; the draws do not depend on ``n_jobs``.
    n_jobs : int, optional
        Processes for the bootstrap (``None`` = every core).
    progress : bool
        Show a progress bar during the bootstrap.
    level : float
        Confidence level of the intervals.
    by : str, optional
        Column of group membership: fits the model in each group and returns a
        :class:`MultiGroupResult`.
    scale : (low, high), optional
        Answer scale to check the answers against (default: the scale the data were read
        with, if any).
    sample_cov : DataFrame, optional
        Instead of ``data``: the covariance matrix of the model's observed variables
        (rows and columns labelled by them; other variables are ignored), with divisor
        N - 1 as ``data.cov()`` and R's ``cov()``; it is rescaled to divisor N, as lavaan's
        ``sample.cov`` (``sample.cov.rescale = TRUE``). The estimates, standard errors and
        fit indices are those of the fit to the data it came from (estimator ML). Needs
        ``sample_nobs``; cannot be combined with ``n_boot``, ``missing="fiml"`` or ``by``
        (they need the respondents' answers).
    sample_nobs : int, optional
        Number of respondents behind ``sample_cov`` (lavaan's ``sample.nobs``).

    Returns
    -------
    SEMResult
        (a :class:`MultiGroupResult` with ``by``).

    See Also
    --------
    compare : chi-square difference test of nested models.
    invariance : configural, metric and scalar invariance across groups.
    sxm.model.parse : the model syntax.

    Notes
    -----
    The ML discrepancy ``F = log|Sigma| + tr(S Sigma^-1) - log|S| - p`` (``S`` with divisor
    N) is minimized by Fisher scoring; ``chi2 = N F``. Under FIML, -2 log L is summed over
    missing-data patterns (vectorized, :mod:`sxm.sem._fiml`). ``loglik`` is the normal
    log-likelihood with saturated means; AIC and BIC count the free parameters (means too
    under FIML). Robust standard errors are ``A^-1 B A^-1 / N`` (:mod:`sxm.sem._robust`).

    References
    ----------
    Bollen, K. A. (1989). *Structural equations with latent variables*. Wiley.
    Rosseel, Y. (2012). lavaan: An R package for structural equation modeling. *Journal of
    Statistical Software*, 48(2).

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> model = "visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9"
    >>> res = fit(model, hs)  # In lavaan: cfa(model, HolzingerSwineford1939)
    >>> round(float(res.fit_indices["chi2"]), 3), int(res.fit_indices["df"])
    (85.306, 24)

    Robust ML (in lavaan: ``cfa(model, HolzingerSwineford1939, estimator = "MLM")``):

    >>> mlm = fit(model, hs, estimator="MLM")
    >>> round(float(mlm.fit_indices["chi2_scaled"]), 3), round(float(mlm.fit_indices["scaling_factor"]), 3)
    (80.872, 1.055)

    The same model fitted to the covariance matrix alone (as a published table gives it):

    >>> items = ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"]
    >>> res = fit(model, sample_cov=hs[items].cov(), sample_nobs=len(hs))
    >>> round(float(res.fit_indices["chi2"]), 3), int(res.fit_indices["df"])
    (85.306, 24)
    """
    if isinstance(estimator, str):
        estimator = estimator.upper()
    estimator = check_choice("estimator", estimator, ESTIMATORS)
    missing = check_choice("missing", missing, ("listwise", "fiml"))
    n_boot, seed, n_jobs, progress = check_resampling(n_boot, seed, n_jobs, progress)
    level = check_level(level)
    if ordered is not None or estimator == "WLSMV":
        if estimator in ("MLM", "MLR"):
            raise SurveyError(f"ordered: ordinal items are fitted by estimator='WLSMV', not {estimator!r}")
        for name, used in (("by", by is not None), ("sample_cov", sample_cov is not None)):
            if used:
                raise SurveyError(f"{name}: is not available with estimator='WLSMV' (ordinal items)")
        try:
            from ._wls import fit_wls
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}._wls":
                raise
            raise SurveyError("estimator='WLSMV' (ordinal items): is not available in this build of sxm; "
                              "use estimator='MLR' for robust ML on Likert items") from None
        return fit_wls(model, data, ordered=ordered, missing=missing, n_boot=n_boot, seed=seed, n_jobs=n_jobs,
                       progress=progress, level=level, scale=scale)
    if estimator == "MLM" and missing == "fiml":
        raise SurveyError("estimator='MLM': needs complete data (as lavaan); use estimator='MLR' with "
                          "missing='fiml'")
    if sample_cov is not None or sample_nobs is not None:
        clash = [name for name, used in (("data", data is not None), ("n_boot", n_boot > 0),
                                         ("missing='fiml'", missing == "fiml"), ("by", by is not None),
                                         (f"estimator={estimator!r}", estimator != "ML")) if used]
        if clash:
            raise SurveyError(
                f"sample_cov: cannot be combined with {clash[0]} (it needs the respondents' answers); "
                "pass the data instead of the covariance matrix"
            )
        return _fit_cov(model, sample_cov, sample_nobs, estimator, level)
    if by is not None:
        return _fit_groups(model, data, estimator=estimator, missing=missing, n_boot=n_boot, seed=seed,
                           n_jobs=n_jobs, progress=progress, level=level, by=by, scale=scale)
    result, arr = _fit_data(model, data, estimator=estimator, missing=missing, level=level, scale=scale)
    if n_boot:
        _bootstrap(result, arr, missing == "fiml", n_boot, seed, n_jobs, progress)
    return result


# --------------------------------------------------------------------------------------
# bootstrap and groups
# --------------------------------------------------------------------------------------
def _bootstrap(result, arr, use_fiml, n_boot, seed, n_jobs, progress):
    from ..resample import bootstrap as _boot

    eng = result._engine
    x_hat = result._x.copy()
    fiml = use_fiml and np.isnan(arr).any()
    if fiml:  # resample respondents by their row numbers: the patterns are grouped once
        z_hat = np.concatenate([x_hat, eng.fiml_means])
        pats = eng.fiml_patterns
        terms, parts = eng.fiml_terms(z_hat, pats)
        ds = eng.dsigma(parts)
        # each resample starts from the one-step (influence) approximation of its estimate,
        # z_hat + 2 H^-1 sum (w_i - 1) s_i (casewise scores s_i, Hessian H of -2 log L), and
        # BFGS from H^-1 takes it to the resample's optimum
        hinv = np.linalg.pinv(eng.fiml_hessian(z_hat, pats))
        step = 2 * terms.scores(ds) @ hinv

    def statistic(sample):
        if fiml:
            weights = np.bincount(sample, minlength=len(arr))
            resample = pats.weighted(weights)
            if eng.fixed_x:  # exogenous observed predictors stay at their ML (co)variances
                eng.set_fixed_x(fit_saturated(resample, tol=1e-9)[1])
            z0 = z_hat + (weights - 1.0) @ step
            if eng.fiml_terms(z0, resample)[0] is None:
                z0 = z_hat
            z, _, ok, _ = eng.refit_fiml(resample, z0, hinv, tol=1e-9)  # as precise as the listwise resamples
            x = z[: eng.k]
        else:
            s = np.cov(sample, rowvar=False, bias=True)
            eng.set_fixed_x(s)
            x, _, ok, _ = eng.fit_ml(s, x_hat, max_iter=100, tol=1e-9, warm=True)
        if not ok:
            raise RuntimeError("no convergence")
        return x

    with _small_blas():  # forked workers inherit the setting
        draws = _boot(statistic, np.arange(len(arr)) if fiml else arr, n_boot=n_boot, seed=seed, n_jobs=n_jobs,
                      desc="SEM bootstrap", progress=progress)
    result.boot_draws = draws
    key = {(r["lhs"], r["op"], r["rhs"]): r["free"] for r in eng.rows}
    est = result.estimates
    free = np.array([key.get((a, b, c), -1) for a, b, c in zip(est["lhs"], est["op"], est["rhs"])])
    _boot_table(result, draws, free, draws)


def _boot_table(result, draws, col, x_draws):
    """Bootstrap ``se``, percentile ``ci_low``/``ci_high``, ``z`` and ``pvalue`` in the estimates.

    Row r takes column ``col[r]`` of ``draws`` (-1: a fixed parameter, left as it is); the
    ``:=`` rows are computed from ``x_draws``, the engine's parameter vector of every resample.
    """
    from ..resample import percentile_ci

    est, level = result.estimates, result.level
    low, high = percentile_ci(draws, level)
    sd = np.nanstd(draws, axis=0, ddof=1)
    has = col >= 0
    est.loc[has, "se"] = sd[col[has]]
    est.loc[has, "ci_low"] = low[col[has]]
    est.loc[has, "ci_high"] = high[col[has]]
    defined = (est["op"] == ":=").to_numpy()
    if defined.any():
        values = _define(result._engine, x_draws[~np.isnan(x_draws).any(axis=1)])
        d_low, d_high = percentile_ci(values, level)
        est.loc[defined, "se"] = np.std(values, axis=0, ddof=1)
        est.loc[defined, "ci_low"] = d_low
        est.loc[defined, "ci_high"] = d_high
    boot = has | defined
    with np.errstate(divide="ignore", invalid="ignore"):
        est.loc[boot, "z"] = est.loc[boot, "est"] / est.loc[boot, "se"]
    est.loc[boot, "pvalue"] = 2 * stats.norm.sf(np.abs(est.loc[boot, "z"]))


def _group_labels(data, by):
    """The grouping column (validated) and its levels in order of appearance."""
    require_frame(data)
    if not isinstance(by, str):
        raise SurveyTypeError(f"by: must be the name of a grouping column; got {type(by).__name__}")
    require_columns(data, [by], what="grouping column")
    labels = data[by]
    if labels.isna().any():
        pos = int(np.flatnonzero(labels.isna().to_numpy())[0]) + 1
        raise SurveyError(f"column {by!r}: group membership must not be missing; respondent {pos} has none")
    levels = list(pd.unique(labels))
    if len(levels) < 2:
        raise SurveyError(f"column {by!r}: needs at least two groups; found only {levels!r}")
    return labels, levels


def _fit_groups(model, data, *, estimator, missing, n_boot, seed, n_jobs, progress, level, by, scale):
    labels, levels = _group_labels(data, by)
    fits = {}
    for g in levels:  # loop over groups
        sub = data.loc[(labels == g).to_numpy()]
        fits[g] = fit(model, sub, estimator=estimator, missing=missing, n_boot=n_boot, seed=seed, n_jobs=n_jobs,
                      progress=progress, level=level, scale=scale)
    est = pd.concat([r.estimates.assign(group=g) for g, r in fits.items()], ignore_index=True)
    chi2 = sum(r.fit_indices["chi2"] for r in fits.values())
    df = sum(r.fit_indices["df"] for r in fits.values())
    n = sum(r.n for r in fits.values())
    chi2_b = sum(r.fit_indices["baseline_chi2"] for r in fits.values())
    df_b = sum(r.fit_indices["baseline_df"] for r in fits.values())
    loglik = sum(r.fit_indices["loglik"] for r in fits.values())
    loglik_h1 = sum(r.fit_indices["loglik_saturated"] for r in fits.values())
    # as lavaan, a multi-group model has a mean structure: with complete data the p intercepts
    # per group are saturated (free parameters, zero mean residuals in the SRMR)
    srmr_g, npar = [], 0
    for r in fits.values():
        p = len(r._engine.observed)
        npar += r.fit_indices["npar"] + (p if r.missing == "listwise" else 0)
        share = 1.0 if r.missing == "fiml" else np.sqrt((p * (p + 1) / 2) / (p * (p + 1) / 2 + p))
        srmr_g.append(r.n * r.fit_indices["srmr"] * share)
    srmr = float(np.sum(srmr_g) / n)
    robust = None
    if estimator != "ML":  # no constraints across groups: the traces of U Gamma add up
        trace = sum(r.fit_indices["scaling_factor"] * r.fit_indices["df"] for r in fits.values())
        trace_b = sum(r.fit_indices["baseline_scaling_factor"] * r.fit_indices["baseline_df"] for r in fits.values())
        robust = {"c": trace / df, "c_b": trace_b / df_b}
    fi = _indices(chi2, df, chi2_b, df_b, n, loglik, loglik_h1, npar, srmr, groups=len(fits), robust=robust)
    return MultiGroupResult(groups=fits, estimates=est, fit_indices=fi, by=by, estimator=estimator)
