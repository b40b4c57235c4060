"""Full-information ML for incomplete answers, vectorized by missing-data pattern.

Respondents who skipped the same items form a *pattern*; everything the normal
log-likelihood needs from them is their count and the sums ``t1 = sum x`` and
``t2 = sum x x'`` over the items they answered (:class:`Patterns`). For a model with
implied moments ``(mu, Sigma)`` and free parameters ``x`` (``dS[a] = dSigma/dx_a``),
``-2 log L`` (without the ``2 pi`` constant) is

    f = sum_g n_g log|Sigma_g| + tr(Sigma_g^-1 T_g),   T_g = sum_{i in g} (x_i - mu)(x_i - mu)'

over the observed blocks ``Sigma_g`` of each pattern. The blocks are handled at once as
``p x p`` matrices padded with an identity on the missing items (their inverse is the
inverse of the block, padded with the identity, which is masked out), so that nothing
loops over respondents or patterns:

* gradient: ``df/dx_a = tr(W dS_a)`` with ``W = sum_g n_g P_g - P_g T_g P_g`` and
  ``df/dmu = -2 sum_g P_g r_g`` (``P_g`` the padded inverse, ``r_g = sum (x_i - mu)``);
* expected information: ``sum_g n_g tr(P_g dS_a P_g dS_b)``, computed as
  ``vec(dS_a)' K vec(dS_b)`` with ``K = sum_g n_g P_g (x) P_g`` (one ``p^2 x p^2``
  matrix, whatever the number of parameters or patterns);
* observed information (the Hessian of ``f``): the same sandwich with ``P_g T_g P_g``,
  the cross terms with ``mu``, and ``tr(W d2S_ab)`` from the model's second derivatives.

Casewise scores (for robust standard errors) are computed in chunks of rows.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

from ..io import SurveyError

_CHUNK = 8192  # rows per block when forming outer products (bounds the memory)
_OUTER_CACHE = 4_000_000  # numbers: bootstrap resamples reuse the outer products up to 32 MB


class Patterns:
    """Respondents grouped by missing-data pattern, with per-pattern sums.

    Parameters
    ----------
    data : ndarray (n, p)
        Answers, NaN where missing.
    """

    def __init__(self, data):
        data = np.asarray(data, dtype=float)
        n, p = data.shape
        obs = ~np.isnan(data)
        if p <= 62:  # one integer per respondent: a fast one-dimensional unique
            codes = obs @ (np.int64(1) << np.arange(p, dtype=np.int64))
            _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
            keys = obs[first]
        else:
            keys, inverse = np.unique(obs, axis=0, return_inverse=True)
        self.n, self.p = n, p
        self.mask = keys  # (P, p)
        self.index = np.asarray(inverse).ravel()  # pattern of each respondent
        self.count = np.bincount(self.index, minlength=len(keys)).astype(float)
        self.filled = np.where(obs, data, 0.0)
        # the pattern-by-respondent matrix (one entry per respondent); a bootstrap resample
        # reuses its structure with its own weights (:meth:`weighted`)
        self._onehot = sparse.csr_matrix((np.ones(n), (self.index, np.arange(n))), shape=(len(keys), n))
        self.t1 = np.asarray(self._onehot @ self.filled)
        self.t2 = self._sums_of_products(self._onehot)
        self.pairs = self.mask[:, :, None] & self.mask[:, None, :]
        self.complete = len(keys) == 1 and bool(keys.all())
        self._group()

    def _group(self):
        """Patterns by number k of missing items: complete ones, k = 1, 2 <= k <= p/2 (their
        missing items padded to the largest k with dummy items p, p + 1, ...), and k > p/2."""
        p = self.p
        n_missing = (~self.mask).sum(axis=1)
        self.complete_patterns = np.flatnonzero(n_missing == 0)
        self.one = np.flatnonzero(n_missing == 1)
        self.one_missing = np.argmin(self.mask[self.one], axis=1) if len(self.one) else np.zeros(0, dtype=int)
        self.few = np.flatnonzero((n_missing >= 2) & (2 * n_missing <= p))
        k = n_missing[self.few]
        kmax = int(k.max()) if len(self.few) else 0
        # the missing items of each pattern in ascending order (a stable sort puts them first),
        # then distinct dummy items p + j in the positions j beyond the pattern's own k
        first = np.argsort(self.mask[self.few], axis=1, kind="stable")[:, :kmax]
        slot = np.arange(kmax)
        self.few_missing = np.where(slot < k[:, None], first, p + slot)
        self.many = np.flatnonzero(2 * n_missing > p)

    def _sums_of_products(self, onehot, *, keep: bool = False):
        """Per pattern, the (weighted) sum of x_i x_i' over its respondents: ``onehot`` times
        the outer products, formed in blocks of rows (bounded memory); with ``keep`` (the
        resamples of a bootstrap) the outer products are formed once and kept when they take
        at most :data:`_OUTER_CACHE` numbers."""
        p = self.p
        if keep and self.n * p * p <= _OUTER_CACHE:
            if "_outer" not in self.__dict__:
                self._outer = (self.filled[:, :, None] * self.filled[:, None, :]).reshape(self.n, p * p)
            return np.asarray(onehot @ self._outer).reshape(-1, p, p)
        t2 = np.zeros((onehot.shape[0], p * p))
        for start in range(0, self.n, _CHUNK):
            block = self.filled[start:start + _CHUNK]
            outer = (block[:, :, None] * block[:, None, :]).reshape(len(block), p * p)
            t2 += np.asarray(onehot[:, start:start + _CHUNK] @ outer)
        return t2.reshape(-1, p, p)

    @property
    def n_patterns(self) -> int:
        return len(self.mask)

    def weighted(self, weights):
        """The same respondents counted ``weights`` times each (a bootstrap resample).

        The rows and patterns are shared; only the counts and sums are recomputed (one sparse
        product), so a resample costs no new grouping of respondents; patterns nobody in the
        resample has are left out.
        """
        out = object.__new__(type(self))
        out.__dict__.update(self.__dict__)
        w = np.asarray(weights, dtype=float)
        base = self._onehot
        onehot = sparse.csr_matrix((w[base.indices], base.indices, base.indptr), shape=base.shape)
        out.n = int(round(w.sum()))
        out.count = np.bincount(self.index, weights=w, minlength=self.n_patterns)
        out.t1 = np.asarray(onehot @ self.filled)
        out.t2 = self._sums_of_products(onehot, keep=True)
        keep = out.count > 0  # patterns nobody in the resample has do not count
        if not keep.all():
            for cached in ("_onehot", "_outer"):  # built for the full set of patterns
                out.__dict__.pop(cached, None)
            new_id = np.cumsum(keep) - 1
            out.index = np.where(keep[self.index], new_id[self.index], -1)
            out.mask, out.pairs = self.mask[keep], self.pairs[keep]
            out.count, out.t1, out.t2 = out.count[keep], out.t1[keep], out.t2[keep]
            out._group()
        return out

    @classmethod
    def from_moments(cls, mean, cov, n):
        """The sums of n complete answers with these moments (covariance with divisor n).

        Enough for the log-likelihood and the information; casewise scores need the data.
        """
        self = cls.__new__(cls)
        p = len(mean)
        self.n, self.p = int(n), p
        self.mask = np.ones((1, p), dtype=bool)
        self.index = None
        self.count = np.array([float(n)])
        self.filled = None
        self.t1 = (n * np.asarray(mean, dtype=float))[None, :]
        self.t2 = (n * (np.asarray(cov, dtype=float) + np.outer(mean, mean)))[None, :, :]
        self.pairs = np.ones((1, p, p), dtype=bool)
        self.complete = True
        self._group()
        return self


def _inverses(sigma, pats):
    """Padded inverses P_g and log-determinants of the observed blocks (None if not p.d.).

    From A = Sigma^-1 (one Cholesky factorization, which also proves every observed block
    positive definite): the inverse of a block that misses the items m is the Schur
    complement A_oo - A_om A_mm^-1 A_mo and its log-determinant log|Sigma| + log|A_mm|.
    One missing item is a rank-one update; patterns missing 2 to p/2 items are done in one
    batch, their missing items padded with distinct dummy items (A extended by a unit
    diagonal, so that the padding adds nothing); patterns missing more are inverted directly.
    """
    p = pats.p
    try:
        chol = np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        return None, None
    logdet_full = 2 * np.log(np.diag(chol)).sum()
    a = np.linalg.inv(sigma)
    inv = np.empty((pats.n_patterns, p, p))
    logdet = np.empty(pats.n_patterns)
    inv[pats.complete_patterns], logdet[pats.complete_patterns] = a, logdet_full
    if len(pats.one):
        m = pats.one_missing
        col = a[:, m].T  # (G, p)
        diag = a[m, m]
        inv[pats.one] = (a - col[:, :, None] * col[:, None, :] / diag[:, None, None]) * pats.pairs[pats.one]
        logdet[pats.one] = logdet_full + np.log(diag)
    if len(pats.few):
        m = pats.few_missing
        ext = np.eye(p + m.shape[1])
        ext[:p, :p] = a
        amm = ext[m[:, :, None], m[:, None, :]]
        aom = ext[:p][:, m].transpose(1, 0, 2)  # (G, p, k); zero for the dummy item
        inv[pats.few] = (a - aom @ np.linalg.inv(amm) @ aom.transpose(0, 2, 1)) * pats.pairs[pats.few]
        logdet[pats.few] = logdet_full + np.linalg.slogdet(amm)[1]
    if len(pats.many):
        which = pats.many
        padded = np.where(pats.pairs[which], sigma, 0.0)
        padded[:, np.arange(p), np.arange(p)] += ~pats.mask[which]  # identity on the missing items
        c = np.linalg.cholesky(padded)
        logdet[which] = 2 * np.log(np.diagonal(c, axis1=1, axis2=2)).sum(axis=1)
        inv[which] = np.linalg.inv(padded) * pats.pairs[which]
    return inv, logdet


class Terms:
    """-2 log L at (mu, Sigma) and the pieces its derivatives are made of.

    With ``a_g = P_g t1_g`` and ``b_g = P_g mu`` (``P_g`` is zero outside the answered items,
    so ``P_g mu`` needs no mask), the deviations ``T_g`` never need forming:
    ``tr(P_g T_g) = <P_g, t2_g> - 2 a_g'mu + n_g mu'b_g`` and
    ``P_g T_g P_g = P_g t2_g P_g - a_g b_g' - b_g a_g' + n_g b_g b_g'``.
    """

    def __init__(self, sigma, mu, pats):
        self.pats = pats
        self.sigma, self.mu = sigma, mu
        self.inv, logdet = _inverses(sigma, pats)
        self.ok = self.inv is not None
        if not self.ok:
            self.f = np.inf
            return
        self.a = np.einsum("gij,gj->gi", self.inv, pats.t1)
        self.b = self.inv @ mu
        trace = np.einsum("gij,gij->", self.inv, pats.t2) - 2 * self.a.sum(axis=0) @ mu + pats.count @ (self.b @ mu)
        self.f = float(pats.count @ logdet + trace)

    @property
    def r1(self):
        """Per pattern: sum of (x - mu) over the answered items."""
        return self.pats.t1 - self.pats.count[:, None] * (self.pats.mask * self.mu)

    @property
    def ptp(self):
        """P_g T_g P_g, per pattern."""
        if not hasattr(self, "_ptp"):
            a, b, n = self.a, self.b, self.pats.count[:, None, None]
            self._ptp = (self.inv @ self.pats.t2 @ self.inv - a[:, :, None] * b[:, None, :] - b[:, :, None] * a[:, None, :]
                         + n * b[:, :, None] * b[:, None, :])
        return self._ptp

    def w(self):
        """W = sum_g n_g P_g - P_g T_g P_g (df/dx_a = tr(W dS_a))."""
        return np.einsum("g,gij->ij", self.pats.count, self.inv) - self.ptp.sum(axis=0)

    def grad_mu(self):
        return -2 * (self.a.sum(axis=0) - self.pats.count @ self.b)

    def gradient(self, ds):
        """df/d(x, mu) for a stack dS (k, p, p)."""
        return np.concatenate([np.einsum("ij,kij->k", self.w(), ds), self.grad_mu()])

    def _sandwich(self, a, b, weight=None):
        """K[(j,k),(l,i)] = sum_g w_g A_g[i,j] B_g[k,l], so that vec(S1)' K vec(S2) = sum tr(A S1 B S2)."""
        p = self.pats.p
        af = a.reshape(len(a), p * p)
        if weight is not None:
            af = af * weight[:, None]
        k = af.T @ b.reshape(len(b), p * p)
        return k.reshape(p, p, p, p).transpose(1, 2, 3, 0).reshape(p * p, p * p)

    def expected(self, ds):
        """E[Hessian of f] over (x, mu): block diagonal."""
        k, p = len(ds), self.pats.p
        flat = ds.reshape(k, p * p)
        kxx = flat @ self._sandwich(self.inv, self.inv, self.pats.count) @ flat.T
        kmm = 2 * np.einsum("g,gij->ij", self.pats.count, self.inv)
        out = np.zeros((k + p, k + p))
        out[:k, :k], out[k:, k:] = kxx, kmm
        return out

    def hessian(self, ds, second=None):
        """Hessian of f over (x, mu); ``second`` is the k x k matrix tr(W d2Sigma_ab)."""
        k, p = len(ds), self.pats.p
        flat = ds.reshape(k, p * p)
        e = flat @ self._sandwich(self.inv, self.inv, self.pats.count) @ flat.T
        e2 = flat @ self._sandwich(self.inv, self.ptp) @ flat.T
        hxx = 2 * e2 - e
        if second is not None:
            hxx = hxx + second
        v = np.einsum("gij,gj->gi", self.inv, self.r1)
        k3 = np.einsum("gij,gk->ijk", self.inv, v).reshape(p, p * p)
        hxm = 2 * flat @ k3.T
        out = np.zeros((k + p, k + p))
        out[:k, :k] = (hxx + hxx.T) / 2
        out[:k, k:], out[k:, :k] = hxm, hxm.T
        out[k:, k:] = 2 * np.einsum("g,gij->ij", self.pats.count, self.inv)
        return out

    def scores(self, ds):
        """Casewise scores d log L_i / d(x, mu), shape (n, k + p) (rows in data order)."""
        pats = self.pats
        k, p = len(ds), pats.p
        tr_ps = 0.5 * np.einsum("gij,kji->gk", self.inv, ds)  # 0.5 tr(P_g dS_a)
        out = np.empty((pats.n, k + p))
        for start in range(0, pats.n, _CHUNK):  # blocks of rows, bounded memory
            rows = slice(start, start + _CHUNK)
            g = pats.index[rows]
            d = (pats.filled[rows] - self.mu) * pats.mask[g]
            pd_ = np.einsum("nij,nj->ni", self.inv[g], d)
            quad = 0.5 * np.einsum("ni,kij,nj->nk", pd_, ds, pd_)
            out[rows, :k] = quad - tr_ps[g]
            out[rows, k:] = pd_
        return out


