"""Two languages for the figures: the fixed words of every chart, and a font for Chinese.

The suite has an English and a Chinese (简体中文) edition. Their notebooks differ only in
the markdown and in the ``LANG`` parameter, which reaches :func:`sxm.nb.setup` and from
there :func:`set_lang`. Plotting functions take their *fixed words* (titles, axis labels,
legend entries, quadrant and category names) from one table, :data:`TABLE`, through
:func:`t`. Words that come from the data (attribute, segment, touchpoint names) pass
through :func:`label`: a category value the suite knows (the bundled data sets' values,
whose Chinese labels are kept in their ``data/*.yaml``, and the suite's own words in
:data:`VALUES`: SERVQUAL dimensions, the four elements, ``overall``) is drawn with its
Chinese label in the Chinese edition; any other name (your own data's) is drawn as it is.
:func:`relabel` does the same for a table (``sxm.nb.show`` calls it).

Chinese text needs a font with CJK glyphs. The project depends on a pip package carrying
Noto Sans SC (SIL Open Font License 1.1), so every installation has one;
:func:`register_font` adds it to matplotlib and :func:`use_fallback` puts it *after* the
Latin font in ``rcParams["font.family"]``, so that matplotlib's per-glyph font fallback
draws a Chinese attribute name in an English chart too. ``sxm.plots`` does both when it
is imported.

Examples
--------
>>> t("kano.quadrant.attractive", lang="zh")
'兴奋需求'
>>> t("journey.ylabel", lang="en", lo=-3, hi=3)
'mean emotion (-3 to +3)'
>>> has_cjk("满意度 (satisfaction)"), has_cjk("satisfaction")
(True, False)
>>> label("pick-up wait", lang="zh"), label("pick-up wait", lang="en"), label("会员等级", lang="zh")
('取车等候', 'pick-up wait', '会员等级')
"""
from __future__ import annotations

import re
from pathlib import Path

from .io import SurveyError, SurveyTypeError

__all__ = [
    "LANGS",
    "TABLE",
    "FONT_PACKAGE",
    "VALUES",
    "t",
    "label",
    "labels",
    "relabel",
    "set_lang",
    "get_lang",
    "check_lang",
    "has_cjk",
    "font_path",
    "register_font",
    "use_fallback",
]

#: The languages of the suite: English and Simplified Chinese.
LANGS: tuple[str, ...] = ("en", "zh")

#: The pip package that carries the Simplified-Chinese font (Noto Sans SC, OFL 1.1); a
#: dependency in pyproject.toml and environment.yml.
FONT_PACKAGE = "pylopdf-fonts-zh-cn"

#: Family names of CJK fonts that may already be on a machine, tried when the font package
#: is missing (Linux distributions, Windows, macOS).
SYSTEM_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Microsoft YaHei", "DengXian", "SimHei", "PingFang SC", "Hiragino Sans GB",
    "Heiti SC", "Songti SC", "Arial Unicode MS",
)

_CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u3400-\u4dbf"
                  r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")

