"""Measurement invariance across groups: configural, metric and scalar models.

The groups share one parameter vector in which some entries are tied across groups; the
multi-group ML discrepancy with mean structure,

    F = sum_g (n_g / N) [log|Sigma_g| + tr(S_g Sigma_g^-1) - log|S_g| - p
                         + (xbar_g - mu_g)' Sigma_g^-1 (xbar_g - mu_g)],

with mu_g = nu_g + Lambda (I - B)^-1 alpha_g, is minimized by Fisher scoring (as the
single-group engine), and chi2 = N F, as lavaan's ``cfa(..., group =, group.equal =)``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..io import SurveyError
from ._engine import _newton_step, _trace_products
from ._indices import _indices, _srmr

LEVELS = ("configural", "metric", "scalar")


class _Joint:
    """The stacked groups and the map from each group's local parameters to global ones."""

    def __init__(self, engines, arrays, level):
        self.engines, self.level = engines, level
        first = engines[0]
        self.k, self.p, self.m = first.k, first.p, first.m
        self.n = np.array([len(a) for a in arrays], dtype=float)
        self.w = self.n / self.n.sum()
        self.means = [a.mean(axis=0) for a in arrays]
        self.covs = [np.cov(a, rowvar=False, bias=True) for a in arrays]
        loadings = {e["free"] for e in first.rows if e["op"] == "=~" and e["free"] >= 0}
        keys, self.maps = {}, []
        lev = LEVELS.index(level)
        for g in range(len(engines)):
            idx = []
            for j in range(self.k):
                key = ("x", j) if lev >= 1 and j in loadings else ("x", j, g)
                idx.append(keys.setdefault(key, len(keys)))
            for i in range(self.p):
                key = ("nu", i) if lev >= 2 else ("nu", i, g)
                idx.append(keys.setdefault(key, len(keys)))
            for i in range(self.m):
                idx.append(keys.setdefault(("alpha", i, g), len(keys)) if lev >= 2 and g > 0 else -1)
            self.maps.append(np.array(idx))
        self.size = len(keys)

    def local(self, theta, g):
        idx = self.maps[g]
        z = np.zeros(len(idx))
        z[idx >= 0] = theta[idx[idx >= 0]]
        return z[: self.k], z[self.k: self.k + self.p], z[self.k + self.p:]

    def group_terms(self, theta, g, want_derivatives=True):
        eng = self.engines[g]
        x, nu, alpha = self.local(theta, g)
        sigma, parts = eng.implied(x)
        try:
            chol = np.linalg.cholesky(sigma)
        except np.linalg.LinAlgError:
            return np.inf, None, None
        inv = np.linalg.inv(sigma)
        c, mm = parts[4], parts[5]
        mu = nu + mm @ alpha
        dev = self.means[g] - mu
        s = self.covs[g]
        f = (2 * np.log(np.diag(chol)).sum() + np.einsum("ij,ji->", s, inv) - np.linalg.slogdet(s)[1] - self.p
             + dev @ inv @ dev)
        if not want_derivatives:
            return f, None, None
        d_sigma = eng.dsigma(parts)
        c_alpha = c @ alpha
        d_mu = np.concatenate([
            eng.dmats[1] @ c_alpha + (eng.dmats[0] @ c_alpha) @ mm.T,  # (k, p) through loadings and paths
            np.eye(self.p),  # intercepts
            mm.T,  # latent means
        ])
        w_mat = inv - inv @ (s + np.outer(dev, dev)) @ inv
        grad = -2 * d_mu @ (inv @ dev)
        grad[: self.k] += np.einsum("ij,kji->k", w_mat, d_sigma)
        info = 2 * d_mu @ inv @ d_mu.T
        info[: self.k, : self.k] += _trace_products(inv @ d_sigma)
        return f, grad, info

    def objective(self, theta, want_derivatives=True):
        total, grad, info = 0.0, np.zeros(self.size), np.zeros((self.size, self.size))
        for g in range(len(self.engines)):  # loop over groups
            f, gl, hl = self.group_terms(theta, g, want_derivatives)
            if not np.isfinite(f):
                return np.inf, None, None
            total += self.w[g] * f
            if want_derivatives:
                idx = self.maps[g]
                keep = idx >= 0
                np.add.at(grad, idx[keep], self.w[g] * gl[keep])
                info[np.ix_(idx[keep], idx[keep])] += self.w[g] * hl[np.ix_(keep, keep)]
        return total, grad, info

    def start(self, x_groups):
        theta, count = np.zeros(self.size), np.zeros(self.size)
        for g, x in enumerate(x_groups):
            z = np.concatenate([x, self.means[g], np.zeros(self.m)])
            idx = self.maps[g]
            keep = idx >= 0
            np.add.at(theta, idx[keep], z[keep])
            np.add.at(count, idx[keep], 1.0)
        return theta / np.maximum(count, 1.0)

    def fit(self, theta, max_iter=300, tol=1e-10):
        f, g, h = self.objective(theta)
        for _ in range(max_iter):
            step, decrement = _newton_step(h, g)
            if abs(decrement) < tol:
                return theta, f, True
            alpha = 1.0
            while alpha > 1e-10:
                fn, gn, hn = self.objective(theta - alpha * step)
                if np.isfinite(fn) and fn <= f:
                    break
                alpha /= 2
            else:
                return theta, f, False
            theta, f, g, h = theta - alpha * step, fn, gn, hn
        return theta, f, False


