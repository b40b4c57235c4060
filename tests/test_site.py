"""The executed suite and its static site (``make run``, ``make site``, ``make student``).

* every executed notebook (``build/``, ``build/zh/``) and every stored one
  (``notebooks/``) is free of progress-bar litter and stray stderr outputs;
* ``build/site`` (built by ``make site`` from the executed notebooks) has a page per chapter
  and edition, local math, folded solutions, a link to each source notebook, and no
  reference to an outside host;
* the Chinese edition is built in automatically when ``notebooks/zh`` exists (checked on a
  tiny fake edition, whether or not the real one is there);
* ``make student`` writes notebooks without solution cells.

The pages are opened in a real browser by tests/test_browser.py.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
SITE = BUILD / "site"
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT / "site"))

import build as site_build  # noqa: E402  (site/build.py)

_CHAPTER = re.compile(r"^\d+[a-z]?_[a-z0-9_]+\.ipynb$")
#: warnings sxm itself gives about the data (e.g. chapter 3 shows what listwise deletion drops)
_CONTENT = re.compile(r"UserWarning: sxm\.")
_PROGRESS = re.compile(r"\r|\d+%\|| \d+/\d+ \[|it/s|resample/s")


def _chapters(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.ipynb") if _CHAPTER.match(p.name))


def _editions() -> dict[str, Path]:
    out = {"en": NOTEBOOKS}
    if _chapters(NOTEBOOKS / "zh"):
        out["zh"] = NOTEBOOKS / "zh"
    return out


def _executed() -> list[Path]:
    return _chapters(BUILD) + _chapters(BUILD / "zh")


def _stored() -> list[Path]:
    return _chapters(NOTEBOOKS) + _chapters(NOTEBOOKS / "zh")


# --------------------------------------------------------------------------------------
# no progress litter in executed notebooks
# --------------------------------------------------------------------------------------
def _stray_outputs(path: Path) -> list[str]:
    """stderr outputs and widget displays (progress bars) of an executed notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            text = "".join(out.get("text", ""))
            data = out.get("data", {})
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                if _CONTENT.search(text) and not _PROGRESS.search(text):
                    continue  # the suite's own warning about the reader's data is content, not litter
                kind = "progress bar" if _PROGRESS.search(text) else ("empty stderr" if not text.strip() else "stderr")
                found.append(f"cell {i}: {kind}: {text.strip()[:120]!r}")
            elif "application/vnd.jupyter.widget-view+json" in data:
                found.append(f"cell {i}: widget output: {''.join(data.get('text/plain', ''))[:80]!r}")
            elif _PROGRESS.search("".join(data.get("text/plain", ""))) and "%|" in "".join(data.get("text/plain", "")):
                found.append(f"cell {i}: progress text: {''.join(data['text/plain'])[:80]!r}")
    return found


# stderr that is not progress but a known problem of someone else's code: the notebook is
# marked xfail(strict) with the reason, so the mark must go once the problem is fixed
_KNOWN_STDERR: dict[str, str] = {}


def _known_reasons(path: Path) -> list[str] | None:
    """The known problems behind a notebook's stray outputs; None if any is unexplained."""
    reasons = set()
    for found in _stray_outputs(path):
        hits = [why for pattern, why in _KNOWN_STDERR.items() if re.search(pattern, found)]
        if not hits or ": stderr: " not in found:
            return None
        reasons.update(hits)
    return sorted(reasons)


def _executed_params():
    params = []
    for p in _executed():
        reasons = _known_reasons(p)
        marks = [pytest.mark.xfail(reason="; ".join(reasons), strict=True)] if reasons else []
        params.append(pytest.param(p, id=str(p.relative_to(BUILD)), marks=marks))
    return params or [pytest.param(None, id="no-executed-notebooks")]


@pytest.mark.parametrize("path", _executed_params())
def test_executed_notebooks_have_no_stray_stderr(path):
    """`make run` (sxm run, papermill underneath) stores no progress bar, no empty stderr box
    and no other stderr output."""
    if path is None:
        pytest.skip("build/ has no executed notebooks: run `make run` (make test does it first)")
    found = _stray_outputs(path)
    assert not found, f"{path.name}: " + "; ".join(found)


