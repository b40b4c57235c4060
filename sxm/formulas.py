"""Plain numeric formulas of psychometrics, on numpy arrays.

The bottom layer of the package: it imports nothing from ``sxm``, validates nothing and
knows nothing about DataFrames, surveys or fitted models. Callers validate their input
and wrap the results (``sxm.reliability`` for data, ``sxm.sem`` and ``sxm.pls`` for fitted
models), so each formula is written once, as lavaan keeps ``lav_fit_rmsea.R``'s plain
functions apart from the wrappers that take a fitted object.

=======================================  ===============================================
:func:`composite_reliability`            CR (omega) from loadings
:func:`average_variance_extracted`       AVE from loadings
:func:`cronbach_alpha`                   alpha of one covariance block
:func:`feldt_interval`                   Feldt's F interval for alpha
:func:`one_factor_ml`                    ML one-factor model of a covariance matrix
:func:`htmt`                             HTMT / HTMT2 from a correlation matrix
=======================================  ===============================================
"""
from __future__ import annotations

import numpy as np
from scipy import optimize, stats

__all__ = [
    "composite_reliability",
    "average_variance_extracted",
    "cronbach_alpha",
    "feldt_interval",
    "one_factor_ml",
    "htmt",
]


def composite_reliability(loadings, error_variances=None, total_variance=None) -> float:
    """Composite reliability ``(sum l)^2 / total`` of one construct.

    Parameters
    ----------
    loadings : array-like
        Loadings of the construct's items (standardized unless ``total_variance`` is given).
    error_variances : array-like, optional
        Default ``1 - l**2`` (a standardized solution without correlated errors).
    total_variance : float, optional
        The variance to divide by; default ``(sum l)^2 + sum error_variances``.

    Returns
    -------
    float

    Examples
    --------
    >>> round(composite_reliability([0.7, 0.8, 0.9]), 4)  # 2.4**2 / (2.4**2 + 0.51 + 0.36 + 0.19)
    0.8446
    """
    lam = np.asarray(loadings, dtype=float)
    num = lam.sum() ** 2
    if total_variance is None:
        theta = 1 - lam**2 if error_variances is None else np.asarray(error_variances, dtype=float)
        total_variance = num + theta.sum()
    return float(num / total_variance)


def average_variance_extracted(loadings, error_variances=None, total_variance=None) -> float:
    """Average variance extracted ``sum l^2 / total`` of one construct.

    Parameters
    ----------
    loadings, error_variances
        As for :func:`composite_reliability`.
    total_variance : float, optional
        The summed item variance to divide by; default ``sum l^2 + sum error_variances``.

    Returns
    -------
    float

    Examples
    --------
    >>> round(average_variance_extracted([0.7, 0.8, 0.9]), 4)  # (0.49 + 0.64 + 0.81) / 3
    0.6467
    """
    lam = np.asarray(loadings, dtype=float)
    num = (lam**2).sum()
    if total_variance is None:
        theta = 1 - lam**2 if error_variances is None else np.asarray(error_variances, dtype=float)
        total_variance = num + theta.sum()
    return float(num / total_variance)


def cronbach_alpha(cov) -> float:
    """Cronbach's alpha ``k/(k-1) (1 - tr(S) / 1'S1)`` of one block's covariance matrix.

    Parameters
    ----------
    cov : array-like, shape (k, k)

    Returns
    -------
    float

    Examples
    --------
    >>> round(cronbach_alpha([[1.0, 0.5], [0.5, 1.0]]), 4)  # 2 * (1 - 2 / 3)
    0.6667
    """
    c = np.asarray(cov, dtype=float)
    k = c.shape[0]
    return float(k / (k - 1) * (1 - np.trace(c) / c.sum()))


def feldt_interval(alpha, n, k, level: float = 0.95):
    """Feldt's (1987) F-based interval for alpha (as pingouin, unrounded).

    Parameters
    ----------
    alpha, n, k : float or array-like
        Alpha, respondents and items (broadcast together).
    level : float
        Confidence level.

    Returns
    -------
    (low, high)

    Notes
    -----
    :math:`[1 - (1 - \\alpha) F_{(1+L)/2},\\; 1 - (1 - \\alpha) F_{(1-L)/2}]` with quantiles of
    F on :math:`n - 1` and :math:`(n - 1)(k - 1)` degrees of freedom.

    Examples
    --------
    >>> low, high = feldt_interval(0.8, 100, 5)
    >>> round(float(low), 4), round(float(high), 4)
    (0.7306, 0.8559)
    """
    alpha, n, k = (np.asarray(v, dtype=float) for v in (alpha, n, k))
    df1 = n - 1
    df2 = df1 * (k - 1)
    tail = (1 - level) / 2
    low = 1 - (1 - alpha) * stats.f.isf(tail, df1, df2)
    high = 1 - (1 - alpha) * stats.f.isf(1 - tail, df1, df2)
    return low, high