# --------------------------------------------------------------------------------------
# the table of fixed words
# --------------------------------------------------------------------------------------
#: Fixed words of the figures, ``key -> {"en": ..., "zh": ...}``. Keys are
#: ``module.function_or_topic.word``; values may hold ``str.format`` fields, filled by
#: :func:`t`. Chinese terms follow ``docs/glossary.md``.
TABLE: dict[str, dict[str, str]] = {
    # ---- shared words ----------------------------------------------------------------
    "common.mean_answer": {"en": "mean answer", "zh": "平均得分"},
    "common.all": {"en": "all", "zh": "全部"},
    "common.direct": {"en": "direct", "zh": "直接效应"},
    "common.indirect": {"en": "indirect", "zh": "间接效应"},
    "common.total": {"en": "total", "zh": "总效应"},
    "common.overall": {"en": "overall", "zh": "总体"},
    "common.expectation": {"en": "expectation", "zh": "期望"},
    "common.perception": {"en": "perception", "zh": "感知"},
    "common.importance": {"en": "importance", "zh": "重要性"},
    "common.performance": {"en": "performance", "zh": "表现"},
    "common.segment": {"en": "segment", "zh": "细分群体"},
    "common.category": {"en": "category", "zh": "类别"},
    "common.channel": {"en": "channel", "zh": "渠道"},
    "common.stage": {"en": "stage", "zh": "阶段"},
    "common.touchpoint": {"en": "touchpoint", "zh": "接触点"},
    "common.attribute": {"en": "attribute", "zh": "属性"},
    "common.dimension": {"en": "dimension", "zh": "维度"},
    "common.driver": {"en": "driver", "zh": "驱动因素"},
    "common.service": {"en": "service", "zh": "服务"},
    "common.role": {"en": "role", "zh": "职位"},
    # ---- sxm.servqual ----------------------------------------------------------------
    "servqual.dimension.tangibles": {"en": "tangibles", "zh": "有形性"},
    "servqual.dimension.reliability": {"en": "reliability", "zh": "可靠性"},
    "servqual.dimension.responsiveness": {"en": "responsiveness", "zh": "响应性"},
    "servqual.dimension.assurance": {"en": "assurance", "zh": "保证性"},
    "servqual.dimension.empathy": {"en": "empathy", "zh": "同理心"},
    "servqual.profile.title": {"en": "Expectations and perceptions per item", "zh": "各题项的期望与感知"},
    "servqual.profile.title_perception": {"en": "Perceptions per item", "zh": "各题项的感知"},
    "servqual.gaps.title": {"en": "SERVQUAL gap (P - E) per dimension", "zh": "各维度的 SERVQUAL 差距（P − E）"},
    "servqual.gaps.xlabel": {
        "en": "mean gap (perception - expectation), with confidence interval",
        "zh": "平均差距（感知 − 期望）及置信区间",
    },
    "servqual.gaps.title_column": {"en": "Mean {column} per dimension", "zh": "各维度的平均{column}"},
    "servqual.gaps.xlabel_column": {"en": "mean {column}, with confidence interval", "zh": "平均{column}及置信区间"},
    "servqual.position.below": {"en": "below zone", "zh": "低于容忍区间"},
    "servqual.position.within": {"en": "within zone", "zh": "在容忍区间内"},
    "servqual.position.above": {"en": "above zone", "zh": "高于容忍区间"},
    "servqual.zone.title": {"en": "Zone of tolerance", "zh": "容忍区间"},
    "servqual.zone.zone": {"en": "zone of tolerance", "zh": "容忍区间"},
    "servqual.zone.adequate_to_desired": {"en": "adequate to desired", "zh": "从适当服务到理想服务"},
    "servqual.zone.within": {"en": "perception within zone", "zh": "感知落在区间内"},
    "servqual.zone.below": {"en": "below zone (MSA < 0)", "zh": "低于区间（MSA < 0）"},
    "servqual.zone.above": {"en": "above zone (MSS > 0)", "zh": "高于区间（MSS > 0）"},
    # ---- sxm.kano --------------------------------------------------------------------
    "kano.category.A": {"en": "attractive", "zh": "兴奋需求"},
    "kano.category.O": {"en": "one-dimensional", "zh": "期望需求"},
    "kano.category.M": {"en": "must-be", "zh": "基本需求"},
    "kano.category.I": {"en": "indifferent", "zh": "无差异需求"},
    "kano.category.R": {"en": "reverse", "zh": "反向需求"},
    "kano.category.Q": {"en": "questionable", "zh": "可疑回答"},
    "kano.answer.like": {"en": "I like it", "zh": "我喜欢"},
    "kano.answer.must_be": {"en": "It must be that way", "zh": "理所当然"},
    "kano.answer.neutral": {"en": "I am neutral", "zh": "无所谓"},
    "kano.answer.live_with": {"en": "I can live with it", "zh": "能忍受"},
    "kano.answer.dislike": {"en": "I dislike it", "zh": "我不喜欢"},
    "kano.quadrant.attractive": {"en": "Attractive", "zh": "兴奋需求"},
    "kano.quadrant.one_dimensional": {"en": "One-dimensional", "zh": "期望需求"},
    "kano.quadrant.must_be": {"en": "Must-be", "zh": "基本需求"},
    "kano.quadrant.indifferent": {"en": "Indifferent", "zh": "无差异需求"},
    "kano.better_worse.title": {"en": "Better-Worse diagram", "zh": "Better-Worse 系数图"},
    "kano.better_worse.xlabel": {"en": "|Worse|: dissatisfaction when absent", "zh": "|Worse|：不具备时的不满意程度"},
    "kano.better_worse.ylabel": {"en": "Better: satisfaction when present", "zh": "Better：具备时的满意程度"},
    "kano.categories.title": {"en": "Kano categories per attribute", "zh": "各属性的 Kano 类别"},
    "kano.categories.xlabel": {"en": "share of respondents", "zh": "受访者占比"},
    "kano.continuous.title": {
        "en": "Continuous Kano: mean functional vs dysfunctional score",
        "zh": "连续型 Kano：正向与反向问题的平均得分",
    },
    "kano.continuous.xlabel": {
        "en": "dysfunctional score (absence hurts →), {error}",
        "zh": "反向问题得分（越往右，缺少时越不满 →），{error}",
    },
    "kano.continuous.ylabel": {
        "en": "functional score (presence pleases →), {error}",
        "zh": "正向问题得分（越往上，具备时越满意 →），{error}",
    },
    "kano.continuous.se": {"en": "± 1 SE", "zh": "± 1 个标准误"},
    "kano.continuous.ci": {"en": "95 % CI", "zh": "95% 置信区间"},
    "kano.continuous.sd": {"en": "± 1 SD", "zh": "± 1 个标准差"},
    # ---- sxm.metrics -----------------------------------------------------------------
    "metrics.element.employees": {"en": "employees", "zh": "员工"},
    "metrics.element.facilities": {"en": "facilities", "zh": "设施"},
    "metrics.element.customers": {"en": "customers", "zh": "客户"},
    "metrics.element.process": {"en": "process", "zh": "过程"},
    "metrics.nps_mix.title": {"en": "Promoters, passives and detractors", "zh": "推荐者、被动者与贬损者"},
    "metrics.nps_mix.xlabel": {"en": "% of respondents", "zh": "受访者百分比（%）"},
    "metrics.nps_mix.detractors": {"en": "detractors", "zh": "贬损者"},
    "metrics.nps_mix.passives": {"en": "passives", "zh": "被动者"},
    "metrics.nps_mix.promoters": {"en": "promoters", "zh": "推荐者"},
    "metrics.nps_mix.nps": {"en": "NPS {score:+.1f}", "zh": "NPS {score:+.1f}"},
    "metrics.elements.title": {"en": "Element scores by segment", "zh": "各细分群体的要素得分"},
    "metrics.elements.ylabel": {"en": "mean score", "zh": "平均得分"},
    "metrics.weights.title": {"en": "Mean experience index under different weights", "zh": "不同权重下的平均体验指数"},
    "metrics.weights.xlabel": {"en": "weights", "zh": "权重方案"},
    "metrics.weights.ylabel": {"en": "mean experience index", "zh": "平均体验指数"},
    "metrics.disconfirmation.title": {
        "en": "Mean disconfirmation (perception − expectation)",
        "zh": "平均期望不一致（感知 − 期望）",
    },
    "metrics.disconfirmation.colorbar": {"en": "scale points", "zh": "量表分值"},
    # ---- sxm.priorities --------------------------------------------------------------
    "priorities.importance.title": {"en": "Derived importance", "zh": "推导重要性"},
    "priorities.importance.xlabel": {"en": "{column} ({method})", "zh": "{column}（{method}）"},
    "priorities.ipa.axis": {"en": "{axis} ({column})", "zh": "{axis}（{column}）"},
    "priorities.ipa.title": {"en": "Importance-performance analysis", "zh": "重要性—表现分析（IPA）"},
    "priorities.ipa.concentrate": {"en": "Concentrate here", "zh": "重点改进"},
    "priorities.ipa.keep_up": {"en": "Keep up the good work", "zh": "继续保持"},
    "priorities.ipa.low_priority": {"en": "Low priority", "zh": "低优先级"},
    "priorities.ipa.overkill": {"en": "Possible overkill", "zh": "可能过度投入"},
    # ---- sxm.reliability -------------------------------------------------------------
    "reliability.htmt.title": {"en": "HTMT", "zh": "HTMT"},
    "reliability.htmt.outlined": {"en": "{title} (outlined: above {threshold:g})", "zh": "{title}（框出：高于 {threshold:g}）"},
    # ---- sxm.pls ---------------------------------------------------------------------
    "pls.paths.title": {"en": "Structural paths", "zh": "结构路径"},
    "pls.paths.ci": {"en": "PLS {level:.0%} bootstrap CI", "zh": "PLS {level:.0%} 自助法置信区间"},
    "pls.paths.pls": {"en": "PLS path", "zh": "PLS 路径系数"},
    "pls.paths.sem": {"en": "CB-SEM (standardized)", "zh": "CB-SEM（标准化）"},
    "pls.paths.xlabel": {"en": "standardized path coefficient", "zh": "标准化路径系数"},
    # ---- sxm.power -------------------------------------------------------------------
    "power.plot.title": {"en": "Power by sample size", "zh": "不同样本量下的统计功效"},
    "power.plot.xlabel": {"en": "sample size N", "zh": "样本量 N"},
    "power.plot.ylabel": {"en": "power", "zh": "统计功效"},
    # ---- sxm.journey -----------------------------------------------------------------
    "journey.title": {"en": "Customer journey map", "zh": "客户旅程图"},
    "journey.mean_emotion": {"en": "mean emotion", "zh": "平均情绪"},
    "journey.pain_point": {"en": "pain point", "zh": "痛点"},
    "journey.moment_of_truth": {"en": "moment of truth", "zh": "关键时刻"},
    "journey.ylabel": {"en": "mean emotion ({lo:g} to {hi:+g})", "zh": "平均情绪（{lo:g} 至 {hi:+g}）"},
    "journey.gap": {"en": "gap {gap:+.2f}", "zh": "差距 {gap:+.2f}"},
    "journey.by_channel_title": {"en": "Journey map by channel", "zh": "各渠道的客户旅程图"},
    # ---- titles and labels the chapters pass explicitly (code cells are the same in both
    # editions, so they can say title=sxm.i18n.t("...") instead of an English literal) ------
    "metrics.estimates.nps_xlabel": {"en": "NPS (points)", "zh": "NPS（分）"},
    "metrics.estimates.nps_title": {"en": "NPS with {level:.0%} intervals", "zh": "NPS 及其 {level:.0%} 置信区间"},
    "pls.paths.bootstrap_title": {
        "en": "ECSI paths with {level:.0%} bootstrap intervals",
        "zh": "ECSI 路径系数及 {level:.0%} 自助法置信区间",
    },
    "pls.paths.compare_title": {
        "en": "PLS (dots, {level:.0%} CI) and CB-SEM (diamonds)",
        "zh": "PLS（圆点，{level:.0%} 置信区间）与 CB-SEM（菱形）",
    },
    "kano.better_worse.by_segment_title": {"en": "Better-Worse diagram by segment", "zh": "各细分群体的 Better-Worse 系数图"},
    "priorities.importance.elements_title": {
        "en": "Relative weights of the four elements, by service",
        "zh": "四个构成要素的相对权重（按服务）",
    },
    "priorities.ipa.journey_title": {
        "en": "Importance-performance grid of the car-rental journey",
        "zh": "汽车租赁客户旅程的重要性—表现矩阵",
    },
    "priorities.ipa.drivers_title": {
        "en": "Importance-performance grid of the drivers",
        "zh": "各驱动因素的重要性—表现矩阵",
    },
}

