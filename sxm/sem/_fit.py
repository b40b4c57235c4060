"""Fitting: validation, estimation, standard errors, bootstrap and groups."""
from __future__ import annotations

import contextlib
import logging
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from ..io import SurveyError, SurveyTypeError, numeric_items, require_columns, require_frame
from ._engine import _Engine, _em_saturated, _m2ll_saturated, _num_jacobian
from ._indices import _indices, _srmr
from ._syntax import _OP_RANK, _lavaan_defaults, _parse
from .result import MultiGroupResult, SEMResult


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


def _prepare(description, data):
    import semopy

    require_frame(data)
    lines, latent, order = _parse(description)
    observed = [v for v in order if v not in latent]
    require_columns(data, observed, what="model variable")
    for v in latent:
        if v in data.columns:
            raise SurveyError(
                f"variable {v!r}: is measured by indicators (=~) so it is latent, but the data also has a "
                "column of that name; rename the latent variable"
            )
    full = _lavaan_defaults(lines, latent, order)
    try:
        with _quiet():
            model = semopy.Model(full)
    except Exception as exc:  # semopy's own syntax errors
        raise SurveyError(f"model description: semopy could not read it: {exc}") from None
    # semopy loops forever computing starting values for a factor without a fixed loading
    # (all loadings freed with NA*): give it its first indicator as reference
    for l, op, t in lines:
        if op == "=~" and model.first_manifs.get(l) is None and t:
            model.first_manifs[l] = t[0][1]
    return model, lines, latent, observed, order


def _check_identification(eng, df):
    if df < 0:
        raise SurveyError(
            f"the model is not identified: it has {eng.k} free parameters but the data give only "
            f"{eng.k + int(df)} variances and covariances to fit (degrees of freedom = {int(df)}); "
            "fix more parameters or add indicators"
        )


def _vcov(info, n, names):
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
            RuntimeWarning, stacklevel=4,
        )
        return np.linalg.pinv(total)
    return np.linalg.inv(total)


def _table(eng, x, vcov, sd_all, resid_var, order, alpha=0.05):
    rows = pd.DataFrame(eng.rows)
    rows["est"] = [x[f] if f >= 0 else v for f, v in zip(rows["free"], rows["value"])]
    for i, j, a, b in eng.fixed_x:
        mask = (rows["matrix"] == 2) & (rows["i"] == i) & (rows["j"] == j)
        rows.loc[mask, "est"] = eng.base[2][i, j]
    se_free = np.sqrt(np.maximum(np.diag(vcov), 0.0))
    rows["se"] = [se_free[f] if f >= 0 else 0.0 for f in rows["free"]]
    with np.errstate(divide="ignore", invalid="ignore"):
        rows["z"] = np.where(rows["free"] >= 0, rows["est"] / rows["se"].replace(0.0, np.nan), np.nan)
    rows["pvalue"] = 2 * stats.norm.sf(np.abs(rows["z"]))
    zc = stats.norm.ppf(1 - alpha / 2)
    rows["ci_low"] = rows["est"] - zc * rows["se"]
    rows["ci_high"] = rows["est"] + zc * rows["se"]
    factor = []  # multiplier from the raw to the fully standardized metric (lavaan's std.all)
    for r in rows.itertuples():
        if r.op == "=~":
            factor.append(sd_all[r.lhs] / sd_all[r.rhs])
        elif r.op == "~":
            factor.append(sd_all[r.rhs] / sd_all[r.lhs])
        elif r.lhs == r.rhs:
            factor.append(1 / sd_all[r.lhs] ** 2)
        else:
            factor.append(1 / np.sqrt(resid_var[r.lhs] * resid_var[r.rhs]))
    rows["std_factor"] = np.abs(factor)
    rows["std_all"] = rows["est"] * np.array(factor)
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


def _moments(eng, x):
    sigma, parts = eng.implied(x)
    beta, lam, psi, theta, c, mm = parts
    total_inner = c @ psi @ c.T
    var = dict(zip(eng.inner, np.diag(total_inner)))
    resid = dict(zip(eng.inner, np.diag(psi)))
    for i, v in enumerate(eng.observed):
        if v not in var:
            var[v] = sigma[i, i]
            resid[v] = theta[i, i]
    sd = {k: float(np.sqrt(v)) if v > 0 else np.nan for k, v in var.items()}
    endo = [v for v in eng.inner if beta[eng.inner.index(v)].any()] + [v for v in eng.observed if v not in eng.inner]
    r2 = pd.Series({v: 1 - resid[v] / var[v] for v in endo}, dtype=float, name="r2")
    place = {v: i for i, v in enumerate(getattr(eng, "order", []))}
    observed = sorted((v for v in r2.index if v in eng.observed and v not in eng.inner), key=lambda v: place.get(v, 0))
    inner = sorted((v for v in r2.index if v in eng.inner), key=lambda v: place.get(v, 0))
    order = observed + inner
    return sigma, sd, resid, r2[order]


