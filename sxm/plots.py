"""The shared look of every sxm figure, and chart helpers used by several chapters.

Plot functions of the statistical modules (``sxm.kano.plot_better_worse``,
``sxm.priorities.plot_ipa``, ...) draw with seaborn on the theme set here and return the
matplotlib ``Axes``; they never call ``plt.show()``.
"""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import matplotlib
import matplotlib.axes
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from . import i18n
from .io import SurveyError, SurveyTypeError, check_choice

__all__ = ["PALETTE", "set_theme", "get_ax", "quadrant_chart", "path_diagram", "path_dot"]

#: Colour-blind safe palette used throughout the suite (seaborn's "colorblind").
PALETTE = sns.color_palette("colorblind", 10)

#: Family name of the CJK font put after the Latin font in every figure (Noto Sans SC from
#: the font package; see :mod:`sxm.i18n`), so Chinese labels render in either edition.
CJK_FONT = i18n.register_font()
i18n.use_fallback()


def set_theme(*, font_scale: float = 1.0) -> None:
    """Apply the suite's seaborn theme (white grid, colour-blind palette, 100 dpi PNG) and the
    CJK font fallback.

    Patch outlines are dark and drawn only where a patch asks for one (seaborn's style
    forces white outlines on every patch, which made outlines and arrows invisible).

    Parameters
    ----------
    font_scale : float
        Scales every font of the figures (seaborn's ``font_scale``).

    See Also
    --------
    get_ax : an Axes on a figure drawn with this theme.

    Examples
    --------
    >>> set_theme(font_scale=1.2)
    >>> import matplotlib.pyplot as plt
    >>> plt.rcParams["patch.force_edgecolor"]
    False
    """
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
            # seaborn's style draws every patch edge in white (force_edgecolor): outlines,
            # arrows and boxes that rely on the default were invisible on the white figure
            "patch.force_edgecolor": False,
            "patch.edgecolor": "0.15",
        }
    )
    i18n.use_fallback()  # seaborn resets font.family: the CJK font goes back after the Latin one


def get_ax(ax=None, *, figsize=None):
    """Return ``ax`` or a new Axes on a new figure (with the CJK font fallback in place).

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Returned as it is (after a type check); a new figure when None.
    figsize : (float, float), optional
        Size in inches of the new figure.

    Returns
    -------
    matplotlib.axes.Axes

    See Also
    --------
    set_theme : the look of every figure.

    Examples
    --------
    >>> ax = get_ax(figsize=(4, 3))
    >>> get_ax(ax) is ax
    True
    """
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

    See Also
    --------
    sxm.priorities.plot_ipa, sxm.kano.plot_better_worse : the charts drawn with it.

    Examples
    --------
    >>> ax = quadrant_chart([1, 3], [2, 4], ["a", "b"], x_cut=2, y_cut=3,
    ...                     quadrant_names={"upper right": "keep up"})
    >>> [t.get_text() for t in ax.texts][-1]
    'keep up'
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


# --------------------------------------------------------------------------------------
# path diagrams (SEM, PLS)
# --------------------------------------------------------------------------------------
_NODE_KINDS = ("latent", "observed")
_EDGE_KINDS = ("loading", "weight", "path", "covariance")
_ENGINES = ("auto", "dot", "matplotlib")
_INK = "0.15"  # every line and text of a diagram: explicit, never the theme's patch colour
_LATENT_FILL = "#dbe9f6"
_ITEM_FILL = "#f7f7f7"
_UNIT = 0.75  # inches per data unit of a diagram drawn on its own figure