#: Words that sxm's own functions put into tables and figures as *values* (row labels,
#: category values, legend titles), with the :data:`TABLE` key of their label: the SERVQUAL
#: dimensions, the four elements of a service experience, the total rows, the positions in
#: the zone of tolerance, the five Kano answers (in full and as the evaluation table's short
#: forms) and the names of the usual grouping columns. :func:`label` draws them in the
#: language in force, together with the bundled data sets' category values.
VALUES: dict[str, str] = {
    **{d: f"servqual.dimension.{d}" for d in ("tangibles", "reliability", "responsiveness", "assurance", "empathy")},
    **{e: f"metrics.element.{e}" for e in ("employees", "facilities", "customers", "process")},
    "overall": "common.overall",
    "all": "common.all",
    # the usual names of defined effects (``indirect := a*b``, chapters 3 and 7)
    **{e: f"common.{e}" for e in ("direct", "indirect", "total")},
    "below zone": "servqual.position.below",
    "within zone": "servqual.position.within",
    "above zone": "servqual.position.above",
    **{text: f"kano.answer.{key}" for key, texts in {
        "like": ("I like it", "like"), "must_be": ("It must be that way", "must-be"),
        "neutral": ("I am neutral", "neutral"), "live_with": ("I can live with it", "live-with"),
        "dislike": ("I dislike it", "dislike")}.items() for text in texts},
    **{c: f"common.{c}" for c in ("segment", "channel", "stage", "touchpoint", "attribute", "category", "dimension",
                                  "driver", "service", "role")},
}