#: rows semopy reads for its starting values (all of them in samples up to this size)
_START_ROWS = 5000


def _build(description, data, missing):
    """Validate the data, apply the missing-data rule and build the estimation engine."""
    model, lines, latent, observed, observed_order = _prepare(description, data)
    values = numeric_items(data, observed)
    arr = values.to_numpy()
    incomplete = np.isnan(arr).any(axis=1)
    if not incomplete.any():
        arr_fit = arr
        use_fiml = missing == "fiml"
    elif missing == "listwise":
        arr_fit = arr[~incomplete]
        use_fiml = False
    else:
        arr_fit = arr
        use_fiml = True
    n_dropped = int(incomplete.sum()) if missing == "listwise" else 0
    if len(arr_fit) < 2:
        raise SurveyError(
            f"data: only {len(arr_fit)} respondent(s) answered every model variable; listwise deletion "
            "leaves too few (try missing='fiml')"
        )
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing column is caught below
        spread = np.nanmax(arr_fit, axis=0) - np.nanmin(arr_fit, axis=0)
    const = [v for v, r in zip(observed, spread) if not r > 0]
    if const:
        raise SurveyError(
            f"column {const[0]!r}: a model variable must vary between respondents; every answer is the same"
        )
    # semopy's own covariance pass (numpy masked arrays) is slow on large samples: hand it
    # the covariance matrix, and at most _START_ROWS evenly spread rows for its starting
    # values (the ML optimum does not depend on where the optimizer starts)
    complete = arr_fit[~np.isnan(arr_fit).any(axis=1)] if use_fiml else arr_fit
    cov = (np.cov(complete, rowvar=False, bias=True) if len(complete) > 1
           else pd.DataFrame(arr_fit).cov(ddof=0).to_numpy())
    rows = arr_fit if len(arr_fit) <= _START_ROWS else arr_fit[np.linspace(0, len(arr_fit) - 1, _START_ROWS).astype(int)]
    with _quiet():
        model.load(data=pd.DataFrame(rows, columns=observed),
                   cov=pd.DataFrame(np.atleast_2d(cov), index=observed, columns=observed))
    eng = _Engine(model, lines, latent)
    eng.order = observed_order
    cols = [observed.index(v) for v in eng.observed]
    eng.sample_cov = None if use_fiml else np.atleast_2d(cov)[np.ix_(cols, cols)]  # reused by the fit
    if cols != list(range(len(observed))):
        arr_fit = arr_fit[:, cols]
    return eng, arr_fit, use_fiml, n_dropped, lines, latent


def _build_from_cov(description, sample_cov, sample_nobs):
    """Validate a covariance matrix given instead of data and build the estimation engine.

    Returns the engine (its ``sample_cov`` rescaled to divisor N, as lavaan's
    ``sample.cov.rescale``) and N.
    """
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
    model, lines, latent, observed, order = _prepare(description, sample_cov)
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
    with _quiet():  # without data semopy starts loadings at 0; the engine's own starting values take over
        model.load(cov=pd.DataFrame(s, index=observed, columns=observed), n_samples=n)
    eng = _Engine(model, lines, latent)
    eng.order = order
    cols = [observed.index(v) for v in eng.observed]
    eng.sample_cov = s[np.ix_(cols, cols)]
    return eng, n, lines, latent


