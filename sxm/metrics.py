"""Headline experience metrics: CSAT, NPS, CES, the four-element experience index and
disconfirmation (perception minus expectation).

Each metric takes the survey as a DataFrame and the name of its item, returns a tidy
DataFrame with the estimate and a confidence interval, and breaks the result down by a
segment column with ``by=``. Missing answers are left out of the respondent count ``n``
(they are never filled in). Shares are reported in percent, as the industry reports them.
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from .io import (
    SurveyError,
    SurveyTypeError,
    check_level,
    numeric_items,
    require_columns,
    require_frame,
)
from .model import check_blocks, composite_scores

__all__ = [
    "csat", "nps", "nps_sample_size", "ces", "experience_index", "compare_weights", "disconfirmation",
    "plot_estimates", "plot_nps_mix", "plot_elements", "plot_weights", "plot_disconfirmation",
]


# --------------------------------------------------------------------------------------
# shared plumbing
# --------------------------------------------------------------------------------------
def _z(level: float) -> float:
    return float(stats.norm.ppf((1 + check_level(level)) / 2))


def _by_columns(data: pd.DataFrame, by) -> list[str]:
    if by is None:
        return []
    cols = [by] if isinstance(by, str) else list(by)
    if not cols or not all(isinstance(c, str) for c in cols):
        raise SurveyTypeError(f"by: must be a column name or a list of column names; got {by!r}")
    require_columns(data, cols, what="segment column")
    for col in cols:
        na = data[col].isna()
        if na.any():
            row = data.index[na.to_numpy()][0]
            raise SurveyError(f"column {col!r}: segment labels must not be missing; row {row!r} has none")
    return cols


def _item(data: pd.DataFrame, item, scale) -> pd.Series:
    require_frame(data)
    if not isinstance(item, str):
        raise SurveyTypeError(f"item: must be the name of one column (a string); got {item!r}")
    return numeric_items(data, [item], scale=scale)[item]


def _grouped(frame: pd.DataFrame, data: pd.DataFrame, by: list[str], total: bool = False, **named_agg) -> pd.DataFrame:
    """Aggregate the per-respondent ``frame`` overall (one row) or by the segment columns.

    With ``total`` and segments, a last row aggregates everyone, labelled ``"all"``.
    """
    if not isinstance(total, bool):
        raise SurveyTypeError(f"total: must be True or False; got {total!r}")
    everyone = [pd.Series(0, index=data.index, name="_all")]
    if not by:
        return frame.groupby(everyone).agg(**named_agg).reset_index(drop=True)
    out = frame.groupby([data[c] for c in by], sort=True, observed=True).agg(**named_agg).reset_index()
    if total:
        row = frame.groupby(everyone).agg(**named_agg).reset_index(drop=True).assign(**{c: "all" for c in by})
        out = pd.concat([out.astype({c: object for c in by}), row[out.columns]], ignore_index=True)
    return out


def _wilson(k, n, z):
    """Wilson score interval for a binomial proportion k/n (Wilson, 1927)."""
    p = k / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


# --------------------------------------------------------------------------------------
# CSAT, NPS, CES
# --------------------------------------------------------------------------------------
def csat(data, item, *, scale=(1, 5), top=2, by=None, total=False, level=0.95, method="wilson") -> pd.DataFrame:
    """Customer satisfaction score: the percentage of top-box answers, with a CI.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; not modified.
    item : str
        The satisfaction question, answered on ``scale``.
    scale : tuple of (low, high), default (1, 5)
        Inclusive answer scale; answers outside it are an error.
    top : int, default 2
        How many of the highest categories count as satisfied (2 = "top-2-box": 4 and 5 on
        a 1-5 scale); from 1 to ``high - low``.
    by : str or list of str, optional
        Grouping column(s) (segments): one row per segment instead of one overall row.
        Default ``None``.
    total : bool, default False
        With ``by``: add a last row for all respondents, labelled ``"all"``.
    level : float, default 0.95
        Confidence level of the interval.
    method : {"wilson", "normal"}, default "wilson"
        Wilson score interval (good coverage for small n and shares near 0 or 100)
        or the normal-approximation (Wald) interval, clipped to [0, 100].

    Returns
    -------
    DataFrame
        ``[by...], n, satisfied, csat, ci_low, ci_high``; ``n`` counts answered questions,
        ``csat`` and the CI are percentages.

    Raises
    ------
    SurveyError
        A missing column, answers that are not numbers or lie off ``scale``, a ``top``
        out of range, an unknown ``method``, a ``level`` not strictly between 0 and 1, or
        missing segment labels.
    SurveyTypeError
        ``data`` is not a DataFrame, ``item`` is not a column name, ``by`` is not a column
        name or list of them, or ``total`` is not True or False.

    See Also
    --------
    nps : the Net Promoter Score.
    ces : the Customer Effort Score.
    plot_estimates : draw the estimates and intervals per segment.

    Notes
    -----
    With :math:`k` satisfied out of :math:`n`, :math:`\\hat p = k/n` and :math:`z = z_{(1+L)/2}` at level :math:`L`:
    Wilson :math:`\\dfrac{\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}}{1 + z^2/n}`;
    normal :math:`\\hat p \\pm z\\sqrt{\\hat p(1-\\hat p)/n}`.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *JASA* 22, 209-212. Agresti, A., & Coull, B. A. (1998). Approximate is better
    than "exact" for interval estimation of binomial proportions. *Am. Stat.* 52, 119-126.

    Examples
    --------
    >>> df = pd.DataFrame({"csat": [5, 4, 4, 3, 2, 5, 4, 1, 5, 4], "shop": list("aabbbaabab")})
    >>> csat(df, "csat").round(2)
        n  satisfied  csat  ci_low  ci_high
    0  10          7  70.0   39.68    89.22
    >>> csat(df, "csat", by="shop")[["shop", "n", "satisfied", "csat"]]
      shop  n  satisfied   csat
    0    a  5          5  100.0
    1    b  5          2   40.0

    In R: ``binom::binom.confint(7, 10, methods = "wilson")`` or ``prop.test(7, 10, correct = FALSE)$conf.int``.

    The bundled survey of three services:

    >>> from sxm.datasets import load
    >>> csat(load("service_experience"), "csat", by="segment").round(2)
             segment    n  satisfied  csat  ci_low  ci_high
    0        airline  200        107  53.5   46.59    60.28
    1         cinema  200        133  66.5   59.70    72.68
    2  dental clinic  200        130  65.0   58.16    71.27
    """
    z = _z(level)
    values = _item(data, item, scale)
    by = _by_columns(data, by)
    low, high = scale
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or not 1 <= top < high - low + 1:
        raise SurveyError(f"top: must be a whole number of top categories from 1 to {int(high - low)}; got {top!r}")
    if method not in {"wilson", "normal"}:
        raise SurveyError(f"method: must be 'wilson' or 'normal'; got {method!r}")
    frame = pd.DataFrame({"answered": values.notna(), "satisfied": values >= high - top + 1})
    out = _grouped(frame, data, by, total, n=("answered", "sum"), satisfied=("satisfied", "sum"))
    n, k = out["n"].to_numpy(float), out["satisfied"].to_numpy(float)
    p = k / np.where(n > 0, n, np.nan)
    if method == "wilson":
        lo, hi = _wilson(k, np.where(n > 0, n, np.nan), z)
    else:
        half = z * np.sqrt(p * (1 - p) / n)
        lo, hi = np.clip(p - half, 0, 1), np.clip(p + half, 0, 1)
    return out.assign(csat=100 * p, ci_low=100 * lo, ci_high=100 * hi)


def nps(data, item, *, by=None, total=False, level=0.95) -> pd.DataFrame:
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6), with a CI.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; not modified.
    item : str
        The "how likely are you to recommend ..." question, whole numbers 0-10.
    by : str or list of str, optional
        Grouping column(s) (segments): one row per segment. Default ``None``: one row.
    total : bool, default False
        With ``by``: add a last row for all respondents, labelled ``"all"``.
    level : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    DataFrame
        ``[by...], n, promoters, passives, detractors, pct_promoters, pct_passives,
        pct_detractors, nps, se, ci_low, ci_high`` (percentages and NPS points, -100 to 100).

    Raises
    ------
    SurveyError
        A missing column, answers that are not whole numbers from 0 to 10, a ``level`` not
        strictly between 0 and 1, or missing segment labels.
    SurveyTypeError
        ``data`` is not a DataFrame, ``item`` is not a column name, or ``by`` is not a
        column name or list of them.

    See Also
    --------
    nps_sample_size : respondents needed for a wanted precision of the NPS.
    csat : the customer satisfaction score.
    ces : the Customer Effort Score.
    plot_nps_mix : stacked shares of promoters, passives and detractors.
    plot_estimates : draw the NPS and its interval per segment.

    Notes
    -----
    The three groups are one multinomial draw, so with shares :math:`p_P, p_D`,
    :math:`\\operatorname{Var}(\\hat p_P - \\hat p_D) = [p_P(1-p_P) + p_D(1-p_D) + 2p_Pp_D]/n
    = [p_P + p_D - (p_P - p_D)^2]/n` (the covariance of two multinomial shares is
    :math:`-p_Pp_D/n`). The interval is :math:`\\text{NPS} \\pm z_{(1+L)/2}\\,\\text{SE}`
    (Wald, on the share scale, then times 100), clipped to [-100, 100].

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*
    81(12), 46-54. Rocks, B. (2016). Interval estimation for the "Net Promoter Score".
    *The American Statistician* 70(4), 365-372.

    Examples
    --------
    >>> df = pd.DataFrame({"rec": [10, 10, 9, 9, 9, 8, 7, 6, 3, 10]})
    >>> nps(df, "rec")[["n", "promoters", "passives", "detractors", "nps", "se"]].round(3)
        n  promoters  passives  detractors   nps      se
    0  10          6         2           2  40.0  25.298
    >>> # In R: 100 * (mean(rec >= 9) - mean(rec <= 6))

    The bundled survey of three services, with a row for everyone:

    >>> from sxm.datasets import load
    >>> t = nps(load("service_experience"), "nps", by="segment", total=True)
    >>> t[["segment", "n", "nps", "ci_low", "ci_high"]].round(1)
             segment    n   nps  ci_low  ci_high
    0        airline  200   0.0   -11.9     11.9
    1         cinema  200   9.0    -2.9     20.9
    2  dental clinic  200  18.5     7.1     29.9
    3            all  600   9.2     2.4     16.0
    """
    z = _z(level)
    values = _item(data, item, (0, 10))
    frac = values.dropna() % 1 != 0
    if frac.any():
        raise SurveyError(
            f"column {item!r}: NPS answers must be whole numbers 0-10; found {values[frac.index[frac]].iloc[0]:g} "
            f"in row {frac.index[frac][0]!r}"
        )
    by = _by_columns(data, by)
    frame = pd.DataFrame(
        {
            "answered": values.notna(),
            "promoters": values >= 9,
            "passives": values.between(7, 8),
            "detractors": values <= 6,
        }
    )
    out = _grouped(
        frame, data, by, total,
        n=("answered", "sum"), promoters=("promoters", "sum"),
        passives=("passives", "sum"), detractors=("detractors", "sum"),
    )
    n = out["n"].to_numpy(float)
    n = np.where(n > 0, n, np.nan)
    pp, pa, pd_ = (out[c].to_numpy(float) / n for c in ("promoters", "passives", "detractors"))
    diff = pp - pd_
    se = np.sqrt((pp + pd_ - diff**2) / n)
    return out.assign(
        pct_promoters=100 * pp,
        pct_passives=100 * pa,
        pct_detractors=100 * pd_,
        nps=100 * diff,
        se=100 * se,
        ci_low=100 * np.clip(diff - z * se, -1, 1),
        ci_high=100 * np.clip(diff + z * se, -1, 1),
    )


