"""Tests of sxm.export and sxm.nb.show: tables to Excel and CSV, figures to PNG and SVG.

The end-to-end test runs chapter 01 with ``sxm run 01 --tables out/tables`` and checks the
workbook against the executed notebook: one sheet per table shown, in order, titled as in
the notebook, with the numbers the notebook displays (rounded there, unrounded here).
"""
from __future__ import annotations

import ast
import json
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import sxm
from sxm import export, nb
from sxm.io import SurveyError, SurveyTypeError


@pytest.fixture
def table():
    return pd.DataFrame({"n": [200, 200], "est": [0.5351234567, 0.66549876], "ci_low": [0.46, 0.59]},
                        index=pd.Index(["airline", "cinema"], name="segment"))


def test_workbook_has_a_titled_sheet_per_table_with_unrounded_numbers(table, tmp_path):
    zh = pd.DataFrame({"满意度": [4.123456789, 3.5], "服务": ["柜台", "网点"]})  # default index: not written
    path = export.write_workbook({"CSAT by service": table, "满意度（按服务）": zh}, tmp_path / "t.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["CSAT by service", "满意度（按服务）"]
    sheet = book["CSAT by service"]
    assert sheet["A1"].value == "CSAT by service" and sheet["A1"].font.bold
    assert [c.value for c in sheet[3]] == ["segment", "n", "est", "ci_low"]
    assert sheet["C4"].value == 0.5351234567  # not rounded
    back = pd.read_excel(path, sheet_name="CSAT by service", skiprows=2, index_col=0)
    pd.testing.assert_frame_equal(back, table)
    back = pd.read_excel(path, sheet_name="满意度（按服务）", skiprows=2)
    pd.testing.assert_frame_equal(back, zh, check_dtype=False)


def test_multiindex_columns_and_series(tmp_path):
    wide = pd.DataFrame(np.arange(4.0).reshape(2, 2), columns=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")]))
    path = export.write_workbook({"wide": wide, "series": pd.Series([1.5, 2.5], name="est")}, tmp_path / "w.xlsx")
    assert load_workbook(path).sheetnames == ["wide", "series"]


def test_csv_is_utf8_with_bom_for_excel(tmp_path):
    frame = pd.DataFrame({"维度": ["可靠性", "响应性"], "gap": [-0.123456789, 0.5]})
    path = export.write_csv(frame, tmp_path / "sub" / "gaps.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "可靠性".encode("utf-8") in raw
    pd.testing.assert_frame_equal(pd.read_csv(path, encoding="utf-8-sig"), frame)


def test_sheet_names_follow_excel_rules():
    names = export.sheet_names(["a/b: c?", "x" * 40, "x" * 40, "History", "   ", "Sheet", "sheet"])
    assert names == ["ab c", "x" * 31, "x" * 27 + " (2)", "History (2)", "table", "Sheet", "sheet (2)"]
    assert all(len(n) <= 31 for n in names)


def test_personal_data_is_not_exported_unless_asked(tmp_path):
    people = pd.DataFrame({"mail": ["a@b.cn", "c@d.org"], "name": ["item A", "item B"], "est": [1.0, 2.0]})
    with pytest.warns(UserWarning, match=r"column\(s\) 'mail' identify people and are not exported; pass include_pii"):
        path = export.write_csv(people, tmp_path / "p.csv", title="people")
    assert list(pd.read_csv(path, encoding="utf-8-sig").columns) == ["name", "est"]  # 'name' of a result: kept
    marked = people.copy()
    marked.attrs["pii"] = ["name"]  # what read_survey found in the data
    with pytest.warns(UserWarning):
        path = export.write_workbook({"t": marked}, tmp_path / "p.xlsx")
    assert [c.value for c in load_workbook(path)["t"][3]] == ["est"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = export.write_workbook({"t": marked}, tmp_path / "all.xlsx", include_pii=True)
    assert [c.value for c in load_workbook(path)["t"][3]] == ["mail", "name", "est"]


def test_svg_is_the_same_file_every_time(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [2, 1, 3])
    ax.set_title("Satisfaction")
    first = export.save_figure(fig, tmp_path / "a")
    second = export.save_figure(ax, tmp_path / "b")
    plt.close(fig)
    assert [p.name for p in first] == ["a.png", "a.svg"]
    assert first[1].read_bytes() == second[1].read_bytes()
    image = plt.imread(first[0])
    assert image.std() > 0  # a drawn figure, not a blank canvas


def test_table_export_replaces_a_title_shown_again_and_clears_its_old_files(table, tmp_path):
    (tmp_path / "tables").mkdir()
    stale = tmp_path / "tables" / "07_old_table.csv"
    stale.write_text("x\n1\n")
    mine = tmp_path / "tables" / "notes.txt"
    mine.write_text("the user's own file")
    out = export.TableExport(tmp_path / "tables.xlsx")
    assert not stale.exists() and mine.exists()
    out.table(table, "CSAT by service")
    out.table(table * 2, "NPS by service")
    out.table(table.assign(n=1), "CSAT by service")  # the cell is run again
    assert load_workbook(out.workbook).sheetnames == ["CSAT by service", "NPS by service"]
    assert pd.read_excel(out.workbook, sheet_name="CSAT by service", skiprows=2, index_col=0)["n"].tolist() == [1, 1]
    assert sorted(p.name for p in out.folder.glob("*.csv")) == ["01_CSAT_by_service.csv", "02_NPS_by_service.csv"]
    out.table(table, None)
    assert list(out.tables)[-1] == "Table 3"


def test_show_rounds_for_the_reader_and_records_unrounded(table, tmp_path):
    shown = nb.show(table, "CSAT by service", digits=2)
    assert shown["est"].tolist() == [0.54, 0.67] and table["est"].iloc[0] == 0.5351234567  # not modified
    try:
        nb.setup(seed=1, tables=str(tmp_path / "out" / "tables"))
        nb.show(table, "CSAT by service")
        nb.show(table["est"], "Estimates only")
        book = tmp_path / "out" / "tables.xlsx"
        assert load_workbook(book).sheetnames == ["CSAT by service", "Estimates only"]
        assert pd.read_excel(book, sheet_name=0, skiprows=2, index_col=0)["est"].iloc[0] == 0.5351234567
    finally:
        nb.setup(seed=1)  # export off again
    assert nb._EXPORT is None
    assert nb.show(pd.Series(["a", "b"]), "labels").tolist() == ["a", "b"]


@pytest.mark.parametrize("call, exc, match", [
    (lambda: nb.show([1, 2]), SurveyTypeError, r"table: must be a pandas DataFrame or Series; got list"),
    (lambda: nb.show(pd.DataFrame({"a": [1]}), digits=-1), SurveyError, r"digits: must be a whole number"),
    (lambda: nb.show(pd.DataFrame({"a": [1]}), title=3), SurveyTypeError, r"title: must be non-empty text"),
    (lambda: nb.setup(tables=3), SurveyTypeError, r"tables: must be a path"),
    (lambda: export.write_workbook({}, "x.xlsx"), SurveyTypeError, r"non-empty dict"),
    (lambda: export.save_figure("fig", "x"), SurveyTypeError, r"figure: must be a matplotlib Figure or Axes"),
    (lambda: export.export_path("  "), SurveyError, r"tables: the path is empty"),
])
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --------------------------------------------------------------------------------------
# the runner and the command line
# --------------------------------------------------------------------------------------
def _toy(folder, params):
    import nbformat

    nb_ = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    body = ("import sxm, pandas as pd, matplotlib.pyplot as plt\nrng = sxm.nb.setup(seed=SEED, tables=TABLES)\n"
            "sxm.nb.show(pd.DataFrame({'est': [1/3, 2/3]}, index=['a', 'b']), 'Thirds')")
    figure = "fig, ax = plt.subplots()\nax.bar(['a', 'b'], [1, 2])\nax.set_title('Bars')"
    nb_.cells = [nbformat.v4.new_markdown_cell("# Toy"), cell, nbformat.v4.new_code_cell(body),
                 nbformat.v4.new_code_cell(figure)]
    nb_.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(exist_ok=True)
    nbformat.write(nb_, folder / "01_toy.ipynb")
    return folder


def test_runner_tables_paths_and_refusals(tmp_path, monkeypatch):
    from sxm import runner

    monkeypatch.chdir(tmp_path)
    folder = _toy(tmp_path / "nbs", 'SEED = 1  # seed\nTABLES = ""  # export path')
    (tmp_path / "old").mkdir()
    _toy(tmp_path / "old", "SEED = 1  # seed")
    ch = runner.find(["01"], folder)[0]
    assert runner.check_parameters(ch, {"TABLES": "out/t"}) == {"TABLES": str(tmp_path / "out" / "t")}
    assert runner.tables_path("out/t.xlsx", ch).as_posix() == "out/t"
    assert runner.tables_path("out/t", ch, several=True).as_posix() == "out/t_01"
    with pytest.raises(runner.RunError, match=r"01_toy\.ipynb: has no TABLES parameter"):
        runner.tables_path("out/t", runner.find(["01"], tmp_path / "old")[0])
    with pytest.raises(runner.RunError, match=r"--tables .* cannot be combined with --inplace"):
        runner.execute(ch, inplace=True, tables="out/t")
    outcome = runner.execute(ch, out_dir=tmp_path / "build", tables="out/t")
    assert outcome.status == "ok" and outcome.tables == tmp_path / "out" / "t.xlsx"
    assert pd.read_excel(outcome.tables, sheet_name="Thirds", skiprows=2, index_col=0)["est"].iloc[0] == 1 / 3
    assert sorted(p.name for p in (tmp_path / "out" / "t").iterdir()) == [
        "01_Thirds.csv", "figure_01_Bars.png", "figure_01_Bars.svg"]


def test_cli_tables_option(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    folder = _toy(tmp_path / "nbs", 'SEED = 1  # seed\nTABLES = ""  # export path')
    nb_path = str(folder / "01_toy.ipynb")
    assert sxm.cli.main(["run", nb_path, "--out", "build", "--tables", "-q"]) == 0  # alone: <out>/tables
    assert "tables in " in capsys.readouterr().out and (tmp_path / "build" / "tables.xlsx").exists()
    assert sxm.cli.main(["run", nb_path, "--inplace", "--tables", "t"]) == 2
    assert "cannot be combined with --inplace" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# end to end: sxm run 01 --tables out/tables
# --------------------------------------------------------------------------------------
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")


def _numbers(text: str) -> list[float]:
    return [float(x) for x in _NUMBER.findall(text)]


def _show_calls(source: str) -> list[str]:
    """The titles of the sxm.nb.show(...) calls of a cell."""
    titles = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "sxm.nb.show" and len(node.args) > 1:
            titles.append(ast.literal_eval(node.args[1]))
    return titles


@pytest.mark.slow
@pytest.mark.parametrize("chapter, stem", [("01", "01_experience_foundations"), ("02", "02_servqual")])
def test_sxm_run_tables_gives_a_workbook_whose_sheets_equal_the_notebooks_tables(chapter, stem, tmp_path, monkeypatch):
    """sxm run NN --tables out/tables: one sheet per table the chapter shows, titled, holding
    the numbers the notebook shows (unrounded; p-values, shown as APA text, are numbers in
    the workbook), the same as CSV, and every figure as PNG and SVG."""
    monkeypatch.chdir(tmp_path)
    assert sxm.cli.main(["run", chapter, "--out", "build", "--tables", "out/tables", "-q"]) == 0
    executed = json.loads((tmp_path / "build" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    shown = []  # (title, the text the reader sees)
    figures = 0
    for cell in executed["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        outputs = cell.get("outputs", [])
        figures += sum("image/png" in o.get("data", {}) for o in outputs)
        tables = [o["data"]["text/plain"] for o in outputs
                  if o.get("output_type") in ("execute_result", "display_data") and "text/plain" in o.get("data", {})
                  and "image/png" not in o["data"]]
        titles = _show_calls(source)
        if titles:  # a cell's show() tables are its last displays (a cell may also print or plot)
            assert len(tables) >= len(titles), f"cell {cell.get('id')}: {len(titles)} show() calls, {len(tables)} tables"
            shown.extend((title, "".join(text)) for title, text in zip(titles, tables[-len(titles):]))
    assert len(shown) >= 8
    book_path = tmp_path / "out" / "tables.xlsx"
    book = load_workbook(book_path)
    assert book.sheetnames == export.sheet_names([t for t, _ in shown])
    csvs = sorted((tmp_path / "out" / "tables").glob("*.csv"))
    assert len(csvs) == len(shown)
    unrounded = False
    with pd.option_context("display.precision", 3, "display.max_columns", 30, "display.width", 120):
        for (title, text), name, csv in zip(shown, book.sheetnames, csvs):
            assert book[name]["A1"].value == title
            # the first column is the table's index or its first column: the notebook's text tells
            for index_col in (0, None):
                sheet = pd.read_excel(book_path, sheet_name=name, skiprows=2, index_col=index_col)
                numbers = sheet.drop(columns=[c for c in sheet.columns if str(c).endswith("pvalue")])
                # the same numbers (as multisets: without the p-value column the text wraps differently;
                # a value on a rounding boundary may round either way once stored with 16 digits)
                if sorted(_numbers(repr(numbers.round(3)))) == pytest.approx(sorted(_numbers(text)), abs=1.01e-3):
                    break
            else:
                pytest.fail(f"sheet {name!r} does not hold the numbers of the table the notebook shows:\n{text}")
            from_csv = pd.read_csv(csv, encoding="utf-8-sig", index_col=index_col)
            # the same numbers (openpyxl stores 16 significant digits, Excel shows 15 at most)
            pd.testing.assert_frame_equal(from_csv, sheet, check_dtype=False, check_exact=False, rtol=1e-14)
            values = sheet.select_dtypes("number").to_numpy(dtype=float).ravel()
            unrounded |= bool(np.any(np.abs(values * 1000 - np.round(values * 1000)) > 1e-6))
    assert unrounded, "the workbook holds the unrounded numbers"
    pngs = sorted((tmp_path / "out" / "tables").glob("figure_*.png"))
    assert len(pngs) == figures and len(list((tmp_path / "out" / "tables").glob("figure_*.svg"))) == figures
    import matplotlib.pyplot as plt

    assert all(plt.imread(p).std() > 0 for p in pngs)
