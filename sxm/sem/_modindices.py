"""Modification indices (score tests of parameters the model leaves out), as lavaan's.

The candidate parameters are lavaan's (``lav_partable_full``): a loading of every factor
on every item that is not in a regression, a residual covariance between every pair of
items, a covariance between every pair of latent variables and a regression between any
two variables of the structural part (except an item on a factor, which is a loading) --
leaving out the parameters the model already frees and those lavaan fixes by itself
(markers, fixed predictors); parameters the user fixed (``0*x``) are tested.

With ``g`` the gradient of the log-likelihood per respondent with respect to a candidate
and ``I`` the expected information per respondent of the model extended by all
candidates, ``V = I_cc - I_cm I_mm^-1 I_mc``, ``mi = N g^2 / V`` and the expected
parameter change ``epc = g / V`` (Saris, Satorra & Sörbom 1987); ``sepc_all`` is the
change in the fully standardized metric (residual covariances by residual variances,
lavaan's ``cov.std``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._engine import _moments
from ._fiml import Terms


def _candidates(eng):
    """lavaan's candidate parameters: [(lhs, op, rhs, matrix, i, j)] in user names."""
    spec = eng.spec
    latent = [v for v in eng.order if v in set(eng.latent)]
    inner = {v: i for i, v in enumerate(eng.inner)}
    obs = {v: i for i, v in enumerate(eng.observed)}
    eqs = [v for v in eng.order if any(v in pair for pair in spec.regress)]
    x_obs = {eng.observed[a] for _, _, a, _ in eng.fixed_x} | {eng.observed[b] for _, _, _, b in eng.fixed_x}
    indicators = [v for v in eng.order if v in obs and v not in inner and any(v == r for _, r in spec.measure)]
    out = []
    for f in latent:  # loadings of factors on items not in the structural part
        for x in eng.order:
            if x in obs and x not in set(eqs) and x not in x_obs:
                out.append((f, "=~", x, 1, obs[x], inner[f]))
    for a_pos, a in enumerate(indicators):  # residual covariances of items
        for b in indicators[a_pos:]:
            out.append((a, "~~", b, 3, obs[a], obs[b]))
    for a_pos, a in enumerate(latent):  # (co)variances of latent variables
        for b in latent[a_pos:]:
            out.append((a, "~~", b, 2, inner[a], inner[b]))
    lat = set(latent)
    for y in eqs:  # regressions within the structural part
        for x in eqs:
            if x == y or (y in obs and y not in inner and x in lat):
                continue
            if y in inner and x in inner:
                out.append((y, "~", x, 0, inner[y], inner[x]))
    # keep what the model does not estimate: absent, or fixed by the user
    user_fixed = {(s.lhs, s.op, t.name) for s in spec.model.statements for t in s.terms if t.value is not None}
    user_fixed |= {(b, "~~", a) for a, op, b in list(user_fixed) if op == "~~"}
    present = {}
    for e in eng.rows:
        present[(e["lhs"], e["op"], e["rhs"])] = e["free"]
        if e["op"] == "~~":
            present[(e["rhs"], "~~", e["lhs"])] = e["free"]
    keep = []
    for c in out:
        key = c[:3]
        if key not in present or (present[key] < 0 and key in user_fixed):
            keep.append(c)
    return keep


def modification_indices(result) -> pd.DataFrame:
    """The modification indices of a fitted :class:`~sxm.sem.result.SEMResult`."""
    eng, x = result._engine, result._x
    cand = _candidates(eng)
    cols = ["lhs", "op", "rhs", "mi", "epc", "sepc_all"]
    if not cand:
        return pd.DataFrame(columns=cols)
    sigma, parts = eng.implied(x)
    ds_model = eng.dsigma(parts)
    ds_cand = eng.dsigma_cells(parts, [c[3:] for c in cand])
    ds = np.concatenate([ds_model, ds_cand])
    k = eng.k
    n = result.n
    pats = getattr(eng, "fiml_patterns", None)
    if getattr(eng, "wls", None) is not None:  # WLSMV: the DWLS score test (sxm.sem._wls)
        info, grad, model_idx, cand_idx = eng.wls.score_pieces([c[3:] for c in cand])
    elif pats is not None and result.missing == "fiml":
        z = np.concatenate([x, eng.fiml_means])
        terms = Terms(sigma, z[k:], pats)
        info = terms.expected(ds) / (2 * n)
        grad = -terms.gradient(ds) / (2 * n)
        model_idx = np.r_[np.arange(k), np.arange(len(ds), len(ds) + eng.p)]
        cand_idx = np.arange(k, len(ds))
    else:
        s = eng.sample_cov
        inv = np.linalg.inv(sigma)
        a = inv @ ds
        info = 0.5 * (a.reshape(len(ds), -1) @ a.transpose(0, 2, 1).reshape(len(ds), -1).T)
        w = inv - inv @ s @ inv
        grad = -0.5 * np.einsum("ij,kij->k", w, ds)
        model_idx, cand_idx = np.arange(k), np.arange(k, len(ds))
    i22 = info[np.ix_(model_idx, model_idx)]
    i12 = info[np.ix_(cand_idx, model_idx)]
    v = np.diag(info[np.ix_(cand_idx, cand_idx)]) - np.einsum("ij,ji->i", i12, np.linalg.pinv(i22) @ i12.T)
    g = grad[cand_idx]
    ok = v >= np.finfo(float).eps ** (1 / 3)
    with np.errstate(divide="ignore", invalid="ignore"):
        mi = np.where(ok, n * g**2 / v, np.nan)
        epc = np.where(ok, g / v, np.nan)
    _, sd, resid, _ = _moments(eng, x)
    factor = []
    for lhs, op, rhs, *_ in cand:  # loop over candidate parameters
        if op == "=~":
            factor.append(sd[lhs] / sd[rhs])
        elif op == "~":
            factor.append(sd[rhs] / sd[lhs])
        elif lhs == rhs:
            factor.append(1 / sd[lhs] ** 2)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):  # a single indicator has none
                factor.append(1 / np.sqrt(resid[lhs] * resid[rhs]))
    with np.errstate(invalid="ignore"):
        sepc = epc * np.abs(np.array(factor))
    table = pd.DataFrame({"lhs": [c[0] for c in cand], "op": [c[1] for c in cand], "rhs": [c[2] for c in cand],
                          "mi": mi, "epc": epc, "sepc_all": sepc})
    table = table[ok].sort_values("mi", ascending=False, kind="stable").reset_index(drop=True)
    return table