def nps_sample_size(margin, *, promoters=None, detractors=None, level=0.95) -> int:
    """Respondents needed for an NPS confidence interval of half-width ``margin`` points.

    Parameters
    ----------
    margin : float
        Wanted half-width of the interval, in NPS points (5 means NPS ± 5); above 0 and at
        most 200.
    promoters : float, optional
        Expected percentage of promoters (0-100; e.g. from a pilot or last wave).
        Give it together with ``detractors``. Default ``None``: the worst case (50% and
        50%), whose variance is the largest possible.
    detractors : float, optional
        Expected percentage of detractors (0-100), with ``promoters``; the two sum to at
        most 100. Default ``None``.
    level : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    int
        :math:`n = \\lceil z_{(1+L)/2}^2\\,[p_P + p_D - (p_P - p_D)^2] / m^2 \\rceil` with the
        margin :math:`m` and the shares on the 0-1 scale (the variance of :func:`nps`); at
        least 1.

    Raises
    ------
    SurveyError
        A ``margin`` or percentage out of range, only one of ``promoters`` and
        ``detractors``, percentages summing to more than 100, or a ``level`` not strictly
        between 0 and 1.
    SurveyTypeError
        A ``margin`` or percentage that is not a finite number.

    See Also
    --------
    nps : the NPS and its interval, with the same variance.

    Examples
    --------
    >>> nps_sample_size(5)
    1537
    >>> nps_sample_size(5, promoters=45, detractors=25)
    1015
    >>> nps_sample_size(5, level=0.9)
    1083
    >>> # In R: ceiling(qnorm(0.975)^2 * 1 / 0.05^2)
    """
    z = _z(level)
    m = _number_in(margin, "margin", 0, 200, low_open=True) / 100
    if (promoters is None) != (detractors is None):
        raise SurveyError("promoters, detractors: give both expected percentages, or neither (worst case)")
    if promoters is None:
        var = 1.0
    else:
        pp = _number_in(promoters, "promoters", 0, 100) / 100
        pd_ = _number_in(detractors, "detractors", 0, 100) / 100
        if pp + pd_ > 1 + 1e-12:
            raise SurveyError(f"promoters + detractors: cannot exceed 100%; got {100 * (pp + pd_):g}")
        var = pp + pd_ - (pp - pd_) ** 2
    return max(int(np.ceil(z**2 * var / m**2 - 1e-9)), 1)


