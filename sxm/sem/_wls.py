"""WLSMV for ordinal answers: DWLS on polychoric correlations, as lavaan's ``estimator = "WLSMV"``.

Two stages (Muthen 1984; Muthen, du Toit & Spisic 1997):

1. :func:`sxm.ordinal.ordinal_statistics` estimates each item's thresholds, the polychoric
   correlations and ``Gamma``, ``N`` times their asymptotic covariance matrix.
2. The model is fitted to the vector ``s`` of thresholds and correlations by diagonally
   weighted least squares, ``F = (s - sigma(theta))' W (s - sigma(theta))`` with
   ``W = diag(Gamma)^-1``, in lavaan's *delta* parameterization: each item's latent response
   has variance 1, so its residual variance is not a parameter but ``1`` minus the variance
   the model explains (thresholds are free, intercepts and latent means 0).

Standard errors are robust (the sandwich ``E^-1 Delta' W Gamma W Delta E^-1 / N`` with
``E = Delta' W Delta``), the test statistic ``chi2 = (N - 1) F`` is mean-and-variance
adjusted (Asparouhov & Muthen 2010's ``scaled.shifted``), and the robust CFI, TLI and RMSEA
are Savalei's (2021) for categorical data, from the ML discrepancy of the polychoric
correlations at the DWLS estimates -- everything as lavaan 0.6 computes it.
"""
from __future__ import annotations

import contextlib
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from ..io import SurveyError, SurveyTypeError, check_level, require_frame
from ..model import Model, as_model
from ._fit import _boot_table, _engine, _prepare, _result, _small_blas
from ._indices import _cfi, _indices, _rmsea, _rmsea_ci, _srmr, _tli
from .result import SEMResult


#: below this many respondents the first stage runs on one BLAS thread too
_SMALL = 50_000


# --------------------------------------------------------------------------------------
# reading the model
# --------------------------------------------------------------------------------------
def _split_thresholds(model):
    """The model without its ``|`` lines (for the engine), and their threshold terms.

    Returns (Model, {item: {k: Term}}) with ``k`` counting from 0.
    """
    parsed = as_model(model, what="model")
    spec: dict[str, dict[int, object]] = {}
    for st in parsed.statements:
        if st.op != "|":
            continue
        for term in st.terms:
            name = term.name
            if not (name.startswith("t") and name[1:].isdigit() and int(name[1:]) >= 1):
                raise SurveyError(
                    f"model line {st.line} {str(st)!r}: threshold {name!r} must be named t1, t2, ... "
                    "(rule: 'item | t1 + t2 + ...', as lavaan)"
                )
            spec.setdefault(st.lhs, {})[int(name[1:]) - 1] = term
    rest = Model(tuple(st for st in parsed.statements if st.op != "|"), parsed.definitions)
    return rest, spec


def _ordered_items(ordered, observed):
    """The ordinal items: every observed variable for ``True`` (or None), else the list given."""
    if ordered is True or ordered is None:
        return list(observed)
    if ordered is False:
        raise SurveyError("ordered: estimator='WLSMV' fits ordinal items; ordered=False (DWLS on continuous "
                          "items) is not supported -- use estimator='MLR' for robust ML")
    if isinstance(ordered, str):
        ordered = [ordered]
    try:
        items = list(ordered)
    except TypeError:
        raise SurveyTypeError(f"ordered: must be True or a list of item columns; got {ordered!r}") from None
    unknown = [v for v in items if v not in observed]
    if unknown:
        raise SurveyError(f"ordered: {unknown[0]!r} is not an observed variable of the model; the model has "
                          f"{', '.join(map(repr, observed))}")
    continuous = [v for v in observed if v not in items]
    if continuous:
        raise SurveyError(
            f"ordered: {continuous[0]!r} is an observed variable of the model but not declared ordered; "
            "WLSMV here needs every observed variable ordinal (ordered=True) -- mixing continuous and "
            "ordinal variables (polyserial correlations) is not supported"
        )
    return items


