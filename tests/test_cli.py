"""Tests of the sxm command and the papermill runner, on small notebooks made here."""
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from sxm import cli, runner


def _notebook(path: Path, body: str, params: str | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    params = params or 'DATA = "demo"  # bundled data set or path\nSEED = 2026  # random seed\nALPHA = 0.05  # significance level\nVERBOSE = False  # print more'
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# A toy chapter\n\nSummary."), cell, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def folder(tmp_path):
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    _notebook(nbs / "01_toy.ipynb", "print(DATA, SEED, ALPHA, VERBOSE)")
    _notebook(nbs / "02_broken.ipynb", "x = 1\nraise ValueError(f'bad seed {SEED}')")
    return nbs


def test_parameters_read_with_defaults_types_and_help(folder):
    chapter = runner.find(["1"], folder)[0]
    assert chapter.number == "01" and chapter.title == "A toy chapter"
    p = chapter.parameters
    assert list(p) == ["DATA", "SEED", "ALPHA", "VERBOSE"]
    assert (p["SEED"].default, p["SEED"].help, p["SEED"].type_name) == (2026, "random seed", "int")
    assert p["VERBOSE"].default is False


@pytest.mark.parametrize("name", ["1", "01", "01_toy", "01_toy.ipynb"])
def test_chapter_names(folder, name):
    assert runner.find([name], folder)[0].path.name == "01_toy.ipynb"


def test_unknown_chapter_lists_the_valid_ones(folder):
    with pytest.raises(runner.RunError, match=r"unknown chapter '9'; the chapters are: 01 \(01_toy\), 02 \(02_broken\)"):
        runner.find(["9"], folder)


@pytest.mark.parametrize(
    "values, match",
    [
        ({"NOPE": "1"}, r"unknown parameter 'NOPE'; valid parameters are: DATA, SEED, ALPHA, VERBOSE"),
        ({"SEED": "abc"}, r"parameter SEED: expects int"),
        ({"SEED": "1.5"}, r"parameter SEED: expects int"),
        ({"VERBOSE": "maybe"}, r"parameter VERBOSE: expects True or False"),
    ],
)
def test_bad_parameters_refused_before_running(folder, values, match):
    chapter = runner.find(["01"], folder)[0]
    with pytest.raises(runner.RunError, match=match):
        runner.check_parameters(chapter, values)


def test_coercion_from_command_line_strings(folder, tmp_path):
    chapter = runner.find(["01"], folder)[0]
    user_file = tmp_path / "mine.csv"
    user_file.write_text("a\n1\n")
    out = runner.check_parameters(chapter, {"SEED": "7", "ALPHA": "0.1", "VERBOSE": "true", "DATA": str(user_file)})
    assert out == {"SEED": 7, "ALPHA": 0.1, "VERBOSE": True, "DATA": str(user_file.resolve())}
    assert runner.check_parameters(chapter, {"ALPHA": "1"}) == {"ALPHA": 1.0}


def test_run_one_chapter_with_parameters_into_out(folder, tmp_path):
    out = tmp_path / "out"
    outcome = runner.execute(runner.find(["01"], folder)[0], {"SEED": "7"}, out_dir=out)
    assert outcome.status == "ok"
    nb = nbformat.read(out / "01_toy.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "demo 7 0.05 False" in printed
    # the source notebook is untouched
    assert all(not c.get("outputs") for c in nbformat.read(folder / "01_toy.ipynb", as_version=4).cells if c.cell_type == "code")


def test_failing_cell_is_reported_and_partial_notebook_kept(folder, tmp_path):
    outcome = runner.execute(runner.find(["02"], folder)[0], out_dir=tmp_path / "out")
    assert outcome.status == "failed"
    assert outcome.message.startswith("02_broken.ipynb: cell")
    assert "ValueError: bad seed 2026" in outcome.message
    assert (tmp_path / "out" / "02_broken.ipynb").exists()


def test_inplace_normalizes_and_is_stable(folder):
    chapter = runner.find(["01"], folder)[0]
    with pytest.raises(runner.RunError, match="default parameters"):
        runner.execute(chapter, {"SEED": "1"}, inplace=True)
    runner.execute(chapter, inplace=True)
    first = chapter.path.read_text()
    runner.execute(chapter, inplace=True)
    assert chapter.path.read_text() == first  # nothing volatile is stored
    nb = json.loads(first)
    assert nb["metadata"]["kernelspec"]["name"] == "python3" and "papermill" not in nb["metadata"]
    assert all(c.get("id") for c in nb["cells"])
    assert all("execution" not in c["metadata"] for c in nb["cells"])


def test_out_must_not_be_the_notebooks_folder(folder):
    with pytest.raises(runner.RunError, match="use --inplace"):
        runner.execute(runner.find(["01"], folder)[0], out_dir=folder)


def test_cli_run_list_and_errors(folder, tmp_path, capsys):
    nb = str(folder / "01_toy.ipynb")
    assert cli.main(["run", nb, "-p", "SEED", "7", "--out", str(tmp_path / "o"), "-q"]) == 0
    assert "01_toy.ipynb  ok" in capsys.readouterr().out
    assert cli.main(["run", nb, "-p", "NOPE", "1", "--out", str(tmp_path / "o")]) == 2
    assert "valid parameters are: DATA, SEED, ALPHA, VERBOSE" in capsys.readouterr().err
    assert cli.main(["run", str(folder / "02_broken.ipynb"), "--out", str(tmp_path / "o"), "-q"]) == 1
    err = capsys.readouterr().err
    assert "02_broken.ipynb: cell" in err and "partially executed notebook is kept" in err


def test_cli_params_file(folder, tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text("SEED: 11\nALPHA: 0.01\n")
    assert cli.main(["run", str(folder / "01_toy.ipynb"), "-f", str(params), "--out", str(tmp_path / "o"), "-q"]) == 0
    nb = nbformat.read(tmp_path / "o" / "01_toy.ipynb", as_version=4)
    assert "demo 11 0.01 False" in "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_console_script_lists_the_real_chapters():
    """`sxm list` on the repository's own notebooks names every chapter and its parameters."""
    result = subprocess.run([sys.executable, "-m", "sxm.cli", "list"], capture_output=True, text=True, check=True)
    for chapter in runner.chapters():
        assert chapter.path.name in result.stdout
        for name in chapter.parameters:
            assert name in result.stdout
