"""Robust ML: sandwich standard errors and scaled test statistics, as lavaan 0.6.

Everything is written with casewise scores and information matrices per respondent
("unit" information), so that complete data and incomplete data (FIML) share one code:
:class:`sxm.sem._fiml.Terms` gives, for any model with implied moments and derivatives
``dS``, the scores of every respondent and the expected or observed information.

* ``MLM`` (Satorra & Bentler 1994; complete data): expected information ``A`` at the
  estimates, ``B`` the covariance of the casewise scores, ``vcov = A^-1 B A^-1 / N``; the
  scaling factor is ``tr(U Gamma) / df = [tr(W^-1 B1) - tr(A^-1 B)] / df`` with ``W`` and
  ``B1`` the information and score covariance of the saturated model at the model-implied
  covariance matrix (lavaan's ``h1.information = "structured"``).
* ``MLR`` (Huber-White standard errors, the Yuan-Bentler test in Mplus' variant, lavaan's
  ``yuan.bentler.mplus``): observed information ``A`` (the Hessian), ``B`` the cross-product
  of the casewise scores at the estimates, ``vcov = A^-1 B A^-1 / N``; scaling factor
  ``[tr(A1^-1 B1) - tr(A^-1 B)] / df`` with ``A1``, ``B1`` of the saturated model at its own
  estimates (the sample moments, or the EM moments under FIML).
* the baseline (independence) model gets its own factor the same way (scaled CFI/TLI);
* under FIML, lavaan's robust CFI and RMSEA use the "FIML-corrected" statistic of Savalei
  (version V3 of ``lav_fit_fiml_corrected``), computed in :func:`fiml_corrected`.

References
----------
Satorra, A., & Bentler, P. M. (1994). Corrections to test statistics and standard errors in
covariance structure analysis. In von Eye & Clogg (Eds.), *Latent variables analysis*.
Yuan, K.-H., & Bentler, P. M. (2000). Three likelihood-based methods for mean and covariance
structure analysis with nonnormal missing data. *Sociological Methodology*, 30, 165-200.
Brosseau-Liard, P. E., Savalei, V., & Li, L. (2012). An investigation of the sample performance
of two nonnormality corrections for RMSEA. *Multivariate Behavioral Research*, 47, 904-930.
Brosseau-Liard, P. E., & Savalei, V. (2014). Adjusting incremental fit indices for
nonnormality. *Multivariate Behavioral Research*, 49, 460-470.
"""
from __future__ import annotations

import numpy as np

from ._fiml import Patterns, Terms, saturated_ds


def _inv(a):
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:
        return np.linalg.pinv(a)


def _meat(scores, centered):
    """B = S'S / N of the casewise scores (centered first for Satorra-Bentler's Gamma)."""
    if centered:
        scores = scores - scores.mean(axis=0)
    return scores.T @ scores / len(scores)


def _block(m, k):
    """The first k rows and columns (the covariance-structure part, without means)."""
    return m[:k, :k]


def saturated_trace(pats, mu, sigma, *, expected, centered, means):
    """tr(A1^-1 B1) of the saturated model at (mu, sigma).

    ``means=False`` leaves the mean part out (complete data without a mean structure).
    """
    ds = saturated_ds(pats.p)
    q = len(ds)
    terms = Terms(sigma, mu, pats)
    info = (terms.expected(ds) if expected else terms.hessian(ds)) / (2 * pats.n)
    meat = _meat(terms.scores(ds), centered)
    if not means:
        info, meat = _block(info, q), _block(meat, q)
    return float(np.trace(np.linalg.solve(info, meat))), info, meat


def sandwich(info, meat, n):
    """A^-1 B A^-1 / N and tr(A^-1 B)."""
    a_inv = _inv(info)
    return a_inv @ meat @ a_inv / n, float(np.trace(a_inv @ meat))


def nacov(arr, x_idx=()):
    """lavaan's Gamma: the covariance (divisor N) of vech((x_i - mean)(x_i - mean)').

    With fixed exogenous predictors (``x_idx``) the products are taken net of their
    regression on the predictors, as lavaan's ``lav_samplestats_Gamma(fixed.x = TRUE)``
    (the predictor block is then zero). Accumulated in blocks of rows.
    """
    n, p = arr.shape
    rows, cols = np.tril_indices(p)
    e = arr - arr.mean(axis=0)
    fitted = None
    if len(x_idx):
        x_idx = list(x_idx)
        ex = e[:, x_idx]
        coef = np.linalg.lstsq(ex, e, rcond=None)[0]
        fitted = ex @ coef
        fitted[:, x_idx] = ex
    total = np.zeros(len(rows))
    cross = np.zeros((len(rows), len(rows)))
    for start in range(0, n, 8192):  # blocks of rows, bounded memory
        block = e[start:start + 8192]
        z = block[:, rows] * block[:, cols]
        if fitted is not None:
            f = fitted[start:start + 8192]
            z = z - f[:, rows] * f[:, cols]
        total += z.sum(axis=0)
        cross += z.T @ z
    mean = total / n
    return cross / n - np.outer(mean, mean)