# --------------------------------------------------------------------------------------
# the model-implied thresholds and correlations
# --------------------------------------------------------------------------------------
class _Delta:
    """sigma(theta) = (thresholds, correlations) of the delta parameterization, and its Jacobian.

    ``theta`` = (free thresholds, free engine parameters other than the residual variances
    of the items). The residual variances ``r`` (in Theta, or in Psi for an item that is an
    outcome of a regression) solve ``diag(Sigma) = 1``; Sigma is linear in them, so they
    come from one linear system, and their derivatives by the implicit-function theorem.
    """

    def __init__(self, eng, stats_, spec):
        self.eng = eng
        obs = eng.observed
        self.p = len(obs)
        idx = {v: i for i, v in enumerate(obs)}
        at = np.array([idx[v] for v in stats_.items])  # statistics' order -> engine's order
        # residual variances of the items: the engine's free (co)variance of an item with itself
        dep, where = [], {}
        for e in eng.rows:
            if e["op"] == "~~" and e["lhs"] == e["rhs"] and e["lhs"] in idx:
                if e["lhs"] in getattr(eng.spec, "single", ()):
                    raise SurveyError(
                        f"model: {e['lhs']!r} is the single indicator of a construct; with estimator='WLSMV' its "
                        "latent response has variance 1, so the construct's variance is not identified (lavaan "
                        "cannot estimate it either); give the construct two or more items, or use the item itself"
                    )
                if e["free"] < 0 or e["label"]:
                    raise SurveyError(
                        f"model: the residual variance of {e['lhs']!r} is fixed or labelled; with estimator='WLSMV' "
                        "(delta parameterization) it is not a parameter but 1 minus the explained variance; drop "
                        f"the line '{e['lhs']} ~~ ...{e['lhs']}'"
                    )
                dep.append(e["free"])
                where[e["lhs"]] = e["free"]
        missing = [v for v in obs if v not in where]
        if missing:
            raise SurveyError(f"model: variable {missing[0]!r} has no residual variance to scale its latent response")
        self.dep = np.array([where[v] for v in obs], dtype=int)
        self.keep = np.array([i for i in range(eng.k) if i not in set(self.dep)], dtype=int)
        # thresholds: free ones (labels shared), fixed ones
        self.items = list(stats_.items)
        self.nth = [len(t) for t in stats_.thresholds]
        self.th_values = np.concatenate(stats_.thresholds)
        th_free, labels, fixed = [], {}, {}
        n_free = 0
        offset = np.concatenate([[0], np.cumsum(self.nth)])
        self.th_names = []
        for j, v in enumerate(self.items):
            for k in range(self.nth[j]):
                self.th_names.append((v, f"t{k + 1}"))
                term = spec.get(v, {}).get(k)
                pos = offset[j] + k
                if term is not None and term.value is not None:
                    fixed[pos] = term.value
                    th_free.append(-1)
                elif term is not None and term.label is not None:
                    if term.label not in labels:
                        labels[term.label] = n_free
                        n_free += 1
                    th_free.append(labels[term.label])
                else:
                    th_free.append(n_free)
                    n_free += 1
        for v, terms in spec.items():
            if v not in self.items:
                raise SurveyError(f"model: thresholds are given for {v!r}, which is not an ordinal item of the model")
            j = self.items.index(v)
            extra = [k for k in terms if k >= self.nth[j]]
            if extra:
                raise SurveyError(
                    f"model: {v!r} has {self.nth[j] + 1} answer categories, so thresholds t1..t{self.nth[j]}; "
                    f"the model names t{extra[0] + 1}"
                )
        self.th_free = np.array(th_free, dtype=int)
        self.th_fixed = fixed
        self.th_labels = {pos: lab for v, terms in spec.items() for k, t in terms.items()
                          for pos in [offset[self.items.index(v)] + k] if t.label is not None
                          for lab in [t.label]}
        self.n_th_free = n_free
        self.k = n_free + len(self.keep)
        rows, cols = stats_.pairs
        self.at = at
        self.rows, self.cols = at[rows], at[cols]  # the correlations' places in Sigma

    def cell_jacobian(self, parts, cells):
        """d sigma / d of matrix cells [(matrix, i, j), ...] the model leaves fixed (candidates
        of modification indices), the residual variances solved again: (len(sigma), cells)."""
        eng = self.eng
        d = eng.dsigma(parts)
        dc = eng.dsigma_cells(parts, cells)
        diag = np.arange(self.p)
        dr = -np.linalg.solve(d[self.dep][:, diag, diag].T, dc[:, diag, diag].T)
        total = dc + np.einsum("rk,rij->kij", dr, d[self.dep])
        out = np.zeros((len(self.th_free) + len(self.rows), len(cells)))
        out[len(self.th_free):] = total[:, self.rows, self.cols].T
        return out

    def score_pieces(self, cells):
        """Information and gradient for modification indices, as lavaan's for DWLS.

        With ``Delta`` extended by the candidates' columns: ``I = Delta' W Delta`` and
        ``g = (N - 1)/N Delta' W (s - sigma)`` (lavaan's fit function is ``(N - 1)/(2N) F``),
        so that ``mi = N g^2 / V`` and ``epc = g / V`` (:mod:`sxm.sem._modindices`).
        Returns (information, gradient, model columns, candidate columns).
        """
        theta, s, w, n = self.solution
        sig, x, sigma, parts = self.implied(theta)
        full = np.concatenate([self.jacobian(theta, x, parts), self.cell_jacobian(parts, cells)], axis=1)
        info = full.T @ (full * w[:, None])
        grad = (n - 1) / n * (full.T @ (w * (s - sig)))
        return info, grad, np.arange(self.k), np.arange(self.k, full.shape[1])

    def thresholds(self, theta):
        tau = np.empty(len(self.th_free))
        free = self.th_free >= 0
        tau[free] = theta[self.th_free[free]]
        for pos, val in self.th_fixed.items():
            tau[pos] = val
        return tau

    def engine_x(self, theta):
        """The engine's parameter vector, residual variances solved for diag(Sigma) = 1."""
        eng = self.eng
        x = np.zeros(eng.k)
        x[self.keep] = theta[self.n_th_free:]
        x[self.dep] = 0.0
        sigma0, parts = eng.implied(x)
        d = eng.dsigma(parts)
        jac = d[self.dep][:, np.arange(self.p), np.arange(self.p)].T  # (items, residuals)
        r = np.linalg.solve(jac, 1.0 - np.diag(sigma0))
        x[self.dep] = r
        return x

    def implied(self, theta):
        x = self.engine_x(theta)
        sigma, parts = self.eng.implied(x)
        return np.concatenate([self.thresholds(theta), sigma[self.rows, self.cols]]), x, sigma, parts

    def jacobian(self, theta, x=None, parts=None):
        """d sigma / d theta, shape (thresholds + correlations, free parameters)."""
        eng = self.eng
        if parts is None:
            x = self.engine_x(theta)
            parts = eng.implied(x)[1]
        d = eng.dsigma(parts)  # (k_engine, p, p)
        diag = d[:, np.arange(self.p), np.arange(self.p)]  # (k_engine, p)
        jac_r = diag[self.dep].T  # (p, residuals)
        dr = -np.linalg.solve(jac_r, diag[self.keep].T)  # (residuals, kept)
        total = d[self.keep] + np.einsum("rk,rij->kij", dr, d[self.dep])
        n_th = len(self.th_free)
        out = np.zeros((n_th + len(self.rows), self.k))
        free = self.th_free >= 0
        out[np.flatnonzero(free), self.th_free[free]] = 1.0
        out[n_th:, self.n_th_free:] = total[:, self.rows, self.cols].T
        return out