def fit(description: str, data: pd.DataFrame | None = None, *, sample_cov: pd.DataFrame | None = None,
        sample_nobs: int | None = None, missing: str = "listwise", bootstrap: int = 0,
        seed=None, n_jobs=None, group: str | None = None):
    """Fit a structural equation model by maximum likelihood.

    Parameters
    ----------
    description : str
        lavaan-style model: ``=~`` measurement, ``~`` regression, ``~~`` (co)variance,
        ``number*var`` fixes, ``label*var`` labels (equal labels, equal parameters).
    data : DataFrame
        Respondents in rows. Only the model's observed variables are used (other columns,
        e.g. ids or comments, are ignored); they must be numeric. Not modified. Leave it
        out when the model is fitted to ``sample_cov``.
    sample_cov : DataFrame, optional
        Instead of ``data``: the covariance matrix of the model's observed variables
        (rows and columns labelled by them; other variables are ignored), with divisor
        N - 1 as ``data.cov()`` and R's ``cov()``; it is rescaled to divisor N, as lavaan's
        ``sample.cov`` (``sample.cov.rescale = TRUE``). The estimates, standard errors and
        fit indices are those of the fit to the data it came from. Needs ``sample_nobs``;
        cannot be combined with ``bootstrap``, ``missing="fiml"`` or ``group`` (they need
        the respondents' answers).
    sample_nobs : int, optional
        Number of respondents behind ``sample_cov`` (lavaan's ``sample.nobs``).
    missing : {"listwise", "fiml"}
        ``"listwise"`` drops respondents with any missing answer among the model's
        variables (the reported ``n`` is the number kept); ``"fiml"`` uses every answer
        by full-information ML (saturated means, as lavaan's ``missing = "ml"``).
    bootstrap : int
        Number of bootstrap resamples of respondents (0 = none). The draws give percentile
        intervals for the estimates and for :meth:`SEMResult.effects`.
    seed : int, optional
        Seed of the bootstrap; the draws do not depend on ``n_jobs``.
    n_jobs : int, optional
        Processes for the bootstrap (``None`` = every core).
    group : str, optional
        Column of group membership: fits the model in each group and returns a
        :class:`MultiGroupResult`.

    Returns
    -------
    SEMResult (or MultiGroupResult with ``group``)

    Notes
    -----
    The ML discrepancy ``F = log|Sigma| + tr(S Sigma^-1) - log|S| - p`` (``S`` with divisor
    N) is minimized by Fisher scoring; ``chi2 = N F``. Standard errors come from the
    expected information (lavaan's default for complete data), the observed information
    under FIML. ``loglik`` is the normal log-likelihood with saturated means, AIC and BIC
    count the free parameters (means too under FIML).

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

    The same model fitted to the covariance matrix alone (as a published table gives it):

    >>> items = ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"]
    >>> res = fit(model, sample_cov=hs[items].cov(), sample_nobs=len(hs))
    >>> round(float(res.fit_indices["chi2"]), 3), int(res.fit_indices["df"])
    (85.306, 24)
    """
    if missing not in ("listwise", "fiml"):
        raise SurveyError(
            "missing: must be 'listwise' (drop incomplete respondents) or 'fiml' (full-information ML); "
            f"got {missing!r}"
        )
    if not isinstance(bootstrap, (int, np.integer)) or isinstance(bootstrap, bool) or bootstrap < 0:
        raise SurveyError(f"bootstrap: must be a whole number of resamples (0 for none); got {bootstrap!r}")
    if sample_cov is not None or sample_nobs is not None:
        clash = [name for name, used in (("data", data is not None), ("bootstrap", bootstrap > 0),
                                         ("missing='fiml'", missing == "fiml"), ("group", group is not None)) if used]
        if clash:
            raise SurveyError(
                f"sample_cov: cannot be combined with {clash[0]} (it needs the respondents' answers); "
                "pass the data instead of the covariance matrix"
            )
        eng, n, lines, latent = _build_from_cov(description, sample_cov, sample_nobs)
        return _fit_engine(eng, None, False, description, lines, latent, s=eng.sample_cov, n=n)
    if group is not None:
        return _fit_groups(description, data, missing=missing, bootstrap=bootstrap, seed=seed,
                           n_jobs=n_jobs, group=group)
    eng, arr_fit, use_fiml, n_dropped, lines, latent = _build(description, data, missing)
    result = _fit_engine(eng, arr_fit, use_fiml, description, lines, latent, s=eng.sample_cov)
    result.n_dropped = n_dropped
    result.missing = missing
    if n_dropped:
        result.fit_indices["n_dropped"] = n_dropped
    if bootstrap:
        _bootstrap(result, arr_fit, use_fiml, bootstrap, seed, n_jobs)
    return result


