"""Tests of sxm.io: every format read_survey reads, every class of bad input, pseudonymize."""
import json

import numpy as np
import pandas as pd
import pytest

from sxm.io import (SurveyError, SurveyTypeError, check_unique_ids, expand_items, find_pii, numeric_items,
                    pseudonymize, read_survey)


@pytest.fixture
def survey():
    return pd.DataFrame(
        {
            "id": [101, 102, 103, 104],
            "P1": [1, 4, 7, 5],
            "P2": [2.0, np.nan, 3.0, 6.0],
            "segment": ["a", "b", "a", "b"],
        }
    )


def test_dataframe_is_copied_and_items_become_float(survey):
    before = survey.copy()
    out = read_survey(survey, scale=(1, 7), items=["P1", "P2"], id_column="id")
    pd.testing.assert_frame_equal(survey, before)
    assert out is not survey
    assert out["P1"].dtype == "float64" and out["segment"].tolist() == ["a", "b", "a", "b"]
    assert out.attrs["missing"] == {"P1": 0, "P2": 1}
    assert np.isnan(out.loc[1, "P2"])  # missing answers are kept, never filled


def test_items_default_to_numeric_columns_when_scale_given(survey):
    out = read_survey(survey, scale=(1, 7), id_column="id")
    assert set(out.attrs["missing"]) == {"P1", "P2"}


def test_csv_with_semicolons_and_bom(tmp_path, survey):
    path = tmp_path / "s.csv"
    path.write_text("\ufeff" + survey.to_csv(index=False, sep=";"), encoding="utf-8")
    out = read_survey(path, scale=(1, 7), items="P*", id_column="id")
    assert list(out.columns) == ["id", "P1", "P2", "segment"]
    assert out["P1"].tolist() == [1, 4, 7, 5]


def test_qualtrics_export_skips_two_header_rows(tmp_path):
    """A Qualtrics CSV has question texts and ImportId JSON rows under the header."""
    rows = [
        "ResponseId,Q1,Q2",
        '"Response ID","How clean was the car?","How friendly was the staff?"',
        '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2""}"',
        "R_1,5,4",
        "R_2,3,",
    ]
    path = tmp_path / "qualtrics.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = read_survey(path, scale=(1, 5), items=["Q1", "Q2"], id_column="ResponseId")
    assert out.attrs["format"] == "qualtrics"
    assert out.attrs["questions"]["Q1"] == "How clean was the car?"
    assert out["Q1"].tolist() == [5.0, 3.0] and out.attrs["missing"]["Q2"] == 1


def test_excel_round_trip(tmp_path, survey):
    path = tmp_path / "s.xlsx"
    survey.to_excel(path, index=False)
    out = read_survey(path, scale=(1, 7), items=["P1", "P2"], id_column="id")
    assert out.attrs["format"] == "excel" and out["P1"].sum() == 17


def test_spss_round_trip_keeps_question_labels(tmp_path, survey):
    pyreadstat = pytest.importorskip("pyreadstat")
    path = tmp_path / "s.sav"
    pyreadstat.write_sav(survey, str(path), column_labels=["id", "Staff were friendly", "Car was clean", "seg"])
    out = read_survey(path, scale=(1, 7), items=["P1", "P2"], id_column="id")
    assert out.attrs["format"] == "spss" and out.attrs["questions"]["P1"] == "Staff were friendly"
    assert out.attrs["missing"]["P2"] == 1


def test_nullable_dtypes_and_numbers_as_text():
    df = pd.DataFrame({"P1": pd.array([1, None, 3], dtype="Int64"), "P2": ["1", " 2 ", ""]})
    out = numeric_items(df, ["P1", "P2"], scale=(1, 5))
    assert out["P1"].isna().tolist() == [False, True, False]
    assert out["P2"].tolist()[:2] == [1.0, 2.0] and np.isnan(out["P2"].iloc[2])


@pytest.mark.parametrize(
    "change, kwargs, match",
    [
        (lambda d: d.assign(P1=[1, 4, 9, 5]), dict(scale=(1, 7)), r"column 'P1': answers must lie on the scale 1 to 7; found 9 for respondent id 103"),
        (lambda d: d.assign(P2=["2", "x", "3", "6"]), dict(scale=(1, 7)), r"column 'P2': answers must be numbers; found 'x' for respondent id 102"),
        (lambda d: d, dict(items=["P1", "P3"]), r"missing required column 'P3'"),
        (lambda d: d.assign(id=[101, 102, 102, 104]), dict(), r"column 'id': respondent ids must be unique; id 102 appears 2 times"),
        (lambda d: d.assign(P2=[3, 3, 3, 3]), dict(scale=(1, 7)), r"column 'P2': an item must vary .* every answer is 3"),
        (lambda d: d.assign(P2=np.nan), dict(items=["P1", "P2"]), r"column 'P2': has no answers at all"),
        (lambda d: d.iloc[0:0], dict(), r"needs at least 1 respondent"),
        (lambda d: d.assign(P1=[1, np.inf, 2, 3]), dict(items=["P1"]), r"column 'P1': answers must be finite"),
    ],
    ids=["out-of-scale", "non-numeric", "missing-column", "duplicate-id", "constant", "all-missing", "empty", "infinite"],
)
def test_bad_input_gets_one_clear_error(survey, change, kwargs, match):
    data = change(survey)
    before = data.copy()
    kwargs = {"id_column": "id", **kwargs}
    with pytest.raises(SurveyError, match=match):
        read_survey(data, **kwargs)
    pd.testing.assert_frame_equal(data, before)