def _number_in(value, name, low, high, *, low_open=False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not np.isfinite(value):
        raise SurveyTypeError(f"{name}: must be a finite number; got {value!r}")
    if value < low or value > high or (low_open and value == low):
        side = "above" if low_open else "at least"
        raise SurveyError(f"{name}: must be {side} {low:g} and at most {high:g}; got {value:g}")
    return float(value)


def ces(data, item, *, scale=(1, 7), by=None, total=False, level=0.95) -> pd.DataFrame:
    """Customer Effort Score: the mean effort rating, with a Student-t CI.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; not modified.
    item : str
        The effort question on ``scale`` (keep the direction of your questionnaire in mind:
        on the bundled data, higher = more effort = worse).
    scale : tuple of (low, high), default (1, 7)
        Inclusive answer scale; answers outside it are an error.
    by : str or list of str, optional
        Grouping column(s) (segments): one row per segment. Default ``None``: one row.
    total : bool, default False
        With ``by``: add a last row for all respondents, labelled ``"all"``.
    level : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    DataFrame
        ``[by...], n, mean, sd, se, ci_low, ci_high``: ``n`` answers, their mean, standard
        deviation (``ddof=1``), standard error and the Student-t interval at ``level``.

    Raises
    ------
    SurveyError
        A missing column, answers that are not numbers or lie off ``scale``, a ``level``
        not strictly between 0 and 1, or missing segment labels.
    SurveyTypeError
        ``data`` is not a DataFrame, ``item`` is not a column name, or ``by`` is not a
        column name or list of them.

    See Also
    --------
    csat : the customer satisfaction score.
    nps : the Net Promoter Score.
    plot_estimates : draw the means and intervals per segment.

    Notes
    -----
    :math:`\\bar x \\pm t_{(1+L)/2,\\,n-1}\\, s/\\sqrt n` with the sample SD :math:`s`
    (``ddof=1``); undefined (NaN) for fewer than two answers.

    References
    ----------
    Dixon, M., Freeman, K., & Toman, N. (2010). Stop trying to delight your customers.
    *Harvard Business Review* 88(7/8), 116-122.

    Examples
    --------
    >>> df = pd.DataFrame({"effort": [2, 3, 3, 4, 6]})
    >>> ces(df, "effort").round(3)
       n  mean     sd     se  ci_low  ci_high
    0  5   3.6  1.517  0.678   1.717    5.483

    In R: ``t.test(df$effort)$conf.int``.

    >>> from sxm.datasets import load
    >>> ces(load("service_experience"), "ces", by="segment").round(2)
             segment    n  mean    sd    se  ci_low  ci_high
    0        airline  200  3.38  1.67  0.12    3.15     3.62
    1         cinema  200  2.84  1.50  0.11    2.64     3.05
    2  dental clinic  200  3.46  1.65  0.12    3.23     3.70
    """
    level = check_level(level)
    values = _item(data, item, scale)
    by = _by_columns(data, by)
    out = _grouped(pd.DataFrame({"v": values}), data, by, total, n=("v", "count"), mean=("v", "mean"), sd=("v", "std"))
    n = out["n"].to_numpy(float)
    se = out["sd"].to_numpy(float) / np.sqrt(n)
    with np.errstate(invalid="ignore"):
        t = stats.t.ppf((1 + level) / 2, np.where(n > 1, n - 1, np.nan))
    mean = out["mean"].to_numpy(float)
    return out.assign(se=se, ci_low=mean - t * se, ci_high=mean + t * se)


# --------------------------------------------------------------------------------------
# the four-element experience index, and disconfirmation
# --------------------------------------------------------------------------------------
def _element_scores(data, blocks, scale, what="blocks") -> pd.DataFrame:
    """Per-respondent mean of each element's items (answered items only)."""
    require_frame(data)
    return composite_scores(data, check_blocks(blocks, data, what=what), scale=scale)


def _check_weights(weights, elements: list[str], name: str = "weights") -> pd.Series:
    if not isinstance(weights, Mapping):
        raise SurveyTypeError(f"{name}: must be a dict {{element: weight}}; got {type(weights).__name__}")
    missing = [e for e in elements if e not in weights]
    extra = [e for e in weights if e not in elements]
    if missing or extra:
        detail = f"no weight for {missing[0]!r}" if missing else f"{extra[0]!r} is not an element"
        raise SurveyError(
            f"{name}: {detail} (rule: one weight per element: {', '.join(map(repr, elements))})"
        )
    w = {}
    for e in elements:
        v = weights[e]
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) or not np.isfinite(v):
            raise SurveyTypeError(f"{name}[{e!r}]: must be a finite number; got {v!r}")
        if v < 0:
            raise SurveyError(f"{name}[{e!r}]: weights must be non-negative; got {v:g}")
        w[e] = float(v)
    total = sum(w.values())
    if np.isclose(total, 1.0, rtol=0, atol=1e-6):
        scale = 1.0
    elif np.isclose(total, 100.0, rtol=0, atol=1e-4):
        scale = 100.0
    else:
        raise SurveyError(f"{name}: weights must sum to 1 (or to 100 for percentages); they sum to {total:g}")
    return pd.Series(w) / scale


