"""Every chapter on survey files as researchers bring them, through ``sxm run``.

Issue 12 asked for the chapters to run on real exports: a Wenjuanxing (问卷星) workbook with
numbered Chinese headers, text answers and a codebook; a CSV that Excel saved on Chinese
Windows (GBK) with Chinese column names; Excel's "Unicode text" (UTF-16); an SPSS file with
value labels and user-missing codes; answers coded 99; 8 % missing answers; Kano answers coded
in reverse; no journey data. Each file is built here from a bundled data set (its "clean
twin"), so the right answer is known: the chapter's tables, read from the workbook that
``--tables`` writes, must equal the analysis of the clean twin.

Each test executes one chapter (10-30 s); they are marked ``slow`` and run in ``make test``.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import sxm
from sxm import runner

pytestmark = pytest.mark.slow

AGREE7_ZH = {1: "非常不同意", 2: "不同意", 3: "有点不同意", 4: "一般", 5: "有点同意", 6: "同意", 7: "非常同意"}
SATISFIED7_ZH = {1: "非常不满意", 2: "不满意", 3: "有点不满意", 4: "一般", 5: "有点满意", 6: "满意", 7: "非常满意"}


def run(chapter: str, tmp_path: Path, **parameters):
    """Execute a chapter with parameters into tmp_path; return (outcome, workbook path, cells)."""
    found = runner.find([chapter])[0]
    tables = tmp_path / "tables"
    outcome = runner.execute(found, parameters, out_dir=tmp_path / "build", tables=str(tables))
    assert outcome.status == "ok", f"chapter {chapter} failed: {outcome.message}"
    cells = json.loads(Path(outcome.output).read_text(encoding="utf-8"))["cells"]
    return outcome, tables.with_suffix(".xlsx"), cells


def sheet(book: Path, title: str, **kwargs) -> pd.DataFrame:
    name = sxm.export.sheet_names([title])[0]
    return pd.read_excel(book, sheet_name=name, skiprows=2, **kwargs)


def stream(cells, name: str) -> str:
    return "".join("".join(o.get("text", "")) for c in cells if c["cell_type"] == "code"
                   for o in c.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == name)


def with_missing(frame: pd.DataFrame, columns, share: float = 0.08, seed: int = 8) -> pd.DataFrame:
    """A copy with about ``share`` of the answers in ``columns`` deleted completely at random."""
    out = frame.copy()
    holes = np.random.default_rng(seed).random((len(out), len(columns))) < share
    out[columns] = out[columns].astype("float64").mask(holes)
    return out


# --------------------------------------------------------------------------------------
# chapter 2: a Wenjuanxing export of the SERVQUAL survey, with a codebook
# --------------------------------------------------------------------------------------
def servqual_twin() -> pd.DataFrame:
    data = sxm.datasets.load("car_rental_servqual")
    keep = ["respondent", "segment"] + [f"{b}{i}" for b in "EP" for i in range(1, 23)] + ["overall"]
    return data[keep]


def wenjuanxing_servqual(folder: Path, twin: pd.DataFrame) -> tuple[Path, Path]:
    """The survey as Wenjuanxing exports it (xlsx, text answers, numbered Chinese headers) and
    the codebook a researcher writes for it (numbered headers matched by glob patterns)."""
    items = sxm.servqual.ITEMS
    rng = np.random.default_rng(3)
    n = len(twin)
    out = {
        "序号": np.arange(1, n + 1),
        "提交答卷时间": [f"2026/3/{1 + i % 28} 10:{i % 60:02d}:00" for i in range(n)],
        "所用时间": [f"{60 + i % 200}秒" for i in range(n)],
        "来源": "手机提交", "来源详情": "直接访问",
        "来自IP": [f"112.10.{i // 250}.{i % 250}(浙江-杭州)" for i in range(n)],
        "1、您这次租车的目的": twin["segment"].map({"business": "商务出行", "leisure": "休闲出行"}).to_numpy(),
    }
    number = 2
    codebook_items = {}
    for battery, column, word in (("E", "expectation_zh", "期望"), ("P", "perception_zh", "感知")):
        for i, row in items.set_index("item").iterrows():
            header = f"{number}、{row[column]}（{word}-{row['dimension_zh']}）"
            answers = twin[f"{battery}{i}"].map(AGREE7_ZH).to_numpy(dtype=object)
            answers[pd.isna(twin[f"{battery}{i}"]).to_numpy()] = "(跳过)"
            out[header] = answers
            codebook_items[f"{number}、*（{word}-*）"] = f"{battery}{i}"
            number += 1
    out[f"{number}、总体而言，您对这次租车服务的满意程度"] = twin["overall"].map(SATISFIED7_ZH).to_numpy(dtype=object)
    out["联系电话"] = [f"139{rng.integers(10_000_000, 99_999_999)}" for _ in range(n)]
    path = folder / "wjx_servqual.xlsx"
    pd.DataFrame(out).to_excel(path, index=False)
    codebook = {
        "format": "wenjuanxing",
        "id_column": "序号",
        "scale": [1, 7],
        "answer_labels": "agree7",
        "missing_codes": ["(跳过)"],
        "items": {**codebook_items, f"{number}、总体而言*": {"name": "overall", "answer_labels": "satisfied7"}},
        "columns": {"1、您这次租车的目的": "segment"},
    }
    book = folder / "codebook.yaml"
    book.write_text(yaml.safe_dump(codebook, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, book


def test_chapter_2_on_a_wenjuanxing_export_with_a_codebook(tmp_path):
    """The Wenjuanxing workbook and its codebook give the tables of the clean survey: the same
    dimension gaps, the same reliability; the phone column never reaches the output."""
    twin = servqual_twin()
    path, codebook = wenjuanxing_servqual(tmp_path, twin)
    _, book, cells = run("02", tmp_path, DATA=str(path), CODEBOOK=str(codebook), MANAGEMENT="", ADEQUATE="",
                         DESIRED="", WEIGHTS="")
    expected = sxm.servqual.summarize(twin)
    gaps = sheet(book, "5. Dimension gaps", index_col=0)
    pd.testing.assert_series_equal(gaps["gap"], expected["gap"], check_names=False, rtol=1e-12)
    assert (gaps["n"] == expected["n"]).all()
    blocks = sxm.servqual.item_blocks("P{}")
    reliability = sheet(book, "9. Reliability", index_col=0)
    np.testing.assert_allclose(reliability["alpha"],
                               sxm.reliability.cronbach_alpha(twin, blocks, missing="pairwise")["alpha"], rtol=1e-12)
    text = stream(cells, "stdout")
    assert "set aside" in text and "联系电话" in text  # the notes say what reading did
    phones = set(pd.read_excel(path, usecols=["联系电话"], dtype=str)["联系电话"])
    written = pd.read_excel(book, sheet_name=None, header=None, dtype=str)
    cells_written = {str(v) for frame in written.values() for v in frame.to_numpy().ravel()}
    assert not phones & cells_written and "联系电话" not in cells_written


# --------------------------------------------------------------------------------------
# chapter 2: 8 % missing answers, listwise and FIML
# --------------------------------------------------------------------------------------
def test_chapter_2_with_8_percent_missing_warns_and_fiml_uses_everyone(tmp_path):
    """With 8 % of the answers missing at random, listwise deletion keeps about 2 % of the
    renters (0.92^44): the chapter warns with the counts; with MISSING fiml every respondent
    is used (n = 400 in the reliability table and the CFA)."""
    twin = servqual_twin()
    items = [c for c in twin.columns if c[0] in "EP"]
    path = tmp_path / "missing.csv"
    with_missing(twin, items).to_csv(path, index=False)
    common = dict(DATA=str(path), MANAGEMENT="", ADEQUATE="", DESIRED="", WEIGHTS="")
    _, book, _ = run("02", tmp_path / "fiml", MISSING="fiml", **common)
    assert (sheet(book, "9. Reliability", index_col=0)["n"] == 400).all()
    assert sheet(book, "11. CFA fit", index_col=0).loc["n", "value"] == 400
    _, _, cells = run("02", tmp_path / "listwise", MISSING="listwise", **common)
    warning = stream(cells, "stderr")
    assert "listwise deletion dropped" in warning and "of 400 respondents" in warning
    assert "missing='fiml'" in warning or "pairwise" in warning


# --------------------------------------------------------------------------------------
# chapter 1: Excel's "Unicode text" (UTF-16) with 99 for "don't know"
# --------------------------------------------------------------------------------------
def test_chapter_1_on_utf16_with_99_codes(tmp_path):
    twin = sxm.datasets.load("service_experience")
    coded = twin.copy()
    rng = np.random.default_rng(5)
    items = [c for c in twin.columns if c[:3] in ("emp", "fac", "cus", "pro", "sat")]
    dont_know = rng.random((len(twin), len(items))) < 0.05
    coded[items] = coded[items].astype("float64").mask(dont_know, 99)
    path = tmp_path / "unicode.txt"
    coded.to_csv(path, sep="\t", index=False, encoding="utf-16")
    _, book, cells = run("01", tmp_path, DATA=str(path), MISSING_CODES=[99])
    assert "99" in stream(cells, "stdout")  # the note counts the codes made missing
    expected = sxm.metrics.nps(twin, "nps", by="segment", total=True)
    nps = sheet(book, "NPS by service")
    np.testing.assert_allclose(nps["nps"], expected["nps"], rtol=1e-12)


# --------------------------------------------------------------------------------------
# chapter 3b: a GBK CSV with Chinese item and construct names
# --------------------------------------------------------------------------------------
def test_chapter_3b_on_a_gbk_csv_with_chinese_names(tmp_path):
    twin = sxm.datasets.load("ecsi_simulated")
    names = {"IMAG": "形象", "CUEX": "期望", "PERQ": "质量", "PERV": "价值", "CUSA": "满意", "CUSCO": "抱怨",
             "CUSL": "忠诚"}
    rename = {c: names[c.rstrip("0123456789")] + c[len(c.rstrip("0123456789")):] for c in twin.columns
              if c.rstrip("0123456789") in names}
    path = tmp_path / "ecsi_gbk.csv"
    twin.rename(columns=rename).to_csv(path, index=False, encoding="gbk", lineterminator="\r\n")
    english = sxm.runner.find(["03b"])[0].parameters["MODEL"].default
    model = english
    for old, new in sorted(rename.items(), key=lambda kv: -len(kv[0])):
        model = model.replace(old, new)
    for old, new in {"Image": "企业形象", "Expectation": "顾客期望", "Quality": "感知质量", "Value": "感知价值",
                     "Satisfaction": "顾客满意", "Complaints": "顾客抱怨", "Loyalty": "顾客忠诚"}.items():
        model = model.replace(old, new)
    _, book, _ = run("03b", tmp_path, DATA=str(path), MODEL=model, TARGET="顾客满意", N_BOOT=20, COMPARE_SEM=False)
    paths = sheet(book, "4. Paths")
    expected = sxm.pls.fit(twin, english).paths
    np.testing.assert_allclose(np.sort(paths["est"].to_numpy()), np.sort(expected["est"].to_numpy()), rtol=1e-10)
    assert "顾客满意" in set(paths["target"])


# --------------------------------------------------------------------------------------
# chapter 4: Kano answers coded in reverse, in an SPSS file with value labels
# --------------------------------------------------------------------------------------
def test_chapter_4_on_reverse_coded_spss_answers(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    twin = sxm.datasets.load("car_rental_kano")
    kano_columns = [c for c in twin.columns if c.endswith(("_func", "_dysf"))]
    reversed_ = twin.copy()
    reversed_[kano_columns] = 6 - reversed_[kano_columns].apply(pd.to_numeric)
    reversed_["segment"] = twin["segment"].map({"business": 1.0, "leisure": 2.0})
    path = tmp_path / "kano.sav"
    pyreadstat.write_sav(reversed_, str(path), variable_value_labels={"segment": {1.0: "business", 2.0: "leisure"}})
    expected = sxm.kano.summarize(twin, importance="{}_imp")
    _, book, cells = run("04", tmp_path / "right", DATA=str(path), REVERSE=True, N_BOOT=20)
    categories = sheet(book, "4. Categories", index_col=0)
    assert categories["category"].tolist() == expected["category"].tolist()
    by_segment = sheet(book, "9. By segment", header=[0, 1], index_col=0)
    assert {"business", "leisure"} <= {str(c[1]) for c in by_segment.columns}  # SPSS labels name the groups
    _, _, cells = run("04", tmp_path / "wrong", DATA=str(path), REVERSE=False, N_BOOT=20)
    assert "reverse=True" in stream(cells, "stderr")


# --------------------------------------------------------------------------------------
# chapter 5: a semicolon CSV with Chinese headers, read through a codebook
# --------------------------------------------------------------------------------------
def test_chapter_5_on_a_semicolon_csv_with_chinese_headers(tmp_path):
    twin = sxm.datasets.load("car_rental_journey")
    headers = {"respondent": "受访者", "stage": "阶段", "touchpoint": "接触点", "channel": "渠道", "order": "顺序",
               "perception": "感知", "expectation": "期望", "emotion": "情绪", "importance": "重要性",
               "comment": "评论"}
    path = tmp_path / "journey.csv"
    twin.rename(columns=headers).to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    codebook = tmp_path / "journey.yaml"
    codebook.write_text(yaml.safe_dump({"columns": {zh: en for en, zh in headers.items()}}, allow_unicode=True),
                        encoding="utf-8")
    _, book, _ = run("05", tmp_path, DATA=str(path), CODEBOOK=str(codebook))
    gaps = sheet(book, "3. Touchpoint gaps")
    expected = sxm.journey.summarize(twin)
    np.testing.assert_allclose(gaps["gap"], expected["gap"], rtol=1e-12)


# --------------------------------------------------------------------------------------
# chapter 6: no journey, no Kano, no SERVQUAL, no SEM data: the drivers alone
# --------------------------------------------------------------------------------------
def test_chapter_6_without_journey_or_other_chapters_data(tmp_path):
    twin = sxm.datasets.load("service_experience")
    path = tmp_path / "drivers.xlsx"
    twin.to_excel(path, index=False)
    _, book, cells = run("06", tmp_path, DATA=str(path), JOURNEY="", KANO="", SERVQUAL="", SEM_DATA="", N_BOOT=20)
    importance = sheet(book, "1. Derived importance", index_col=[0, 1])
    assert set(importance.index.get_level_values(0)) == set(twin["segment"])
    grid = sheet(book, "4. IPA grid", index_col=0)
    assert set(grid.index) == {"employees", "facilities", "customers", "process"}
    assert "No journey data" in stream(cells, "stdout")


# --------------------------------------------------------------------------------------
# the README's walkthrough, as printed
# --------------------------------------------------------------------------------------
def test_the_readme_walkthrough_runs_as_printed(tmp_path, monkeypatch):
    """README.md "Your own survey": the codebook and the `sxm run 06` command printed there,
    on a Wenjuanxing export (tests/fixtures/surveys.py), write the workbook of tables."""
    import re
    import shlex

    from tests.fixtures import surveys

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Your own survey", 1)[1].split("\n## ", 1)[0]
    (tmp_path / "codebook.yaml").write_text(re.search(r"```yaml\n(.*?)```", section, re.S).group(1), encoding="utf-8")
    path, _, _ = surveys.wenjuanxing_xlsx(tmp_path, surveys.clean_twin())
    path.rename(tmp_path / "wjx.xlsx")
    command = next(block for block in re.findall(r"```bash\n(.*?)```", section, re.S) if "sxm run 06" in block)
    argv = shlex.split(command.replace("\\\n", " "))
    assert argv[:2] == [".venv/bin/sxm", "run"]
    monkeypatch.chdir(tmp_path)
    assert sxm.cli.main(argv[1:] + ["--out", "build", "-p", "N_BOOT", "20"]) == 0
    importance = pd.read_excel(tmp_path / "out" / "tables.xlsx", sheet_name=None)
    assert any(name.startswith("1. Derived importance") for name in importance)


# --------------------------------------------------------------------------------------
# chapter 3: Chinese construct and item names in the model, 8 % missing answers
# --------------------------------------------------------------------------------------
def test_chapter_3_with_chinese_names_and_8_percent_missing(tmp_path):
    """A UTF-8-BOM CSV with Chinese item names, the model written with Chinese names, 8 % of the
    answers missing: with MISSING fiml every respondent is used and the paths equal sxm.sem's
    FIML fit of the same data under English names; listwise deletion warns with the counts."""
    twin = sxm.datasets.load("acsi_experience")
    english = sxm.runner.find(["03"])[0].parameters["MODEL"].default
    items = sxm.model.parse(english).observed
    gappy = with_missing(twin, items)
    zh = {"quality": "服务质量", "experience": "服务体验", "satisfaction": "满意度", "loyalty": "忠诚度",
          "sq": "质量", "ex": "体验", "sat": "满意", "loy": "忠诚"}

    def chinese(text):
        for old in sorted(zh, key=len, reverse=True):
            text = text.replace(old, zh[old])
        return text

    path = tmp_path / "acsi_zh.csv"
    gappy.rename(columns={c: chinese(c) for c in items}).to_csv(path, index=False, encoding="utf-8-sig")
    params = dict(DATA=str(path), MODEL=chinese(english), SOURCE="服务体验", MEDIATOR="满意度", TARGET="忠诚度",
                  RIVAL_DROP="忠诚度 ~ 服务体验", N_BOOT=20)
    _, book, _ = run("03", tmp_path / "fiml", MISSING="fiml", **params)
    paths = sheet(book, "4. Paths")
    expected = sxm.sem.fit(english, gappy, missing="fiml").estimates.query("op == '~'")
    np.testing.assert_allclose(paths["est"], expected["est"], rtol=1e-6)
    assert paths["lhs"].tolist() == [chinese(v) for v in expected["lhs"]]
    assert sheet(book, "2. CFA fit", index_col=0).loc["n", "value"] == len(twin)
    _, _, cells = run("03", tmp_path / "listwise", MISSING="listwise", **params)
    assert "listwise deletion dropped" in stream(cells, "stderr")
