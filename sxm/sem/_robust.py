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


def complete_robust(estimator, pats, sigma, ds, second, sigma_b, ds_b):
    """Robust vcov and scaling factors for complete data (no mean structure, as lavaan).

    Parameters
    ----------
    estimator : {"MLM", "MLR"}
    pats : Patterns
        The complete answers (one pattern).
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
    n, k = pats.n, len(ds)
    mean = pats.t1[0] / n
    cov = pats.t2[0] / n - np.outer(mean, mean)
    mlm = estimator == "MLM"
    terms = Terms(sigma, mean, pats)
    if mlm:
        info = _block(terms.expected(ds), k) / (2 * n)
    else:
        info = _block(terms.hessian(ds, second(terms.w())), k) / (2 * n)
    meat = _block(_meat(terms.scores(ds), centered=mlm), k)
    vcov, tr0 = sandwich(info, meat, n)
    # h1: at the implied matrix (MLM, "structured"), at the sample moments (MLR, "unstructured")
    if mlm:
        tr1 = saturated_trace(pats, mean, sigma, expected=True, centered=True, means=False)[0]
    else:
        tr1 = saturated_trace(pats, mean, cov, expected=True, centered=False, means=False)[0]
    # the baseline model
    kb = len(ds_b)
    terms_b = Terms(sigma_b, mean, pats)
    if mlm:
        info_b = _block(terms_b.expected(ds_b), kb) / (2 * n)
        tr1_b = saturated_trace(pats, mean, sigma_b, expected=True, centered=True, means=False)[0]
    else:
        info_b = _block(terms_b.hessian(ds_b), kb) / (2 * n)
        tr1_b = tr1
    meat_b = _block(_meat(terms_b.scores(ds_b), centered=mlm), kb)
    tr0_b = float(np.trace(_inv(info_b) @ meat_b))
    return {"vcov": vcov, "trace": tr1 - tr0, "trace_b": tr1_b - tr0_b}


def fiml_robust(terms, ds, hessian, sat, terms_b, ds_b):
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
    """
    pats = terms.pats
    n = pats.n
    info = hessian / (2 * n)
    meat = _meat(terms.scores(ds), centered=False)
    vcov, tr0 = sandwich(info, meat, n)
    tr1, a1, b1 = saturated_trace(pats, sat[0], sat[1], expected=False, centered=False, means=True)
    info_b = terms_b.hessian(ds_b) / (2 * n)
    tr0_b = float(np.trace(_inv(info_b) @ _meat(terms_b.scores(ds_b), centered=False)))
    return {"vcov": vcov, "trace": tr1 - tr0, "trace_b": tr1 - tr0_b, "a1": a1, "b1": b1}


def _fml(sigma, mu, cov, mean):
    """The ML discrepancy with means, F(cov, mean | sigma, mu)."""
    inv = np.linalg.inv(sigma)
    dev = mean - mu
    return float(np.linalg.slogdet(sigma)[1] + np.trace(cov @ inv) - np.linalg.slogdet(cov)[1] - len(mu)
                 + dev @ inv @ dev)


def fiml_corrected(n, sat, a1, b1, model, baseline, df, df_b):
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

    Returns
    -------
    dict with ``xx3, c3, xx3_b, c3_b``.
    """
    mu1, s1 = sat
    p = len(mu1)
    rows, cols = np.tril_indices(p)
    wm = a1
    wmi = _inv(wm)
    gamma = wmi @ b1 @ wmi
    complete = Patterns.from_moments(mu1, s1, n)
    wc = Terms(s1, mu1, complete).expected(saturated_ds(p)) / (2 * n)
    middle = wmi @ wc @ wmi

    def k_and_x(sigma, mu, ds):
        kk = len(ds)
        delta = np.zeros((len(rows) + p, kk + p))
        delta[: len(rows), :kk] = ds[:, rows, cols].T
        delta[len(rows):, kk:] = np.eye(p)
        e = delta.T @ wm @ delta
        u = wm - wm @ delta @ _inv(e) @ delta.T @ wm
        return float(np.trace(u @ middle @ u @ gamma)), n * _fml(sigma, mu, s1, mu1)

    k0, xx3 = k_and_x(*model)
    kb, xx3_b = k_and_x(*baseline)
    return {"xx3": xx3, "c3": k0 / df, "xx3_b": xx3_b, "c3_b": kb / df_b}