_state = {"lang": "en"}


def check_lang(lang, *, name: str = "lang") -> str:
    """Return ``lang`` if it is one of :data:`LANGS`, else raise ``SurveyError``.

    Parameters
    ----------
    lang : str
        The language to check: ``"en"`` or ``"zh"`` (lower case).
    name : str, default "lang"
        The argument's name, for the message (``"LANG"`` for a chapter's parameter).

    Returns
    -------
    str
        ``lang``, unchanged.

    Raises
    ------
    SurveyTypeError
        ``lang`` is not a string.
    SurveyError
        ``lang`` is not ``"en"`` or ``"zh"``.

    See Also
    --------
    set_lang : make a language the one in force.
    sxm.io.check_choice : the same rule for other one-word options.

    Examples
    --------
    >>> check_lang("zh")
    'zh'
    >>> check_lang("EN", name="LANG")
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: LANG: must be 'en' (English) or 'zh' (简体中文); got 'EN'
    """
    if not isinstance(lang, str):
        raise SurveyTypeError(f"{name}: must be 'en' or 'zh' (a string); got {lang!r}")
    if lang not in LANGS:
        raise SurveyError(f"{name}: must be 'en' (English) or 'zh' (简体中文); got {lang!r}")
    return lang


def set_lang(lang: str) -> str:
    """Make ``lang`` the language of the fixed words of figures drawn from now on.

    :func:`sxm.nb.setup` calls it with the chapter's ``LANG`` parameter. The setting holds
    for the whole Python process (the kernel of a notebook).

    Parameters
    ----------
    lang : {"en", "zh"}
        The language.

    Returns
    -------
    str
        The language that was in force before, to restore it.

    Raises
    ------
    SurveyTypeError
        ``lang`` is not a string.
    SurveyError
        ``lang`` is not ``"en"`` or ``"zh"``.

    See Also
    --------
    get_lang : the language in force.
    t : a fixed word in the language in force.

    Examples
    --------
    >>> old = set_lang("zh"); t("journey.pain_point")
    '痛点'
    >>> set_lang("en")
    'zh'
    >>> t("journey.pain_point")
    'pain point'
    >>> _ = set_lang(old)
    """
    previous = _state["lang"]
    _state["lang"] = check_lang(lang)
    return previous


