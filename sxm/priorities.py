"""From measurement to action: derived importance, importance-performance analysis, plans.

Three steps close the customer-experience cycle:

1. :func:`derived_importance` — which drivers move the outcome (key-driver analysis):
   zero-order correlations, standardized regression weights, Johnson's (2000) relative
   weights, or the total effects of a structural equation model fitted with :mod:`sxm.sem`;
   :func:`plot_importance` draws them and :func:`compare_importance` sets them against
   what customers state.
2. :func:`ipa` — Martilla & James's (1977) importance-performance grid, with the cut-off
   rule stated, and :func:`plot_ipa`.
3. :func:`plan` — one ranked improvement list from gaps (SERVQUAL or journey), importance,
   Kano categories and optional costs, each rank with its reason.

numpy does the linear algebra; relative weights, IPA and the plan are written here because
neither pingouin nor semopy has them.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .io import (
    SurveyError,
    SurveyTypeError,
    check_level,
    check_not_constant,
    complete_rows,
    numeric_items,
    require_columns,
    require_frame,
)
from .model import check_blocks, composite_scores
from .resample import check_resampling

__all__ = [
    "derived_importance", "relative_weights", "compare_importance", "plot_importance", "ipa", "plot_ipa", "plan",
    "QUADRANTS", "KANO_WEIGHTS",
]

#: IPA quadrant names (Martilla & James 1977), keyed by (importance high?, performance high?).
QUADRANTS = {
    (True, False): "concentrate here",
    (True, True): "keep up the good work",
    (False, False): "low priority",
    (False, True): "possible overkill",
}

#: Default multipliers of a Kano category in :func:`plan` (must-be > one-dimensional >
#: attractive > indifferent; reverse and questionable attributes are not improved).
KANO_WEIGHTS = {"M": 1.5, "O": 1.0, "A": 0.75, "I": 0.25, "R": 0.0, "Q": 0.0}
_KANO_NAMES = {"M": "must-be", "O": "one-dimensional", "A": "attractive", "I": "indifferent", "R": "reverse",
               "Q": "questionable"}


# --------------------------------------------------------------------------------------
# derived importance
# --------------------------------------------------------------------------------------
def _names(value, what: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    try:
        names = list(value)
    except TypeError:
        raise SurveyTypeError(f"{what}: must be a column name or a list of column names; got {value!r}") from None
    if not names or not all(isinstance(n, str) for n in names):
        raise SurveyTypeError(f"{what}: must be a non-empty list of column names (strings); got {value!r}")
    return names


def relative_weights(corr: np.ndarray, r_xy: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights from a correlation matrix.

    Parameters
    ----------
    corr : array-like of float, shape (p, p)
        Correlations among the drivers (symmetric, positive definite).
    r_xy : array-like of float, shape (p,)
        Correlations of the drivers with the outcome.

    Returns
    -------
    ndarray of float, shape (p,)
        Raw relative weights; they are non-negative and sum to the regression R².

    Raises
    ------
    SurveyError
        Shapes that do not match, values that are not finite, or a ``corr`` that is not
        symmetric or not positive definite (collinear drivers).

    See Also
    --------
    derived_importance : relative weights (and other measures) from survey data.

    Notes
    -----
    With :math:`R_{xx} = P \\Delta P'`, the drivers' correlations with their closest
    orthogonal counterparts *Z* are :math:`\\Lambda = P \\Delta^{1/2} P'`; the outcome's
    regression weights on *Z* are :math:`\\beta = \\Lambda^{-1} r_{xy}`, and driver *j*'s
    weight is :math:`\\varepsilon_j = \\sum_k \\lambda_{jk}^2 \\beta_k^2`. Since
    :math:`\\sum_j \\lambda_{jk}^2 = 1`, :math:`\\sum_j \\varepsilon_j = \\beta'\\beta =
    r_{xy}' R_{xx}^{-1} r_{xy} = R^2`.

    Examples
    --------
    Two uncorrelated drivers: the weights are the squared correlations.

    >>> relative_weights(np.eye(2), np.array([0.5, 0.3]))
    array([0.25, 0.09])

    Correlated drivers share what they explain (R² = 0.3733):

    >>> relative_weights(np.array([[1, 0.5], [0.5, 1]]), np.array([0.6, 0.4])).round(4)
    array([0.2867, 0.0867])
    >>> # In R: rwa::rwa(df, "y", c("x1", "x2")) (Johnson's weights from data)
    """
    corr = np.asarray(corr, dtype=float)
    r_xy = np.asarray(r_xy, dtype=float).ravel()
    if corr.ndim != 2 or corr.shape[0] != corr.shape[1] or corr.shape[0] != r_xy.size:
        raise SurveyError(
            f"corr, r_xy: need a square p x p corr and p correlations with the outcome; got corr {corr.shape} "
            f"and {r_xy.size} value(s) in r_xy"
        )
    if not (np.isfinite(corr).all() and np.isfinite(r_xy).all()):
        raise SurveyError("corr, r_xy: must be finite numbers (no NaN or inf)")
    if not np.allclose(corr, corr.T, atol=1e-10):
        raise SurveyError("corr: must be symmetric (a correlation matrix)")
    values, vectors = np.linalg.eigh(corr)
    if values.min() <= 1e-10 * max(1.0, values.max()):
        raise SurveyError(
            "corr: must be positive definite (rule: no driver may be a linear combination of the others, i.e. "
            f"not collinear); smallest eigenvalue {values.min():.2g}"
        )
    lam = (vectors * np.sqrt(values)) @ vectors.T
    beta = np.linalg.solve(lam, r_xy)
    return (lam**2) @ (beta**2)