def _dwls(model, s, w, theta0, *, max_iter=500, tol=1e-12):
    """Minimize (s - sigma)' W (s - sigma) by Gauss-Newton with step halving."""
    theta = theta0.copy()

    def objective(t):
        try:
            sig = model.implied(t)[0]
        except np.linalg.LinAlgError:
            return np.inf, None
        resid = s - sig
        return float(resid @ (w * resid)), resid

    f, resid = objective(theta)
    if not np.isfinite(f):
        raise SurveyError("the model could not be fitted: the starting values give no solution for the "
                          "residual variances (is the model identified?)")
    for it in range(max_iter):
        jac = model.jacobian(theta)
        jw = jac.T * w
        info = jw @ jac
        grad = jw @ resid
        try:
            step = np.linalg.solve(info, grad)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(info, grad, rcond=None)[0]
        decrement = float(grad @ step)
        if decrement < tol * max(1.0, f):
            return theta, f, True, "converged"
        alpha = 1.0
        for _ in range(40):
            fn, rn = objective(theta + alpha * step)
            if fn <= f:
                break
            alpha /= 2
        else:
            return theta, f, False, "the line search could not decrease the discrepancy"
        theta, f, resid = theta + alpha * step, fn, rn
    return theta, f, False, f"no convergence after {max_iter} iterations"


