"""SERVQUAL: the 22-item instrument, gap scores, weighted scores, SERVPERF and the zone of tolerance.

SERVQUAL (Parasuraman, Zeithaml & Berry 1988, refined 1991) asks each customer what an
excellent company of the industry *should* offer (expectations, ``E1``-``E22``) and what the
company at hand *does* offer (perceptions, ``P1``-``P22``), on the same 1-7 agreement scale.
The gap ``P - E`` per item, averaged within five dimensions (tangibles, reliability,
responsiveness, assurance, empathy), is gap 5 of the 5-GAP model (:data:`GAPS`). SERVPERF
(Cronin & Taylor 1992) keeps the perceptions alone. The zone of tolerance (Parasuraman,
Zeithaml & Berry 1994) replaces the single expectation by an *adequate* and a *desired*
level.

Column templates say how item *i*'s columns are named: ``expectation="E{}"`` means the
expectation of item 7 is column ``"E7"``. Every function is vectorized over respondents.

=====================================  ==================================================
function                               what it returns
=====================================  ==================================================
:func:`gap_scores`                     respondents x items, P - E
:func:`dimension_scores`               respondents x dimensions (E, P or gap)
:func:`score`                          per respondent: SERVQUAL, weighted SERVQUAL, SERVPERF
:func:`summarize`                      per dimension (or item) with CI and paired t-test
:func:`zone_of_tolerance`              adequate, desired, MSA and MSS per dimension or item
:func:`gap1`                           management's vs customers' expectations
:func:`predictive_validity`            how well each score explains overall satisfaction
=====================================  ==================================================
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .io import (
    SurveyError,
    SurveyTypeError,
    check_choice,
    check_level,
    check_not_constant,
    numeric_items,
    require_columns,
    require_frame,
)
from .model import composite_scores

__all__ = [
    "ITEMS",
    "DIMENSIONS",
    "GAPS",
    "gap_scores",
    "dimension_scores",
    "score",
    "summarize",
    "zone_of_tolerance",
    "gap1",
    "predictive_validity",
    "item_columns",
    "item_blocks",
    "plot_profile",
    "plot_gaps",
    "plot_zone_of_tolerance",
]

#: The five SERVQUAL dimensions and their item numbers.
DIMENSIONS: dict[str, list[int]] = {
    "tangibles": [1, 2, 3, 4],
    "reliability": [5, 6, 7, 8, 9],
    "responsiveness": [10, 11, 12, 13],
    "assurance": [14, 15, 16, 17],
    "empathy": [18, 19, 20, 21, 22],
}

_DIM_ZH = {"tangibles": "有形性", "reliability": "可靠性", "responsiveness": "响应性", "assurance": "保证性", "empathy": "同理心"}  # docs/glossary.md (移情性 is a textbook alternative)

# (short label, expectation EN, perception EN, expectation ZH, perception ZH); paraphrased.
_TEXT = [
    ("up-to-date equipment",
     "An excellent company in this industry has equipment that looks current.",
     "This company's equipment looks current.",
     "优秀的同行企业拥有外观新颖、与时俱进的设备。",
     "这家企业的设备外观新颖、与时俱进。"),
    ("attractive facilities",
     "The premises of an excellent company are pleasant to look at.",
     "This company's premises are pleasant to look at.",
     "优秀企业的营业场所令人赏心悦目。",
     "这家企业的营业场所令人赏心悦目。"),
    ("well-presented staff",
     "Staff of an excellent company look tidy and professional.",
     "This company's staff look tidy and professional.",
     "优秀企业的员工仪表整洁、专业。",
     "这家企业的员工仪表整洁、专业。"),
    ("clear, appealing materials",
     "Brochures, contracts and receipts of an excellent company are clear and well designed.",
     "This company's brochures, contracts and receipts are clear and well designed.",
     "优秀企业的宣传册、合同和票据清晰美观。",
     "这家企业的宣传册、合同和票据清晰美观。"),
    ("keeps promised deadlines",
     "When an excellent company promises something by a given time, it delivers by then.",
     "When this company promises something by a given time, it delivers by then.",
     "优秀企业承诺在某个时间完成的事，会按时完成。",
     "这家企业承诺在某个时间完成的事，会按时完成。"),
    ("sincere help with problems",
     "When a customer has a problem, an excellent company genuinely tries to solve it.",
     "When I had a problem, this company genuinely tried to solve it.",
     "顾客遇到问题时，优秀企业会真心实意地帮助解决。",
     "我遇到问题时，这家企业真心实意地帮助解决。"),
    ("right the first time",
     "An excellent company gets the service right at the first attempt.",
     "This company got the service right at the first attempt.",
     "优秀企业第一次就把服务做好。",
     "这家企业第一次就把服务做好了。"),
    ("service at the promised time",
     "An excellent company provides its service at the time it said it would.",
     "This company provides its service at the time it said it would.",
     "优秀企业在承诺的时间提供服务。",
     "这家企业在承诺的时间提供服务。"),
    ("error-free records",
     "An excellent company keeps its records and bills free of mistakes.",
     "This company keeps its records and bills free of mistakes.",
     "优秀企业的记录和账单准确无误。",
     "这家企业的记录和账单准确无误。"),
    ("says when service happens",
     "An excellent company tells customers exactly when each service will be carried out.",
     "This company tells me exactly when each service will be carried out.",
     "优秀企业会准确告知顾客每项服务何时进行。",
     "这家企业准确告知我每项服务何时进行。"),
    ("prompt service",
     "Staff of an excellent company serve customers without delay.",
     "This company's staff serve me without delay.",
     "优秀企业的员工会及时为顾客提供服务。",
     "这家企业的员工及时为我提供服务。"),
    ("willing to help",
     "Staff of an excellent company are always ready to help customers.",
     "This company's staff are always ready to help me.",
     "优秀企业的员工总是乐于帮助顾客。",
     "这家企业的员工总是乐于帮助我。"),
    ("never too busy to respond",
     "Staff of an excellent company are never too busy to answer a customer's request.",
     "This company's staff are never too busy to answer my requests.",
     "优秀企业的员工再忙也会回应顾客的请求。",
     "这家企业的员工再忙也会回应我的请求。"),
    ("staff inspire confidence",
     "The way staff of an excellent company behave makes customers confident.",
     "The way this company's staff behave makes me confident.",
     "优秀企业员工的言行让顾客放心。",
     "这家企业员工的言行让我放心。"),
    ("safe transactions",
     "Customers of an excellent company feel secure in their dealings with it.",
     "I feel secure in my dealings with this company.",
     "顾客与优秀企业打交道时感到安全可靠。",
     "我与这家企业打交道时感到安全可靠。"),
    ("courteous staff",
     "Staff of an excellent company are polite to customers at all times.",
     "This company's staff are polite to me at all times.",
     "优秀企业的员工始终对顾客彬彬有礼。",
     "这家企业的员工始终对我彬彬有礼。"),
    ("knowledgeable staff",
     "Staff of an excellent company know enough to answer customers' questions.",
     "This company's staff know enough to answer my questions.",
     "优秀企业的员工具备回答顾客问题的专业知识。",
     "这家企业的员工具备回答我问题的专业知识。"),
    ("individual attention",
     "An excellent company pays attention to each customer individually.",
     "This company pays attention to me individually.",
     "优秀企业会关注每一位顾客的个别需要。",
     "这家企业关注我的个别需要。"),
    ("convenient opening hours",
     "An excellent company is open at hours that suit all of its customers.",
     "This company is open at hours that suit me.",
     "优秀企业的营业时间方便所有顾客。",
     "这家企业的营业时间对我很方便。"),
    ("personal care from staff",
     "An excellent company has staff who look after customers personally.",
     "This company has staff who look after me personally.",
     "优秀企业有员工为顾客提供贴心的个人服务。",
     "这家企业有员工为我提供贴心的个人服务。"),
    ("customer's interests at heart",
     "An excellent company puts its customers' interests first.",
     "This company puts my interests first.",
     "优秀企业把顾客的利益放在首位。",
     "这家企业把我的利益放在首位。"),
    ("understands specific needs",
     "Staff of an excellent company understand what each customer specifically needs.",
     "This company's staff understand what I specifically need.",
     "优秀企业的员工了解每位顾客的具体需求。",
     "这家企业的员工了解我的具体需求。"),
]

# Chinese short labels of the items (the x axis of plot_profile in the Chinese edition)
_LABEL_ZH = ["设备新颖", "场所美观", "员工仪表整洁", "资料清晰美观", "按时兑现承诺", "真心帮助解决问题", "一次做对",
             "按承诺时间服务", "记录准确无误", "告知服务时间", "服务及时", "乐于帮助", "再忙也回应", "员工令人放心",
             "交易安全", "员工礼貌", "员工专业", "个别关注", "营业时间方便", "员工贴心关怀", "客户利益为先",
             "了解具体需求"]

_DIM_OF = {i: d for d, items in DIMENSIONS.items() for i in items}

#: The 22-item instrument: item number, dimension (EN/ZH), a short label (EN/ZH) and the
#: expectation and perception statements in English and Chinese (paraphrased, keeping each
#: item's meaning).
ITEMS = pd.DataFrame(
    [
        {
            "item": i,
            "dimension": _DIM_OF[i],
            "dimension_zh": _DIM_ZH[_DIM_OF[i]],
            "label": t[0],
            "label_zh": _LABEL_ZH[i - 1],
            "expectation_en": t[1],
            "perception_en": t[2],
            "expectation_zh": t[3],
            "perception_zh": t[4],
        }
        for i, t in enumerate(_TEXT, start=1)
    ]
)

#: The 5-GAP model of service quality (Parasuraman, Zeithaml & Berry 1985; Zeithaml,
#: Berry & Parasuraman 1988): what each gap is, what causes it, and which data measure it.
GAPS = pd.DataFrame(
    [
        (1, "listening gap", "倾听差距",
         "Management's idea of what customers expect differs from what customers actually expect.",
         "Too little customer research, poor upward communication, too many layers between managers and customers.",
         "Management survey of perceived customer expectations vs the customers' own expectations (sxm.servqual.gap1)."),
        (2, "design and standards gap", "设计与标准差距",
         "Service designs and performance standards do not reflect what management knows customers expect.",
         "No customer-defined standards, vague service design, commitment to quality missing.",
         "Audit of written service standards against the customer expectations; employee survey on goal setting."),
        (3, "performance gap", "服务绩效差距",
         "The service delivered falls short of the company's own standards.",
         "Role conflict, poor employee-job fit, unsuitable technology, weak supervision and teamwork.",
         "Operational records (on-time rates, error rates) and employee surveys against the standards."),
        (4, "communication gap", "沟通差距",
         "What the company promises in advertising and sales does not match what it delivers.",
         "Over-promising, poor coordination between marketing and operations.",
         "Content analysis of promises (ads, website, sales scripts) against delivered performance."),
        (5, "customer gap", "顾客差距",
         "Customers' perception of the service falls short of (or exceeds) their expectations; the sum of gaps 1-4.",
         "The result of gaps 1-4.",
         "The customer SERVQUAL survey: P - E per item and dimension (sxm.servqual.summarize)."),
    ],
    columns=["gap", "name", "name_zh", "what_it_is", "typical_causes", "measured_by"],
)


# --------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------
def _check_dimensions(dimensions) -> dict[str, list[int]]:
    if dimensions is None:
        return {d: list(items) for d, items in DIMENSIONS.items()}
    if not isinstance(dimensions, Mapping) or not dimensions:
        raise SurveyTypeError(
            f"dimensions: must map each dimension to its item numbers, e.g. {{'tangibles': [1, 2, 3, 4]}}; got {dimensions!r}"
        )
    out, seen = {}, {}
    for name, items in dimensions.items():
        if not isinstance(name, str):
            raise SurveyTypeError(f"dimensions: names must be strings; got {name!r}")
        items = [items] if isinstance(items, (int, np.integer)) else list(items)
        if not items:
            raise SurveyError(f"dimensions[{name!r}]: needs at least one item")
        for i in items:
            if not isinstance(i, (int, np.integer)) or isinstance(i, bool):
                raise SurveyTypeError(f"dimensions[{name!r}]: item numbers must be integers; got {i!r}")
            if i in seen:
                raise SurveyError(f"item {i}: belongs to one dimension only; listed under {seen[i]!r} and {name!r}")
            seen[i] = name
        out[name] = [int(i) for i in items]
    return out


def _check_template(template, what: str) -> str:
    try:
        ok = isinstance(template, str) and template.format(1) != template.format(2)
    except (IndexError, KeyError, ValueError):
        ok = False
    if not ok:
        raise SurveyTypeError(
            f"{what}: must be a column template with one '{{}}' for the item number, e.g. 'E{{}}' "
            f"(or 'E{{:02d}}' for E01); got {template!r}"
        )
    return template


def item_columns(template: str, dimensions=None) -> list[str]:
    """Column names of all items for a template, e.g. ``item_columns("P{}")`` -> ``["P1", ..., "P22"]``.

    Parameters
    ----------
    template : str
        Column template with one ``{}`` for the item number, e.g. ``"P{}"`` (or ``"P{:02d}"``
        for ``P01``).
    dimensions : dict, optional
        ``{dimension: [item numbers]}``. Default ``None``: :data:`DIMENSIONS` (all 22 items).

    Returns
    -------
    list of str
        One column name per item, dimension after dimension.

    Raises
    ------
    SurveyError
        A dimension without items, or an item in two dimensions.
    SurveyTypeError
        A template without a ``{}`` for the item number, or ``dimensions`` that do not map
        names to item numbers.

    See Also
    --------
    item_blocks : the same columns grouped by dimension.

    Examples
    --------
    >>> cols = item_columns("P{}")
    >>> len(cols), cols[:3]
    (22, ['P1', 'P2', 'P3'])
    >>> item_columns("E{:02d}", {"tangibles": [1, 2]})
    ['E01', 'E02']
    """
    dims = _check_dimensions(dimensions)
    template = _check_template(template, "template")
    return [template.format(i) for items in dims.values() for i in items]


def _resolve(data: pd.DataFrame, template: str, dims) -> list[str]:
    """Columns of a battery; ``"E{}"`` also finds zero-padded names (``E01``) when those are what the data has."""
    cols = item_columns(template, dims)
    if all(c in data.columns for c in cols) or "{}" not in template:
        return cols
    padded = item_columns(template.replace("{}", "{:02d}"), dims)
    return padded if all(c in data.columns for c in padded) else cols


def item_blocks(template: str, dimensions=None, *, data: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """``{dimension: [columns]}`` of one battery, e.g. for :func:`sxm.reliability.reliability_table`.

    With ``data``, ``"P{}"`` also resolves to zero-padded names (``P01``) when those are the
    data's columns.

    Parameters
    ----------
    template : str
        Column template with one ``{}`` for the item number, e.g. ``"P{}"``.
    dimensions : dict, optional
        ``{dimension: [item numbers]}``. Default ``None``: :data:`DIMENSIONS` (all 22 items).
    data : DataFrame, optional
        The survey whose column names decide between ``P1`` and ``P01``; not modified.
        Default ``None``: the template as written.

    Returns
    -------
    dict
        ``{dimension: [columns]}``, the blocks that :mod:`sxm.reliability` and
        :mod:`sxm.model` read.

    Raises
    ------
    SurveyError
        As :func:`item_columns`; ``data`` without rows.
    SurveyTypeError
        As :func:`item_columns`; ``data`` that is not a DataFrame.

    See Also
    --------
    item_columns : the flat list of columns.
    sxm.reliability.reliability_table : reliability of the dimensions, from these blocks.

    Examples
    --------
    >>> item_blocks("P{}", {"tangibles": [1, 2], "empathy": [3]})
    {'tangibles': ['P1', 'P2'], 'empathy': ['P3']}
    >>> item_blocks("P{}", {"a": [1, 2], "b": [3]}, data=pd.DataFrame({"P01": [1], "P02": [2], "P03": [3]}))
    {'a': ['P01', 'P02'], 'b': ['P03']}

    Alpha of the five perception dimensions of the bundled survey:

    >>> import warnings
    >>> from sxm.datasets import load
    >>> from sxm.reliability import cronbach_alpha
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # listwise deletion drops 14 % of the renters
    ...     alpha = cronbach_alpha(load("car_rental_servqual"), item_blocks("P{}"))["alpha"]
    >>> alpha.round(3).tolist()
    [0.81, 0.884, 0.871, 0.857, 0.858]
    """
    dims = _check_dimensions(dimensions)
    template = _check_template(template, "template")
    if data is not None:
        require_frame(data)
        cols = iter(_resolve(data, template, dims))
        return {d: [next(cols) for _ in items] for d, items in dims.items()}
    return {d: [template.format(i) for i in items] for d, items in dims.items()}


def _items_frame(data, template, dims, scale, what) -> pd.DataFrame:
    """Validated float copy of one battery, columns renamed to item numbers."""
    cols = _resolve(data, _check_template(template, what), dims)
    require_columns(data, cols, what=f"{what} column")
    frame = numeric_items(data, cols, scale=scale)
    frame.columns = [i for items in dims.values() for i in items]
    return frame


def _batteries(data, dimensions, scale, **templates):
    """Validate ``data`` and ``dimensions``; return (dims, {battery: item frame})."""
    require_frame(data)
    dims = _check_dimensions(dimensions)
    return dims, {name: _items_frame(data, t, dims, scale, name) for name, t in templates.items()}


def _check_per(per: str) -> None:
    check_choice("per", per, ("dimension", "item"))


def _by_dimension(frame: pd.DataFrame, dims) -> pd.DataFrame:
    """Respondents x dimensions: mean of the answered items of each dimension (NaN if none)."""
    blocks = {d: [str(i) for i in items] for d, items in dims.items()}
    return composite_scores(frame.rename(columns=str), blocks)


# --------------------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------------------
def gap_scores(data: pd.DataFrame, *, expectation: str = "E{}", perception: str = "P{}",
               dimensions=None, scale=None, gap: str = "G{}") -> pd.DataFrame:
    """Item gap scores P - E, one row per respondent.

    Parameters
    ----------
    data : DataFrame
        One row per respondent with the expectation and perception columns. Not modified.
    expectation : str, default "E{}"
        Column template of the expectations: item *i* is ``expectation.format(i)``
        (``E01`` is found too when the data are named so).
    perception : str, default "P{}"
        Column template of the perceptions.
    dimensions : dict, optional
        ``{dimension: [item numbers]}``. Default ``None``: :data:`DIMENSIONS` (all 22 items).
    scale : tuple of (low, high), optional
        Inclusive answer scale to validate, e.g. ``(1, 7)``. Default ``None``: no check of
        the range.
    gap : str, default "G{}"
        Template for the names of the gap columns.

    Returns
    -------
    DataFrame
        Same index as ``data``; columns ``G1`` ... ``G22``. A gap is missing when either
        answer is.

    Raises
    ------
    SurveyError
        Missing columns, answers that are not numbers or lie off ``scale``, a dimension
        without items or an item in two dimensions.
    SurveyTypeError
        ``data`` is not a DataFrame, a template has no ``{}``, or ``dimensions`` do not map
        names to item numbers.

    See Also
    --------
    dimension_scores : the gaps averaged within each dimension.
    summarize : mean gaps with intervals and paired tests.
    sxm.metrics.disconfirmation : perception minus expectation for any blocks of items.

    Examples
    --------
    >>> d = pd.DataFrame({"E1": [7, 6], "P1": [5, 6], "E2": [6, 5], "P2": [6, 7]})
    >>> gap_scores(d, dimensions={"tangibles": [1, 2]})
        G1   G2
    0 -2.0  0.0
    1  0.0  2.0
    >>> # In R: d[paste0("P", 1:22)] - d[paste0("E", 1:22)]
    >>> from sxm.datasets import load
    >>> gap_scores(load("car_rental_servqual")).iloc[:2, :5]
        G1   G2   G3   G4   G5
    0 -1.0 -1.0  3.0  2.0 -1.0
    1 -4.0  0.0 -5.0 -4.0 -2.0
    """
    gap = _check_template(gap, "gap")
    _, b = _batteries(data, dimensions, scale, expectation=expectation, perception=perception)
    out = b["perception"] - b["expectation"]
    out.columns = [gap.format(i) for i in out.columns]
    return out


def dimension_scores(data: pd.DataFrame, *, kind: str = "gap", expectation: str = "E{}", perception: str = "P{}",
                     dimensions=None, scale=None) -> pd.DataFrame:
    """Per-respondent dimension scores: the mean of the answered items of each dimension.

    Parameters
    ----------
    data : DataFrame
        One row per respondent. Not modified.
    kind : {"gap", "expectation", "perception"}, default "gap"
        ``"gap"`` is the dimension's mean perception minus its mean expectation.
    expectation : str, default "E{}"
        Column template of the expectations (not read for ``kind="perception"``).
    perception : str, default "P{}"
        Column template of the perceptions (not read for ``kind="expectation"``).
    dimensions : dict, optional
        ``{dimension: [item numbers]}``. Default ``None``: :data:`DIMENSIONS`.
    scale : tuple of (low, high), optional
        Inclusive answer scale to validate. Default ``None``: no check of the range.

    Returns
    -------
    DataFrame
        Same index as ``data``, one column per dimension; NaN where a respondent answered
        no item of the dimension (in either battery, for a gap).

    Raises
    ------
    SurveyError
        An unknown ``kind``; otherwise as :func:`gap_scores`.
    SurveyTypeError
        As :func:`gap_scores`.

    See Also
    --------
    gap_scores : the item gaps.
    score : the overall SERVQUAL and SERVPERF scores per respondent.
    sxm.model.composite_scores : the item means behind the dimension scores.

    Examples
    --------
    >>> d = pd.DataFrame({"E1": [7, 6], "P1": [5, 6], "E2": [6, 5], "P2": [6, 7]})
    >>> dimension_scores(d, dimensions={"tangibles": [1, 2]})
       tangibles
    0       -1.0
    1        1.0
    >>> from sxm.datasets import load
    >>> dimension_scores(load("car_rental_servqual"), kind="perception").mean().round(2).tolist()
    [5.29, 5.11, 4.77, 5.44, 4.93]
    """
    if kind not in ("gap", "expectation", "perception"):
        raise SurveyError(f"kind: must be 'gap', 'expectation' or 'perception'; got {kind!r}")
    templates = {"expectation": expectation, "perception": perception}
    if kind != "gap":
        templates = {kind: templates[kind]}
    dims, b = _batteries(data, dimensions, scale, **templates)
    means = {name: _by_dimension(frame, dims) for name, frame in b.items()}
    return means[kind] if kind != "gap" else means["perception"] - means["expectation"]


def _weights(data: pd.DataFrame, weights, dims) -> pd.DataFrame | None:
    """Respondents x dimensions weights in points (sum 100), or None."""
    if weights is None:
        return None
    if not isinstance(weights, Mapping):
        raise SurveyTypeError(
            "weights: must map each dimension to fixed points ({'reliability': 30, ...}) or to the column "
            f"holding each respondent's points ({{'reliability': 'W_reliability', ...}}); got {type(weights).__name__}"
        )
    missing = [d for d in dims if d not in weights]
    extra = [d for d in weights if d not in dims]
    if missing or extra:
        bad = missing[0] if missing else extra[0]
        rule = "has no weight" if missing else "is not a dimension"
        raise SurveyError(f"weights: dimension {bad!r} {rule} (rule: one weight per dimension: {', '.join(dims)})")
    values = list(weights.values())
    if all(isinstance(v, str) for v in values):
        cols = [weights[d] for d in dims]
        require_columns(data, cols, what="weight column")
        w = numeric_items(data, cols, scale=(0, 100), allow_all_missing=True)
        w.columns = list(dims)
        answered = w.notna()
        partial = answered.any(axis=1) & ~answered.all(axis=1)
        if partial.any():
            row = w.index[partial.to_numpy()][0]
            col = weights[w.columns[~answered.loc[row].to_numpy()][0]]
            raise SurveyError(
                f"column {col!r}: a respondent who allocates points must give every dimension a number "
                f"(0 allowed); row {row!r} left it empty"
            )
        total = w.sum(axis=1, min_count=1)
        off = answered.all(axis=1) & ((total - 100).abs() > 1e-6)
        if off.any():
            row = w.index[off.to_numpy()][0]
            raise SurveyError(
                f"weights: each respondent's points must sum to 100 (rule: 100-point allocation over "
                f"{len(dims)} dimensions); row {row!r} sums to {total[row]:g} (and {int(off.sum()) - 1} more rows)"
            )
        return w
    if all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in values):
        fixed = np.array([float(weights[d]) for d in dims])
        if not np.isfinite(fixed).all() or (fixed < 0).any():
            raise SurveyError(f"weights: points must be finite and non-negative; got {dict(weights)!r}")
        if abs(fixed.sum() - 100) > 1e-6:
            raise SurveyError(
                f"weights: the points must sum to 100 (rule: 100-point allocation); {dict(weights)!r} sums to {fixed.sum():g}"
            )
        return pd.DataFrame(np.tile(fixed, (len(data), 1)), index=data.index, columns=list(dims))
    raise SurveyTypeError("weights: give either numbers for every dimension or column names for every dimension, not a mix")


def score(data: pd.DataFrame, *, weights=None, expectation: str | None = "E{}", perception: str = "P{}",
           dimensions=None, scale=None) -> pd.DataFrame:
    """Overall scores per respondent: unweighted and weighted SERVQUAL, and SERVPERF.

    Parameters
    ----------
    data : DataFrame
        One row per respondent. Not modified.
    weights : dict, optional
        Importance of the dimensions as a 100-point allocation: either fixed points,
        ``{"tangibles": 10, "reliability": 30, ...}``, or per respondent, the columns that hold
        each respondent's points, ``{"tangibles": "W_tangibles", ...}``. Points must sum to
        100 (per respondent); a respondent who left every weight empty gets no weighted score.
        Default ``None``: no weighted score.
    expectation : str or None, default "E{}"
        Column template of the expectations; ``None`` scores a perception-only (SERVPERF)
        survey.
    perception : str, default "P{}"
        Column template of the perceptions.
    dimensions : dict, optional
        ``{dimension: [item numbers]}``. Default ``None``: :data:`DIMENSIONS`.
    scale : tuple of (low, high), optional
        Inclusive answer scale to validate. Default ``None``: no check of the range.

    Returns
    -------
    DataFrame
        Same index as ``data``: ``servqual`` (mean of the dimension gaps),
        ``weighted_servqual`` (when weights are given: :math:`\\sum_d w_d\\,G_d / 100`),
        ``servperf`` (mean of the dimension perceptions). With ``expectation=None`` (a
        perception-only survey) only ``servperf`` and, with weights, ``weighted_servperf``
        (:math:`\\sum_d w_d\\,P_d / 100`). A score is NaN when a dimension score is.

    Raises
    ------
    SurveyError
        Weights that do not name every dimension, are negative, do not sum to 100 (per
        respondent), or were left partly empty; otherwise as :func:`gap_scores`.
    SurveyTypeError
        Weights that are not a dict, or mix numbers and column names; otherwise as
        :func:`gap_scores`.

    See Also
    --------
    dimension_scores : the dimension scores averaged here.
    summarize : the scores' means with intervals.
    predictive_validity : how well each score explains an overall judgement.

    Notes
    -----
    Unweighted SERVQUAL gives every dimension the weight 1/5 regardless of its number of
    items (Parasuraman, Zeithaml & Berry 1991); the weighted score is on the same scale.
    SERVPERF (Cronin & Taylor 1992) is the perception part alone.

    Examples
    --------
    >>> d = pd.DataFrame({"E1": [7], "P1": [5], "E2": [6], "P2": [7]})
    >>> dims = {"a": [1], "b": [2]}
    >>> score(d, dimensions=dims, weights={"a": 75, "b": 25})  # 0.75 * -2 + 0.25 * 1
       servqual  weighted_servqual  servperf
    0      -0.5              -1.25       6.0
    >>> score(d, dimensions=dims, weights={"a": 75, "b": 25}, expectation=None)  # SERVPERF
       servperf  weighted_servperf
    0       6.0                5.5

    The bundled survey, with each renter's own 100-point allocation:

    >>> from sxm.datasets import load
    >>> w = {d: f"W_{d}" for d in DIMENSIONS}
    >>> score(load("car_rental_servqual"), weights=w).head(3).round(2)
       servqual  weighted_servqual  servperf
    0      0.04               0.06      6.14
    1     -1.59              -1.51      4.43
    2     -2.79              -3.32      3.54
    """
    templates = {"perception": perception} if not expectation else {"expectation": expectation, "perception": perception}
    dims, b = _batteries(data, dimensions, scale, **templates)
    p = _by_dimension(b["perception"], dims)
    w = _weights(data, weights, dims)
    out = pd.DataFrame(index=data.index)
    if expectation:
        g = p - _by_dimension(b["expectation"], dims)
        out["servqual"] = g.mean(axis=1, skipna=False)
        if w is not None:
            out["weighted_servqual"] = (g * w).sum(axis=1, min_count=len(dims)) / 100
    out["servperf"] = p.mean(axis=1, skipna=False)
    if w is not None and not expectation:
        out["weighted_servperf"] = (p * w).sum(axis=1, min_count=len(dims)) / 100
    return out


def _t_interval(mean: float, t_stat: float, df: float, level: float) -> tuple[float, float]:
    """mean +- t_(1+level)/2 * se with se = mean / t: pingouin's interval, unrounded (it rounds to 2 decimals)."""
    from scipy import stats

    half = stats.t.ppf((1 + level) / 2, df) * abs(mean / t_stat)
    return mean - half, mean + half