def derived_importance(data, drivers, outcome: str, *, method: str = "relative_weights", blocks=None, by=None,
                       scale=None, n_boot: int = 0, seed=None, n_jobs=None, progress: bool = True,
                       level: float = 0.95) -> pd.DataFrame:
    """Key-driver analysis: how much each driver matters for the outcome.

    Parameters
    ----------
    data : DataFrame or sxm.sem result
        One row per respondent (not modified); or, with ``method="sem_total"``, a fitted
        model of :func:`sxm.sem.fit`.
    drivers : str or list of str
        Driver columns (or block names, or with ``"sem_total"`` model variables such as
        constructs).
    outcome : str
        Outcome column (e.g. overall satisfaction), block name, or model variable.
    method : {"relative_weights", "regression", "correlation", "sem_total"}, default "relative_weights"
        Which measure becomes the ``importance`` column and the ranking.
    blocks : dict or str, optional
        ``{name: item columns or glob}`` (or lavaan syntax): a driver or outcome named here
        is scored as the mean of its answered items (:func:`sxm.model.composite_scores`),
        e.g. ``{"employees": "emp?", "satisfaction": "sat?"}``. Default ``None``: every
        name is a column.
    by : str, optional
        A grouping column (segments): one analysis per segment (index ``(<by>, driver)``),
        for services whose drivers weigh differently. Default ``None``: one analysis.
    scale : tuple of (low, high), optional
        Inclusive answer scale checked for every column used. Default ``None``: no check
        of the range.
    n_boot : int, default 0
        Bootstrap resamples of respondents for a percentile interval of ``importance``
        (0 = none); uses :func:`sxm.resample.bootstrap`.
    seed : int, optional
        Makes the bootstrap reproducible, whatever ``n_jobs`` is. Default ``None``.
    n_jobs : int, optional
        Worker processes for the bootstrap: ``None`` or ``-1`` every core, ``1`` this
        process. Default ``None``.
    progress : bool, default True
        Show the bootstrap's progress bar.
    level : float, default 0.95
        Confidence level of the bootstrap interval.

    Returns
    -------
    DataFrame
        Indexed by ``driver``. For the three survey methods the columns are ``mean`` (the
        driver's mean score, the *performance* axis of :func:`ipa`), ``correlation``
        (zero-order r with the outcome), ``beta`` (standardized regression weight),
        ``relative_weight`` (Johnson's raw weight; the weights sum to R²),
        ``rescaled_weight`` (relative weight / R², sums to 1), then ``importance`` (the
        measure of ``method``), ``share`` (``|importance|`` over its sum), ``rank``, and
        with ``n_boot`` ``ci_low``/``ci_high``. ``attrs`` holds ``method``, ``r2`` and ``n``
        (with ``by``: ``r2`` and ``n`` are dicts by segment). For ``"sem_total"`` the
        columns are ``direct``, ``indirect`` and ``total`` standardized effects
        (``std_all``) with ``importance`` = ``total``.

    Raises
    ------
    SurveyError
        Missing or non-numeric columns, answers off the scale, a constant column, fewer
        complete rows than drivers + 2, perfectly collinear drivers, an outcome listed as a
        driver, a driver listed twice, an unknown ``method``; a bad ``n_boot``, ``seed``,
        ``n_jobs``, ``progress`` or ``level``.
    SurveyTypeError
        ``drivers`` or ``outcome`` are not column names; a fitted SEM without
        ``method="sem_total"``, or ``method="sem_total"`` without a fitted SEM.

    See Also
    --------
    relative_weights : Johnson's weights from a correlation matrix.
    plot_importance : the bar chart of this table.
    ipa : the importance-performance grid (``importance="share"``, ``performance="mean"``).
    compare_importance : stated against derived importance.
    plan : a ranked improvement list from gaps and this importance.

    Notes
    -----
    Rows with a missing value in any driver or the outcome are dropped (listwise; a
    warning says so when that drops more than 5 % of them).
    Correlations rank drivers by their bivariate link and double-count what correlated
    drivers share; regression weights split it arbitrarily and can turn negative;
    Johnson's relative weights (see :func:`relative_weights`) split R² among the drivers
    in proportion to their contribution, and nearly equal the general dominance weights
    of Budescu (1993). Stated importance (asking "how important is ...?") tends to be
    high for everything; derived importance separates drivers better but only within
    the range of the data.

    References
    ----------
    Johnson, J. W. (2000). A heuristic method for estimating the relative weight of
    predictor variables in multiple regression. *Multivariate Behavioral Research*,
    35(1), 1-19.
    Tonidandel, S., LeBreton, J. M., & Johnson, J. W. (2009). Determining the statistical
    significance of relative weights. *Psychological Methods*, 14(4), 387-399.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=(200, 3))
    >>> df = pd.DataFrame(x, columns=["staff", "speed", "price"])
    >>> df["sat"] = 0.6 * df.staff + 0.3 * df.speed + rng.normal(size=200)
    >>> imp = derived_importance(df, ["staff", "speed", "price"], "sat")
    >>> imp["rank"].tolist(), bool(np.isclose(imp["relative_weight"].sum(), imp.attrs["r2"]))
    ([1, 2, 3], True)
    >>> # In R: the eigen-decomposition of tests/reference/priorities_reference.R

    The four elements of the bundled survey as drivers of satisfaction, with a bootstrap:

    >>> from sxm.datasets import load
    >>> blocks = {"employees": "emp?", "facilities": "fac?", "customers": "cus?", "process": "pro?",
    ...           "satisfaction": "sat?"}
    >>> imp = derived_importance(load("service_experience"), ["employees", "facilities", "customers", "process"],
    ...                          "satisfaction", blocks=blocks, n_boot=200, seed=1, n_jobs=1, progress=False)
    >>> imp[["importance", "ci_low", "ci_high", "rank"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
                importance  ci_low  ci_high  rank
    driver
    employees        0.060   0.031    0.101     3
    facilities       0.075   0.040    0.120     2
    customers        0.015   0.004    0.032     4
    process          0.079   0.048    0.123     1
    >>> round(imp.attrs["r2"], 3)
    0.229
    """
    methods = ("relative_weights", "regression", "correlation", "sem_total")
    if method not in methods:
        raise SurveyError(f"method: must be one of {', '.join(methods)}; got {method!r}")
    drivers = _names(drivers, "drivers")
    if not isinstance(outcome, str):
        raise SurveyTypeError(f"outcome: must be one column name (a string); got {outcome!r}")
    if outcome in drivers:
        raise SurveyError(f"outcome {outcome!r}: is also listed as a driver (rule: the outcome cannot explain itself)")
    if len(set(drivers)) < len(drivers):
        dup = next(d for d in drivers if drivers.count(d) > 1)
        raise SurveyError(f"drivers: {dup!r} is listed twice")
    if method == "sem_total":
        return _sem_importance(data, drivers, outcome)
    if hasattr(data, "effects") and not isinstance(data, pd.DataFrame):
        raise SurveyTypeError("data: a fitted SEM result needs method='sem_total'")
    n_boot, seed, n_jobs, progress = check_resampling(n_boot, seed, n_jobs, progress)
    level = check_level(level)
    boot = dict(n_boot=n_boot, seed=seed, n_jobs=n_jobs, progress=progress, level=level)
    require_frame(data)
    values = _score(data, drivers + [outcome], blocks, scale)
    if by is None:
        out = _survey_importance(values, drivers, method, **boot)
        out.attrs["outcome"] = outcome
        return out
    if not isinstance(by, str):
        raise SurveyTypeError(f"by: must be the name of one grouping column; got {by!r}")
    require_columns(data, [by], what="grouping column")
    seg = data[by]
    unlabelled = int(seg.isna().sum())
    if unlabelled:
        warnings.warn(f"column {by!r}: {unlabelled} of {len(seg)} respondents have no group and are left out",
                      UserWarning, stacklevel=2)
    parts, r2, n = {}, {}, {}
    for key, idx in values.groupby(seg, sort=True).groups.items():  # one fit per segment
        part = _survey_importance(values.loc[idx], drivers, method, **boot, where=f"{by}={key!r}")
        parts[key], r2[key], n[key] = part, part.attrs["r2"], part.attrs["n"]
    out = pd.concat(parts, names=[by, "driver"])
    out.attrs.update(method=method, r2=r2, n=n, outcome=outcome, by=by)
    return out


