"""PLS path modelling (PLS-PM) for ACSI/ECSI-type satisfaction models.

Customer-satisfaction index models (ACSI, ECSI) are usually estimated with partial least
squares path modelling, as in SmartPLS or R's seminr, cSEM and plspm. :func:`fit` runs
Lohmöller's iterative algorithm with the conventions of SmartPLS and seminr, so the
numbers agree with theirs (checked to 1e-4 in ``tests/test_pls.py``), and adds what a
satisfaction study reports: bootstrap standard errors, t, p and percentile confidence
intervals for paths, loadings, weights and indirect/total effects; R² and adjusted R²;
f²; α, ρ_A, ρ_C and AVE; HTMT; and the GoF index.

The algorithm, stated once
--------------------------
1. Indicators are standardized with the sample standard deviation (divisor n − 1), as R's
   ``scale()`` in seminr and SmartPLS do. Every estimate depends on the data only through
   the indicator correlation matrix S, so the iterations below work on S (p × p) rather
   than on the n × p data.
2. Outer weights start at 1 for every indicator. Each iteration
   (a) scales the weights so that every composite (outer proxy) Y = XW has unit variance;
   (b) computes the inner proxies Z = YE with the inner weighting scheme E:
   ``"path"`` (SmartPLS' and seminr's default) — for a predecessor i of construct j the
   coefficient of i in the regression of j on all its predecessors, for a successor the
   correlation; ``"factor"`` — the correlation with every adjacent construct;
   ``"centroid"`` — the sign of that correlation;
   (c) updates the weights of each block: mode A (reflective, "correlation weights")
   w = cov(x, z), mode B (formative, "regression weights") w = R_xx⁻¹ cov(x, z).
3. The iterations stop when the sum of the absolute changes of the (scaled) weights is
   below ``tol`` = 1e-7 (seminr's and SmartPLS' stop criterion 10⁻⁷), or after
   ``max_iter`` = 300 iterations with a warning.
4. Construct scores are Y = XW (unit variance, n − 1); path coefficients are OLS
   regressions of each endogenous construct on its predecessors; loadings are the
   correlations of the indicators with their construct.

Signs: as in SmartPLS, seminr and cSEM, the orientation of every composite is fixed by the
starting weights of +1 (so a mode A composite correlates positively with the sum of its
indicators) and is not flipped afterwards; bootstrap resamples are not sign-corrected
either (SmartPLS' "no sign changes", seminr's and cSEM's default).
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .io import SurveyError, SurveyTypeError, check_level, check_not_constant, numeric_items, require_frame
from .model import Model, as_model, check_blocks, measurement_syntax, topological_order
from .resample import check_resampling

__all__ = ["fit", "plot_paths", "PLSResult", "TOL", "MAX_ITER", "SCHEMES"]

#: stop when the sum of absolute weight changes falls below this (seminr/SmartPLS: 1e-7)
TOL = 1e-7
#: iteration cap (seminr's and SmartPLS' default 300)
MAX_ITER = 300
#: inner weighting schemes
SCHEMES = ("path", "centroid", "factor")
_SCHEME_ALIASES = {"path": "path", "centroid": "centroid", "factor": "factor", "factorial": "factor"}


# --------------------------------------------------------------------------------------
# model specification (data-independent, checked once)
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Spec:
    constructs: list            # construct names, in measurement order
    items: list                 # indicator names, block after block
    blocks: dict                # construct -> list of its items
    modes: dict                 # construct -> "A" or "B"
    scheme: str
    paths: list                 # (source, target) in the order given
    mask: np.ndarray = field(repr=False)        # p x k block membership (float 0/1)
    adj: np.ndarray = field(repr=False)         # k x k, adj[i, j] = 1 for a path i -> j
    preds: list = field(repr=False)             # per construct: indices of its predecessors
    block_idx: list = field(repr=False)         # per construct: indices of its items
    item_block: np.ndarray = field(repr=False)  # per item: index of its construct
    mode_b: list = field(repr=False)            # indices of mode B constructs
    path_idx: tuple = field(repr=False)         # (source indices, target indices)
    endogenous: list = field(repr=False)        # indices of constructs with predecessors
    effect_pairs: list = field(repr=False)      # (i, j) with a directed route i -> ... -> j
    reg: tuple = field(repr=False)              # gather/scatter indices of the batched regressions


def _read_model(data: pd.DataFrame, model, paths) -> tuple[Model, dict, list]:
    """The model's blocks (validated against ``data``) and structural paths."""
    m = as_model(model, paths=paths)
    other = [st for st in m.statements if st.op not in ("=~", "<~", "~")]
    if other or m.definitions:
        line = other[0] if other else m.definitions[0]
        raise SurveyError(f"model line {line.line} '{line}': PLS path models use =~ (mode A), <~ (mode B) and ~ "
                          "lines only")
    fixed = [(st, t) for st in m.statements for t in st.terms if t.value is not None or t.free]
    for st, t in fixed:
        if st.op == "~" and t.value == 0:
            continue  # a path fixed to zero (sxm.model.drop_path) is left out
        raise SurveyError(f"model line {st.line} '{st}': PLS estimates every weight and path; fixed values such as "
                          f"'{t.modifiers[-1]}*{t.name}' are not supported (only 0*x, which leaves a path out)")
    blocks = check_blocks(m, data)
    constructs = list(blocks)
    pairs = [(t.name, st.lhs) for st in m.statements if st.op == "~" for t in st.terms if t.value != 0]
    pairs = list(dict.fromkeys(pairs))
    for source, target in pairs:
        for name in (source, target):
            if name not in constructs:
                raise SurveyError(f"path {source!r} -> {target!r}: {name!r} is not a construct (rule: PLS paths "
                                  f"connect constructs measured by =~ or <~: {', '.join(map(repr, constructs))})")
    example = "'Satisfaction ~ Image + Quality' (or paths=[('Image', 'Satisfaction'), ...])"
    if not pairs:
        raise SurveyError(f"model: needs at least one structural path, e.g. {example}")
    linked = {c for pair in pairs for c in pair}
    lonely = [c for c in constructs if c not in linked]
    if lonely:
        raise SurveyError(
            f"construct {lonely[0]!r}: is in no structural path (rule: PLS estimates a construct through its "
            "neighbours, so each one needs at least one path)"
        )
    topological_order(constructs, pairs)  # refuses a cycle
    return m, blocks, pairs


def _check_modes(mode, constructs: list[str]) -> dict[str, str]:
    def one(value, what):
        if not isinstance(value, str) or value.upper() not in ("A", "B"):
            raise SurveyError(f"{what}: must be 'A' (reflective, correlation weights) or 'B' "
                              f"(formative, regression weights); got {value!r}")
        return value.upper()

    if isinstance(mode, Mapping):
        unknown = [c for c in mode if c not in constructs]
        if unknown:
            raise SurveyError(f"mode: {unknown[0]!r} is not a construct of measurement")
        return {c: one(mode.get(c, "A"), f"mode[{c!r}]") for c in constructs}
    value = one(mode, "mode")
    return {c: value for c in constructs}


