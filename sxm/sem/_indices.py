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


def _rmsea_ci(chi2, df, n, level=0.90):
    """Bounds of the RMSEA interval by inverting the noncentral chi-square (lavaan, with N)."""
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
    return np.sqrt(lam_low / (n * df)), np.sqrt(lam_high / (n * df))


def _indices(chi2, df, chi2_b, df_b, n, loglik, loglik_h1, npar, srmr):
    pvalue = stats.chi2.sf(chi2, df) if df > 0 else np.nan
    d_m, d_b = max(chi2 - df, 0.0), max(chi2_b - df_b, 0.0)
    denom = max(d_m, d_b)
    cfi = 1.0 - d_m / denom if denom > 0 else 1.0
    # a saturated model (df = 0) fits perfectly: lavaan reports TLI 1 and RMSEA 0
    tli = ((chi2_b / df_b) - (chi2 / df)) / ((chi2_b / df_b) - 1.0) if df > 0 else 1.0
    rmsea = np.sqrt(max(chi2 - df, 0.0) / (df * n)) if df > 0 else 0.0
    lo, hi = _rmsea_ci(chi2, df, n)
    return pd.Series(
        {
            "n": n, "npar": npar, "chi2": chi2, "df": df, "pvalue": pvalue,
            "baseline_chi2": chi2_b, "baseline_df": df_b,
            "cfi": min(max(cfi, 0.0), 1.0), "tli": tli,
            "rmsea": rmsea, "rmsea_ci_low": lo, "rmsea_ci_high": hi, "srmr": srmr,
            "loglik": loglik, "loglik_saturated": loglik_h1,
            "aic": -2 * loglik + 2 * npar, "bic": -2 * loglik + npar * np.log(n),
        },
        dtype=float,
    )


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

    Returns a DataFrame indexed by ``cfi, tli, rmsea, srmr`` with ``value``, ``good_if``,
    ``cutoff`` and ``good`` (True when the index meets the cut-off). The cut-offs are
    guides for ML estimation with continuous data, not pass/fail laws: they were derived
    from simulations of a few model types, and a model can meet all of them while omitting
    a real path.

    References
    ----------
    Hu, L., & Bentler, P. M. (1999). Cutoff criteria for fit indexes in covariance structure
    analysis. *Structural Equation Modeling*, 6(1), 1-55.
    """
    fi = getattr(result, "fit_indices", None)
    if not isinstance(fi, pd.Series):
        from ..io import SurveyTypeError

        raise SurveyTypeError(f"result: must be a result of sxm.sem.fit; got {type(result).__name__}")
    table = HU_BENTLER.set_index("index").copy()
    table.insert(0, "value", [float(fi[k]) for k in table.index])
    ge = table["good_if"] == ">="
    table["good"] = np.where(ge, table["value"] >= table["cutoff"], table["value"] <= table["cutoff"])
    return table