def get_lang() -> str:
    """The language in force (``"en"`` unless :func:`set_lang` changed it).

    Returns
    -------
    str
        ``"en"`` or ``"zh"``.

    See Also
    --------
    set_lang : change it.
    t : a fixed word in this language.

    Examples
    --------
    >>> old = set_lang("zh"); get_lang()
    'zh'
    >>> _ = set_lang("en"); get_lang()
    'en'
    >>> _ = set_lang(old)
    """
    return _state["lang"]


def t(key: str, lang: str | None = None, **fields) -> str:
    """The fixed word ``key`` of a figure in ``lang`` (default: the language in force).

    Parameters
    ----------
    key : str
        A key of :data:`TABLE`, such as ``"kano.better_worse.title"``.
    lang : {"en", "zh"}, optional
        The language. Default ``None``: the one set by :func:`set_lang` / ``sxm.nb.setup``.
    **fields
        Values of the ``str.format`` fields of the entry (``lo``, ``hi``, ``score``, ...).

    Returns
    -------
    str
        The word or phrase, its fields filled in.

    Raises
    ------
    SurveyError
        ``key`` is not in :data:`TABLE` (the message lists keys of the same module);
        ``lang`` is not ``"en"`` or ``"zh"``.
    SurveyTypeError
        ``lang`` is not a string.

    See Also
    --------
    set_lang : the language used when ``lang`` is omitted.
    has_cjk : whether a text needs the CJK font.

    Examples
    --------
    >>> t("priorities.ipa.concentrate", "zh"), t("priorities.ipa.concentrate", "en")
    ('重点改进', 'Concentrate here')
    >>> t("metrics.nps_mix.nps", "zh", score=12.345)
    'NPS +12.3'
    >>> t("journey.ylabel", "en", lo=-3, hi=3)
    'mean emotion (-3 to +3)'
    """
    lang = get_lang() if lang is None else check_lang(lang)
    if key not in TABLE:
        close = [k for k in TABLE if k.split(".")[0] == str(key).split(".")[0]]
        hint = f"; keys of that module: {', '.join(close[:6])}" if close else ""
        raise SurveyError(f"key: {key!r} is not in sxm.i18n.TABLE{hint}")
    text = TABLE[key][lang]
    return text.format(**fields) if fields else text