def saturated_ds(p: int) -> np.ndarray:
    """dSigma/dsigma_ij for the saturated model (one unit matrix per i <= j)."""
    rows, cols = np.tril_indices(p)
    ds = np.zeros((len(rows), p, p))
    ds[np.arange(len(rows)), rows, cols] = 1.0
    ds[np.arange(len(rows)), cols, rows] = 1.0
    return ds


def _start_moments(pats):
    """Means and pairwise covariances of the answers, shrunk to the diagonal until p.d."""
    n_obs = pats.mask.T.astype(float) @ pats.count  # answers per item
    mu = pats.t1.sum(axis=0) / n_obs
    both = np.einsum("g,gi,gj->ij", pats.count, pats.mask, pats.mask)
    raw = pats.t2.sum(axis=0)
    s1 = np.einsum("gi,gj->ij", pats.t1, pats.mask)  # sum of x_i over rows answering i and j
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = (raw - s1 * mu[None, :] - s1.T * mu[:, None] + both * np.outer(mu, mu)) / both
    cov = np.where(np.isfinite(cov), cov, 0.0)
    diag = np.diag(np.diag(cov))
    for shrink in (0.0, 0.1, 0.3, 0.6, 1.0):
        trial = (1 - shrink) * cov + shrink * diag
        if np.linalg.eigvalsh(trial).min() > 0:
            return mu, trial
    return mu, np.eye(pats.p)