def _weight(sigma, x_idx=()):
    """0.5 D'(V (x) V) D in vech coordinates (V = Sigma^-1), predictor block zeroed."""
    p = len(sigma)
    rows, cols = np.tril_indices(p)
    v = np.linalg.inv(sigma)
    # entry ((i,j),(k,l)) of D'(V (x) V)D is 2 (v_ik v_jl + v_il v_jk), halved on each diagonal index
    w = v[rows][:, rows] * v[cols][:, cols] + v[rows][:, cols] * v[cols][:, rows]
    half = np.where(rows == cols, 0.5, 1.0)
    w = w * half[:, None] * half[None, :]
    if len(x_idx):
        xx = np.isin(rows, x_idx) & np.isin(cols, x_idx)
        w[xx, :] = 0.0
        w[:, xx] = 0.0
    return w


def _delta(ds):
    """dvech(Sigma)/dx, shape (p(p+1)/2, k)."""
    rows, cols = np.tril_indices(ds.shape[1])
    return ds[:, rows, cols].T


def complete_robust(estimator, arr, x_idx, sigma, ds, second, sigma_b, ds_b):
    """Robust vcov and traces for complete data (no mean structure, as lavaan).

    Parameters
    ----------
    estimator : {"MLM", "MLR"}
    arr : ndarray (n, p)
        The complete answers (engine column order).
    x_idx : sequence of int
        Columns of fixed exogenous predictors (lavaan's fixed.x).
    sigma, ds : ndarray
        Implied covariance matrix at the estimates and dSigma/dx (k, p, p).
    second : callable
        ``second(W)``: the k x k matrix tr(W d2Sigma/dx_a dx_b) (observed information).
    sigma_b, ds_b : ndarray
        The same for the baseline model (its second derivatives are zero).

    Returns
    -------
    dict with ``vcov`` (k x k), ``trace`` and ``trace_b`` (tr(U Gamma) of the model and of the
    baseline model; divided by their df they are the scaling factors).
    """
    n = len(arr)
    gamma = nacov(arr, x_idx)
    if estimator == "MLM":
        def parts(sig, d):
            w = _weight(sig, x_idx)
            delta = _delta(d)
            info = delta.T @ w @ delta
            meat = delta.T @ w @ gamma @ w @ delta
            vcov, tr0 = sandwich(info, meat, n)
            return vcov, float(np.sum(w * gamma)) - tr0

        vcov, trace = parts(sigma, ds)
        trace_b = parts(sigma_b, ds_b)[1]
        return {"vcov": vcov, "trace": trace, "trace_b": trace_b}
    pats = Patterns(arr)
    mean = pats.t1[0] / n
    cov = pats.t2[0] / n - np.outer(mean, mean)
    trace_h1 = float(np.sum(_weight(cov, x_idx) * gamma))  # tr(A1^-1 B1), B1 = A1 Gamma A1

    def parts(sig, d, sec):
        k = len(d)
        terms = Terms(sig, mean, pats)
        info = _block(terms.hessian(d, sec(terms.w()) if sec else None), k) / (2 * n)
        meat = _block(_meat(terms.scores(d), centered=False), k)
        return sandwich(info, meat, n)

    vcov, tr0 = parts(sigma, ds, second)
    tr0_b = parts(sigma_b, ds_b, None)[1]
    return {"vcov": vcov, "trace": trace_h1 - tr0, "trace_b": trace_h1 - tr0_b}


def _keep(p, k, x_idx):
    """Which saturated parameters (vech Sigma, then means) and which model parameters (k, then
    means) remain when the exogenous predictors x_idx are fixed (their block and means go)."""
    rows, cols = np.tril_indices(p)
    x = np.isin(np.arange(p), list(x_idx))
    h1 = np.concatenate([~(x[rows] & x[cols]), ~x])
    h0 = np.concatenate([np.ones(k, dtype=bool), ~x])
    return h1, h0


