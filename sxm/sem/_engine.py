"""The estimation engine: model matrices from semopy, ML by Fisher scoring, FIML."""
from __future__ import annotations

import numpy as np
from scipy import optimize

from ..io import SurveyError
from ._syntax import _is_number


class _Engine:
    """Free parameters, model-implied moments and their derivatives for one semopy model."""

    def __init__(self, model, lines, latent):
        import semopy  # noqa: F401  (imported for its side effect of being available)

        self.model = model
        self.observed = list(model.vars["observed"])
        self.inner = list(model.vars["inner"])
        self.latent = [v for v in self.inner if v in set(latent)]
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
        regress = {(l, v) for l, op, t in lines if op == "~" for _, v in t}
        measure = {(l, v) for l, op, t in lines if op == "=~" for _, v in t}
        user_fixed = {frozenset((l, v)) for l, op, t in lines if op == "~~" for m, v in t if m and _is_number(m)}
        stated = {(l, v) for l, op, t in lines if op == "~~" for _, v in t}
        place = {}
        for l, _, t in lines:
            for v in (l, *(v for _, v in t)):
                place.setdefault(v, len(place))
        obs_exo = set(self.observed) & set(model.vars["exogenous"])
        self.fixed_x = []  # (matrix, i, j, data column a, data column b)
        mnames = model.names[:4]
        for nm, prm in zip(names, params):
            for loc in prm.locations:
                k = next(i for i, mx in enumerate(mats) if mx is loc.matrix)
                i, j = loc.indices
                row_name, col_name = mnames[k][0][i], mnames[k][1][j]
                if k == 0 or k == 1:
                    if (col_name, row_name) in measure and (row_name, col_name) not in regress:
                        lhs, op, rhs = col_name, "=~", row_name
                    else:
                        lhs, op, rhs = row_name, "~", col_name
                else:
                    lhs, op, rhs = row_name, "~~", col_name
                    if (lhs, rhs) not in stated and place.get(lhs, 0) > place.get(rhs, 0):
                        lhs, rhs = rhs, lhs  # automatic covariances in the order of the description
                label = "" if nm.startswith("_") else nm
                entry = dict(lhs=lhs, op=op, rhs=rhs, label=label, matrix=k, i=i, j=j,
                             free=idx.get(nm, -1), value=float(loc.matrix[i, j]))
                if prm.active:
                    self.pos[k][0].append(i)
                    self.pos[k][1].append(j)
                    self.pos[k][2].append(idx[nm])
                    if loc.symmetric:
                        self.pos[k][0].append(j)
                        self.pos[k][1].append(i)
                        self.pos[k][2].append(idx[nm])
                elif k == 2 and lhs in obs_exo and rhs in obs_exo and frozenset((lhs, rhs)) not in user_fixed:
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

    def fit_ml(self, s, x0, *, max_iter=500, tol=1e-10, warm=False):
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
                alpha /= 2
            else:
                return x, f, False, "the line search could not decrease the discrepancy"
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

    # -- FIML -----------------------------------------------------------------------------
    def fiml_patterns(self, data):
        """Group respondents by missing-data pattern (no loop over respondents)."""
        obs = ~np.isnan(data)
        keys, inverse = np.unique(obs, axis=0, return_inverse=True)
        pats = []
        for g, key in enumerate(keys):
            rows = data[inverse.ravel() == g][:, key]
            pats.append((np.flatnonzero(key), rows))
        return pats

    def fiml_m2ll(self, z, pats, want_grad=True):
        """-2 log-likelihood (without the 2*pi constant) and its gradient; z = (x, mu)."""
        x, mu = z[: self.k], z[self.k:]
        try:
            sigma, parts = self.implied(x)
        except np.linalg.LinAlgError:
            return np.inf, None
        total = 0.0
        w_full = np.zeros((self.p, self.p))
        g_mu = np.zeros(self.p)
        for idx, rows in pats:
            sub = sigma[np.ix_(idx, idx)]
            try:
                chol = np.linalg.cholesky(sub)
            except np.linalg.LinAlgError:
                return np.inf, None
            inv = np.linalg.inv(sub)
            dev = rows - mu[idx]
            n = len(rows)
            sp = dev.T @ dev / n
            total += n * (2 * np.log(np.diag(chol)).sum() + np.einsum("ij,ji->", sp, inv))
            if want_grad:
                w_full[np.ix_(idx, idx)] += n * (inv - inv @ sp @ inv)
                g_mu[idx] += -2 * inv @ dev.sum(axis=0)
        if not want_grad:
            return total, None
        g_x = np.einsum("ij,kji->k", w_full, self.dsigma(parts))
        return total, np.concatenate([g_x, g_mu])

    def fit_fiml(self, pats, z0, n, *, polish=True):
        """Minimize the FIML -2 log-likelihood over z = (x, mu) from z0.

        L-BFGS with the analytic gradient, then (``polish``) Newton steps on the numerical
        Hessian. With a single missing-data pattern (complete data) the optimum is the ML
        fit to the covariance matrix with the sample means, and z0 should already be it.
        """
        if len(pats) == 1 and len(pats[0][0]) == self.p:
            f, g = self.fiml_m2ll(z0, pats)
            return z0, f, bool(np.max(np.abs(g)) / n < 1e-4), "complete data: ML solution"

        def fun(z):
            f, g = self.fiml_m2ll(z, pats)
            if not np.isfinite(f):
                return 1e20, np.zeros_like(z)
            return f / n, g / n

        res = optimize.minimize(fun, z0, jac=True, method="L-BFGS-B",
                                options={"maxiter": 20000, "ftol": 1e-15, "gtol": 1e-9, "maxcor": 30})
        z = res.x
        # polish with Newton steps on the numerical Hessian of the analytic gradient
        g = self.fiml_m2ll(z, pats)[1]
        if not polish and np.max(np.abs(g)) / n < 1e-4:
            return z, self.fiml_m2ll(z, pats)[0], True, str(res.message)
        for _ in range(20):
            f, g = self.fiml_m2ll(z, pats)
            h = _num_jacobian(lambda t: self.fiml_m2ll(t, pats)[1], z)
            h = (h + h.T) / 2
            try:
                step = np.linalg.solve(h, g)
            except np.linalg.LinAlgError:
                break
            if abs(g @ step) / n < 1e-12:
                break
            alpha, fz = 1.0, f
            while alpha > 1e-8:
                fn, _ = self.fiml_m2ll(z - alpha * step, pats, want_grad=False)
                if fn <= fz:
                    z = z - alpha * step
                    break
                alpha /= 2
            else:
                break
        f, g = self.fiml_m2ll(z, pats)
        converged = bool(np.max(np.abs(g)) / n < 1e-4)
        return z, f, converged, str(res.message)


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