def has_cjk(text) -> bool:
    """True when ``text`` holds a Chinese, Japanese or Korean character (or CJK punctuation).

    CJK punctuation (``，``, ``（``) and full-width forms (``Ｐ１``) count; accented Latin
    letters do not.

    Parameters
    ----------
    text : object
        The text to look at; anything else is read as ``str(text)``.

    Returns
    -------
    bool

    See Also
    --------
    register_font : the font that draws such characters.
    t : fixed words, of which the Chinese ones hold such characters.

    Examples
    --------
    >>> has_cjk("满意度 (satisfaction)"), has_cjk("satisfaction"), has_cjk("café")
    (True, False, False)
    >>> has_cjk("（跳过）"), has_cjk(42)
    (True, False)
    """
    return bool(_CJK.search(str(text)))


# --------------------------------------------------------------------------------------
# labels of category values
# --------------------------------------------------------------------------------------
_label_cache: dict[str, dict[str, str]] = {}


def labels(lang: str | None = None) -> dict[str, str]:
    """Every category value the suite knows, with its label in ``lang``: ``{value: label}``.

    The bundled data sets' values (segments, services, channels, stages, touchpoints, Kano
    attributes, the constructs their items measure; the ``labels`` of ``data/*.yaml``, read
    by :func:`sxm.datasets.labels`) and
    the suite's own words (:data:`VALUES`). In English the labels are the values
    themselves, so the mapping is empty.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        The language; ``None`` takes the one in force.

    Returns
    -------
    dict of str to str

    See Also
    --------
    label : the label of one value.
    relabel : a table with its category values labelled.

    Examples
    --------
    >>> zh = labels("zh")
    >>> zh["airline"], zh["tangibles"], zh["online_booking"]
    ('航空公司', '有形性', '在线预订')
    >>> labels("en")
    {}
    """
    lang = get_lang() if lang is None else check_lang(lang)
    if lang == "en":
        return {}
    if lang not in _label_cache:
        from . import datasets

        words = {value: t(key, lang) for value, key in VALUES.items()}
        _label_cache[lang] = {**words, **datasets.labels()}
    return dict(_label_cache[lang])


def label(value, lang: str | None = None):
    """The label of a category value in ``lang`` (default: the language in force).

    A value the suite knows (see :func:`labels`) gets its Chinese label in Chinese; any
    other value, and every value in English, is returned as it is (so your own data's
    names, Chinese or not, are drawn unchanged). Plotting functions pass the names they
    draw from the data through it.

    Parameters
    ----------
    value : object
        A category value (a segment, touchpoint, attribute, dimension name ...); anything
        that is not a string is returned unchanged.
    lang : {"en", "zh"}, optional
        The language; ``None`` takes the one set by :func:`set_lang` / ``sxm.nb.setup``.

    Returns
    -------
    object
        The label, or ``value`` itself.

    See Also
    --------
    labels : every known value with its label.
    relabel : the same for a whole table.
    t : the fixed words of figures.

    Examples
    --------
    >>> label("final bill", "zh"), label("empathy", "zh"), label("overall", "zh")
    ('结账单', '同理心', '总体')
    >>> label("final bill", "en"), label(3, "zh"), label("my own segment", "zh")
    ('final bill', 3, 'my own segment')
    """
    lang = get_lang() if lang is None else check_lang(lang)
    if lang == "en" or not isinstance(value, str):
        return value
    if lang not in _label_cache:
        labels(lang)
    return _label_cache[lang].get(value, value)