# --------------------------------------------------------------------------------------
# tests and fit indices
# --------------------------------------------------------------------------------------
def _sandwich(delta, w, gamma):
    """The robust pieces, with few and small matrix products.

    With ``A = W^1/2 Delta``, ``E = A'A`` (the DWLS information), ``G = W^1/2 Gamma W^1/2``
    and ``C = A' G A``: the robust covariance of the estimates ``E^-1 C E^-1 / N``, and for
    ``U = W - W Delta E^-1 Delta' W`` the traces
    ``tr(U Gamma) = tr(G) - tr(E^-1 C)`` and
    ``tr((U Gamma)^2) = tr(G^2) - 2 tr(E^-1 B'B) + tr(E^-1 C E^-1 C)`` with ``B = G A``.
    Returns (E^-1, E^-1 C E^-1, tr(U Gamma), tr((U Gamma)^2)).
    """
    root = np.sqrt(w)
    a = delta * root[:, None]
    g = gamma * np.outer(root, root)
    e_inv = np.linalg.inv(a.T @ a)
    b = g @ a
    c = a.T @ b
    ec = e_inv @ c
    tr_ug = float(np.trace(g) - np.trace(ec))
    tr_ug2 = float(np.sum(g * g) - 2 * np.sum(e_inv * (b.T @ b)) + np.sum(ec * ec.T))
    return e_inv, ec @ e_inv, tr_ug, tr_ug2


def _scaled_shifted(chi2, df, tr_ug, tr_ug2):
    """lavaan's ``scaled.shifted`` statistic: a * chi2 + shift, a = sqrt(df / tr((UG)^2))."""
    a = np.sqrt(df / tr_ug2)
    shift = df - a * tr_ug
    return a * chi2 + shift, 1 / a, shift


def _catml(r, sigma, n, pairs, delta_c, w_c, e_inv, gamma_c):
    """Savalei's (2021) robust CFI/RMSEA ingredients: ML of the polychorics at the DWLS fit.

    As lavaan's ``lav_fit_catml_dwls``: ``XX3 = N F_ML(R, Sigma)`` at the DWLS estimates,
    ``c3 = tr(U' V U Gamma) / df`` with ``U = I - Delta E^-1 Delta' W`` and ``V`` the
    normal-theory weight of the correlations at Sigma; baseline ``-N log|R|`` and
    ``tr(Gamma) / df_b``. Returns None when R is not positive definite (lavaan: NA).
    """
    if np.linalg.eigvalsh(r).min() < np.sqrt(np.finfo(float).eps):
        return None
    p = r.shape[0]
    inv = np.linalg.inv(sigma)
    xx3 = n * (np.linalg.slogdet(sigma)[1] + np.trace(r @ inv) - np.linalg.slogdet(r)[1] - p)
    rows, cols = pairs
    # 0.5 D'(Sigma^-1 x Sigma^-1)D restricted to the correlations (off-diagonal elements)
    v = inv[rows][:, rows] * inv[cols][:, cols] + inv[rows][:, cols] * inv[cols][:, rows]
    wiu = np.eye(len(w_c)) - delta_c @ e_inv @ delta_c.T * w_c[None, :]
    ks = float(np.trace(wiu.T @ v @ wiu @ gamma_c))
    xx3_b = -n * np.linalg.slogdet(r)[1]
    return xx3, ks, xx3_b, float(np.trace(gamma_c))