def experience_index(data, blocks, weights, *, scale=None) -> pd.DataFrame:
    """A weighted composite of the four elements of a service experience, per respondent.

    Every service experience is made of employees, facilities, other customers and the
    process, but how much each matters depends on the service (the dentist's skill vs the
    cinema's screen and seats); the weights say how much.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; not modified.
    blocks : dict or str
        ``{element: item columns}`` (a list or a glob such as ``"emp?"``), or lavaan syntax;
        an element's score is the mean of its answered items
        (:func:`sxm.model.composite_scores`). Any elements, not only the classic four.
    weights : dict
        ``{element: weight}`` for every element; non-negative, summing to 1 (or to 100).
    scale : tuple of (low, high), optional
        Inclusive answer scale the items are checked against. Default ``None``: no check
        of the range.

    Returns
    -------
    DataFrame
        One column per element score and ``experience_index`` (on the answer scale), indexed
        like ``data``. The index is NaN for a respondent missing every item of an element.

    Raises
    ------
    SurveyError
        Unknown items, answers that are not numbers or lie off the scale, a weight for an
        element that is not in ``blocks`` (or none for one that is), a negative weight, or
        weights that sum to neither 1 nor 100.
    SurveyTypeError
        ``data`` is not a DataFrame, ``weights`` is not a dict, or a weight is not a
        number.

    See Also
    --------
    compare_weights : how the ranking of segments depends on the weights.
    disconfirmation : perception minus expectation per element.
    plot_elements : the mean element scores per segment.
    sxm.model.composite_scores : the element scores (means of the answered items).
    sxm.priorities.derived_importance : weights derived from the data (key drivers).

    Notes
    -----
    :math:`\\text{EI}_i = \\sum_e w_e\\,\\bar x_{ie}` with :math:`\\sum_e w_e = 1`.

    Examples
    --------
    >>> df = pd.DataFrame({"emp1": [7, 3], "emp2": [5, 3], "fac1": [2, 6]})
    >>> experience_index(df, {"employees": "emp*", "facilities": ["fac1"]},
    ...                  {"employees": 75, "facilities": 25})
       employees  facilities  experience_index
    0        6.0         2.0              5.00
    1        3.0         6.0              3.75
    >>> # In R: 0.75 * rowMeans(df[c("emp1", "emp2")]) + 0.25 * df$fac1

    The bundled survey of three services:

    >>> from sxm.datasets import load
    >>> d = load("service_experience")
    >>> blocks = {"employees": "emp?", "facilities": "fac?", "customers": "cus?", "process": "pro?"}
    >>> ei = experience_index(d, blocks, {"employees": 40, "facilities": 30, "customers": 10, "process": 20})
    >>> ei.groupby(d["segment"])["experience_index"].mean().round(2)
    segment
    airline          4.53
    cinema           4.67
    dental clinic    4.81
    Name: experience_index, dtype: float64
    """
    scores = _element_scores(data, blocks, scale)
    w = _check_weights(weights, list(scores.columns))
    return scores.assign(experience_index=scores.to_numpy() @ w[scores.columns].to_numpy())