def _em_saturated(data, pats, tol=1e-10, max_iter=5000):
    """ML means and covariance of incomplete multivariate-normal data (EM algorithm)."""
    p = data.shape[1]
    mu = np.nanmean(data, axis=0)
    sigma = np.diag(np.nanvar(data, axis=0))
    n = len(data)
    for _ in range(max_iter):
        t1 = np.zeros(p)
        t2 = np.zeros((p, p))
        for idx, rows in pats:
            mis = np.setdiff1d(np.arange(p), idx)
            full = np.empty((len(rows), p))
            full[:, idx] = rows
            extra = np.zeros((p, p))
            if len(mis):
                soo = sigma[np.ix_(idx, idx)]
                smo = sigma[np.ix_(mis, idx)]
                coef = np.linalg.solve(soo, smo.T).T
                full[:, mis] = mu[mis] + (rows - mu[idx]) @ coef.T
                extra[np.ix_(mis, mis)] = len(rows) * (sigma[np.ix_(mis, mis)] - coef @ smo.T)
            t1 += full.sum(axis=0)
            t2 += full.T @ full + extra
        mu_new = t1 / n
        sigma_new = t2 / n - np.outer(mu_new, mu_new)
        done = max(np.abs(mu_new - mu).max(), np.abs(sigma_new - sigma).max()) < tol
        mu, sigma = mu_new, sigma_new
        if done:
            break
    return mu, sigma


def _m2ll_saturated(mu, sigma, pats):
    total = 0.0
    for idx, rows in pats:
        sub = sigma[np.ix_(idx, idx)]
        dev = rows - mu[idx]
        total += len(rows) * np.linalg.slogdet(sub)[1] + np.einsum("ij,ji->", dev.T @ dev, np.linalg.inv(sub))
    return total