# --------------------------------------------------------------------------------------
# the fit
# --------------------------------------------------------------------------------------
def fit_wls(model, data, *, ordered=True, missing="listwise", n_boot=0, seed=None, n_jobs=None, progress=True,
            level=0.95, scale=None) -> SEMResult:
    """Fit a model to ordinal answers by WLSMV (lavaan's defaults); see :func:`sxm.sem.fit`."""
    from .. import ordinal
    from ..resample import check_resampling

    require_frame(data)
    if missing != "listwise":
        raise SurveyError(f"missing: estimator='WLSMV' deletes incomplete respondents listwise (as lavaan's default); "
                          f"missing={missing!r} is not available with it")
    n_boot, seed, n_jobs, progress = check_resampling(n_boot, seed, n_jobs, progress)
    level = check_level(level)
    rest, spec = _split_thresholds(model)
    sem_spec, sm = _prepare(rest, data)
    items = _ordered_items(ordered, sem_spec.observed)
    user = sem_spec.to_user
    obs_exo = {user[v] for v in sm.vars["observed"]} & {user[v] for v in sm.vars["exogenous"]}
    if obs_exo:
        v = next(v for v in sem_spec.order if v in obs_exo)
        raise SurveyError(
            f"model: {v!r} is an observed predictor (exogenous); with estimator='WLSMV' lavaan treats it as a fixed "
            "covariate (conditional.x, probit regressions), which is not supported here; measure it by a "
            f"construct instead (e.g. 'f_{v} =~ {v}' with more items)"
        )
    with _small_blas() if len(data) < _SMALL else contextlib.nullcontext():
        st = ordinal.ordinal_statistics(data, sem_spec.observed, scale=scale)
    with _small_blas():
        eng = _engine(sem_spec, sm, st.correlations.to_numpy(), n=st.n)
        result, theta, dm = _second_stage(eng, st, spec, level)
    if n_boot:
        _bootstrap(result, dm, st, theta, n_boot=n_boot, seed=seed, n_jobs=n_jobs, progress=progress, level=level)
    return result