def _check_diagram_tables(nodes, edges):
    from .io import require_columns, require_frame

    for name, frame, columns in (("nodes", nodes, ("name", "kind")), ("edges", edges, ("source", "target", "kind", "est"))):
        if not isinstance(frame, pd.DataFrame):
            raise SurveyTypeError(f"{name}: must be a DataFrame with columns {', '.join(columns)}; got {type(frame).__name__}")
        require_frame(frame, name=name, min_rows=1 if name == "nodes" else 0)
        require_columns(frame, columns, what=f"{name} column")
    names = nodes["name"].astype(str)
    if names.duplicated().any():
        raise SurveyError(f"nodes: column 'name' must be unique (one row per node); {names[names.duplicated()].iloc[0]!r} is listed twice")
    bad = ~nodes["kind"].isin(_NODE_KINDS)
    if bad.any():
        raise SurveyError(f"nodes: column 'kind' must be 'latent' or 'observed'; got {nodes['kind'][bad].iloc[0]!r}")
    bad = ~edges["kind"].isin(_EDGE_KINDS)
    if bad.any():
        raise SurveyError(f"edges: column 'kind' must be one of {', '.join(map(repr, _EDGE_KINDS))}; got {edges['kind'][bad].iloc[0]!r}")
    known = set(names)
    for col in ("source", "target"):
        unknown = ~edges[col].astype(str).isin(known)
        if unknown.any():
            raise SurveyError(f"edges: column {col!r} names a node missing from nodes: {edges[col][unknown].iloc[0]!r}")
    est = pd.to_numeric(edges["est"], errors="coerce")
    if (est.isna() & edges["est"].notna()).any():
        raise SurveyTypeError(f"edges: column 'est' must be numbers; got {edges['est'][est.isna() & edges['est'].notna()].iloc[0]!r}")


def _fmt(value, digits):
    return "" if value is None or not np.isfinite(value) else f"{value:.{digits}f}"


def _is_significant(row) -> bool:
    value = row.get("significant", True)
    return True if value is None or (isinstance(value, float) and np.isnan(value)) else bool(value)


def path_dot(nodes: pd.DataFrame, edges: pd.DataFrame, *, digits: int = 2) -> str:
    """Graphviz DOT text of a path diagram given as tables of nodes and edges.

    Takes the same tables as :func:`path_diagram`; ``dot -Tpng`` lays it out left to right.

    Parameters
    ----------
    nodes, edges : DataFrame
        The tables of :func:`path_diagram`.
    digits : int
        Decimals of the numbers on the arrows.

    Returns
    -------
    str
        The DOT text (constructs as ellipses with their R², items as boxes). Nodes are
        named as in ``nodes``; their labels are the names in the language in force
        (:func:`sxm.i18n.label`: a known construct such as ``satisfaction`` is 满意度 in
        Chinese).

    See Also
    --------
    path_diagram : draws the same tables (with ``dot`` when installed).

    Examples
    --------
    >>> nodes = pd.DataFrame({"name": ["quality", "q1"], "kind": ["latent", "observed"]})
    >>> edges = pd.DataFrame({"source": ["quality"], "target": ["q1"], "kind": ["loading"], "est": [0.8]})
    >>> print(path_dot(nodes, edges))  # doctest: +NORMALIZE_WHITESPACE
    digraph sem {
      rankdir=LR;
      ordering=out;
      node [fontname="Helvetica"];
      edge [fontname="Helvetica", fontsize=10];
      "quality" [shape=ellipse, label="quality"];
      "q1" [shape=box, label="q1"];
      "quality" -> "q1" [label="0.80"];
    }
    """
    _check_diagram_tables(nodes, edges)
    lines = ["digraph sem {", "  rankdir=LR;", "  ordering=out;", '  node [fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];']
    for row in nodes.to_dict("records"):
        latent = row["kind"] == "latent"
        label = str(i18n.label(str(row["name"])))
        r2 = row.get("r2", np.nan)
        if latent and r2 is not None and np.isfinite(r2):
            label = f"{label}\\nR² = {r2:.{digits}f}"
        lines.append(f'  "{row["name"]}" [shape={"ellipse" if latent else "box"}, label="{label}"];')
    for row in edges.to_dict("records"):
        val = _fmt(row["est"], digits)
        if row["kind"] in ("loading", "weight"):
            lines.append(f'  "{row["source"]}" -> "{row["target"]}" [label="{val}"];')
        elif row["kind"] == "path":
            style = "" if _is_significant(row) else ", style=dashed"
            lines.append(f'  "{row["source"]}" -> "{row["target"]}" [label="{val}", penwidth=1.6{style}];')
        else:
            lines.append(f'  "{row["source"]}" -> "{row["target"]}" [dir=both, style=dotted, label="{val}", constraint=false];')
    lines.append("}")
    return "\n".join(lines)