def _fit_engine(eng, arr, use_fiml, description, lines, latent, warn=True, s=None, n=None):
    """Fit the engine to ``arr`` (``s``: its covariance matrix with divisor N, when known).

    Without ``arr`` (a fit to a covariance matrix) ``s`` and its number of rows ``n`` are given.
    """
    n, p = arr.shape if arr is not None else (n, len(eng.observed))
    nx = len({t[2] for t in eng.fixed_x})
    ndat = p * (p + 1) // 2 - nx * (nx + 1) // 2
    df = ndat - eng.k
    _check_identification(eng, df)
    if not use_fiml:
        if s is None:
            s = np.cov(arr, rowvar=False, bias=True)
        if np.linalg.eigvalsh(s).min() <= 1e-12 * np.abs(s).max():
            raise SurveyError(
                "the sample covariance matrix of the model variables is singular (an item is a copy or a sum "
                "of others, or there are fewer respondents than items)"
            )
        eng.set_fixed_x(s)
        x, f, ok, msg = eng.fit_ml(s, eng.start)
        info = eng.expected_information(x)
        vcov = _vcov(info, n, eng.free_names)
        sigma = eng.implied(x)[0]
        logdet_s = np.linalg.slogdet(s)[1]
        loglik_h1 = -n / 2 * (p * np.log(2 * np.pi) + logdet_s + p)
        loglik = loglik_h1 - n / 2 * f
        chi2 = n * f
        f_b = np.log(np.diag(s)).sum() - logdet_s
        if eng.fixed_x:
            xi = sorted({t[2] for t in eng.fixed_x})
            sb = np.diag(np.diag(s))
            sb[np.ix_(xi, xi)] = s[np.ix_(xi, xi)]
            f_b = np.linalg.slogdet(sb)[1] + np.trace(s @ np.linalg.inv(sb)) - logdet_s - p
        chi2_b = n * f_b
        df_b = p * (p - 1) // 2 - nx * (nx - 1) // 2
        srmr = _srmr(s, sigma)
        npar = eng.k
        if eng.fixed_x:  # lavaan's log-likelihood is conditional on fixed exogenous predictors
            sxx = s[np.ix_(xi, xi)]
            ll_x = -n / 2 * (len(xi) * np.log(2 * np.pi) + np.linalg.slogdet(sxx)[1] + len(xi))
            loglik -= ll_x
            loglik_h1 -= ll_x
    else:
        xi = sorted({t[2] for t in eng.fixed_x})
        if xi and np.isnan(arr[:, xi]).any():
            name = eng.observed[[i for i in xi if np.isnan(arr[:, i]).any()][0]]
            raise SurveyError(
                f"column {name!r}: an observed predictor (exogenous, taken as fixed) must have no missing "
                "answers under missing='fiml' (as lavaan's fixed.x); drop those respondents or model it"
            )
        pats = eng.fiml_patterns(arr)
        mu_h1, s_h1 = _em_saturated(arr, pats)
        eng.set_fixed_x(s_h1)
        z0 = np.concatenate([eng.start, mu_h1])
        # warm start from the ML fit to the EM moments
        x1, _, ok1, msg1 = eng.fit_ml(s_h1, eng.start)
        z0[: eng.k] = x1
        z, m2ll, ok, msg = eng.fit_fiml(pats, z0, n)
        if len(pats) == 1:
            ok, msg = ok1 and ok, msg1
        x = z[: eng.k]
        const = np.log(2 * np.pi) * sum(len(r) * len(idx) for idx, r in pats)
        loglik = -(m2ll + const) / 2
        loglik_h1 = -(_m2ll_saturated(mu_h1, s_h1, pats) + const) / 2
        chi2 = 2 * (loglik_h1 - loglik)
        # independence model: each variable's own ML mean and variance from its answers
        v_b = np.nanvar(arr, axis=0)
        cnt = (~np.isnan(arr)).sum(axis=0)
        loglik_b = float((-0.5 * cnt * (np.log(2 * np.pi * v_b) + 1)).sum())
        chi2_b = 2 * (loglik_h1 - loglik_b)
        df_b = p * (p - 1) // 2
        hess = _num_jacobian(lambda t: eng.fiml_m2ll(t, pats)[1], z) / 2
        hess = (hess + hess.T) / 2
        vcov_full = _vcov(hess / n, n, eng.free_names)
        vcov = vcov_full[: eng.k, : eng.k]
        sigma = eng.implied(x)[0]
        srmr = _srmr(s_h1, sigma, mu_h1, z[eng.k:])
        npar = eng.k + p - nx  # as lavaan, the means of fixed exogenous predictors are not parameters
        eng.fiml_means = z[eng.k:]
        if eng.fixed_x:  # log-likelihood conditional on the (complete) fixed predictors
            xi = sorted({t[2] for t in eng.fixed_x})
            sxx = s_h1[np.ix_(xi, xi)]
            ll_x = -n / 2 * (len(xi) * np.log(2 * np.pi) + np.linalg.slogdet(sxx)[1] + len(xi))
            loglik -= ll_x
            loglik_h1 -= ll_x
    if warn and not ok:
        warnings.warn(f"the optimizer did not converge ({msg}); the estimates may not be the ML solution",
                      RuntimeWarning, stacklevel=3)
    sigma, sd, resid, r2 = _moments(eng, x)
    table = _table(eng, x, vcov, sd, resid, eng.order)
    fi = _indices(chi2, df, chi2_b, df_b, n, loglik, loglik_h1, npar, srmr)
    if warn:
        _warn_estimates(table, resid)
    est = table[["lhs", "op", "rhs", "label", "est", "se", "z", "pvalue", "ci_low", "ci_high", "std_all"]]
    return SEMResult(description=description, estimates=est.reset_index(drop=True), fit_indices=fi, r2=r2,
                     n=n, missing="fiml" if use_fiml else "listwise", converged=bool(ok), vcov=vcov,
                     _engine=eng, _x=x, _latent=list(latent))