def _paired_rows(pairs: dict[str, tuple[pd.Series, pd.Series]], level: float, names=("x", "y")) -> pd.DataFrame:
    """Paired t-test (pingouin) of x vs y for each entry; mean difference with its CI."""
    import pingouin

    rows = {}
    for key, (x, y) in pairs.items():
        ok = x.notna() & y.notna()
        n = int(ok.sum())
        if n < 2:
            raise SurveyError(f"{key!r}: needs at least 2 respondents with both answers for a paired test; got {n}")
        xs, ys = x[ok].to_numpy(), y[ok].to_numpy()
        diff = xs - ys
        if np.ptp(diff) == 0:
            lo = hi = float(diff[0])
            t_stat, p_val, d = np.nan, np.nan, np.nan
        else:
            res = pingouin.ttest(xs, ys, paired=True, confidence=level)
            t_stat, p_val, d = float(res["T"].iloc[0]), float(res["p_val"].iloc[0]), float(res["cohen_d"].iloc[0])
            if t_stat == 0:  # mean difference 0: the interval is 0 +- t * sd / sqrt(n)
                from scipy import stats

                half = stats.t.ppf((1 + level) / 2, n - 1) * diff.std(ddof=1) / np.sqrt(n)
                lo, hi = -half, half
            else:
                lo, hi = _t_interval(diff.mean(), t_stat, n - 1, level)
        rows[key] = {
            "n": n, names[1]: ys.mean(), names[0]: xs.mean(), "diff": diff.mean(), "ci_low": float(lo),
            "ci_high": float(hi), "t": t_stat, "df": n - 1, "pvalue": p_val, "cohen_d": d,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def summarize(data: pd.DataFrame, *, weights=None, expectation: str | None = "E{}", perception: str = "P{}",
              dimensions=None, per: str = "dimension", level: float = 0.95, scale=None) -> pd.DataFrame:
    """Mean expectation, perception and gap per dimension (or item), with CIs and paired tests.

    Parameters
    ----------
    data : DataFrame
        One row per respondent. Not modified.
    weights : dict, optional
        As for :func:`score` (fixed points or per-respondent columns, summing to 100); used
        with ``per="dimension"`` only. Default ``None``: no weighted columns.
    expectation : str or None, default "E{}"
        Column template of the expectations. ``expectation=None`` summarizes a
        perception-only (SERVPERF) survey: mean perception with its t interval, no gap.
    perception : str, default "P{}"
        Column template of the perceptions.
    dimensions : dict, optional
        ``{dimension: [item numbers]}``. Default ``None``: :data:`DIMENSIONS` (all 22 items).
    per : {"dimension", "item"}, default "dimension"
        One row per dimension plus an ``overall`` row (the SERVQUAL score), or one row per item.
    level : float, default 0.95
        Confidence level of the interval of the mean gap.
    scale : tuple of (low, high), optional
        Inclusive answer scale to validate. Default ``None``: no check of the range.

    Returns
    -------
    DataFrame
        Index ``dimension`` (or ``item``, with a ``dimension`` column); columns ``n``,
        ``expectation``, ``perception``, ``gap``, ``ci_low``, ``ci_high`` (of the mean gap),
        ``t``, ``df``, ``pvalue`` (paired t-test of P vs E, :func:`pingouin.ttest`),
        ``cohen_d`` (pingouin's, absolute); with weights also ``weight`` (mean points) and
        ``weighted_gap`` (mean of :math:`w_d G_d / 100`; the overall row is their sum, the
        weighted SERVQUAL score).

    Raises
    ------
    SurveyError
        A row with fewer than 2 respondents with both answers, an unknown ``per``, a bad
        ``level``; otherwise as :func:`score`.
    SurveyTypeError
        As :func:`score`.

    See Also
    --------
    score : the scores per respondent.
    zone_of_tolerance : perceptions against adequate and desired levels.
    gap1 : management's against customers' expectations.
    plot_gaps : the bar chart of this table.
    plot_profile : the item profile of ``summarize(data, per="item")``.

    Notes
    -----
    Each row uses the respondents who answered at least one item of the dimension in both
    batteries; the overall row uses those with a score on every dimension. A negative gap
    means the service falls short of expectations. Without expectations (SERVPERF) the
    table has ``n``, ``perception``, ``ci_low``, ``ci_high`` (one-sample t interval) and
    ``se``.

    Examples
    --------
    >>> d = pd.DataFrame({"E1": [7, 6, 7, 5], "P1": [5, 6, 4, 5]})
    >>> summarize(d, dimensions={"tangibles": [1]})[["expectation", "perception", "gap"]]  # doctest: +NORMALIZE_WHITESPACE
               expectation  perception   gap
    dimension
    tangibles         6.25         5.0 -1.25
    overall           6.25         5.0 -1.25
    >>> # In R: t.test(P, E, paired = TRUE) for each dimension's mean scores

    The bundled car-rental survey:

    >>> from sxm.datasets import load
    >>> s = summarize(load("car_rental_servqual"))
    >>> s[["n", "expectation", "perception", "gap", "ci_low", "ci_high"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
                      n  expectation  perception   gap  ci_low  ci_high
    dimension
    tangibles       400         5.50        5.29 -0.21   -0.36    -0.07
    reliability     400         6.33        5.11 -1.22   -1.37    -1.08
    responsiveness  400         5.99        4.77 -1.22   -1.38    -1.06
    assurance       400         6.05        5.44 -0.62   -0.76    -0.47
    empathy         400         5.61        4.93 -0.68   -0.82    -0.53
    overall         400         5.90        5.11 -0.79   -0.90    -0.68
    """
    _check_per(per)
    level = check_level(level)
    if not expectation:
        return _perception_only(data, perception, dimensions, per, level, scale)
    dims, b = _batteries(data, dimensions, scale, expectation=expectation, perception=perception)
    e_items, p_items = b["expectation"], b["perception"]
    w = _weights(data, weights, dims)
    if per == "item" and w is not None:
        raise SurveyError("weights: apply to dimensions (rule: a 100-point allocation over the dimensions); "
                          "per='item' has none -- leave weights out or use per='dimension'")
    if per == "item":
        out = _paired_rows({i: (p_items[i], e_items[i]) for i in e_items.columns}, level, ("perception", "expectation"))
        out = out.rename(columns={"diff": "gap"}).rename_axis("item")
        out.insert(0, "dimension", [_dim_of(i, dims) for i in out.index])
        return out
    e, p = _by_dimension(e_items, dims), _by_dimension(p_items, dims)
    e["overall"] = e[list(dims)].mean(axis=1, skipna=False)
    p["overall"] = p[list(dims)].mean(axis=1, skipna=False)
    out = _paired_rows({d: (p[d], e[d]) for d in e.columns}, level, ("perception", "expectation"))
    out = out.rename(columns={"diff": "gap"}).rename_axis("dimension")
    if w is not None:
        g = p[list(dims)] - e[list(dims)]
        wg = g * w / 100
        out["weight"] = list(w.mean()) + [100.0]
        per_dim = list(wg.mean())
        overall = wg.sum(axis=1, min_count=len(dims)).mean()
        out["weighted_gap"] = per_dim + [overall]
    return out


def _perception_only(data, perception, dimensions, per, level, scale) -> pd.DataFrame:
    """SERVPERF summary: mean perception per dimension (or item) with its t interval."""
    from scipy import stats

    dims, b = _batteries(data, dimensions, scale, perception=perception)
    p = b["perception"]
    if per == "dimension":
        p = _by_dimension(p, dims)
        p["overall"] = p[list(dims)].mean(axis=1, skipna=False)
    n = p.notna().sum()
    short = n[n < 2]
    if len(short):
        raise SurveyError(f"{short.index[0]!r}: needs at least 2 respondents with answers; got {int(short.iloc[0])}")
    mean, se = p.mean(), p.std(ddof=1) / np.sqrt(n)
    half = stats.t.ppf((1 + level) / 2, n - 1) * se
    out = pd.DataFrame({"n": n.astype(int), "perception": mean, "se": se, "ci_low": mean - half,
                        "ci_high": mean + half})
    out = out.rename_axis("item" if per == "item" else "dimension")
    if per == "item":
        out.insert(0, "dimension", [_dim_of(i, dims) for i in out.index])
    return out


def _dim_of(item: int, dims) -> str:
    for d, items in dims.items():
        if item in items:
            return d
    raise KeyError(item)  # pragma: no cover - items come from dims


def zone_of_tolerance(data: pd.DataFrame, *, adequate: str = "A{}", desired: str = "D{}", perception: str = "P{}",
                      dimensions=None, per: str = "dimension", level: float = 0.95, scale=None) -> pd.DataFrame:
    """The zone of tolerance: perceptions against adequate and desired service levels.

    Only respondents who answered the adequate and desired questions are used (in many
    studies a subsample); rows where both batteries are empty are dropped.

    Parameters
    ----------
    data : DataFrame
        One row per respondent. Not modified.
    adequate : str, default "A{}"
        Column template of the adequate (minimum acceptable) service level.
    desired : str, default "D{}"
        Column template of the desired service level.
    perception : str, default "P{}"
        Column template of the perceptions.
    dimensions : dict, optional
        ``{dimension: [item numbers]}``. Default ``None``: :data:`DIMENSIONS`.
    per : {"dimension", "item"}, default "dimension"
        One row per dimension or per item.
    level : float, default 0.95
        Confidence level of the intervals of MSA and MSS.
    scale : tuple of (low, high), optional
        Inclusive answer scale to validate. Default ``None``: no check of the range.

    Returns
    -------
    DataFrame
        ``n``, ``adequate``, ``desired``, ``perception`` (means), ``tolerance`` (desired -
        adequate, the width of the zone), ``msa`` (measure of service adequacy, P - adequate)
        with ``msa_ci_low``/``msa_ci_high`` and its paired ``msa_pvalue``, ``mss`` (measure
        of service superiority, P - desired) with ``mss_ci_low``/``mss_ci_high`` and
        ``mss_pvalue``, and ``position``: ``"below zone"`` (MSA < 0), ``"above zone"``
        (MSS > 0) or ``"within zone"``.

    Raises
    ------
    SurveyError
        Fewer than 2 respondents with adequate and desired answers; a desired level below
        the adequate one on most items (swapped templates); otherwise as
        :func:`summarize`.
    SurveyTypeError
        As :func:`summarize`.

    Warns
    -----
    RuntimeWarning
        A few items whose mean desired level lies below the adequate one.

    See Also
    --------
    summarize : gaps between perceptions and expectations.
    plot_zone_of_tolerance : the figure of this table.

    References
    ----------
    Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1994). Alternative scales for measuring
    service quality. *Journal of Retailing*, 70(3), 201-230.

    Examples
    --------
    >>> d = pd.DataFrame({"A1": [4, 5, 4], "D1": [7, 6, 7], "P1": [5, 6, 5]})
    >>> zone = zone_of_tolerance(d, dimensions={"tangibles": [1]})
    >>> zone[["adequate", "desired", "msa", "mss", "position"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
               adequate  desired  msa    mss     position
    dimension
    tangibles     4.333    6.667  1.0 -1.333  within zone
    >>> # In R: t.test(P, A, paired = TRUE) (MSA) and t.test(P, D, paired = TRUE) (MSS)

    The bundled survey (adequate and desired levels asked of 160 renters):

    >>> from sxm.datasets import load
    >>> zone = zone_of_tolerance(load("car_rental_servqual"))
    >>> zone[["n", "adequate", "desired", "perception", "position"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
                      n  adequate  desired  perception     position
    dimension
    tangibles       160      4.10     5.73        5.27  within zone
    reliability     160      5.28     6.57        5.04   below zone
    responsiveness  160      4.97     6.22        4.84   below zone
    assurance       160      4.66     6.25        5.44  within zone
    empathy         160      4.22     5.82        4.90  within zone
    """
    _check_per(per)
    level = check_level(level)
    dims, b = _batteries(data, dimensions, scale, adequate=adequate, desired=desired, perception=perception)
    a, d, p = b["adequate"], b["desired"], b["perception"]
    keep = a.notna().any(axis=1) | d.notna().any(axis=1)
    if keep.sum() < 2:
        raise SurveyError(
            f"{adequate!r}/{desired!r}: the zone of tolerance needs at least 2 respondents with adequate and "
            f"desired answers; found {int(keep.sum())}"
        )
    a, d, p = a[keep], d[keep], p[keep]
    # by definition the desired level lies above the adequate one (Parasuraman et al. 1994)
    inverted = (d.mean() < a.mean()).to_numpy()
    if inverted.mean() > 0.5:
        first = a.columns[int(np.argmax(inverted))]
        raise SurveyError(
            f"{desired!r}/{adequate!r}: the desired service level must lie above the adequate one, but its mean is "
            f"lower on {int(inverted.sum())} of {inverted.size} items (e.g. item {first!r}: desired "
            f"{d[first].mean():.2f} < adequate {a[first].mean():.2f}); are the two templates swapped?"
        )
    if inverted.any():
        warnings.warn(
            f"zone of tolerance: mean desired level below the adequate one on item(s) "
            f"{', '.join(map(str, a.columns[inverted]))}; their zone has negative width",
            RuntimeWarning, stacklevel=2,
        )
    if per == "dimension":
        a, d, p = _by_dimension(a, dims), _by_dimension(d, dims), _by_dimension(p, dims)
    msa = _paired_rows({k: (p[k], a[k]) for k in a.columns}, level, ("perception", "adequate"))
    mss = _paired_rows({k: (p[k], d[k]) for k in a.columns}, level, ("perception", "desired"))
    out = pd.DataFrame(
        {
            "n": msa["n"],
            "adequate": msa["adequate"],
            "desired": mss["desired"],
            "perception": msa["perception"],
            "msa": msa["diff"], "msa_ci_low": msa["ci_low"], "msa_ci_high": msa["ci_high"], "msa_pvalue": msa["pvalue"],
            "mss": mss["diff"], "mss_ci_low": mss["ci_low"], "mss_ci_high": mss["ci_high"], "mss_pvalue": mss["pvalue"],
        }
    )
    out.insert(3, "tolerance", out["desired"] - out["adequate"])
    out["position"] = np.where(out["msa"] < 0, "below zone", np.where(out["mss"] > 0, "above zone", "within zone"))
    out = out.rename_axis("item" if per == "item" else "dimension")
    if per == "item":
        out.insert(0, "dimension", [_dim_of(i, dims) for i in out.index])
    return out


def gap1(customers: pd.DataFrame, management: pd.DataFrame, *, expectation: str = "E{}",
         management_expectation: str | None = None, dimensions=None, level: float = 0.95, scale=None) -> pd.DataFrame:
    """Gap 1 of the 5-GAP model: management's perception of customer expectations vs the real ones.

    Parameters
    ----------
    customers : DataFrame
        The customer SERVQUAL survey (its expectation battery is used). Not modified.
    management : DataFrame
        A survey of managers who answered the same expectation statements *as they believe
        customers would*. Not modified.
    expectation : str, default "E{}"
        Column template of the customers' expectations.
    management_expectation : str, optional
        Column template in ``management``. Default ``None``: the same as ``expectation``.
    dimensions : dict, optional
        ``{dimension: [item numbers]}``. Default ``None``: :data:`DIMENSIONS`.
    level : float, default 0.95
        Confidence level of the interval of gap 1.
    scale : tuple of (low, high), optional
        Inclusive answer scale to validate (both surveys). Default ``None``: no check of
        the range.

    Returns
    -------
    DataFrame
        One row per dimension plus ``overall``: ``n_customers``, ``n_management``,
        ``customers`` and ``management`` (mean expectation), ``gap1`` (management -
        customers; negative: management underestimates what customers expect), ``ci_low``,
        ``ci_high``, ``t``, ``df``, ``pvalue`` (Welch's t-test, :func:`pingouin.ttest`,
        which applies Welch's correction when the group sizes differ), ``cohen_d``.

    Raises
    ------
    SurveyError
        A row with fewer than 2 managers or 2 customers with answers, a bad ``level``;
        otherwise as :func:`gap_scores` (for either survey).
    SurveyTypeError
        ``customers`` or ``management`` is not a DataFrame; otherwise as
        :func:`gap_scores`.

    See Also
    --------
    summarize : gap 5 (perception minus expectation) of the customers.

    Examples
    --------
    >>> c = pd.DataFrame({"E1": [7, 6, 7, 6]})
    >>> m = pd.DataFrame({"E1": [5, 6, 5]})
    >>> gap1(c, m, dimensions={"tangibles": [1]})[["customers", "management", "gap1"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
               customers  management   gap1
    dimension
    tangibles        6.5       5.333 -1.167
    overall          6.5       5.333 -1.167
    >>> # In R: t.test(management, customers) (Welch) for each dimension's mean scores

    The bundled management survey (40 managers) against the renters:

    >>> from sxm.datasets import load
    >>> g1 = gap1(load("car_rental_servqual"), load("car_rental_servqual_management"))
    >>> g1[["n_customers", "n_management", "gap1", "pvalue"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
                    n_customers  n_management   gap1  pvalue
    dimension
    tangibles               400            40  0.417   0.010
    reliability             400            40 -0.267   0.090
    responsiveness          400            40 -0.526   0.011
    assurance               400            40  0.193   0.182
    empathy                 400            40 -0.419   0.035
    overall                 400            40 -0.120   0.376
    """
    import pingouin

    level = check_level(level)
    require_frame(customers, name="customers")
    require_frame(management, name="management")
    mtemplate = expectation if management_expectation is None else management_expectation
    dims, b = _batteries(customers, dimensions, scale, customer_expectation=expectation)
    _, bm = _batteries(management, dims, scale, management_expectation=mtemplate)
    c = _by_dimension(b["customer_expectation"], dims)
    m = _by_dimension(bm["management_expectation"], dims)
    c["overall"] = c[list(dims)].mean(axis=1, skipna=False)
    m["overall"] = m[list(dims)].mean(axis=1, skipna=False)
    rows = {}
    for k in c.columns:
        x, y = m[k].dropna().to_numpy(), c[k].dropna().to_numpy()
        if len(x) < 2 or len(y) < 2:
            raise SurveyError(f"{k!r}: gap 1 needs at least 2 managers and 2 customers with answers")
        res = pingouin.ttest(x, y, paired=False, confidence=level)
        t_stat, df = float(res["T"].iloc[0]), float(res["dof"].iloc[0])
        if t_stat == 0:
            lo = hi = 0.0
        else:
            lo, hi = _t_interval(x.mean() - y.mean(), t_stat, df, level)
        rows[k] = {
            "n_customers": len(y), "n_management": len(x), "customers": y.mean(), "management": x.mean(),
            "gap1": x.mean() - y.mean(), "ci_low": float(lo), "ci_high": float(hi), "t": t_stat, "df": df, "pvalue": float(res["p_val"].iloc[0]),
            "cohen_d": float(res["cohen_d"].iloc[0]),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("dimension")


def predictive_validity(data: pd.DataFrame, outcome: str, *, weights=None, expectation: str | None = "E{}",
                        perception: str = "P{}", dimensions=None, scale=None) -> pd.DataFrame:
    """How well SERVQUAL, weighted SERVQUAL and SERVPERF explain an overall outcome.

    For each score: its correlation with ``outcome`` (e.g. overall satisfaction) and the
    R-squared of a regression of the outcome on the five dimension scores (gaps for
    SERVQUAL, perceptions for SERVPERF), via :func:`pingouin.linear_regression`.

    Parameters
    ----------
    data : DataFrame
        One row per respondent. Not modified.
    outcome : str
        Column of the overall judgement (satisfaction, overall quality).
    weights : dict, optional
        As for :func:`score`. Default ``None``: no weighted row.
    expectation : str or None, default "E{}"
        Column template of the expectations; ``None`` for a perception-only (SERVPERF)
        survey.
    perception : str, default "P{}"
        Column template of the perceptions.
    dimensions : dict, optional
        ``{dimension: [item numbers]}``. Default ``None``: :data:`DIMENSIONS`.
    scale : tuple of (low, high), optional
        Inclusive answer scale to validate (not applied to ``outcome``). Default ``None``:
        no check of the range.

    Returns
    -------
    DataFrame
        Index ``score`` (``servqual``, ``weighted_servqual`` when weights are given,
        ``servperf``; with ``expectation=None`` only ``servperf`` and
        ``weighted_servperf``); columns ``n``, ``r`` (correlation of the overall score with
        the outcome), ``r2`` and ``adj_r2`` (regression on the dimension scores).

    Raises
    ------
    SurveyError
        A missing, non-numeric or constant ``outcome``; fewer complete respondents than
        dimensions + 2; otherwise as :func:`score`.
    SurveyTypeError
        As :func:`score`.

    See Also
    --------
    score : the three scores per respondent.
    sxm.priorities.derived_importance : how much each dimension drives the outcome.

    Notes
    -----
    Cronin & Taylor (1992) found perceptions alone explain overall judgements at least as
    well as the gaps; the comparison lets you check that on your data.

    Examples
    --------
    >>> from sxm.datasets import load
    >>> w = {d: f"W_{d}" for d in DIMENSIONS}
    >>> pv = predictive_validity(load("car_rental_servqual"), "overall", weights=w)
    >>> pv.round(3)  # doctest: +NORMALIZE_WHITESPACE
                         n      r     r2  adj_r2
    score
    servqual           397  0.577  0.363   0.355
    weighted_servqual  397  0.593  0.365   0.357
    servperf           397  0.642  0.420   0.413
    >>> # In R: summary(lm(overall ~ tangibles + reliability + ..., data = gaps))$r.squared
    """
    import pingouin

    templates = {"perception": perception} if not expectation else {"expectation": expectation, "perception": perception}
    dims, b = _batteries(data, dimensions, scale, **templates)
    require_columns(data, [outcome], what="outcome column")
    y = numeric_items(data, [outcome])[outcome]
    check_not_constant(y.to_frame())
    p = _by_dimension(b["perception"], dims)
    w = _weights(data, weights, dims)
    predictors, overall = {}, {}
    if expectation:
        g = p - _by_dimension(b["expectation"], dims)
        predictors["servqual"], overall["servqual"] = g, g.mean(axis=1, skipna=False)
        if w is not None:
            predictors["weighted_servqual"] = g * w / 100
            overall["weighted_servqual"] = predictors["weighted_servqual"].sum(axis=1, min_count=len(dims))
    predictors["servperf"], overall["servperf"] = p, p.mean(axis=1, skipna=False)
    if w is not None and not expectation:
        predictors["weighted_servperf"] = p * w / 100
        overall["weighted_servperf"] = predictors["weighted_servperf"].sum(axis=1, min_count=len(dims))
    rows = {}
    for name, x in predictors.items():
        ok = (y.notna() & x.notna().all(axis=1)).to_numpy()
        if ok.sum() < len(dims) + 2:
            raise SurveyError(
                f"column {outcome!r}: too few complete respondents ({int(ok.sum())}) for a regression on "
                f"{len(dims)} dimension scores"
            )
        fit = pingouin.linear_regression(x[ok], y[ok])
        rows[name] = {
            "n": int(ok.sum()),
            "r": float(np.corrcoef(overall[name][ok], y[ok])[0, 1]),
            "r2": float(fit["r2"].iloc[0]),
            "adj_r2": float(fit["adj_r2"].iloc[0]),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("score")


# --------------------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------------------
def _dimension_colours(dims):
    from .plots import PALETTE

    return {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(dims)}


def plot_profile(items: pd.DataFrame, *, labels: bool = True, title: str | None = None, ax=None):
    """Expectation vs perception profile per item, coloured by dimension.

    Parameters
    ----------
    items : DataFrame
        ``summarize(data, per="item")``: the columns ``dimension`` and ``perception``, and
        ``expectation`` unless it is a perception-only summary (which draws the
        perceptions alone); one row per item. Not modified.
    labels : bool, default True
        Write the short item labels of :data:`ITEMS` on the x axis (when the items are the
        standard 22): ``label``, or ``label_zh`` in Chinese.
    title : str, optional
        Title of the Axes. Default ``None``: "Expectations and perceptions per item" (or
        "Perceptions per item" for a perception-only summary), in the language in force
        (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new 11 × 4.8 inch figure.

    Returns
    -------
    matplotlib.axes.Axes
        Items across, mean answer up: open circles for expectations, filled ones for
        perceptions, a line between them (the gap), one colour per dimension (the
        perceptions alone for a perception-only summary). Fixed words and dimension
        names are in the language in force.

    Raises
    ------
    SurveyTypeError
        ``items`` is not a DataFrame with the needed columns.

    See Also
    --------
    summarize : the item table drawn here.
    plot_gaps : the dimension gaps with intervals.

    Examples
    --------
    >>> from sxm.datasets import load
    >>> ax = plot_profile(summarize(load("car_rental_servqual"), per="item"))
    >>> [t.get_text() for t in ax.get_xticklabels()][:2]
    ['1 up-to-date equipment', '2 attractive facilities']
    >>> from sxm import i18n
    >>> old = i18n.set_lang("zh")
    >>> ax = plot_profile(summarize(load("car_rental_servqual"), per="item"))
    >>> ax.get_title(), [t.get_text() for t in ax.get_xticklabels()][:2]
    ('各题项的期望与感知', ['1 设备新颖', '2 场所美观'])
    >>> _ = i18n.set_lang(old)
    """
    from matplotlib.lines import Line2D

    from .i18n import get_lang, label, t
    from .plots import get_ax

    need = {"dimension", "perception"}
    if not isinstance(items, pd.DataFrame) or not need <= set(items.columns):
        raise SurveyTypeError("items: must be the DataFrame of summarize(data, per='item')")
    both = "expectation" in items.columns
    if title is None:
        title = t("servqual.profile.title" if both else "servqual.profile.title_perception")
    ax = get_ax(ax, figsize=(11, 4.8) if ax is None else None)
    colours = _dimension_colours(pd.unique(items["dimension"]))
    x = np.arange(len(items))
    for dim, colour in colours.items():
        sel = (items["dimension"] == dim).to_numpy()
        xs = x[sel]
        if both:
            ax.vlines(xs, items["perception"][sel], items["expectation"][sel], color=colour, alpha=0.5, lw=2)
            ax.plot(xs, items["expectation"][sel], "o", mfc="white", mec=colour, mew=1.8, ms=7, ls="--",
                    color=colour, lw=1)
        ax.plot(xs, items["perception"][sel], "o", color=colour, ms=7, ls="-", lw=1)
    ax.set_xticks(x)
    if labels and set(items.index) <= set(ITEMS["item"]):
        text = ITEMS.set_index("item").loc[list(items.index), "label_zh" if get_lang() == "zh" else "label"]
        ax.set_xticklabels([f"{i} {t}" for i, t in zip(items.index, text)], rotation=60, ha="right", fontsize=8)
    else:
        ax.set_xticklabels([str(i) for i in items.index])
    handles = [Line2D([], [], color=c, marker="o", ls="-", label=label(d)) for d, c in colours.items()]
    if both:
        handles += [
            Line2D([], [], color="grey", marker="o", mfc="white", ls="--", label=t("common.expectation")),
            Line2D([], [], color="grey", marker="o", ls="-", label=t("common.perception")),
        ]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_ylabel(t("common.mean_answer"))
    ax.set_title(title)
    return ax


def plot_gaps(summary: pd.DataFrame, *, column: str | None = None, title: str | None = None, ax=None):
    """Horizontal bars of the dimension gaps with their confidence intervals.

    Parameters
    ----------
    summary : DataFrame
        ``summarize(data)`` (one row per dimension and ``overall``). Not modified.
    column : str, optional
        The bars: ``"gap"`` (default when the summary has gaps), ``"perception"`` (default
        for a perception-only summary) or another column whose interval is
        ``ci_low``/``ci_high``.
    title : str, optional
        Title of the Axes. Default ``None``: "SERVQUAL gap (P - E) per dimension" for gaps,
        "Mean <column> per dimension" otherwise, in the language in force
        (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per row of ``summary`` (``overall`` in grey) with its interval
        (and a line at zero for gaps). Fixed words and dimension names are in the
        language in force.

    Raises
    ------
    SurveyError
        ``summary`` lacks ``column``, ``ci_low`` or ``ci_high``.
    SurveyTypeError
        ``summary`` is not a DataFrame.

    See Also
    --------
    summarize : the table drawn here.
    plot_profile : expectations and perceptions per item.
    plot_zone_of_tolerance : perceptions against the zone of tolerance.

    Examples
    --------
    >>> from sxm.datasets import load
    >>> ax = plot_gaps(summarize(load("car_rental_servqual")))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy', 'overall']
    >>> from sxm import i18n
    >>> old = i18n.set_lang("zh")
    >>> ax = plot_gaps(summarize(load("car_rental_servqual")))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['有形性', '可靠性', '响应性', '保证性', '同理心', '总体']
    >>> _ = i18n.set_lang(old)
    """
    import seaborn as sns

    from .i18n import label, t
    from .plots import get_ax

    if not isinstance(summary, pd.DataFrame):
        raise SurveyTypeError(f"summary: must be the DataFrame of summarize(data); got {type(summary).__name__}")
    if column is None:
        column = "gap" if "gap" in summary.columns else "perception"
    require_columns(summary, [column, "ci_low", "ci_high"], what="summary column")
    word = t(f"common.{column}") if column in ("perception", "expectation") else column
    if title is None:
        title = t("servqual.gaps.title") if column == "gap" else t("servqual.gaps.title_column", column=word)
    ax = get_ax(ax)
    names = [str(label(i)) for i in summary.index]
    overall = label("overall")
    colours = _dimension_colours([n for n in names if n != overall])
    colours[overall] = (0.35, 0.35, 0.35)
    frame = pd.DataFrame({"dimension": names, "value": summary[column].to_numpy()})
    sns.barplot(data=frame, y="dimension", x="value", hue="dimension", palette=colours, legend=False, ax=ax)
    err = np.vstack([summary[column] - summary["ci_low"], summary["ci_high"] - summary[column]])
    ax.errorbar(summary[column], np.arange(len(names)), xerr=err, fmt="none", ecolor="black", capsize=4, lw=1.2)
    if column == "gap":
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlabel(t("servqual.gaps.xlabel"))
    else:
        ax.set_xlabel(t("servqual.gaps.xlabel_column", column=word))
    ax.set_ylabel("")
    ax.set_title(title)
    return ax


def plot_zone_of_tolerance(zone: pd.DataFrame, *, title: str | None = None, ax=None):
    """The zone between adequate and desired service per dimension, with the perceived level.

    Parameters
    ----------
    zone : DataFrame
        ``zone_of_tolerance(data)``: the columns ``adequate``, ``desired``, ``perception``
        and ``position``. Not modified.
    title : str, optional
        Title of the Axes. Default ``None``: "Zone of tolerance" in the language in force
        (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        One bar from the adequate to the desired level per row, the perception as a
        diamond (red below the zone, green above it, black within). Fixed words and
        dimension names are in the language in force.

    Raises
    ------
    SurveyTypeError
        ``zone`` is not a DataFrame with the needed columns.

    See Also
    --------
    zone_of_tolerance : the table drawn here.
    plot_gaps : the gaps between perceptions and expectations.

    Examples
    --------
    >>> from sxm.datasets import load
    >>> ax = plot_zone_of_tolerance(zone_of_tolerance(load("car_rental_servqual")))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy']
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from .i18n import label, t
    from .plots import get_ax

    if not isinstance(zone, pd.DataFrame) or not {"adequate", "desired", "perception", "position"} <= set(zone.columns):
        raise SurveyTypeError("zone: must be the DataFrame of zone_of_tolerance(data)")
    ax = get_ax(ax)
    x = np.arange(len(zone))
    ax.bar(x, zone["desired"] - zone["adequate"], bottom=zone["adequate"], width=0.5, color="#cfe3f3",
           edgecolor="#4a7fb0", label=t("servqual.zone.zone"))
    colour = np.where(zone["position"] == "below zone", "crimson", np.where(zone["position"] == "above zone", "seagreen", "black"))
    ax.scatter(x, zone["perception"], s=90, marker="D", c=colour, zorder=3)
    ax.set_xticks(x)
    ax.set_xticklabels([str(label(i)) for i in zone.index], rotation=20, ha="right")
    ax.set_ylabel(t("common.mean_answer"))
    ax.set_title(t("servqual.zone.title") if title is None else title)
    handles = [
        Patch(facecolor="#cfe3f3", edgecolor="#4a7fb0", label=t("servqual.zone.adequate_to_desired")),
        Line2D([], [], marker="D", ls="", color="black", label=t("servqual.zone.within")),
        Line2D([], [], marker="D", ls="", color="crimson", label=t("servqual.zone.below")),
        Line2D([], [], marker="D", ls="", color="seagreen", label=t("servqual.zone.above")),
    ]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    low = min(zone["adequate"].min(), zone["perception"].min())
    high = max(zone["desired"].max(), zone["perception"].max())
    pad = 0.1 * (high - low) + 0.1
    ax.set_ylim(low - pad, high + pad)
    return ax
