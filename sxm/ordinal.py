"""Ordinal answers: thresholds, polychoric correlations and their asymptotic covariance.

A Likert answer is an ordered category, not a number. The classical model behind it (Pearson
1900; Olsson 1979) says that each answer ``y`` cuts a continuous, standard-normal *latent
response* ``y*`` at fixed *thresholds*: ``y = c`` when ``tau_{c-1} < y* <= tau_c``. Two items
are then related by the correlation of their latent responses, the *polychoric* correlation,
which ordinal answers measure without the attenuation and skew of Pearson's correlation of
the category numbers. The estimates of this module are lavaan's (``lavCor`` and the first
stage of ``estimator = "WLSMV"``), to 1e-4 and better:

* thresholds from each item's answer proportions, ``tau_c = Phi^-1(P(y <= c))``;
* polychoric correlations by maximum likelihood on each pair's contingency table, the
  thresholds held fixed (Olsson's two-step estimator), with lavaan's treatment of empty
  cells;
* ``N`` times the asymptotic covariance matrix of thresholds and correlations (lavaan's
  ``NACOV``, Muthen 1984), which weighs and corrects the second stage, the DWLS fit of a
  structural equation model (:func:`sxm.sem.fit` with ``estimator="WLSMV"``).

Everything is vectorized: contingency tables by one ``np.bincount`` per item, the bivariate
normal rectangle probabilities of every cell of every pair at once (Genz's 2004 algorithm),
Newton steps on all pairs together.

====================================  ========================================================
:func:`polychoric`                    polychoric correlation matrix (``lavaan::lavCor``)
:func:`ordinal_statistics`            thresholds, polychorics and their asymptotic covariance
:func:`categorical_omega`             Green & Yang's (2009) omega on the answer scale
:func:`bivariate_normal_cdf`          P(X <= x, Y <= y) of the standard bivariate normal
====================================  ========================================================

References
----------
Olsson, U. (1979). Maximum likelihood estimation of the polychoric correlation coefficient.
*Psychometrika*, 44(4), 443-460.
Muthen, B. (1984). A general structural equation model with dichotomous, ordered
categorical, and continuous latent variable indicators. *Psychometrika*, 49(1), 115-132.
Genz, A. (2004). Numerical computation of rectangular bivariate and trivariate normal and t
probabilities. *Statistics and Computing*, 14(3), 251-260.
Green, S. B., & Yang, Y. (2009). Reliability of summed item scores using structural
equation modeling: an alternative to coefficient alpha. *Psychometrika*, 74(1), 155-167.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from .io import (SurveyError, SurveyTypeError, check_choice, complete_rows, expand_items, numeric_items, require_columns,
                 require_frame)

__all__ = ["polychoric", "ordinal_statistics", "OrdinalStatistics", "categorical_omega", "bivariate_normal_cdf"]

#: lavaan bounds a polychoric correlation to [-0.999, 0.999] (nlminb's box)
_RHO_MAX = 0.999
#: lavaan floors a cell probability at sqrt(machine epsilon) in the log-likelihood
_PI_FLOOR = np.sqrt(np.finfo(float).eps)

#: Gauss-Legendre rules on [-1, 1] (Genz: 6 points for |r| < 0.3, 12 below 0.75, 20 above)
_GL = {m: np.polynomial.legendre.leggauss(m) for m in (6, 12, 20)}
_GL_X, _GL_W = _GL[20]


# --------------------------------------------------------------------------------------
# the bivariate normal distribution
# --------------------------------------------------------------------------------------
def _upper(h, k, r):
    """P(X > h, Y > k) for finite 1-d arrays (Genz 2004, after Drezner & Wesolowsky 1989).

    For |r| < 0.925 the integral over asin(r) of Sheppard's formula, by Gauss-Legendre
    quadrature with 6, 12 or 20 points as |r| grows; for |r| >= 0.925 Genz's expansion around
    |r| = 1 (accurate to about 1e-15 in double precision).
    """
    out = np.empty_like(h)
    ar = np.abs(r)
    for lo, hi, m in ((0.0, 0.3, 6), (0.3, 0.75, 12), (0.75, 0.925, 20)):
        sel = (ar >= lo) & (ar < hi)
        if not sel.any():
            continue
        x, w = _GL[m]
        hh, kk, rr = h[sel], k[sel], r[sel]
        hk, hs, asr = hh * kk, (hh * hh + kk * kk) / 2, np.arcsin(rr)
        sn = np.sin(asr[:, None] * ((1 + x) / 2)[None, :])
        terms = np.exp((sn * hk[:, None] - hs[:, None]) / (1 - sn * sn))
        out[sel] = terms @ w * asr / (4 * np.pi) + special.ndtr(-hh) * special.ndtr(-kk)
    high = ar >= 0.925
    if high.any():
        hh, kk, rr = h[high], k[high].copy(), r[high]
        neg = rr < 0
        kk[neg] = -kk[neg]
        hk = hh * kk
        bvn = np.zeros_like(hh)
        inner = np.abs(rr) < 1
        if inner.any():
            h1, k1, r1, hk1 = hh[inner], kk[inner], rr[inner], hk[inner]
            a_s = (1 - r1) * (1 + r1)
            a = np.sqrt(a_s)
            bs = (h1 - k1) ** 2
            c = (4 - hk1) / 8
            d = (12 - hk1) / 16
            with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
                asr = -(bs / a_s + hk1) / 2
                val = np.where(asr > -100,
                               a * np.exp(asr) * (1 - c * (bs - a_s) * (1 - d * bs / 5) / 3 + c * d * a_s * a_s / 5),
                               0.0)
                b = np.sqrt(bs)
                sp = np.sqrt(2 * np.pi) * special.ndtr(-b / a)
                val = val - np.where(-hk1 < 100, np.exp(-hk1 / 2) * sp * b * (1 - c * bs * (1 - d * bs / 5) / 3), 0.0)
                half = a / 2
                xs = (half[:, None] * (_GL_X[None, :] + 1)) ** 2
                rs = np.sqrt(1 - xs)
                asr2 = -(bs[:, None] / xs + hk1[:, None]) / 2
                sp2 = 1 + c[:, None] * xs * (1 + d[:, None] * xs)
                ep = np.exp(-hk1[:, None] * (1 - rs) / (2 * (1 + rs))) / rs
                quad = np.where(asr2 > -100, np.exp(asr2) * (ep - sp2), 0.0)
                val = val + half * (quad @ _GL_W)
            bvn[inner] = -val / (2 * np.pi)
        pos = ~neg
        bvn[pos] = bvn[pos] + special.ndtr(-np.maximum(hh[pos], kk[pos]))
        bvn[neg] = -bvn[neg] + np.maximum(0.0, special.ndtr(-hh[neg]) - special.ndtr(-kk[neg]))
        out[high] = bvn
    return np.clip(out, 0.0, 1.0)


def bivariate_normal_cdf(x, y, rho):
    """P(X <= x, Y <= y) of the standard bivariate normal distribution with correlation rho.

    Parameters
    ----------
    x, y : array-like
        Upper limits; ``-inf`` and ``inf`` are allowed.
    rho : array-like
        Correlations in [-1, 1]. The three arguments broadcast against each other.

    Returns
    -------
    ndarray (a float for scalar arguments)

    See Also
    --------
    polychoric : correlations whose likelihood sums rectangles of this distribution.

    Notes
    -----
    Genz's (2004) algorithm, the one of R's ``pbivnorm`` and ``mnormt``: Gauss-Legendre
    quadrature of the Drezner-Wesolowsky integral for ``|rho| < 0.925`` and an expansion
    around ``|rho| = 1`` above, accurate to about 1e-15. Vectorized over all arguments.

    Examples
    --------
    >>> round(float(bivariate_normal_cdf(0.0, 0.0, 0.5)), 12)  # 1/4 + asin(0.5) / (2 pi) = 1/3
    0.333333333333
    >>> bivariate_normal_cdf([1.0, np.inf, -np.inf], 0.5, 0.3).round(6).tolist()
    [0.609309, 0.691462, 0.0]
    """
    try:
        x, y, rho = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float), np.asarray(rho, float))
    except (TypeError, ValueError):
        raise SurveyTypeError("x, y and rho: must be numbers or arrays of numbers that broadcast together") from None
    if np.any(np.abs(rho) > 1) or np.isnan(rho).any():
        raise SurveyError(f"rho: correlations must lie in [-1, 1]; got {rho[~(np.abs(rho) <= 1)][0]!r}")
    shape = x.shape
    x, y, rho = x.ravel(), y.ravel(), rho.ravel()
    out = np.zeros(x.shape)
    finite = np.isfinite(x) & np.isfinite(y)
    if finite.any():
        out[finite] = _upper(-x[finite], -y[finite], rho[finite])
    xinf, yinf = (x == np.inf), (y == np.inf)
    out[xinf & (y > -np.inf)] = special.ndtr(y[xinf & (y > -np.inf)])
    out[yinf & (x > -np.inf) & ~xinf] = special.ndtr(x[yinf & (x > -np.inf) & ~xinf])
    out = out.reshape(shape)
    return float(out) if out.ndim == 0 else out


def _density(u, v, rho):
    """Standard bivariate normal density, 0 where u or v is infinite (broadcast)."""
    r2 = 1 - rho * rho
    with np.errstate(invalid="ignore", over="ignore"):
        q = (u * u - 2 * rho * u * v + v * v) / r2
        d = np.exp(-q / 2) / (2 * np.pi * np.sqrt(r2))
    return np.where(np.isfinite(u) & np.isfinite(v), d, 0.0)


def _dlog_density(u, v, rho):
    """d log(density) / d rho (lavaan's ``guv``), 0 where u or v is infinite."""
    r2 = 1 - rho * rho
    with np.errstate(invalid="ignore"):
        g = (u * v * r2 - rho * (u * u - 2 * rho * u * v + v * v) + rho * r2) / (r2 * r2)
    return np.where(np.isfinite(u) & np.isfinite(v), g, 0.0)


# --------------------------------------------------------------------------------------
# reading the answers
# --------------------------------------------------------------------------------------
def _encode_column(values: np.ndarray):
    """Category codes 0..K-1 of one float column (NaN -> -1) and the sorted categories."""
    ok = ~np.isnan(values)
    v = values[ok]
    lo = v.min()
    span = v.max() - lo
    if span < 100_000 and np.array_equal(v, np.floor(v)):  # whole numbers: a lookup table
        offset = (v - lo).astype(np.int64)
        present = np.bincount(offset) > 0
        lookup = np.cumsum(present) - 1
        levels = np.flatnonzero(present) + lo
        codes_ok = lookup[offset]
    else:
        levels, codes_ok = np.unique(v, return_inverse=True)
    codes = np.full(values.shape, -1, dtype=np.int16 if len(levels) < 32_000 else np.int32)
    codes[ok] = codes_ok
    return codes, np.asarray(levels)


def _encode(data: pd.DataFrame, items: list[str], scale):
    """Codes (n x p, -1 for a missing answer) and the categories of every item.

    The categories of an item are the distinct answers given to it in the whole data (as
    lavaan's ``ordered()``), or the declared categories of an ordered pandas Categorical.
    """
    categorical = [c for c in items if isinstance(data[c].dtype, pd.CategoricalDtype)]
    numeric = [c for c in items if c not in categorical]
    frame = numeric_items(data, numeric, scale=scale) if numeric else None
    codes = np.empty((len(data), len(items)), dtype=np.int32)
    levels = []
    for j, col in enumerate(items):  # loop over items, not respondents
        if col in categorical:
            cat = data[col].cat
            if not cat.ordered:
                raise SurveyTypeError(
                    f"column {col!r}: an unordered categorical cannot be an ordinal item; make it ordered "
                    "(data[col].cat.as_ordered()) or give numbers"
                )
            codes[:, j] = cat.codes.to_numpy()
            levels.append(np.asarray(cat.categories))
        else:
            c, lv = _encode_column(frame[col].to_numpy())
            codes[:, j] = c
            levels.append(lv)
        if len(levels[-1]) < 2:
            shown = levels[-1][0] if len(levels[-1]) else "nothing"
            raise SurveyError(
                f"column {col!r}: an ordinal item needs at least 2 answer categories (rule: no constant "
                f"items); every answer is {shown!r}"
            )
    return codes, levels


def _check_items(data, items, what="items") -> list[str]:
    require_frame(data)
    if items is None:
        items = [str(c) for c in data.columns]
    elif isinstance(items, str) or (hasattr(items, "__iter__") and not isinstance(items, (dict, bytes))):
        items = expand_items(data, items)
    else:
        raise SurveyTypeError(f"{what}: must be a list of item columns or a glob pattern such as 'P*'; got {items!r}")
    require_columns(data, items, what="item column")
    if len(items) < 2:
        raise SurveyError(f"{what}: polychoric correlations need at least 2 items; got {items!r}")
    return items


def _listwise(codes: np.ndarray, what: str = "polychoric correlations"):
    """Listwise deletion of codes (-1 = missing) with sxm.io's warning; (codes, n dropped)."""
    incomplete = (codes < 0).any(axis=1)
    dropped = int(incomplete.sum())
    if dropped:
        frame = pd.DataFrame(np.where(codes >= 0, codes, np.nan))
        complete_rows(frame, what=what, stacklevel=4)
        codes = codes[~incomplete]
        if len(codes) < 2:
            raise SurveyError(
                f"data: only {len(codes)} respondent(s) answered every item; listwise deletion leaves too few "
                f"for {what}"
            )
    return codes, dropped


def _check_empty(counts, levels, items, dropped):
    for j, cnt in enumerate(counts):
        if (cnt == 0).any():
            after = " after listwise deletion" if dropped else ""
            empty = ", ".join(str(_plain(v)) for v in levels[j][cnt == 0])
            table = ", ".join(f"{_plain(v)}: {int(c)}" for v, c in zip(levels[j], cnt))
            raise SurveyError(
                f"column {items[j]!r}: answer category {empty} is empty{after} (rule: every category of an "
                f"ordinal item needs respondents, as in lavaan); frequencies are [{table}]. Merge the empty "
                "category with a neighbour, or drop the respondents who leave it empty"
            )


def _plain(value):
    """A category as people write it: 3 rather than 3.0 or np.float64(3.0)."""
    value = value.item() if hasattr(value, "item") else value
    return int(value) if isinstance(value, float) and value.is_integer() else value


# --------------------------------------------------------------------------------------
# the estimates
# --------------------------------------------------------------------------------------
def _pairs(p: int):
    """lavaan's order of the correlations: the lower triangle column by column (vech)."""
    rows, cols = [], []
    for j in range(p):
        for i in range(j + 1, p):
            rows.append(i)
            cols.append(j)
    return np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)