def _ml_discrepancy(r, lam, theta):
    """lavaan's ML fit function (up to a constant), its gradient and the expected Hessian."""
    sigma = np.outer(lam, lam) + np.diag(theta)
    w = np.linalg.inv(sigma)
    logdet = np.linalg.slogdet(sigma)[1]
    value = logdet + np.trace(r @ w)
    g = w - w @ r @ w
    grad = np.concatenate([2 * g @ lam, np.diag(g)])
    u = w @ lam
    c = lam @ u
    k = lam.size
    hess = np.empty((2 * k, 2 * k))
    hess[:k, :k] = 2 * (w * c + np.outer(u, u))
    hess[:k, k:] = 2 * w * u[None, :]
    hess[k:, :k] = hess[:k, k:].T
    hess[k:, k:] = w**2
    return value, grad, hess


def one_factor_ml(cov) -> tuple[np.ndarray, np.ndarray, bool]:
    """Maximum-likelihood one-factor model of a covariance matrix (factor variance 1).

    Minimises lavaan's ML discrepancy ``log|Sigma| + tr(S Sigma^-1)`` with
    ``Sigma = l l' + diag(theta)`` by Fisher scoring (Newton steps with the expected
    Hessian, as lavaan does) on the correlation scale (ML is scale-equivariant), falling
    back to bounded L-BFGS when an error variance runs to zero. With two items the model
    is not identified and equal (tau-equivalent) loadings are returned.

    Parameters
    ----------
    cov : array-like, shape (k, k)

    Returns
    -------
    (loadings, error_variances, heywood)
        On the covariance scale; ``heywood`` flags an error variance at zero.

    Examples
    --------
    >>> lam, theta, heywood = one_factor_ml(np.array([[1, .48, .42], [.48, 1, .56], [.42, .56, 1]]))
    >>> lam.round(3).tolist(), heywood
    ([0.6, 0.8, 0.7], False)
    """
    cov = np.asarray(cov, dtype=float)
    if cov.shape[0] == 2:
        lam = np.sqrt(abs(cov[0, 1])) * np.array([1.0, np.sign(cov[0, 1]) or 1.0])
        theta = np.diag(cov) - lam**2
        return lam, theta, bool((theta <= 0).any())
    sd = np.sqrt(np.diag(cov))
    r = cov / np.outer(sd, sd)
    k = r.shape[0]
    vals, vecs = np.linalg.eigh(r)
    lam = np.clip(vecs[:, -1] * np.sqrt(vals[-1]) * 0.9, -0.95, 0.95)
    theta = 1 - lam**2
    converged = False
    value, grad, hess = _ml_discrepancy(r, lam, theta)
    for _ in range(200):
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            break
        t = 1.0
        while t > 1e-8:
            new_lam, new_theta = lam - t * step[:k], theta - t * step[k:]
            if (new_theta > 0).all():
                new_value, new_grad, new_hess = _ml_discrepancy(r, new_lam, new_theta)
                if new_value <= value + 1e-14:
                    break
            t /= 2
        else:
            break
        lam, theta, value, grad, hess = new_lam, new_theta, new_value, new_grad, new_hess
        if np.abs(grad).max() < 1e-10:
            converged = True
            break
    if not converged or (theta < 1e-4).any():
        floor = np.log(1e-6)

        def objective(p):
            th = np.exp(p[k:])
            val, g, _ = _ml_discrepancy(r, p[:k], th)
            return val, np.concatenate([g[:k], g[k:] * th])

        start = np.concatenate([lam, np.log(np.maximum(theta, 1e-6))])
        res = optimize.minimize(
            objective, start, jac=True, method="L-BFGS-B",
            bounds=[(None, None)] * k + [(floor, None)] * k,
            options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 5000},
        )
        lam, theta = res.x[:k], np.exp(res.x[k:])
    heywood = bool((theta < 1e-4).any())
    if lam.sum() < 0:
        lam = -lam
    return lam * sd, theta * sd**2, heywood


def htmt(corr, groups, method: str = "htmt2") -> np.ndarray:
    """Heterotrait-monotrait ratio between every pair of item groups.

    Parameters
    ----------
    corr : array-like, shape (p, p)
        Item correlation (or covariance) matrix.
    groups : list of index arrays
        The items of each construct.
    method : {"htmt2", "htmt"}
        Geometric (HTMT2) or arithmetic (HTMT) means of the absolute correlations.

    Returns
    -------
    ndarray, shape (k, k)
        1 on the diagonal.

    Examples
    --------
    >>> r = np.array([[1, .6, .3, .3], [.6, 1, .3, .3], [.3, .3, 1, .5], [.3, .3, .5, 1]])
    >>> htmt(r, [[0, 1], [2, 3]], "htmt").round(4).tolist()  # 0.3 / sqrt(0.6 * 0.5)
    [[1.0, 0.5477], [0.5477, 1.0]]
    """
    c = np.asarray(corr, dtype=float)
    sd = np.sqrt(np.diag(c))
    r = np.abs(c / np.outer(sd, sd))
    if method == "htmt2":
        with np.errstate(divide="ignore"):
            r = np.log(r)
    mono = []
    for g in groups:
        sub = r[np.ix_(g, g)]
        mono.append(sub[np.triu_indices_from(sub, k=1)].mean())
    k = len(groups)
    out = np.eye(k)
    for a in range(k):
        for b in range(a + 1, k):
            het = r[np.ix_(groups[a], groups[b])].mean()
            if method == "htmt2":
                out[a, b] = out[b, a] = np.exp(het - (mono[a] + mono[b]) / 2)
            else:
                out[a, b] = out[b, a] = het / np.sqrt(mono[a] * mono[b])
    return out
