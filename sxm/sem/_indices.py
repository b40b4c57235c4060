"""Fit indices on lavaan's conventions."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, stats

#: Hu & Bentler (1999) cut-offs for a good fit, as (index, direction, value)
HU_BENTLER = pd.DataFrame(
    {
        "index": ["cfi", "tli", "rmsea", "srmr"],
        "good_if": [">=", ">=", "<=", "<="],
        "cutoff": [0.95, 0.95, 0.06, 0.08],
    }
)


def _rmsea(chi2, df, n, c_hat=1.0, groups=1):
    """lavaan's RMSEA: sqrt(max(chi2 / (N df) - c / N, 0)) sqrt(G) (0 for a saturated model)."""
    if not df > 0:
        return 0.0
    return float(np.sqrt(max(chi2 / (n * df) - c_hat / n, 0.0)) * np.sqrt(groups))


def _rmsea_ci(chi2, df, n, level=0.90, c_hat=1.0, groups=1):
    """Bounds of the RMSEA interval by inverting the noncentral chi-square (lavaan, with N).

    ``c_hat`` rescales the noncentrality (the robust RMSEA of Brosseau-Liard, Savalei & Li,
    whose interval inverts the scaled statistic); ``df`` may be fractional (the scaled
    RMSEA's trace of U Gamma).
    """
    if not np.isfinite(chi2) or not np.isfinite(df):
        return np.nan, np.nan
    if df <= 0:  # a saturated model: lavaan reports the interval as 0-0
        return (0.0, 0.0) if df == 0 else (np.nan, np.nan)
    upper_p, lower_p = (1 + level) / 2, (1 - level) / 2

    def lam_for(prob):
        f = lambda lam: stats.ncx2.cdf(chi2, df, lam) - prob if lam > 0 else stats.chi2.cdf(chi2, df) - prob
        if f(0.0) < 0:  # even the central chi-square puts chi2 below the quantile
            return 0.0
        hi = max(chi2, 1.0)
        while f(hi) > 0:
            hi *= 2
        return optimize.brentq(f, 0.0, hi, xtol=1e-10)

    lam_low, lam_high = lam_for(upper_p), lam_for(lower_p)
    scale = np.sqrt(groups)
    return (float(np.sqrt(c_hat * lam_low / (n * df)) * scale), float(np.sqrt(c_hat * lam_high / (n * df)) * scale))


def _cfi(chi2, df, chi2_b, df_b, c=1.0, c_b=1.0):
    """lavaan's CFI (the robust one with scaling factors c, c_b), within [0, 1]."""
    t1 = max(chi2 - c * df, 0.0)
    t2 = max(chi2 - c * df, chi2_b - c_b * df_b, 0.0)
    return 1.0 if np.isclose(t1, 0) and np.isclose(t2, 0) else 1.0 - t1 / t2


def _tli(chi2, df, chi2_b, df_b, c=1.0, c_b=1.0):
    """lavaan's TLI (the robust one with scaling factors c, c_b); 1 for a saturated model."""
    t1 = (chi2 - c * df) * df_b
    t2 = (chi2_b - c_b * df_b) * df
    return 1.0 - t1 / t2 if df > 0 and abs(t2) > 0 else 1.0