def invariance(model, data: pd.DataFrame, by: str, *, levels=LEVELS, scale=None) -> pd.DataFrame:
    """Test measurement invariance of a model across groups (configural, metric, scalar).

    Parameters
    ----------
    model : str or dict
        The model (lavaan syntax). Every observed variable must be an indicator of a latent
        variable (no observed predictors), as in a CFA or a latent structural model.
    data : DataFrame
        Respondents in rows; complete answers are needed (incomplete respondents are dropped
        listwise, as in :func:`sxm.sem.fit`, with the same warning).
    by : str
        Column of group membership (two or more groups).
    levels : sequence
        Any of ``"configural"`` (same model, all parameters free in each group),
        ``"metric"`` (equal loadings) and ``"scalar"`` (equal loadings and item intercepts;
        latent means free in all groups but the first), in this order.
    scale : (low, high), optional
        Answer scale to check the answers against (default: the scale the data were read
        with, if any).

    Returns
    -------
    DataFrame
        One row per level: ``npar, chi2, df, pvalue, cfi, tli, rmsea, srmr, aic, bic`` and,
        from the second row on, the difference to the previous level: ``chi2_diff,
        df_diff, pvalue_diff, cfi_diff``. Invariance at a level is usually accepted when
        the chi-square difference is not significant or CFI drops by less than 0.01
        (Cheung & Rensvold 2002).

    See Also
    --------
    fit : ``by=`` fits the model in each group separately (the configural model).
    MultiGroupResult.path_difference : compare one path between groups.

    Notes
    -----
    As lavaan's ``cfa(model, data, group = g, group.equal = c("loadings", "intercepts"))``:
    multi-group ML with a mean structure, chi2 = N F, RMSEA multiplied by sqrt(G), SRMR the
    n-weighted mean of the groups' SRMR including mean residuals. Only paths comparisons
    between groups after metric invariance (and latent-mean comparisons after scalar
    invariance) are meaningful.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> m = "visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9"
    >>> invariance(m, hs, "school")["chi2"].round(3).tolist()  # lavaan: 115.851, 124.044, 164.103
    [115.851, 124.044, 164.103]
    """
    from ._fit import _answers, _engine, _group_labels, _prepare

    labels, names = _group_labels(data, by)
    levels = [levels] if isinstance(levels, str) else list(levels)
    bad = [lv for lv in levels if lv not in LEVELS]
    if bad or not levels or levels != sorted(levels, key=LEVELS.index):
        raise SurveyError(f"levels: must be a subset of {LEVELS} in that order; got {levels!r}")
    engines, arrays, x_groups = [], [], []
    for name in names:  # loop over groups
        sub = data.loc[(labels == name).to_numpy()]
        spec, sm = _prepare(model, sub)
        arr, _ = _answers(spec, sub, "listwise", scale)
        eng = _engine(spec, sm, np.cov(arr, rowvar=False, bias=True), rows=arr)
        arr = arr[:, eng.columns]
        if set(eng.inner) - set(eng.latent):
            raise SurveyError(
                "invariance: every observed variable must be an indicator of a latent variable; "
                f"{sorted(set(eng.inner) - set(eng.latent))[0]!r} is an observed predictor"
            )
        if engines and (eng.free_names != engines[0].free_names or eng.observed != engines[0].observed):
            raise SurveyError(f"group {name!r}: the model is not the same in every group")
        s = np.cov(arr, rowvar=False, bias=True)
        x, _, ok, _ = eng.fit_ml(s, eng.start)
        engines.append(eng)
        arrays.append(arr)
        x_groups.append(x)
    p, n_groups = engines[0].p, len(engines)
    n_total = sum(len(a) for a in arrays)
    moments = n_groups * (p * (p + 1) // 2 + p)
    baseline, loglik_h1 = 0.0, 0.0
    for arr in arrays:
        s = np.cov(arr, rowvar=False, bias=True)
        n = len(arr)
        baseline += n * (np.log(np.diag(s)).sum() - np.linalg.slogdet(s)[1])
        loglik_h1 += -n / 2 * (p * np.log(2 * np.pi) + np.linalg.slogdet(s)[1] + p)
    df_b = n_groups * p * (p - 1) // 2
    rows, previous = [], None
    for level in levels:
        joint = _Joint(engines, arrays, level)
        theta, f, ok = joint.fit(joint.start(x_groups))
        if not ok:
            import warnings

            warnings.warn(f"invariance: the {level} model did not converge; its row may be wrong",
                          RuntimeWarning, stacklevel=2)
        chi2 = n_total * f
        df = moments - joint.size
        srmr = 0.0
        for g, eng in enumerate(engines):
            x, nu, alpha = joint.local(theta, g)
            sigma, parts = eng.implied(x)
            srmr += joint.w[g] * _srmr(joint.covs[g], sigma, joint.means[g], nu + parts[5] @ alpha)
        fi = _indices(chi2, df, baseline, df_b, n_total, loglik_h1 - chi2 / 2, loglik_h1, joint.size, srmr)
        for key in ("rmsea", "rmsea_ci_low", "rmsea_ci_high"):
            fi[key] *= np.sqrt(n_groups)
        row = {"level": level, **fi[["npar", "chi2", "df", "pvalue", "cfi", "tli", "rmsea", "srmr", "aic", "bic"]]}
        if previous is not None:
            d_chi, d_df = chi2 - previous["chi2"], df - previous["df"]
            row.update(chi2_diff=d_chi, df_diff=d_df, pvalue_diff=stats.chi2.sf(max(d_chi, 0.0), d_df),
                       cfi_diff=row["cfi"] - previous["cfi"])
        rows.append(row)
        previous = row
    return pd.DataFrame(rows).set_index("level")