def _second_stage(eng, st, spec, level):
    """The DWLS fit to the ordinal statistics, its robust SEs, tests and parameter table."""
    n = st.n
    r = st.correlations.to_numpy()
    dm = _Delta(eng, st, spec)
    s = st.vector
    gamma = st.gamma
    w = 1.0 / np.diag(gamma)
    n_obs = len(s)
    df = n_obs - dm.k
    if df < 0:
        raise SurveyError(
            f"the model is not identified: it has {dm.k} free parameters but the data give only {n_obs} thresholds "
            f"and polychoric correlations to fit (degrees of freedom = {df}); fix more parameters or add items"
        )
    # starting values: the engine's data-based values on the correlation matrix, sample thresholds
    x0 = eng.starting_values(eng.sample_cov)
    theta0 = np.concatenate([np.zeros(dm.n_th_free), x0[dm.keep]])
    free = dm.th_free >= 0
    theta0[dm.th_free[free]] = dm.th_values[free]
    theta, f, ok, msg = _dwls(dm, s, w, theta0)
    if not ok:
        warnings.warn(f"the optimizer did not converge ({msg}); the estimates may not be the DWLS solution",
                      RuntimeWarning, stacklevel=3)
    dm.solution = (theta, s, w, n)
    eng.wls = dm  # modification indices ask it for the DWLS score test (sxm.sem._modindices)
    sig, x, sigma, parts = dm.implied(theta)
    delta = dm.jacobian(theta, x, parts)
    e_inv, sandwich, tr_ug, tr_ug2 = _sandwich(delta, w, gamma)
    vcov = sandwich / (n - 1)  # lavaan divides by N - 1 (one group) for every estimator but ML
    # tests
    chi2 = (n - 1) * f
    chi2_scaled, scaling, shift = _scaled_shifted(chi2, df, tr_ug, tr_ug2) if df > 0 else (chi2, np.nan, np.nan)
    n_th = len(dm.th_free)
    corr_part = slice(n_th, None)
    w_c, gamma_c = w[corr_part], gamma[corr_part, corr_part]
    # the baseline (thresholds only): U Gamma = diag(0, W_c) Gamma, traces in closed form
    chi2_b = (n - 1) * float((s[corr_part] ** 2 * w_c).sum())
    df_b = len(s) - n_th
    g_c = gamma_c * w_c[:, None]
    chi2_b_scaled, scaling_b, shift_b = _scaled_shifted(chi2_b, df_b, float(np.trace(g_c)), float(np.sum(g_c * g_c.T)))
    srmr = _srmr(eng.sample_cov, sigma)
    # lavaan's RMSEAs of a WLS fit use N - 1 (lav_utils_get_ntotal)
    fi = _indices(chi2, df, chi2_b, df_b, n - 1, np.nan, np.nan, dm.k, srmr)
    fi = fi.drop(["loglik", "loglik_saturated", "aic", "bic"], errors="ignore")
    fi["n"] = n
    lo, hi = _rmsea_ci(chi2_scaled, df, n - 1)
    extra = {
        "chi2_scaled": chi2_scaled, "df_scaled": float(df),
        "pvalue_scaled": stats.chi2.sf(chi2_scaled, df) if df > 0 else np.nan,
        "scaling_factor": scaling, "shift": shift,
        "baseline_chi2_scaled": chi2_b_scaled, "baseline_scaling_factor": scaling_b, "baseline_shift": shift_b,
        "cfi_scaled": _cfi(chi2_scaled, df, chi2_b_scaled, df_b),
        "tli_scaled": _tli(chi2_scaled, df, chi2_b_scaled, df_b),
        "rmsea_scaled": _rmsea(chi2_scaled, df, n - 1), "rmsea_ci_low_scaled": lo, "rmsea_ci_high_scaled": hi,
    }
    # lavaan's robust indices come from a catML refit without the thresholds, which fails (NA)
    # when thresholds are constrained equal; so they are NaN here too
    shared = len(set(dm.th_labels.values())) < len(dm.th_labels)
    cat = _catml(r, sigma[np.ix_(dm.at, dm.at)], n, st.pairs, delta[corr_part][:, dm.n_th_free:], w_c,
                 e_inv[dm.n_th_free:, dm.n_th_free:], gamma_c) if df > 0 and not shared else None
    if cat is not None:
        xx3, ks, xx3_b, kbs = cat
        df3, df3_b = df_b - (dm.k - dm.n_th_free), df_b
        c3, c3_b = ks / df3, kbs / df3_b
        lo, hi = _rmsea_ci(xx3 / c3, df3, n - 1, c_hat=c3)
        extra.update({"cfi_robust": _cfi(xx3, df, xx3_b, df_b, c3, c3_b),
                      "tli_robust": _tli(xx3, df, xx3_b, df_b, c3, c3_b), "rmsea_robust": _rmsea(xx3, df3, n - 1, c3),
                      "rmsea_ci_low_robust": lo, "rmsea_ci_high_robust": hi})
    else:
        extra.update(dict.fromkeys(("cfi_robust", "tli_robust", "rmsea_robust", "rmsea_ci_low_robust",
                                    "rmsea_ci_high_robust"), np.nan))
    fi = pd.concat([fi, pd.Series(extra, dtype=float)])
    # the parameter table: the engine's rows (the items' residual variances fixed: se 0), := rows
    vcov_e = np.zeros((eng.k, eng.k))
    vcov_e[np.ix_(dm.keep, dm.keep)] = vcov[dm.n_th_free:, dm.n_th_free:]
    result = _result(eng, x, vcov_e, fi, n, missing="listwise", converged=ok, estimator="WLSMV", level=level)
    result.n_dropped = st.n_dropped
    if st.n_dropped:
        result.fit_indices["n_dropped"] = st.n_dropped
    # then the thresholds, after the regressions (lavaan's order)
    zc = stats.norm.ppf(0.5 + level / 2)
    th_se = np.sqrt(np.maximum(np.diag(vcov)[:dm.n_th_free], 0.0))
    tau = dm.thresholds(theta)
    se = np.where(dm.th_free >= 0, th_se[np.maximum(dm.th_free, 0)], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, tau / np.where(se > 0, se, 1.0), np.nan)
    th_table = pd.DataFrame({
        "lhs": [v for v, _ in dm.th_names], "op": "|", "rhs": [t for _, t in dm.th_names],
        "label": [dm.th_labels.get(pos, "") for pos in range(len(tau))], "est": tau, "se": se, "z": z,
        "pvalue": 2 * stats.norm.sf(np.abs(z)), "ci_low": tau - zc * se, "ci_high": tau + zc * se,
        "std_all": tau,  # the latent responses have variance 1 (delta parameterization)
    })
    est = result.estimates
    cut = int(est["op"].isin(["=~", "~"]).sum())
    result.estimates = pd.concat([est.iloc[:cut], th_table, est.iloc[cut:]], ignore_index=True)
    return result, theta, dm