@pytest.mark.parametrize("path", _stored(), ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_stored_notebooks_have_no_stray_stderr(path):
    found = _stray_outputs(path)
    assert not found, f"{path.name}: " + "; ".join(found)


def test_papermill_run_of_a_bootstrap_stores_no_progress(tmp_path):
    """papermill directly (not through sxm run): sxm.nb.setup switches bars off because the
    kernel is not interactive, so a bootstrap with progress=True leaves nothing behind."""
    import nbformat
    import papermill

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import sxm\nrng = sxm.nb.setup(seed=1)"),
        nbformat.v4.new_code_cell(
            "import numpy as np\nfrom tqdm.auto import tqdm\n"
            "draws = sxm.resample.bootstrap(lambda s: [s.mean()], np.arange(50.0), n_boot=100, seed=1, n_jobs=1,"
            " progress=True)\nfor _ in tqdm(range(3)):\n    pass\nprint(draws.shape, sxm.nb.interactive())"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    src, out = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, src)
    papermill.execute_notebook(str(src), str(out), kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
    assert not _stray_outputs(out)
    text = "".join(json.loads(out.read_text())["cells"][1]["outputs"][0]["text"])
    assert text.strip() == "(100, 1) False"


# --------------------------------------------------------------------------------------
# the site
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site():
    if not (SITE / "index.html").exists():
        pytest.skip("build/site is missing: run `make site` (make test does it first)")
    return SITE


def _html(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_a_page_per_chapter_and_edition(site):
    index = _html(site / "index.html")
    for lang, folder in _editions().items():
        for nb in _chapters(folder):
            page = site / lang / f"{nb.stem}.html"
            assert page.exists(), f"no page for {lang}/{nb.name}"
            assert f'{lang}/{nb.stem}.html' in index, f"the chapter index does not link {lang}/{nb.stem}"
    assert (site / "search.html").exists() and (site / "searchindex.js").exists()


_OUTSIDE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//(?!127\.0\.0\.1|localhost)""", re.I)


def test_no_reference_to_an_outside_host(site):
    """No page, script or style sheet loads anything from another host (links to text are
    fine; the browser test also watches the requests)."""
    bad = []
    for path in site.rglob("*.html"):
        text = _html(path)
        for m in re.finditer(r"<(script|link|img|iframe)\b[^>]*>", text, re.I):
            if _OUTSIDE.search(m.group(0)) and "rel=\"canonical\"" not in m.group(0):
                bad.append(f"{path.relative_to(site)}: {m.group(0)[:120]}")
    for path in list(site.rglob("*.css")):
        for m in re.finditer(r"url\(\s*['\"]?(https?:)?//", path.read_text(encoding="utf-8", errors="replace")):
            bad.append(f"{path.relative_to(site)}: {m.group(0)}")
    assert not bad, "\n".join(bad[:20])


def test_math_is_rendered_by_a_local_mathjax(site):
    pages = [p for p in sorted((site / "en").glob("*.html")) if 'class="math notranslate' in _html(p)]
    assert pages, "no chapter page has math"
    page = _html(pages[0])
    script = re.search(r'<script[^>]+src="([^"]*_static/mathjax/[^"]*\.js[^"]*)"', page)
    assert script, "no MathJax script on a page with math"
    assert not script.group(1).startswith(("http:", "https:", "//"))
    target = (pages[0].parent / script.group(1).split("?")[0]).resolve()
    assert target.exists(), f"MathJax is not in the site: {target}"
    assert "\\(" in page or "\\[" in page, "math is not marked up for MathJax"
    assert "$$" not in re.sub(r"<[^>]+>", "", page.split("<body", 1)[1]).replace("\\$", "")


def test_solutions_folded_figures_tables_and_source_link(site):
    for nb in _chapters(NOTEBOOKS):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        solutions = sum("solution" in c["metadata"].get("tags", []) for c in cells)
        page = _html(site / "en" / f"{nb.stem}.html")
        folded = len(re.findall(r"<details[^>]*class=\"[^\"]*hide[^\"]*\"", page))
        assert folded == solutions, f"{nb.name}: {folded} folded cells for {solutions} solutions"
        assert "<details" in page and " open" not in re.findall(r"<details[^>]*>", page)[0]
        assert "Show the solution" in page
        assert re.search(rf'href="[^"]*_downloads/[^"]+/{re.escape(nb.name)}"', page), f"{nb.name}: no source link"
        assert "<img" in page, f"{nb.name}: no figure"
        assert "<table" in page, f"{nb.name}: no table"


# --------------------------------------------------------------------------------------
# a Chinese edition is built in when notebooks/zh exists
# --------------------------------------------------------------------------------------
def _tiny_notebook(title: str, body: str, solution: str) -> dict:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\n{body} $\\frac{{a}}{{b}}$"),
        nbformat.v4.new_code_cell("1 + 1", execution_count=1,
                                  outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]),
        nbformat.v4.new_code_cell(solution, execution_count=2, metadata={"tags": ["solution"]}),
    ]
    return nb


@pytest.mark.slow
def test_zh_edition_is_built_with_language_links(tmp_path):
    import nbformat

    notebooks, executed = tmp_path / "notebooks", tmp_path / "build"
    for folder in (notebooks / "zh", executed / "zh"):
        folder.mkdir(parents=True)
    for base, run in ((notebooks, executed), (notebooks / "zh", executed / "zh")):
        zh = base.name == "zh"
        nb = _tiny_notebook("第 1 章 — 服务体验" if zh else "Chapter 1 — Service experience",
                            "期望与感知。" if zh else "Expectations and perceptions.", "x = 3")
        for folder in (base, run):
            nbformat.write(nb, folder / "01_experience_foundations.ipynb")
    index = site_build.build(executed, tmp_path / "site", notebooks)
    site = index.parent
    home = _html(index)
    assert "en/01_experience_foundations.html" in home and "zh/01_experience_foundations.html" in home
    assert "中文" in home and "English" in home
    en = _html(site / "en" / "01_experience_foundations.html")
    zh = _html(site / "zh" / "01_experience_foundations.html")
    assert 'href="../zh/01_experience_foundations.html"' in en
    assert 'href="../en/01_experience_foundations.html"' in zh
    assert "服务体验" in zh and "显示答案" in zh


@pytest.mark.slow
def test_site_without_zh_has_no_chinese_part(tmp_path):
    import nbformat

    notebooks, executed = tmp_path / "notebooks", tmp_path / "build"
    notebooks.mkdir()
    executed.mkdir()
    nb = _tiny_notebook("Chapter 1 — Service experience", "Text.", "x = 3")
    for folder in (notebooks, executed):
        nbformat.write(nb, folder / "01_experience_foundations.ipynb")
    index = site_build.build(executed, tmp_path / "site", notebooks)
    assert not (index.parent / "zh").exists()
    assert "中文" not in _html(index)


def test_site_refuses_to_build_without_executed_notebooks(tmp_path):
    import nbformat

    (tmp_path / "notebooks").mkdir()
    nbformat.write(_tiny_notebook("Chapter 1", "x", "y"), tmp_path / "notebooks" / "01_a.ipynb")
    with pytest.raises(SystemExit, match="make run"):
        site_build.prepare(tmp_path / "build", tmp_path / "notebooks", tmp_path / "src")


# --------------------------------------------------------------------------------------
# the student edition
# --------------------------------------------------------------------------------------
def test_student_edition_has_no_solutions(tmp_path):
    out = tmp_path / "student"
    subprocess.run([sys.executable, str(ROOT / "site" / "student.py"), "--out", str(out)], check=True,
                   capture_output=True)
    for lang, folder in _editions().items():
        target = out if lang == "en" else out / lang
        for nb in _chapters(folder):
            cells = json.loads((target / nb.name).read_text(encoding="utf-8"))["cells"]
            original = json.loads(nb.read_text(encoding="utf-8"))["cells"]
            assert not [c for c in cells if "solution" in c["metadata"].get("tags", [])]
            answers = [c for c in cells if "answer" in c["metadata"].get("tags", [])]
            assert len(answers) == sum("solution" in c["metadata"].get("tags", []) for c in original)
            assert all(not c["outputs"] for c in answers)
            kept = [c for c in original if "solution" not in c["metadata"].get("tags", [])]
            assert [c["id"] for c in cells if c not in answers] == [c["id"] for c in kept]
            if lang == "en":
                assert "Exercises" in "".join("".join(c["source"]) for c in cells)
