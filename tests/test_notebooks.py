"""Every chapter notebook has the suite's shape and carries the outputs nbval compares.

nbval passes a notebook whose cells have no stored outputs, so this file checks what it
cannot: outputs present and in order, the parameters cell, the lecture structure.
"""
import ast
import json
import re

import pytest

from sxm import runner

CHAPTERS = sorted(runner.NOTEBOOKS.glob("[0-9]*.ipynb"))


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_is_a_notebook_per_chapter():
    numbers = {p.name.split("_")[0] for p in CHAPTERS}
    assert {"01", "02", "03", "03b", "04", "05", "06"} <= numbers


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_file_name_and_metadata(path):
    assert re.fullmatch(r"\d{2}[a-z]?_[a-z0-9_]+\.ipynb", path.name)
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "papermill" not in nb["metadata"]
    ids = [c.get("id") for c in nb["cells"]]
    assert all(ids) and len(set(ids)) == len(ids)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_code_cell_was_executed_in_order_and_has_stored_outputs(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    counts = [c.get("execution_count") for c in code]
    assert all(isinstance(n, int) for n in counts), f"{path.name}: unexecuted cells (run `make notebooks`)"
    assert counts == sorted(counts) and len(set(counts)) == len(counts)
    with_output = sum(bool(c.get("outputs")) for c in code)
    assert with_output >= len(code) // 2, f"{path.name}: only {with_output} of {len(code)} code cells have outputs"
    figures = sum("image/png" in o.get("data", {}) for c in code for o in c.get("outputs", []))
    assert figures >= 1, f"{path.name}: no stored figure"
    for c in code:
        for o in c.get("outputs", []):
            assert o.get("output_type") != "error", f"{path.name}: a stored error output"
            assert not (o.get("output_type") == "stream" and o.get("name") == "stderr"), f"{path.name}: stderr stored"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_lecture_shape(path):
    cells = _cells(path)
    markdown = "\n".join(_text(c) for c in cells if c["cell_type"] == "markdown")
    assert _text(cells[0]).startswith("# "), "the first cell is the title"
    for heading in ("Learning goals", "Prerequisites", "Exercises", "Check your understanding"):
        assert heading in markdown, f"{path.name}: no '{heading}' section"
    tagged = [c for c in cells if "solution" in c.get("metadata", {}).get("tags", [])]
    assert tagged, f"{path.name}: exercises need solution cells tagged 'solution'"
    setup = [c for c in cells if c["cell_type"] == "code" and "sxm.nb.setup(" in _text(c)]
    assert setup, f"{path.name}: no sxm.nb.setup(seed=SEED) cell"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_parameters_cell_literals_with_help(path):
    cells = [c for c in _cells(path) if c["cell_type"] == "code"]
    params = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1, f"{path.name}: exactly one cell tagged 'parameters'"
    assert cells.index(params[0]) == 0, f"{path.name}: the parameters cell is the first code cell"
    chapter = runner.load_chapter(path)
    assert {"DATA", "SEED"} <= set(chapter.parameters)
    for p in chapter.parameters.values():
        assert p.help, f"{path.name}: parameter {p.name} has no '# help' comment"
        assert p.name.isupper()
    ast.parse(_text(params[0]))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_papermill_sees_the_parameters(path):
    """papermill's own parser (behind `papermill --help-notebook` and its unknown-parameter
    warning) must find every parameter; it cannot read a line whose *value* holds '=' (lavaan
    syntax such as "f =~ x1"), so those are the only ones allowed to be missing. A help comment
    with '=' or '{}' makes it skip a line: write such help in words."""
    import papermill

    seen = set(papermill.inspect_notebook(str(path)))
    chapter = runner.load_chapter(path)
    expected = {n for n, p in chapter.parameters.items() if not (isinstance(p.default, str) and "=" in p.default)}
    assert expected <= seen, f"papermill cannot read: {sorted(expected - seen)}"