def _indices(chi2, df, chi2_b, df_b, n, loglik, loglik_h1, npar, srmr, *, groups=1, robust=None):
    """The fit indices of a fit, as lavaan's ``fitMeasures`` (one Series).

    Parameters
    ----------
    chi2, df, chi2_b, df_b : float
        The model's and the baseline (independence) model's chi-square and df.
    n : int
        Respondents (N, as lavaan).
    loglik, loglik_h1 : float
        Log-likelihood of the model and of the saturated model.
    npar : int
        Free parameters (AIC, BIC).
    srmr : float
    groups : int
        Number of groups G (RMSEA multiplied by sqrt(G), as lavaan).
    robust : dict, optional
        For a scaled test: ``c`` and ``c_b``, the scaling factors of the model and of the
        baseline model (Satorra-Bentler or Yuan-Bentler), and optionally ``xx3, c3,
        xx3_b, c3_b``: the statistics and factors of lavaan's FIML-corrected robust CFI
        and RMSEA (missing="fiml"); without them the robust indices use chi2 and c.

    Returns
    -------
    Series
        ``n, npar, chi2, df, pvalue, baseline_chi2, baseline_df, cfi, tli, rmsea,
        rmsea_ci_low, rmsea_ci_high, srmr, loglik, loglik_saturated, aic, bic`` and with
        ``robust``: ``chi2_scaled, pvalue_scaled, scaling_factor, baseline_chi2_scaled,
        baseline_scaling_factor, cfi_scaled, tli_scaled, rmsea_scaled,
        rmsea_ci_low_scaled, rmsea_ci_high_scaled, cfi_robust, tli_robust, rmsea_robust,
        rmsea_ci_low_robust, rmsea_ci_high_robust``.
    """
    pvalue = stats.chi2.sf(chi2, df) if df > 0 else np.nan
    # a saturated model (df = 0) fits perfectly: lavaan reports TLI 1 and RMSEA 0
    lo, hi = _rmsea_ci(chi2, df, n, groups=groups)
    out = {
        "n": n, "npar": npar, "chi2": chi2, "df": df, "pvalue": pvalue,
        "baseline_chi2": chi2_b, "baseline_df": df_b,
        "cfi": _cfi(chi2, df, chi2_b, df_b), "tli": _tli(chi2, df, chi2_b, df_b),
        "rmsea": _rmsea(chi2, df, n, groups=groups), "rmsea_ci_low": lo, "rmsea_ci_high": hi, "srmr": srmr,
        "loglik": loglik, "loglik_saturated": loglik_h1,
        "aic": -2 * loglik + 2 * npar, "bic": -2 * loglik + npar * np.log(n),
    }
    if robust is not None:
        c, c_b = robust["c"], robust["c_b"]
        scaled, scaled_b = chi2 / c, chi2_b / c_b
        lo_s, hi_s = _rmsea_ci(chi2, c * df, n, groups=groups)
        xx3, c3 = robust.get("xx3", chi2), robust.get("c3", c)
        xx3_b, c3_b = robust.get("xx3_b", chi2_b), robust.get("c3_b", c_b)
        lo_r, hi_r = _rmsea_ci(xx3 / c3, df, n, c_hat=c3, groups=groups)
        out.update({
            "chi2_scaled": scaled, "pvalue_scaled": stats.chi2.sf(scaled, df) if df > 0 else np.nan,
            "scaling_factor": c, "baseline_chi2_scaled": scaled_b, "baseline_scaling_factor": c_b,
            "cfi_scaled": _cfi(scaled, df, scaled_b, df_b), "tli_scaled": _tli(scaled, df, scaled_b, df_b),
            "rmsea_scaled": _rmsea(chi2, c * df, n, groups=groups),
            "rmsea_ci_low_scaled": lo_s, "rmsea_ci_high_scaled": hi_s,
            "cfi_robust": _cfi(xx3, df, xx3_b, df_b, c3, c3_b), "tli_robust": _tli(xx3, df, xx3_b, df_b, c3, c3_b),
            "rmsea_robust": _rmsea(xx3, df, n, c3, groups=groups),
            "rmsea_ci_low_robust": lo_r, "rmsea_ci_high_robust": hi_r,
        })
    return pd.Series(out, dtype=float)


def _srmr(s, sigma, mean_s=None, mean_sigma=None):
    """lavaan's SRMR (Bentler): residuals standardized by the sample standard deviations."""
    sd = np.sqrt(np.diag(s))
    resid = (s - sigma) / np.outer(sd, sd)
    tri = np.tril_indices_from(resid)
    squares = resid[tri] ** 2
    count = squares.size
    total = squares.sum()
    if mean_s is not None:
        total += (((mean_s - mean_sigma) / sd) ** 2).sum()
        count += len(sd)
    return float(np.sqrt(total / count))


def hu_bentler(result) -> pd.DataFrame:
    """The fit indices of ``result`` next to Hu & Bentler's (1999) cut-offs.

    Parameters
    ----------
    result : SEMResult or MultiGroupResult
        A fit of :func:`sxm.sem.fit`. With ``estimator="MLM"`` or ``"MLR"`` the robust
        CFI, TLI and RMSEA (Brosseau-Liard, Savalei & Li) are judged, as they estimate the
        same population values as the ML indices do under normality.

    Returns
    -------
    DataFrame
        Indexed by ``cfi, tli, rmsea, srmr``: ``value``, ``index`` (the fit index read,
        e.g. ``cfi_robust``), ``good_if``, ``cutoff`` and ``good`` (True when the index meets
        the cut-off).

    See Also
    --------
    compare : the chi-square difference test of nested models.

    Notes
    -----
    The cut-offs are guides for ML estimation with continuous data, not pass/fail laws:
    they were derived from simulations of a few model types, and a model can meet all of
    them while omitting a real path.

    References
    ----------
    Hu, L., & Bentler, P. M. (1999). Cutoff criteria for fit indexes in covariance structure
    analysis. *Structural Equation Modeling*, 6(1), 1-55.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> from sxm.sem import fit
    >>> model = "visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9"
    >>> hu_bentler(fit(model, holzinger39.get_data())).round(3)  # doctest: +NORMALIZE_WHITESPACE
           value  index good_if  cutoff   good
    cfi    0.931    cfi      >=    0.95  False
    tli    0.896    tli      >=    0.95  False
    rmsea  0.092  rmsea      <=    0.06  False
    srmr   0.065   srmr      <=    0.08   True
    """
    fi = getattr(result, "fit_indices", None)
    if not isinstance(fi, pd.Series):
        from ..io import SurveyTypeError

        raise SurveyTypeError(f"result: must be a result of sxm.sem.fit; got {type(result).__name__}")
    table = HU_BENTLER.set_index("index").copy()
    table.index.name = None
    read = [f"{k}_robust" if f"{k}_robust" in fi.index else k for k in table.index]
    table.insert(0, "value", [float(fi[k]) for k in read])
    table.insert(1, "index", read)
    ge = table["good_if"] == ">="
    table["good"] = np.where(ge, table["value"] >= table["cutoff"], table["value"] <= table["cutoff"])
    return table