def _score(data, names, blocks, scale) -> pd.DataFrame:
    """Numeric columns for ``names``: a column as it is, a block as the mean of its items."""
    blocks = {} if blocks is None else check_blocks(blocks, data)
    plain = [name for name in names if name not in blocks]
    values = numeric_items(data, plain, scale=scale) if plain else pd.DataFrame(index=data.index)
    used = {name: blocks[name] for name in names if name in blocks}
    scores = composite_scores(data, used, scale=scale) if used else pd.DataFrame(index=data.index)
    return pd.DataFrame({name: scores[name] if name in used else values[name] for name in names}, index=data.index)


def _measures(values: np.ndarray, p: int):
    """correlation, beta, relative weight and R² of column p on columns 0..p-1."""
    corr = np.corrcoef(values, rowvar=False)
    rxx, rxy = corr[:p, :p], corr[:p, p]
    beta = np.linalg.solve(rxx, rxy)
    return rxy, beta, relative_weights(rxx, rxy), float(rxy @ beta)


def _survey_importance(values, drivers, method, *, n_boot, seed, n_jobs, progress, level,
                       where="data") -> pd.DataFrame:
    values = complete_rows(values, what=f"derived importance ({where})", stacklevel=4)
    p = len(drivers)
    if len(values) < p + 2:
        raise SurveyError(
            f"{where}: needs at least {p + 2} complete rows for {p} driver(s) (rule: rows without a missing "
            f"value in drivers and outcome); found {len(values)}"
        )
    check_not_constant(values)
    eig = np.linalg.eigvalsh(values[drivers].corr().to_numpy())
    if eig.min() < 1e-10 * max(1.0, eig.max()):
        raise SurveyError(
            f"drivers ({where}): are perfectly collinear (rule: no driver may be a linear combination of the others; "
            f"smallest eigenvalue of their correlation matrix {eig.min():.2g})"
        )
    rxy, beta, raw, r2 = _measures(values.to_numpy(), p)
    out = pd.DataFrame(
        {"mean": values[drivers].mean().to_numpy(), "correlation": rxy, "beta": beta, "relative_weight": raw,
         "rescaled_weight": raw / r2},
        index=pd.Index(drivers, name="driver"),
    )
    pick = {"correlation": 0, "regression": 1, "relative_weights": 2}[method]
    out["importance"] = out.iloc[:, pick + 1]
    _share_and_rank(out)
    if n_boot:
        from .resample import bootstrap, percentile_ci

        draws = bootstrap(lambda a: _measures(a, p)[pick], values.to_numpy(), n_boot=n_boot, seed=seed,
                          n_jobs=n_jobs, desc="relative importance", progress=progress)
        out["ci_low"], out["ci_high"] = percentile_ci(draws, level)
    out.attrs.update(method=method, r2=r2, n=int(len(values)))
    return out