def _build_spec(blocks, paths, modes, scheme) -> _Spec:
    constructs = list(blocks)
    items = [i for c in constructs for i in blocks[c]]
    k, p = len(constructs), len(items)
    pos = {c: j for j, c in enumerate(constructs)}
    mask = np.zeros((p, k))
    block_idx, item_block = [], np.empty(p, dtype=int)
    start = 0
    for j, c in enumerate(constructs):
        idx = np.arange(start, start + len(blocks[c]))
        mask[idx, j] = 1.0
        item_block[idx] = j
        block_idx.append(idx)
        start += len(blocks[c])
    adj = np.zeros((k, k))
    for s, t in paths:
        adj[pos[s], pos[t]] = 1.0
    preds = [np.flatnonzero(adj[:, j]) for j in range(k)]
    endogenous = [j for j in range(k) if len(preds[j])]
    # routes i -> ... -> j: nonzero entries of adj + adj^2 + ... (k steps at most)
    reach = np.zeros((k, k))
    power = np.eye(k)
    for _ in range(k):
        power = power @ adj
        reach += power
    effect_pairs = [(i, j) for i in range(k) for j in range(k) if reach[i, j] > 0]
    # all regressions "endogenous j on its predecessors" as one batched solve: systems padded
    # to m unknowns with identity rows; entries k*k and k*k + 1 of the padded flat correlation
    # vector hold the constants 0 and 1
    m = max(len(preds[j]) for j in endogenous)
    zero, one = k * k, k * k + 1
    a_idx = np.full((len(endogenous), m, m), zero)
    b_idx = np.full((len(endogenous), m), zero)
    valid = np.zeros((len(endogenous), m), dtype=bool)
    for e, j in enumerate(endogenous):
        pr = preds[j]
        q = len(pr)
        a_idx[e] = np.where(np.eye(m, dtype=bool), one, zero)
        a_idx[e, :q, :q] = pr[:, None] * k + pr[None, :]
        b_idx[e, :q] = pr * k + j
        valid[e, :q] = True
    reg = (a_idx, b_idx, valid, b_idx[valid])
    src = np.array([pos[s] for s, _ in paths])
    tgt = np.array([pos[t] for _, t in paths])
    return _Spec(
        constructs=constructs, items=items, blocks=blocks, modes=modes, scheme=scheme, paths=paths,
        mask=mask, adj=adj, preds=preds, block_idx=block_idx, item_block=item_block,
        mode_b=[j for j, c in enumerate(constructs) if modes[c] == "B"], path_idx=(src, tgt),
        endogenous=endogenous, effect_pairs=effect_pairs, reg=reg,
    )


# --------------------------------------------------------------------------------------
# the estimator, on the indicator covariance matrix (lean: used by every bootstrap resample)
# --------------------------------------------------------------------------------------
def _moments(x: np.ndarray, scaled: bool):
    """Centre x; return (S, sd) with S the correlation (scaled) or covariance matrix, divisor n-1."""
    xc = x - x.mean(axis=0)
    cov = xc.T @ xc / (len(x) - 1)
    sd = np.sqrt(np.diag(cov))
    if not np.all(sd > 0):
        raise FloatingPointError("an indicator has zero variance in this sample")
    if scaled:
        return cov / np.outer(sd, sd), np.ones_like(sd)
    return cov, sd


def _regressions(corr: np.ndarray, spec: _Spec) -> np.ndarray:
    """Path matrix B (k x k): B[i, j] = coefficient of i in the regression of j on its predecessors."""
    a_idx, b_idx, valid, flat = spec.reg
    padded = np.concatenate([corr.ravel(), (0.0, 1.0)])
    beta = np.linalg.solve(padded[a_idx], padded[b_idx][..., None])[..., 0]
    out = np.zeros(corr.size)
    out[flat] = beta[valid]
    return out.reshape(corr.shape)


def _inner_weights(corr: np.ndarray, spec: _Spec) -> np.ndarray:
    """Inner weight matrix E (k x k): Z = Y @ E."""
    adj = spec.adj
    if spec.scheme == "factor":
        return corr * (adj + adj.T)
    if spec.scheme == "centroid":
        return np.sign(corr) * (adj + adj.T)
    # successors: correlation; predecessors: multiple-regression coefficients
    return corr * adj.T + _regressions(corr, spec)