def relabel(table, lang: str | None = None):
    """A copy of a table whose known category values carry their labels in ``lang``.

    Row labels (every level of the index) and the cells of text columns are passed
    through :func:`label`. Column headers are field names (``gap``, ``employees``) and
    stay as they are, except where they are values of a variable: a column index with a
    name (a pivot or ``unstack``, such as Kano's evaluation table), a square matrix whose
    columns are its rows (HTMT, Fornell-Larcker), or a bundled data set's category values
    (a table pivoted by ``channel`` shows 网站, 柜台, ...). Numbers are never touched. In
    English the table is returned unchanged. :func:`sxm.nb.show` calls it, so the Chinese edition displays
    Chinese category names while the data keep their values.

    Parameters
    ----------
    table : DataFrame or Series
        Not modified.
    lang : {"en", "zh"}, optional
        The language; ``None`` takes the one in force.

    Returns
    -------
    DataFrame or Series
        ``table`` itself in English, else a relabelled copy.

    Raises
    ------
    SurveyTypeError
        ``table`` is not a DataFrame or Series.

    See Also
    --------
    label : the label of one value.

    Examples
    --------
    >>> import pandas as pd
    >>> t_ = pd.DataFrame({"channel": ["web", "counter"], "gap": [0.1, -0.9]},
    ...                   index=pd.Index(["pick-up wait", "final bill"], name="touchpoint"))
    >>> zh = relabel(t_, "zh")
    >>> zh.index.tolist(), zh["channel"].tolist(), zh["gap"].tolist(), zh.index.name
    (['取车等候', '结账单'], ['网站', '柜台'], [0.1, -0.9], 'touchpoint')
    >>> import sxm.kano
    >>> relabel(sxm.kano.EVALUATION_TABLE, "zh").loc["我喜欢", "我不喜欢"]  # a named column index: values
    'O'
    >>> relabel(t_, "en") is t_
    True
    """
    import pandas as pd

    if not isinstance(table, (pd.DataFrame, pd.Series)):
        raise SurveyTypeError(f"table: must be a pandas DataFrame or Series; got {type(table).__name__}")
    lang = get_lang() if lang is None else check_lang(lang)
    if lang == "en":
        return table
    known = labels(lang)
    from . import datasets

    data_values = datasets.labels()
    out = table.copy()
    out.index = _relabel_index(out.index, known)
    if isinstance(out, pd.Series):
        if _is_text(out):
            out = out.map(lambda v: known.get(v, v) if isinstance(v, str) else v)
        return out
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if _is_text(column):
            out.isetitem(position, column.map(lambda v: known.get(v, v) if isinstance(v, str) else v))
    columns = out.columns
    square = len(columns) == len(out.index) and list(columns) == list(table.index)
    if square:
        out.columns = _relabel_index(columns, known)
    elif isinstance(columns, pd.MultiIndex):
        out.columns = pd.MultiIndex.from_arrays(
            [_relabel_index(columns.get_level_values(i), known if columns.names[i] else data_values)
             for i in range(columns.nlevels)], names=columns.names)
    else:
        out.columns = _relabel_index(columns, known if columns.name else data_values)
    return out


def _is_text(series) -> bool:
    import pandas as pd

    return isinstance(series.dtype, pd.CategoricalDtype) or pd.api.types.is_object_dtype(series.dtype) or \
        pd.api.types.is_string_dtype(series.dtype)


def _relabel_index(index, known: dict):
    """``index`` with every known string replaced by its label (each level of a MultiIndex)."""
    import pandas as pd

    if isinstance(index, pd.MultiIndex):
        if not any(isinstance(v, str) and v in known for level in index.levels for v in level):
            return index
        arrays = [_relabel_index(index.get_level_values(i), known) for i in range(index.nlevels)]
        return pd.MultiIndex.from_arrays(arrays, names=index.names)
    if not any(isinstance(v, str) and v in known for v in index):
        return index
    return pd.Index([known.get(v, v) if isinstance(v, str) else v for v in index], name=index.name)