def plot_importance(result: pd.DataFrame, *, column: str = "importance", title: str | None = None, ax=None):
    """Bar chart of derived importance per driver, one colour per segment, with bootstrap intervals.

    Parameters
    ----------
    result : DataFrame
        The output of :func:`derived_importance` (with or without ``by``). Not modified.
    column : str, default "importance"
        Column to draw (``"importance"``, ``"rescaled_weight"``, ``"share"``...). The
        ``ci_low``/``ci_high`` interval is drawn only for ``"importance"``.
    title : str, optional
        Title of the Axes. Default ``None``: "Derived importance" in the language in force
        (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per driver (in the order of ``result``, first on top), one
        colour and a legend entry per segment when ``result`` was made ``by`` a grouping
        column; error bars for the bootstrap interval. Fixed words and known driver and
        segment names are in the language in force.

    Raises
    ------
    SurveyError
        ``result`` lacks ``column``.
    SurveyTypeError
        ``result`` is not a DataFrame.

    See Also
    --------
    derived_importance : the table drawn here.
    plot_ipa : importance against performance.

    Examples
    --------
    >>> from sxm.datasets import load
    >>> blocks = {"employees": "emp?", "facilities": "fac?", "customers": "cus?", "process": "pro?",
    ...           "satisfaction": "sat?"}
    >>> imp = derived_importance(load("service_experience"), ["employees", "facilities", "customers", "process"],
    ...                          "satisfaction", blocks=blocks, by="segment")
    >>> ax = plot_importance(imp)
    >>> ax.get_xlabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('importance (relative_weights)', ['airline', 'cinema', 'dental clinic'])
    >>> from sxm import i18n
    >>> old = i18n.set_lang("zh")
    >>> ax = plot_importance(imp)
    >>> ax.get_title(), ax.get_xlabel(), [t.get_text() for t in ax.get_yticklabels()]
    ('推导重要性', '重要性（relative_weights）', ['员工', '设施', '客户', '过程'])
    >>> _ = i18n.set_lang(old)
    """
    from .i18n import label, t
    from .plots import PALETTE, get_ax

    require_frame(result, name="result")
    require_columns(result, [column])
    ax = get_ax(ax)
    if result.index.nlevels == 2:
        frame = result.reset_index()
        seg_col, drv_col = result.index.names
    else:
        frame = result.reset_index().assign(_segment="all")
        seg_col, drv_col = "_segment", result.index.name or "index"
    drivers = list(dict.fromkeys(frame[drv_col]))
    segments = list(dict.fromkeys(frame[seg_col]))
    height = 0.8 / len(segments)
    has_ci = column == "importance" and {"ci_low", "ci_high"} <= set(frame.columns)
    for k, seg in enumerate(segments):  # one bar group per segment
        part = frame[frame[seg_col] == seg].set_index(drv_col).reindex(drivers)
        y = np.arange(len(drivers)) + (k - (len(segments) - 1) / 2) * height
        err = None
        if has_ci:
            err = np.vstack([part[column] - part["ci_low"], part["ci_high"] - part[column]])
        ax.barh(y, part[column], height=height * 0.95, xerr=err, color=PALETTE[k % len(PALETTE)],
                label=None if seg_col == "_segment" else str(label(seg)), error_kw={"elinewidth": 1, "capsize": 2})
    ax.set_yticks(np.arange(len(drivers)))
    ax.set_yticklabels([str(label(d)) for d in drivers])
    ax.invert_yaxis()
    method = result.attrs.get("method", "")
    word = t("common.importance") if column == "importance" else column
    ax.set(xlabel=t("priorities.importance.xlabel", column=word, method=method) if method else word, ylabel="",
           title=t("priorities.importance.title") if title is None else title)
    if seg_col != "_segment":
        ax.legend(title=label(seg_col), fontsize=8)
    ax.axvline(0, color="0.4", lw=0.8)
    return ax


def _share_and_rank(out: pd.DataFrame) -> None:
    mag = out["importance"].abs()
    out["share"] = mag / mag.sum() if mag.sum() > 0 else np.nan
    out["rank"] = mag.rank(ascending=False, method="min").astype(int)


def _sem_importance(result, drivers, outcome) -> pd.DataFrame:
    if not hasattr(result, "effects") or isinstance(result, pd.DataFrame):
        raise SurveyTypeError(
            f"data: method='sem_total' needs a fitted model of sxm.sem.fit (with .effects); got {type(result).__name__}"
        )
    rows = {}
    for d in drivers:  # one small table per driver, not per respondent
        eff = result.effects(d, outcome).set_index("effect")["std_all"]
        rows[d] = {"direct": eff["direct"], "indirect": eff["indirect"], "total": eff["total"]}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "driver"
    out["importance"] = out["total"]
    _share_and_rank(out)
    r2 = getattr(result, "r2", None)
    try:
        r2 = float(pd.Series(r2)[outcome])
    except (KeyError, TypeError, ValueError):
        r2 = np.nan
    out.attrs.update(method="sem_total", r2=r2, outcome=outcome)
    return out