def _normalize(w: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Scale the columns of w so that every composite XW has unit variance."""
    return w / np.sqrt(((s @ w) * w).sum(axis=0))


def _outer_weights(s: np.ndarray, spec: _Spec, tol: float, max_iter: int):
    """Lohmöller's iteration on S; returns (scaled weights p x k, iterations, converged)."""
    mask = spec.mask
    binv = {j: np.linalg.inv(s[np.ix_(spec.block_idx[j], spec.block_idx[j])]) for j in spec.mode_b}
    w_old = mask.copy()  # seminr/SmartPLS start: every weight = 1
    w = _normalize(w_old, s)
    converged = False
    it = 0
    for it in range(1, max_iter + 1):
        corr = w.T @ s @ w
        e = _inner_weights(corr, spec)
        cov_xz = s @ (w @ e)  # cov(indicator, inner proxy), p x k
        w_new = cov_xz * mask  # mode A
        for j, inv in binv.items():  # mode B
            idx = spec.block_idx[j]
            w_new[idx, j] = inv @ cov_xz[idx, j]
        w_new = _normalize(w_new, s)
        diff = np.abs(w_new - w_old).sum() if it == 1 else np.abs(w_new - w).sum()
        w = w_new
        if diff < tol:
            converged = True
            break
    return w, it, converged


def _structural(s: np.ndarray, w: np.ndarray, spec: _Spec):
    """Construct correlations, path matrix B (B[i, j] = coefficient of i -> j) and R²."""
    corr = w.T @ s @ w
    b = _regressions(corr, spec)
    r2 = (b * corr).sum(axis=0)  # R² of j = beta_j' r_j
    r2[[j for j in range(len(corr)) if j not in spec.endogenous]] = np.nan
    return corr, b, r2


def _loadings(s: np.ndarray, sd: np.ndarray, w: np.ndarray, spec: _Spec) -> np.ndarray:
    """Correlation of each indicator with its own construct (length p)."""
    cov_xy = s @ w  # cov(indicator, unit-variance composite)
    return cov_xy[np.arange(len(spec.items)), spec.item_block] / sd


def _check_collinear(s: np.ndarray, w: np.ndarray, spec: _Spec) -> None:
    """Raise when the scores of some construct's predecessors are (numerically) collinear."""
    corr = w.T @ s @ w
    for j in spec.endogenous:
        pr = spec.preds[j]
        if len(pr) > 1 and np.linalg.eigvalsh(corr[np.ix_(pr, pr)]).min() < 1e-10:
            names = ", ".join(repr(spec.constructs[i]) for i in pr)
            raise SurveyError(
                f"construct {spec.constructs[j]!r}: the scores of its predecessors {names} are perfectly collinear "
                "(rule: a construct's predecessors must be linearly independent); check for duplicated blocks "
                "or identical indicators")


def _total_effects(b: np.ndarray) -> np.ndarray:
    k = len(b)
    return np.linalg.inv(np.eye(k) - b) - np.eye(k)


def _statistic_factory(spec: _Spec, scaled: bool, tol: float, max_iter: int):
    """A lean statistic for the bootstrap: raw item matrix -> one vector of estimates."""
    src, tgt = spec.path_idx
    rows = np.arange(len(spec.items))
    e_src = np.array([i for i, _ in spec.effect_pairs], dtype=int)
    e_tgt = np.array([j for _, j in spec.effect_pairs], dtype=int)
    endo = np.array(spec.endogenous, dtype=int)

    def statistic(x: np.ndarray) -> np.ndarray:
        s, sd = _moments(x, scaled)
        w, _, converged = _outer_weights(s, spec, tol, max_iter)
        if not converged:
            raise FloatingPointError("PLS did not converge in this resample")
        _, b, r2 = _structural(s, w, spec)
        load = _loadings(s, sd, w, spec)
        total = _total_effects(b)
        return np.concatenate([b[src, tgt], load, w[rows, spec.item_block], r2[endo], total[e_src, e_tgt]])

    return statistic


# --------------------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------------------
def _boot_columns(est: np.ndarray, draws: np.ndarray, df: int, level: float) -> dict:
    """se, t, p (two-sided, Student t with n - 1 df) and percentile CI per column of draws."""
    from .resample import percentile_ci

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        se = np.nanstd(draws, axis=0, ddof=1)
        t = est / se
    p = 2 * stats.t.sf(np.abs(t), df)
    low, high = percentile_ci(draws, level=level)
    return {"se": se, "t": t, "pvalue": p, "ci_low": low, "ci_high": high}


class PLSResult:
    """The estimated PLS path model returned by :func:`fit`.

    Attributes
    ----------
    paths : DataFrame
        ``source, target, est`` (standardized path coefficients); with a bootstrap also
        ``se, t, pvalue, ci_low, ci_high`` (percentile interval at ``level``).
    r2 : DataFrame
        ``construct, r2, adj_r2`` for the endogenous constructs.
    loadings, weights : DataFrame
        ``construct, item, est``: the loading / the outer weight of every indicator
        (bootstrap columns as for paths).
    scores : DataFrame
        Construct scores (standardized, divisor n − 1), indexed like the data.
    construct_corr : DataFrame
        Correlations of the construct scores.
    gof : float
        Goodness-of-fit index of Tenenhaus et al. (2005).
    iterations : int
        Iterations used; ``converged`` tells whether the stop criterion was met.
    boot : DataFrame or None
        The bootstrap draws (one row per resample, one column per estimate).
    """

    def __init__(self, *, spec, data_items, s, sd, w, iterations, converged, scaled, tol, boot_draws,
                 n_boot, level=0.95):
        self._spec = spec
        self._items = data_items
        self._s = s
        self.n = len(data_items)
        self.scheme = spec.scheme
        self.modes = dict(spec.modes)
        self.scaled = scaled
        self.tol = tol
        self.iterations = iterations
        self.converged = converged
        self.n_boot = n_boot
        self.level = level
        constructs, items = spec.constructs, spec.items
        corr, b, r2 = _structural(s, w, spec)
        self._b = b
        self._corr = corr
        self._r2 = r2
        load = _loadings(s, sd, w, spec)
        self._load = load
        self._w = w
        rows = np.arange(len(items))
        weights = w[rows, spec.item_block]
        src, tgt = spec.path_idx

        x = data_items.to_numpy(dtype=float)
        xc = x - x.mean(axis=0)
        std = xc / (np.sqrt(np.diag(xc.T @ xc) / (len(x) - 1)) if scaled else 1.0)
        self.scores = pd.DataFrame(std @ w, index=data_items.index, columns=constructs)
        self.construct_corr = pd.DataFrame(corr, index=constructs, columns=constructs)

        names = [constructs[i] for i in spec.item_block]
        self.paths = pd.DataFrame({"source": [constructs[i] for i in src], "target": [constructs[j] for j in tgt],
                                   "est": b[src, tgt]})
        self.loadings = pd.DataFrame({"construct": names, "item": items, "est": load})
        self.weights = pd.DataFrame({"construct": names, "item": items, "est": weights})
        endo = spec.endogenous
        npred = np.array([len(spec.preds[j]) for j in endo])
        r2_endo = r2[endo]
        self.r2 = pd.DataFrame({"construct": [constructs[j] for j in endo], "r2": r2_endo,
                                "adj_r2": 1 - (1 - r2_endo) * (self.n - 1) / (self.n - npred - 1)})
        # GoF (Tenenhaus et al. 2005; plspm): sqrt(mean communality of multi-item blocks x mean R²)
        multi = np.array([len(spec.block_idx[j]) > 1 for j in spec.item_block])
        communality = float(np.mean(load[multi] ** 2)) if multi.any() else np.nan
        self.gof = float(np.sqrt(communality * np.mean(r2_endo)))

        self.boot = None
        self._boot_total = None
        if boot_draws is not None:
            m, p, q = len(src), len(items), len(endo)
            cols = ([f"{constructs[i]} -> {constructs[j]}" for i, j in zip(src, tgt)]
                    + [f"{c} =~ {i}" for c, i in zip(names, items)]
                    + [f"{c} <~ {i} (weight)" for c, i in zip(names, items)]
                    + [f"r2 {constructs[j]}" for j in endo]
                    + [f"total {constructs[i]} -> {constructs[j]}" for i, j in spec.effect_pairs])
            self.boot = pd.DataFrame(boot_draws, columns=cols)
            df = self.n - 1
            parts = np.cumsum([0, m, p, p, q])
            for frame, est, (a, z) in ((self.paths, self.paths["est"].to_numpy(), parts[0:2]),
                                       (self.loadings, load, parts[1:3]),
                                       (self.weights, weights, parts[2:4])):
                for key, val in _boot_columns(est, boot_draws[:, a:z], df, level).items():
                    frame[key] = val
            self._boot_total = boot_draws[:, parts[4]:]

    def __repr__(self) -> str:
        k = len(self._spec.constructs)
        boot = f", n_boot={self.n_boot}" if self.n_boot else ""
        return (f"PLSResult(n={self.n}, constructs={k}, paths={len(self.paths)}, scheme={self.scheme!r}, "
                f"iterations={self.iterations}{boot})")

    # ----------------------------------------------------------------------------------
    def effects(self) -> pd.DataFrame:
        """Direct, indirect and total effects between every pair of connected constructs.

        Returns
        -------
        DataFrame
            ``source, target, direct, indirect, total``, one row per pair of constructs
            joined by a directed route; with a bootstrap also
            ``indirect_se, indirect_ci_low, indirect_ci_high, total_se, total_ci_low,
            total_ci_high`` (percentile intervals at the fit's ``level``). Total effects are
            :math:`(I - B)^{-1} - I` with B the path matrix; indirect = total − direct.

        See Also
        --------
        f2 : the effect size of each direct path.
        sxm.sem.SEMResult.effects : the same for a covariance-based SEM.

        Examples
        --------
        >>> from sxm.datasets import load
        >>> res = fit(load("ecsi_simulated"), {"Image": "IMAG*", "Satisfaction": "CUSA*", "Loyalty": "CUSL*"},
        ...           [("Image", "Satisfaction"), ("Image", "Loyalty"), ("Satisfaction", "Loyalty")],
        ...           n_boot=200, seed=1, n_jobs=1, progress=False)
        >>> res.effects()[["source", "target", "indirect", "indirect_ci_low", "indirect_ci_high"]].round(3)
                 source        target  indirect  indirect_ci_low  indirect_ci_high
        0         Image  Satisfaction     0.000            0.000             0.000
        1         Image       Loyalty     0.121            0.072             0.172
        2  Satisfaction       Loyalty     0.000            0.000             0.000
        >>> # In R: summary(seminr::bootstrap_model(pls_model, nboot = 200))$bootstrapped_total_indirect_paths
        """
        spec = self._spec
        total = _total_effects(self._b)
        i = np.array([a for a, _ in spec.effect_pairs], dtype=int)
        j = np.array([b for _, b in spec.effect_pairs], dtype=int)
        out = pd.DataFrame({
            "source": [spec.constructs[a] for a in i], "target": [spec.constructs[b] for b in j],
            "direct": self._b[i, j], "indirect": total[i, j] - self._b[i, j], "total": total[i, j],
        })
        if self._boot_total is not None:
            from .resample import percentile_ci

            draws_total = self._boot_total
            draws_direct = self.boot.iloc[:, : len(self.paths)].to_numpy()
            direct = np.zeros((len(draws_total), len(i)))
            pos = {(a, b): n for n, (a, b) in enumerate(zip(*spec.path_idx))}
            for col, pair in enumerate(spec.effect_pairs):
                if pair in pos:
                    direct[:, col] = draws_direct[:, pos[pair]]
            for name, draws in (("indirect", draws_total - direct), ("total", draws_total)):
                low, high = percentile_ci(draws, level=self.level)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    out[f"{name}_se"] = np.nanstd(draws, axis=0, ddof=1)
                out[f"{name}_ci_low"] = low
                out[f"{name}_ci_high"] = high
        return out

    def f2(self) -> pd.DataFrame:
        """Cohen's f² of every path: how much R² of the target drops without that path.

        :math:`f^2 = (R^2_{incl} - R^2_{excl}) / (1 - R^2_{incl})`. As SmartPLS and seminr's
        ``fSquared()`` do, :math:`R^2_{excl}` comes from re-estimating the PLS model without
        the path (constructs left without any path drop out; a target left without any
        predecessor has :math:`R^2_{excl} = 0`). 0.02, 0.15 and 0.35 are Cohen's small, medium
        and large effects.

        Returns
        -------
        DataFrame
            ``source, target, f2``, one row per path in the order of :attr:`paths`.

        See Also
        --------
        vif : collinearity of the predecessors of each construct.
        effects : direct, indirect and total effects.

        Examples
        --------
        >>> from sxm.datasets import load
        >>> res = fit(load("ecsi_simulated"), {"Image": "IMAG*", "Satisfaction": "CUSA*", "Loyalty": "CUSL*"},
        ...           [("Image", "Satisfaction"), ("Image", "Loyalty"), ("Satisfaction", "Loyalty")])
        >>> res.f2().round(3)
                 source        target     f2
        0         Image  Satisfaction  0.098
        1         Image       Loyalty  0.060
        2  Satisfaction       Loyalty  0.198
        >>> # In R: summary(seminr::estimate_pls(...))$fSquare
        """
        spec = self._spec
        src, tgt = spec.path_idx
        values = []
        for i, j in zip(src, tgt):
            source, target = spec.constructs[i], spec.constructs[j]
            rest = [pq for pq in spec.paths if pq != (source, target)]
            r2_ex = 0.0
            if any(t == target for _, t in rest):
                linked = [c for c in spec.constructs if any(c in pq for pq in rest)]
                sub = _build_spec({c: spec.blocks[c] for c in linked}, rest,
                                  {c: spec.modes[c] for c in linked}, spec.scheme)
                idx = np.array([spec.items.index(it) for it in sub.items])
                s_sub = self._s[np.ix_(idx, idx)]
                w, _, _ = _outer_weights(s_sub, sub, self.tol, MAX_ITER)
                _, _, r2 = _structural(s_sub, w, sub)
                r2_ex = float(r2[sub.constructs.index(target)])
            values.append((self._r2[j] - r2_ex) / (1 - self._r2[j]))
        return self.paths[["source", "target"]].assign(f2=values)

    def vif(self) -> pd.DataFrame:
        """Collinearity of the predictors of each endogenous construct (inner VIF).

        For predictor k of target j, :math:`VIF = 1 / (1 - R^2_k)` with :math:`R^2_k` from
        regressing k's scores on the other predictors of j, i.e. the k-th diagonal element of
        the inverse of their correlation matrix. SmartPLS reports the same; Hair et al. read
        values above 5 (ideally 3) as a collinearity problem.

        Returns
        -------
        DataFrame
            ``source, target, vif``, one row per path (1 for a construct's only
            predecessor).

        See Also
        --------
        f2 : the effect size of each path.

        Examples
        --------
        >>> from sxm.datasets import load
        >>> res = fit(load("ecsi_simulated"), {"Image": "IMAG*", "Satisfaction": "CUSA*", "Loyalty": "CUSL*"},
        ...           [("Image", "Satisfaction"), ("Image", "Loyalty"), ("Satisfaction", "Loyalty")])
        >>> res.vif().round(3)
                 source        target    vif
        0         Image  Satisfaction  1.000
        1         Image       Loyalty  1.098
        2  Satisfaction       Loyalty  1.098
        >>> # In R: summary(seminr::estimate_pls(...))$vif_antecedents
        """
        spec, corr = self._spec, self._corr
        inv = {j: np.linalg.inv(corr[np.ix_(spec.preds[j], spec.preds[j])]) for j in spec.endogenous}
        src, tgt = spec.path_idx
        values = [inv[j][list(spec.preds[j]).index(i), list(spec.preds[j]).index(i)] for i, j in zip(src, tgt)]
        return self.paths[["source", "target"]].assign(vif=values)

    def reliability(self) -> pd.DataFrame:
        """Internal consistency and convergent validity of each block.

        Returns
        -------
        DataFrame, index ``construct``
            ``alpha`` (Cronbach's α of the standardized indicators), ``rho_a`` (Dijkstra–Henseler
            ρ_A from the PLS weights), ``rho_c`` (composite reliability, Jöreskog's ρ) and
            ``ave`` (average variance extracted), the last two from the PLS loadings.

        See Also
        --------
        htmt : discriminant validity between the constructs.
        sxm.reliability.reliability_table : the same coefficients from a common-factor model.

        Notes
        -----
        α, ρ_C and AVE come from :func:`sxm.reliability.cronbach_alpha` (given the
        standardized indicators, as seminr and SmartPLS compute α),
        :func:`sxm.reliability.composite_reliability` and
        :func:`sxm.reliability.average_variance_extracted`. ρ_A (Dijkstra & Henseler, 2015):

        .. math:: \\rho_A = (\\hat w'\\hat w)^2 \\,
                  \\frac{\\hat w'(S - \\operatorname{diag} S)\\hat w}
                       {\\hat w'(\\hat w\\hat w' - \\operatorname{diag}\\hat w\\hat w')\\hat w}

        with :math:`\\hat w` the weights of the standardized indicators scaled to a
        unit-variance composite and S their correlation matrix. A single-indicator block has
        all four equal to 1.

        Examples
        --------
        >>> from sxm.datasets import load
        >>> res = fit(load("ecsi_simulated"), {"Image": "IMAG*", "Satisfaction": "CUSA*", "Loyalty": "CUSL*"},
        ...           [("Image", "Satisfaction"), ("Image", "Loyalty"), ("Satisfaction", "Loyalty")])
        >>> res.reliability().round(3)  # doctest: +NORMALIZE_WHITESPACE
                      alpha  rho_a  rho_c    ave
        construct
        Image         0.848  0.852  0.891  0.622
        Satisfaction  0.859  0.862  0.914  0.780
        Loyalty       0.826  0.832  0.896  0.742
        >>> # In R: summary(seminr::estimate_pls(...))$reliability
        """
        from . import reliability as rel

        spec, s = self._spec, self._s
        multi = {c: spec.blocks[c] for j, c in enumerate(spec.constructs) if len(spec.block_idx[j]) > 1}
        alpha = pd.Series(dtype=float)
        if multi:
            z = self._items - self._items.mean()
            alpha = rel.cronbach_alpha(z / z.std(ddof=1), multi)["alpha"]
        rows = []
        for j, c in enumerate(spec.constructs):
            idx = spec.block_idx[j]
            if c not in multi:
                rows.append((c, 1.0, 1.0, 1.0, 1.0))
                continue
            lam = self._load[idx]
            sdv = np.sqrt(np.diag(s)[idx])
            r = s[np.ix_(idx, idx)] / np.outer(sdv, sdv)
            w = self._w[idx, j] * sdv  # weights of the standardized indicators
            ww = np.outer(w, w)
            num = w @ (r - np.diag(np.diag(r))) @ w
            den = w @ (ww - np.diag(np.diag(ww))) @ w
            rho_a = (w @ w) ** 2 * num / den
            rows.append((c, float(alpha[c]), float(rho_a), float(rel.composite_reliability(lam)),
                         float(rel.average_variance_extracted(lam))))
        return pd.DataFrame(rows, columns=["construct", "alpha", "rho_a", "rho_c", "ave"]).set_index("construct")

    def htmt(self, *, method: str = "htmt2", n_boot: int = 0, seed=None, n_jobs=None, level: float = 0.95,
             progress: bool = True) -> pd.DataFrame:
        """Heterotrait–monotrait ratios of the multi-indicator constructs.

        Computed by :func:`sxm.reliability.htmt` from the indicators. ``method="htmt2"``
        (default, as everywhere in sxm) uses geometric means (Roemer, Schuberth & Henseler,
        2021); ``"htmt"`` is the original ratio of Henseler, Ringle & Sarstedt (2015) that
        SmartPLS and seminr report. Single-indicator constructs have no monotrait
        correlation and are left out. Values above 0.85 (0.90 for conceptually close
        constructs) question discriminant validity.

        Parameters
        ----------
        method : {"htmt2", "htmt"}, default "htmt2"
            Geometric (HTMT2) or arithmetic (HTMT) means of the indicator correlations.
        n_boot : int, default 0
            With B > 0, resample respondents B times (:func:`sxm.resample.bootstrap`) and
            return a long table with percentile intervals instead of the matrix.
        seed : int, optional
            Makes the bootstrap reproducible, whatever ``n_jobs`` is. Default ``None``.
        n_jobs : int, optional
            Worker processes: ``None`` or ``-1`` every core, ``1`` this process. Default
            ``None``.
        level : float, default 0.95
            Confidence level of the percentile intervals; discriminant validity is
            supported when ``ci_high`` lies below the threshold.
        progress : bool, default True
            Show the bootstrap's progress bar.

        Returns
        -------
        DataFrame
            The symmetric construct × construct matrix; with a bootstrap the long table
            ``construct_a, construct_b, est, se, ci_low, ci_high``.

        Raises
        ------
        SurveyError
            Fewer than two constructs with two or more indicators; a bad ``method``,
            ``n_boot``, ``seed``, ``n_jobs``, ``progress`` or ``level``.

        See Also
        --------
        sxm.reliability.htmt : the same from data and blocks.
        reliability : alpha, rho_A, rho_C and AVE of each block.

        Examples
        --------
        >>> from sxm.datasets import load
        >>> res = fit(load("ecsi_simulated"), {"Image": "IMAG*", "Satisfaction": "CUSA*", "Loyalty": "CUSL*"},
        ...           [("Image", "Satisfaction"), ("Image", "Loyalty"), ("Satisfaction", "Loyalty")])
        >>> res.htmt().round(3)
                      Image  Satisfaction  Loyalty
        Image         1.000         0.343    0.399
        Satisfaction  0.343         1.000    0.554
        Loyalty       0.399         0.554    1.000
        >>> res.htmt(n_boot=200, seed=1, n_jobs=1, progress=False).round(3)
            construct_a   construct_b    est     se  ci_low  ci_high
        0         Image  Satisfaction  0.343  0.070   0.175    0.449
        1         Image       Loyalty  0.399  0.073   0.241    0.513
        2  Satisfaction       Loyalty  0.554  0.052   0.447    0.654
        >>> # In R: summary(seminr::estimate_pls(...))$validity$htmt (the original HTMT)
        """
        from . import reliability as rel

        spec = self._spec
        blocks = {c: list(spec.blocks[c]) for j, c in enumerate(spec.constructs) if len(spec.block_idx[j]) > 1}
        if len(blocks) < 2:
            raise SurveyError("htmt: needs at least two constructs with two or more indicators each")
        n_boot, seed, n_jobs, progress = check_resampling(n_boot, seed, n_jobs, progress)
        level = check_level(level)
        matrix = rel.htmt(self._items, blocks, method=method)
        if not n_boot:
            return matrix
        from .resample import bootstrap as run_bootstrap
        from .resample import percentile_ci

        names = list(blocks)
        upper = np.triu_indices(len(names), k=1)
        items = self._items[[i for c in names for i in blocks[c]]]

        def statistic(sample):
            return rel.htmt(sample, blocks, method=method).to_numpy()[upper]

        draws = run_bootstrap(statistic, items, n_boot=n_boot, seed=seed, n_jobs=n_jobs,
                              desc="HTMT bootstrap", progress=progress)
        low, high = percentile_ci(draws, level=level)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            se = np.nanstd(draws, axis=0, ddof=1)
        return pd.DataFrame({"construct_a": [names[i] for i in upper[0]], "construct_b": [names[j] for j in upper[1]],
                             "est": matrix.to_numpy()[upper], "se": se, "ci_low": low, "ci_high": high})

    def index(self, scale, *, weights: bool = False) -> pd.DataFrame:
        """Customer-satisfaction-index scores on 0–100, as the ACSI and ECSI report them.

        Parameters
        ----------
        scale : tuple of (low, high)
            The inclusive answer scale of the indicators, e.g. ``(1, 10)``; required.
        weights : bool, default False
            Return the indicators' shares of each index instead.

        Returns
        -------
        DataFrame
            ``construct, index`` (mean index, 0–100); with ``weights=True``
            ``construct, item, share`` (shares summing to 1 per construct).

        Raises
        ------
        SurveyError
            ``scale`` with low not below high, answers outside ``scale``, or a block with
            a negative weight.
        SurveyTypeError
            ``scale`` is not a (low, high) pair.

        See Also
        --------
        sxm.metrics.experience_index : a composite with weights that you choose.

        Notes
        -----
        Following Fornell et al. (1996): the PLS weights of the standardized indicators are
        moved to the answer scale, :math:`w_i / s_i`, and normalized to sum to one,
        :math:`\\tilde w_i`; the index is
        :math:`100\\,(\\sum_i \\tilde w_i \\bar x_i - \\text{low}) / (\\text{high} - \\text{low})`,
        a weighted mean answer rescaled to 0–100. Needs positive weights (a block with a
        negative weight, possible in mode B, raises).

        References
        ----------
        Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J., & Bryant, B. E. (1996). The
        American Customer Satisfaction Index: nature, purpose, and findings. *Journal of
        Marketing*, 60(4), 7–18.

        Examples
        --------
        >>> from sxm.datasets import load
        >>> res = fit(load("ecsi_simulated"), {"Image": "IMAG*", "Satisfaction": "CUSA*", "Loyalty": "CUSL*"},
        ...           [("Image", "Satisfaction"), ("Image", "Loyalty"), ("Satisfaction", "Loyalty")])
        >>> res.index((1, 10)).round(1)
              construct  index
        0         Image   66.2
        1  Satisfaction   65.4
        2       Loyalty   64.6
        >>> res.index((1, 10), weights=True).head(3).round(3)
          construct   item  share
        0     Image  IMAG1  0.212
        1     Image  IMAG2  0.176
        2     Image  IMAG3  0.187
        """
        try:
            low, high = (float(v) for v in scale)
        except (TypeError, ValueError):
            raise SurveyTypeError(f"scale: must be a (low, high) pair such as (1, 10); got {scale!r}") from None
        if not low < high:
            raise SurveyError(f"scale: low must be below high; got {scale!r}")
        x = self._items.to_numpy(dtype=float)
        if (x < low).any() or (x > high).any():
            raise SurveyError(f"scale: answers lie outside {low:g} to {high:g} (from {x.min():g} to {x.max():g})")
        spec = self._spec
        raw = self._w[np.arange(len(spec.items)), spec.item_block] / x.std(axis=0, ddof=1)
        if not self.scaled:  # weights already apply to the raw (centred) answers
            raw = self._w[np.arange(len(spec.items)), spec.item_block]
        means = x.mean(axis=0)
        rows, shares = [], []
        for j, c in enumerate(spec.constructs):
            idx = spec.block_idx[j]
            w = raw[idx]
            if (w <= 0).any():
                bad = spec.items[idx[int(np.argmin(w))]]
                raise SurveyError(f"construct {c!r}: indicator {bad!r} has a negative weight, so a 0-100 "
                                  "index is not defined (rule: index weights must be positive)")
            w = w / w.sum()
            rows.append((c, 100 * (w @ means[idx] - low) / (high - low)))
            shares.extend((c, item, share) for item, share in zip(spec.blocks[c], w))
        if weights:
            return pd.DataFrame(shares, columns=["construct", "item", "share"])
        return pd.DataFrame(rows, columns=["construct", "index"])

    def diagram(self, path=None, *, ax=None, digits: int = 2, engine: str = "auto"):
        """Path diagram: composites with their R², items with loadings (mode A) or weights
        (mode B), path coefficients (dashed when the bootstrap interval holds 0).

        Drawn by :func:`sxm.plots.path_diagram`: laid out by graphviz's ``dot`` when it is
        installed, else drawn with matplotlib.

        Parameters
        ----------
        path : str or Path, optional
            Also write the diagram to this file (``.png``, ``.svg``, ``.pdf``).
        ax : matplotlib Axes, optional
            Where to draw (a new figure sized to the diagram when None).
        digits : int
            Decimals of the numbers on the arrows.
        engine : {"auto", "dot", "matplotlib"}
            Who lays the diagram out (see :func:`sxm.plots.path_diagram`).

        Returns
        -------
        matplotlib.axes.Axes

        See Also
        --------
        sxm.sem.SEMResult.diagram : the same drawing for a covariance-based SEM.

        Examples
        --------
        >>> rng = np.random.default_rng(1)
        >>> q = rng.normal(size=200)
        >>> df = pd.DataFrame({"q1": q + rng.normal(size=200), "q2": q + rng.normal(size=200),
        ...                    "s1": 0.5 * q + rng.normal(size=200)})
        >>> res = fit(df, {"Quality": ["q1", "q2"], "Satisfaction": ["s1"]}, [("Quality", "Satisfaction")])
        >>> ax = res.diagram(engine="matplotlib")
        >>> sorted(p.get_gid() for p in ax.patches if p.get_gid().startswith("node:"))
        ['node:Quality', 'node:Satisfaction', 'node:q1', 'node:q2', 'node:s1']
        """
        from .plots import path_diagram

        spec = self._spec
        r2 = dict(zip(self.r2["construct"], self.r2["r2"]))
        names = list(spec.constructs) + list(self.loadings["item"])
        nodes = pd.DataFrame({"name": names, "kind": ["latent"] * len(spec.constructs) + ["observed"] * len(self.loadings),
                              "r2": [r2.get(n, np.nan) for n in names]})
        formative = self.loadings["construct"].map(self.modes).eq("B").to_numpy()
        sig = ((self.paths["ci_low"] > 0) | (self.paths["ci_high"] < 0)) if "ci_low" in self.paths else True
        edges = pd.concat([
            pd.DataFrame({"source": np.where(formative, self.loadings["item"], self.loadings["construct"]),
                          "target": np.where(formative, self.loadings["construct"], self.loadings["item"]),
                          "kind": np.where(formative, "weight", "loading"),
                          "est": np.where(formative, self.weights["est"], self.loadings["est"]),
                          "significant": True}),
            pd.DataFrame({"source": self.paths["source"], "target": self.paths["target"], "kind": "path",
                          "est": self.paths["est"], "significant": sig}),
        ], ignore_index=True)
        return path_diagram(nodes, edges, engine=engine, digits=digits, path=path, ax=ax)

    def lavaan_syntax(self) -> str:
        """The same model in lavaan syntax, for a covariance-based fit with ``sxm.sem.fit``.

        Each block becomes a common factor (``=~``, via
        :func:`sxm.model.measurement_syntax`) and each construct with predecessors a
        regression (``~``). PLS's composites and CB-SEM's factors are different models of the
        same constructs: compare them with :meth:`compare_sem`.

        Returns
        -------
        str
            One ``=~`` line per block (mode B blocks too), then one ``~`` line per
            endogenous construct.

        See Also
        --------
        compare_sem : the PLS paths next to those of the CB-SEM fit of this syntax.
        sxm.model.measurement_syntax : the ``=~`` lines of a blocks dict.

        Examples
        --------
        >>> from sxm.datasets import load
        >>> res = fit(load("ecsi_simulated"), {"Image": "IMAG*", "Satisfaction": "CUSA*", "Loyalty": "CUSL*"},
        ...           [("Image", "Satisfaction"), ("Image", "Loyalty"), ("Satisfaction", "Loyalty")])
        >>> print(res.lavaan_syntax())
        Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
        Satisfaction =~ CUSA1 + CUSA2 + CUSA3
        Loyalty =~ CUSL1 + CUSL2 + CUSL3
        Satisfaction ~ Image
        Loyalty ~ Image + Satisfaction
        """
        spec = self._spec
        lines = [measurement_syntax({c: list(spec.blocks[c]) for c in spec.constructs})]
        for j in spec.endogenous:
            lines.append(f"{spec.constructs[j]} ~ " + " + ".join(spec.constructs[i] for i in spec.preds[j]))
        return "\n".join(lines)

    def compare_sem(self, sem_result) -> pd.DataFrame:
        """Put the PLS path coefficients next to the standardized CB-SEM estimates.

        Parameters
        ----------
        sem_result : SEMResult
            A fit of :meth:`lavaan_syntax` by :func:`sxm.sem.fit` (anything with an
            ``estimates`` table in lavaan orientation with ``lhs, op, rhs, std_all``, and
            ``pvalue`` when available).

        Returns
        -------
        DataFrame
            ``source, target, pls`` (+ ``pls_ci_low, pls_ci_high`` after a bootstrap),
            ``sem`` (fully standardized CB-SEM path, ``std_all``), ``sem_pvalue`` and
            ``difference`` = sem − pls. CB-SEM paths are usually larger in absolute value:
            PLS composites keep the measurement error that common factors remove.

        Raises
        ------
        SurveyError
            ``sem_result`` lacks one of the PLS paths.
        SurveyTypeError
            ``sem_result`` has no ``estimates`` table with the needed columns.

        See Also
        --------
        lavaan_syntax : the model to fit with :func:`sxm.sem.fit`.
        plot_paths : draw both sets of paths.

        Examples
        --------
        >>> from sxm import sem
        >>> from sxm.datasets import load
        >>> d = load("ecsi_simulated")
        >>> res = fit(d, {"Image": "IMAG*", "Satisfaction": "CUSA*", "Loyalty": "CUSL*"},
        ...           [("Image", "Satisfaction"), ("Image", "Loyalty"), ("Satisfaction", "Loyalty")])
        >>> res.compare_sem(sem.fit(res.lavaan_syntax(), d))[["source", "target", "pls", "sem"]].round(2)
                 source        target   pls   sem
        0         Image  Satisfaction  0.30  0.34
        1         Image       Loyalty  0.22  0.25
        2  Satisfaction       Loyalty  0.40  0.46
        """
        est = getattr(sem_result, "estimates", None)
        if not isinstance(est, pd.DataFrame) or not {"lhs", "op", "rhs", "std_all"} <= set(est.columns):
            raise SurveyTypeError("sem_result: needs an .estimates table with lhs, op, rhs, std_all "
                                  "(the result of sxm.sem.fit)")
        reg = est[est["op"] == "~"].set_index(["rhs", "lhs"])
        keys = list(zip(self.paths["source"], self.paths["target"]))
        missing = [k for k in keys if k not in reg.index]
        if missing:
            raise SurveyError(f"sem_result: has no path {missing[0][0]!r} -> {missing[0][1]!r}; fit "
                              "result.lavaan_syntax() so that both models have the same paths")
        out = self.paths[["source", "target", "est"]].rename(columns={"est": "pls"})
        if "ci_low" in self.paths:
            out["pls_ci_low"] = self.paths["ci_low"]
            out["pls_ci_high"] = self.paths["ci_high"]
        out["sem"] = [float(reg.loc[k, "std_all"]) for k in keys]
        if "pvalue" in reg.columns:
            out["sem_pvalue"] = [float(reg.loc[k, "pvalue"]) for k in keys]
        out["difference"] = out["sem"] - out["pls"]
        return out


def plot_paths(result: PLSResult, *, sem_result=None, ax=None, title: str | None = None):
    """Forest plot of the path coefficients with their bootstrap percentile intervals.

    Parameters
    ----------
    result : PLSResult
        A fit (intervals are drawn when it was bootstrapped).
    sem_result : SEMResult, optional
        A CB-SEM fit of ``result.lavaan_syntax()``; its standardized paths are added as
        open diamonds. Default ``None``: PLS paths only.
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new figure whose height grows with the
        number of paths.
    title : str, optional
        Title of the Axes. Default ``None``: "Structural paths" in the language in force
        (:func:`sxm.i18n.set_lang`).

    Returns
    -------
    matplotlib.axes.Axes
        One row per path (``source → target``, the first path on top), the estimate as a
        dot and its bootstrap interval as a line; the legend sits below. Fixed words are
        in the language in force.

    Raises
    ------
    SurveyTypeError
        ``result`` is not a PLSResult.
    SurveyError
        As :meth:`PLSResult.compare_sem` when ``sem_result`` is given.

    See Also
    --------
    fit : the PLS fit drawn here.
    PLSResult.compare_sem : the table behind the diamonds.

    Examples
    --------
    >>> from sxm.datasets import load
    >>> res = fit(load("ecsi_simulated"), {"Image": "IMAG*", "Satisfaction": "CUSA*", "Loyalty": "CUSL*"},
    ...           [("Image", "Satisfaction"), ("Image", "Loyalty"), ("Satisfaction", "Loyalty")],
    ...           n_boot=200, seed=1, n_jobs=1, progress=False)
    >>> ax = plot_paths(res)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Satisfaction → Loyalty', 'Image → Loyalty', 'Image → Satisfaction']
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['PLS 95% bootstrap CI', 'PLS path']
    >>> from sxm import i18n
    >>> old = i18n.set_lang("zh")
    >>> ax = plot_paths(res)
    >>> ax.get_title(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('结构路径', ['PLS 95% 自助法置信区间', 'PLS 路径系数'])
    >>> _ = i18n.set_lang(old)
    """
    from .i18n import label, t
    from .plots import PALETTE, get_ax

    if not isinstance(result, PLSResult):
        raise SurveyTypeError(f"result: must be the PLSResult of sxm.pls.fit(...); got {type(result).__name__}")
    paths = result.paths.iloc[::-1].reset_index(drop=True)
    ax = get_ax(ax, figsize=(7, 0.45 * len(paths) + 1.2))
    y = np.arange(len(paths))
    labels = [f"{label(s)} → {label(tg)}" for s, tg in zip(paths["source"], paths["target"])]
    if "ci_low" in paths:
        ax.hlines(y, paths["ci_low"], paths["ci_high"], color=PALETTE[0], lw=2,
                  label=t("pls.paths.ci", level=result.level))
    ax.plot(paths["est"], y, "o", color=PALETTE[0], label=t("pls.paths.pls"))
    if sem_result is not None:
        cmp = result.compare_sem(sem_result).iloc[::-1]
        ax.plot(cmp["sem"].to_numpy(), y, "D", mfc="none", color=PALETTE[1], label=t("pls.paths.sem"))
    ax.axvline(0, color="0.4", lw=1)
    ax.set_yticks(y, labels)
    ax.set_xlabel(t("pls.paths.xlabel"))
    ax.set_title(t("pls.paths.title") if title is None else title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize="small", frameon=False)
    return ax


# --------------------------------------------------------------------------------------
# public entry point
# --------------------------------------------------------------------------------------
def fit(data, model, paths=None, *, mode=None, scheme="path", n_boot=0, seed=None, n_jobs=None,
        progress: bool = True, level: float = 0.95, tol: float = TOL, max_iter: int = MAX_ITER,
        scaled: bool = True) -> PLSResult:
    """Estimate a PLS path model (PLS-PM) with Lohmöller's algorithm, as SmartPLS/seminr do.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; the indicator columns must be numeric and complete. Not
        modified.
    model : str or dict
        The model in lavaan syntax, as cSEM reads it: ``Image =~ IMAG1 + IMAG2 + ...``
        (a block with mode A weights), ``Value <~ PERV1 + PERV2`` (mode B) and
        ``Satisfaction ~ Image + Quality`` (paths; the model must be recursive). A path
        written ``0*Image`` (as :func:`sxm.model.drop_path` writes it) is left out; other
        fixed or freed values are refused. Or the blocks as a dict
        ``{construct: [indicator columns]}`` (a glob pattern such as ``"IMAG*"`` is
        accepted) with ``paths``.
    paths : list of (source, target), optional
        With a blocks dict: the structural paths, e.g. ``[("Image", "Satisfaction"), ...]``.
        Both forms give identical results. Default ``None``: the ``~`` lines of ``model``.
    mode : {"A", "B"} or dict, optional
        Outer weighting: ``"A"`` (reflective blocks, correlation weights) or ``"B"``
        (formative blocks, regression weights), for all constructs or per construct as
        ``{construct: mode}``. Default ``None``: ``"B"`` for ``<~`` blocks, ``"A"``
        otherwise.
    scheme : {"path", "centroid", "factor"}, default "path"
        Inner weighting scheme; ``"path"`` is the default of SmartPLS and seminr
        (``"factorial"`` is accepted for ``"factor"``).
    n_boot : int, default 0
        Number B of bootstrap resamples of respondents (0 = none). SmartPLS' guidance is
        B = 5,000 for the final report.
    seed : int, optional
        Makes the bootstrap reproducible, whatever ``n_jobs`` is. Default ``None``.
    n_jobs : int, optional
        Worker processes for the bootstrap: ``None`` or ``-1`` every core, ``1`` this
        process. Default ``None``.
    progress : bool, default True
        Show the bootstrap's progress bar.
    level : float, default 0.95
        Confidence level of the bootstrap percentile intervals.
    tol : float, default 1e-7
        Stop when the sum of absolute weight changes is below ``tol`` (:data:`TOL`).
    max_iter : int, default 300
        Warn when the stop criterion is not met after ``max_iter`` iterations
        (:data:`MAX_ITER`).
    scaled : bool, default True
        Standardize the indicators (as SmartPLS and seminr). ``False`` only centres
        them, as plspm's ``scaled = FALSE`` (sensible when all items share one answer scale).

    Returns
    -------
    PLSResult
        ``.paths``, ``.r2``, ``.loadings``, ``.weights``, ``.scores``, ``.gof`` and the methods
        ``.effects()``, ``.f2()``, ``.vif()``, ``.reliability()``, ``.htmt()``, ``.index(scale)`` (0–100
        satisfaction index), ``.lavaan_syntax()`` and ``.compare_sem(sem_result)``.

    Raises
    ------
    SurveyError
        Unknown columns, a construct without indicators, an indicator in two blocks, a path
        naming an unknown construct, a cycle, a construct outside every path, missing or
        constant indicators, a singular mode B block, a fixed value other than ``0*x`` on a
        path, bad ``mode``/``scheme``/``n_boot``.
    SurveyTypeError
        ``data`` is not a DataFrame, or ``model``/``paths`` are not a model and a list of
        pairs.

    See Also
    --------
    PLSResult : the estimates and the methods for effects, f², VIF, reliability, HTMT and
        the 0-100 index.
    plot_paths : the path coefficients with their intervals.
    sxm.sem.fit : the covariance-based (common-factor) model of the same constructs.

    Notes
    -----
    See the module docstring for the algorithm. Bootstrap: B resamples of respondents drawn
    with :func:`sxm.resample.bootstrap`; ``se`` is the standard deviation of the B estimates,
    ``t = est / se``, ``pvalue`` two-sided from Student's t with n − 1 degrees of freedom,
    ``ci_low``/``ci_high`` the 2.5 % and 97.5 % percentiles. A resample in which an indicator
    is constant or the algorithm does not converge is left out (NaN) with a warning.

    References
    ----------
    Lohmöller, J.-B. (1989). *Latent Variable Path Modeling with Partial Least Squares*. Physica.
    Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M., & Lauro, C. (2005). PLS path modeling.
    *Computational Statistics & Data Analysis*, 48, 159–205.
    Dijkstra, T. K., & Henseler, J. (2015). Consistent partial least squares path modeling.
    *MIS Quarterly*, 39(2), 297–316.
    Hair, J. F., Hult, G. T. M., Ringle, C. M., & Sarstedt, M. (2022). *A Primer on Partial Least
    Squares Structural Equation Modeling (PLS-SEM)* (3rd ed.). Sage.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> q = rng.normal(size=200)
    >>> df = pd.DataFrame({"q1": q + rng.normal(size=200), "q2": q + rng.normal(size=200),
    ...                    "s1": 0.5 * q + rng.normal(size=200)})
    >>> res = fit(df, {"Quality": ["q1", "q2"], "Satisfaction": ["s1"]}, [("Quality", "Satisfaction")])
    >>> res.paths.round(3)
        source        target    est
    0  Quality  Satisfaction  0.292
    >>> # In R: seminr::estimate_pls(df, constructs(composite("Quality", c("q1", "q2")), ...), ...)

    The bundled ECSI survey, in lavaan syntax, with a bootstrap:

    >>> from sxm.datasets import load
    >>> model = '''
    ... Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
    ... Satisfaction =~ CUSA1 + CUSA2 + CUSA3
    ... Loyalty =~ CUSL1 + CUSL2 + CUSL3
    ... Satisfaction ~ Image
    ... Loyalty ~ Image + Satisfaction
    ... '''
    >>> res = fit(load("ecsi_simulated"), model, n_boot=200, seed=1, n_jobs=1, progress=False)
    >>> res.paths.round(3)
             source        target    est     se      t  pvalue  ci_low  ci_high
    0         Image  Satisfaction  0.299  0.055  5.407     0.0   0.185    0.398
    1         Image       Loyalty  0.221  0.055  4.055     0.0   0.110    0.315
    2  Satisfaction       Loyalty  0.404  0.046  8.790     0.0   0.328    0.493
    >>> res.r2.round(3)
          construct     r2  adj_r2
    0  Satisfaction  0.089   0.086
    1       Loyalty  0.265   0.260
    >>> # In R: summary(seminr::bootstrap_model(pls_model, nboot = 200, seed = 1))$bootstrapped_paths
    """
    require_frame(data)
    m, blocks, pairs = _read_model(data, model, paths)
    constructs = list(blocks)
    modes = (_check_modes(mode, constructs) if mode is not None
             else {c: "B" if c in m.composites else "A" for c in constructs})
    if not isinstance(scheme, str) or scheme.lower() not in _SCHEME_ALIASES:
        raise SurveyError(f"scheme: must be one of 'path', 'centroid', 'factor'; got {scheme!r}")
    scheme = _SCHEME_ALIASES[scheme.lower()]
    n_boot, seed, n_jobs, progress = check_resampling(n_boot, seed, n_jobs, progress)
    level = check_level(level)
    if not (isinstance(tol, (int, float)) and tol > 0):
        raise SurveyError(f"tol: must be a positive number; got {tol!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise SurveyError(f"max_iter: must be a positive whole number; got {max_iter!r}")
    spec = _build_spec(blocks, pairs, modes, scheme)

    items = numeric_items(data, spec.items, allow_missing=True)
    na = items.isna().to_numpy()
    if na.any():
        col = spec.items[int(np.flatnonzero(na.any(axis=0))[0])]
        row = items.index[na[:, spec.items.index(col)]][0]
        raise SurveyError(
            f"column {col!r}: PLS needs complete indicators; {int(na.any(axis=1).sum())} respondent(s) have "
            f"missing answers (first: row {row!r}). Drop or impute them first, e.g. "
            "data.dropna(subset=indicators)"
        )
    check_not_constant(items, spec.items)
    n = len(items)
    most = max(len(spec.preds[j]) for j in spec.endogenous)
    if n < most + 2:
        raise SurveyError(f"data: {n} respondents are too few for a construct with {most} predecessors "
                          f"(rule: need at least {most + 2})")
    x = items.to_numpy(dtype=float)
    s, sd = _moments(x, scaled)
    for j in spec.mode_b:
        idx = spec.block_idx[j]
        block = s[np.ix_(idx, idx)]
        if np.linalg.matrix_rank(block) < len(idx):
            c = spec.constructs[j]
            raise SurveyError(f"construct {c!r}: mode B needs linearly independent indicators; "
                              f"{', '.join(blocks[c])} are collinear (rule: regression weights need an "
                              "invertible indicator correlation matrix)")
    try:
        w, iterations, converged = _outer_weights(s, spec, tol, max_iter)
    except np.linalg.LinAlgError:  # a singular regression inside the iterations
        _check_collinear(s, _normalize(spec.mask, s), spec)
        raise SurveyError("structure: a regression among the construct scores is singular (perfectly collinear "
                          "predecessors)") from None
    _check_collinear(s, w, spec)
    if not converged:
        warnings.warn(f"PLS did not converge in {max_iter} iterations (tol={tol:g} on the sum of absolute "
                      "weight changes); the estimates may be unreliable", RuntimeWarning, stacklevel=2)

    draws = None
    if n_boot:
        from .resample import bootstrap as run_bootstrap

        statistic = _statistic_factory(spec, scaled, tol, max_iter)
        draws = run_bootstrap(statistic, x, n_boot=n_boot, seed=seed, n_jobs=n_jobs,
                              desc="PLS bootstrap", progress=progress)
    return PLSResult(spec=spec, data_items=items, s=s, sd=sd, w=w, iterations=iterations, converged=converged,
                     scaled=scaled, tol=tol, boot_draws=draws, n_boot=n_boot, level=level)