def compare_weights(data, blocks, weight_sets, *, by, scale=None) -> pd.DataFrame:
    """Mean experience index of each segment under several sets of weights, and its rank.

    Shows how the ranking of segments (services, branches, periods) depends on how much
    each element is assumed to matter.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; not modified.
    blocks : dict or str
        ``{element: item columns}`` (or lavaan syntax) as in :func:`experience_index`.
    weight_sets : dict
        ``{name: {element: weight}}``, each a valid set of weights (as ``weights`` of
        :func:`experience_index`).
    by : str
        The grouping column (segments, services, branches) whose means are compared;
        required.
    scale : tuple of (low, high), optional
        Inclusive answer scale the items are checked against. Default ``None``: no check
        of the range.

    Returns
    -------
    DataFrame
        ``weights, <by>, experience_index, rank`` (rank 1 = highest mean index within the set
        of weights; ties share the lowest rank), the sets of weights in the order given.

    Raises
    ------
    SurveyError
        As :func:`experience_index` for each set of weights; a missing ``by`` column or
        missing segment labels.
    SurveyTypeError
        ``by`` is not one column name, or ``weight_sets`` is not a non-empty dict.

    See Also
    --------
    experience_index : the index of each respondent under one set of weights.
    plot_weights : the slope chart of this table.

    Examples
    --------
    >>> df = pd.DataFrame({"shop": ["a", "a", "b", "b"], "e1": [6, 6, 3, 3], "f1": [2, 2, 5, 5]})
    >>> compare_weights(df, {"staff": ["e1"], "rooms": ["f1"]},
    ...                 {"staff first": {"staff": .8, "rooms": .2},
    ...                  "rooms first": {"staff": .2, "rooms": .8}}, by="shop")
           weights shop  experience_index  rank
    0  staff first    a               5.2     1
    1  staff first    b               3.4     2
    2  rooms first    a               2.8     2
    3  rooms first    b               4.6     1

    On the bundled survey, the cinema leads when facilities matter most:

    >>> from sxm.datasets import load
    >>> blocks = {"employees": "emp?", "facilities": "fac?", "customers": "cus?", "process": "pro?"}
    >>> sets = {"staff": {"employees": .7, "facilities": .1, "customers": .1, "process": .1},
    ...         "facilities": {"employees": .1, "facilities": .7, "customers": .1, "process": .1}}
    >>> compare_weights(load("service_experience"), blocks, sets, by="segment").round(2)
          weights        segment  experience_index  rank
    0       staff        airline              4.68     2
    1       staff         cinema              4.51     3
    2       staff  dental clinic              4.93     1
    3  facilities        airline              4.38     3
    4  facilities         cinema              4.85     1
    5  facilities  dental clinic              4.77     2
    """
    scores = _element_scores(data, blocks, scale)
    if not isinstance(by, str):
        raise SurveyTypeError(f"by: must be one segment column name; got {by!r}")
    _by_columns(data, by)
    if not isinstance(weight_sets, Mapping) or not weight_sets:
        raise SurveyTypeError("weight_sets: must be a non-empty dict {name: {element: weight}}")
    names = list(weight_sets)
    W = np.column_stack([_check_weights(weight_sets[k], list(scores.columns), f"weight_sets[{k!r}]") for k in names])
    index = pd.DataFrame(scores.to_numpy() @ W, columns=names, index=data.index)
    means = index.groupby(data[by], sort=True, observed=True).mean()
    ranks = means.rank(ascending=False, method="min").astype("int64")
    out = means.stack().rename("experience_index").to_frame().join(ranks.stack().rename("rank"))
    out.index.names = [by, "weights"]
    out = out.reset_index()[["weights", by, "experience_index", "rank"]]
    order = {k: i for i, k in enumerate(names)}
    return out.sort_values(["weights", by], key=lambda s: s.map(order) if s.name == "weights" else s,
                           kind="stable").reset_index(drop=True)


def disconfirmation(data, perception, expectation, *, scale=None) -> pd.DataFrame:
    """Perception minus expectation, per respondent and element.

    Satisfaction as disconfirmation of expectations: a positive value means the service
    did better than the respondent expected, a negative value worse.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; not modified.
    perception : dict
        ``{element: item columns}`` (a list or a glob such as ``"emp?"``): how the element
        was experienced (mean of the answered items).
    expectation : dict
        ``{element: item columns}`` with the same elements: what was expected.
    scale : tuple of (low, high), optional
        Inclusive (common) answer scale the items are checked against. Default ``None``:
        no check of the range.

    Returns
    -------
    DataFrame
        One column per element (in the order of ``perception``), indexed like ``data``;
        NaN where a respondent answered no item of one side.

    Raises
    ------
    SurveyError
        Unknown items, answers that are not numbers or lie off the scale, or elements that
        differ between ``perception`` and ``expectation``.
    SurveyTypeError
        ``data`` is not a DataFrame, or ``expectation`` is not a dict.

    See Also
    --------
    plot_disconfirmation : the heat map of the mean disconfirmation per segment.
    experience_index : the weighted composite of the perceptions.
    sxm.servqual.gap_scores : the SERVQUAL gaps (perception minus expectation per item).

    Notes
    -----
    :math:`d_{ie} = \\bar p_{ie} - \\bar e_{ie}`. The two sides must be asked on the same scale.

    References
    ----------
    Oliver, R. L. (1980). A cognitive model of the antecedents and consequences of
    satisfaction decisions. *Journal of Marketing Research* 17(4), 460-469.

    Examples
    --------
    >>> df = pd.DataFrame({"emp1": [6, 3], "emp2": [4, 3], "emp_exp": [4, 5]})
    >>> disconfirmation(df, {"employees": "emp?"}, {"employees": "emp_exp"})
       employees
    0        1.0
    1       -2.0
    >>> # In R: rowMeans(df[c("emp1", "emp2")]) - df$emp_exp

    The bundled survey, mean per service:

    >>> from sxm.datasets import load
    >>> d = load("service_experience")
    >>> blocks = {"employees": "emp?", "facilities": "fac?", "customers": "cus?", "process": "pro?"}
    >>> expect = {"employees": "emp_exp", "facilities": "fac_exp", "customers": "cus_exp", "process": "pro_exp"}
    >>> disconfirmation(d, blocks, expect).groupby(d["segment"]).mean().round(2)  # doctest: +NORMALIZE_WHITESPACE
                   employees  facilities  customers  process
    segment
    airline            -0.61       -0.82      -0.49    -0.99
    cinema             -0.75       -0.19      -0.87    -0.35
    dental clinic      -0.20       -0.53      -0.62    -0.96
    """
    p = _element_scores(data, perception, scale, "perception")
    if not isinstance(expectation, Mapping):
        raise SurveyTypeError(f"expectation: must be a dict {{element: item columns}}; got {type(expectation).__name__}")
    if set(expectation) != set(p.columns):
        missing = [e for e in p.columns if e not in expectation]
        extra = [e for e in expectation if e not in p.columns]
        detail = f"no expectation for {missing[0]!r}" if missing else f"{extra[0]!r} has no perception items"
        raise SurveyError(f"expectation: {detail} (rule: the same elements on both sides)")
    e = _element_scores(data, {k: expectation[k] for k in p.columns}, scale, "expectation")
    return p - e


