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
    with pytest.raises(SurveyError, match=r"found 9 for respondent id 103;"):
        read_survey(bad, scale=(1, 7), items=["P1"], id_column="id")
    with pytest.raises(SurveyError, match=r"found 9 for respondent 3;"):
        read_survey(bad, scale=(1, 7), items=["P1"])
    # the id column travels with the data read, so later checks name the same respondent
    clean = read_survey(survey, scale=(1, 7), items=["P1", "P2"], id_column="id")
    assert clean.attrs["id_column"] == "id"
    with pytest.raises(SurveyError, match=r"found 6 for respondent id 104"):
        numeric_items(clean, ["P2"], scale=(1, 5))
    with pytest.raises(SurveyError, match=r"respondents 2, 3\)"):
        check_unique_ids(survey.assign(id=[1, 2, 2, 4]), "id")


# --------------------------------------------------------------------------------------
# real files as users have them: each reads to the numbers of its clean twin
# --------------------------------------------------------------------------------------
from fixtures import surveys  # noqa: E402  (tests/fixtures/surveys.py builds the files)

from sxm.io import ANSWER_SETS, SetAside, codebook_template  # noqa: E402


@pytest.fixture(scope="module")
def twin():
    return surveys.clean_twin()


@pytest.mark.parametrize("build", surveys.PLAIN + surveys.EXPORTS, ids=lambda b: b.__name__)
def test_every_file_reads_to_the_numbers_of_its_clean_twin(build, twin, tmp_path):
    """GBK/UTF-8-BOM/UTF-16/semicolon CSVs, 99 codes, SPSS, Wenjuanxing, Tencent, SurveyMonkey
    and Qualtrics exports of the same respondents give the same items, groups and ids."""
    path, kwargs, names = build(tmp_path, twin)
    if build in (surveys.wenjuanxing_xlsx, surveys.tencent_csv):  # raw exports: via a starter codebook
        codebook_template(path, tmp_path / "codebook.yaml")
        kwargs = {**kwargs, "codebook": tmp_path / "codebook.yaml"}
    df = read_survey(path, **kwargs)
    items = [names.get(c, c) for c in surveys.item_names()]
    got = df[items].set_axis(surveys.item_names(), axis=1)
    pd.testing.assert_frame_equal(got, twin[surveys.item_names()], check_dtype=True)
    assert df.attrs["missing"] == dict(zip(items, twin[surveys.item_names()].isna().sum().tolist()))
    ids = df[names.get("id", "id")]
    ids = ids.astype("int64") if pd.api.types.is_numeric_dtype(ids) else ids.str.extract(r"(\d+)$")[0].astype("int64")
    assert ids.mod(10**6).tolist() == twin["id"].tolist()  # R_00001, 11000000001 (SurveyMonkey), 1
    gender = df[names.get("gender", "gender")].astype(str).str.lower().map({"女": "female", "男": "male"}.get) \
        if build in (surveys.gbk_csv, surveys.utf8_bom_csv, surveys.utf16_tab, surveys.wenjuanxing_xlsx,
                     surveys.tencent_csv) else df[names.get("gender", "gender")].astype(str).str.lower()
    assert gender.tolist() == twin["gender"].tolist()
    assert df.attrs["id_column"] == names.get("id", "id")


def test_the_chinese_files_are_what_excel_writes(twin, tmp_path):
    gbk = surveys.gbk_csv(tmp_path, twin)[0].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert b"\r\n" in gbk and gbk.decode("gbk").startswith("编号,性别,可靠性1")
    assert surveys.utf16_tab(tmp_path, twin)[0].read_bytes()[:2] == b"\xff\xfe"
    df = read_survey(tmp_path / "gbk_excel.csv", scale=(1, 5), id_column="编号")
    assert (df.attrs["encoding"], df.attrs["delimiter"]) == ("gb18030", ",")
    assert list(df.columns)[:3] == ["编号", "性别", "可靠性1"]  # the names the user sees


def test_undecodable_file_names_the_encodings_tried_and_the_option(tmp_path):
    big5 = tmp_path / "big5.csv"
    big5.write_bytes(("編號,服務態度,滿意程度\n" + "\n".join(f"{i},非常滿意,滿意" for i in range(40))).encode("big5"))
    with pytest.raises(SurveyError, match=r"big5\.csv: cannot tell its text encoding: it is not UTF-8 .* GB18030 "
                                          r"\(GBK, GB2312\) or UTF-16 .* encoding=") as info:
        read_survey(big5)
    assert "ENCODING parameter" in str(info.value)
    assert read_survey(big5, encoding="big5").columns.tolist() == ["編號", "服務態度", "滿意程度"]
    noise = tmp_path / "noise.csv"
    noise.write_bytes(b"a,b\n\xff\xfe\x80,1\n")
    with pytest.raises(SurveyError, match=r"noise\.csv: cannot tell its text encoding"):
        read_survey(noise)
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("编号,满意\r\n1,4\r\n".encode("gbk"))
    with pytest.raises(SurveyError, match=r"gbk\.csv: cannot be read as utf-8: byte 0xb1 at position 0 .* leave "
                                          r"encoding out"):
        read_survey(gbk, encoding="utf-8")
    with pytest.raises(SurveyError, match=r"encoding: unknown text encoding 'gbkk'"):
        read_survey(gbk, encoding="gbkk")