def compare_importance(stated, derived) -> pd.DataFrame:
    """Stated versus derived importance of the same attributes, as shares and ranks.

    Parameters
    ----------
    stated : Series or dict
        What customers *say* matters (mean importance ratings, 100-point allocations, ...),
        indexed by attribute; any non-negative scale.
    derived : Series or dict
        What the data *show* matters, e.g. ``derived_importance(...)["share"]``, for the
        same attributes.

    Returns
    -------
    DataFrame
        Indexed by attribute: ``stated_share`` and ``derived_share`` (each rescaled to sum
        to 1), ``stated_rank``, ``derived_rank`` (1 = most important) and ``shift`` =
        stated_rank − derived_rank (positive: the data rank it higher than customers do).
        ``attrs["spearman"]`` is the rank correlation of the two (NaN for fewer than three
        attributes).

    Raises
    ------
    SurveyError
        The two list different attributes, hold a value that is not a finite number, a
        negative value, or sum to zero.
    SurveyTypeError
        ``stated`` or ``derived`` is not a Series or dict.

    See Also
    --------
    derived_importance : the derived importance.
    sxm.kano.summarize : stated importance next to the Kano category (``importance=``).

    Notes
    -----
    Stated importance is usually compressed near the top of the scale (everything is
    "important"), so its shares are flatter; derived importance separates attributes but
    reflects only the variation present in the sample. Large shifts are worth a
    conversation: a must-be attribute that every firm fulfils can be stated as crucial yet
    derive little importance (Kano's must-be items do not raise satisfaction once met).

    Examples
    --------
    >>> cmp = compare_importance({"a": 9, "b": 8, "c": 8.5}, {"a": 0.2, "b": 0.5, "c": 0.3})
    >>> cmp["shift"].tolist(), cmp.attrs["spearman"]
    ([-2, 2, 0], -1.0)
    >>> # In R: cor(stated, derived, method = "spearman")
    """
    from scipy import stats

    st = _numeric(_as_series(stated, "stated", None), "stated")
    de = _numeric(_as_series(derived, "derived", None), "derived")
    if set(st.index) != set(de.index):
        odd = sorted(set(st.index) ^ set(de.index))[0]
        raise SurveyError(f"stated, derived: must list the same attributes; {odd!r} is in only one of them")
    de = de.reindex(st.index)
    for name, v in (("stated", st), ("derived", de)):
        if (v < 0).any() or v.sum() <= 0:
            raise SurveyError(f"{name}: importance must be >= 0 with a positive sum")
    out = pd.DataFrame({"stated_share": st / st.sum(), "derived_share": de / de.sum()})
    out["stated_rank"] = st.rank(ascending=False, method="min").astype(int)
    out["derived_rank"] = de.rank(ascending=False, method="min").astype(int)
    out["shift"] = out["stated_rank"] - out["derived_rank"]
    out.index.name = "attribute"
    out.attrs["spearman"] = float(stats.spearmanr(st, de).statistic) if len(out) > 2 else np.nan
    return out


# --------------------------------------------------------------------------------------
# importance-performance analysis
# --------------------------------------------------------------------------------------
def _cut_value(values: pd.Series, cut, what: str) -> tuple[float, str]:
    if isinstance(cut, str):
        if cut == "mean":
            return float(values.mean()), "mean of the attributes"
        if cut == "median":
            return float(values.median()), "median of the attributes"
        try:  # a number given as text, e.g. from the command line (-p IPA_CUT 4)
            cut = float(cut)
        except ValueError:
            raise SurveyError(
                f"cut: must be 'mean', 'median', a number or a (importance, performance) pair; got {cut!r}"
            ) from None
    if isinstance(cut, (int, float, np.number)) and not isinstance(cut, bool) and np.isfinite(cut):
        return float(cut), "fixed value"
    raise SurveyError(f"cut for {what}: must be 'mean', 'median' or a finite number; got {cut!r}")