def test_bad_sources(tmp_path):
    with pytest.raises(SurveyTypeError, match="source: must be a DataFrame or a path"):
        read_survey([1, 2, 3])
    with pytest.raises(SurveyError, match="no such file"):
        read_survey(tmp_path / "nope.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SurveyError, match="the file is empty"):
        read_survey(empty)
    other = tmp_path / "data.json"
    other.write_text(json.dumps({"a": 1}))
    with pytest.raises(SurveyError, match="unknown file type '.json'"):
        read_survey(other)


def test_scale_must_be_a_pair(survey):
    with pytest.raises(SurveyTypeError, match="scale"):
        read_survey(survey, scale=7, items=["P1"])
    with pytest.raises(SurveyError, match="low must be below high"):
        read_survey(survey, scale=(7, 1), items=["P1"])


def test_expand_items_patterns(survey):
    assert expand_items(survey, "P*") == ["P1", "P2"]
    assert expand_items(survey, ["P2", "P*"]) == ["P2", "P1"]
    with pytest.raises(SurveyError, match="matches no column"):
        expand_items(survey, "Q*")


def test_missing_ids_are_an_error(survey):
    with pytest.raises(SurveyError, match="respondent ids must not be missing"):
        check_unique_ids(survey.assign(id=[1, None, 3, 4]), "id")


def test_pseudonymize_hashes_consistently_and_drops_text():
    df = pd.DataFrame(
        {
            "email": ["ann@x.com", "bob@y.com", "ann@x.com", None],
            "comment": ["Ann at the desk was great", "slow", "ok", "fine"],
            "P1": [5, 3, 4, 2],
        }
    )
    before = df.copy()
    out = pseudonymize(df, ["email"], salt="s3cret", drop=["comment"])
    pd.testing.assert_frame_equal(df, before)
    assert "comment" not in out.columns and out["P1"].tolist() == [5, 3, 4, 2]
    assert out["email"][0] == out["email"][2] != out["email"][1]
    assert out["email"][3] is None
    # the pseudonym is HMAC-SHA256(salt, value), truncated: checked independently here
    import hashlib
    import hmac

    expected = hmac.new(b"s3cret", b"ann@x.com", hashlib.sha256).hexdigest()[:16]
    assert out["email"][0] == expected
    assert "ann@x.com" not in out.to_string()
    # another salt gives unlinkable pseudonyms
    assert pseudonymize(df, "email", salt="other")["email"][0] != expected


def test_pseudonymize_bad_input():
    df = pd.DataFrame({"email": ["a@b.com"]})
    with pytest.raises(SurveyError, match="missing required column 'name'"):
        pseudonymize(df, ["name"])
    with pytest.raises(SurveyError, match="length"):
        pseudonymize(df, ["email"], length=4)


def test_find_pii():
    df = pd.DataFrame({"mail": ["a@b.com", "c@d.org", None], "phone": ["+86 139 1234 5678", "010-8888 7777", "555 123 4567"],
                       "city": ["Xi'an", "Beijing", "Shanghai"], "P1": [1, 2, 3]})
    assert find_pii(df) == ["mail", "phone"]


def test_errors_name_respondents_by_id_or_1_based_position(survey):
    """The third respondent (pandas row 2) is 'respondent 3', or 'respondent id 103' when ids are known."""
    bad = survey.assign(P1=[1, 4, 9, 5])
    with pytest.raises(SurveyError, match=r"found 9 for respondent id 103$"):
        read_survey(bad, scale=(1, 7), items=["P1"], id_column="id")
    with pytest.raises(SurveyError, match=r"found 9 for respondent 3$"):
        read_survey(bad, scale=(1, 7), items=["P1"])
    # the id column travels with the data read, so later checks name the same respondent
    clean = read_survey(survey, scale=(1, 7), items=["P1", "P2"], id_column="id")
    assert clean.attrs["id_column"] == "id"
    with pytest.raises(SurveyError, match=r"found 6 for respondent id 104"):
        numeric_items(clean, ["P2"], scale=(1, 5))
    with pytest.raises(SurveyError, match=r"respondents 2, 3\)"):
        check_unique_ids(survey.assign(id=[1, 2, 2, 4]), "id")