def test_delimiters_are_detected_even_with_quoted_separators(tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_text('id;comment;P1\n1;"late, but friendly";4\n2;"ok; fine";5\n3;none;3\n', encoding="utf-8")
    df = read_survey(path, items=["P1"])
    assert df["comment"].tolist() == ["late, but friendly", "ok; fine", "none"] and df.attrs["delimiter"] == ";"


def test_missing_codes_become_missing_answers_and_are_counted():
    raw = pd.DataFrame({"id": [99, 2, 3, 4], "Q1": [4, 99, 5, -3], "Q2": ["2", "99", "(跳过)", "3"],
                        "group": ["a", "b", "99", "a"]})
    out = read_survey(raw, missing_codes=[99, -3, "(跳过)"], scale=(1, 5), items=["Q1", "Q2"], id_column="id")
    assert out["Q1"].isna().tolist() == [False, True, False, True] and out["Q1"].dtype == "float64"
    assert out["Q2"].isna().tolist() == [False, True, True, False]
    assert out.attrs["missing_codes"] == {"Q1": 2, "Q2": 2, "group": 1}  # never in the id column
    assert out["id"].tolist() == [99, 2, 3, 4]
    assert "answers read as missing (codes 99, -3, '(跳过)'): 'Q1' 2, 'Q2' 2, 'group' 1" in out.attrs["notes"][0]
    with pytest.raises(SurveyTypeError, match=r"missing_codes: must be a list of codes"):
        read_survey(raw, missing_codes={"99": "dk"})


def test_99_left_in_names_the_missing_codes_option():
    raw = pd.DataFrame({"Q1": [4, 99, 5, 3], "Q2": [1, 2, 3, 4]})
    with pytest.raises(SurveyError, match=r"column 'Q1': answers must lie on the scale 1 to 5; found 99 for "
                                          r"respondent 2.*missing_codes=\[99\]"):
        read_survey(raw, scale=(1, 5))


def test_builtin_answer_sets_in_chinese_and_english():
    assert set(ANSWER_SETS) == {"agree5", "agree7", "satisfied5", "satisfied7", "important5"}
    assert ANSWER_SETS["agree5"]["非常不同意"] == 1 and ANSWER_SETS["agree5"]["非常同意"] == 5
    assert ANSWER_SETS["agree7"]["strongly agree"] == 7 and ANSWER_SETS["satisfied7"]["有点满意"] == 5
    for name, table in ANSWER_SETS.items():
        points = max(table.values())
        assert sorted(set(table.values())) == list(range(1, points + 1)), name
        assert {"一般"} <= set(table) and any(w in table for w in ("neutral", "moderately important")), name


def test_text_answers_recoded_with_the_set_they_belong_to():
    raw = pd.DataFrame({
        "A1": ["非常同意", "同意", "一般", "不同意", "非常不同意"],
        "A2": ["Strongly agree", " agree", "NEUTRAL", "Disagree", "strongly disagree"],  # case, spaces
        "S1": ["非常满意", "满意", "一般", "不满意", "非常不满意"],
        "g": ["男", "女", "男", "女", "男"],
    })
    out = read_survey(raw, scale=(1, 5))
    assert out[["A1", "A2", "S1"]].to_numpy().tolist() == [[5, 5, 5], [4, 4, 4], [3, 3, 3], [2, 2, 2], [1, 1, 1]]
    assert out.attrs["answer_labels"] == {"A1": "agree5", "A2": "agree5", "S1": "satisfied5"}
    assert out["g"].tolist() == ["男", "女", "男", "女", "男"]
    assert any("'agree5'" in note and "recognized automatically" in note for note in out.attrs["notes"])


def test_one_seven_point_answer_puts_the_whole_battery_on_seven_points():
    """'同意' is 4 on five points and 6 on seven: a battery that uses '有点同意' anywhere is 7-point."""
    raw = pd.DataFrame({"A1": ["非常同意", "同意", "一般", "非常不同意"], "A2": ["有点同意", "同意", "一般", "不同意"]})
    out = read_survey(raw)
    assert out.attrs["answer_labels"] == {"A1": "agree7", "A2": "agree7"}
    assert out["A1"].tolist() == [7, 6, 4, 1] and out["A2"].tolist() == [5, 6, 4, 2]
    # the scale, or the set named, decides for a battery that could be either
    five = pd.DataFrame({"A1": ["非常同意", "同意", "一般", "非常不同意"], "A2": ["同意", "同意", "一般", "不同意"]})
    assert read_survey(five, scale=(1, 7)).attrs["answer_labels"]["A1"] == "agree7"
    assert read_survey(five, answer_labels="agree7")["A1"].tolist() == [7, 6, 4, 1]
    assert read_survey(five)["A1"].tolist() == [5, 4, 3, 1]


def test_answer_label_mapping_extends_the_sets_and_typos_are_named():
    raw = pd.DataFrame({"A1": ["非常同意", "比较赞同", "一般", "不同意"], "A2": ["很好", "好", "差", "好"]})
    with pytest.raises(SurveyError, match=r"column 'A1': answers must be numbers or answer labels; found '比较赞同' "
                                          r"for respondent 2, which is not in the built-in answer set 'agree5'.*"
                                          r"answer_labels=\{'比较赞同': <number>\}"):
        read_survey(raw, items=["A1"])
    out = read_survey(raw, answer_labels={"比较赞同": 4, "很好": 3, "好": 2, "差": 1}, items=["A1", "A2"])
    assert out["A1"].tolist() == [5, 4, 3, 2] and out["A2"].tolist() == [3, 2, 1, 2]
    assert out.attrs["answer_labels"] == {"A1": "agree5", "A2": "your mapping"}
    with pytest.raises(SurveyError, match=r"answer_labels: unknown answer set 'agree_5'; the built-in sets are"):
        read_survey(raw, answer_labels="agree_5")
    with pytest.raises(SurveyTypeError, match=r"answer_labels: must map answer texts to numbers"):
        read_survey(raw, answer_labels={"很好": "five"})


def test_codebook_yaml_with_patterns_scales_reverse_coding(tmp_path):
    raw = pd.DataFrame({
        "序号": [1, 2, 3, 4],
        "1、您的性别": ["男", "女", "女", "男"],
        "2、服务人员总是乐于帮助我（可靠性）": [5, 4, 2, 1],
        "3、服务人员值得信赖（可靠性）": [4, 4, 1, 2],
        "4、等候时间太长（可靠性）": [1, 2, 4, 5],  # negatively worded: reverse-coded
        "5、总体满意度": [7, 6, 2, 1],
    })
    book = tmp_path / "codebook.yaml"
    book.write_text(
        'id_column: 序号\nscale: [1, 5]\n'
        'items:\n'
        '  "[23]、*（可靠性）": REL\n'  # one pattern, two columns: REL1, REL2
        '  "4、等候时间太长(可靠性)": {name: REL3, reverse: true}\n'  # half-width brackets match too
        '  "5、总体满意度": {name: SAT, scale: "1-7"}\n'
        'columns:\n  "1、您的性别": gender\n', encoding="utf-8")
    out = read_survey(raw, codebook=book)
    assert list(out.columns) == ["序号", "gender", "REL1", "REL2", "REL3", "SAT"]
    assert out["REL3"].tolist() == [5, 4, 2, 1] and out["SAT"].tolist() == [7, 6, 2, 1]
    assert out.attrs["questions"]["REL3"] == "4、等候时间太长（可靠性）"
    assert any("reverse-coded 'REL3'" in n for n in out.attrs["notes"])
    # the same codebook as CSV
    csv_book = tmp_path / "codebook.csv"
    pd.DataFrame({"column": ["[23]、*（可靠性）", "4、等候时间太长（可靠性）", "5、总体满意度", "1、您的性别"],
                  "name": ["REL", "REL3", "SAT", "gender"], "role": ["item", "item", "item", "column"],
                  "scale": ["1-5", "1-5", "1-7", ""], "reverse": ["", "yes", "", ""]}).to_csv(csv_book, index=False)
    pd.testing.assert_frame_equal(read_survey(raw, codebook=csv_book, id_column="序号"), out, check_like=False)


@pytest.mark.parametrize("book, match", [
    ({"items": {"2、服务人员乐于帮助（可靠性）": "REL1"}}, r"codebook items '2、服务人员乐于帮助（可靠性）': matches no "
                                                  r"column of the data; closest headers: '2、服务人员总是乐于帮助我（可靠性）'"),
    ({"items": {"2、*": "1st"}}, r"item name '1st' must start with a letter"),
    ({"item": {"2、*": "REL"}}, r"codebook: unknown key 'item' \(allowed:"),
    ({"items": {"2、*": {"name": "REL", "reverse": True}}}, r"column 'REL': reverse coding needs the item's scale"),
    ({"items": {"2、*": "REL", "3、*": "REL"}}, r"short name 'REL' is given to more than one column"),
    ({"items": {"2、*": {"name": "REL", "scale": [5, 1]}}}, r"scale: low must be below high"),
])
def test_codebook_mistakes_get_one_clear_error(book, match):
    raw = pd.DataFrame({"2、服务人员总是乐于帮助我（可靠性）": [5, 4, 2], "3、服务人员值得信赖（可靠性）": [4, 4, 1]})
    with pytest.raises(SurveyError, match=match):
        read_survey(raw, codebook=book)


def test_codebook_template_of_a_wenjuanxing_export(twin, tmp_path):
    path, _, names = surveys.wenjuanxing_xlsx(tmp_path, twin)
    book = codebook_template(path, tmp_path / "codebook.yaml")
    assert (book["format"], book["id_column"], book["scale"], book["answer_labels"]) == ("wenjuanxing", "序号", [1, 5],
                                                                                         None)
    assert list(book["items"].values()) == [names[c] for c in surveys.item_names()]  # 可靠性1.., Q6_1.., Q7_1..
    assert book["columns"] == {"1、您的性别": "性别"}
    assert book["metadata"] == ["提交答卷时间", "所用时间", "来源", "来源详情"]
    assert book["pii"] == ["来自IP", "8、您的手机号码"]
    assert book["missing_codes"] == ["(跳过)"]
    assert "9、您对我们还有什么建议？" not in {**book["items"], **book["columns"]}  # free text stays as it is
    text = (tmp_path / "codebook.yaml").read_text(encoding="utf-8")
    assert '"2、服务人员总是乐于帮助我（可靠性）": "可靠性1"' in text and "pii:" in text
    import yaml

    assert yaml.safe_load(text)["items"] == book["items"]


def test_personal_data_is_found_set_aside_and_restorable(twin, tmp_path):
    path, _, _ = surveys.wenjuanxing_xlsx(tmp_path, twin)
    df = read_survey(path)
    assert "来自IP" not in df.columns and "8、您的手机号码" not in df.columns
    assert df.attrs["pii"] == ["来自IP", "8、您的手机号码"]
    aside = df.attrs["set_aside"]
    assert isinstance(aside, SetAside) and aside.reasons["8、您的手机号码"] == "personal data: phone number"
    assert len(aside.frame) == len(df) and aside.frame.index.equals(df.index)
    assert df.copy().attrs["set_aside"] is aside  # shared, not copied on every pandas operation
    note = next(n for n in df.attrs["notes"] if "identify people" in n)
    assert "keep=['来自IP', '8、您的手机号码']" in note and "sxm.io.pseudonymize" in note
    kept = read_survey(path, keep=["8、您的手机号码"])
    assert kept["8、您的手机号码"].astype(str).str.match(r"^1[358]\d{9}$").all()
    assert read_survey(path, keep="all").columns[:6].tolist() == ["序号", "提交答卷时间", "所用时间", "来源", "来源详情",
                                                                   "来自IP"]
    with pytest.raises(SurveyError, match=r"keep: no column '姓名' in the data"):
        read_survey(path, keep=["姓名"])


def test_find_pii_by_header_and_by_values():
    df = pd.DataFrame({
        "姓名": ["张三", "李四", "王五", "赵六"], "3、您的手机号码": [13912345678, 18600001111, 15000002222, 13700003333],
        "微信号": ["wx_a", "wx_b", "wx_c", "wx_d"], "QQ": [12345, 23456, 34567, 45678], "ip": ["1.2.3.4"] * 4,
        "contact": ["a@b.cn", "c@d.com", "e@f.org", "g@h.net"],
        "5、您使用手机预订的频率": ["经常", "偶尔", "经常", "从不"],  # a question about phones, not a phone number
        "6、电话客服的态度（响应性）": [4, 5, 3, 4], "P1": [1, 2, 3, 4], "submitted": ["2026-03-01"] * 4,
    })
    assert find_pii(df) == ["姓名", "3、您的手机号码", "微信号", "QQ", "ip", "contact"]


def test_the_readme_walkthrough_codebook_reads_the_wenjuanxing_export(twin, tmp_path):
    """The codebook printed in README.md ("Your own survey") reads the Wenjuanxing fixture."""
    import re as _re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Your own survey", 1)[1]
    book = _re.search(r"```yaml\n(.*?)```", section, flags=_re.S).group(1)
    (tmp_path / "codebook.yaml").write_text(book, encoding="utf-8")
    path, _, _ = surveys.wenjuanxing_xlsx(tmp_path, twin)
    df = read_survey(path, codebook=tmp_path / "codebook.yaml")
    assert list(df.columns) == ["序号", "gender"] + surveys.item_names() + ["9、您对我们还有什么建议？"]
    pd.testing.assert_frame_equal(df[surveys.item_names()], twin[surveys.item_names()])
    assert df.attrs["pii"] == ["来自IP", "8、您的手机号码"]
