"""Tests of sxm.datasets: bundled data by name, the user's own files by path, one clear error."""
from __future__ import annotations

import importlib.util

import numpy as np
import pandas as pd
import pytest

from sxm import datasets
from sxm.io import SurveyError, SurveyTypeError


def test_load_bundled_service_experience():
    df = datasets.load("service_experience")
    assert df.shape == (600, 27)
    assert df.attrs["name"] == "service_experience"
    assert df["respondent_id"].is_unique
    assert df["segment"].value_counts().to_dict() == {"airline": 200, "cinema": 200, "dental clinic": 200}
    # the sidecar's items are validated on 1-7 and returned as float64
    assert df["emp1"].dtype == "float64" and df["ces"].dtype == "float64"
    assert df.attrs["missing"]["emp1"] == 0
    assert df["nps"].between(0, 10).all() and df["csat"].between(1, 5).all()


def test_keywords_override_the_sidecar():
    with pytest.raises(SurveyError, match=r"column 'emp1': answers must lie on the scale 1 to 5"):
        datasets.load("service_experience", scale=(1, 5))
    df = datasets.load("service_experience", items=["nps"], scale=(0, 10))
    assert df["nps"].dtype == "float64" and df["emp1"].dtype == "int64"


def test_list_and_path():
    table = datasets.catalog()
    assert list(table.columns) == ["name", "title", "chapter", "rows", "columns", "scale", "description"]
    row = table.set_index("name").loc["service_experience"]
    assert (row["rows"], row["columns"], row["chapter"], row["scale"]) == (600, 27, 1, (1, 7))
    p = datasets.path("service_experience")
    assert p.exists() and p.parent == datasets.DATA_DIR


def test_unknown_name_lists_the_bundled_sets():
    with pytest.raises(SurveyError, match=r"'nope'.*bundled data sets: .*'service_experience'"):
        datasets.load("nope")
    with pytest.raises(SurveyError, match="bundled data sets"):
        datasets.path("nope")
    with pytest.raises(SurveyTypeError):
        datasets.load(42)
    with pytest.raises(SurveyTypeError, match="unknown keyword 'sep'"):
        datasets.load("service_experience", sep=";")


def test_user_file_goes_through_read_survey(tmp_path):
    csv = tmp_path / "my_survey.csv"
    pd.DataFrame({"id": [1, 2, 3], "q1": [1, 5, 3], "q2": [2, 2, 4]}).to_csv(csv, index=False)
    for source in (csv, str(csv)):
        df = datasets.load(source, scale=(1, 5), id_column="id")
        assert df.attrs["name"] == "my_survey"
        assert df["q1"].dtype == "float64"
    with pytest.raises(SurveyError, match="answers must lie on the scale 1 to 4; found 5 for respondent 2"):
        datasets.load(csv, scale=(1, 4))
    with pytest.raises(SurveyError, match="no such file"):
        datasets.load(tmp_path / "missing.csv")


def test_dataframe_source_is_copied():
    raw = pd.DataFrame({"q1": [1, 2, 3]})
    before = raw.copy()
    out = datasets.load(raw, scale=(1, 5))
    assert out["q1"].dtype == "float64"
    pd.testing.assert_frame_equal(raw, before)


def test_sidecar_defaults_and_errors(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)
    pd.DataFrame({"rid": [1, 2], "a1": [1, 3], "a2": [2, 3], "note": ["x", "y"]}).to_csv(tmp_path / "toy.csv", index=False)
    (tmp_path / "toy.yaml").write_text("title: Toy\nscale: [1, 3]\nid_column: rid\nitems: 'a*'\nchapter: 9\n")
    (tmp_path / "orphan.csv").write_text("a\n1\n")  # no sidecar: not a bundled data set
    assert datasets.catalog()["name"].tolist() == ["toy"]
    df = datasets.load("toy")
    assert df.attrs["missing"] == {"a1": 0, "a2": 0}
    (tmp_path / "toy.yaml").write_text("title: Toy\nscale: [1, 2]\nitems: 'a*'\n")
    with pytest.raises(SurveyError, match="scale 1 to 2; found 3"):
        datasets.load("toy")
    (tmp_path / "toy.yaml").write_text("title: Toy\nscales: [1, 2]\n")
    with pytest.raises(SurveyError, match="unknown key 'scales'"):
        datasets.load("toy")
    (tmp_path / "toy.yaml").write_text("scale: 7\n")
    with pytest.raises(SurveyError, match=r"scale must be \[low, high\]"):
        datasets.load("toy")
    with pytest.raises(SurveyError, match="bundled data sets: 'toy'"):
        datasets.load("orphan")


def _generator():
    script = datasets.DATA_DIR / "scripts" / "make_service_experience.py"
    spec = importlib.util.spec_from_file_location("make_service_experience", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_rewrites_the_csv_bit_for_bit():
    made = _generator().make().to_csv(index=False, lineterminator="\n")
    assert made == datasets.path("service_experience").read_text()


def test_service_experience_element_weights_differ_by_segment():
    """The true weights (data/README.md) put employees first for the dental clinic,
    facilities first for the cinema and process first for the airline; the item-mean
    correlations with satisfaction must rank the same element first in each service."""
    df = datasets.load("service_experience")
    top = {}
    for segment, g in df.groupby("segment"):
        sat = g[["sat1", "sat2", "sat3"]].mean(axis=1)
        r = {e: np.corrcoef(g.filter(regex=f"^{e}[123]$").mean(axis=1), sat)[0, 1] for e in ("emp", "fac", "cus", "pro")}
        top[segment] = max(r, key=r.get)
    assert top == {"dental clinic": "emp", "cinema": "fac", "airline": "pro"}


def test_reading_options_pass_through_and_empty_means_not_given(tmp_path):
    """A chapter passes ENCODING, MISSING_CODES, CODEBOOK straight on; '' and [] mean 'not given'."""
    path = tmp_path / "gbk.csv"
    path.write_bytes("编号,满意1,满意2\r\n1,非常满意,4\r\n2,一般,99\r\n3,满意,2\r\n".encode("gbk"))
    df = datasets.load(str(path), scale=(1, 5), id_column="编号", encoding="", missing_codes=[99], codebook="",
                       answer_labels=None)
    assert df["满意1"].tolist() == [5, 3, 4] and df.attrs["missing_codes"] == {"满意2": 1}
    book = tmp_path / "book.yaml"
    book.write_text("items:\n  满意*: SAT\n", encoding="utf-8")
    df = datasets.load(str(path), encoding="gb18030", missing_codes=[99], codebook=str(book), scale=(1, 5))
    assert list(df.columns) == ["编号", "SAT1", "SAT2"] and df.attrs["encoding"] == "gb18030"
    with pytest.raises(SurveyTypeError, match=r"load: unknown keyword 'encodings'"):
        datasets.load(str(path), encodings="gbk")
