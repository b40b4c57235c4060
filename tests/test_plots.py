"""The suite's figures, looked at as pictures: the path diagram of chapters 3 and 3b.

nbval compares text only and a blank picture passes it (issue 16: chapter 3's diagram was
white on white on machines without graphviz). These tests render the figure and check its
pixels: every node's box holds ink (outline and name), every arrow is drawn, with and
without graphviz's ``dot`` (its absence is simulated).
"""
from __future__ import annotations

import json
import shutil

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import sxm
from sxm import plots
from sxm.runner import NOTEBOOKS


def _parameters(stem: str) -> dict:
    path = next(NOTEBOOKS.glob(f"{stem}_*.ipynb"))
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if "parameters" in cell["metadata"].get("tags", []):
            ns: dict = {}
            exec("".join(cell["source"]), ns)  # literals only (tests/test_notebooks.py)
            return ns
    raise AssertionError(f"{path.name}: no parameters cell")


@pytest.fixture(scope="module")
def ch3():
    p = _parameters("03")
    return sxm.sem.fit(p["MODEL"], sxm.datasets.load(p["DATA"]))


@pytest.fixture(scope="module")
def ecsi():
    p = _parameters("03b")
    return sxm.pls.fit(sxm.datasets.load(p["DATA"]), p["MODEL"])


@pytest.fixture(autouse=True)
def _theme():
    """Draw under the suite's theme, as a notebook does after sxm.nb.setup()."""
    with plt.rc_context():
        plots.set_theme()
        yield
    plt.close("all")


@pytest.fixture
def no_dot(monkeypatch):
    """A machine without graphviz (most student laptops)."""
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "dot" else real(name, *a, **k))


def _pixels(ax):
    fig = ax.figure
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)


def _region(img, bbox):
    h = img.shape[0]
    x0, x1 = int(np.floor(bbox.x0)), int(np.ceil(bbox.x1))
    y0, y1 = h - int(np.ceil(bbox.y1)), h - int(np.floor(bbox.y0))  # display y grows upwards
    return img[max(y0, 0):y1, max(x0, 0):x1]


def _inked(region) -> float:
    """Share of pixels that are not (near) white background."""
    return float((region.min(axis=-1) < 200).mean()) if region.size else 0.0


def _check_picture(ax, nodes: pd.DataFrame, edges: pd.DataFrame):
    img = _pixels(ax)
    renderer = ax.figure.canvas.get_renderer()
    patches = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    for name in nodes["name"]:
        patch = patches.get(f"node:{name}")
        assert patch is not None, f"node {name!r} is not drawn"
        region = _region(img, patch.get_window_extent(renderer))
        assert region.size, f"node {name!r} lies outside the figure"
        ink = _inked(region)
        assert ink > 0.04, f"node {name!r}: its box is blank ({ink:.1%} ink)"
        # the outline is dark, not the theme's white
        assert (region.max(axis=-1) < 90).any(), f"node {name!r}: no dark outline or text"
    for row in edges.itertuples():
        patch = patches.get(f"edge:{row.source}->{row.target}")
        assert patch is not None, f"arrow {row.source} -> {row.target} is not drawn"
        verts = patch.get_path().vertices  # display coordinates once drawn
        mid = patch.get_transform().transform(verts)[len(verts) // 2] if len(verts) else None
        box = patch.get_window_extent(renderer)
        assert box.width + box.height > 5, f"arrow {row.source} -> {row.target} has no length"
        assert _inked(_region(img, box)) > 0.005, f"arrow {row.source} -> {row.target} is invisible"
        assert mid is not None
    # every estimate is written on the picture
    texts = {t.get_text() for t in ax.texts}
    for est in edges["est"]:
        assert f"{est:.2f}" in texts


def test_chapter_3_diagram_without_graphviz_is_a_real_picture(ch3, no_dot):
    ax = ch3.diagram()
    assert not ax.images, "without dot the diagram must be drawn, not an image from dot"
    nodes, edges = ch3.diagram_tables()
    assert {"quality", "experience", "satisfaction", "loyalty", "sq1", "loy3"} <= set(nodes["name"])
    _check_picture(ax, nodes, edges)
    texts = " ".join(t.get_text() for t in ax.texts)
    for construct in ("satisfaction", "loyalty"):
        assert f"R² = {ch3.r2[construct]:.2f}" in texts
    # structural paths are layered left to right: quality/experience -> satisfaction -> loyalty
    x = {p.get_gid()[5:]: p.get_center()[0] for p in ax.patches if str(p.get_gid()).startswith("node:") and hasattr(p, "get_center")}
    assert x["quality"] < x["satisfaction"] < x["loyalty"]
    # the whole drawing is inside the axes (the old fallback left the y-limits at 0..1)
    y0, y1 = ax.get_ylim()
    for p in ax.patches:
        if str(p.get_gid()).startswith("node:"):
            e = p.get_extents()
            assert e.y0 >= ax.transData.transform((0, y0))[1] - 1
            assert e.y1 <= ax.transData.transform((0, y1))[1] + 1


def test_ecsi_diagram_without_graphviz_is_a_real_picture(ecsi, no_dot):
    ax = ecsi.diagram()
    assert not ax.images
    names = {p.get_gid()[5:] for p in ax.patches if str(p.get_gid()).startswith("node:")}
    assert {"Image", "Expectation", "Quality", "Value", "Satisfaction", "Complaints", "Loyalty"} <= names
    assert set(ecsi.loadings["item"]) <= names
    nodes = pd.DataFrame({"name": sorted(names)})
    edges = pd.concat([
        ecsi.loadings.rename(columns={"construct": "source", "item": "target"}),
        ecsi.paths,
    ])[["source", "target", "est"]]
    _check_picture(ax, nodes, edges)


def test_path_diagram_on_a_given_axes_and_to_file(ch3, no_dot, tmp_path):
    fig, ax = plt.subplots(figsize=(6, 3))
    out = ch3.diagram(tmp_path / "ch3.png", ax=ax)
    assert out is ax
    nodes, edges = ch3.diagram_tables()
    _check_picture(ax, nodes, edges)
    picture = plt.imread(tmp_path / "ch3.png")
    assert (picture[..., :3].min(axis=-1) < 0.5).mean() > 0.01


@pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz's dot is not installed")
def test_diagram_with_graphviz_uses_dot(ch3, tmp_path):
    ax = ch3.diagram(tmp_path / "ch3.svg")
    assert ax.images, "with dot installed the diagram is dot's picture"
    img = ax.images[0].get_array()
    assert (np.asarray(img)[..., :3].min(axis=-1) < 0.5).mean() > 0.01
    assert (tmp_path / "ch3.svg").read_text().lstrip().startswith("<?xml")
    ax2 = ch3.diagram(engine="matplotlib")
    assert not ax2.images


def test_engine_dot_without_dot_says_how_to_install(ch3, no_dot):
    with pytest.raises(sxm.io.SurveyError, match="graphviz"):
        ch3.diagram(engine="dot")


def test_dot_text_has_every_node_and_edge(ch3):
    nodes, edges = ch3.diagram_tables()
    text = plots.path_dot(nodes, edges)
    for name in nodes["name"]:
        assert f'"{name}" [shape=' in text
    assert text.count("->") == len(edges)
    assert '"satisfaction" -> "loyalty" [label=' in text


def test_theme_does_not_paint_outlines_white():
    """The root cause of the blank diagram: seaborn's style forces white patch edges."""
    assert plt.rcParams["patch.force_edgecolor"] is False
    assert plt.rcParams["patch.edgecolor"] not in ("w", "white", "#ffffff")