def _univariate(codes: np.ndarray, n_cat: list[int]):
    """Category counts and thresholds ``Phi^-1(cumulative proportion)`` of every item."""
    counts, taus = [], []
    for j, k in enumerate(n_cat):
        col = codes[:, j]
        ok = col >= 0
        cnt = np.bincount(col[ok], minlength=k).astype(float)
        counts.append(cnt)
        with np.errstate(divide="ignore"):
            taus.append(special.ndtri(np.cumsum(cnt)[:-1] / cnt.sum()))
    return counts, taus


def _padded(taus, kmax):
    """(p, kmax + 1) thresholds with -inf in front and +inf after each item's last threshold."""
    out = np.full((len(taus), kmax + 1), np.inf)
    out[:, 0] = -np.inf
    for j, t in enumerate(taus):
        out[j, 1:len(t) + 1] = t
    return out


def _tables(codes: np.ndarray, kmax: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """(P, kmax, kmax) contingency tables of every pair, pairwise complete, by np.bincount.

    One bincount per item ``j`` covers all pairs ``(i, j)`` with ``i > j`` (consecutive in
    lavaan's order): the code of a respondent's cell is ``pair * kmax^2 + c_i * kmax + c_j``;
    missing answers go to a last bin that is dropped.
    """
    n_pairs = len(rows)
    size = kmax * kmax
    p = codes.shape[1]
    dtype = np.int32 if n_pairs * size < 2**31 - 1 else np.int64
    ct = np.ascontiguousarray(codes.T, dtype=dtype)  # items x respondents: contiguous rows
    scaled = ct * kmax
    missing = ct < 0
    any_missing = bool(missing.any())
    out = np.zeros(n_pairs * size + 1)
    start = 0
    for j in range(p - 1):  # loop over items; each step is one vectorized block of pairs
        m = p - 1 - j
        cell = (np.arange(start, start + m, dtype=dtype) * size)[:, None] + ct[j][None, :]
        cell += scaled[j + 1:]
        if any_missing:
            cell[missing[j + 1:] | missing[j][None, :]] = n_pairs * size
        out += np.bincount(cell.ravel(), minlength=n_pairs * size + 1)
        start += m
    return out[:-1].reshape(n_pairs, kmax, kmax)


class _Cells:
    """Cell probabilities of every pair's table and their derivatives, for given rho.

    ``t1``/``t2``: (P, kmax + 1) padded thresholds of the row item (``i``, lavaan's y1 in
    the scores) and the column item (``j``).
    """

    def __init__(self, t1, t2, rho):
        self.t1, self.t2, self.rho = t1, t2, rho
        u = t1[:, :, None]
        v = t2[:, None, :]
        r = rho[:, None, None]
        shape = np.broadcast_shapes(u.shape, v.shape)
        grid = np.zeros(shape)
        uu, vv = np.broadcast_to(u, shape), np.broadcast_to(v, shape)
        rr = np.broadcast_to(r, shape)
        finite = np.isfinite(uu) & np.isfinite(vv)
        grid[finite] = _upper(-uu[finite], -vv[finite], rr[finite])
        top_u = (uu == np.inf) & (vv > -np.inf)
        grid[top_u] = special.ndtr(vv[top_u])
        top_v = (vv == np.inf) & (uu > -np.inf) & (uu < np.inf)
        grid[top_v] = special.ndtr(uu[top_v])
        self.pi = _corners(grid)
        self.dens = _density(u, v, r)
        self.phi = _corners(self.dens)  # d pi / d rho

    def loglik(self, tables):
        return (tables * np.log(np.maximum(self.pi, _PI_FLOOR))).sum(axis=(1, 2))

    def update(self, rows, other, keep):
        """Take the pairs ``keep`` of ``other`` (cells at trial values) as pairs ``rows``."""
        for name in ("rho", "pi", "dens", "phi"):
            getattr(self, name)[rows] = getattr(other, name)[keep]

    def derivatives(self, tables, idx):
        """Gradient, Hessian and outer-product information of the log-likelihood in rho for
        the pairs ``idx`` (lavaan's formulas)."""
        pi, phi, dens = self.pi[idx], self.phi[idx], self.dens[idx]
        ok = pi > _PI_FLOOR
        pi = np.where(ok, pi, 1.0)
        w = np.where(ok, tables[idx], 0.0)
        u, v, r = self.t1[idx][:, :, None], self.t2[idx][:, None, :], self.rho[idx][:, None, None]
        gnorm = _corners(dens * _dlog_density(u, v, r))
        grad = (w * phi / pi).sum(axis=(1, 2))
        info = (w * phi**2 / pi**2).sum(axis=(1, 2))
        hess = (w * gnorm / pi).sum(axis=(1, 2)) - info
        return grad, hess, info


def _corners(grid):
    """Rectangle sums F(a, b) - F(a-1, b) - F(a, b-1) + F(a-1, b-1) over the last two axes."""
    return grid[:, 1:, 1:] - grid[:, :-1, 1:] - grid[:, 1:, :-1] + grid[:, :-1, :-1]


def _fit_rho(tables, t1, t2, start, max_iter=100, tol=1e-10):
    """Maximum-likelihood polychoric correlations of every pair at once (Newton steps).

    lavaan's two-step estimator: the thresholds are fixed, rho maximizes
    ``sum n_ab log pi_ab(rho)`` within [-0.999, 0.999]. Newton steps with the exact Hessian
    (the outer-product information where the Hessian is not negative), halved per pair until
    the log-likelihood does not decrease; the cells of accepted steps are kept, so each
    iteration costs one evaluation of the bivariate normal grid of the pairs still moving.
    Returns (rho, converged).
    """
    rho = np.clip(np.where(np.isfinite(start), start, 0.0), -0.9, 0.9)
    cells = _Cells(t1, t2, rho.copy())
    ll = cells.loglik(tables)
    active = np.ones(len(rho), dtype=bool)
    failed = np.zeros(len(rho), dtype=bool)
    for _ in range(max_iter):
        idx = np.flatnonzero(active)
        if not len(idx):
            break
        grad, hess, info = cells.derivatives(tables, idx)
        curv = np.where(hess < 0, -hess, np.maximum(info, 1e-12))
        step = np.clip(grad / curv, -0.5, 0.5)
        old = cells.rho[idx].copy()
        # a pair at the bound that wants to go beyond it is done (lavaan's box constraint)
        stuck = (np.abs(old) >= _RHO_MAX) & (np.sign(step) == np.sign(old))
        pending, alpha = np.flatnonzero(~stuck & (step != 0)), 1.0
        moved = np.zeros(len(idx))
        before = ll[idx].copy()
        for _ in range(40):  # step halving, the pending pairs at once
            if not len(pending):
                break
            trial = np.clip(old[pending] + alpha * step[pending], -_RHO_MAX, _RHO_MAX)
            rows = idx[pending]
            sub = _Cells(t1[rows], t2[rows], trial)
            new_ll = sub.loglik(tables[rows])
            better = new_ll >= ll[rows] - 1e-12 * np.abs(ll[rows])
            cells.update(rows[better], sub, better)
            ll[rows[better]] = new_ll[better]
            moved[pending[better]] = np.abs(trial[better] - old[pending[better]])
            pending = pending[~better]
            alpha /= 2
        # a flat likelihood (e.g. a table whose cells leave rho near -1 or 1 undecided) gains
        # nothing more: done, as lavaan's optimizer stops on its relative function change
        flat = ll[idx] - before <= 1e-13 * np.abs(before)
        predicted = grad * step  # the gain a Newton step promises
        failed[idx[pending]] = predicted[pending] > 1e-10 * np.abs(before[pending])
        active[idx] = (moved > tol) & ~stuck & ~flat
        active[idx[pending]] = False
    converged = ~(active | failed)
    return cells.rho, converged


def _special_2x2(tables, n_cat_i, n_cat_j, t1, t2, rows, cols, names):
    """lavaan's rules for 2 x 2 tables: fixed answers and the 0.5 added to one empty cell.

    Returns (tables to fit, rho fixed where a rule decides it (NaN elsewhere)).
    """
    fixed = np.full(len(tables), np.nan)
    two = (n_cat_i == 2) & (n_cat_j == 2)
    if not two.any():
        return tables, fixed
    tables = tables.copy()
    for p in np.flatnonzero(two):  # loop over 2 x 2 pairs (dichotomous items), not respondents
        f = tables[p, :2, :2]
        zeros = f == 0
        if zeros.sum() == 2:
            warnings.warn(f"two empty cells in the 2 x 2 table of {names[rows[p]]!r} and {names[cols[p]]!r}: "
                          "their tetrachoric correlation is set to +-1 (as lavaan)", RuntimeWarning, stacklevel=4)
            fixed[p] = 1.0 if f[0, 0] > 0 else -1.0
            continue
        if zeros.sum() == 1:
            sign = 1.0 if zeros[0, 0] or zeros[1, 1] else -1.0
            f = f + sign * np.array([[0.5, -0.5], [-0.5, 0.5]])
            tables[p, :2, :2] = f
        if f[0, 0] * f[1, 1] == f[0, 1] * f[1, 0]:
            fixed[p] = 0.0
        elif t1[p, 1] == 0 and t2[p, 1] == 0:
            fixed[p] = -np.cos(2 * np.pi * f[0, 0] / f.sum())
    return tables, fixed


def _estimate(codes, levels, items, taus, start=None):
    """Polychoric correlations from codes (-1 = missing, pairwise) and thresholds.

    ``start``: correlations to start from (lavaan: Pearson's of the codes).
    """
    p = codes.shape[1]
    n_cat = [len(lv) for lv in levels]
    kmax = max(n_cat)
    rows, cols = _pairs(p)
    tables = _tables(codes, kmax, rows, cols)
    tau = _padded(taus, kmax)
    t1, t2 = tau[rows], tau[cols]
    fit_tables, fixed = _special_2x2(tables, np.asarray(n_cat)[rows], np.asarray(n_cat)[cols], t1, t2,
                                     rows, cols, items)
    if start is None:  # starting values: Pearson correlations of the category codes (as lavaan)
        x = np.where(codes >= 0, codes, np.nan).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            start = pd.DataFrame(x).corr().to_numpy() if (codes < 0).any() else np.corrcoef(x, rowvar=False)
    start = np.asarray(start)[rows, cols]
    todo = np.isnan(fixed)
    rho = fixed.copy()
    converged = np.ones(len(rho), dtype=bool)
    if todo.any():
        rho[todo], converged[todo] = _fit_rho(fit_tables[todo], t1[todo], t2[todo], start[todo])
    if not converged.all():
        k = int(np.flatnonzero(~converged)[0])
        warnings.warn(f"the polychoric correlation of {items[rows[k]]!r} and {items[cols[k]]!r} did not converge",
                      RuntimeWarning, stacklevel=3)
    near = np.abs(rho) > 0.99
    if near.any():
        k = int(np.flatnonzero(near)[0])
        warnings.warn(f"the polychoric correlation of {items[rows[k]]!r} and {items[cols[k]]!r} is (nearly) "
                      f"{rho[k]:+.3f}: the two items are (almost) the same answer", RuntimeWarning, stacklevel=3)
    corr = np.eye(p)
    corr[rows, cols] = corr[cols, rows] = rho
    return corr, tables, (rows, cols, t1, t2, rho)


# --------------------------------------------------------------------------------------
# the asymptotic covariance (Muthen 1984, as lavaan's muthen1984)
# --------------------------------------------------------------------------------------
def _univariate_scores(tau):
    """(K, K-1) score table: d log P(y = c) / d tau_k for every category c."""
    k = len(tau)
    up = np.concatenate([tau, [np.inf]])
    low = np.concatenate([[-np.inf], tau])
    prob = special.ndtr(up) - special.ndtr(low)
    scores = np.zeros((k + 1, k))
    dens = np.exp(-tau**2 / 2) / np.sqrt(2 * np.pi)
    idx = np.arange(k)
    scores[idx, idx] = dens / prob[:k]  # tau_c is the upper threshold of category c
    scores[idx + 1, idx] = -dens / prob[1:]  # and the lower one of category c + 1
    return scores


class _Muthen:
    """The pieces of Muthen's (1984) asymptotic covariance, from the contingency tables.

    Every score of a respondent -- of a threshold (univariate likelihood) or of a
    correlation (bivariate likelihood) -- depends only on the respondent's category of one
    item or cell of one pair. So the matrix ``B`` (``A11`` per item, ``A21``, ``A22``) is a
    sum over the cells of the tables, as is the diagonal of Gamma; only the full Gamma needs
    the cross-products of every respondent's scores.
    """

    def __init__(self, counts, n_cat, taus, tables, pair_info):
        rows, cols, t1, t2, rho = pair_info
        self.rows, self.cols = rows, cols
        self.n_pairs = len(rows)
        self.kmax = kmax = tables.shape[1]
        self.nth = nth = np.array([k - 1 for k in n_cat])
        self.th_start = np.concatenate([[0], np.cumsum(nth)]).astype(int)
        self.n_th = n_th = int(self.th_start[-1])
        cells = _Cells(t1, t2, rho)
        pi = np.where(cells.pi > _PI_FLOOR, cells.pi, np.nan)
        self.dx_rho = dx_rho = np.nan_to_num(cells.phi / pi)  # (P, kmax, kmax) score of rho per cell
        # derivatives of the cell probabilities with respect to the thresholds of each item
        r = np.sqrt(np.maximum(1 - rho**2, 1e-300))[:, None, None]
        f1, f2 = np.where(np.isfinite(t1), t1, 0.0), np.where(np.isfinite(t2), t2, 0.0)
        dens1 = np.where(np.isfinite(t1), np.exp(-f1**2 / 2) / np.sqrt(2 * np.pi), 0.0)
        dens2 = np.where(np.isfinite(t2), np.exp(-f2**2 / 2) / np.sqrt(2 * np.pi), 0.0)
        with np.errstate(invalid="ignore"):
            # g1[p, s, b] = phi(t1_s) [Phi((t2_{b+1} - rho t1_s)/R) - Phi((t2_b - rho t1_s)/R)]
            g1 = dens1[:, :, None] * np.diff(special.ndtr((t2[:, None, :] - rho[:, None, None] * f1[:, :, None]) / r),
                                             axis=2)
            g2 = dens2[:, :, None] * np.diff(special.ndtr((t1[:, None, :] - rho[:, None, None] * f2[:, :, None]) / r),
                                             axis=2)  # [p, t, a]
        g1, g2 = np.nan_to_num(g1), np.nan_to_num(g2)
        m = np.nan_to_num(tables * dx_rho / pi)  # n_ab * (score of rho) / pi_ab
        # A21: sum over respondents of score(rho) x d log pi / d tau
        a21_1 = np.einsum("psb,psb->ps", g1[:, 1:kmax, :], m[:, :-1, :] - m[:, 1:, :])
        a21_2 = np.einsum("pta,pat->pt", g2[:, 1:kmax, :], m[:, :, :-1] - m[:, :, 1:])
        self.a22 = (tables * dx_rho**2).sum(axis=(1, 2))
        if (self.a22 <= 0).any():
            k = int(np.flatnonzero(self.a22 <= 0)[0])
            raise SurveyError(f"the weight of the polychoric correlation of items {rows[k] + 1} and {cols[k] + 1} cannot "
                              "be computed: their table carries no information about it")
        # univariate scores and A11^-1, one block per item
        self.uni = [_univariate_scores(t) for t in taus]
        self.a11_inv = [np.linalg.inv(u.T @ (c[:, None] * u)) for u, c in zip(self.uni, counts)]
        self.a21 = np.zeros((self.n_pairs, n_th))
        for k in range(kmax - 1):  # loop over threshold positions
            ok1 = k < nth[rows]
            self.a21[np.flatnonzero(ok1), self.th_start[rows[ok1]] + k] = a21_1[ok1, k]
            ok2 = k < nth[cols]
            self.a21[np.flatnonzero(ok2), self.th_start[cols[ok2]] + k] = a21_2[ok2, k]

    def b_inverse(self):
        n_th, n_pairs = self.n_th, self.n_pairs
        a11_inv = np.zeros((n_th, n_th))
        for j, block in enumerate(self.a11_inv):
            s = slice(self.th_start[j], self.th_start[j + 1])
            a11_inv[s, s] = block
        b_inv = np.zeros((n_th + n_pairs, n_th + n_pairs))
        b_inv[:n_th, :n_th] = a11_inv
        b_inv[n_th:, :n_th] = -(self.a21 @ a11_inv) / self.a22[:, None]
        b_inv[n_th + np.arange(n_pairs), n_th + np.arange(n_pairs)] = 1 / self.a22
        return b_inv

    def full(self, codes, chunk_cells=4_000_000):
        """Gamma: N B^-1 (sum_n s_n s_n') B^-T, the cross-products by chunks of respondents."""
        n, p = codes.shape
        n_th, n_pairs, kmax = self.n_th, self.n_pairs, self.kmax
        q = n_th + n_pairs
        inner = np.zeros((q, q))
        flat = self.dx_rho.reshape(n_pairs, -1)
        step = max(1, chunk_cells // q)
        pair_index = np.arange(n_pairs)[None, :]
        for lo in range(0, n, step):  # chunks of respondents, each one vectorized block
            c = codes[lo:lo + step].astype(np.intp)
            sc = np.empty((len(c), q))
            for j in range(p):
                sc[:, self.th_start[j]:self.th_start[j + 1]] = self.uni[j][c[:, j]]
            sc[:, n_th:] = flat[pair_index, c[:, self.rows] * kmax + c[:, self.cols]]
            inner += sc.T @ sc
        b_inv = self.b_inverse()
        return n * (b_inv @ inner @ b_inv.T)

    def diagonal(self, n, tables):
        """The diagonal of Gamma from the tables alone (the DWLS weights are its inverse)."""
        th = np.concatenate([n * np.diag(block) for block in self.a11_inv])
        rows, cols, kmax = self.rows, self.cols, self.kmax
        # each correlation's combined score depends on its pair's cell only
        score = self.dx_rho.copy()
        for side, items in ((0, rows), (1, cols)):
            for j in np.unique(items):  # loop over items
                sel = np.flatnonzero(items == j)
                s = slice(self.th_start[j], self.th_start[j + 1])
                coef = self.a21[sel, s] @ self.a11_inv[j]  # (pairs, K_j - 1)
                part = coef @ self.uni[j].T  # (pairs, K_j): per category of item j
                pad = np.zeros((len(sel), kmax))
                pad[:, :part.shape[1]] = part
                score[sel] -= pad[:, :, None] if side == 0 else pad[:, None, :]
        corr = n * (tables * score**2).sum(axis=(1, 2)) / self.a22**2
        return np.concatenate([th, corr])


# --------------------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------------------
@dataclass
class OrdinalStatistics:
    """Thresholds, polychoric correlations and their asymptotic covariance of ordinal items.

    Attributes
    ----------
    items : list of str
        The item columns, in order.
    levels : list of ndarray
        The answer categories of each item, lowest first.
    counts : list of ndarray
        Respondents per category of each item.
    thresholds : list of ndarray
        ``K - 1`` thresholds of each item with ``K`` categories.
    correlations : DataFrame
        The polychoric correlation matrix.
    n : int
        Respondents used.
    n_dropped : int
        Respondents dropped by listwise deletion.
    gamma : ndarray or None
        ``N`` times the asymptotic covariance matrix of the thresholds and correlations in
        lavaan's order (:attr:`labels`); lavaan's ``NACOV`` (``lavInspect(fit, "gamma")``).
    gamma_diagonal : ndarray or None
        Its diagonal (the inverse DWLS weights), also when the full matrix was not asked for.
    codes : ndarray
        The answers as category codes ``0 .. K-1`` (respondents used x items).
    """

    items: list
    levels: list
    counts: list
    thresholds: list
    correlations: pd.DataFrame
    n: int
    n_dropped: int = 0
    gamma: np.ndarray | None = field(default=None, repr=False)
    gamma_diagonal: np.ndarray | None = field(default=None, repr=False)
    codes: np.ndarray | None = field(default=None, repr=False)

    def recompute(self, codes, *, acov="diagonal") -> OrdinalStatistics:
        """The statistics of other answers to the same items, e.g. a bootstrap resample.

        Parameters
        ----------
        codes : ndarray
            Category codes ``0 .. K-1`` (respondents x items), such as rows of
            :attr:`codes`; the categories of every item are kept.
        acov : {True, False, "diagonal"}
            As for :func:`ordinal_statistics`.

        Returns
        -------
        OrdinalStatistics

        Raises
        ------
        SurveyError
            When a category is empty in ``codes`` (lavaan's error).

        See Also
        --------
        ordinal_statistics : the statistics of a DataFrame.

        Examples
        --------
        >>> d = pd.DataFrame({"a": [1, 1, 2, 2, 3, 3, 3, 1], "b": [1, 2, 2, 3, 3, 3, 2, 1]})
        >>> st = ordinal_statistics(d, acov=False)
        >>> rows = np.array([0, 1, 2, 3, 4, 5, 6, 7, 0, 4])  # a bootstrap resample, say
        >>> # In lavaan: lavCor(d[c(1:8, 1, 5), ], ordered = names(d))
        >>> round(float(st.recompute(st.codes[rows], acov=False).correlations.iloc[0, 1]), 4)
        0.9191
        """
        codes = np.asarray(codes)
        n_cat = [len(lv) for lv in self.levels]
        counts, taus = _univariate(codes, n_cat)
        _check_empty(counts, self.levels, self.items, 0)
        corr, tables, pair_info = _estimate(codes, self.levels, self.items, taus,
                                            start=self.correlations.to_numpy())
        return _statistics(self.items, self.levels, codes, counts, taus, corr, tables, pair_info, 0, acov)

    @property
    def labels(self) -> list[str]:
        """Names of the entries of :attr:`vector`: ``item|t1``, ... then ``item_i~~item_j``."""
        rows, cols = _pairs(len(self.items))
        th = [f"{v}|t{k + 1}" for v, t in zip(self.items, self.thresholds) for k in range(len(t))]
        return th + [f"{self.items[i]}~~{self.items[j]}" for i, j in zip(rows, cols)]

    @property
    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Row and column positions of the correlations in :attr:`vector` (``i > j``)."""
        return _pairs(len(self.items))

    @property
    def vector(self) -> np.ndarray:
        """Thresholds then correlations (lower triangle, column by column): lavaan's ``WLS.obs``."""
        rows, cols = _pairs(len(self.items))
        r = self.correlations.to_numpy()
        return np.concatenate([*self.thresholds, r[rows, cols]])

    def threshold_table(self) -> pd.DataFrame:
        """Thresholds as a tidy table.

        Returns
        -------
        DataFrame
            ``item, threshold, est`` with ``threshold`` = ``t1``, ``t2``, ... (lavaan's names).

        See Also
        --------
        sxm.sem.fit : ``estimator="WLSMV"`` reports the model's thresholds as ``op="|"`` rows.

        Examples
        --------
        >>> d = pd.DataFrame({"a": [1, 2, 2, 3, 1, 3], "b": [1, 1, 2, 2, 2, 1]})
        >>> ordinal_statistics(d, acov=False).threshold_table().round(4)  # lavCor(d, output = "th")
          item threshold     est
        0    a        t1 -0.4307
        1    a        t2  0.4307
        2    b        t1  0.0000
        """
        rows = [(v, f"t{k + 1}", float(x)) for v, t in zip(self.items, self.thresholds) for k, x in enumerate(t)]
        return pd.DataFrame(rows, columns=["item", "threshold", "est"])


def ordinal_statistics(data: pd.DataFrame, items=None, *, acov: bool = True, scale=None) -> OrdinalStatistics:
    """Thresholds, polychoric correlations and (optionally) their asymptotic covariance.

    The first stage of lavaan's ``estimator = "WLSMV"``; :func:`sxm.sem.fit` calls it for
    ``ordered`` items. Respondents with a missing answer are dropped (listwise, as lavaan).

    Parameters
    ----------
    data : DataFrame
        Respondents in rows. Not modified.
    items : list of str or str, optional
        The ordinal item columns (or a glob pattern such as ``"P*"``); default every column.
        Numbers (any distinct values are categories, as R's ``ordered()``) or ordered pandas
        Categoricals (their declared categories).
    acov : {True, False, "diagonal"}
        Also compute :attr:`OrdinalStatistics.gamma`, ``N`` times the asymptotic covariance
        matrix of thresholds and correlations (a pass over the respondents), or only its
        diagonal (from the contingency tables, no pass).
    scale : (low, high), optional
        Answer scale to validate numeric items against.

    Returns
    -------
    OrdinalStatistics

    Raises
    ------
    SurveyError
        An item with a single category, or a category that no respondent chose (after
        listwise deletion) -- lavaan's error, with the frequencies of every category.

    See Also
    --------
    polychoric : the correlation matrix alone, with pairwise deletion as an option.

    Examples
    --------
    >>> d = pd.DataFrame({"a": [1, 1, 2, 2, 3, 3, 3, 1], "b": [1, 2, 2, 3, 3, 3, 2, 1]})
    >>> st = ordinal_statistics(d)  # In lavaan: lavCor(d, ordered = c("a", "b"), output = "th")
    >>> st.threshold_table().round(4)
      item threshold     est
    0    a        t1 -0.3186
    1    a        t2  0.3186
    2    b        t1 -0.6745
    3    b        t2  0.3186
    >>> st.gamma.shape
    (5, 5)
    """
    items = _check_items(data, items)
    if not (isinstance(acov, (bool, np.bool_)) or acov == "diagonal"):
        raise SurveyError(f"acov: must be True, False or 'diagonal'; got {acov!r}")
    acov = acov if acov == "diagonal" else bool(acov)
    codes, levels = _encode(data, items, scale)
    codes, dropped = _listwise(codes)
    n_cat = [len(lv) for lv in levels]
    counts, taus = _univariate(codes, n_cat)
    _check_empty(counts, levels, items, dropped)
    corr, tables, pair_info = _estimate(codes, levels, items, taus)
    return _statistics(items, levels, codes, counts, taus, corr, tables, pair_info, dropped, acov)


def _statistics(items, levels, codes, counts, taus, corr, tables, pair_info, dropped, acov):
    gamma = diag = None
    if acov is not False:
        parts = _Muthen(counts, [len(lv) for lv in levels], taus, tables, pair_info)
        if acov is True:
            gamma = parts.full(codes)
            diag = np.diag(gamma).copy()
        else:
            diag = parts.diagonal(len(codes), tables)
    return OrdinalStatistics(items=list(items), levels=levels, counts=counts, thresholds=taus,
                             correlations=pd.DataFrame(corr, index=items, columns=items), n=len(codes),
                             n_dropped=dropped, gamma=gamma, gamma_diagonal=diag, codes=codes)


def polychoric(data: pd.DataFrame, items=None, *, missing: str = "listwise", scale=None) -> pd.DataFrame:
    """Polychoric correlation matrix of ordinal items (tetrachoric for two categories).

    Parameters
    ----------
    data : DataFrame
        Respondents in rows. Not modified.
    items : list of str or str, optional
        The item columns (or a glob pattern such as ``"P*"``); default every column.
        Numbers (any distinct values are categories, as R's ``ordered()``) or ordered pandas
        Categoricals (their declared categories).
    missing : {"listwise", "pairwise"}
        ``"listwise"`` (default, as ``lavCor``) uses the respondents who answered every
        item; ``"pairwise"`` estimates each item's thresholds from all its answers and each
        correlation from the respondents who answered both items.
    scale : (low, high), optional
        Answer scale to validate numeric items against.

    Returns
    -------
    DataFrame
        Items x items, 1 on the diagonal.

    Raises
    ------
    SurveyError
        Fewer than 2 items, an item with a single category, or (listwise) a category that no
        remaining respondent chose: lavaan's error, with the frequencies.

    See Also
    --------
    ordinal_statistics : thresholds and the asymptotic covariance matrix as well.
    sxm.sem.fit : ``estimator="WLSMV"`` fits a model to these correlations.

    Notes
    -----
    Olsson's (1979) two-step estimator, as ``lavaan::lavCor``: each item's thresholds are
    :math:`\\tau_c = \\Phi^{-1}(\\hat P(y \\le c))`; each correlation maximizes
    :math:`\\sum_{ab} n_{ab} \\log \\pi_{ab}(\\rho)` with :math:`\\pi_{ab}` the probability
    of the rectangle of cell ``(a, b)`` under the standard bivariate normal distribution
    (thresholds fixed, :math:`|\\rho| \\le 0.999`). As lavaan: a 2 x 2 table with one empty
    cell gets 0.5 added to keep its margins, one with two empty cells a correlation of +-1
    (with a warning); empty cells of larger tables are left as they are.

    Examples
    --------
    >>> d = pd.DataFrame({"a": [1, 1, 2, 2, 3, 3, 3, 1], "b": [1, 2, 2, 3, 3, 3, 2, 1],
    ...                   "c": [2, 1, 2, 3, 3, 2, 3, 1]})
    >>> polychoric(d).round(4)  # In lavaan: lavCor(d, ordered = names(d))
            a       b       c
    a  1.0000  0.8671  0.8671
    b  0.8671  1.0000  0.6912
    c  0.8671  0.6912  1.0000
    """
    items = _check_items(data, items)
    check_choice("missing", missing, ("listwise", "pairwise"))
    codes, levels = _encode(data, items, scale)
    dropped = 0
    if missing == "listwise":
        codes, dropped = _listwise(codes)
    n_cat = [len(lv) for lv in levels]
    counts, taus = _univariate(codes, n_cat)
    if missing == "listwise":
        _check_empty(counts, levels, items, dropped)
    corr, _, _ = _estimate(codes, levels, items, taus)
    return pd.DataFrame(corr, index=items, columns=items)


def categorical_omega(common, thresholds, correlations) -> float:
    """Green & Yang's (2009) reliability of the sum of ordinal answers (categorical omega).

    Parameters
    ----------
    common : array-like, (k, k)
        Model-implied covariance of the items' latent responses due to the construct(s),
        ``Lambda Phi Lambda'`` (standardized latent responses: a WLSMV fit's loadings).
    thresholds : list of array-like
        Each item's thresholds (``K - 1`` for ``K`` categories).
    correlations : array-like, (k, k)
        The items' polychoric correlation matrix (the denominator's latent-response
        correlations, semTools' ``obs.var = TRUE``).

    Returns
    -------
    float

    See Also
    --------
    sxm.reliability.reliability_table : ``ordered=True`` reports it per construct of a WLSMV CFA.
    bivariate_normal_cdf : the :math:`\\Phi_2` of the formula.

    Notes
    -----
    With :math:`\\Phi_2(a, b; r)` the bivariate normal distribution function,

    .. math::

        \\omega = \\frac{\\sum_{j,j'} \\sum_{c,c'} [\\Phi_2(\\tau_{jc}, \\tau_{j'c'};
        \\Sigma^{c}_{jj'}) - \\Phi(\\tau_{jc})\\Phi(\\tau_{j'c'})]}
        {\\sum_{j,j'} \\sum_{c,c'} [\\Phi_2(\\tau_{jc}, \\tau_{j'c'}; \\rho_{jj'})
        - \\Phi(\\tau_{jc})\\Phi(\\tau_{j'c'})]}

    where :math:`\\Sigma^c` is ``common`` and :math:`\\rho` the polychoric correlations
    (1 on the diagonal): the variance of the summed category numbers explained by the
    construct(s) over their total variance, both implied by the latent-response model.
    semTools' ``compRelSEM(fit, ord.scale = TRUE)`` (its ``omegaCat``).

    Examples
    --------
    >>> lam = np.array([0.8, 0.7, 0.6])
    >>> r = np.outer(lam, lam); np.fill_diagonal(r, 1)
    >>> round(categorical_omega(np.outer(lam, lam), [[-1, 0, 1]] * 3, r), 4)  # semTools:::omegaCat
    0.7008
    """
    common = np.asarray(common, dtype=float)
    corr = np.asarray(correlations, dtype=float)
    taus = [np.asarray(t, dtype=float) for t in thresholds]
    k = len(taus)
    if common.shape != (k, k) or corr.shape != (k, k):
        raise SurveyError(f"common and correlations: must be {k} x {k} matrices, one row per item; got "
                          f"{common.shape} and {corr.shape}")
    num = den = 0.0
    cdf = [special.ndtr(t) for t in taus]
    for j in range(k):  # loop over item pairs (k^2, tiny), the threshold grid vectorized
        for jj in range(k):
            a = np.repeat(taus[j], len(taus[jj]))
            b = np.tile(taus[jj], len(taus[j]))
            indep = np.outer(cdf[j], cdf[jj]).sum()
            num += bivariate_normal_cdf(a, b, np.full(a.shape, common[j, jj])).sum() - indep
            den += bivariate_normal_cdf(a, b, np.full(a.shape, corr[j, jj])).sum() - indep
    return float(num / den)