def ipa(table: pd.DataFrame, *, importance: str, performance: str, cut="mean") -> pd.DataFrame:
    """Importance-performance analysis: each attribute's quadrant.

    Parameters
    ----------
    table : DataFrame
        One row per attribute (the index names the attributes), with an importance and a
        performance column. Not modified.
    importance : str
        Column of ``table`` with the importance (e.g. ``"share"`` of
        :func:`derived_importance`, or a mean stated importance); required.
    performance : str
        Column of ``table`` with the performance (e.g. ``"mean"``); required.
    cut : "mean", "median", number, or (importance_cut, performance_cut), default "mean"
        Where the grid is split. ``"mean"`` (default, as in Martilla & James) uses the mean
        over the attributes of each axis; a number is used on both axes (e.g. the scale
        midpoint); a pair gives one cut per axis, each ``"mean"``, ``"median"`` or a number.

    Returns
    -------
    DataFrame
        ``importance``, ``performance`` and ``quadrant``: *concentrate here* (high
        importance, low performance), *keep up the good work* (high, high), *low priority*
        (low, low), *possible overkill* (low importance, high performance). ``attrs``
        holds ``importance_cut``, ``performance_cut`` and ``cut_rule``, the rule in words.

    Raises
    ------
    SurveyError
        Missing columns, values that are not numbers or are missing, or a ``cut`` that is
        not ``"mean"``, ``"median"``, a finite number or a pair of them.
    SurveyTypeError
        ``table`` is not a DataFrame, or ``importance``/``performance`` are not column
        names.

    See Also
    --------
    plot_ipa : draw the grid.
    derived_importance : importance (``share``) and performance (``mean``) per driver.
    plan : a ranked improvement list that also weighs gaps, Kano and cost.

    Notes
    -----
    A value **at or above** the cut counts as high. The mean cut ("data-centred" grid)
    guarantees a spread over the quadrants; a scale-midpoint cut puts everything in the
    top half when every attribute is rated important, which is common with stated
    importance.

    References
    ----------
    Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. *Journal of
    Marketing*, 41(1), 77-79.

    Examples
    --------
    >>> t = pd.DataFrame({"imp": [6, 6, 3, 3], "perf": [3, 6, 3, 6]}, index=list("abcd"))
    >>> ipa(t, importance="imp", performance="perf")["quadrant"].tolist()
    ['concentrate here', 'keep up the good work', 'low priority', 'possible overkill']

    Derived importance of the bundled survey's four elements against their mean score:

    >>> from sxm.datasets import load
    >>> blocks = {"employees": "emp?", "facilities": "fac?", "customers": "cus?", "process": "pro?",
    ...           "satisfaction": "sat?"}
    >>> imp = derived_importance(load("service_experience"), ["employees", "facilities", "customers", "process"],
    ...                          "satisfaction", blocks=blocks)
    >>> grid = ipa(imp, importance="share", performance="mean")
    >>> grid["quadrant"].tolist()
    ['keep up the good work', 'keep up the good work', 'low priority', 'concentrate here']
    >>> round(grid.attrs["importance_cut"], 3), round(grid.attrs["performance_cut"], 3)  # the means
    (0.25, 4.635)
    """
    require_frame(table, name="table")
    if not isinstance(importance, str) or not isinstance(performance, str):
        raise SurveyTypeError("importance, performance: must be column names (strings)")
    values = numeric_items(table, [importance, performance], allow_missing=False)
    if isinstance(cut, (tuple, list)):
        if len(cut) != 2:
            raise SurveyError(f"cut: a pair must have two entries (importance, performance); got {cut!r}")
        cut_i, cut_p = cut
    else:
        cut_i = cut_p = cut
    yi, rule_i = _cut_value(values[importance], cut_i, "importance")
    xp, rule_p = _cut_value(values[performance], cut_p, "performance")
    high_i = values[importance].ge(yi)
    high_p = values[performance].ge(xp)
    quadrant = pd.Series([QUADRANTS[(a, b)] for a, b in zip(high_i, high_p)], index=table.index)
    out = pd.DataFrame({"importance": values[importance], "performance": values[performance], "quadrant": quadrant})
    out.attrs.update(
        importance_cut=yi, performance_cut=xp, importance_label=importance, performance_label=performance,
        cut_rule=(f"importance is high when >= {yi:.3f} ({rule_i}); performance is high when >= {xp:.3f} "
                  f"({rule_p})"),
    )
    return out


def plot_ipa(result: pd.DataFrame, *, title: str | None = None, ax=None):
    """Draw the IPA grid of :func:`ipa` (performance across, importance up).

    Parameters
    ----------
    result : DataFrame
        The output of :func:`ipa` (its ``attrs`` hold the cut values). Not modified.
    title : str, optional
        Title of the Axes. Default ``None``: "Importance-performance analysis" in the
        language in force (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        One labelled point per attribute, the two cut lines and the four quadrant names in
        the corners; the axis labels name the columns that :func:`ipa` read. Fixed words,
        quadrant names and known attribute names are in the language in force.

    Raises
    ------
    SurveyError
        ``result`` lacks ``importance``, ``performance`` or ``quadrant``, or its cut
        values (it is not the output of :func:`ipa`).
    SurveyTypeError
        ``result`` is not a DataFrame.

    See Also
    --------
    ipa : the table drawn here.
    plot_importance : the bar chart of derived importance.
    sxm.kano.plot_better_worse : the Kano quadrants.

    Examples
    --------
    >>> t = pd.DataFrame({"imp": [6, 6, 3, 3], "perf": [3, 6, 3, 6]}, index=list("abcd"))
    >>> ax = plot_ipa(ipa(t, importance="imp", performance="perf"))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('performance (perf)', 'importance (imp)')
    >>> from sxm import i18n
    >>> old = i18n.set_lang("zh")
    >>> ax = plot_ipa(ipa(t, importance="imp", performance="perf"))
    >>> ax.get_title(), ax.get_xlabel(), sorted(t.get_text() for t in ax.texts)[-2:]
    ('重要性—表现分析（IPA）', '表现（perf）', ['继续保持', '重点改进'])
    >>> _ = i18n.set_lang(old)
    """
    from .i18n import label, t
    from .plots import quadrant_chart

    require_frame(result, name="result")
    require_columns(result, ["importance", "performance", "quadrant"])
    if "importance_cut" not in result.attrs:
        raise SurveyError("result: must be the output of sxm.priorities.ipa (its attrs hold the cut values)")
    def axis_label(axis):
        column = result.attrs.get(f"{axis}_label", axis)
        word = t(f"common.{axis}")
        if column in ("importance", "performance", "perception", "expectation"):
            column = t(f"common.{column}")
        return word if column == word else t("priorities.ipa.axis", axis=word, column=column)

    names = {"upper left": t("priorities.ipa.concentrate"), "upper right": t("priorities.ipa.keep_up"),
             "lower left": t("priorities.ipa.low_priority"), "lower right": t("priorities.ipa.overkill")}
    ax = quadrant_chart(
        result["performance"], result["importance"], [str(label(i)) for i in result.index],
        x_cut=result.attrs["performance_cut"], y_cut=result.attrs["importance_cut"], quadrant_names=names,
        xlabel=axis_label("performance"), ylabel=axis_label("importance"),
        title=t("priorities.ipa.title") if title is None else title, ax=ax,
    )
    # leave room so that the quadrant names in the corners do not cover points
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    dx, dy = 0.12 * (x1 - x0), 0.12 * (y1 - y0)
    ax.set_xlim(x0 - dx, x1 + dx)
    ax.set_ylim(y0 - dy, y1 + dy)
    corners = {"upper left": (x0 - dx, y1 + dy), "upper right": (x1 + dx, y1 + dy),
               "lower left": (x0 - dx, y0 - dy), "lower right": (x1 + dx, y0 - dy)}
    for text in ax.texts:
        for key, name in names.items():
            if text.get_text() == name:
                text.set_position(corners[key])
    return ax


