"""Survey data with known truth: Likert answers generated from a declared latent model.

Every estimator of the suite (reliability, SEM, PLS, key drivers) can be checked on data
whose true parameters are known. :func:`latent_survey` draws respondents from a
*standardized recursive* structural equation model and returns the answers together with
the true latent scores and the true parameters in lavaan's orientation, so a test or a
notebook can put the estimates next to the truth.

The model
---------
The model is written in lavaan syntax with a population value on every parameter, as for
lavaan's ``simulateData(model, standardized = TRUE)`` (the tests check the implied
covariance against it):

* Exogenous constructs (those that are never an outcome) are multivariate normal with unit
  variances and the correlation matrix :math:`\\Phi` given by the ``~~`` lines
  (unlisted pairs are uncorrelated).
* Each endogenous construct is :math:`\\eta_y = b_y'\\eta_{x} + \\zeta_y` with
  :math:`\\operatorname{var}(\\zeta_y) = 1 - b_y'\\Sigma_{xx}b_y`, so that every construct has
  unit variance and the paths are standardized; its true :math:`R^2` is
  :math:`b_y'\\Sigma_{xx}b_y`.
* Each item is :math:`x_i = \\lambda_i\\eta + \\sqrt{1-\\lambda_i^2}\\,\\varepsilon_i`, so
  :math:`\\lambda_i` is the standardized loading and two items correlate
  :math:`\\lambda_i\\lambda_j\\,\\operatorname{corr}(\\eta_a, \\eta_b)`.
* Continuous items are cut into ``levels`` ordered categories by thresholds
  (:func:`likert`), and a share ``missing`` of the answers is deleted completely at random.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real

import numpy as np
import pandas as pd
from scipy import stats

from .io import SurveyError, SurveyTypeError
from .model import Model, as_model, topological_order

__all__ = ["latent_survey", "likert", "default_thresholds", "SimulatedSurvey"]


@dataclass(frozen=True)
class SimulatedSurvey:
    """The result of :func:`latent_survey`.

    Attributes
    ----------
    data : DataFrame
        One row per respondent, one column per item (in the order of ``measurement``).
        Integers ``1..levels`` (``int64``), or ``float64`` when answers are missing or the
        items are continuous (``levels=None``).
    scores : DataFrame
        The true latent scores (standardized), one column per construct.
    truth : DataFrame
        The true standardized parameters, columns ``lhs, op, rhs, value``, in lavaan's
        orientation: ``construct =~ item`` loadings, ``outcome ~ predictor`` paths,
        ``a ~~ b`` correlations among exogenous constructs (every pair, zeros included) and
        ``y r2 y`` for each endogenous construct.
    latent_corr : DataFrame
        The model-implied correlation matrix of the constructs.
    description : str
        The model in lavaan syntax, ready for ``sxm.sem.fit(description, data)``.
    item_corr : DataFrame
        The model-implied correlation matrix of the continuous items (before they are cut
        into categories): :math:`\\lambda_i\\lambda_j\\operatorname{corr}(\\eta_a, \\eta_b)`
        off the diagonal, 1 on it.

    See Also
    --------
    latent_survey : the function that returns it.

    Examples
    --------
    >>> sim = latent_survey("quality =~ 0.8*q1 + 0.7*q2; satisfaction =~ 0.85*s1 + 0.8*s2; "
    ...                     "satisfaction ~ 0.6*quality", n=200, seed=1)
    >>> sim
    SimulatedSurvey(n=200, items=4, constructs=2)
    >>> float(sim.latent_corr.loc["quality", "satisfaction"])
    0.6
    """

    data: pd.DataFrame
    scores: pd.DataFrame
    truth: pd.DataFrame
    latent_corr: pd.DataFrame
    description: str

    @property
    def item_corr(self) -> pd.DataFrame:
        """The model-implied correlation matrix of the continuous items.

        Returns
        -------
        DataFrame
            Items x items (in the order of ``data``):
            :math:`\\lambda_i\\lambda_j\\operatorname{corr}(\\eta_a, \\eta_b)` off the
            diagonal, 1 on it; the population that the items' correlations estimate before
            they are cut into categories.

        See Also
        --------
        latent_survey : the draw whose population this is.

        Examples
        --------
        >>> sim = latent_survey("quality =~ 0.8*q1 + 0.7*q2; satisfaction =~ 0.85*s1 + 0.8*s2; "
        ...                     "satisfaction ~ 0.6*quality", n=200, seed=1)
        >>> sim.item_corr.round(3)
               q1     q2     s1     s2
        q1  1.000  0.560  0.408  0.384
        q2  0.560  1.000  0.357  0.336
        s1  0.408  0.357  1.000  0.680
        s2  0.384  0.336  0.680  1.000
        """
        load = self.truth[self.truth["op"] == "=~"]
        lam = load["value"].to_numpy()
        owner = load["lhs"].tolist()
        corr = np.outer(lam, lam) * self.latent_corr.loc[owner, owner].to_numpy()
        np.fill_diagonal(corr, 1.0)
        items = load["rhs"].tolist()
        return pd.DataFrame(corr, index=items, columns=items)

    def __repr__(self) -> str:  # keep notebook output short and deterministic
        n, p = self.data.shape
        return f"SimulatedSurvey(n={n}, items={p}, constructs={self.scores.shape[1]})"


# --------------------------------------------------------------------------------------
# discretizing
# --------------------------------------------------------------------------------------
def default_thresholds(levels: int) -> np.ndarray:
    """Equal-probability thresholds for a standard-normal item.

    The rule: :math:`\\tau_k = \\Phi^{-1}(k/\\text{levels})` for ``k = 1 .. levels-1``, so a
    standard-normal answer falls in each of the ``levels`` categories with probability
    ``1/levels`` (a flat answer distribution, the least informative default). Pass your own
    thresholds to :func:`likert` or :func:`latent_survey` for skewed scales.

    Parameters
    ----------
    levels : int
        Number of answer categories (at least 2).

    Returns
    -------
    ndarray of float, shape (levels - 1,)
        The cut points, increasing and symmetric around 0.

    Raises
    ------
    SurveyError
        Fewer than 2 categories.
    SurveyTypeError
        ``levels`` is not a whole number.

    See Also
    --------
    likert : cut continuous answers at these (or your own) thresholds.
    latent_survey : survey answers drawn from a model, cut at these thresholds by default.

    Examples
    --------
    >>> default_thresholds(4).round(3).tolist()
    [-0.674, 0.0, 0.674]
    >>> default_thresholds(5).round(3).tolist()
    [-0.842, -0.253, 0.253, 0.842]
    >>> # In R: qnorm(1:4 / 5)
    """
    levels = _check_levels(levels)
    return stats.norm.ppf(np.arange(1, levels) / levels)


def _check_levels(levels) -> int:
    if isinstance(levels, bool) or not isinstance(levels, (int, np.integer)):
        raise SurveyTypeError(f"levels: must be a whole number of answer categories (e.g. 5 or 7); got {levels!r}")
    if levels < 2:
        raise SurveyError(f"levels: needs at least 2 answer categories; got {levels}")
    return int(levels)


def _check_thresholds(thresholds, levels: int, what: str = "thresholds") -> np.ndarray:
    try:
        thr = np.asarray(thresholds, dtype=float)
    except (TypeError, ValueError):
        raise SurveyTypeError(f"{what}: must be a list of numbers; got {thresholds!r}") from None
    if thr.ndim != 1 or thr.size != levels - 1:
        raise SurveyError(
            f"{what}: {levels} answer categories need {levels - 1} cut points (rule: len(thresholds) == levels - 1); "
            f"got {thr.size}"
        )
    if not np.isfinite(thr).all():
        raise SurveyError(f"{what}: cut points must be finite numbers; got {thr.tolist()}")
    if np.any(np.diff(thr) <= 0):
        raise SurveyError(f"{what}: cut points must be strictly increasing; got {thr.tolist()}")
    return thr


def likert(z, levels: int, thresholds=None, *, low: int = 1):
    """Cut continuous answers into ordered categories ``low .. low + levels - 1``.

    An answer ``z`` gets category ``low + k`` where ``k`` is the number of thresholds
    :math:`\\le z` (so a value exactly on a cut point goes to the upper category). Missing
    values stay missing.

    Parameters
    ----------
    z : array-like, Series or DataFrame
        Continuous (latent-response) values, typically standard normal.
    levels : int
        Number of answer categories (5 for a 1-5 scale, 11 for a 0-10 NPS item); at least 2.
    thresholds : sequence of float or dict, optional
        ``levels - 1`` strictly increasing cut points. For a DataFrame, a dict
        ``{column: cut points}`` gives each column its own (columns not named use the
        default). Default ``None``: :func:`default_thresholds` (equal probabilities under
        N(0, 1)).
    low : int, default 1
        The lowest category (1 for Likert items, 0 for NPS).

    Returns
    -------
    ndarray, Series or DataFrame
        The same kind as ``z`` (same index and columns) of categories: ``int64`` when
        nothing is missing, else ``float64`` with NaN.

    Raises
    ------
    SurveyError
        Fewer than 2 categories; thresholds of the wrong number, not finite or not strictly
        increasing; a dict naming a column that ``z`` lacks.
    SurveyTypeError
        ``levels`` or ``low`` is not a whole number; thresholds that are not numbers; a
        dict of thresholds with a ``z`` that is not a DataFrame.

    See Also
    --------
    default_thresholds : the default cut points.
    latent_survey : whole surveys drawn from a latent model and cut with this function.

    Examples
    --------
    >>> likert([-1.2, -0.1, 0.0, 2.5], 4).tolist()
    [1, 2, 3, 4]
    >>> likert([0.3, 1.6, np.nan], 11, thresholds=np.linspace(-2, 1.5, 10), low=0).tolist()
    [6.0, 10.0, nan]
    >>> likert(pd.DataFrame({"a": [-1.0, 1.0], "b": [0.0, 0.5]}), 3, {"a": [-0.5, 0.5]})
       a  b
    0  1  2
    1  3  3
    >>> # In R: findInterval(z, qnorm(1:3 / 4)) + 1
    """
    levels = _check_levels(levels)
    if isinstance(low, bool) or not isinstance(low, (int, np.integer)):
        raise SurveyTypeError(f"low: must be a whole number (the lowest category); got {low!r}")
    if isinstance(z, pd.DataFrame):
        per_col = thresholds if isinstance(thresholds, Mapping) else {}
        unknown = [c for c in per_col if c not in z.columns]
        if unknown:
            raise SurveyError(f"thresholds: column {unknown[0]!r} is not in the data")
        common = None if isinstance(thresholds, Mapping) else thresholds
        cols = {c: likert(z[c], levels, per_col.get(c, common), low=low) for c in z.columns}
        return pd.DataFrame(cols, index=z.index)
    if isinstance(thresholds, Mapping):
        raise SurveyTypeError("thresholds: a dict of per-column cut points needs a DataFrame z")
    thr = default_thresholds(levels) if thresholds is None else _check_thresholds(thresholds, levels)
    values = z.to_numpy(dtype=float) if isinstance(z, pd.Series) else np.asarray(z, dtype=float)
    cat = np.searchsorted(thr, values, side="right") + int(low)
    na = np.isnan(values)
    out = np.where(na, np.nan, cat) if na.any() else cat.astype(np.int64)
    if isinstance(z, pd.Series):
        return pd.Series(out, index=z.index, name=z.name)
    return out


# --------------------------------------------------------------------------------------
# reading the population model
# --------------------------------------------------------------------------------------
def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)) or not np.isfinite(value):
        raise SurveyTypeError(f"{what}: must be a finite number; got {value!r}")
    return float(value)


def _population(model):
    """Loadings, paths, exogenous correlations and per-item thresholds of a population model.

    Returns ``(meas, struct, corr, cuts)``: ``{construct: {item: loading}}``,
    ``{outcome: {predictor: path}}``, ``{(a, b): r}`` and ``{item: cut points}``, all in the
    order of the description.
    """
    if not isinstance(model, (str, Model)):
        raise SurveyTypeError(
            "model: must be a population model in lavaan syntax with a value on every parameter, e.g. "
            f"'quality =~ 0.8*q1 + 0.7*q2; satisfaction =~ 0.8*s1 + 0.7*s2; satisfaction ~ 0.5*quality'; "
            f"got {type(model).__name__}"
        )
    m = as_model(model)
    constructs = list(m.latent)
    if not constructs:
        raise SurveyError("model: has no construct (a line such as 'quality =~ 0.8*q1 + 0.7*q2 + 0.7*q3')")

    def value(statement, term) -> float:
        if term.value is None:
            raise SurveyError(
                f"model line {statement.line} '{statement}': {term.name!r} has no population value (rule: "
                f"every parameter of a population model is a number, e.g. 0.8*{term.name})"
            )
        return term.value

    meas: dict[str, dict[str, float]] = {}
    struct: dict[str, dict[str, float]] = {}
    corr: dict[tuple[str, str], float] = {}
    cuts: dict[str, list[float]] = {}
    seen: dict[str, str] = {}
    for st in m.statements:
        where = f"model line {st.line} '{st}'"
        if st.op == "<~":
            raise SurveyError(f"{where}: composites (<~) cannot be simulated; declare the block with =~")
        if st.op == "=~":
            for t in st.terms:
                lam = value(st, t)
                if t.name in seen and seen[t.name] != st.lhs:
                    raise SurveyError(f"item {t.name!r}: listed under both {seen[t.name]!r} and {st.lhs!r} "
                                      "(rule: each item measures one construct)")
                if not -1 <= lam <= 1:
                    raise SurveyError(f"loading of {t.name!r}: a standardized loading must lie between -1 and 1; "
                                      f"got {lam:g}")
                seen[t.name] = st.lhs
                meas.setdefault(st.lhs, {})[t.name] = lam
        elif st.op == "~":
            if st.lhs not in constructs:
                raise SurveyError(f"{where}: outcome {st.lhs!r} is not a construct (rule: paths connect constructs "
                                  f"measured by =~: {', '.join(map(repr, constructs))})")
            for t in st.terms:
                if t.name not in constructs:
                    raise SurveyError(f"{where}: predictor {t.name!r} is not a construct (rule: paths connect "
                                      f"constructs measured by =~: {', '.join(map(repr, constructs))})")
                struct.setdefault(st.lhs, {})[t.name] = value(st, t)
        elif st.op == "~~":
            for t in st.terms:
                r = value(st, t)
                if t.name == st.lhs:
                    if st.lhs in constructs and r == 1:
                        continue  # a standardized construct's variance, as written out in lavaan
                    raise SurveyError(f"{where}: variances are implied by the standardized model (constructs 1, "
                                      "items 1, residuals 1 - R²); leave this line out")
                if st.lhs not in constructs or t.name not in constructs:
                    raise SurveyError(f"{where}: only correlations between constructs can be declared (residual "
                                      "correlations of items are not supported)")
                if not -1 < r < 1:
                    raise SurveyError(f"correlation ({st.lhs!r}, {t.name!r}): must lie strictly between -1 and 1; "
                                      f"got {r:g}")
                key = (st.lhs, t.name)
                if key in corr or key[::-1] in corr:
                    raise SurveyError(f"{where}: the correlation of {st.lhs!r} and {t.name!r} is given twice")
                corr[key] = r
        elif st.op == "|":
            cuts[st.lhs] = [value(st, t) for t in st.terms]
    topological_order(constructs, [(p, y) for y, preds in struct.items() for p in preds])
    endogenous = [c for c in constructs if c in struct]
    for a, b in corr:
        for c in (a, b):
            if c in endogenous:
                raise SurveyError(
                    f"correlation ({a!r}, {b!r}): {c!r} is an outcome (~) of the model; only exogenous constructs "
                    f"({', '.join(repr(x) for x in constructs if x not in struct)}) may be correlated"
                )
    unknown = [i for i in cuts if i not in seen]
    if unknown:
        raise SurveyError(f"model: thresholds (|) of {unknown[0]!r}, which is not an item of any construct")
    return meas, struct, corr, cuts


def _exogenous_phi(correlations, exogenous: list[str]) -> np.ndarray:
    k = len(exogenous)
    phi = np.eye(k)
    pos = {c: i for i, c in enumerate(exogenous)}
    for (a, b), r in correlations.items():
        i, j = pos[a], pos[b]
        phi[i, j] = phi[j, i] = r
    if np.linalg.eigvalsh(phi).min() <= 1e-10:
        raise SurveyError(
            "correlations: the correlation matrix of the exogenous constructs is not positive definite "
            "(rule: the correlations must be jointly possible)"
        )
    return phi


def _implied(order, structure, phi, exogenous):
    """Correlation matrix of all constructs (in ``order``) and the residual variances."""
    idx = {c: i for i, c in enumerate(order)}
    k = len(order)
    sigma = np.zeros((k, k))
    ex = [idx[c] for c in exogenous]
    sigma[np.ix_(ex, ex)] = phi
    psi = {}
    for c in order:
        preds = structure.get(c)
        if not preds:
            continue
        p = np.array([idx[q] for q in preds])
        b = np.array(list(preds.values()))
        explained = float(b @ sigma[np.ix_(p, p)] @ b)
        resid = 1.0 - explained
        if resid <= 1e-8:
            raise SurveyError(
                f"model: the paths into {c!r} explain {explained:.3f} of its variance (b'Σb >= 1), "
                "leaving no residual variance (rule: standardized paths must give R² < 1)"
            )
        i = idx[c]
        row = b @ sigma[p, :]  # cov(eta_c, every construct already generated)
        sigma[i, :] = row
        sigma[:, i] = row
        sigma[i, i] = 1.0
        psi[c] = resid
    return sigma, psi


def _check_n(n) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise SurveyTypeError(f"n: must be a whole number of respondents; got {n!r}")
    if n < 1:
        raise SurveyError(f"n: needs at least 1 respondent; got {n}")
    return int(n)


def _rng(seed) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer, np.random.SeedSequence)):
        raise SurveyTypeError(f"seed: must be an integer (or a numpy Generator) so the survey is reproducible; got {seed!r}")
    return np.random.default_rng(seed)


# --------------------------------------------------------------------------------------
# the generator
# --------------------------------------------------------------------------------------
def latent_survey(
    model,
    *,
    n: int,
    levels: int | None = 7,
    thresholds=None,
    missing: float = 0.0,
    seed,
) -> SimulatedSurvey:
    """Draw survey answers from a standardized recursive latent-variable model.

    Parameters
    ----------
    model : str or sxm.model.Model
        The population model in lavaan syntax with a number on every parameter, read as
        lavaan's ``simulateData(model, standardized = TRUE)`` reads it: standardized
        loadings ``quality =~ 0.8*q1 + 0.7*q2`` (between -1 and 1), standardized paths
        ``satisfaction ~ 0.5*quality + 0.3*value`` (recursive), correlations between
        exogenous constructs ``quality ~~ 0.4*value`` (unlisted pairs are 0) and, optionally,
        an item's own cut points on the standard-normal scale ``q1 | -1.5*t1 + -0.5*t2 +
        0.5*t3 + 1.5*t4`` (``levels`` is then the number of cut points + 1). Labels
        (``b*x + 0.3*x``) and ``:=`` lines are allowed and ignored here (they serve the
        analysis model). Items appear in the data in the order of the description.
    n : int
        Number of respondents (at least 1); required.
    levels : int or None, default 7
        Answer categories ``1..levels``; ``None`` keeps the continuous item values.
    thresholds : sequence or dict, optional
        ``levels - 1`` increasing cut points on the standard-normal item scale shared by all
        items, or ``{item: cut points}`` per item (others use the default or their ``|``
        line). Default ``None``: equal-probability cut points
        :math:`\\Phi^{-1}(k/\\text{levels})`, see :func:`default_thresholds`.
    missing : float, default 0.0
        Share of answers deleted completely at random (MCAR), in ``[0, 1)``.
    seed : int or numpy.random.Generator
        Makes the survey reproducible: the same seed gives the same answers; required.

    Returns
    -------
    SimulatedSurvey
        ``.data`` (answers), ``.scores`` (true latent scores), ``.truth`` (true parameters
        ``lhs, op, rhs, value`` with ``=~``, ``~``, ``~~`` and ``r2`` rows), ``.latent_corr``,
        ``.item_corr`` (the population covariance of the continuous items) and
        ``.description`` (the analysis model: the population model without its values).

    Raises
    ------
    SurveyError
        A parameter without a value, loadings or correlations outside (-1, 1), a path
        from or to something that is not a construct, a cyclic structure, paths that
        leave no residual variance
        (:math:`b'\\Sigma b \\ge 1`), correlations that are not jointly possible, bad
        ``levels``/``thresholds``/``missing``/``n``/``seed``.
    SurveyTypeError
        ``model`` is not lavaan syntax or a Model; ``n``, ``levels`` or ``missing`` of the
        wrong type; a ``seed`` that is not an integer or a Generator.

    See Also
    --------
    SimulatedSurvey : the result.
    likert : how the continuous items are cut into categories.
    sxm.model.Model.values : the population values of a parsed model.
    sxm.sem.fit : fit ``sim.description`` to ``sim.data`` and compare with ``sim.truth``.

    Notes
    -----
    Exogenous constructs :math:`\\xi \\sim N(0, \\Phi)`; each endogenous construct
    :math:`\\eta_y = b_y'\\eta + \\zeta_y` with :math:`\\operatorname{var}\\zeta_y = 1 - b_y'\\Sigma b_y`;
    items :math:`x_i = \\lambda_i\\eta + \\sqrt{1 - \\lambda_i^2}\\,\\varepsilon_i`, then cut at the
    thresholds (:func:`likert`). Random numbers are drawn in one block per stage (exogenous
    scores, disturbances, item errors, missingness), so the draws never depend on a loop.

    References
    ----------
    Bollen, K. A. (1989). *Structural Equations with Latent Variables*. Wiley (ch. 4, 8).

    Examples
    --------
    >>> sim = latent_survey('''
    ...     quality =~ 0.8*q1 + 0.7*q2 + 0.75*q3
    ...     satisfaction =~ 0.85*s1 + 0.8*s2
    ...     satisfaction ~ 0.6*quality
    ... ''', n=500, levels=5, seed=1)
    >>> sim.data.shape
    (500, 5)
    >>> sim.truth.query("op != '=~'")
                lhs  op           rhs  value
    5  satisfaction   ~       quality   0.60
    6  satisfaction  r2  satisfaction   0.36
    >>> print(sim.description)
    quality =~ q1 + q2 + q3
    satisfaction =~ s1 + s2
    satisfaction ~ quality
    >>> # In lavaan: simulateData(model, sample.nobs = 500, standardized = TRUE)

    Correlated exogenous constructs, continuous items and 10 % of the answers missing:

    >>> sim = latent_survey('''
    ...     x =~ 0.8*x1 + 0.8*x2 + 0.8*x3
    ...     z =~ 0.7*z1 + 0.7*z2
    ...     y =~ 0.7*y1 + 0.7*y2
    ...     x ~~ 0.3*z
    ...     y ~ 0.4*x + 0.2*z
    ... ''', n=300, levels=None, missing=0.1, seed=2)
    >>> sim.truth.query("op != '=~'").round(3)
       lhs  op rhs  value
    7    y   ~   x  0.400
    8    y   ~   z  0.200
    9    x  ~~   z  0.300
    10   y  r2   y  0.248
    >>> print(sim.description)
    x =~ x1 + x2 + x3
    z =~ z1 + z2
    y =~ y1 + y2
    y ~ x + z
    x ~~ z
    """
    meas, struct, corr, line_cuts = _population(model)
    constructs = list(meas)
    order = topological_order(constructs, [(p, y) for y, preds in struct.items() for p in preds])
    endogenous = [c for c in constructs if c in struct]
    exogenous = [c for c in constructs if c not in struct]
    phi = _exogenous_phi(corr, exogenous)
    n = _check_n(n)
    if levels is not None:
        levels = _check_levels(levels)
    elif thresholds is not None or line_cuts:
        raise SurveyError("thresholds: only meaningful with levels (got levels=None, i.e. continuous items)")
    items = [i for c in constructs for i in meas[c]]
    thr = None
    if levels is not None:
        if isinstance(thresholds, Mapping):
            unknown = [k for k in thresholds if k not in items]
            if unknown:
                raise SurveyError(f"thresholds: {unknown[0]!r} is not an item of the model")
            thr = {k: _check_thresholds(v, levels, f"thresholds[{k!r}]") for k, v in thresholds.items()}
        elif thresholds is not None:
            thr = _check_thresholds(thresholds, levels)
        if line_cuts:
            per_item = dict(thr) if isinstance(thr, dict) else ({} if thr is None else {i: thr for i in items})
            per_item.update({k: _check_thresholds(v, levels, f"thresholds of {k!r} (| line)")
                             for k, v in line_cuts.items()})
            thr = per_item
    missing = _number(missing, "missing")
    if not 0 <= missing < 1:
        raise SurveyError(f"missing: the share of missing answers must lie in [0, 1); got {missing:g}")
    rng = _rng(seed)

    sigma, psi = _implied(order, struct, phi, exogenous)
    idx = {c: i for i, c in enumerate(order)}

    # latent scores, one vectorized draw per stage
    eta = np.empty((n, len(order)))
    ex = [idx[c] for c in exogenous]
    eta[:, ex] = rng.standard_normal((n, len(exogenous))) @ np.linalg.cholesky(phi).T
    zeta = rng.standard_normal((n, len(endogenous)))
    zpos = {c: j for j, c in enumerate(endogenous)}
    for c in order:  # loop over constructs (a handful), never over respondents
        if c in struct:
            p = [idx[q] for q in struct[c]]
            eta[:, idx[c]] = eta[:, p] @ np.array(list(struct[c].values())) + np.sqrt(psi[c]) * zeta[:, zpos[c]]
    scores = pd.DataFrame(eta[:, [idx[c] for c in constructs]], columns=constructs)

    lam = np.array([meas[c][i] for c in constructs for i in meas[c]])
    owner = [idx[c] for c in constructs for _ in meas[c]]
    x = eta[:, owner] * lam + rng.standard_normal((n, len(items))) * np.sqrt(1 - lam**2)
    data = pd.DataFrame(x, columns=items)
    if levels is not None:
        data = likert(data, levels, thr)
    if missing > 0:
        mask = rng.random((n, len(items))) < missing
        data = data.astype("float64").mask(mask)

    order_c = [idx[c] for c in constructs]
    latent_corr = pd.DataFrame(sigma[np.ix_(order_c, order_c)], index=constructs, columns=constructs)
    rows = [(c, "=~", i, meas[c][i]) for c in constructs for i in meas[c]]
    rows += [(y, "~", x_, b) for y in endogenous for x_, b in struct[y].items()]
    rows += [
        (a, "~~", b, float(phi[i, j]))
        for i, a in enumerate(exogenous)
        for j, b in enumerate(exogenous)
        if i < j
    ]
    rows += [(y, "r2", y, 1.0 - psi[y]) for y in endogenous]
    truth = pd.DataFrame(rows, columns=["lhs", "op", "rhs", "value"])

    lines = [f"{c} =~ " + " + ".join(meas[c]) for c in constructs]
    lines += [f"{y} ~ " + " + ".join(struct[y]) for y in endogenous]
    lines += [f"{a} ~~ {b}" for (a, op, b, v) in rows if op == "~~" and v != 0]
    return SimulatedSurvey(data, scores, truth, latent_corr, "\n".join(lines))