def fiml_robust(terms, ds, hessian, sat, terms_b, ds_b, x_idx=()):
    """Huber-White vcov over (x, mu) and Yuan-Bentler traces under FIML (estimator MLR).

    Parameters
    ----------
    terms : Terms
        At the FIML estimates.
    ds : ndarray
        dSigma/dx (k, p, p).
    hessian : ndarray
        The Hessian of -2 log L over (x, mu).
    sat : (mu, sigma)
        The saturated (EM) moments.
    terms_b, ds_b : Terms, ndarray
        The baseline model at its FIML estimates and its dSigma.
    x_idx : sequence of int
        Fixed exogenous predictors: their (co)variances and means are not parameters
        (lavaan's fixed.x), in the model or in the saturated model.

    Returns
    -------
    dict with ``vcov`` (over x and mu; zero for the predictors' means), ``trace``,
    ``trace_b`` and the saturated information ``a1`` and score cross-product ``b1``.
    """
    pats = terms.pats
    n, p, k = pats.n, pats.p, len(ds)
    keep1, keep0 = _keep(p, k, x_idx)
    info = hessian / (2 * n)
    meat = _meat(terms.scores(ds), centered=False)
    sub, tr0 = sandwich(info[np.ix_(keep0, keep0)], meat[np.ix_(keep0, keep0)], n)
    vcov = np.zeros_like(info)
    vcov[np.ix_(keep0, keep0)] = sub
    tr1, a1, b1 = saturated_trace(pats, sat[0], sat[1], expected=False, centered=False, means=True)
    tr1 = float(np.trace(np.linalg.solve(a1[np.ix_(keep1, keep1)], b1[np.ix_(keep1, keep1)])))
    keep0_b = _keep(p, len(ds_b), x_idx)[1]
    info_b = (terms_b.hessian(ds_b) / (2 * n))[np.ix_(keep0_b, keep0_b)]
    meat_b = _meat(terms_b.scores(ds_b), centered=False)[np.ix_(keep0_b, keep0_b)]
    tr0_b = float(np.trace(_inv(info_b) @ meat_b))
    return {"vcov": vcov, "trace": tr1 - tr0, "trace_b": tr1 - tr0_b, "a1": a1, "b1": b1}


def _fml(sigma, mu, cov, mean):
    """The ML discrepancy with means, F(cov, mean | sigma, mu)."""
    inv = np.linalg.inv(sigma)
    dev = mean - mu
    return float(np.linalg.slogdet(sigma)[1] + np.trace(cov @ inv) - np.linalg.slogdet(cov)[1] - len(mu)
                 + dev @ inv @ dev)


def fiml_corrected(n, sat, a1, b1, model, baseline, df, df_b, x_idx=()):
    """lavaan's FIML-corrected robust statistics (``lav_fit_fiml_corrected``, version V3).

    Parameters
    ----------
    n : int
    sat : (mu, sigma)
        EM moments.
    a1, b1 : ndarray
        Observed information and score cross-product of the saturated FIML model (unit).
    model, baseline : (sigma, mu, ds)
        Implied moments and dSigma of the model and of the baseline model at their FIML
        estimates (means saturated).
    df, df_b : int
    x_idx : sequence of int
        Fixed exogenous predictors (their block and means are left out).

    Returns
    -------
    dict with ``xx3, c3, xx3_b, c3_b``.
    """
    mu1, s1 = sat
    p = len(mu1)
    rows, cols = np.tril_indices(p)
    keep1 = _keep(p, 0, x_idx)[0]
    wm = a1[np.ix_(keep1, keep1)]
    wmi = _inv(wm)
    gamma = wmi @ b1[np.ix_(keep1, keep1)] @ wmi
    complete = Patterns.from_moments(mu1, s1, n)
    wc = (Terms(s1, mu1, complete).expected(saturated_ds(p)) / (2 * n))[np.ix_(keep1, keep1)]
    middle = wmi @ wc @ wmi

    def k_and_x(sigma, mu, ds):
        kk = len(ds)
        delta = np.zeros((len(rows) + p, kk + p))
        delta[: len(rows), :kk] = ds[:, rows, cols].T
        delta[len(rows):, kk:] = np.eye(p)
        delta = delta[np.ix_(keep1, _keep(p, kk, x_idx)[1])]
        e = delta.T @ wm @ delta
        u = wm - wm @ delta @ _inv(e) @ delta.T @ wm
        return float(np.trace(u @ middle @ u @ gamma)), n * _fml(sigma, mu, s1, mu1)

    k0, xx3 = k_and_x(*model)
    kb, xx3_b = k_and_x(*baseline)
    return {"xx3": xx3, "c3": k0 / df, "xx3_b": xx3_b, "c3_b": kb / df_b}