# --------------------------------------------------------------------------------------
# improvement plan
# --------------------------------------------------------------------------------------
def _as_series(value, what: str, column: str | None) -> pd.Series:
    if isinstance(value, dict):
        value = pd.Series(value)
    if isinstance(value, pd.DataFrame):
        if column is None or column not in value:
            raise SurveyError(
                f"{what}: a DataFrame needs a {column!r} column (rule: one row per attribute, indexed by attribute); "
                f"it has {list(value.columns)[:8]}"
            )
        value = value[column]
    if not isinstance(value, pd.Series):
        raise SurveyTypeError(f"{what}: must be a Series or DataFrame indexed by attribute (or a dict); got "
                              f"{type(value).__name__}")
    if value.index.has_duplicates:
        raise SurveyError(f"{what}: attribute {value.index[value.index.duplicated()][0]!r} appears twice")
    value = value.copy()
    value.index = value.index.astype(str)
    return value


def _numeric(s: pd.Series, what: str) -> pd.Series:
    num = pd.to_numeric(s, errors="coerce").astype(float)
    bad = num.isna() | ~np.isfinite(num)
    if bad.any():
        raise SurveyError(f"{what}: must be a finite number for every attribute; attribute {bad[bad].index[0]!r} "
                          f"has {s[bad].iloc[0]!r}")
    return num


