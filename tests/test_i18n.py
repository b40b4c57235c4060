"""The two editions: translations complete and current, code identical, Chinese in figures.

* ``notebooks/zh/NN_name.ipynb`` is built from ``notebooks/NN_name.ipynb`` (``sxm.editions``):
  a markdown cell without a translation, a translation whose English source changed
  (stale), or a code cell that differs between the editions (other than ``LANG``) fails
  here, naming the chapter and the cell and showing the English text.
* The Chinese notebooks have the lecture's shape and stored outputs (as
  ``tests/test_notebooks.py`` checks for the English ones); nbval runs them in ``make test``.
* The fixed words of figures (``sxm.i18n.TABLE``) exist in both languages; the core terms
  are used consistently and are in ``docs/glossary.md``.
* The CJK font comes with the project's dependencies, and every plotting function renders
  Chinese attribute, segment and driver names without a missing glyph, in either edition.
"""
from __future__ import annotations

import io
import json
import re
import string
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import sxm
from sxm import editions, i18n, runner

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = sorted(runner.NOTEBOOKS.glob("[0-9]*.ipynb"))
CHINESE = sorted((runner.NOTEBOOKS / "zh").glob("[0-9]*.ipynb"))
CHAPTER_IDS = [p.name for p in ENGLISH]