def fit_saturated(pats, *, tol=1e-12, max_iter=200):
    """ML means and covariance matrix of incomplete normal data (the H1 model).

    Fisher scoring on (vech Sigma, mu) from the pairwise moments, with step halving.
    Returns ``(mu, sigma, terms)``; ``terms.f`` is -2 log L of H1.
    """
    p = pats.p
    ds = saturated_ds(p)
    rows, cols = np.tril_indices(p)
    mu, sigma = _start_moments(pats)
    cur = Terms(sigma, mu, pats)
    h = None
    for it in range(max_iter):
        g = cur.gradient(ds)
        if h is None or it < 2:  # then kept while full steps succeed
            h = cur.expected(ds)
        step = np.linalg.solve(h, g)
        decrement = float(g @ step)
        if decrement < tol * pats.n:
            break
        alpha = 1.0
        while alpha > 1e-10:
            v = np.concatenate([sigma[rows, cols], mu]) - alpha * step
            s_new = np.zeros((p, p))
            s_new[rows, cols] = v[: len(rows)]
            s_new = s_new + np.tril(s_new, -1).T
            trial = Terms(s_new, v[len(rows):], pats)
            if trial.ok and trial.f <= cur.f + 1e-12 * abs(cur.f):
                break
            alpha /= 2
        else:
            break
        if alpha < 1.0:
            h = None
        sigma, mu, cur = s_new, v[len(rows):], trial
    if not cur.ok:
        raise SurveyError("missing='fiml': the means and covariances of the answers could not be estimated "
                          "(too few respondents answered some pairs of items)")
    return mu, sigma, cur