def _dot_draws_cjk() -> bool:
    """Whether graphviz's ``dot`` finds a Chinese font here (through fontconfig)."""
    if "cjk" not in _DOT_FONTS:
        found = False
        fc_list = shutil.which("fc-list")
        if fc_list:
            try:
                found = bool(subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                                            timeout=20).stdout.strip())
            except (OSError, subprocess.SubprocessError):
                found = False
        _DOT_FONTS["cjk"] = found
    return _DOT_FONTS["cjk"]


_DOT_FONTS: dict[str, bool] = {}


def _text_width(text: str, size: float) -> float:
    """Width of ``text`` in data units at font ``size`` on a figure of ``_UNIT`` inches per unit."""
    wide = sum(1 for ch in text if ord(ch) > 0x2E7F)  # CJK characters are about twice as wide
    return (0.58 * (len(text) - wide) + 1.05 * wide) * size / 72 / _UNIT


def _layout(nodes: pd.DataFrame, edges: pd.DataFrame):
    """Positions of a layered, left-to-right drawing: ``{name: (x, y, half_width, half_height, side)}``.

    Constructs (and observed variables in the structural part) are layered by the longest
    chain of paths leading to them; each construct's items sit on its outer side: left of
    the first layer, right of the last, above or below the others.
    """
    kind = dict(zip(nodes["name"].astype(str), nodes["kind"]))
    measure = edges[edges["kind"].isin(("loading", "weight"))]
    owner = {}
    for row in measure.itertuples():
        construct, item = (row.source, row.target) if row.kind == "loading" else (row.target, row.source)
        if kind.get(construct) == "latent" or construct not in owner:
            owner.setdefault(str(item), str(construct))
    items_of: dict[str, list[str]] = {}
    for item, construct in owner.items():
        items_of.setdefault(construct, []).append(item)
    core = [n for n in nodes["name"].astype(str) if n not in owner]
    paths = edges[edges["kind"] == "path"]
    arcs = [(str(s), str(t)) for s, t in zip(paths["source"], paths["target"]) if s in core and t in core and s != t]
    layer = dict.fromkeys(core, 0)
    for _ in range(len(core)):  # longest-path layering (a cycle simply stops growing)
        changed = False
        for s, t in arcs:
            if layer[t] < layer[s] + 1 <= len(core):
                layer[t] = layer[s] + 1
                changed = True
        if not changed:
            break
    n_layers = max(layer.values(), default=0) + 1
    members = [[n for n in core if layer[n] == k] for k in range(n_layers)]
    item_h, gap = 0.42, 0.12
    sizes = {}
    for n in nodes["name"].astype(str):
        if kind[n] == "latent" and n not in owner:
            r2 = nodes.loc[nodes["name"].astype(str) == n].get("r2")
            lines = 2 if r2 is not None and pd.notna(r2.iloc[0]) else 1
            sizes[n] = (max(0.68, _text_width(str(i18n.label(n)), 10) / 2 / 0.82 + 0.2), 0.3 + 0.13 * lines)
        else:
            sizes[n] = (max(0.3, _text_width(str(i18n.label(n)), 8.5) / 2 + 0.12), item_h / 2 - 0.03)
    stack = {c: len(items_of.get(c, [])) * item_h for c in core}
    # vertical order within a layer: by the mean height of the predecessors (one sweep)
    y = {}
    single = 0
    pos = {}
    for k, group in enumerate(members):
        if k:
            group.sort(key=lambda n: np.mean([y[s] for s, t in arcs if t == n and s in y] or [0.0]), reverse=True)
        if len(group) == 1 and k:
            single += 1
            y[group[0]] = 1.6 if single % 2 else -1.6
        else:
            heights = [max(stack[n] if k in (0, n_layers - 1) else 0.0, 2 * sizes[n][1]) + 0.9 for n in group]
            top = sum(heights) / 2
            for n, h in zip(group, heights):
                y[n] = top - h / 2
                top -= h
    # horizontal spacing: room for rows of items above or below middle constructs
    row_w = {c: sum(2 * sizes[i][0] + gap for i in items_of.get(c, [])) for c in core}
    middle = [m for k, m in enumerate(members) if 0 < k < n_layers - 1]
    widest = max((row_w[c] for group in middle for c in group), default=0.0)
    step = max(2.7, 0.5 * widest + 1.0, *(2 * sizes[c][0] + 1.3 for c in core))
    first_w = max((2 * sizes[i][0] for c in members[0] for i in items_of.get(c, [])), default=0.0)
    for k, group in enumerate(members):
        for j, n in enumerate(group):
            x = first_w + 1.8 + k * step if items_of.get(n) or first_w else k * step
            if k == 0:
                side = "left"
            elif k == n_layers - 1:
                side = "right"
            elif len(group) == 1:
                side = "top" if y[n] > 0 else "bottom"
            else:
                side = "top" if j == 0 else ("bottom" if j == len(group) - 1 else "left")
            pos[n] = (x, y[n], *sizes[n], side)
    for c in core:
        x, yc, a, b, side = pos[c]
        its = items_of.get(c, [])
        if not its:
            continue
        if side in ("left", "right"):
            dx = -(a + 1.5) if side == "left" else a + 1.5
            top = yc + (len(its) - 1) * item_h / 2
            for i, it in enumerate(its):
                pos[it] = (x + dx, top - i * item_h, *sizes[it], side)
        else:
            total = row_w[c] - gap
            left = x - total / 2
            dy = b + 0.95 if side == "top" else -(b + 0.95)
            for it in its:
                w = 2 * sizes[it][0]
                pos[it] = (left + w / 2, yc + dy, *sizes[it], side)
                left += w + gap
    return pos, step