def _bootstrap(result, dm, st, theta_hat, *, n_boot, seed, n_jobs, progress, level):
    """Percentile intervals and bootstrap SEs: resample respondents, redo both stages.

    Each resample re-estimates the thresholds, the polychoric correlations and the DWLS
    weights (the diagonal of Gamma, from the contingency tables) and refits from the
    estimates; a resample with an empty answer category fails (lavaan's error) and is left
    out, with a warning.
    """
    from ..resample import bootstrap

    k_th = dm.n_th_free

    def statistic(codes):
        sb = st.recompute(codes, acov="diagonal")
        th, _, ok, _ = _dwls(dm, sb.vector, 1.0 / sb.gamma_diagonal, theta_hat, max_iter=100, tol=1e-10)
        if not ok:
            raise RuntimeError("no convergence")
        return np.concatenate([th[:k_th], dm.engine_x(th)])

    with _small_blas():  # forked workers inherit the setting
        draws = bootstrap(statistic, st.codes, n_boot=n_boot, seed=seed, n_jobs=n_jobs, desc="WLSMV bootstrap",
                          progress=progress)
    result.boot_draws = draws[:, k_th:]  # the engine's parameters (effects(), := rows)
    # the column of draws behind each row: free thresholds first, then the engine's parameters
    # (the items' residual variances are not parameters: they keep se 0)
    free = {(e["lhs"], e["op"], e["rhs"]): e["free"] for e in dm.eng.rows}
    kept = set(dm.keep)
    th_col = {name: dm.th_free[pos] for pos, name in enumerate(dm.th_names)}
    est = result.estimates
    col = np.array([th_col[(lhs, rhs)] if op == "|" else
                    (k_th + free[(lhs, op, rhs)] if free.get((lhs, op, rhs), -1) in kept else -1)
                    for lhs, op, rhs in zip(est["lhs"], est["op"], est["rhs"])])
    _boot_table(result, draws, col, result.boot_draws)
