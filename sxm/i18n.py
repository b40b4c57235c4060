"""Two languages for the figures: the fixed words of every chart, and a font for Chinese.

The suite has an English and a Chinese (简体中文) edition. Their notebooks differ only in
the markdown and in the ``LANG`` parameter, which reaches :func:`sxm.nb.setup` and from
there :func:`set_lang`. Plotting functions take their *fixed words* (titles, axis labels,
legend entries, quadrant and category names) from one table, :data:`TABLE`, through
:func:`t`; words that come from the data (attribute, segment, driver names) are drawn as
they are.

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
"""
from __future__ import annotations

import re
from pathlib import Path

from .io import SurveyError, SurveyTypeError

__all__ = [
    "LANGS",
    "TABLE",
    "FONT_PACKAGE",
    "t",
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
    "common.overall": {"en": "overall", "zh": "总体"},
    "common.expectation": {"en": "expectation", "zh": "期望"},
    "common.perception": {"en": "perception", "zh": "感知"},
    "common.importance": {"en": "importance", "zh": "重要性"},
    "common.performance": {"en": "performance", "zh": "表现"},
    "common.segment": {"en": "segment", "zh": "细分群体"},
    "common.category": {"en": "category", "zh": "类别"},
    # ---- sxm.servqual ----------------------------------------------------------------
    "servqual.dimension.tangibles": {"en": "tangibles", "zh": "有形性"},
    "servqual.dimension.reliability": {"en": "reliability", "zh": "可靠性"},
    "servqual.dimension.responsiveness": {"en": "responsiveness", "zh": "响应性"},
    "servqual.dimension.assurance": {"en": "assurance", "zh": "保证性"},
    "servqual.dimension.empathy": {"en": "empathy", "zh": "同理心"},
    "servqual.profile.title": {"en": "Expectations and perceptions per item", "zh": "各题项的期望与感知"},
    "servqual.gaps.title": {"en": "SERVQUAL gap (P - E) per dimension", "zh": "各维度的 SERVQUAL 差距（P − E）"},
    "servqual.gaps.xlabel": {
        "en": "mean gap (perception - expectation), with confidence interval",
        "zh": "平均差距（感知 − 期望）及置信区间",
    },
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
    "pls.paths.ci": {"en": "PLS 95% bootstrap CI", "zh": "PLS 95% 自助法置信区间"},
    "pls.paths.pls": {"en": "PLS path", "zh": "PLS 路径系数"},
    "pls.paths.sem": {"en": "CB-SEM (standardized)", "zh": "CB-SEM（标准化）"},
    "pls.paths.xlabel": {"en": "standardized path coefficient", "zh": "标准化路径系数"},
    # ---- sxm.sem ---------------------------------------------------------------------
    "sem.diagram.fallback_title": {
        "en": "structural paths (standardized); install graphviz for the full diagram",
        "zh": "结构路径（标准化）；安装 graphviz 可绘制完整路径图",
    },
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
    "pls.paths.bootstrap_title": {"en": "ECSI paths with 95% bootstrap intervals", "zh": "ECSI 路径系数及 95% 自助法置信区间"},
    "pls.paths.compare_title": {
        "en": "PLS (dots, 95% CI) and CB-SEM (diamonds)",
        "zh": "PLS（圆点，95% 置信区间）与 CB-SEM（菱形）",
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
}

_state = {"lang": "en"}


def check_lang(lang, *, name: str = "lang") -> str:
    """Return ``lang`` if it is one of :data:`LANGS`, else raise ``SurveyError``.

    Examples
    --------
    >>> check_lang("zh")
    'zh'
    """
    if not isinstance(lang, str):
        raise SurveyTypeError(f"{name}: must be 'en' or 'zh' (a string); got {lang!r}")
    if lang not in LANGS:
        raise SurveyError(f"{name}: must be 'en' (English) or 'zh' (简体中文); got {lang!r}")
    return lang


def set_lang(lang: str) -> str:
    """Make ``lang`` the language of the fixed words of figures drawn from now on.

    :func:`sxm.nb.setup` calls it with the chapter's ``LANG`` parameter. Returns the
    language that was in force before.

    Examples
    --------
    >>> old = set_lang("zh"); t("journey.pain_point")
    '痛点'
    >>> _ = set_lang(old)
    """
    previous = _state["lang"]
    _state["lang"] = check_lang(lang)
    return previous


def get_lang() -> str:
    """The language in force (``"en"`` unless :func:`set_lang` changed it)."""
    return _state["lang"]


def t(key: str, lang: str | None = None, **fields) -> str:
    """The fixed word ``key`` of a figure in ``lang`` (default: the language in force).

    Parameters
    ----------
    key : str
        A key of :data:`TABLE`, such as ``"kano.better_worse.title"``.
    lang : {"en", "zh"}, optional
        The language; ``None`` takes the one set by :func:`set_lang` / ``sxm.nb.setup``.
    **fields
        Values of the ``str.format`` fields of the entry (``lo``, ``hi``, ``score``, ...).

    Returns
    -------
    str

    Examples
    --------
    >>> t("priorities.ipa.concentrate", "zh"), t("priorities.ipa.concentrate", "en")
    ('重点改进', 'Concentrate here')
    >>> t("metrics.nps_mix.nps", "zh", score=12.345)
    'NPS +12.3'
    """
    lang = get_lang() if lang is None else check_lang(lang)
    if key not in TABLE:
        close = [k for k in TABLE if k.split(".")[0] == str(key).split(".")[0]]
        hint = f"; keys of that module: {', '.join(close[:6])}" if close else ""
        raise SurveyError(f"key: {key!r} is not in sxm.i18n.TABLE{hint}")
    text = TABLE[key][lang]
    return text.format(**fields) if fields else text


def has_cjk(text) -> bool:
    """True when ``text`` holds a Chinese, Japanese or Korean character (or CJK punctuation)."""
    return bool(_CJK.search(str(text)))


# --------------------------------------------------------------------------------------
# the font
# --------------------------------------------------------------------------------------
def font_path() -> Path | None:
    """The file of the bundled Simplified-Chinese font (Noto Sans SC), or ``None``.

    The font comes with the dependency :data:`FONT_PACKAGE` (SIL Open Font License 1.1).
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
    return family


def use_fallback() -> list[str]:
    """Put the CJK font after the Latin one in ``rcParams["font.family"]``; return the list.

    matplotlib draws each character with the first family of the list that has a glyph
    for it, so Latin text keeps the theme's font and Chinese characters take the CJK
    font, in either edition. Idempotent; re-applied by ``sxm.plots.set_theme`` and
    ``sxm.plots.get_ax`` because ``seaborn.set_theme`` resets the list.
    """
    import matplotlib

    family = register_font()
    current = matplotlib.rcParams["font.family"]
    current = [current] if isinstance(current, str) else list(current)
    if family is not None and family not in current:
        matplotlib.rcParams["font.family"] = current + [family]
    return list(matplotlib.rcParams["font.family"])