def _boundary(p, toward):
    """Point where the line from node ``p``'s centre toward ``toward`` leaves its outline."""
    x, y, a, b, _, shape = p
    dx, dy = toward[0] - x, toward[1] - y
    if dx == 0 and dy == 0:
        return x, y
    if shape == "ellipse":
        t = 1 / np.sqrt((dx / a) ** 2 + (dy / b) ** 2)
    else:
        t = min(a / abs(dx) if dx else np.inf, b / abs(dy) if dy else np.inf)
    return x + t * dx, y + t * dy


def _draw_diagram(nodes, edges, *, digits, title, ax):
    from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch

    layout, step = _layout(nodes, edges)
    kind = dict(zip(nodes["name"].astype(str), nodes["kind"]))
    r2 = dict(zip(nodes["name"].astype(str), nodes["r2"])) if "r2" in nodes else {}
    owned = set()
    for row in edges[edges["kind"].isin(("loading", "weight"))].itertuples():
        owned.add(str(row.target if row.kind == "loading" else row.source))
    shape = {n: ("ellipse" if kind[n] == "latent" and n not in owned else "box") for n in layout}
    geo = {n: (*layout[n][:4], layout[n][4], shape[n]) for n in layout}
    xs = [g[0] - g[2] for g in geo.values()] + [g[0] + g[2] for g in geo.values()]
    ys = [g[1] - g[3] for g in geo.values()] + [g[1] + g[3] for g in geo.values()]
    x0, x1, y0, y1 = min(xs) - 0.35, max(xs) + 0.35, min(ys) - 0.35, max(ys) + 0.35
    own_figure = ax is None
    if own_figure:
        width, height = (x1 - x0) * _UNIT, (y1 - y0) * _UNIT + (0.35 if title else 0)
        scale = min(1.0, 14.0 / width)
        ax = get_ax(None, figsize=(width * scale, height * scale))
    elif not isinstance(ax, matplotlib.axes.Axes):
        raise SurveyTypeError(f"ax: must be a matplotlib Axes (or None for a new figure); got {type(ax).__name__}")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    # font sizes follow the inches per data unit of the Axes actually drawn on
    fig_w, fig_h = ax.figure.get_size_inches()
    box = ax.get_position()
    per_unit = min(box.width * fig_w / (x1 - x0), box.height * fig_h / (y1 - y0))
    f = per_unit / _UNIT
    for n, (x, y, a, b, side, shp) in geo.items():
        if shp == "ellipse":
            patch = Ellipse((x, y), 2 * a, 2 * b, facecolor=_LATENT_FILL, edgecolor=_INK, linewidth=1.3, zorder=3)
            name = str(i18n.label(n))
            label = name if not np.isfinite(r2.get(n, np.nan)) else f"{name}\nR² = {r2[n]:.{digits}f}"
            ax.text(x, y, label, ha="center", va="center", fontsize=10 * f, color=_INK, zorder=4,
                    linespacing=1.15, fontweight="bold" if "\n" not in label else "normal")
        else:
            patch = FancyBboxPatch((x - a, y - b), 2 * a, 2 * b, boxstyle="square,pad=0", facecolor=_ITEM_FILL,
                                   edgecolor=_INK, linewidth=1.0, zorder=3)
            ax.text(x, y, str(i18n.label(n)), ha="center", va="center", fontsize=8.5 * f, color=_INK, zorder=4)
        patch.set_gid(f"node:{n}")
        ax.add_patch(patch)
    skips: dict[str, int] = {}
    ordered = edges.assign(_span=[abs(geo[str(t)][0] - geo[str(s)][0]) for s, t in zip(edges["source"], edges["target"])])
    for row in ordered.sort_values("_span", kind="stable").to_dict("records"):
        s, t = str(row["source"]), str(row["target"])
        ps, pt = geo[s], geo[t]
        label = _fmt(row["est"], digits)
        if row["kind"] == "covariance":
            start, end = _side_point(ps, pt), _side_point(pt, ps)
            if ps[5] == "box" or pt[5] == "box":  # bulge away from the constructs
                nx, ny = np.add(_OUTWARD[ps[4]], _OUTWARD[pt[4]])
                turn = (end[1] - start[1]) * nx - (end[0] - start[0]) * ny
                rad = 0.45 if turn >= 0 else -0.45
            else:
                rad = -0.35 if (ps[4] != "left") == (start[1] > end[1]) else 0.35
            arrow = FancyArrowPatch(start, end, arrowstyle="<|-|>", mutation_scale=9 * f, color=_INK, linewidth=0.9,
                                    linestyle=(0, (1.5, 1.5)), connectionstyle=f"arc3,rad={rad}", zorder=2)
            mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
            lx, ly = mx + 0.5 * rad * (end[1] - start[1]), my - 0.5 * rad * (end[0] - start[0])
            where = (lx, ly)
        else:
            start, end = _boundary(ps, pt[:2]), _boundary(pt, ps[:2])
            structural = row["kind"] == "path"
            dashed = structural and not _is_significant(row)
            arrow = FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=(13 if structural else 10) * f,
                                    color=_INK, linewidth=(1.7 if structural else 0.9) * min(f, 1.5) ** 0.5,
                                    linestyle="--" if dashed else "-", shrinkA=0, shrinkB=1, zorder=2)
            # labels of long paths sit near their source, clear of the crossings in the middle
            # (each long path of one source in its own gap between layers)
            span = abs(pt[0] - ps[0]) / step if structural else 0.0
            if span >= 1.5:
                skips[s] = skips.get(s, 0) + 1
                frac = min(skips[s] - 0.5, span - 1.5) / span + 0.5 / span
            else:
                frac = 0.5 if structural else 0.55
            where = (start[0] + frac * (end[0] - start[0]), start[1] + frac * (end[1] - start[1]))
        arrow.set_gid(f"edge:{s}->{t}")
        ax.add_patch(arrow)
        if label:
            ax.text(*where, label, ha="center", va="center", fontsize=(9 if row["kind"] == "path" else 7.5) * f,
                    color=_INK, zorder=5, fontweight="bold" if row["kind"] == "path" else "normal",
                    bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.9))
    if title:
        ax.set_title(title)
    return ax


