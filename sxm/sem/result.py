"""Result objects of sxm.sem: estimates, effects, reliability, diagrams, comparisons."""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..io import SurveyError, SurveyTypeError, check_level
from ._engine import _Engine, _num_jacobian


@dataclass
class SEMResult:
    """A fitted structural equation model.

    Attributes
    ----------
    description : str
        The model, as parsed (lavaan syntax).
    estimates : DataFrame
        ``lhs, op, rhs, label, est, se, z, pvalue, ci_low, ci_high, std_all`` in lavaan's
        orientation (a loading is ``factor =~ item``, a regression ``outcome ~ predictor``),
        then the defined parameters (``op ":="``, ``rhs`` their expression, delta-method
        standard errors). Fixed parameters have ``se`` 0 and no test, as in lavaan. With
        ``n_boot=B``, ``se`` is the bootstrap standard deviation and the interval the
        percentile interval; with ``estimator="MLM"`` or ``"MLR"`` the standard errors are
        robust.
    fit_indices : Series
        ``n, npar, chi2, df, pvalue, baseline_chi2, baseline_df, cfi, tli, rmsea,
        rmsea_ci_low, rmsea_ci_high, srmr, loglik, loglik_saturated, aic, bic``; with MLM or
        MLR also ``chi2_scaled, pvalue_scaled, scaling_factor, baseline_chi2_scaled,
        baseline_scaling_factor, cfi_scaled, tli_scaled, rmsea_scaled,
        rmsea_ci_low_scaled, rmsea_ci_high_scaled`` and the robust indices of
        Brosseau-Liard, Savalei & Li ``cfi_robust, tli_robust, rmsea_robust,
        rmsea_ci_low_robust, rmsea_ci_high_robust``, as lavaan's ``fitMeasures``. With
        WLSMV (ordinal items): no log-likelihood, AIC or BIC, the mean-and-variance adjusted
        test's ``shift`` (and ``baseline_shift``), and ``estimates`` holds thresholds
        (``op "|"``).
    r2 : Series
        R-squared of every endogenous variable (indicators and outcomes).
    n, n_dropped : int
        Respondents used, and those dropped by listwise deletion.
    missing : str
        ``"listwise"`` or ``"fiml"``.
    converged : bool
        Whether the optimizer reached the ML optimum (a warning says so when not).
    estimator : str
        ``"ML"``, ``"MLM"``, ``"MLR"`` or ``"WLSMV"``.
    level : float
        Confidence level of the intervals.
    vcov : ndarray
        Covariance matrix of the free parameters (inverse information, or the robust
        sandwich).
    boot_draws : ndarray or None
        With ``n_boot=B``: the free parameters re-estimated on each resample (B x k).

    Methods
    -------
    effects(source, target)
        Direct, indirect and total effects with delta-method SEs (bootstrap intervals).
    modindices()
        Modification indices of the parameters the model leaves out.
    reliability()
        Composite reliability and AVE per construct.
    diagram(path=None) / to_dot()
        Path diagram with standardized estimates.
    """

    description: str
    estimates: pd.DataFrame
    fit_indices: pd.Series
    r2: pd.Series
    n: int
    missing: str
    converged: bool
    n_dropped: int = 0
    estimator: str = "ML"
    level: float = 0.95
    vcov: np.ndarray | None = field(default=None, repr=False)
    boot_draws: np.ndarray | None = field(default=None, repr=False)
    _engine: _Engine | None = field(default=None, repr=False)
    _x: np.ndarray | None = field(default=None, repr=False)
    _latent: list = field(default_factory=list, repr=False)

    def __repr__(self):
        fi = self.fit_indices
        return (
            f"<SEMResult n={self.n} chi2={fi['chi2']:.3f} df={fi['df']:.0f} cfi={fi['cfi']:.3f} "
            f"rmsea={fi['rmsea']:.3f} srmr={fi['srmr']:.3f}>"
        )

    # -- effects ----------------------------------------------------------------------------
    def _all_vars(self):
        eng = self._engine
        return eng.inner + [v for v in eng.observed if v not in eng.inner]

    def _total_matrix(self, x):
        """Direct-effect matrices D over all variables and total effects (I - D)^-1 - I.

        ``x`` is one parameter vector (k,) or a stack of them (B, k), e.g. bootstrap draws;
        the matrices then have a leading axis of length B (batched inverse, no loop).
        """
        eng = self._engine
        xs = np.atleast_2d(x)
        names = self._all_vars()
        q, m = len(names), eng.m
        d = np.zeros((len(xs), q, q))
        for mx, base in ((0, eng.base[0]), (1, eng.base[1])):
            r, c, f = eng.pos[mx]
            full = np.broadcast_to(base, (len(xs), *base.shape)).copy()
            full[:, r, c] = xs[:, f]
            if mx == 0:
                d[:, :m, :m] = full
            else:
                outs = [eng.observed.index(v) for v in names[m:]]
                d[:, m:, :m] = full[:, outs]
        total = np.linalg.inv(np.eye(q) - d) - np.eye(q)
        return (d[0], total[0]) if np.ndim(x) == 1 else (d, total)

    def _effect_values(self, x, i, j):
        d, total = self._total_matrix(x)
        direct, tot = d[..., i, j], total[..., i, j]
        return np.stack([direct, tot - direct, tot], axis=-1)

    def effects(self, source: str, target: str, *, level: float | None = None) -> pd.DataFrame:
        """Direct, indirect and total effect of ``source`` on ``target``.

        Parameters
        ----------
        source, target : str
            Model variables (latent or observed), e.g. ``"experience"`` and ``"loyalty"``.
        level : float, optional
            Confidence level of the intervals (default: the level of the fit).

        Returns
        -------
        DataFrame
            Rows ``direct``, ``indirect``, ``total``; columns ``source, target, effect, est,
            se, z, pvalue, ci_low, ci_high, std_all``. ``se`` is the delta-method standard
            error (robust with MLM/MLR); when the model was fitted with ``n_boot=B`` the
            columns ``boot_ci_low``/``boot_ci_high`` hold percentile bootstrap intervals
            (resampled respondents).

        See Also
        --------
        modindices : where the model would gain from another path.

        Notes
        -----
        With ``D`` the matrix of direct effects among all variables, total effects are
        ``(I - D)^-1 - I`` (Bollen 1987); the indirect effect is total minus direct. Its
        standard error is ``sqrt(J V J')`` with ``J`` the numerical gradient with respect to
        the free parameters and ``V`` their covariance matrix. ``std_all`` multiplies by
        ``sd(source) / sd(target)``. The same numbers come from labelling the paths and
        defining ``ind := a*b`` in the model (rows ``op ":="`` of ``estimates``).

        Examples
        --------
        >>> from semopy.examples import political_democracy
        >>> from sxm.sem import fit
        >>> model = ("ind60 =~ x1 + x2 + x3; dem60 =~ y1 + y2 + y3 + y4; dem65 =~ y5 + y6 + y7 + y8;"
        ...          "dem60 ~ ind60; dem65 ~ ind60 + dem60; y1 ~~ y5; y2 ~~ y4 + y6; y3 ~~ y7;"
        ...          "y4 ~~ y8; y6 ~~ y8")
        >>> res = fit(model, political_democracy.get_data())
        >>> res.effects("ind60", "dem65")[["effect", "est", "se"]].round(3)
             effect    est     se
        0    direct  0.572  0.221
        1  indirect  1.242  0.355
        2     total  1.814  0.374

        In lavaan: label the paths ``a``, ``b``, ``c`` and define ``ind := a*b`` and
        ``tot := c + a*b``; ``parameterEstimates(fit)`` gives the same numbers.
        """
        level = self.level if level is None else check_level(level)
        names = self._all_vars()
        for role, var in (("source", source), ("target", target)):
            if var not in names:
                raise SurveyError(f"{role} {var!r}: is not a variable of the model; the model has {names}")
        i, j = names.index(target), names.index(source)
        x = self._x
        est = self._effect_values(x, i, j)
        jac = _num_jacobian(lambda t: self._effect_values(t, i, j), x)
        se = np.sqrt(np.maximum(np.einsum("ik,kl,il->i", jac, self.vcov, jac), 0.0))
        zcrit = stats.norm.ppf(0.5 + level / 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(se > 0, est / se, np.nan)
        sd = self._sd()
        out = pd.DataFrame(
            {"source": source, "target": target, "effect": ["direct", "indirect", "total"],
             "est": est, "se": se, "z": z, "pvalue": 2 * stats.norm.sf(np.abs(z)),
             "ci_low": est - zcrit * se, "ci_high": est + zcrit * se,
             "std_all": est * sd[source] / sd[target]}
        )
        if self.boot_draws is not None:
            from ..resample import percentile_ci

            ok = self.boot_draws[~np.isnan(self.boot_draws).any(axis=1)]
            draws = self._effect_values(ok, i, j)  # all resamples at once
            low, high = percentile_ci(draws, level)
            out["boot_ci_low"], out["boot_ci_high"] = low, high
        return out

    def modindices(self, *, minimum: float = 0.0) -> pd.DataFrame:
        """Modification indices: how much chi-square each parameter left out would save.

        Parameters
        ----------
        minimum : float
            Show only indices above this value (lavaan's ``minimum.value``; 3.84 is the
            5% critical value of chi-square on 1 df).

        Returns
        -------
        DataFrame
            ``lhs, op, rhs, mi, epc, sepc_all``, largest ``mi`` first: the parameter, its
            modification index (the drop in chi-square if it were freed, a score test on
            1 df), its expected value (``epc``) and that value fully standardized.

        See Also
        --------
        compare : the chi-square difference test once the parameter is added.

        Notes
        -----
        As lavaan's ``modindices()`` (expected information, the same candidate
        parameters: cross-loadings, residual covariances of items, covariances of latent
        variables, regressions within the structural part, and parameters fixed in the
        model); see :mod:`sxm.sem._modindices`. A large index is a hint to look at the
        theory, not a licence to add the path: freeing parameters because the data ask
        for them capitalizes on chance (MacCallum, Roznowski & Necowitz 1992).

        Examples
        --------
        >>> from semopy.examples import holzinger39
        >>> from sxm.sem import fit
        >>> res = fit("visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9",
        ...           holzinger39.get_data())
        >>> res.modindices().head(3).round(3)  # In lavaan: modindices(fit, sort. = TRUE)
              lhs  op rhs      mi    epc  sepc_all
        0  visual  =~  x9  36.411  0.577     0.515
        1      x7  ~~  x8  34.145  0.536     0.859
        2  visual  =~  x7  18.631 -0.422    -0.349
        """
        from ._modindices import modification_indices

        if not isinstance(minimum, (int, float, np.integer, np.floating)) or isinstance(minimum, bool) \
                or not minimum >= 0:
            raise SurveyError(f"minimum: must be a non-negative number (e.g. 3.84); got {minimum!r}")
        table = modification_indices(self)
        return table[table["mi"] > minimum].reset_index(drop=True) if minimum > 0 else table

    def _sd(self):
        eng = self._engine
        sigma, parts = eng.implied(self._x)
        c, psi = parts[4], parts[2]
        var = dict(zip(eng.inner, np.diag(c @ psi @ c.T)))
        var.update({v: sigma[i, i] for i, v in enumerate(eng.observed) if v not in var})
        return {k: float(np.sqrt(v)) for k, v in var.items()}

    # -- reliability -------------------------------------------------------------------------
    def reliability(self) -> pd.DataFrame:
        """Composite reliability (CR) and average variance extracted (AVE) per construct.

        Returns
        -------
        DataFrame
            Indexed by construct: ``n_items``, ``cr``, ``ave``.

        See Also
        --------
        sxm.reliability.reliability_table : alpha, omega, CR and AVE from the data.

        Notes
        -----
        From the standardized loadings of each latent variable's indicators, with the
        formulas of :func:`sxm.formulas.composite_reliability` and
        :func:`sxm.formulas.average_variance_extracted` (Fornell & Larcker).

        Examples
        --------
        >>> from semopy.examples import holzinger39
        >>> from sxm.sem import fit
        >>> model = "visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9"
        >>> res = fit(model, holzinger39.get_data())
        >>> res.reliability().round(3)  # doctest: +NORMALIZE_WHITESPACE
                   n_items     cr    ave
        construct
        visual           3  0.626  0.371
        textual          3  0.885  0.720
        speed            3  0.691  0.430
        """
        from .. import formulas

        est = self.estimates
        rows = []
        for lv in self._latent:
            lam = est.loc[(est["op"] == "=~") & (est["lhs"] == lv), "std_all"].to_numpy()
            rows.append({"construct": lv, "n_items": len(lam),
                         "cr": formulas.composite_reliability(lam),
                         "ave": formulas.average_variance_extracted(lam)})
        return pd.DataFrame(rows).set_index("construct")

    # -- diagram ----------------------------------------------------------------------------
    def diagram_tables(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The diagram as plain tables for :func:`sxm.plots.path_diagram`.

        Returns
        -------
        (DataFrame, DataFrame)
            Nodes ``name, kind, r2`` and edges ``source, target, kind, est, significant``
            with standardized estimates (``std_all``), paths oriented predictor -> outcome.

        See Also
        --------
        diagram : draws them.

        Examples
        --------
        >>> from semopy.examples import holzinger39
        >>> from sxm.sem import fit
        >>> model = "visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9"
        >>> nodes, edges = fit(model, holzinger39.get_data()).diagram_tables()
        >>> int((nodes["kind"] == "latent").sum()), int((edges["kind"] == "loading").sum())
        (3, 9)
        """
        est = self.estimates[self.estimates["op"].isin(["=~", "~", "~~"])]  # no thresholds (|), no := rows
        lat = set(self._latent)
        names = list(dict.fromkeys(list(est["lhs"]) + list(est["rhs"])))
        nodes = pd.DataFrame({"name": names, "kind": ["latent" if v in lat else "observed" for v in names],
                              "r2": [float(self.r2[v]) if v in self.r2.index else np.nan for v in names]})
        rows = []
        for row in est.itertuples():
            sig = bool(row.pvalue < 0.05 or np.isnan(row.pvalue))
            if row.op == "=~":
                rows.append((row.lhs, row.rhs, "loading", row.std_all, sig))
            elif row.op == "~":
                rows.append((row.rhs, row.lhs, "path", row.std_all, sig))
            elif row.op == "~~" and row.lhs != row.rhs and (row.lhs in lat or row.rhs in lat or row.lhs in self.r2.index):
                rows.append((row.lhs, row.rhs, "covariance", row.std_all, sig))
        edges = pd.DataFrame(rows, columns=["source", "target", "kind", "est", "significant"])
        return nodes, edges

    def to_dot(self, *, digits: int = 2) -> str:
        """Graphviz DOT text of the path diagram with standardized estimates.

        Parameters
        ----------
        digits : int
            Decimals of the printed estimates.

        Returns
        -------
        str
            A ``digraph``: ellipses for constructs (with their R²), boxes for items, arrows
            labelled with ``std_all`` (dashed: a path not significant at the 5% level).

        See Also
        --------
        diagram : the same laid out by graphviz, or drawn by matplotlib without it.

        Examples
        --------
        >>> from semopy.examples import holzinger39
        >>> from sxm.sem import fit
        >>> model = "visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9"
        >>> dot = fit(model, holzinger39.get_data()).to_dot()
        >>> print(dot.splitlines()[5])
          "visual" [shape=ellipse, label="visual"];
        """
        from ..plots import path_dot

        return path_dot(*self.diagram_tables(), digits=digits)

    def diagram(self, path=None, *, ax=None, digits: int = 2, engine: str = "auto"):
        """Path diagram with standardized estimates (:func:`sxm.plots.path_diagram`).

        Parameters
        ----------
        path : str or Path, optional
            Also write the diagram there (format from the suffix: ``.png``, ``.svg``,
            ``.pdf``).
        ax : matplotlib Axes, optional
            Where to draw (a new figure sized to the diagram when None).
        digits : int
            Decimals of the printed estimates.
        engine : {"auto", "dot", "matplotlib"}
            ``"auto"``: graphviz's ``dot`` when it is installed, else a matplotlib drawing
            (ellipses, boxes, estimates, R², correlations, layered left to right).

        Returns
        -------
        matplotlib Axes

        See Also
        --------
        to_dot : the DOT text of the diagram.
        diagram_tables : the nodes and edges drawn.

        Notes
        -----
        Dashed arrows are paths not significant at the 5% level.

        Examples
        --------
        >>> from semopy.examples import holzinger39
        >>> from sxm.sem import fit
        >>> model = "visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9"
        >>> ax = fit(model, holzinger39.get_data()).diagram(engine="matplotlib")
        >>> type(ax).__name__
        'Axes'
        """
        from ..plots import path_diagram

        return path_diagram(*self.diagram_tables(), engine=engine, digits=digits, path=path, ax=ax)


def compare(a: SEMResult, b: SEMResult) -> pd.DataFrame:
    """Chi-square difference test of two nested models, with ΔCFI, AIC and BIC.

    Parameters
    ----------
    a, b : SEMResult
        Two fits of nested models to the same respondents (either order), with the same
        estimator and missing-data method.

    Returns
    -------
    DataFrame
        One row per model (fewer degrees of freedom first) with ``df, chi2, cfi, aic,
        bic`` and, on the second row, ``chi2_diff, df_diff, pvalue`` and ``cfi_diff``
        (restricted minus general; a drop beyond -0.01 is the usual invariance red flag).
        With ``estimator="MLM"`` or ``"MLR"`` the difference is Satorra & Bentler's (2001)
        scaled difference (a difference of scaled chi-squares is not chi-square
        distributed), ``cfi`` the scaled CFI, and a column ``scaling_factor`` holds the
        difference's scaling factor.

    See Also
    --------
    SEMResult.modindices : which parameter to free, before testing it.
    sxm.model.drop_path : a nested rival with one path fixed to zero.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> from sxm.sem import fit
    >>> hs = holzinger39.get_data()
    >>> m = "visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9"
    >>> oblique = fit(m, hs)
    >>> orthogonal = fit(m + "\\nvisual ~~ 0*textual + 0*speed\\ntextual ~~ 0*speed", hs)
    >>> table = compare(orthogonal, oblique)  # In lavaan: anova(orthogonal, oblique)
    >>> table[["df", "chi2", "chi2_diff", "df_diff"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
                  df     chi2  chi2_diff  df_diff
    model
    general     24.0   85.306        NaN      NaN
    restricted  27.0  153.527     68.222      3.0
    """
    for name, r in (("a", a), ("b", b)):
        if not isinstance(r, SEMResult):
            raise SurveyTypeError(f"{name}: must be a result of sxm.sem.fit; got {type(r).__name__}")
    if a.n != b.n:
        raise SurveyError(f"the models were fitted to different respondents (n = {a.n} vs {b.n}); "
                          "nested tests need the same data")
    if set(a._engine.observed) != set(b._engine.observed):
        only = sorted(set(a._engine.observed) ^ set(b._engine.observed))
        raise SurveyError(f"the models use different observed variables (e.g. {only[0]!r}); chi-squares of "
                          "models of different data cannot be compared")
    if a.missing != b.missing:
        raise SurveyError(f"one model was fitted with missing={a.missing!r}, the other with {b.missing!r}; "
                          "fit both the same way")
    if a.estimator != b.estimator:
        raise SurveyError(f"one model was fitted with estimator={a.estimator!r}, the other with {b.estimator!r}; "
                          "fit both the same way")
    if a.estimator == "WLSMV":  # lavaan: lavTestLRT's Satorra (2000) scaled-shifted difference
        raise SurveyError("estimator='WLSMV': the chi-square difference of two WLSMV fits is Satorra's (2000) "
                          "scaled-shifted test, which sxm does not compute; compare their robust CFI and RMSEA, "
                          "or the modification index of the parameter that differs")
    first, second = sorted((a, b), key=lambda r: r.fit_indices["df"])
    f1, f2 = first.fit_indices, second.fit_indices
    ddf = f2["df"] - f1["df"]
    if ddf == 0:
        raise SurveyError("the two models have the same degrees of freedom, so they are not nested; "
                          "compare AIC/BIC instead")
    dchi = f2["chi2"] - f1["chi2"]
    if dchi < -1e-6:
        warnings.warn("the more restricted model fits better than the general one: the models are probably not nested",
                      RuntimeWarning, stacklevel=2)
    robust = "scaling_factor" in f1.index
    cfi = "cfi_scaled" if robust else "cfi"
    cols = ("df", "chi2", cfi, "aic", "bic")
    out = pd.DataFrame([{k: f1[k] for k in cols}, {k: f2[k] for k in cols}],
                       index=pd.Index(["general", "restricted"], name="model")).rename(columns={cfi: "cfi"})
    if robust:  # Satorra & Bentler (2001), as lavaan's anova()
        c1 = f1["scaling_factor"] if f1["df"] > 0 else 1.0
        cd = (f2["df"] * f2["scaling_factor"] - f1["df"] * c1) / ddf
        if not cd > 0:
            warnings.warn("the scaling factor of the chi-square difference is negative; the scaled test is not "
                          "available", RuntimeWarning, stacklevel=2)
            cd = np.nan
        dchi = dchi / cd
        out["scaling_factor"] = [np.nan, cd]
    out["chi2_diff"] = [np.nan, dchi]
    out["df_diff"] = [np.nan, ddf]
    out["pvalue"] = [np.nan, stats.chi2.sf(max(dchi, 0.0), ddf) if np.isfinite(dchi) else np.nan]
    out["cfi_diff"] = [np.nan, out["cfi"].iloc[1] - out["cfi"].iloc[0]]
    return out


@dataclass
class MultiGroupResult:
    """Per-group fits of one model (``sxm.sem.fit(..., by=column)``).

    Attributes
    ----------
    groups : dict
        Group level -> :class:`SEMResult`.
    estimates : DataFrame
        The groups' estimates stacked, with a ``group`` column (the level).
    fit_indices : Series
        Configural fit, as lavaan's ``group =``: chi-square and df summed over groups,
        CFI/TLI from the sums, RMSEA times sqrt(G); with MLM/MLR the scaled and robust
        indices from the summed traces.
    by : str
        The grouping column.
    estimator : str
        The estimator of every group's fit.
    """

    groups: dict
    estimates: pd.DataFrame
    fit_indices: pd.Series
    by: str
    estimator: str = "ML"

    def path_difference(self, lhs: str, rhs: str, op: str = "~") -> pd.DataFrame:
        """Wald test that a parameter (e.g. ``loyalty ~ satisfaction``) is equal across groups.

        Parameters
        ----------
        lhs, rhs : str
            The parameter in lavaan's orientation, e.g. ``"loyalty"``, ``"satisfaction"``.
        op : {"~", "=~", "~~"}
            Its operator.

        Returns
        -------
        DataFrame
            One row: ``parameter``, ``est_<group>`` per group, ``chi2``, ``df``,
            ``pvalue``; with two groups also ``diff``, ``se_diff`` and ``z``.

        See Also
        --------
        invariance : whether the groups measure the constructs the same way, first.

        Notes
        -----
        With two groups: ``z = (b1 - b2) / sqrt(se1² + se2²)`` (independent samples); with
        more, ``chi2 = sum w_g (b_g - b_w)²`` with ``w_g = 1/se_g²`` on ``G - 1`` df.
        With bootstrapped (or robust) fits their standard errors are used.

        Examples
        --------
        >>> from semopy.examples import holzinger39
        >>> from sxm.sem import fit
        >>> model = "visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9"
        >>> mg = fit(model, holzinger39.get_data(), by="school")
        >>> mg.path_difference("visual", "x2", op="=~")[["chi2", "df", "pvalue"]].round(3)
            chi2  df  pvalue
        0  3.017   1   0.082
        """
        est = self.estimates
        sel = est[(est["lhs"] == lhs) & (est["op"] == op) & (est["rhs"] == rhs)]
        if sel.empty:
            raise SurveyError(f"parameter {lhs} {op} {rhs}: is not in the model")
        if (sel["se"] <= 0).any():
            raise SurveyError(f"parameter {lhs} {op} {rhs}: is fixed, so it cannot differ between groups")
        b, se = sel["est"].to_numpy(), sel["se"].to_numpy()
        w = 1 / se**2
        pooled = (w * b).sum() / w.sum()
        chi2 = float((w * (b - pooled) ** 2).sum())
        dfree = len(b) - 1
        row = {"parameter": f"{lhs} {op} {rhs}", **{f"est_{g}": v for g, v in zip(sel["group"], b)},
               "chi2": chi2, "df": dfree, "pvalue": stats.chi2.sf(chi2, dfree)}
        if len(b) == 2:
            row["diff"] = b[0] - b[1]
            row["se_diff"] = float(np.sqrt((se**2).sum()))
            row["z"] = row["diff"] / row["se_diff"]
        return pd.DataFrame([row])




def compare_estimates(results: dict, *, op: str = "~", column: str = "std_all") -> pd.DataFrame:
    """One column of estimates from several fits side by side (e.g. full data vs listwise vs
    FIML, or online vs in-store).

    Parameters
    ----------
    results : dict
        ``{name: SEMResult}`` (a MultiGroupResult's ``.groups`` works too).
    op : str
        Which parameters: ``"~"`` paths, ``"=~"`` loadings, ``"~~"`` (co)variances.
    column : str
        Which number: ``"std_all"`` (default), ``"est"``, ``"se"``, ``"pvalue"``...

    Returns
    -------
    DataFrame
        Index ``parameter`` (``"loyalty ~ satisfaction"``), one column per fit; a
        parameter missing from a fit is NaN (e.g. a path dropped in a rival model).

    See Also
    --------
    compare : the chi-square test between two nested fits.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> from sxm.sem import fit
    >>> hs = holzinger39.get_data()
    >>> m = "visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9"
    >>> side = compare_estimates({"ML": fit(m, hs), "MLR": fit(m, hs, estimator="MLR")}, op="=~", column="se")
    >>> side.loc[["visual =~ x2", "speed =~ x9"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
                     ML    MLR
    parameter
    visual =~ x2  0.100  0.132
    speed =~ x9   0.151  0.266
    """
    if not isinstance(results, dict) or not results:
        raise SurveyTypeError("results: must be a non-empty dict {name: result of sxm.sem.fit}")
    if op not in ("=~", "~", "~~"):
        raise SurveyError(f"op: must be '=~' (loadings), '~' (paths) or '~~' (variances and covariances); got {op!r}")
    cols = {}
    for name, res in results.items():
        if not isinstance(res, SEMResult):
            raise SurveyTypeError(f"results[{name!r}]: must be a result of sxm.sem.fit; got {type(res).__name__}")
        est = res.estimates[res.estimates["op"] == op]
        if column not in est.columns:
            raise SurveyError(f"column: must be one of {list(est.columns[4:])}; got {column!r}")
        key = est["lhs"] + f" {op} " + est["rhs"]
        cols[name] = pd.Series(est[column].to_numpy(), index=key.to_numpy())
    out = pd.DataFrame(cols)
    out.index.name = "parameter"
    return out