# --------------------------------------------------------------------------------------
# figures (seaborn on the suite's theme; each returns the Axes)
# --------------------------------------------------------------------------------------
def _segment_labels(table: pd.DataFrame, by) -> pd.Series:
    """The label of each row of a table for a chart: its ``by`` values (known category
    values in the language in force), joined with " / "."""
    from .i18n import label

    if by is None:
        return pd.Series([label("all")] * len(table), index=table.index)
    cols = [by] if isinstance(by, str) else list(by)
    require_columns(table, cols)
    return table[cols].astype(str).map(label).agg(" / ".join, axis=1)


def plot_estimates(table, value, *, by=None, xlabel=None, title="", ax=None):
    """Estimate and confidence interval per segment, from a :func:`csat`, :func:`nps` or
    :func:`ces` table (a "forest plot").

    Parameters
    ----------
    table : DataFrame
        With columns ``value``, ``ci_low``, ``ci_high`` (and ``by``). Not modified.
    value : str
        The estimate column (``"csat"``, ``"nps"`` or ``"mean"``).
    by : str or list of str, optional
        The grouping column(s) of ``table`` that label the rows (several are joined with
        " / "). Default ``None``: every row is labelled "all". Known category values
        (and "all") are written in the language in force (:func:`sxm.i18n.label`).
    xlabel : str, optional
        Label of the x axis. Default ``None``: ``value``.
    title : str, default ""
        Title of the Axes (none by default).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new figure whose height grows with the
        number of rows.

    Returns
    -------
    matplotlib.axes.Axes
        One row per segment: the interval as a line, the estimate as a dot, its value
        written to the right.

    Raises
    ------
    SurveyError
        ``table`` lacks ``value``, ``ci_low``, ``ci_high`` or a ``by`` column.
    SurveyTypeError
        ``table`` is not a DataFrame.

    See Also
    --------
    csat, nps, ces : the tables drawn here.
    plot_nps_mix : the mix of promoters, passives and detractors.

    Examples
    --------
    >>> t = nps(pd.DataFrame({"r": [10, 9, 3, 8, 10, 6], "s": list("aabbab")}), "r", by="s")
    >>> plot_estimates(t, "nps", by="s").get_xlabel()
    'nps'
    >>> from sxm.datasets import load
    >>> t = csat(load("service_experience"), "csat", by="segment")
    >>> ax = plot_estimates(t, "csat", by="segment", xlabel="CSAT (% top-2-box)")
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['airline', 'cinema', 'dental clinic']
    """
    import seaborn as sns

    from .plots import PALETTE, get_ax

    require_frame(table, name="table")
    require_columns(table, [value, "ci_low", "ci_high"])
    labels = _segment_labels(table, by)
    ax = get_ax(ax, figsize=(7.5, 0.5 * len(table) + 1.5))
    ax.hlines(labels, table["ci_low"], table["ci_high"], color=PALETTE[0], lw=2.5, alpha=0.6)
    sns.scatterplot(x=table[value].to_numpy(), y=labels.to_numpy(), s=80, color=PALETTE[0], zorder=3, ax=ax)
    for y, (est, hi) in enumerate(zip(table[value], table["ci_high"])):
        ax.annotate(f"{est:.1f}", (hi, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set(xlabel=xlabel or value, ylabel="", title=title)
    ax.margins(x=0.15, y=0.2)
    return ax


def plot_nps_mix(table, *, by=None, title=None, ax=None):
    """Stacked bars of % detractors, passives and promoters per segment, NPS written at the end.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`nps`: the columns ``pct_detractors``, ``pct_passives``,
        ``pct_promoters`` and ``nps`` (and ``by``). Not modified.
    by : str or list of str, optional
        The grouping column(s) of ``table`` that label the bars. Default ``None``: every
        bar is labelled "all".
    title : str, optional
        Title of the Axes. Default ``None``: "Promoters, passives and detractors" in the
        language in force (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new figure whose height grows with the
        number of rows.

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per row of ``table`` (first row on top), three stacked parts
        that sum to 100 %, and "NPS +x.x" written after each bar. Fixed words (title, axis
        label, legend) are in the language in force.

    Raises
    ------
    SurveyError
        ``table`` lacks a needed column.
    SurveyTypeError
        ``table`` is not a DataFrame.

    See Also
    --------
    nps : the table drawn here.
    plot_estimates : the NPS and its interval per segment.

    Examples
    --------
    >>> t = nps(pd.DataFrame({"r": [10, 9, 3, 8, 10, 6], "s": list("aabbab")}), "r", by="s")
    >>> len(plot_nps_mix(t, by="s").patches)
    6
    >>> from sxm.datasets import load
    >>> ax = plot_nps_mix(nps(load("service_experience"), "nps", by="segment"), by="segment")
    >>> [t.get_text() for t in ax.texts]
    ['NPS +0.0', 'NPS +9.0', 'NPS +18.5']
    >>> from sxm import i18n
    >>> ax = plot_nps_mix(nps(load("service_experience"), "nps", by="segment"), by="segment")
    >>> old = i18n.set_lang("zh")
    >>> ax = plot_nps_mix(nps(load("service_experience"), "nps", by="segment"), by="segment")
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('推荐者、被动者与贬损者', ['航空公司', '电影院', '牙科诊所'])
    >>> _ = i18n.set_lang(old)
    """
    from .i18n import t
    from .plots import get_ax

    require_frame(table, name="table")
    parts = ["pct_detractors", "pct_passives", "pct_promoters"]
    require_columns(table, parts + ["nps"])
    labels = _segment_labels(table, by).to_numpy()
    ax = get_ax(ax, figsize=(7.5, 0.5 * len(table) + 1.8))
    colours = {"pct_detractors": "#d55e00", "pct_passives": "#bbbbbb", "pct_promoters": "#009e73"}
    left = np.zeros(len(table))
    for col in parts:
        width = table[col].to_numpy(float)
        ax.barh(labels, width, left=left, color=colours[col], label=t(f"metrics.nps_mix.{col.removeprefix('pct_')}"),
                height=0.6)
        left = left + width
    for y, score in enumerate(table["nps"]):
        ax.text(101, y, t("metrics.nps_mix.nps", score=score), va="center", fontsize=9)
    ax.set(xlim=(0, 118), xlabel=t("metrics.nps_mix.xlabel"), ylabel="",
           title=t("metrics.nps_mix.title") if title is None else title)
    ax.invert_yaxis()  # first segment on top, as in the table
    ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.18), ncol=3, frameon=False)
    return ax


