"""The shared look of every sxm figure, and chart helpers used by several chapters.

Plot functions of the statistical modules (``sxm.kano.plot_better_worse``,
``sxm.priorities.plot_ipa``, ...) draw with seaborn on the theme set here and return the
matplotlib ``Axes``; they never call ``plt.show()``.
"""
from __future__ import annotations

import matplotlib
import matplotlib.axes
import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns

from . import i18n
from .io import SurveyError, SurveyTypeError

__all__ = ["PALETTE", "set_theme", "get_ax", "quadrant_chart"]

#: Colour-blind safe palette used throughout the suite (seaborn's "colorblind").
PALETTE = sns.color_palette("colorblind", 10)

#: Family name of the CJK font put after the Latin font in every figure (Noto Sans SC from
#: the font package; see :mod:`sxm.i18n`), so Chinese labels render in either edition.
CJK_FONT = i18n.register_font()
i18n.use_fallback()


def set_theme(*, font_scale: float = 1.0) -> None:
    """Apply the suite's seaborn theme (white grid, colour-blind palette, 100 dpi PNG) and the
    CJK font fallback."""
    if isinstance(font_scale, bool) or not isinstance(font_scale, (int, float)) or not font_scale > 0:
        raise SurveyError(f"font_scale: must be a positive number such as 1.2; got {font_scale!r}")
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE, font_scale=font_scale)
    plt.rcParams.update(
        {
            "figure.figsize": (7.5, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titleweight": "bold",
            "axes.titlesize": "medium",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "sxm",
        }
    )
    i18n.use_fallback()  # seaborn resets font.family: the CJK font goes back after the Latin one


def get_ax(ax=None, *, figsize=None):
    """Return ``ax`` or a new Axes on a new figure (with the CJK font fallback in place)."""
    i18n.use_fallback()
    if ax is not None:
        if not isinstance(ax, matplotlib.axes.Axes):
            raise SurveyTypeError(f"ax: must be a matplotlib Axes (or None for a new figure); got {type(ax).__name__}")
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def quadrant_chart(
    x,
    y,
    labels,
    *,
    x_cut: float,
    y_cut: float,
    quadrant_names: dict[str, str],
    hue=None,
    xlabel: str = "",
    ylabel: str = "",
    title: str = "",
    ax=None,
):
    """Scatter of labelled points split into four named quadrants by two cut lines.

    Used by the importance-performance grid and the Kano Better-Worse diagram.

    Parameters
    ----------
    x, y : array-like
        Coordinates of the points.
    labels : array-like of str
        Text written next to each point.
    x_cut, y_cut : float
        Where the vertical and the horizontal cut lines lie.
    quadrant_names : dict
        Names for the keys ``"upper left"``, ``"upper right"``, ``"lower left"``,
        ``"lower right"``; written in the corners of the chart.
    hue : array-like, optional
        A category per point, coloured with the suite's palette and shown in a legend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    sizes = {"x": len(x), "y": len(y), "labels": len(labels)}
    if hue is not None:
        sizes["hue"] = len(hue)
    if len(set(sizes.values())) > 1:
        raise SurveyError(
            "x, y, labels" + (", hue" if hue is not None else "") + ": must have the same length (one per point); got "
            + ", ".join(f"{k} {v}" for k, v in sizes.items())
        )
    unknown = set(quadrant_names) - {"upper left", "upper right", "lower left", "lower right"}
    if unknown:
        raise SurveyError(
            f"quadrant_names: unknown corner {sorted(unknown)[0]!r} (rule: 'upper left', 'upper right', "
            "'lower left' or 'lower right')"
        )
    ax = get_ax(ax, figsize=(7.5, 6))
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    sns.scatterplot(x=x, y=y, hue=hue, s=70, ax=ax, palette=None if hue is None else "colorblind", legend=hue is not None, color=None if hue is not None else PALETTE[0])
    for xi, yi, text in zip(x, y, labels):
        ax.annotate(str(text), (xi, yi), xytext=(4, 4), textcoords="offset points", fontsize=8)
    ax.axvline(x_cut, color="0.4", lw=1, ls="--")
    ax.axhline(y_cut, color="0.4", lw=1, ls="--")
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    corners = {
        "upper left": (x0, y1, "left", "top"),
        "upper right": (x1, y1, "right", "top"),
        "lower left": (x0, y0, "left", "bottom"),
        "lower right": (x1, y0, "right", "bottom"),
    }
    for key, name in quadrant_names.items():
        cx, cy, ha, va = corners[key]
        ax.text(cx, cy, name, ha=ha, va=va, fontsize=9, color="0.3", style="italic",
                bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.8", alpha=0.8))
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    return ax