def _warn_estimates(table, resid):
    neg = [v for v, r in resid.items() if r < 0]
    if neg:
        warnings.warn(
            f"negative residual variance for {', '.join(map(repr, neg))} (a Heywood case): the model "
            "is misspecified or the sample too small; standardized values above 1 are not interpretable",
            RuntimeWarning, stacklevel=4,
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
            RuntimeWarning, stacklevel=4,
        )


def _bootstrap(result, arr, use_fiml, n_boot, seed, n_jobs):
    from ..resample import bootstrap as _boot
    from ..resample import percentile_ci

    eng = result._engine
    x_hat = result._x.copy()
    if use_fiml:
        z_hat = np.concatenate([x_hat, eng.fiml_means])

    def statistic(sample):
        if use_fiml and np.isnan(sample).any():
            pats = eng.fiml_patterns(sample)
            if eng.fixed_x:  # exogenous observed predictors stay at their ML (co)variances
                eng.set_fixed_x(_em_saturated(sample, pats, tol=1e-8)[1])
            z, _, ok, _ = eng.fit_fiml(pats, z_hat, len(sample), polish=False)
            x = z[: eng.k]
        else:
            s = np.cov(sample, rowvar=False, bias=True)
            eng.set_fixed_x(s)
            x, _, ok, _ = eng.fit_ml(s, x_hat, max_iter=100, tol=1e-9, warm=True)
        if not ok:
            raise RuntimeError("no convergence")
        return x

    draws = _boot(statistic, arr, n_boot=n_boot, seed=seed, n_jobs=n_jobs, desc="SEM bootstrap")
    result.boot_draws = draws
    est = result.estimates
    # map estimates rows back to free-parameter indices by (lhs, op, rhs)
    key = {(r["lhs"], r["op"], r["rhs"]): r["free"] for r in eng.rows}
    free = np.array([key[(a, b, c)] for a, b, c in zip(est["lhs"], est["op"], est["rhs"])])
    low, high = percentile_ci(draws)
    sd = np.nanstd(draws, axis=0, ddof=1)
    has = free >= 0
    est.loc[has, "se"] = sd[free[has]]
    est.loc[has, "z"] = est.loc[has, "est"] / est.loc[has, "se"]
    est.loc[has, "pvalue"] = 2 * stats.norm.sf(np.abs(est.loc[has, "z"]))
    est.loc[has, "ci_low"] = low[free[has]]
    est.loc[has, "ci_high"] = high[free[has]]


def _group_labels(data, group):
    """The group column (validated) and its levels in order of appearance."""
    require_frame(data)
    require_columns(data, [group], what="group column")
    labels = data[group]
    if labels.isna().any():
        row = labels.index[labels.isna().to_numpy()][0]
        raise SurveyError(f"column {group!r}: group membership must not be missing; row {row!r} has none")
    levels = list(pd.unique(labels))
    if len(levels) < 2:
        raise SurveyError(f"column {group!r}: needs at least two groups; found only {levels!r}")
    return labels, levels


def _fit_groups(description, data, *, missing, bootstrap, seed, n_jobs, group):
    labels, levels = _group_labels(data, group)
    fits = {}
    for g in levels:  # loop over groups
        sub = data.loc[(labels == g).to_numpy()]
        fits[g] = fit(description, sub, missing=missing, bootstrap=bootstrap, seed=seed, n_jobs=n_jobs)
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
    fi = _indices(chi2, df, chi2_b, df_b, n, loglik, loglik_h1, npar, srmr)
    g = len(fits)  # lavaan's multi-group RMSEA is multiplied by sqrt(G)
    fi["rmsea"] *= np.sqrt(g)
    fi["rmsea_ci_low"] *= np.sqrt(g)
    fi["rmsea_ci_high"] *= np.sqrt(g)
    return MultiGroupResult(groups=fits, estimates=est, fit_indices=fi, group=group)