# --------------------------------------------------------------------------------------
# the font
# --------------------------------------------------------------------------------------
def font_path() -> Path | None:
    """The file of the bundled Simplified-Chinese font (Noto Sans SC), or ``None``.

    The font comes with the dependency :data:`FONT_PACKAGE` (SIL Open Font License 1.1).

    Returns
    -------
    Path or None
        The font file; ``None`` when the font package is not installed.

    See Also
    --------
    register_font : adds this font (or a system CJK font) to matplotlib.

    Examples
    --------
    >>> font_path().name  # with the font package installed, as the project requires
    'NotoSansSC-Regular.otf'
    """
    try:
        import pylopdf_fonts_zh_cn as fonts
    except ImportError:
        return None
    path = Path(fonts.sans_path())
    return path if path.is_file() else None


_registered: dict[str, str | None] = {}


def register_font() -> str | None:
    """Add the CJK font to matplotlib's font manager; return its family name.

    The bundled Noto Sans SC when the font package is installed, else the first CJK font
    of :data:`SYSTEM_CJK_FAMILIES` that matplotlib finds on the machine, else ``None``
    (Chinese text then draws as boxes, with matplotlib's "Glyph ... missing" warning).
    Called once when :mod:`sxm.plots` is imported; later calls return the same name.

    Returns
    -------
    str or None
        The font's family name, ``None`` when no CJK font was found.

    See Also
    --------
    font_path : the bundled font file.
    use_fallback : puts the family in matplotlib's font list.

    Examples
    --------
    >>> register_font()
    'Noto Sans SC'
    """
    if "family" in _registered:
        return _registered["family"]
    from matplotlib import font_manager

    family = None
    path = font_path()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        family = font_manager.FontProperties(fname=str(path)).get_name()
    else:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        family = next((name for name in SYSTEM_CJK_FAMILIES if name in installed), None)
    _registered["family"] = family
    if family is not None:
        # the font has one weight: bold titles draw in it, and matplotlib's note that no bold
        # face exists ("findfont: ...") is noise on stderr, in every executed chapter; only
        # that note is dropped (other font warnings still show)
        import logging

        logging.getLogger("matplotlib.font_manager").addFilter(_NoBoldFace(family))
    return family


class _NoBoldFace:
    """Drop matplotlib's warning that the CJK font has no bold face.

    Noto Sans SC comes in one weight: the Chinese characters of a bold title are drawn in
    the regular weight, and matplotlib says so on stderr for every figure (a stray stderr
    box in each stored notebook of the Chinese edition). Only that warning, for that font,
    is dropped.
    """

    def __init__(self, family: str):
        self.family = family

    def filter(self, record) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not (str(record.msg).startswith("findfont: Failed to find font weight")
                    and len(args) > 1 and args[1] == self.family)


def use_fallback() -> list[str]:
    """Put the CJK font after the Latin one in ``rcParams["font.family"]``; return the list.

    matplotlib draws each character with the first family of the list that has a glyph
    for it, so Latin text keeps the theme's font and Chinese characters take the CJK
    font, in either edition. Idempotent; re-applied by ``sxm.plots.set_theme`` and
    ``sxm.plots.get_ax`` because ``seaborn.set_theme`` resets the list.

    Returns
    -------
    list of str
        ``rcParams["font.family"]`` after the change (unchanged when no CJK font was found).

    See Also
    --------
    register_font : finds and registers the CJK font.
    sxm.nb.setup : applies it (through the plotting theme) at the top of every chapter.

    Examples
    --------
    >>> import matplotlib
    >>> with matplotlib.rc_context({"font.family": ["sans-serif"]}):  # restored after the block
    ...     use_fallback()
    ['sans-serif', 'Noto Sans SC']
    """
    import matplotlib

    family = register_font()
    current = matplotlib.rcParams["font.family"]
    current = [current] if isinstance(current, str) else list(current)
    if family is not None and family not in current:
        matplotlib.rcParams["font.family"] = current + [family]
    return list(matplotlib.rcParams["font.family"])