def _cells(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def _text(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


# --------------------------------------------------------------------------------------
# translations: complete, current, no leftovers
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("english", ENGLISH, ids=CHAPTER_IDS)
def test_every_markdown_cell_has_a_current_translation(english):
    """Missing: translate the cell. Stale: the English text changed since it was translated;
    update the Chinese text and its ``source`` hash (both are printed)."""
    report = editions.check(english)
    assert report.ok, "\n" + str(report)


@pytest.mark.parametrize("english", ENGLISH, ids=CHAPTER_IDS)
def test_translation_file_is_well_formed(english):
    path = editions.translation_path(english)
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: the Chinese edition of {english.name} has no translations"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for cid, entry in raw.items():
        assert set(entry) == {"source", "zh"}, f"{path.name}: {cid} must have exactly 'source' and 'zh'"
        assert re.fullmatch(r"[0-9a-f]{12}", entry["source"]), f"{path.name}: {cid}: source must be a 12-digit hash"
        assert i18n.has_cjk(entry["zh"]), f"{path.name}: {cid}: the translation holds no Chinese"


# --------------------------------------------------------------------------------------
# the Chinese notebooks: built from the English ones
# --------------------------------------------------------------------------------------
def test_every_english_chapter_has_a_chinese_twin():
    assert [p.name for p in CHINESE] == [p.name for p in ENGLISH], "run `make zh` to build the Chinese edition"


@pytest.mark.parametrize("english", ENGLISH, ids=CHAPTER_IDS)
def test_code_cells_are_the_english_ones(english):
    """Same cells in the same order; code identical except LANG; markdown as translated."""
    zh = runner.NOTEBOOKS / "zh" / english.name
    if not zh.exists():
        pytest.fail(f"notebooks/zh/{english.name} is missing: run `make zh`")
    en_cells, zh_cells = _cells(english), _cells(zh)
    assert [(c["id"], c["cell_type"]) for c in zh_cells] == [(c["id"], c["cell_type"]) for c in en_cells], (
        f"{english.name}: the Chinese notebook's cells differ from the English ones: run `make zh`")
    translations = editions.load_translations(english)
    for en, cn in zip(en_cells, zh_cells):
        where = f"{english.name}, cell {en['id']}"
        assert cn["metadata"].get("tags", []) == en["metadata"].get("tags", []), f"{where}: tags differ"
        if en["cell_type"] == "code":
            expected = _text(en)
            if "parameters" in en["metadata"].get("tags", []):
                expected = editions.zh_parameters(expected)
            assert _text(cn) == expected, (
                f"{where}: the code differs between the editions (run `make zh`); English:\n{_text(en)}")
        elif en["id"] in translations:
            assert _text(cn) == translations[en["id"]]["zh"], f"{where}: not the translation's text: run `make zh`"


@pytest.mark.parametrize("english", ENGLISH, ids=CHAPTER_IDS)
def test_parameters_differ_only_in_lang(english):
    en = runner.load_chapter(english)
    assert en.parameters.get("LANG") and en.parameters["LANG"].default == "en", (
        f'{english.name}: the parameters cell needs LANG = "en" (passed to sxm.nb.setup(..., lang=LANG))')
    setup = [_text(c) for c in _cells(english) if c["cell_type"] == "code" and "sxm.nb.setup(" in _text(c)]
    assert any("lang=LANG" in s for s in setup), f"{english.name}: call sxm.nb.setup(seed=SEED, lang=LANG)"
    zh_path = runner.NOTEBOOKS / "zh" / english.name
    if zh_path.exists():
        zh = runner.load_chapter(zh_path)
        assert zh.parameters["LANG"].default == "zh"
        assert {k: p.default for k, p in zh.parameters.items() if k != "LANG"} == {
            k: p.default for k, p in en.parameters.items() if k != "LANG"}


ZH_HEADINGS = ("学习目标", "预备知识", "练习", "检验你的理解")


@pytest.mark.parametrize("path", CHINESE, ids=lambda p: f"zh/{p.name}")
def test_chinese_lecture_shape_and_stored_outputs(path):
    cells = _cells(path)
    markdown = "\n".join(_text(c) for c in cells if c["cell_type"] == "markdown")
    assert _text(cells[0]).startswith("# 第"), f"zh/{path.name}: the first cell is the Chinese title (# 第 N 章 ...)"
    for heading in ZH_HEADINGS:
        assert heading in markdown, f"zh/{path.name}: no '{heading}' section"
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3" and "papermill" not in nb["metadata"]
    code = [c for c in cells if c["cell_type"] == "code"]
    counts = [c.get("execution_count") for c in code]
    assert all(isinstance(n, int) for n in counts), f"zh/{path.name}: unexecuted cells (run `make zh`)"
    assert counts == sorted(counts) and len(set(counts)) == len(counts)
    assert sum(bool(c.get("outputs")) for c in code) >= len(code) // 2
    assert any("image/png" in o.get("data", {}) for c in code for o in c.get("outputs", [])), "no stored figure"
    for c in code:
        for o in c.get("outputs", []):
            assert o.get("output_type") != "error", f"zh/{path.name}: a stored error output"
            assert not (o.get("output_type") == "stream" and o.get("name") == "stderr"), f"zh/{path.name}: stderr stored"


def test_build_keeps_outputs_of_unchanged_code_and_flags_problems(tmp_path, monkeypatch):
    """On a toy chapter: missing translation -> English under a note; stale -> reported;
    an unchanged code cell keeps its stored output; LANG switched."""
    import nbformat

    monkeypatch.setattr(runner, "NOTEBOOKS", tmp_path)
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('SEED = 1  # seed\nLANG = "en"  # language')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Chapter 9 — Toy", id="title"), params,
                nbformat.v4.new_code_cell("print(SEED)", id="code"), nbformat.v4.new_markdown_cell("More.", id="more")]
    nbformat.write(nb, tmp_path / "09_toy.ipynb")
    (tmp_path / "zh" / "translations").mkdir(parents=True)
    (tmp_path / "zh" / "translations" / "09_toy.yaml").write_text(
        f"title:\n  source: '{editions.source_hash('# Chapter 9 — Toy')}'\n  zh: '# 第 9 章 玩具'\n"
        "gone:\n  source: '000000000000'\n  zh: 旧的\n", encoding="utf-8")
    target, report = editions.build(tmp_path / "09_toy.ipynb")
    assert [cid for cid, _ in report.missing] == ["more"] and report.orphans == ["gone"] and not report.stale
    assert "cell more has no translation" in str(report) and "More." in str(report)
    built = nbformat.read(target, as_version=4)
    assert built.cells[0].source == "# 第 9 章 玩具"
    assert 'LANG = "zh"  # language' in built.cells[1].source
    assert "尚未翻译" in built.cells[3].source and "More." in built.cells[3].source
    built.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    built.cells[2].execution_count = 2
    nbformat.write(built, target)
    nb.cells[0].source = "# Chapter 9 — A toy"  # the English title changes: stale
    nbformat.write(nb, tmp_path / "09_toy.ipynb")
    target, report = editions.build(tmp_path / "09_toy.ipynb")
    assert [cid for cid, _ in report.stale] == ["title"] and "A toy" in str(report)
    kept = nbformat.read(target, as_version=4).cells[2]
    assert kept.execution_count == 2 and kept.outputs[0]["text"] == "1\n"
    with pytest.raises(sxm.io.SurveyError, match="stale"):
        editions.build(tmp_path / "09_toy.ipynb", strict=True)


@pytest.mark.parametrize("text, match", [
    ("- a list\n", r"must map cell ids"),
    ("c1:\n  source: 123456789012\n  zh: 中文\n", r"'c1'.*source.*in quotes"),
    ("c1:\n  source: 'abc'\n", r"'c1'.*'zh' text"),
])
def test_malformed_translation_files_are_refused(tmp_path, monkeypatch, text, match):
    monkeypatch.setattr(runner, "NOTEBOOKS", tmp_path)
    (tmp_path / "zh" / "translations").mkdir(parents=True)
    (tmp_path / "zh" / "translations" / "09_toy.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(sxm.io.SurveyError, match=match):
        editions.load_translations("09_toy")


def test_cli_lists_and_runs_the_chinese_edition(tmp_path, monkeypatch, capsys):
    """`sxm list --lang zh` shows the Chinese titles; `sxm run 01 --lang zh` runs notebooks/zh."""
    import nbformat

    from sxm import cli

    assert cli.main(["list", "--lang", "zh"]) == 0
    listed = capsys.readouterr().out
    assert "第 2 章" in listed and "LANG = 'zh'" in listed
    monkeypatch.setattr(runner, "NOTEBOOKS", tmp_path)
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('LANG = "en"  # language')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Toy", id="t"), params, nbformat.v4.new_code_cell("print(LANG)", id="c")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "01_toy.ipynb")
    (tmp_path / "zh" / "translations").mkdir(parents=True)
    (tmp_path / "zh" / "translations" / "01_toy.yaml").write_text(
        f"t:\n  source: '{editions.source_hash('# Toy')}'\n  zh: '# 玩具'\n", encoding="utf-8")
    editions.build(tmp_path / "01_toy.ipynb")
    assert cli.main(["run", "01", "--lang", "zh", "--out", str(tmp_path / "out"), "-q"]) == 0
    ran = nbformat.read(tmp_path / "out" / "01_toy.ipynb", as_version=4)
    assert ran.cells[0].source == "# 玩具" and "zh" in ran.cells[2].outputs[0]["text"]
    # --inplace without --lang: the English chapter, then its Chinese twin rebuilt from it and run
    nb.cells[2].source = "print(LANG, 2)"
    nbformat.write(nb, tmp_path / "01_toy.ipynb")
    assert cli.main(["run", "01", "--inplace", "-q"]) == 0
    en = nbformat.read(tmp_path / "01_toy.ipynb", as_version=4)
    zh = nbformat.read(tmp_path / "zh" / "01_toy.ipynb", as_version=4)
    assert en.cells[2].outputs[0]["text"] == "en 2\n" and zh.cells[2].outputs[0]["text"] == "zh 2\n"
    assert zh.cells[0].source == "# 玩具"


# --------------------------------------------------------------------------------------
# terms: one Chinese word per concept, in the table, the chapters and the glossary
# --------------------------------------------------------------------------------------
#: preferred term -> alternatives that may appear only beside it (as a noted synonym)
TERMS = {
    "同理心": ["移情性"],
    "基本需求": ["必备属性", "必备需求"],
    "期望需求": ["一维属性", "一元需求"],
    "兴奋需求": ["魅力属性", "魅力需求"],
    "无差异需求": ["无差异属性"],
    "反向需求": ["反向属性"],
    "客户旅程": ["顾客旅程", "用户旅程"],
    "接触点": ["触点"],
    "关键时刻": ["真实瞬间"],
}
CORE = ["服务体验", "期望", "感知", "满意度", "忠诚度", "接触点", "客户旅程", "痛点", "关键时刻",
        "可靠性", "响应性", "保证性", "同理心", "有形性", "基本需求", "期望需求", "兴奋需求"]


def test_table_has_both_languages_with_the_same_fields():
    fields = lambda s: sorted(f for _, f, _, _ in string.Formatter().parse(s) if f)  # noqa: E731
    for key, entry in i18n.TABLE.items():
        assert set(entry) == set(i18n.LANGS), f"{key}: needs exactly {i18n.LANGS}"
        assert entry["zh"].strip() and entry["en"].strip(), key
        assert fields(entry["en"]) == fields(entry["zh"]), f"{key}: format fields differ"
        if entry["en"] != entry["zh"]:  # only acronyms such as HTMT and NPS stay as they are
            assert i18n.has_cjk(entry["zh"]), f"{key}: the Chinese entry holds no Chinese: {entry['zh']!r}"


def test_t_switches_with_setup_and_refuses_unknown_keys():
    from sxm.io import SurveyError

    try:
        sxm.nb.setup(seed=1, lang="zh")
        assert i18n.t("journey.title") == "客户旅程图"
        assert i18n.t("journey.title", lang="en") == "Customer journey map"
    finally:
        sxm.nb.setup(seed=1, lang="en")
    assert i18n.t("journey.title") == "Customer journey map"
    with pytest.raises(SurveyError, match=r"'journey.titel'.*journey.title"):
        i18n.t("journey.titel")
    with pytest.raises(SurveyError, match=r"lang.*'en'.*'zh'.*'fr'"):
        sxm.nb.setup(seed=1, lang="fr")


def test_chapters_and_glossary_use_one_term_per_concept():
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    chapters = {p.name: "\n".join(_text(c) for c in _cells(p) if c["cell_type"] == "markdown") for p in CHINESE}
    everything = "\n".join(chapters.values())
    for term in CORE:
        assert term in glossary, f"docs/glossary.md lacks {term}"
        assert term in everything, f"no Chinese chapter uses {term}"
    for preferred, others in TERMS.items():
        for name, text in chapters.items():
            for line in text.splitlines():
                for other in others:
                    if other in line and preferred not in line:
                        pytest.fail(f"zh/{name}: '{other}' without '{preferred}' (use {preferred}; give {other} "
                                    f"only as a noted alternative): {line.strip()[:120]}")
    for key in [k for k in i18n.TABLE if k.startswith(("kano.category.", "servqual.dimension."))]:
        assert i18n.TABLE[key]["zh"] in glossary, f"{key}: {i18n.TABLE[key]['zh']} is not in docs/glossary.md"


def test_readme_links_the_chinese_readme_with_the_same_quick_start():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    zh = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    assert "README.zh-CN.md" in readme
    for command in ("make run", "make test", "sxm run", "sxm list"):
        assert command in zh, f"README.zh-CN.md lacks {command!r}"
    assert "--lang zh" in zh


def test_chinese_readme_walks_through_your_own_survey_with_the_english_code():
    """README.zh-CN.md has the Chinese twin of README.md's "Your own survey" walkthrough, with
    the same code blocks (tests/test_chapters_on_exports.py and tests/test_io.py run the
    English ones, so the Chinese reader's commands are tested too)."""
    blocks = lambda text: re.findall(r"```(?:bash|python|yaml)\n.*?```", text, re.S)  # noqa: E731
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    zh = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    english = readme.split("## Your own survey", 1)[1].split("\n## ", 1)[0]
    assert "## 你自己的调查" in zh, "README.zh-CN.md lacks the section 你自己的调查 (README.md: Your own survey)"
    chinese = zh.split("## 你自己的调查", 1)[1].split("\n## ", 1)[0]
    assert blocks(chinese) == blocks(english) and len(blocks(english)) >= 4
    for word in ("问卷星", "编码簿", "codebook_template", "--tables out/tables", "tables.xlsx"):
        assert word in chinese, f"README.zh-CN.md (你自己的调查) does not mention {word}"


# --------------------------------------------------------------------------------------
# the font: installed by the project's dependencies, registered, used as a fallback
# --------------------------------------------------------------------------------------
def _requirement_names(items):
    return {re.match(r"[A-Za-z0-9_.\-]+", i).group(0).lower() for i in items if isinstance(i, str) and i[:1].isalpha()}


def test_font_package_is_a_dependency_in_both_set_up_files():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert i18n.FONT_PACKAGE in _requirement_names(meta["dependencies"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert i18n.FONT_PACKAGE in _requirement_names(pip), "environment.yml: the font package goes under pip:"


def test_bundled_font_has_the_glyphs_of_the_suite():
    from matplotlib.ft2font import FT2Font

    path = i18n.font_path()
    assert path is not None, f"the font package {i18n.FONT_PACKAGE} is not installed"
    font = FT2Font(str(path))
    words = "".join(e["zh"] for e in i18n.TABLE.values()) + "".join(CORE) + "，。：；（）“”、—"
    missing = sorted({ch for ch in words if i18n.has_cjk(ch) and font.get_char_index(ord(ch)) == 0})
    assert not missing, f"{path.name} lacks {''.join(missing)}"


def test_cjk_font_comes_after_the_latin_one():
    import matplotlib

    import sxm.plots

    sxm.plots.set_theme()
    family = matplotlib.rcParams["font.family"]
    assert family[-1] == sxm.plots.CJK_FONT == "Noto Sans SC" and family.index("sans-serif") < len(family) - 1


def test_chinese_characters_render_as_distinct_glyphs_not_boxes():
    """By the pixels: two different characters must not draw the same (a missing glyph
    draws the same empty box for both)."""
    import matplotlib.pyplot as plt

    import sxm.plots

    def ink(text):
        fig = plt.figure(figsize=(0.6, 0.6), dpi=100)
        fig.text(0.1, 0.2, text, fontsize=24)
        fig.canvas.draw()
        pixels = np.asarray(fig.canvas.buffer_rgba())[..., 0] < 128
        plt.close(fig)
        return pixels

    sxm.plots.set_theme()
    first, second = ink("服"), ink("务")
    assert first.sum() > 20 and second.sum() > 20, "no ink drawn for a Chinese character"
    assert (first != second).sum() > 20, "two Chinese characters drew the same shape: a missing-glyph box"


# --------------------------------------------------------------------------------------
# every plotting function, with Chinese names in the data
# --------------------------------------------------------------------------------------
DIMS_ZH = dict(zip(["有形性", "可靠性", "响应性", "保证性", "同理心"], [[1, 2, 3, 4], [5, 6, 7, 8, 9],
                                                              [10, 11, 12, 13], [14, 15, 16, 17], [18, 19, 20, 21, 22]]))
ELEMENTS_ZH = {"员工": "emp?", "设施": "fac?", "顾客": "cus?", "过程": "pro?"}
SEGMENTS_ZH = {"airline": "航空公司", "dental clinic": "牙科诊所", "cinema": "电影院", "business": "商务出行",
               "leisure": "休闲出行"}
KANO_ZH = {"online_booking": "在线预订", "one_click_reservation": "一键预约", "fast_pickup": "快速取车",
           "clean_car": "车辆整洁", "transparent_price": "价格透明", "free_upgrade": "免费升级", "mobile_key": "手机钥匙",
           "easy_return": "便捷还车", "child_seat": "儿童座椅", "loyalty_points": "会员积分"}
JOURNEY_ZH = {
    "search": "搜索", "book": "预订", "pick up": "取车", "drive": "用车", "return": "还车", "pay": "付款", "feedback": "反馈",
    "find a car": "找车", "compare prices": "比价", "make a booking": "下单", "booking confirmation": "预订确认",
    "pick-up wait": "取车等候", "vehicle handover": "车辆交接", "car condition": "车况", "drop-off": "交车",
    "damage inspection": "验车定损", "final bill": "结账单", "feedback survey": "满意度调查", "roadside help": "道路救援",
    "web": "网站", "counter": "柜台", "in person": "现场", "app": "手机应用", "phone": "电话",
}


def _experience():
    data = sxm.datasets.load("service_experience")
    return data.assign(细分群体=data["segment"].map(SEGMENTS_ZH))


def _kano():
    data = sxm.datasets.load("car_rental_kano")
    renamed = {c: KANO_ZH[c.rsplit("_", 1)[0]] + "_" + c.rsplit("_", 1)[1] for c in data.columns
               if c.rsplit("_", 1)[0] in KANO_ZH}
    return data.rename(columns=renamed).assign(segment=data["segment"].map(SEGMENTS_ZH))


def _drivers():
    data = sxm.datasets.load("service_experience")
    frame = pd.DataFrame({zh: data[sxm.io.expand_items(data, pattern)].mean(axis=1) for zh, pattern in ELEMENTS_ZH.items()})
    return frame.assign(满意度=data[sxm.io.expand_items(data, "sat?")].mean(axis=1), 细分群体=data["segment"].map(SEGMENTS_ZH))


def _pls():
    data = sxm.datasets.load("ecsi_simulated")
    blocks = {"企业形象": "IMAG?", "顾客期望": "CUEX?", "感知质量": "PERQ?", "满意度": "CUSA?", "忠诚度": "CUSL?"}
    paths = [["企业形象", "顾客期望"], ["顾客期望", "感知质量"], ["感知质量", "满意度"], ["企业形象", "满意度"],
             ["满意度", "忠诚度"]]
    return sxm.pls.fit(data, blocks, paths, progress=False)


def _journey():
    data = sxm.datasets.load("car_rental_journey")
    return data.assign(**{c: data[c].map(JOURNEY_ZH) for c in ("stage", "touchpoint", "channel")})


def _servqual():
    return sxm.datasets.load("car_rental_servqual")


RECIPES = {
    "servqual.plot_profile": lambda: sxm.servqual.plot_profile(
        sxm.servqual.summarize(_servqual(), dimensions=DIMS_ZH, per="item"), labels=False),
    "servqual.plot_gaps": lambda: sxm.servqual.plot_gaps(sxm.servqual.summarize(_servqual(), dimensions=DIMS_ZH)),
    "servqual.plot_zone_of_tolerance": lambda: sxm.servqual.plot_zone_of_tolerance(
        sxm.servqual.zone_of_tolerance(_servqual(), dimensions=DIMS_ZH)),
    "kano.plot_better_worse": lambda: sxm.kano.plot_better_worse(sxm.kano.summarize(_kano(), by="segment")),
    "kano.plot_categories": lambda: sxm.kano.plot_categories(sxm.kano.summarize(_kano())),
    "kano.plot_continuous": lambda: sxm.kano.plot_continuous(sxm.kano.summarize(_kano())),
    "metrics.plot_estimates": lambda: sxm.metrics.plot_estimates(
        sxm.metrics.nps(_experience(), "nps", by="细分群体"), "nps", by="细分群体", xlabel="净推荐值"),
    "metrics.plot_nps_mix": lambda: sxm.metrics.plot_nps_mix(sxm.metrics.nps(_experience(), "nps", by="细分群体"),
                                                             by="细分群体"),
    "metrics.plot_elements": lambda: sxm.metrics.plot_elements(
        sxm.metrics.experience_index(_experience(), ELEMENTS_ZH, {e: 0.25 for e in ELEMENTS_ZH}),
        by=_experience()["细分群体"]),
    "metrics.plot_weights": lambda: sxm.metrics.plot_weights(sxm.metrics.compare_weights(
        _experience(), ELEMENTS_ZH, {"平均权重": {e: 0.25 for e in ELEMENTS_ZH},
                                     "设施优先": {"员工": 0.1, "设施": 0.7, "顾客": 0.1, "过程": 0.1}}, by="细分群体"),
        by="细分群体"),
    "metrics.plot_disconfirmation": lambda: sxm.metrics.plot_disconfirmation(sxm.metrics.disconfirmation(
        _experience(), {"员工": "emp?", "设施": "fac?"}, {"员工": ["emp_exp"], "设施": ["fac_exp"]}),
        by=_experience()["细分群体"]),
    "priorities.plot_importance": lambda: sxm.priorities.plot_importance(sxm.priorities.derived_importance(
        _drivers(), list(ELEMENTS_ZH), "满意度", by="细分群体")),
    "priorities.plot_ipa": lambda: sxm.priorities.plot_ipa(sxm.priorities.ipa(
        pd.DataFrame({"重要性": [6.1, 5.2, 4.0, 3.3], "表现": [4.2, 5.9, 3.8, 6.0]}, index=list(ELEMENTS_ZH)),
        importance="重要性", performance="表现")),
    "reliability.plot_htmt": lambda: sxm.reliability.plot_htmt(sxm.reliability.htmt(
        sxm.datasets.load("service_experience"), ELEMENTS_ZH)),
    "pls.plot_paths": lambda: sxm.pls.plot_paths(_pls()),
    "journey.plot": lambda: sxm.journey.plot(sxm.journey.summarize(_journey())),
    "journey.plot[by channel]": lambda: sxm.journey.plot(sxm.journey.summarize(_journey(), by="channel")),
    "plots.path_diagram": lambda: sxm.plots.path_diagram(*sxm.sem.fit(
        "体验 =~ emp1 + emp2 + emp3\n满意度 =~ sat1 + sat2 + sat3\n满意度 ~ 体验",
        sxm.datasets.load("service_experience")).diagram_tables(), engine="matplotlib"),
    "power.plot_power": lambda: sxm.power.plot_power(pd.DataFrame({
        "n": [100, 200, 300] * 2, "lhs": ["满意度"] * 3 + ["忠诚度"] * 3, "op": "~", "rhs": ["体验"] * 3 + ["满意度"] * 3,
        "power": [0.41, 0.68, 0.85, 0.22, 0.39, 0.55], "power_ci_low": [0.31, 0.58, 0.77, 0.15, 0.30, 0.45],
        "power_ci_high": [0.51, 0.77, 0.91, 0.31, 0.49, 0.65]})),
    "plots.quadrant_chart": lambda: sxm.plots.quadrant_chart(
        [1, 2, 3], [3, 1, 2], ["员工", "设施", "过程"], x_cut=2, y_cut=2, hue=["甲", "乙", "甲"],
        quadrant_names={"upper left": "左上", "upper right": "右上", "lower left": "左下", "lower right": "右下"},
        xlabel="表现", ylabel="重要性", title="象限图"),
}


def _plotting_functions():
    found = []
    for module in sxm.__all__:
        mod = getattr(sxm, module)
        for name in getattr(mod, "__all__", []):
            if name.startswith("plot") and callable(getattr(mod, name)):
                found.append(f"{module}.{name}")
    return found


def test_every_plotting_function_has_a_recipe():
    """A new plotting function (in a module's ``__all__``, name starting with ``plot``) needs
    a recipe here so that its Chinese rendering is tested."""
    missing = [f for f in _plotting_functions() if f not in RECIPES]
    assert not missing, f"add a recipe with Chinese labels to tests/test_i18n.py for: {missing}"


def render(recipe, lang: str) -> tuple[bytes, list[str], str]:
    """Draw a recipe in ``lang``; return the PNG, the glyph warnings and every text drawn."""
    import matplotlib.pyplot as plt

    previous = i18n.set_lang(lang)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ax = recipe()
            fig = ax.figure
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png")
        texts = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
        plt.close(fig)
    finally:
        i18n.set_lang(previous)
    glyphs = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    return buffer.getvalue(), glyphs, texts


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("name", list(RECIPES))
def test_plot_renders_chinese_names_without_missing_glyphs(name, lang):
    png, glyphs, texts = render(RECIPES[name], lang)
    assert not glyphs, f"{name} ({lang}): {glyphs[:3]}"
    assert i18n.has_cjk(texts), f"{name} ({lang}): no Chinese text was drawn"
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_editions_command_line_reports_an_unknown_chapter(capsys):
    """python -m sxm.editions status 99: one line on stderr and exit status 2, as the sxm command."""
    from sxm import editions

    assert editions.main(["status", "99"]) == 2
    assert "unknown chapter '99'" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# every plotting function, on the bundled (English-named) data, in the Chinese edition
# --------------------------------------------------------------------------------------
def _bundled_pls():
    data = sxm.datasets.load("ecsi_simulated")
    blocks = {"Image": "IMAG?", "Satisfaction": "CUSA?", "Loyalty": "CUSL?"}
    return sxm.pls.fit(data, blocks, [["Image", "Satisfaction"], ["Satisfaction", "Loyalty"]], n_boot=20, seed=1,
                       n_jobs=1, progress=False)


def _bundled_importance():
    blocks = {"employees": "emp?", "facilities": "fac?", "customers": "cus?", "process": "pro?", "satisfaction": "sat?"}
    return sxm.priorities.derived_importance(sxm.datasets.load("service_experience"), list(blocks)[:4], "satisfaction",
                                             blocks=blocks, by="segment")


def _bundled_elements():
    return {"employees": "emp?", "facilities": "fac?", "customers": "cus?", "process": "pro?"}


BUNDLED = {
    "servqual.plot_profile": lambda: sxm.servqual.plot_profile(sxm.servqual.summarize(_servqual(), per="item")),
    "servqual.plot_gaps": lambda: sxm.servqual.plot_gaps(sxm.servqual.summarize(_servqual())),
    "servqual.plot_zone_of_tolerance": lambda: sxm.servqual.plot_zone_of_tolerance(
        sxm.servqual.zone_of_tolerance(_servqual())),
    "kano.plot_better_worse": lambda: sxm.kano.plot_better_worse(sxm.kano.summarize(sxm.datasets.load("car_rental_kano"))),
    "kano.plot_better_worse[by segment]": lambda: sxm.kano.plot_better_worse(
        sxm.kano.summarize(sxm.datasets.load("car_rental_kano"), by="segment")),
    "kano.plot_categories": lambda: sxm.kano.plot_categories(sxm.kano.summarize(sxm.datasets.load("car_rental_kano"))),
    "kano.plot_continuous": lambda: sxm.kano.plot_continuous(sxm.kano.summarize(sxm.datasets.load("car_rental_kano"))),
    "metrics.plot_estimates": lambda: sxm.metrics.plot_estimates(
        sxm.metrics.nps(sxm.datasets.load("service_experience"), "nps", by="segment", total=True), "nps",
        by="segment", xlabel=i18n.t("metrics.estimates.nps_xlabel"), title=i18n.t("metrics.estimates.nps_title",
                                                                                   level=0.95)),
    "metrics.plot_nps_mix": lambda: sxm.metrics.plot_nps_mix(
        sxm.metrics.nps(sxm.datasets.load("service_experience"), "nps", by="segment"), by="segment"),
    "metrics.plot_elements": lambda: sxm.metrics.plot_elements(
        sxm.metrics.experience_index(sxm.datasets.load("service_experience"), _bundled_elements(),
                                     {e: 0.25 for e in _bundled_elements()}),
        by=sxm.datasets.load("service_experience")["segment"]),
    "metrics.plot_weights": lambda: sxm.metrics.plot_weights(sxm.metrics.compare_weights(
        sxm.datasets.load("service_experience"), _bundled_elements(),
        {"A": {e: 0.25 for e in _bundled_elements()}, "B": {"employees": 0.7, "facilities": 0.1, "customers": 0.1,
                                                            "process": 0.1}}, by="segment"), by="segment"),
    "metrics.plot_disconfirmation": lambda: sxm.metrics.plot_disconfirmation(sxm.metrics.disconfirmation(
        sxm.datasets.load("service_experience"), _bundled_elements(),
        dict(zip(_bundled_elements(), ["emp_exp", "fac_exp", "cus_exp", "pro_exp"]))),
        by=sxm.datasets.load("service_experience")["segment"]),
    "priorities.plot_importance": lambda: sxm.priorities.plot_importance(_bundled_importance()),
    "priorities.plot_ipa": lambda: sxm.priorities.plot_ipa(sxm.priorities.ipa(
        sxm.journey.summarize(sxm.datasets.load("car_rental_journey")).set_index("touchpoint"),
        importance="importance", performance="perception")),
    "reliability.plot_htmt": lambda: sxm.reliability.plot_htmt(sxm.reliability.htmt(
        _servqual(), sxm.servqual.item_blocks("P{}"), missing="pairwise")),
    "pls.plot_paths": lambda: sxm.pls.plot_paths(_bundled_pls()),
    "journey.plot": lambda: sxm.journey.plot(sxm.journey.summarize(sxm.datasets.load("car_rental_journey"))),
    "journey.plot[by channel]": lambda: sxm.journey.plot(
        sxm.journey.summarize(sxm.datasets.load("car_rental_journey"), by="channel")),
    # chapter 7's targets: paths between the constructs of chapter 3's model and a := effect
    "power.plot_power": lambda: sxm.power.plot_power(pd.DataFrame({
        "n": [100, 300] * 3, "lhs": ["loyalty"] * 4 + ["indirect"] * 2, "op": ["~"] * 4 + [":="] * 2,
        "rhs": ["experience"] * 2 + ["satisfaction"] * 2 + ["a*b"] * 2, "power": [0.12, 0.41, 0.53, 0.9, 0.26, 0.88],
        "power_ci_low": [0.07, 0.32, 0.43, 0.83, 0.18, 0.8], "power_ci_high": [0.2, 0.51, 0.63, 0.94, 0.35, 0.93]})),
}

# Latin words a Chinese figure may keep: acronyms and names of methods, code identifiers
# (column names such as relative_weights).
LATIN_OK = {"Better", "Worse", "NPS", "HTMT", "PLS", "CB", "SEM", "IPA", "SERVQUAL", "Kano", "MSA", "MSS", "CI", "SE",
            "SD", "relative_weights", "nps"}


@pytest.mark.parametrize("name", list(BUNDLED))
def test_chinese_figures_of_the_bundled_data_have_no_english_words(name):
    """In the Chinese edition, the fixed words and the bundled data's category values of a
    figure are Chinese: every Latin word drawn is an acronym or a code identifier."""
    png, glyphs, texts = render(BUNDLED[name], "zh")
    assert not glyphs, f"{name}: {glyphs[:3]}"
    english = sorted({w for w in re.findall(r"[A-Za-z_]{2,}", texts) if w not in LATIN_OK})
    assert not english, f"{name} (zh): English words drawn: {english}"
    en_png, _, en_texts = render(BUNDLED[name], "en")
    assert not i18n.has_cjk(en_texts), f"{name} (en): Chinese words in the English figure"


def test_labels_of_the_bundled_data_sets_cover_their_category_values():
    """Every category value of a bundled data set has one Chinese label (the same value the
    same label in every data set), and nothing else is labelled; the constructs of the model
    of the chapter that reads the data set (its MODEL parameter) are labelled too."""
    chapters = [runner.load_chapter(p) for p in ENGLISH]
    seen: dict[str, str] = {}
    for name in sxm.datasets.catalog()["name"]:
        meta = sxm.datasets.info(name)
        data = pd.read_csv(sxm.datasets.path(name))
        text_columns = {c for c in data.columns if not pd.api.types.is_numeric_dtype(data[c])
                        and c not in ("comment", meta["id_column"]) and data[c].nunique() < 40}
        found = meta["labels"] or {}
        assert text_columns <= set(found), f"{name}: no labels for the category columns {text_columns - set(found)}"
        for column, values in found.items():
            if column == "attribute":
                expected = set(sxm.kano.infer_attributes(data, "{}_func", "{}_dysf"))
            elif column == "construct":
                models = [c.parameters["MODEL"].default for c in chapters
                          if "MODEL" in c.parameters and c.parameters.get("DATA") and c.parameters["DATA"].default == name]
                assert models, f"{name}: construct labels, but no chapter fits a MODEL to it"
                expected = set(sxm.model.parse(models[0]).latent)
            else:
                assert column in data.columns, f"{name}: labels of {column!r}, which is not a column"
                expected = set(data[column].dropna().unique())
            assert set(values) == expected, f"{name}: {column}: labelled {sorted(values)}, values {sorted(expected)}"
            for value, zh in values.items():
                assert i18n.has_cjk(zh), f"{name}: {value}: {zh!r} is not Chinese"
                assert seen.setdefault(value, zh) == zh, f"{value!r} is labelled {seen[value]!r} and {zh!r}"
    words = {v: i18n.t(k, "zh") for v, k in i18n.VALUES.items()}
    clash = {v for v in set(words) & set(seen) if words[v] != seen[v]}
    assert not clash, f"values labelled differently by sxm.i18n.VALUES and a data set: {clash}"
    by_label = {}
    for value, zh in seen.items():  # Satisfaction (ECSI) and satisfaction (ACSI) may share 满意度
        assert by_label.setdefault(zh, value.lower()) == value.lower(), f"{value!r} and another value share {zh!r}"


def test_show_relabels_for_the_chinese_edition_and_keeps_the_data():
    table = sxm.journey.summarize(sxm.datasets.load("car_rental_journey"), by="channel")
    before = table.copy()
    try:
        sxm.nb.setup(seed=1, lang="zh")
        shown = sxm.nb.show(table[["stage", "touchpoint", "channel", "gap", "pvalue"]], "7. By channel")
        pivot = sxm.nb.show(table.pivot_table(index="touchpoint", columns="channel", values="n"))
    finally:
        sxm.nb.setup(seed=1, lang="en")
    assert shown["touchpoint"].iloc[0] == "查找车辆" and shown["stage"].iloc[0] == "搜索"
    assert set(shown["channel"]) <= {"网站", "手机应用", "柜台", "电话", "面对面"}
    assert list(shown.columns) == ["stage", "touchpoint", "channel", "gap", "pvalue"], "column names stay identifiers"
    assert "柜台" in pivot.columns and "取车等候" in pivot.index
    pd.testing.assert_frame_equal(table, before)
    english = sxm.nb.show(table[["touchpoint"]])
    assert english["touchpoint"].iloc[0] == "find a car"


def test_a_bold_chinese_title_leaves_no_findfont_warning(caplog):
    """Noto Sans SC has no bold face; matplotlib's warning about it (on stderr in every
    stored notebook of the Chinese edition) is dropped, and the title still renders."""
    import logging

    import matplotlib.pyplot as plt

    import sxm.plots

    sxm.plots.set_theme()
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        fig, ax = plt.subplots()
        ax.set_title("客户旅程图 journey", fontweight="bold", fontsize=13.37)  # a size no other test caches
        fig.canvas.draw()
        plt.close(fig)
    assert not [r.getMessage() for r in caplog.records if "findfont" in r.getMessage()]


# --------------------------------------------------------------------------------------
# the path diagram (sxm.plots.path_diagram behind SEMResult.diagram and PLSResult.diagram)
# --------------------------------------------------------------------------------------
def _chapter_parameters(stem: str) -> dict:
    chapter = runner.load_chapter(next(runner.NOTEBOOKS.glob(f"{stem}_*.ipynb")))
    return {name: p.default for name, p in chapter.parameters.items()}


def _sem_diagram(engine="matplotlib"):
    p = _chapter_parameters("03")
    return sxm.sem.fit(p["MODEL"], sxm.datasets.load(p["DATA"])).diagram(engine=engine)


def test_path_diagram_in_chinese_names_the_constructs_in_chinese():
    """Chapter 3's diagram in the Chinese edition: the constructs of the bundled model are
    written 服务质量, 体验, 满意度, 忠诚度 (items keep their names); node ids stay the names."""
    png, glyphs, texts = render(_sem_diagram, "zh")
    assert not glyphs
    for word in ("服务质量", "体验", "满意度", "忠诚度", "sq1", "R² ="):
        assert word in texts, f"{word} is not on the Chinese diagram"
    assert not re.search(r"\b(quality|experience|satisfaction|loyalty)\b", texts)
    _, _, english = render(_sem_diagram, "en")
    assert "satisfaction" in english and not i18n.has_cjk(english)
    previous = i18n.set_lang("zh")
    try:
        nodes, edges = sxm.sem.fit(_chapter_parameters("03")["MODEL"],
                                   sxm.datasets.load("acsi_experience")).diagram_tables()
        dot = sxm.plots.path_dot(nodes, edges)
    finally:
        i18n.set_lang(previous)
    assert '"satisfaction" [shape=ellipse, label="满意度\\nR² =' in dot


def test_path_diagram_with_chinese_names_avoids_a_dot_without_chinese_fonts(monkeypatch):
    """graphviz draws Chinese with the machine's fonts (fontconfig), not the bundled one: where
    it has none, engine="auto" draws Chinese labels with matplotlib instead of boxes."""
    if sxm.plots.shutil.which("dot") is None:
        pytest.skip("graphviz's dot is not installed")
    nodes = pd.DataFrame({"name": ["满意度", "满意1", "满意2"], "kind": ["latent", "observed", "observed"]})
    edges = pd.DataFrame({"source": ["满意度"] * 2, "target": ["满意1", "满意2"], "kind": ["loading"] * 2,
                          "est": [0.8, 0.7]})
    monkeypatch.setitem(sxm.plots._DOT_FONTS, "cjk", False)
    ax = sxm.plots.path_diagram(nodes, edges)
    assert not ax.images and any(str(p.get_gid()) == "node:满意度" for p in ax.patches)
    monkeypatch.setitem(sxm.plots._DOT_FONTS, "cjk", True)
    assert sxm.plots.path_diagram(nodes, edges).images, "with a Chinese font graphviz draws it"
    english = nodes.assign(name=["sat", "sat1", "sat2"])
    monkeypatch.setitem(sxm.plots._DOT_FONTS, "cjk", False)
    assert sxm.plots.path_diagram(english, edges.assign(source="sat", target=["sat1", "sat2"])).images