_OUTWARD = {"left": (-1.0, 0.0), "right": (1.0, 0.0), "top": (0.0, 1.0), "bottom": (0.0, -1.0)}


def _side_point(p, other):
    """Where a correlation arc leaves node ``p``: an item on its outer side (away from its
    construct), a construct at its top or bottom facing the other node."""
    x, y, a, b, side, shape = p
    if shape == "box":
        nx, ny = _OUTWARD[side]
        return (x + nx * a, y + ny * b)
    if side in ("left", "right"):
        return (x + a * (1 if side == "left" else -1) * 0.3, y + (b if other[1] > y else -b))
    return (x + (a if other[0] > x else -a), y)


def path_diagram(nodes: pd.DataFrame, edges: pd.DataFrame, *, engine: str = "auto", digits: int = 2,
                 title: str = "", path=None, ax=None):
    """Draw a path diagram (SEM, PLS) from plain tables of nodes and edges.

    Constructs are ellipses (with their R² when given), items boxes; arrows carry the
    (standardized) estimates: thin from a construct to its items (loadings), bold between
    constructs (paths; dashed when not significant), dotted and double-headed for
    correlations. Constructs are layered left to right by the longest chain of paths
    leading to them, their items on the outer side.

    Parameters
    ----------
    nodes : DataFrame
        One row per node: ``name``, ``kind`` (``"latent"`` or ``"observed"``) and
        optionally ``r2``.
    edges : DataFrame
        One row per arrow: ``source``, ``target``, ``kind`` (``"loading"`` construct ->
        item, ``"weight"`` item -> construct, ``"path"``, ``"covariance"``), ``est`` and
        optionally ``significant`` (bool; False draws a dashed path).
    engine : {"auto", "dot", "matplotlib"}
        ``"dot"`` lays the diagram out with graphviz's ``dot`` program; ``"matplotlib"``
        draws it here; ``"auto"`` uses ``dot`` when it is installed (but not for Chinese
        labels when graphviz finds no Chinese font: matplotlib draws them with the
        bundled one).
    digits : int
        Decimals of the numbers written on the diagram.
    title : str
        Axes title.
    path : str or Path, optional
        Also write the diagram to this file (format from its suffix: ``.png``, ``.svg``,
        ``.pdf``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure sized to the diagram when None.

    Returns
    -------
    matplotlib.axes.Axes
        Every node is a patch whose ``gid`` is ``"node:<name>"`` (matplotlib engine).
        Node names are written in the language in force (:func:`sxm.i18n.label`): the
        constructs of the bundled models in Chinese in the Chinese edition, any other name
        as it is.

    See Also
    --------
    path_dot : the DOT text used by the ``dot`` engine.
    sxm.sem.SEMResult.diagram, sxm.pls.PLSResult.diagram : diagrams of fitted models.

    Examples
    --------
    >>> nodes = pd.DataFrame({"name": ["quality", "q1", "q2", "loyalty", "l1", "l2"],
    ...                       "kind": ["latent", "observed", "observed"] * 2,
    ...                       "r2": [np.nan, 0.5, 0.6, 0.3, 0.7, 0.5]})
    >>> edges = pd.DataFrame({"source": ["quality", "quality", "loyalty", "loyalty", "quality"],
    ...                       "target": ["q1", "q2", "l1", "l2", "loyalty"],
    ...                       "kind": ["loading"] * 4 + ["path"], "est": [0.7, 0.8, 0.84, 0.7, 0.55]})
    >>> ax = path_diagram(nodes, edges, engine="matplotlib")
    >>> sorted(p.get_gid() for p in ax.patches if p.get_gid().startswith("node:"))[:2]
    ['node:l1', 'node:l2']
    """
    _check_diagram_tables(nodes, edges)
    check_choice("engine", engine, _ENGINES)
    if isinstance(digits, bool) or not isinstance(digits, (int, np.integer)) or not 0 <= digits <= 6:
        raise SurveyError(f"digits: must be a whole number of decimals from 0 to 6; got {digits!r}")
    dot = shutil.which("dot") if engine != "matplotlib" else None
    if engine == "auto" and dot is not None and not _dot_draws_cjk() and any(
            i18n.has_cjk(i18n.label(str(n))) for n in nodes["name"]):
        dot = None  # graphviz finds no CJK font on this machine: draw with matplotlib's bundled one
    if engine == "dot" and dot is None:
        raise SurveyError("engine: 'dot' needs graphviz's dot program on the PATH (Debian: apt-get install graphviz; "
                          "conda: graphviz); got none; use engine='auto' to draw with matplotlib instead")
    if dot is None:
        ax = _draw_diagram(nodes, edges, digits=digits, title=title, ax=ax)
        if path is not None:
            ax.figure.savefig(path, bbox_inches="tight")
        return ax
    text = path_dot(nodes, edges, digits=digits).encode()
    png = subprocess.run([dot, "-Tpng", "-Gdpi=110"], input=text, capture_output=True, check=True).stdout
    if path is not None:
        fmt = str(path).rsplit(".", 1)[-1].lower()
        Path(path).write_bytes(subprocess.run([dot, f"-T{fmt}"], input=text, capture_output=True, check=True).stdout)
    img = plt.imread(io.BytesIO(png), format="png")
    ax = get_ax(ax, figsize=(img.shape[1] / 110, img.shape[0] / 110))
    ax.imshow(img)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