def _segments_of(frame: pd.DataFrame, by, name: str) -> tuple[str, np.ndarray]:
    """The segment label of each row: ``by`` is a column of ``frame`` or one label per row."""
    if isinstance(by, str):
        require_columns(frame, [by])
        return by, frame[by].to_numpy()
    if not hasattr(by, "__len__"):
        raise SurveyTypeError(f"by: must be a column name of {name} or one segment label per row; got {by!r}")
    if len(by) != len(frame):
        raise SurveyError(f"by: needs one segment label per row of {name} ({len(frame)}); got {len(by)}")
    return (getattr(by, "name", None) or "segment"), np.asarray(by)


def plot_elements(scores, *, by, columns=None, title=None, ax=None):
    """Grouped bars of the mean element score per segment with 95% normal intervals.

    Parameters
    ----------
    scores : DataFrame
        Per-respondent element scores (e.g. :func:`experience_index` output). Not modified.
    by : str or Series
        A grouping column of ``scores``, or the segment of each respondent (one label per
        row of ``scores``; a Series gives the legend its name); required.
    columns : list of str, optional
        Which score columns to draw. Default ``None``: all but ``experience_index`` and
        ``by``.
    title : str, optional
        Title of the Axes. Default ``None``: "Element scores by segment" in the language in
        force (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new 8 × 4.5 inch figure.

    Returns
    -------
    matplotlib.axes.Axes
        One group of bars per element, one bar per segment (sorted), with normal 95 %
        intervals (1.96 standard errors); the legend sits to the right. Fixed words and
        known names (elements, segments) are in the language in force.

    Raises
    ------
    SurveyError
        ``by`` or ``columns`` names a column that ``scores`` lacks, or ``by`` has not one
        label per row.
    SurveyTypeError
        ``scores`` is not a DataFrame, or ``by`` is neither a column name nor a sequence.

    See Also
    --------
    experience_index : the per-respondent scores drawn here.
    plot_disconfirmation : the mean disconfirmation per segment and element.

    Examples
    --------
    >>> s = pd.DataFrame({"staff": [5.0, 6, 3, 4], "rooms": [2.0, 3, 6, 6]})
    >>> len(plot_elements(s, by=pd.Series(list("aabb"), name="shop")).patches) >= 4
    True
    >>> from sxm.datasets import load
    >>> d = load("service_experience")
    >>> ei = experience_index(d, {"employees": "emp?", "facilities": "fac?"}, {"employees": .5, "facilities": .5})
    >>> ax = plot_elements(ei, by=d["segment"])
    >>> [t.get_text() for t in ax.get_xticklabels()], ax.get_legend().get_title().get_text()
    (['employees', 'facilities'], 'segment')
    """
    import seaborn as sns

    from .i18n import label, t
    from .plots import get_ax

    require_frame(scores, name="scores")
    name, labels = _segments_of(scores, by, "scores")
    if columns is None:
        columns = [c for c in scores.columns if c not in ("experience_index", name if isinstance(by, str) else None)]
    else:
        columns = list(columns)
    require_columns(scores, columns)
    long = scores[columns].assign(**{name: labels}).melt(id_vars=name, var_name="element", value_name="score")
    order = sorted(long[name].unique())
    long["element"] = long["element"].map(label)
    long[name] = long[name].map(label)
    ax = get_ax(ax, figsize=(8, 4.5))
    sns.barplot(data=long, x="element", y="score", hue=name, hue_order=[label(v) for v in order],
                errorbar=("se", 1.96), capsize=0.1, ax=ax)
    ax.set(xlabel="", ylabel=t("metrics.elements.ylabel"), title=t("metrics.elements.title") if title is None else title)
    ax.legend(title=label(name), loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return ax


def plot_weights(comparison, *, by, title=None, ax=None):
    """Slope chart of :func:`compare_weights`: each segment's mean index under each set of
    weights; crossing lines are changes of rank.

    Parameters
    ----------
    comparison : DataFrame
        The result of :func:`compare_weights`: the columns ``weights``, ``by``,
        ``experience_index`` and ``rank``. Not modified.
    by : str
        The grouping column of ``comparison`` (the ``by`` given to
        :func:`compare_weights`); required.
    title : str, optional
        Title of the Axes. Default ``None``: "Mean experience index under different
        weights" in the language in force (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new 8 × 4.5 inch figure.

    Returns
    -------
    matplotlib.axes.Axes
        The sets of weights across, the mean index up, one line per segment; each
        segment's rank under the last set is written at its end. Fixed words and known
        segment names are in the language in force.

    Raises
    ------
    SurveyError
        ``comparison`` lacks a needed column.
    SurveyTypeError
        ``comparison`` is not a DataFrame.

    See Also
    --------
    compare_weights : the table drawn here.
    plot_elements : the mean element scores per segment.

    Examples
    --------
    >>> df = pd.DataFrame({"shop": ["a", "a", "b", "b"], "e1": [6, 6, 3, 3], "f1": [2, 2, 5, 5]})
    >>> c = compare_weights(df, {"staff": ["e1"], "rooms": ["f1"]},
    ...                     {"staff first": {"staff": .8, "rooms": .2},
    ...                      "rooms first": {"staff": .2, "rooms": .8}}, by="shop")
    >>> [t.get_text() for t in plot_weights(c, by="shop").get_xticklabels()]
    ['staff first', 'rooms first']
    """
    import seaborn as sns

    from .i18n import label, t
    from .plots import get_ax

    require_frame(comparison, name="comparison")
    require_columns(comparison, ["weights", by, "experience_index", "rank"])
    ax = get_ax(ax, figsize=(8, 4.5))
    shown = comparison.assign(**{by: comparison[by].map(label)})
    sns.pointplot(data=shown, x="weights", y="experience_index", hue=by, errorbar=None,
                  hue_order=[label(v) for v in sorted(comparison[by].unique())], markers="o", ax=ax)
    last = comparison[comparison["weights"] == comparison["weights"].iloc[-1]]
    n_sets = comparison["weights"].nunique()
    for _, row in last.iterrows():
        ax.annotate(f"#{row['rank']}", (n_sets - 1, row["experience_index"]), xytext=(8, 0),
                    textcoords="offset points", va="center", fontsize=9)
    ax.set(xlabel=t("metrics.weights.xlabel"), ylabel=t("metrics.weights.ylabel"),
           title=t("metrics.weights.title") if title is None else title)
    ax.legend(title=label(by), loc="upper left", bbox_to_anchor=(1.06, 1), frameon=False)
    return ax


def plot_disconfirmation(d, *, by, title=None, ax=None):
    """Heat map of the mean disconfirmation per segment (rows) and element (columns),
    centred on zero: red = worse than expected, blue = better.

    Parameters
    ----------
    d : DataFrame
        Per-respondent disconfirmation, one column per element (the result of
        :func:`disconfirmation`). Not modified.
    by : str or Series
        A grouping column of ``d``, or the segment of each respondent (one label per row
        of ``d``); required.
    title : str, optional
        Title of the Axes. Default ``None``: "Mean disconfirmation (perception −
        expectation)" in the language in force (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new figure whose height grows with the
        number of segments.

    Returns
    -------
    matplotlib.axes.Axes
        Segments in rows (sorted), elements in columns, each cell annotated with its mean
        (two decimals); the colour scale is symmetric around zero. Fixed words and known
        names (segments, elements) are in the language in force.

    Raises
    ------
    SurveyError
        ``by`` names a column that ``d`` lacks, or has not one label per row.
    SurveyTypeError
        ``d`` is not a DataFrame, or ``by`` is neither a column name nor a sequence.

    See Also
    --------
    disconfirmation : the per-respondent values averaged here.
    plot_elements : the mean element scores per segment.

    Examples
    --------
    >>> d = pd.DataFrame({"staff": [1.0, -2, 0.5, -1], "rooms": [0.0, 1, -1, -1]})
    >>> len(plot_disconfirmation(d, by=pd.Series(list("aabb"))).texts)
    4
    >>> from sxm.datasets import load
    >>> survey = load("service_experience")
    >>> dc = disconfirmation(survey, {"employees": "emp?"}, {"employees": "emp_exp"})
    >>> ax = plot_disconfirmation(dc, by=survey["segment"])
    >>> [t.get_text() for t in ax.texts]
    ['-0.61', '-0.75', '-0.20']
    """
    import seaborn as sns

    from .i18n import label, t
    from .plots import get_ax

    require_frame(d, name="d")
    name, labels = _segments_of(d, by, "d")
    values = d.drop(columns=[name]) if isinstance(by, str) else d
    means = values.groupby(labels, sort=True).mean()
    means = means.rename(index=label, columns=label)
    ax = get_ax(ax, figsize=(7.5, 0.6 * len(means) + 2))
    lim = float(np.nanmax(np.abs(means.to_numpy()))) or 1.0
    with warnings.catch_warnings():  # seaborn 0.13 calls a colormap method matplotlib deprecates
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        sns.heatmap(means, annot=True, fmt=".2f", cmap="RdBu", center=0, vmin=-lim, vmax=lim,
                    linewidths=0.5, cbar_kws={"label": t("metrics.disconfirmation.colorbar")}, ax=ax)
    ax.set(xlabel="", ylabel="", title=t("metrics.disconfirmation.title") if title is None else title)
    ax.tick_params(axis="y", rotation=0)
    return ax