def plan(gaps, importance, *, kano=None, cost=None, default_cost=None, kano_weights=None, gap_column: str = "gap",
         importance_column: str = "share") -> pd.DataFrame:
    """One ranked improvement list: impact × shortfall / cost, with the reason for each rank.

    Parameters
    ----------
    gaps : Series, dict or DataFrame
        Perception − expectation gap per attribute (index), negative when the service
        falls short: a SERVQUAL gap table, or a journey summary indexed by touchpoint.
        A DataFrame is read from ``gap_column``.
    importance : Series, dict or DataFrame
        Importance per attribute, e.g. :func:`derived_importance` (``importance_column``,
        default ``"share"``), or stated importance. Must cover every attribute of ``gaps``.
    kano : Series, dict or DataFrame, optional
        Kano category per attribute (A, O, M, I, R, Q), e.g. ``sxm.kano.summarize(...)``
        (its ``category`` column). Attributes without a category get weight 1. Default
        ``None``: no Kano weighting.
    cost : Series, dict or DataFrame, optional
        Cost of closing the gap per attribute (any positive unit: money, effort points; a
        DataFrame is read from its ``cost`` column). Default ``None``: every cost is 1.
    default_cost : float, optional
        Cost of the attributes that ``cost`` does not list. Default ``None``: ``cost``
        must list every attribute.
    kano_weights : dict, optional
        Multipliers per category, overriding those of :data:`KANO_WEIGHTS`. Default
        ``None``: :data:`KANO_WEIGHTS`.
    gap_column : str, default "gap"
        Column read when ``gaps`` is a DataFrame.
    importance_column : str, default "share"
        Column read when ``importance`` is a DataFrame.

    Returns
    -------
    DataFrame
        Indexed by ``attribute``, sorted by ``rank`` (1 = first to improve), with
        ``gap``, ``shortfall`` = max(0, −gap), ``importance``, ``category``,
        ``kano_weight``, ``impact`` = importance × kano_weight, ``cost``, ``priority`` =
        impact × shortfall / cost, and ``reason``.

    Raises
    ------
    SurveyError
        No attribute; an attribute listed twice; a gap, importance or cost that is not a
        finite number; importance that does not cover every attribute or is negative; a
        cost that is missing or not positive; an unknown Kano category; a DataFrame
        without the column to read.
    SurveyTypeError
        ``gaps``, ``importance``, ``kano`` or ``cost`` is not a Series, DataFrame or dict.

    See Also
    --------
    derived_importance : importance per attribute (``share``).
    ipa : the importance-performance grid.
    sxm.servqual.summarize : gaps per SERVQUAL dimension or item.
    sxm.journey.summarize : gaps per touchpoint.
    sxm.kano.priorities : the Kano strategy alone.

    Notes
    -----
    The rule follows the customer-experience framework: rank touchpoints by importance,
    then weigh the distance to the customer's expectation against what closing it costs
    (return on investment). The Kano multipliers put must-be requirements first (their
    absence dissatisfies), then one-dimensional, then attractive ones, as in Matzler &
    Hinterhuber (1998); reverse and questionable attributes get 0 — invest there only after
    checking the question. The multipliers are a convention: change them with
    ``kano_weights`` and say so. Attributes without shortfall get priority 0 and rank last
    (ties are broken by importance). Priorities are relative: only their order and ratios
    mean something.

    Examples
    --------
    >>> gaps = {"queue": -1.2, "bill": -0.6, "car": 0.3}
    >>> imp = {"queue": 0.5, "bill": 0.3, "car": 0.2}
    >>> p = plan(gaps, imp, kano={"queue": "M", "bill": "O", "car": "A"}, cost={"queue": 3, "bill": 1, "car": 1})
    >>> p.index.tolist(), p["priority"].round(3).tolist()
    (['queue', 'bill', 'car'], [0.3, 0.18, 0.0])
    >>> p.loc["queue", "reason"]
    'must-be (x1.5), importance 0.500 x shortfall 1.20 / cost 3 = 0.300'

    The touchpoints of the bundled journey, by their gap and mean stated importance:

    >>> from sxm.datasets import load
    >>> from sxm.journey import summarize
    >>> s = summarize(load("car_rental_journey")).set_index("touchpoint")
    >>> p = plan(s, s, importance_column="importance")
    >>> p[["rank", "gap", "importance", "priority"]].head(3).round(2)  # doctest: +NORMALIZE_WHITESPACE
                   rank   gap  importance  priority
    attribute
    pick-up wait      1 -0.97        6.03      5.87
    final bill        2 -0.59        6.06      3.56
    roadside help     3 -0.54        5.91      3.21
    """
    g = _numeric(_as_series(gaps, "gaps", gap_column), "gaps")
    if g.empty:
        raise SurveyError("gaps: needs at least one attribute")
    imp = _numeric(_as_series(importance, "importance", importance_column), "importance")
    missing = [a for a in g.index if a not in imp.index]
    if missing:
        raise SurveyError(f"importance: attribute {missing[0]!r} has a gap but no importance (rule: importance "
                          f"must cover every attribute of gaps)")
    imp = imp.reindex(g.index)
    if (imp < 0).any():
        raise SurveyError(f"importance: must be >= 0; attribute {imp[imp < 0].index[0]!r} has {imp[imp < 0].iloc[0]:g} "
                          "(use |beta| or relative weights)")
    weights = dict(KANO_WEIGHTS)
    if kano_weights:
        unknown = set(kano_weights) - set(KANO_WEIGHTS)
        if unknown:
            raise SurveyError(f"kano_weights: unknown category {sorted(unknown)[0]!r} (rule: A, O, M, I, R, Q)")
        weights.update(kano_weights)
    if kano is not None:
        cat = _as_series(kano, "kano", "category").reindex(g.index)
        bad = cat.notna() & ~cat.isin(list(KANO_WEIGHTS))
        if bad.any():
            raise SurveyError(f"kano: category must be one of A, O, M, I, R, Q; attribute {bad[bad].index[0]!r} has "
                              f"{cat[bad].iloc[0]!r}")
    else:
        cat = pd.Series(np.nan, index=g.index, dtype=object)
    kw = cat.map(weights).astype(float).fillna(1.0)
    if cost is not None:
        c = _as_series(cost, "cost", "cost")
        lacking = [a for a in g.index if a not in c.index]
        if lacking and default_cost is not None:
            c = pd.concat([c, pd.Series(default_cost, index=lacking)])
        elif lacking:
            raise SurveyError(f"cost: attribute {lacking[0]!r} has no cost (rule: costs for every attribute, or none)")
        c = _numeric(c.reindex(g.index), "cost")
        if (c <= 0).any():
            raise SurveyError(f"cost: must be > 0; attribute {c[c <= 0].index[0]!r} has {c[c <= 0].iloc[0]:g}")
    else:
        c = pd.Series(1.0, index=g.index)
    out = pd.DataFrame({"gap": g, "shortfall": (-g).clip(lower=0), "importance": imp, "category": cat,
                        "kano_weight": kw, "cost": c})
    out["impact"] = out["importance"] * out["kano_weight"]
    out["priority"] = out["impact"] * out["shortfall"] / out["cost"]
    out.index.name = "attribute"
    out = out.sort_values(["priority", "importance"], ascending=False, kind="stable")
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out["reason"] = _plan_reasons(out, cost is not None)
    return out[["rank", "gap", "shortfall", "importance", "category", "kano_weight", "impact", "cost", "priority",
                "reason"]]


def _plan_reasons(out: pd.DataFrame, has_cost: bool) -> pd.Series:
    cat = out["category"].map(_KANO_NAMES)
    kano_txt = (cat + " (x" + out["kano_weight"].map("{:g}".format) + ")").where(cat.notna(), "no Kano category")
    cost_txt = (" / cost " + out["cost"].map("{:g}".format)) if has_cost else ""
    calc = (
        kano_txt + ", importance " + out["importance"].map("{:.3f}".format) + " x shortfall "
        + out["shortfall"].map("{:.2f}".format) + cost_txt + " = " + out["priority"].map("{:.3f}".format)
    )
    met = "meets expectation (gap " + out["gap"].map("{:+.2f}".format) + "): maintain, do not invest first"
    zero_kano = kano_txt + pd.Series(
        np.where(out["category"].eq("Q"), ": contradictory Kano answers; check the question before investing",
                 ": more of it would not raise satisfaction; do not invest"), index=out.index)
    return calc.where(out["shortfall"].gt(0), met).where(~(out["kano_weight"].eq(0) & out["shortfall"].gt(0)), zero_kano)
