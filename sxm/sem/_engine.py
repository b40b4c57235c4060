"""The estimation engine: model matrices from semopy, ML by Fisher scoring, FIML."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize

from ..io import SurveyError
from ._fiml import Terms


class _Engine:
    """Free parameters, model-implied moments and their derivatives for one model.

    Built from a semopy model (whose matrices ``Beta, Lambda, Psi, Theta`` it reads once)
    and the :class:`~sxm.sem._syntax.Spec` it was rendered from; every name it exposes is
    the user's. Its parameter vector ``x`` holds the free parameters in ``free_names``
    order; :meth:`implied` gives Sigma(x), :meth:`dsigma` the stack dSigma/dx_a and
    :meth:`sigma_second` the contraction of the second derivatives with a matrix.
    """

    def __init__(self, model, spec):
        self.model = model
        self.spec = spec
        user = spec.to_user
        self.observed = [user[v] for v in model.vars["observed"]]
        self.inner = [user[v] for v in model.vars["inner"]]
        self.latent = [v for v in self.inner if v in set(spec.latent)]
        self.order = list(spec.order)
        self.p, self.m = len(self.observed), len(self.inner)
        mats = model.matrices[:4]  # beta, lambda, psi, theta (semopy's fixed order)
        self.base = [np.array(mx, dtype=float) for mx in mats]
        names = list(model.parameters)
        params = list(model.parameters.values())
        free = [nm for nm, p in zip(names, params) if p.active]
        self.free_names = free
        self.k = len(free)
        idx = {nm: i for i, nm in enumerate(free)}
        self.pos = [[[], [], []] for _ in range(4)]  # per matrix: rows, cols, free index
        self.rows = []  # one entry per matrix location of a parameter
        place = {v: i for i, v in enumerate(self.order)}
        obs_exo = set(self.observed) & {user[v] for v in model.vars["exogenous"]}
        self.fixed_x = []  # (matrix, i, j, data column a, data column b)
        mnames = [([user[a] for a in r], [user[b] for b in c]) for r, c in model.names[:4]]
        for nm, prm in zip(names, params):
            for loc in prm.locations:
                k = next(i for i, mx in enumerate(mats) if mx is loc.matrix)
                i, j = loc.indices
                row_name, col_name = mnames[k][0][i], mnames[k][1][j]
                if k == 0 or k == 1:
                    if (col_name, row_name) in spec.measure and (row_name, col_name) not in spec.regress:
                        lhs, op, rhs = col_name, "=~", row_name
                    else:
                        lhs, op, rhs = row_name, "~", col_name
                else:
                    lhs, op, rhs = row_name, "~~", col_name
                    if (lhs, rhs) not in spec.stated and place.get(lhs, 0) > place.get(rhs, 0):
                        lhs, rhs = rhs, lhs  # automatic covariances in the order of the description
                entry = dict(lhs=lhs, op=op, rhs=rhs, label=spec.label_of(lhs, op, rhs), matrix=k, i=i, j=j,
                             free=idx.get(nm, -1), value=float(loc.matrix[i, j]))
                if prm.active:
                    self.pos[k][0].append(i)
                    self.pos[k][1].append(j)
                    self.pos[k][2].append(idx[nm])
                    if loc.symmetric:
                        self.pos[k][0].append(j)
                        self.pos[k][1].append(i)
                        self.pos[k][2].append(idx[nm])
                elif k == 2 and lhs in obs_exo and rhs in obs_exo and frozenset((lhs, rhs)) not in spec.fixed_var:
                    self.fixed_x.append((i, j, self.observed.index(lhs), self.observed.index(rhs)))
                self.rows.append(entry)
        self.pos = [tuple(np.array(a, dtype=int) for a in t) for t in self.pos]
        # derivative indicator stacks (k, rows, cols)
        self.dmats = []
        for mx_k, (r, c, f) in enumerate(self.pos):
            d = np.zeros((self.k, *self.base[mx_k].shape))
            np.add.at(d, (f, r, c), 1.0)
            self.dmats.append(d)
        self.start = np.array([model.parameters[nm].start for nm in free], dtype=float)
        self.eye_m = np.eye(self.m)
        self.sample_cov = None

    def starting_values(self, s):
        """Data-based starting values in the spirit of lavaan's (semopy's are rougher).

        For a factor with marker item m, a loading is s_jk / s_mk averaged over the other
        indicators k (an instrumental-variable estimate, as FABIN), the factor variance the
        mean of s_mj / lambda_j, a residual variance s_jj - lambda_j^2 psi (kept between 5%
        and 95% of s_jj); paths and covariances start at zero (semopy's values are kept for
        anything else, e.g. second-order factors).
        """
        x = self.start.copy()
        obs = {v: i for i, v in enumerate(self.observed)}
        loads: dict[str, dict[str, tuple[int, float]]] = {}
        for e in self.rows:
            if e["op"] == "=~" and e["rhs"] in obs:
                loads.setdefault(e["lhs"], {})[e["rhs"]] = (e["free"], e["value"])
        lam_of, psi_of = {}, {}
        for f, items in loads.items():
            fixed = [v for v, (fr, val) in items.items() if fr < 0 and val != 0]
            if not fixed:
                continue
            m = fixed[0]
            scale = items[m][1]
            lam = {m: scale}
            names = list(items)
            for j in names:
                if j == m:
                    continue
                ratios = [s[obs[j], obs[k]] / s[obs[m], obs[k]] * scale for k in names
                          if k not in (j, m) and abs(s[obs[m], obs[k]]) > 1e-12]
                lam[j] = float(np.clip(np.median(ratios), -10, 10)) if ratios else scale
            psis = [s[obs[m], obs[j]] / (lam[j] * scale) for j in names if j != m and abs(lam[j]) > 1e-8]
            psi = float(np.mean(psis)) if psis else 0.5 * s[obs[m], obs[m]]
            psi = max(psi, 0.05 * s[obs[m], obs[m]] / scale**2)
            lam_of.update({(f, j): v for j, v in lam.items()})
            psi_of[f] = psi
        for e in self.rows:
            if e["free"] < 0:
                continue
            if e["op"] == "=~" and (e["lhs"], e["rhs"]) in lam_of:
                x[e["free"]] = lam_of[(e["lhs"], e["rhs"])]
            elif e["op"] == "~~" and e["lhs"] == e["rhs"] and e["lhs"] in psi_of:
                x[e["free"]] = psi_of[e["lhs"]]
            elif e["op"] == "~~" and e["lhs"] == e["rhs"] and e["lhs"] in obs and e["matrix"] == 3:
                j = e["lhs"]
                common = [lam_of[(f, j)] ** 2 * psi_of[f] for f in psi_of if (f, j) in lam_of]
                sjj = s[obs[j], obs[j]]
                x[e["free"]] = float(np.clip(sjj - sum(common), 0.05 * sjj, 0.95 * sjj))
            elif e["op"] == "~~" and e["lhs"] != e["rhs"]:
                x[e["free"]] = 0.0
        return x

    # -- moments -------------------------------------------------------------------------
    def set_fixed_x(self, cov):
        """Exogenous observed variables are fixed at their sample (co)variances (fixed.x)."""
        for i, j, a, b in self.fixed_x:
            self.base[2][i, j] = self.base[2][j, i] = cov[a, b]

    def matrices(self, x):
        out = []
        for base, (r, c, f) in zip(self.base, self.pos):
            mx = base.copy()
            if len(f):
                mx[r, c] = x[f]
            out.append(mx)
        return out

    def implied(self, x):
        """Sigma and the pieces needed for derivatives and standardization."""
        beta, lam, psi, theta = self.matrices(x)
        c = np.linalg.inv(self.eye_m - beta)
        mm = lam @ c
        sigma = mm @ psi @ mm.T + theta
        return sigma, (beta, lam, psi, theta, c, mm)

    def dsigma(self, parts):
        """Derivatives of Sigma with respect to each free parameter, shape (k, p, p)."""
        beta, lam, psi, theta, c, mm = parts
        a = c @ psi @ mm.T  # m x p
        d = (mm @ self.dmats[0] + self.dmats[1]) @ a
        d = d + d.transpose(0, 2, 1)
        d += mm @ self.dmats[2] @ mm.T
        d += self.dmats[3]
        return d

    def dsigma_cells(self, parts, cells):
        """dSigma for unit changes of arbitrary matrix cells [(matrix, i, j), ...] (c, p, p).

        Symmetric matrices (Psi, Theta) change in both (i, j) and (j, i): a covariance.
        """
        beta, lam, psi, theta, c, mm = parts
        out = np.zeros((len(cells), self.p, self.p))
        a = c @ psi @ mm.T
        for n, (k, i, j) in enumerate(cells):  # loop over candidate parameters
            d = np.zeros(self.base[k].shape)
            d[i, j] = 1.0
            if k >= 2:
                d[j, i] = 1.0
            if k == 0:
                g = mm @ d @ a
                out[n] = g + g.T
            elif k == 1:
                g = d @ a
                out[n] = g + g.T
            elif k == 2:
                out[n] = mm @ d @ mm.T
            else:
                out[n] = d
        return out

    # -- ML for complete data ----------------------------------------------------------
    def discrepancy(self, x, s, logdet_s):
        try:
            sigma, parts = self.implied(x)
            chol = np.linalg.cholesky(sigma)
        except np.linalg.LinAlgError:
            return np.inf, None
        inv = np.linalg.inv(sigma)
        logdet = 2 * np.log(np.diag(chol)).sum()
        f = logdet + np.einsum("ij,ji->", s, inv) - logdet_s - self.p
        return f, (sigma, inv, parts)

    def fit_ml(self, s, x0, *, max_iter=500, tol=1e-15, warm=False):
        """Minimize F_ML(S, Sigma(x)) by Fisher scoring, with a quasi-Newton fallback.

        Returns (x, F, converged, message). Fisher scoring with step halving is invariant
        to the scale of the items, so items scored 0-100 reach the same optimum as items
        scored 1-7. When scoring does not converge from rough starting values, L-BFGS on
        parameters rescaled by the curvature at the start brings the fit into the basin of
        the optimum and scoring finishes. ``warm=True`` (bootstrap resamples, x0 near the
        optimum) never falls back.
        """
        logdet_s = np.linalg.slogdet(s)[1]
        x = np.array(x0, dtype=float)
        f, aux = self.discrepancy(x, s, logdet_s)
        if not warm:  # better data-based starting values, when they are better
            x2 = self.starting_values(s)
            f2, aux2 = self.discrepancy(x2, s, logdet_s)
            if np.isfinite(f2) and (f2 < f or not np.isfinite(f)):
                x, f, aux = x2, f2, aux2
        if not np.isfinite(f):
            x, f, aux = self._rescue(s, logdet_s, x)
        x_start, f_start, aux_start = x, f, aux
        x, f, ok, msg = self._scoring(s, logdet_s, x, f, aux, max_iter=max_iter if warm else 100, tol=tol)
        if ok or warm:
            return x, f, ok, msg
        # scoring wandered from rough starting values: quasi-Newton into the basin, then scoring
        x, f, aux = self._quasi_newton(s, logdet_s, x_start, aux_start)
        return self._scoring(s, logdet_s, x, f, aux, max_iter=max_iter, tol=tol)

    def _scoring(self, s, logdet_s, x, f, aux, *, max_iter, tol):
        for _ in range(max_iter):
            sigma, inv, parts = aux
            d = self.dsigma(parts)
            w = inv - inv @ s @ inv
            g = np.einsum("ij,kji->k", w, d)
            step, decrement = _newton_step(_trace_products(inv @ d), g)
            if abs(decrement) < tol:
                return x, f, True, "converged"
            alpha = 1.0
            for _ in range(40):
                xn = x - alpha * step
                fn, auxn = self.discrepancy(xn, s, logdet_s)
                if fn <= f + 1e-4 * alpha * min(-decrement, 0.0) or (np.isfinite(fn) and fn <= f):
                    break
                if abs(decrement) < 1e-9 * max(1.0, abs(f)):  # at the optimum to rounding error
                    return x, f, True, "converged"
                alpha /= 2
            else:  # at the optimum to rounding error, or lost
                ok = abs(decrement) < 1e-9 * max(1.0, abs(f))
                return x, f, ok, "converged" if ok else "the line search could not decrease the discrepancy"
            if f - fn < 1e-14 * max(1.0, abs(f)) and alpha < 1e-6:
                return xn, fn, abs(decrement) < 1e-6, "stalled"
            x, f, aux = xn, fn, auxn
        return x, f, False, f"no convergence after {max_iter} iterations"

    def _gradient(self, s, aux):
        sigma, inv, parts = aux
        w = inv - inv @ s @ inv
        return np.einsum("ij,kji->k", w, self.dsigma(parts))

    def _quasi_newton(self, s, logdet_s, x, aux):
        sigma, inv, parts = aux
        scale = np.sqrt(np.maximum(np.diag(_trace_products(inv @ self.dsigma(parts))), 1e-12))

        def fun(u):
            f, a = self.discrepancy(u / scale, s, logdet_s)
            if not np.isfinite(f):
                return 1e10, np.zeros_like(u)
            return f, self._gradient(s, a) / scale

        res = optimize.minimize(fun, x * scale, jac=True, method="L-BFGS-B",
                                options={"maxiter": 3000, "ftol": 1e-10, "gtol": 1e-6})
        xn = res.x / scale
        fn, auxn = self.discrepancy(xn, s, logdet_s)
        if np.isfinite(fn) and fn <= self.discrepancy(x, s, logdet_s)[0]:
            return xn, fn, auxn
        return x, self.discrepancy(x, s, logdet_s)[0], aux

    def _rescue(self, s, logdet_s, x0):
        """Starting values gave a non-positive-definite Sigma: find a feasible point."""
        def fun(x):
            f, aux = self.discrepancy(x, s, logdet_s)
            return f if np.isfinite(f) else 1e20

        res = optimize.minimize(fun, x0, method="Nelder-Mead", options={"maxiter": 20000, "fatol": 1e-8})
        f, aux = self.discrepancy(res.x, s, logdet_s)
        if not np.isfinite(f):
            raise SurveyError(
                "the model could not be fitted: no parameter values give a positive-definite implied "
                "covariance matrix from the starting values (is the model identified?)"
            )
        return res.x, f, aux

    def expected_information(self, x):
        """Unit expected information 0.5 tr(S^-1 dS_a S^-1 dS_b) (per respondent)."""
        sigma, parts = self.implied(x)
        inv = np.linalg.inv(sigma)
        return 0.5 * _trace_products(inv @ self.dsigma(parts))

    def sigma_second(self, parts, w):
        """The k x k matrix tr(W d2Sigma/dx_a dx_b) for a symmetric p x p matrix W.

        With M = Lambda C, C = (I - B)^-1 and E_a = dM/dx_a = (dLambda_a + M dB_a) C, the
        second derivatives of Sigma = M Psi M' + Theta are bilinear in the E's, dB's and
        dPsi's, which gives
        2 [tr(E_b' W E_a Psi) + tr(dB_b Q E_a) + tr(dB_a Q E_b) + tr(dPsi_b R E_a) + tr(dPsi_a R E_b)]
        with Q = C Psi M' W and R = M' W (Theta enters linearly).
        """
        beta, lam, psi, theta, c, mm = parts
        db, dl, dp = self.dmats[0], self.dmats[1], self.dmats[2]
        k = self.k
        e = (dl + mm @ db) @ c
        flat = e.reshape(k, -1)
        t1 = flat @ (w @ e @ psi).reshape(k, -1).T
        qe = (c @ psi @ mm.T @ w) @ e
        t2 = db.reshape(k, -1) @ qe.transpose(0, 2, 1).reshape(k, -1).T
        re = (mm.T @ w) @ e
        t3 = dp.reshape(k, -1) @ re.transpose(0, 2, 1).reshape(k, -1).T
        out = 2 * (t1 + t2 + t2.T + t3 + t3.T)
        return (out + out.T) / 2

    def observed_information(self, x, s):
        """Unit observed information (Hessian of F_ML / 2) at x for a complete-data covariance s."""
        sigma, parts = self.implied(x)
        inv = np.linalg.inv(sigma)
        d = self.dsigma(parts)
        a = inv @ d  # V dS_a
        e = _trace_products(a)
        b = inv @ s @ a  # V S V dS_a
        e2 = a.reshape(self.k, -1) @ b.transpose(0, 2, 1).reshape(self.k, -1).T
        second = self.sigma_second(parts, inv - inv @ s @ inv)
        h = 0.5 * (second - e + e2 + e2.T)
        return (h + h.T) / 2

    # -- FIML -----------------------------------------------------------------------------
    def fiml_terms(self, z, pats):
        """:class:`~sxm.sem._fiml.Terms` at z = (x, mu) and the model parts (None when not p.d.)."""
        try:
            sigma, parts = self.implied(z[: self.k])
        except np.linalg.LinAlgError:
            return None, None
        terms = Terms(sigma, z[self.k:], pats)
        return (terms if terms.ok else None), parts

    def fiml_hessian(self, z, pats):
        """Hessian of -2 log L over (x, mu) (the observed information times 2N)."""
        terms, parts = self.fiml_terms(z, pats)
        return terms.hessian(self.dsigma(parts), self.sigma_second(parts, terms.w()))

    def fit_fiml(self, pats, z0, *, max_iter=200, tol=1e-14, info=None):
        """Minimize the FIML -2 log-likelihood over z = (x, mu) from z0 by Fisher scoring.

        The expected information of the patterns (see :mod:`sxm.sem._fiml`) gives the
        steps, halved until -2 log L decreases; it is computed once and kept while full steps
        succeed (``info``: one to start with, e.g. the full sample's for a bootstrap
        resample). Returns ``(z, f, converged, message)``.
        """
        z = np.array(z0, dtype=float)
        terms, parts = self.fiml_terms(z, pats)
        if terms is None:
            raise SurveyError("missing='fiml': the starting values give a non-positive-definite implied "
                              "covariance matrix (is the model identified?)")
        n = pats.n
        for _ in range(max_iter):
            d = self.dsigma(parts)
            g = terms.gradient(d)
            if info is None:  # kept while full steps succeed: it changes little near the optimum
                info = terms.expected(d)
            step, decrement = _newton_step(info, g)
            if abs(decrement) < tol * n:
                return z, terms.f, True, "converged"
            alpha, trial, tparts = self._fiml_search(z, step, terms, pats, 1e-10, decrement)
            if trial is None:  # at the optimum to rounding error, or lost
                ok = abs(decrement) < 1e-9 * max(1.0, abs(terms.f))
                return z, terms.f, ok, "converged" if ok else "the line search could not decrease -2 log L"
            if alpha < 1.0:
                info = None
            z, terms, parts = z - alpha * step, trial, tparts
        return z, terms.f, False, f"no convergence after {max_iter} iterations"

    def _fiml_search(self, z, step, terms, pats, smallest, decrement):
        """Halve the step until -2 log L does not increase: ``(alpha, terms, parts)``.

        ``terms`` is None when no step down the line decreases -2 log L -- at once when the
        predicted decrease is already at the rounding floor of -2 log L.
        """
        alpha = 1.0
        floor = abs(decrement) < 1e-9 * max(1.0, abs(terms.f))
        while alpha > smallest:
            trial, tparts = self.fiml_terms(z - alpha * step, pats)
            if trial is not None and trial.f <= terms.f + 1e-12 * abs(terms.f):
                return alpha, trial, tparts
            if floor:
                break
            alpha /= 2
        return alpha, None, None

    def refit_fiml(self, pats, z0, hinv, *, tol=1e-9, max_iter=60):
        """FIML on a resample from a nearby start, by BFGS from the inverse Hessian ``hinv``.

        For bootstrap resamples: ``z0`` is the one-step approximation of the resample's
        estimate and ``hinv`` the inverse Hessian (of -2 log L) of the full sample, which the
        BFGS updates adapt to the resample with one gradient per iteration (no information
        matrix). Falls back to :meth:`fit_fiml` when a step fails. Returns ``(z, f,
        converged, message)``.
        """
        z = np.array(z0, dtype=float)
        terms, parts = self.fiml_terms(z, pats)
        if terms is None:
            return self.fit_fiml(pats, z0, tol=tol)
        g = terms.gradient(self.dsigma(parts))
        b = np.array(hinv, dtype=float)
        for _ in range(max_iter):
            step = b @ g
            decrement = float(g @ step)
            if not decrement >= 0:
                break
            if decrement < tol * pats.n:
                return z, terms.f, True, "converged"
            alpha, trial, tparts = self._fiml_search(z, step, terms, pats, 1e-6, decrement)
            if trial is None:
                break
            z_new = z - alpha * step
            g_new = trial.gradient(self.dsigma(tparts))
            s_, y_ = z_new - z, g_new - g
            sy = float(s_ @ y_)
            if sy > 1e-12 * np.sqrt(float(s_ @ s_) * float(y_ @ y_)):  # the BFGS update of the inverse Hessian
                by = b @ y_
                b = b + ((sy + y_ @ by) / sy**2) * np.outer(s_, s_) - (np.outer(by, s_) + np.outer(s_, by)) / sy
            z, g, terms = z_new, g_new, trial
        return self.fit_fiml(pats, z, tol=tol)


def _moments(eng, x):
    """Implied Sigma, model SDs and residual variances of every variable, and R-squared."""
    sigma, parts = eng.implied(x)
    beta, lam, psi, theta, c, mm = parts
    total_inner = c @ psi @ c.T
    var = dict(zip(eng.inner, np.diag(total_inner)))
    resid = dict(zip(eng.inner, np.diag(psi)))
    for i, v in enumerate(eng.observed):
        if v not in var:
            var[v] = sigma[i, i]
            resid[v] = theta[i, i]
    with np.errstate(invalid="ignore"):
        sd = {k: float(np.sqrt(v)) if v > 0 else np.nan for k, v in var.items()}
    endo = [v for v in eng.inner if beta[eng.inner.index(v)].any()] + [v for v in eng.observed if v not in eng.inner]
    with np.errstate(invalid="ignore", divide="ignore"):
        r2 = pd.Series({v: 1 - resid[v] / var[v] for v in endo}, dtype=float, name="r2")
    place = {v: i for i, v in enumerate(eng.order)}
    observed = sorted((v for v in r2.index if v in eng.observed and v not in eng.inner), key=lambda v: place.get(v, 0))
    inner = sorted((v for v in r2.index if v in eng.inner), key=lambda v: place.get(v, 0))
    return sigma, sd, resid, r2[observed + inner]


def _newton_step(h, g):
    """Scoring step h^-1 g (least squares when h is singular) and the decrement g' h^-1 g."""
    try:
        step = np.linalg.solve(h, g)
    except np.linalg.LinAlgError:
        step = np.linalg.lstsq(h, g, rcond=None)[0]
    return step, float(g @ step)


def _trace_products(a):
    """Matrix of tr(A_i A_j) for a stack of square matrices A (k, p, p)."""
    k = a.shape[0]
    return a.reshape(k, -1) @ a.transpose(0, 2, 1).reshape(k, -1).T


def _num_jacobian(fun, x, eps=None):
    """Central-difference Jacobian of a vector function (columns = coordinates of x)."""
    x = np.asarray(x, dtype=float)
    f0 = np.asarray(fun(x), dtype=float)
    jac = np.empty((f0.size, x.size))
    for i in range(x.size):  # loop over parameters, not respondents
        h = (eps or 1e-6) * max(1.0, abs(x[i]))
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        jac[:, i] = (np.asarray(fun(xp), dtype=float) - np.asarray(fun(xm), dtype=float)).ravel() / (2 * h)
    return jac
