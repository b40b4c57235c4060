"""Customer journey maps: touchpoint scores, pain points, moments of truth, comments.

A journey survey is *tidy*: one row per respondent × touchpoint. Each touchpoint sits in a
stage of the journey (search, book, pick up, ...) and is reached through a channel (web,
app, counter, ...). At every touchpoint the respondent rates what they expected and what
they got, says how it felt, and may say how much it mattered and leave a comment.

=================  ========================================================  ==========
column             meaning                                                   required
=================  ========================================================  ==========
``respondent``     respondent id                                             yes
``stage``          journey stage the touchpoint belongs to                   yes
``touchpoint``     touchpoint name                                           yes
``channel``        channel used at this touchpoint (web, app, counter, ...)  yes
``order``          position of the touchpoint in the journey (a number)      yes
``perception``     rating of the experience (default scale 1 to 7)           yes
``expectation``    rating of what was expected (same scale)                  yes
``emotion``        how it felt, default scale -3 (very bad) to +3            yes
``importance``     how much the touchpoint mattered (same scale as ratings)  no
``comment``        free text                                                 no
=================  ========================================================  ==========

:func:`summarize` turns the table into one row per touchpoint in journey order with the
perception-expectation gap (a paired t interval), the mean emotion, a ``pain_point`` flag
with its reason and a ``moment_of_truth`` flag; :func:`plot` draws the journey map and
:func:`top_terms` lists what people wrote at the pain points.

pandas does the grouping and scipy the t distribution; sxm adds the journey rules.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy import stats

from .io import (
    SurveyError,
    SurveyTypeError,
    check_alpha,
    check_choice,
    check_level,
    numeric_items,
    offending,
    require_columns,
    require_frame,
)

__all__ = ["REQUIRED", "OPTIONAL", "RATINGS", "validate", "summarize", "plot", "tokenize", "top_terms", "STOP_WORDS"]

#: Columns every journey table must have.
REQUIRED = ("respondent", "stage", "touchpoint", "channel", "order", "perception", "expectation", "emotion")
#: Columns a journey table may have.
OPTIONAL = ("importance", "comment")

_LABELS = ("respondent", "stage", "touchpoint", "channel")
RATINGS = ("perception", "expectation", "emotion", "importance")


# --------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------
def validate(data: pd.DataFrame, *, scale=(1, 7), emotion_scale=(-3, 3)) -> pd.DataFrame:
    """Check a tidy journey table and return a clean copy.

    Parameters
    ----------
    data : DataFrame
        One row per respondent × touchpoint with the columns listed in the module
        docstring; other columns (a customer segment, say) are kept as they are. Not
        modified.
    scale : tuple of (low, high), default (1, 7)
        Inclusive answer scale of ``perception``, ``expectation`` and ``importance``.
    emotion_scale : tuple of (low, high), default (-3, 3)
        Inclusive scale of ``emotion``; its midpoint is the neutral feeling.

    Returns
    -------
    DataFrame
        A copy with ratings as float64 (missing answers as NaN), labels as strings, and
        ``order`` as float64, sorted by journey order then respondent.

    Raises
    ------
    SurveyError
        Unknown or missing columns; missing labels; a respondent rating the same
        touchpoint twice; a touchpoint with two orders or two stages; two touchpoints at
        the same position; a stage split by another stage; ratings that are not numbers
        or lie off their scale; comments that are not text.
    SurveyTypeError
        ``data`` is not a DataFrame, or a column name is not a string.

    See Also
    --------
    summarize : one row per touchpoint, with pain points and moments of truth.
    top_terms : the most frequent terms in the comments at the pain points.
    sxm.datasets.load : the bundled journey survey ``"car_rental_journey"``.

    Examples
    --------
    >>> df = pd.DataFrame({"respondent": [2, 1], "stage": "book", "touchpoint": "search",
    ...     "channel": ["web", "app"], "order": 1, "perception": [5, 6], "expectation": 6,
    ...     "emotion": [0, 1]})
    >>> validate(df)[["respondent", "order", "perception"]]
      respondent  order  perception
    0          1    1.0         6.0
    1          2    1.0         5.0

    A respondent who rates the same touchpoint twice is refused:

    >>> df = pd.DataFrame({"respondent": [1, 1], "stage": ["book", "book"],
    ...     "touchpoint": ["search", "search"], "channel": ["web", "app"], "order": [1, 1],
    ...     "perception": [5, 6], "expectation": [6, 6], "emotion": [0, 1]})
    >>> validate(df)
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: columns 'respondent' + 'touchpoint': each respondent rates a touchpoint once (rule: one row per respondent x touchpoint); respondent 1 rates 'search' 2 times (rows 0, 1)
    """
    require_frame(data)
    if not all(isinstance(c, str) for c in data.columns):
        bad = next(c for c in data.columns if not isinstance(c, str))
        raise SurveyTypeError(f"column {bad!r}: column names must be strings")
    require_columns(data, REQUIRED)

    out = data.copy()
    for col in _LABELS:
        s = out[col]
        missing = s.isna()
        if missing.any():
            row = s.index[missing.to_numpy()][0]
            raise SurveyError(f"column {col!r}: labels must not be missing; row {row!r} is empty")
        out[col] = s.astype(str).str.strip()
        blank = out[col].eq("")
        if blank.any():
            raise SurveyError(f"column {col!r}: labels must not be blank; {offending(s, blank)}")

    order = numeric_items(out, ["order"], allow_missing=False)["order"]
    out["order"] = order
    ratings = ["perception", "expectation"] + (["importance"] if "importance" in out else [])
    out[ratings] = numeric_items(out, ratings, scale=scale)
    out["emotion"] = numeric_items(out, ["emotion"], scale=emotion_scale)["emotion"]
    if "comment" in out:
        c = out["comment"]
        if not pd.api.types.is_string_dtype(c.dtype) or c.dtype == object:
            not_text = c.notna() & ~c.map(lambda v: isinstance(v, str))
        else:
            not_text = pd.Series(False, index=c.index)
        if not_text.any():
            raise SurveyError(f"column 'comment': comments must be text; {offending(c, not_text)}")

    dup = out.duplicated(["respondent", "touchpoint"], keep=False)
    if dup.any():
        first = out.loc[dup].iloc[0]
        same = out.index[(out["respondent"] == first["respondent"]) & (out["touchpoint"] == first["touchpoint"])]
        raise SurveyError(
            "columns 'respondent' + 'touchpoint': each respondent rates a touchpoint once "
            "(rule: one row per respondent x touchpoint); respondent "
            f"{first['respondent']} rates {first['touchpoint']!r} {len(same)} times "
            f"(rows {', '.join(str(r) for r in same[:3])})"
        )
    per_tp = out.groupby("touchpoint", sort=False).agg(n_order=("order", "nunique"), n_stage=("stage", "nunique"),
                                                       order=("order", "first"), stage=("stage", "first"))
    for what, col in (("order", "n_order"), ("stage", "n_stage")):
        bad = per_tp.index[per_tp[col] > 1]
        if len(bad):
            values = sorted(out.loc[out["touchpoint"] == bad[0], what].unique().tolist())
            raise SurveyError(
                f"column {what!r}: every touchpoint has one {what} (rule: the same {what} in all its rows); "
                f"touchpoint {bad[0]!r} has {values[:3]}"
            )
    clash = per_tp["order"].duplicated(keep=False)
    if clash.any():
        names = per_tp.index[clash][:2].tolist()
        raise SurveyError(
            f"column 'order': touchpoints need distinct positions in the journey; "
            f"{names[0]!r} and {names[1]!r} both have order {per_tp['order'][clash].iloc[0]:g}"
        )
    stage_seq = per_tp.sort_values("order")["stage"]
    runs = stage_seq[stage_seq.ne(stage_seq.shift())]
    if runs.duplicated().any():
        split = runs[runs.duplicated()].iloc[0]
        raise SurveyError(
            f"column 'stage': the touchpoints of a stage must be consecutive in the journey order; "
            f"stage {split!r} is interrupted by another stage"
        )
    return out.sort_values(["order", "respondent"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------
# summary
# --------------------------------------------------------------------------------------
def summarize(
    data: pd.DataFrame,
    *,
    by: str | None = None,
    alpha: float = 0.05,
    level: float = 0.95,
    margin: float = 0.0,
    emotion_quantile: float = 0.25,
    rule: str = "either",
    mot_quantile: float = 0.75,
    scale=(1, 7),
    emotion_scale=(-3, 3),
) -> pd.DataFrame:
    """One row per touchpoint, in journey order, with pain points and moments of truth.

    Parameters
    ----------
    data : DataFrame
        Tidy journey table (see :func:`validate`). Not modified.
    by : str, optional
        A grouping column (``"channel"``, or a customer segment): one row per touchpoint
        and group, to compare channels or segments. Default ``None``: one row per
        touchpoint.
    alpha : float, default 0.05
        Significance level of the one-sided gap test that decides a shortfall.
    level : float, default 0.95
        Confidence level of the two-sided interval of the gap.
    margin : float, default 0.0
        A gap counts as a shortfall when it is significantly below ``-margin``.
        Raise it when expectations exceed perceptions everywhere and large samples make
        every tiny gap significant.
    emotion_quantile : float, default 0.25
        A touchpoint's feeling is *low* when its mean emotion is at or below this quantile of
        the journey's touchpoint means (default: the bottom quartile) **and** below the
        neutral midpoint of ``emotion_scale``.
    rule : {"either", "both", "gap", "emotion"}, default "either"
        How the two criteria make a pain point (see Notes).
    mot_quantile : float, default 0.75
        Touchpoints whose mean importance is at or above this quantile of the touchpoint
        means are moments of truth (default: the top quarter). Needs an ``importance``
        column; without one ``moment_of_truth`` is missing (``<NA>``).
    scale : tuple of (low, high), default (1, 7)
        Inclusive answer scale of ``perception``, ``expectation`` and ``importance``, as in
        :func:`validate`.
    emotion_scale : tuple of (low, high), default (-3, 3)
        Inclusive scale of ``emotion``; its midpoint is the neutral feeling.

    Returns
    -------
    DataFrame
        Columns ``stage, touchpoint, [<by>,] order, n, perception, expectation, gap,
        se, ci_low, ci_high, t, df, pvalue, emotion, emotion_low, importance,
        pain_point, moment_of_truth, reason``. ``n`` counts the touchpoint's rows;
        ``gap`` is the mean of perception − expectation over the respondents who gave both
        (``df`` is their number minus one); ``ci_low``/``ci_high`` bound the gap at
        ``level``; ``pvalue`` is one-sided (H1: gap < −margin). ``attrs`` holds the
        settings (``alpha``, ``level``, ``margin``, ``rule``, ``by``, the scales) and the
        cut-offs ``emotion_cut`` and ``importance_cut``.

    Raises
    ------
    SurveyError
        Any error of :func:`validate`; ``rule`` not one of its choices; ``alpha`` not
        strictly between 0 and 0.5; ``level``, ``emotion_quantile`` or ``mot_quantile`` not
        strictly between 0 and 1; a negative ``margin``; a ``by`` column that is missing, has missing labels or
        cannot group touchpoints (``respondent``, ``stage``, ``touchpoint``, ``order``
        or a rating).
    SurveyTypeError
        ``by`` is not a string.

    See Also
    --------
    validate : the checks applied to ``data`` first.
    plot : draw the journey map of this summary.
    top_terms : what people wrote at the pain points it finds.
    sxm.servqual.summarize : perception-expectation gaps of a SERVQUAL survey.
    sxm.priorities.ipa : importance-performance quadrants.

    Notes
    -----
    The gap of touchpoint *j* is paired: :math:`d_i = P_{ij} - E_{ij}`, :math:`\\bar d`,
    :math:`se = s_d / \\sqrt{n}`, :math:`t = (\\bar d + m) / se` on :math:`n - 1` degrees of
    freedom, interval :math:`\\bar d \\pm t_{(1+L)/2} \\, se` at level :math:`L`. The pain-point rule, with
    ``rule="either"``:

    * *shortfall*: the one-sided p-value is below ``alpha`` (the gap is significantly
      below ``-margin``), or
    * *low emotion*: the mean emotion is in the journey's bottom ``emotion_quantile`` and
      below the neutral point.

    ``rule="both"`` asks for both, ``"gap"`` or ``"emotion"`` for one only. The quantiles
    are taken over the rows of the result (touchpoints, or touchpoint × group cells).
    Touchpoints with fewer than two paired answers have no interval and no test.

    References
    ----------
    Schmitt, B. H. (2003). *Customer Experience Management*. Wiley.
    Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1985). A conceptual model of service
    quality. *Journal of Marketing*, 49(4), 41-50 (the gap between perception and
    expectation).

    Examples
    --------
    >>> df = pd.DataFrame({"respondent": [1, 2, 3] * 2, "stage": ["book"] * 3 + ["pay"] * 3,
    ...     "touchpoint": ["booking"] * 3 + ["payment"] * 3, "channel": "web",
    ...     "order": [1] * 3 + [2] * 3, "perception": [6, 5, 6, 2, 3, 2],
    ...     "expectation": [5, 5, 6, 6, 6, 5], "emotion": [2, 1, 2, -2, -1, -2]})
    >>> summarize(df)[["touchpoint", "gap", "pain_point"]]
      touchpoint       gap  pain_point
    0    booking  0.333333       False
    1    payment -3.333333        True
    >>> # In R: t.test(P, E, paired = TRUE, alternative = "less") for each touchpoint

    The bundled car-rental journey, one row per touchpoint and channel:

    >>> from sxm.datasets import load
    >>> s = summarize(load("car_rental_journey"), by="channel")
    >>> s.loc[s["pain_point"], ["touchpoint", "channel", "gap"]].round(2)
               touchpoint    channel   gap
    9        pick-up wait    counter -1.84
    13      roadside help      phone -0.54
    15  damage inspection  in person -0.03
    16         final bill        app -0.55
    17         final bill        web -0.61
    """
    check_choice("rule", rule, ("either", "both", "gap", "emotion"))
    alpha, level = check_alpha(alpha), check_level(level)
    for name, value in (("emotion_quantile", emotion_quantile), ("mot_quantile", mot_quantile)):
        if not isinstance(value, (int, float)) or not 0 < value < 1:
            raise SurveyError(f"{name}: must be a number strictly between 0 and 1; got {value!r}")
    if not isinstance(margin, (int, float)) or margin < 0:
        raise SurveyError(f"margin: must be a number >= 0; got {margin!r}")
    clean = validate(data, scale=scale, emotion_scale=emotion_scale)
    if by is not None:
        if not isinstance(by, str):
            raise SurveyTypeError(f"by: must be the name of a grouping column such as 'channel'; got {by!r}")
        require_columns(clean, [by], what="grouping column")
        if by in ("respondent", "stage", "touchpoint", "order") or by in RATINGS:
            raise SurveyError(f"by: {by!r} cannot group touchpoints (rule: a grouping column such as 'channel' or "
                              "a customer segment)")
        if clean[by].isna().any():
            row = clean.index[clean[by].isna().to_numpy()][0]
            raise SurveyError(f"column {by!r}: group labels must not be missing; row {row!r} has none")
    has_importance = "importance" in clean
    keys = ["stage", "touchpoint"] + ([by] if by else []) + ["order"]
    clean["diff"] = clean["perception"] - clean["expectation"]
    if not has_importance:
        clean["importance"] = np.nan
    g = clean.groupby(keys, sort=False)
    out = g.agg(
        n=("respondent", "size"),
        perception=("perception", "mean"),
        expectation=("expectation", "mean"),
        gap=("diff", "mean"),
        sd=("diff", "std"),
        n_pairs=("diff", "count"),
        emotion=("emotion", "mean"),
        importance=("importance", "mean"),
    ).reset_index()
    out = out.sort_values(["order"] + ([by] if by else []), kind="stable").reset_index(drop=True)

    df = out["n_pairs"] - 1
    se = out["sd"] / np.sqrt(out["n_pairs"])
    se = se.where(df > 0)
    crit = stats.t.ppf((1 + level) / 2, df.where(df > 0))
    out["se"] = se
    out["ci_low"] = out["gap"] - crit * se
    out["ci_high"] = out["gap"] + crit * se
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (out["gap"] + margin) / se
    out["t"] = t
    out["df"] = df.where(df > 0)
    out["pvalue"] = stats.t.cdf(t, df.where(df > 0))
    # a zero-variance gap below -margin is certainly a shortfall; above it certainly not
    exact = se.eq(0)
    out.loc[exact, "pvalue"] = np.where(out.loc[exact, "gap"] < -margin, 0.0, 1.0)

    neutral = (emotion_scale[0] + emotion_scale[1]) / 2
    emo_cut = out["emotion"].quantile(emotion_quantile)
    out["emotion_low"] = out["emotion"].le(emo_cut) & out["emotion"].lt(neutral)
    shortfall = out["pvalue"].lt(alpha)
    out["pain_point"] = {
        "either": shortfall | out["emotion_low"],
        "both": shortfall & out["emotion_low"],
        "gap": shortfall,
        "emotion": out["emotion_low"],
    }[rule]
    if has_importance and out["importance"].notna().any():
        imp_cut = out["importance"].quantile(mot_quantile)
        out["moment_of_truth"] = out["importance"].ge(imp_cut).astype("boolean")
    else:
        imp_cut = np.nan
        out["moment_of_truth"] = pd.array([pd.NA] * len(out), dtype="boolean")
    out["reason"] = _reasons(out, shortfall, level, margin, emo_cut, imp_cut)
    cols = keys[:-1] + ["order", "n", "perception", "expectation", "gap", "se", "ci_low", "ci_high", "t", "df",
                        "pvalue", "emotion", "emotion_low", "importance", "pain_point", "moment_of_truth", "reason"]
    out = out[cols]
    out.attrs.update(
        alpha=alpha, level=level, margin=margin, rule=rule, emotion_cut=float(emo_cut), importance_cut=float(imp_cut),
        emotion_scale=tuple(emotion_scale), scale=tuple(scale), by=by,
    )
    return out


def _reasons(out, shortfall, level, margin, emo_cut, imp_cut) -> pd.Series:
    """Text of why each row is (or is not) a pain point / moment of truth."""
    level = f"{level:.0%}"
    below = "0" if margin == 0 else f"-{margin:g}"
    gap_txt = (
        "gap " + out["gap"].map("{:+.2f}".format) + f" ({level} CI "
        + out["ci_low"].map("{:+.2f}".format) + " to " + out["ci_high"].map("{:+.2f}".format)
        + f"), significantly below {below}"
    )
    emo_txt = "emotion " + out["emotion"].map("{:+.2f}".format) + f" in the journey's bottom (<= {emo_cut:+.2f})"
    parts = pd.DataFrame({
        "gap": gap_txt.where(shortfall, ""),
        "emo": emo_txt.where(out["emotion_low"], ""),
        "mot": pd.Series("moment of truth: importance " + out["importance"].map("{:.2f}".format)
                         + f" in the top tier (>= {imp_cut:.2f})", index=out.index).where(
            out["moment_of_truth"].fillna(False).astype(bool), ""),
    })
    text = parts.apply(lambda r: "; ".join(p for p in r if p), axis=1) if len(parts) else pd.Series(dtype=str)
    return text.where(text.ne(""), "no shortfall, emotion not low")


# --------------------------------------------------------------------------------------
# the map
# --------------------------------------------------------------------------------------
def plot(summary: pd.DataFrame, *, ax=None, title: str | None = None, label_pain: bool = True):
    """Draw the journey map: stage bands, touchpoints in order, emotion curve, pain points.

    Parameters
    ----------
    summary : DataFrame
        The result of :func:`summarize` (with or without ``by``, e.g. ``by="channel"``);
        needs the columns ``stage``, ``touchpoint``, ``order``, ``emotion``, ``gap``,
        ``pain_point`` and ``moment_of_truth``. Not modified.
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new 10 × 5 inch figure.
    title : str, optional
        Title of the Axes. Default ``None``: "Customer journey map" in the language in
        force (:func:`sxm.i18n.set_lang`).
    label_pain : bool, default True
        Write the gap next to each pain point (with the touchpoint's name, or its group's
        when the summary was made ``by`` a grouping column).

    Returns
    -------
    matplotlib.axes.Axes
        x: touchpoints in journey order, grouped into shaded stage bands (stage names on
        top); y: mean emotion, one line per group when the summary was made ``by`` a
        grouping column such as ``channel`` (points of different groups are nudged apart,
        lines break where a group does not use a touchpoint). Pain points are red crosses
        with a label, moments of truth gold stars under the stage names. Fixed words and
        known stage, touchpoint and channel names are in the language in force.

    Raises
    ------
    SurveyError
        ``summary`` lacks one of the columns above (or its ``by`` column).
    SurveyTypeError
        ``summary`` is not a DataFrame.

    See Also
    --------
    summarize : the table this function draws.
    sxm.servqual.plot_gaps : the gaps of a SERVQUAL survey.

    Examples
    --------
    >>> from sxm.datasets import load
    >>> ax = plot(summarize(load("car_rental_journey")))
    >>> ax.get_title(), [t.get_text() for t in ax.get_xticklabels()][:3]
    ('Customer journey map', ['find a car', 'compare prices', 'make a booking'])
    >>> from sxm import i18n
    >>> old = i18n.set_lang("zh")
    >>> ax = plot(summarize(load("car_rental_journey")))
    >>> ax.get_title(), [t.get_text() for t in ax.get_xticklabels()][:3]
    ('客户旅程图', ['查找车辆', '比较价格', '下单预订'])
    >>> _ = i18n.set_lang(old)
    """
    from .i18n import label, t
    from .plots import PALETTE, get_ax

    require_frame(summary, name="summary")
    require_columns(summary, ["stage", "touchpoint", "order", "emotion", "gap", "pain_point", "moment_of_truth"])
    ax = get_ax(ax, figsize=(10, 5))
    tps = summary.drop_duplicates("touchpoint").sort_values("order")
    pos = pd.Series(np.arange(len(tps), dtype=float), index=tps["touchpoint"].to_numpy())
    x = summary["touchpoint"].map(pos)
    lo, hi = summary.attrs.get("emotion_scale", (-3, 3))
    ax.set_ylim(lo - 0.3, hi + 0.9)
    # stage bands
    stages = tps.assign(x=pos.to_numpy()).groupby("stage", sort=False)["x"].agg(["min", "max"])
    for k, (stage, row) in enumerate(stages.iterrows()):
        ax.axvspan(row["min"] - 0.5, row["max"] + 0.5, color="0.93" if k % 2 == 0 else "0.98", zorder=0)
        ax.text((row["min"] + row["max"]) / 2, hi + 0.55, str(label(stage)), ha="center", va="center",
                fontsize=9, fontweight="bold", color="0.25")
    ax.axhline((lo + hi) / 2, color="0.5", lw=0.8, ls=":")
    plot_df = summary.assign(x=x.to_numpy())
    group = summary.attrs.get("by")
    if group is None and "channel" in summary:
        group = "channel"
    if group is not None:
        require_columns(summary, [group])
        # one line per group, broken where the group is not used; points dodged apart
        channels = list(dict.fromkeys(summary[group]))
        shift = dict(zip(channels, (np.arange(len(channels)) - (len(channels) - 1) / 2) * 0.12))
        plot_df["x"] = plot_df["x"] + plot_df[group].map(shift)
        wide = plot_df.pivot_table(index=summary["touchpoint"].map(pos), columns=group, values="emotion")
        for k, ch in enumerate(channels):
            line = wide[ch].reindex(np.arange(len(pos), dtype=float))
            ax.plot(line.index + shift[ch], line.to_numpy(), marker="o", ms=5, lw=1.6,
                    color=PALETTE[k % len(PALETTE)], label=str(label(ch)))
    else:
        ax.plot(plot_df["x"], plot_df["emotion"], marker="o", ms=6, lw=2, color=PALETTE[0],
                label=t("journey.mean_emotion"))
    pain = plot_df[plot_df["pain_point"].astype(bool)]
    ax.scatter(pain["x"], pain["emotion"], marker="X", s=140, color="#c0392b", zorder=5, label=t("journey.pain_point"))
    mot = plot_df[plot_df["moment_of_truth"].fillna(False).astype(bool)].drop_duplicates("touchpoint")
    if len(mot):
        ax.scatter(mot["touchpoint"].map(pos), np.full(len(mot), hi + 0.15), marker="*", s=160, color="#d4a017",
                   zorder=5, label=t("journey.moment_of_truth"))
    if label_pain:
        # in a channel map the touchpoint is on the axis: name the channel; two pain points
        # at one touchpoint are labelled below and above
        nth = pain.groupby("touchpoint", sort=False).cumcount()
        for k, (_, r) in zip(nth, pain.iterrows()):
            text = f"{label(r[group] if group is not None else r['touchpoint'])}\n{t('journey.gap', gap=r['gap'])}"
            dy = -14 if k % 2 == 0 else 14
            ax.annotate(text, (r["x"], r["emotion"]), xytext=(0, dy),
                        textcoords="offset points", ha="center", va="top" if dy < 0 else "bottom", fontsize=8,
                        color="#c0392b")
    ax.set_xticks(pos.to_numpy())
    ax.set_xticklabels([str(label(tp)) for tp in pos.index], rotation=35, ha="right", fontsize=9)
    ax.set_xlim(-0.5, len(pos) - 0.5)
    ax.set(xlabel="", ylabel=t("journey.ylabel", lo=lo, hi=hi), title=t("journey.title") if title is None else title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=6, fontsize=8, frameon=False)
    ax.grid(axis="x", visible=False)
    return ax


# --------------------------------------------------------------------------------------
# comments
# --------------------------------------------------------------------------------------
#: A small built-in stop-word list (English words and common Chinese function characters).
STOP_WORDS = frozenset(
    """a about after again all also am an and any are as at be been before being but by can
    could did do does doing don't for from had has have having he her here him his how i i'm
    if in into is it it's its just me more most my no nor not of off on once only or other our
    out over own same she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who
    why will with would you your one got get""".split()
) | frozenset("的了是在我你他她它们很太也都和就还有这那个吗呢吧啊呀被把给对而与及或")

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_BIGRAM = re.compile(rf"(?=([{_CJK}]{{2}}))")
_CJK_SINGLE = re.compile(rf"(?<![{_CJK}])([{_CJK}])(?![{_CJK}])")


def tokenize(texts: pd.Series, *, stop_words=STOP_WORDS, bigrams: bool = True) -> pd.DataFrame:
    """Split comments into terms: one row per (comment, term) occurrence.

    Latin-script text is lower-cased and split into words; stop words are dropped and, with
    ``bigrams``, pairs of adjacent words that are both content words are added. Runs of
    Chinese (CJK) characters, which have no spaces, give overlapping character bigrams
    (排队太久 → 排队, 队太, 太久) minus those containing a stop character; an isolated
    character is kept as itself.

    Parameters
    ----------
    texts : Series
        Comments (missing ones are skipped).
    stop_words : set of str, default STOP_WORDS
        Words (and characters, for Chinese) left out; default :data:`STOP_WORDS`.
    bigrams : bool, default True
        Also return pairs of adjacent content words (Latin script).

    Returns
    -------
    DataFrame
        Columns ``doc`` (the index label of the comment) and ``term``; a comment contributes
        one row per occurrence of a term. Empty (with these columns) when no term is found.

    Raises
    ------
    SurveyTypeError
        ``texts`` is not a pandas Series.

    See Also
    --------
    top_terms : the most frequent terms at the pain points.

    Examples
    --------
    >>> tokenize(pd.Series(["Queue was too long", "排队太久"]))["term"].tolist()  # 太 is a stop character
    ['queue', 'long', '排队']
    >>> tokenize(pd.Series(["slow check in"]))  # "in" is a stop word
       doc        term
    0    0  slow check
    1    0        slow
    2    0       check
    >>> # In R: tidytext::unnest_tokens(df, term, comment) (words only, without bigrams)
    """
    if not isinstance(texts, pd.Series):
        raise SurveyTypeError(f"texts: must be a pandas Series of comments; got {type(texts).__name__}")
    s = texts.dropna().astype(str).str.lower()
    words = s.str.findall(_WORD).explode().dropna()
    frames = []
    if len(words):
        w = pd.DataFrame({"doc": words.index, "term": words.to_numpy()})
        w["stop"] = w["term"].isin(stop_words) | w["term"].str.fullmatch(r"\d+")
        if bigrams:
            nxt = w.groupby("doc", sort=False)["term"].shift(-1)
            nxt_stop = w.groupby("doc", sort=False)["stop"].shift(-1).astype("boolean").fillna(True).astype(bool)
            pair = ~w["stop"] & ~nxt_stop & nxt.notna()
            frames.append(pd.DataFrame({"doc": w.loc[pair, "doc"], "term": w.loc[pair, "term"] + " " + nxt[pair]}))
        frames.append(w.loc[~w["stop"], ["doc", "term"]])
    cjk = pd.concat([s.str.findall(_CJK_BIGRAM).explode(), s.str.findall(_CJK_SINGLE).explode()]).dropna()
    if len(cjk):
        c = pd.DataFrame({"doc": cjk.index, "term": cjk.to_numpy()})
        has_stop = c["term"].map(lambda t: any(ch in stop_words for ch in t)) if len(c) else c["term"]
        frames.append(c.loc[~has_stop.astype(bool)])
    if not frames:
        return pd.DataFrame({"doc": pd.Series(dtype=object), "term": pd.Series(dtype=str)})
    return pd.concat(frames, ignore_index=True)


def top_terms(
    data: pd.DataFrame,
    *,
    touchpoints=None,
    summary: pd.DataFrame | None = None,
    by: str | None = None,
    sentiment: str = "negative",
    n: int = 10,
    bigrams: bool = True,
    stop_words=None,
    scale=(1, 7),
    emotion_scale=(-3, 3),
) -> pd.DataFrame:
    """The most frequent words and phrases in the comments at pain points.

    Parameters
    ----------
    data : DataFrame
        Tidy journey table with a ``comment`` column. Not modified.
    touchpoints : list of str, optional
        Touchpoints whose comments are read. Default: the pain points of ``summary`` (or of
        ``summarize(data)`` when no summary is given).
    summary : DataFrame, optional
        A :func:`summarize` result whose ``pain_point`` rows choose the touchpoints.
    by : str, optional
        A grouping column (``"touchpoint"``, ``"stage"``, ``"channel"`` or a segment):
        terms are ranked within each group.
    sentiment : {"negative", "all"}
        ``"negative"`` (default) reads only the comments of respondents whose emotion
        rating at that touchpoint is below the neutral midpoint of ``emotion_scale``: the
        complaints. ``"all"`` reads every comment.
    n : int, default 10
        Terms returned (per group with ``by``).
    bigrams : bool, default True
        Also count two-word phrases (Chinese text always uses character bigrams).
    stop_words : iterable of str, optional
        Extra stop words added to :data:`STOP_WORDS`. Default ``None``: none.
    scale : tuple of (low, high), default (1, 7)
        Inclusive answer scale of the ratings, as in :func:`validate`.
    emotion_scale : tuple of (low, high), default (-3, 3)
        Inclusive scale of ``emotion``; its midpoint separates the complaints.

    Returns
    -------
    DataFrame
        Columns ``[<by>,] term, comments, share``: the number of comments that use
        the term (each comment counts once) and that number over the comments read.
        Ties are broken alphabetically. ``attrs["n_comments"]`` holds the number read and
        ``attrs["touchpoints"]`` the touchpoints.

    Raises
    ------
    SurveyError
        Any error of :func:`validate`; no ``comment`` (or ``by``) column; a touchpoint
        that is not in the data; ``sentiment`` not ``"negative"`` or ``"all"``; ``n`` not
        a positive whole number.
    SurveyTypeError
        ``by`` is not a string.

    See Also
    --------
    tokenize : how comments are split into terms.
    summarize : the pain points whose comments are read by default.

    Notes
    -----
    No model or download is involved: a regular-expression tokenizer (see
    :func:`tokenize`) and a small stop-word list. Read the result as a pointer to comments
    worth reading in full, not as a finding on its own.

    Examples
    --------
    >>> df = pd.DataFrame({"respondent": [1, 2, 3, 4], "stage": "pick up", "touchpoint": "counter",
    ...     "channel": "counter", "order": 1, "perception": [2, 2, 3, 2], "expectation": 6,
    ...     "emotion": [-2, -3, -2, -1], "comment": ["Long queue at the counter", "queue was long",
    ...     "取车排队太久", "柜台排队"]})
    >>> top_terms(df, touchpoints=["counter"], n=4)
          term  comments  share
    0     long         2   0.50
    1    queue         2   0.50
    2       排队         2   0.50
    3  counter         1   0.25
    >>> # In R: dplyr::count(tidytext::unnest_tokens(df, term, comment), term, sort = TRUE)
    """
    if by is not None and not isinstance(by, str):
        raise SurveyTypeError(f"by: must be the name of a grouping column such as 'touchpoint'; got {by!r}")
    if sentiment not in ("negative", "all"):
        raise SurveyError(f"sentiment: must be 'negative' or 'all'; got {sentiment!r}")
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise SurveyError(f"n: must be a positive whole number; got {n!r}")
    clean = validate(data, scale=scale, emotion_scale=emotion_scale)
    require_columns(clean, ["comment"] + ([by] if by else []))
    if touchpoints is None:
        if summary is None:
            summary = summarize(data, scale=scale, emotion_scale=emotion_scale)
        require_columns(summary, ["touchpoint", "pain_point"])
        touchpoints = summary.loc[summary["pain_point"].astype(bool), "touchpoint"].unique().tolist()
    elif isinstance(touchpoints, str):
        touchpoints = [touchpoints]
    touchpoints = [str(t) for t in touchpoints]
    known = set(clean["touchpoint"])
    unknown = [t for t in touchpoints if t not in known]
    if unknown:
        raise SurveyError(f"touchpoints: {unknown[0]!r} is not a touchpoint of the data (rule: names from column 'touchpoint')")
    stop = STOP_WORDS | frozenset(str(w).lower() for w in (stop_words or ()))
    chosen = clean[clean["touchpoint"].isin(touchpoints) & clean["comment"].notna()]
    chosen = chosen[chosen["comment"].str.strip().ne("")]
    if sentiment == "negative":
        chosen = chosen[chosen["emotion"] < (emotion_scale[0] + emotion_scale[1]) / 2]
    tokens = tokenize(chosen["comment"], stop_words=stop, bigrams=bigrams).drop_duplicates()
    if by:
        tokens[by] = chosen.loc[tokens["doc"].to_numpy(), by].to_numpy() if len(tokens) else []
    keys = [by] if by else []
    n_docs = chosen.groupby(by).size() if by else pd.Series({None: len(chosen)})
    counts = tokens.groupby(keys + ["term"]).size().rename("comments").reset_index()
    denom = counts[by].map(n_docs) if by else len(chosen)
    counts["share"] = counts["comments"] / denom if len(counts) else pd.Series(dtype=float)
    counts = counts.sort_values(keys + ["comments", "term"], ascending=[True] * len(keys) + [False, True], kind="stable")
    counts = (counts.groupby(keys, sort=False).head(n) if by else counts.head(n)).reset_index(drop=True)
    counts = counts.astype({"comments": "int64"})
    counts.attrs["n_comments"] = int(len(chosen))
    counts.attrs["touchpoints"] = touchpoints
    return counts
