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
    loadings : array-like of float, shape (k,)
        Loadings of the construct's ``k`` items (standardized unless ``error_variances`` or
        ``total_variance`` is given).
    error_variances : array-like of float, shape (k,), optional
        The items' error (residual) variances. Default ``None``: ``1 - l**2`` (a
        standardized solution without correlated errors).
    total_variance : float, optional
        The variance of the sum score to divide by (e.g. ``1'S1`` of the observed items, or
        of a model-implied covariance matrix with correlated errors). Default ``None``:
        ``(sum l)^2 + sum error_variances``.

    Returns
    -------
    float
        The composite reliability (omega), in [0, 1] for a proper solution.

    See Also
    --------
    average_variance_extracted : AVE from the same loadings.
    cronbach_alpha : alpha from the items' covariance matrix.
    one_factor_ml : the loadings and error variances of a one-factor model.
    sxm.reliability.composite_reliability : the same from data, blocks or a fitted model.

    Examples
    --------
    >>> round(composite_reliability([0.7, 0.8, 0.9]), 4)  # 2.4**2 / (2.4**2 + 0.51 + 0.36 + 0.19)
    0.8446
    >>> round(composite_reliability([0.7, 0.8, 0.9], error_variances=[0.6, 0.4, 0.2]), 4)  # 5.76 / 6.96
    0.8276
    >>> # In R: l <- c(0.7, 0.8, 0.9); sum(l)^2 / (sum(l)^2 + sum(1 - l^2))
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
    loadings : array-like of float, shape (k,)
        Loadings of the construct's ``k`` items (standardized unless ``error_variances`` or
        ``total_variance`` is given).
    error_variances : array-like of float, shape (k,), optional
        The items' error (residual) variances. Default ``None``: ``1 - l**2`` (a
        standardized solution).
    total_variance : float, optional
        The summed item variance to divide by (e.g. ``tr(S)``). Default ``None``:
        ``sum l^2 + sum error_variances``.

    Returns
    -------
    float
        The average variance extracted, in [0, 1] for a proper solution.

    See Also
    --------
    composite_reliability : CR (omega) from the same loadings.
    htmt : discriminant validity from the item correlations.
    sxm.reliability.average_variance_extracted : the same from data, blocks or a fitted model.

    Examples
    --------
    >>> round(average_variance_extracted([0.7, 0.8, 0.9]), 4)  # (0.49 + 0.64 + 0.81) / 3
    0.6467
    >>> # In R: l <- c(0.7, 0.8, 0.9); mean(l^2)   (semTools::AVE(fit) from a fitted model)
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
    cov : array-like of float, shape (k, k)
        The covariance matrix of one block's ``k >= 2`` items (a correlation matrix gives
        the standardized alpha).

    Returns
    -------
    float
        Cronbach's alpha (negative when the items correlate negatively on average).

    See Also
    --------
    feldt_interval : a confidence interval for alpha.
    composite_reliability : CR (omega) from loadings.
    sxm.reliability.cronbach_alpha : alpha of every block of a survey, with its interval.

    Examples
    --------
    >>> round(cronbach_alpha([[1.0, 0.5], [0.5, 1.0]]), 4)  # 2 * (1 - 2 / 3)
    0.6667
    >>> # In R: psych::alpha(matrix(c(1, .5, .5, 1), 2))$total$raw_alpha
    """
    c = np.asarray(cov, dtype=float)
    k = c.shape[0]
    return float(k / (k - 1) * (1 - np.trace(c) / c.sum()))


def feldt_interval(alpha, n, k, level: float = 0.95):
    """Feldt's (1987) F-based interval for alpha (as pingouin, unrounded).

    Parameters
    ----------
    alpha : float or array-like of float
        Cronbach's alpha.
    n : int or array-like of int
        Respondents (``n >= 2``).
    k : int or array-like of int
        Items (``k >= 2``). ``alpha``, ``n`` and ``k`` are broadcast together.
    level : float, default 0.95
        Confidence level of the interval (not validated here).

    Returns
    -------
    low, high : ndarray of float
        The bounds of the interval, of the broadcast shape of the inputs (0-d for scalars).

    See Also
    --------
    cronbach_alpha : the point estimate.
    sxm.reliability.cronbach_alpha : alpha of every block of a survey with this interval.

    Notes
    -----
    :math:`[1 - (1 - \\alpha) F_{(1+L)/2},\\; 1 - (1 - \\alpha) F_{(1-L)/2}]` with quantiles of
    F on :math:`n - 1` and :math:`(n - 1)(k - 1)` degrees of freedom.

    Examples
    --------
    >>> low, high = feldt_interval(0.8, 100, 5)
    >>> round(float(low), 4), round(float(high), 4)
    (0.7306, 0.8559)
    >>> # In R: psych::alpha.ci(0.8, n.obs = 100, n.var = 5)   (0.73, 0.86)
    >>> low, high = feldt_interval([0.7, 0.9], 200, 4, level=0.9)
    >>> low.round(3).tolist(), high.round(3).tolist()
    ([0.639, 0.88], [0.753, 0.918])
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
    cov : array-like of float, shape (k, k)
        The covariance (or correlation) matrix of ``k >= 2`` items, positive definite.

    Returns
    -------
    loadings : ndarray of float, shape (k,)
        On the covariance scale, signed so that they sum to a positive number.
    error_variances : ndarray of float, shape (k,)
        On the covariance scale.
    heywood : bool
        Whether an error variance is at (or below) zero: a Heywood case.

    See Also
    --------
    composite_reliability : CR (omega) from these loadings and error variances.
    average_variance_extracted : AVE from them.
    sxm.reliability.omega : omega of every block of a survey, fitted with this function.

    Examples
    --------
    >>> import numpy as np
    >>> s = np.array([[1, .48, .42], [.48, 1, .56], [.42, .56, 1]])
    >>> lam, theta, heywood = one_factor_ml(s)
    >>> lam.round(3).tolist(), theta.round(3).tolist(), heywood
    ([0.6, 0.8, 0.7], [0.64, 0.36, 0.51], False)
    >>> # In R: lavaan::cfa("f =~ x1 + x2 + x3", sample.cov = S, sample.nobs = 100,
    >>> #                   std.lv = TRUE, sample.cov.rescale = FALSE)
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
    corr : array-like of float, shape (p, p)
        Item correlation (or covariance) matrix of all ``p`` items.
    groups : list of array-like of int
        The positions (0-based, into ``corr``) of the items of each of the ``k``
        constructs; each construct needs at least two items.
    method : {"htmt2", "htmt"}, default "htmt2"
        Geometric (HTMT2; Roemer, Schuberth & Henseler 2021) or arithmetic (HTMT; Henseler,
        Ringle & Sarstedt 2015) means of the absolute correlations.

    Returns
    -------
    ndarray of float, shape (k, k)
        The symmetric HTMT matrix, 1 on the diagonal.

    See Also
    --------
    average_variance_extracted : AVE, for the Fornell-Larcker criterion.
    sxm.reliability.htmt : the same from data and blocks, as a labelled DataFrame.

    Examples
    --------
    >>> import numpy as np
    >>> r = np.array([[1, .6, .3, .3], [.6, 1, .3, .3], [.3, .3, 1, .5], [.3, .3, .5, 1]])
    >>> htmt(r, [[0, 1], [2, 3]], "htmt").round(4).tolist()  # 0.3 / sqrt(0.6 * 0.5)
    [[1.0, 0.5477], [0.5477, 1.0]]
    >>> htmt(r, [[0, 1], [2, 3]]).round(4).tolist()  # HTMT2: equal here (equal correlations)
    [[1.0, 0.5477], [0.5477, 1.0]]
    >>> # In R: semTools::htmt("a =~ x1 + x2; b =~ x3 + x4", sample.cov = R, htmt2 = FALSE)
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
