"""Tests of sxm.kano.

References: the evaluation table of Berger et al. (1993, table 1) -- the same table as in the
code of R's stp25kano -- checked cell by cell; Better/Worse (Berger et al. 1993), category and
total strength (Matzler & Hinterhuber 1998) and Fong's (1996) test checked against hand
calculations written out in each test.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sxm import kano
from sxm.io import SurveyError, SurveyTypeError

# ----------------------------------------------------------------------------------------
# the evaluation table: all 25 cells
# ----------------------------------------------------------------------------------------
# Berger et al. (1993), table 1: rows functional, columns dysfunctional (like, must-be,
# neutral, live-with, dislike)
TABLE = {
    1: "QAAAO",
    2: "RIIIM",
    3: "RIIIM",
    4: "RIIIM",
    5: "RRRRQ",
}
CELLS = [(f, d, TABLE[f][d - 1]) for f in range(1, 6) for d in range(1, 6)]


@pytest.mark.parametrize("f, d, expected", CELLS)
def test_evaluation_table_cell(f, d, expected):
    """Each of the 25 cells of Berger et al.'s (1993) evaluation table, scalar input."""
    assert kano.classify(f, d) == expected


def test_evaluation_table_vectorized_and_constant():
    """The 25 cells at once as arrays, and the exported table, match Berger et al. (1993)."""
    f = np.repeat(np.arange(1, 6), 5)
    d = np.tile(np.arange(1, 6), 5)
    assert kano.classify(f, d).tolist() == [c for _, _, c in CELLS]
    assert "".join(kano.EVALUATION_TABLE.to_numpy().ravel()) == "".join(TABLE[i] for i in range(1, 6))


# ----------------------------------------------------------------------------------------
# input kinds, texts, missing answers
# ----------------------------------------------------------------------------------------
def test_texts_english_and_chinese():
    """Every answer text of the questionnaire, in both languages, gives the code's category."""
    english = ["I like it", "It must be that way", "I am neutral", "I can live with it", "I dislike it"]
    chinese = ["我喜欢", "理所当然", "无所谓", "能忍受", "我不喜欢"]
    for texts in (english, chinese):
        f = np.repeat(np.array(texts, dtype=object), 5)
        d = np.tile(np.array(texts, dtype=object), 5)
        assert kano.classify(f, d).tolist() == [c for _, _, c in CELLS]


def test_text_variants_are_normalized():
    """Case, outer spaces, curly apostrophes and final punctuation do not matter."""
    codes = kano.answer_codes(["  i LIKE it. ", "I’m neutral", "It must be that way!", "我不喜欢。", "3", "4.0"])
    assert codes.tolist() == [0, 2, 1, 4, 2, 3]
    for text, code in kano.ANSWER_TEXTS.items():
        assert kano.answer_codes([text]).tolist() == [code - 1]


def test_missing_stays_missing():
    """A missing functional or dysfunctional answer gives a missing category, never a guess."""
    out = kano.classify([1, np.nan, 1, None], [5, 5, np.nan, "I dislike it"])
    assert out[0] == "O" and all(pd.isna(out[1:]))
    assert pd.isna(kano.classify(None, 5))
    s = kano.classify(pd.Series([1.0, np.nan], name="x"), pd.Series(["", "I dislike it"]))
    assert s.isna().tolist() == [True, True]


def test_series_and_frame_outputs():
    """Series in -> categorical Series (index kept); DataFrames in -> DataFrame, same shape."""
    f = pd.Series([1, 3, 2], index=[10, 11, 12], name="wifi")
    d = pd.Series([3, 5, 1], index=[10, 11, 12])
    out = kano.classify(f, d)
    assert isinstance(out.dtype, pd.CategoricalDtype)
    assert list(out.cat.categories) == list("AOMIRQ")
    assert out.index.tolist() == [10, 11, 12] and out.name == "wifi"
    assert out.astype(str).tolist() == ["A", "M", "R"]
    F = pd.DataFrame({"a": [1, 5], "b": ["我喜欢", "I am neutral"]})
    D = pd.DataFrame({"a": [5, 5], "b": ["I dislike it", "能忍受"]})
    res = kano.classify(F, D)
    assert res.shape == (2, 2) and list(res.columns) == ["a", "b"]
    assert res.astype(str).to_numpy().tolist() == [["O", "O"], ["Q", "I"]]


def test_categorical_and_nullable_inputs():
    """pandas categoricals of texts and nullable Int64 columns are read like plain answers."""
    f = pd.Series(pd.Categorical(["I like it", "I am neutral", None]))
    d = pd.Series([5, 5, 5], dtype="Int64")
    assert kano.classify(f, d).astype(object).tolist()[:2] == ["O", "M"]
    assert pd.isna(kano.classify(f, d).iloc[2])


def test_categorical_unused_labels_ignored_used_bad_labels_rejected():
    """A categorical column (e.g. from SPSS) may carry unused labels; only answers given count."""
    f = pd.Series(pd.Categorical(["I like it", "I am neutral"], categories=["I like it", "I am neutral", "don't know"]))
    assert kano.classify(f, pd.Series([5, 5])).astype(str).tolist() == ["O", "M"]
    bad = pd.Series(pd.Categorical(["I like it", "don't know"]), name="q1")
    with pytest.raises(SurveyError, match="column 'q1'.*\"don't know\""):
        kano.classify(bad, pd.Series([5, 5]))


def test_categories_of_a_survey():
    """categories() names the columns by attribute and equals classify() on the pairs."""
    df = pd.DataFrame({"id": [1, 2], "wifi_func": [1, 3], "wifi_dysf": [3, 5], "tv_f": [2, 2], "tv_d": [2, 5]})
    assert kano.categories(df).astype(str).to_dict("list") == {"wifi": ["A", "M"]}
    out = kano.categories(df, ["tv"], functional="{}_f", dysfunctional="{}_d")
    assert out.astype(str)["tv"].tolist() == ["I", "M"]


# ----------------------------------------------------------------------------------------
# errors
# ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [6, 0, 2.5, -1, "maybe", "I love it"])
def test_bad_answer_names_value(bad):
    """A value that is not a Kano answer is an error naming that value."""
    with pytest.raises(SurveyError, match=repr(bad).replace(".", r"\.")):
        kano.classify([1, bad], [5, 5])


def test_bad_answer_names_column_and_attribute():
    """In a survey, the error names the column, the attribute and every offending value."""
    df = pd.DataFrame({"wifi_func": [1, 2, 3], "wifi_dysf": [3, 7, "sometimes"]})
    with pytest.raises(SurveyError) as err:
        kano.summarize(df)
    msg = str(err.value)
    assert "'wifi_dysf'" in msg and "attribute 'wifi'" in msg and "dysfunctional" in msg
    assert "7" in msg and "'sometimes'" in msg and "2 answer(s)" in msg
    F = pd.DataFrame({"a": [1, 9]})
    with pytest.raises(SurveyError, match=r"column 'a'.*found 9 \(1 answer"):
        kano.classify(F, F)


def test_boolean_answers_rejected():
    """True/False are not Kano answers (even though True == 1 in Python)."""
    with pytest.raises(SurveyError):
        kano.classify(pd.Series([True, False]), pd.Series([1, 2]))
    with pytest.raises(SurveyError):
        kano.classify(np.array([True]), np.array([1]))


def test_shape_and_type_mismatch():
    with pytest.raises(SurveyTypeError, match="same shape"):
        kano.classify([1, 2], [1, 2, 3])
    with pytest.raises(SurveyTypeError, match="both be DataFrames"):
        kano.classify(pd.DataFrame({"a": [1]}), np.array([[1]]))
    with pytest.raises(SurveyTypeError, match="same shape"):
        kano.classify(pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1], "b": [2]}))


def test_missing_columns_and_templates():
    df = pd.DataFrame({"wifi_func": [1, 2], "wifi_dysf": [3, 5]})
    with pytest.raises(SurveyError, match="'tv_func'"):
        kano.summarize(df, ["wifi", "tv"])
    with pytest.raises(SurveyTypeError, match="template"):
        kano.summarize(df, functional="func_")
    with pytest.raises(SurveyError, match="no Kano attribute found"):
        kano.summarize(df, functional="{}_f")
    with pytest.raises(SurveyError, match="importance column"):
        kano.summarize(df, importance="{}_imp")
    with pytest.raises(SurveyError, match="grouping column"):
        kano.summarize(df, by="group")


# ----------------------------------------------------------------------------------------
# hand-computed summaries
# ----------------------------------------------------------------------------------------
# one answer pair per category: A (1,3), O (1,5), M (3,5), I (3,3), R (5,1), Q (1,1)
PAIRS = {"A": (1, 3), "O": (1, 5), "M": (3, 5), "I": (3, 3), "R": (5, 1), "Q": (1, 1)}


def survey(**counts_by_attribute):
    """A survey whose attribute x has exactly counts_by_attribute[x] answers per category."""
    columns = {}
    n = max(sum(c.values()) for c in counts_by_attribute.values())
    for attr, counts in counts_by_attribute.items():
        f, d = [], []
        for cat, k in counts.items():
            f += [PAIRS[cat][0]] * k
            d += [PAIRS[cat][1]] * k
        pad = n - len(f)
        columns[f"{attr}_func"] = f + [np.nan] * pad
        columns[f"{attr}_dysf"] = d + [np.nan] * pad
    return pd.DataFrame(columns)


def test_summary_tie_decided_by_hierarchy():
    """Hand calculation: A = M = 10, O = 3, I = 5, R = 1, Q = 1 (n = 30).

    Top two A and M tie: |a - b| = 0 < 1.65 sqrt(20 * 40 / 60) = 6.0249 -> not significant,
    M > O > A > I picks M. Better = 13/28, Worse = -13/28, category strength 0/30, total
    strength 23/30. Continuous scores: functional 10*4 (A) + 3*4 (O) + 10*0 (M) + 5*0 (I)
    + 1*(-2) (R) + 1*4 (Q) = 54 -> mean 1.8; squares 160 + 48 + 4 + 16 = 228, variance
    (228 - 30 * 1.8^2) / 29 = 130.8 / 29. Dysfunctional 10*0 + 3*4 + 10*4 + 5*0 + 1*(-2)
    + 1*(-2) = 48 -> mean 1.6; squares 48 + 160 + 4 + 4 = 216, variance (216 - 76.8) / 29.
    """
    df = survey(wifi=dict(A=10, M=10, O=3, I=5, R=1, Q=1))
    row = kano.summarize(df).loc["wifi"]
    assert row[["n", "A", "O", "M", "I", "R", "Q"]].tolist() == [30, 10, 3, 10, 5, 1, 1]
    assert row["category"] == "M" and row["runner_up"] == "A" and row["rule"] == "M>O>A>I"
    assert row["better"] == pytest.approx(13 / 28) and row["worse"] == pytest.approx(-13 / 28)
    assert row["category_strength"] == 0 and row["total_strength"] == pytest.approx(23 / 30)
    assert row["fong_diff"] == 0
    assert row["fong_critical"] == pytest.approx(1.65 * math.sqrt(20 * 40 / 60))
    assert row["fong_critical"] == pytest.approx(6.0249, abs=1e-4)
    assert not row["fong_significant"]
    assert row["func_mean"] == pytest.approx(1.8)
    assert row["func_sd"] == pytest.approx(math.sqrt(130.8 / 29))
    assert row["func_se"] == pytest.approx(math.sqrt(130.8 / 29) / math.sqrt(30))
    assert row["dysf_mean"] == pytest.approx(1.6)
    assert row["dysf_sd"] == pytest.approx(math.sqrt(139.2 / 29))


def test_summary_fong_significant():
    """Hand calculation: A = 20, O = 5, M = 3, I = 2 (n = 30).

    |20 - 5| = 15 > 1.65 sqrt(25 * 35 / 60) = 6.3011 -> significant, category A by frequency.
    Category strength (20 - 5) / 30 = 0.5; total strength 28 / 30; Better 25/30, Worse -8/30.
    """
    row = kano.summarize(survey(x=dict(A=20, O=5, M=3, I=2))).loc["x"]
    assert row["category"] == "A" and row["rule"] == "most frequent" and row["runner_up"] == "O"
    assert row["fong_significant"] and row["fong_diff"] == 15
    assert row["fong_critical"] == pytest.approx(6.3011, abs=1e-4)
    assert row["category_strength"] == pytest.approx(0.5)
    assert row["total_strength"] == pytest.approx(28 / 30)
    assert row["better"] == pytest.approx(25 / 30) and row["worse"] == pytest.approx(-8 / 30)


def test_summary_fong_not_significant_overrides_frequency():
    """Hand calculation: I = 12, A = 9, O = 5, M = 4 (n = 30).

    I is most frequent, but |12 - 9| = 3 < 1.65 sqrt(21 * 39 / 60) = 6.0961, so the
    hierarchy (A before I) gives A; the runner-up is then I. Category strength 3/30 = 0.1.
    """
    row = kano.summarize(survey(x=dict(I=12, A=9, O=5, M=4))).loc["x"]
    assert row["category"] == "A" and row["runner_up"] == "I" and row["rule"] == "M>O>A>I"
    assert row["fong_critical"] == pytest.approx(6.0961, abs=1e-4)
    assert row["category_strength"] == pytest.approx(0.1)


def test_summary_missing_excluded_per_attribute_and_importance():
    """NaN in one attribute lowers only that attribute's n; importance is a plain mean.

    Attribute a: 4 complete pairs (the fifth respondent skipped the dysfunctional
    question); attribute b: all 5. Importance of a: (7 + 9 + 5) / 3 = 7 (two missing).
    """
    df = pd.DataFrame(
        {
            "a_func": [1, 1, 3, 2, 1], "a_dysf": [3, 5, 5, 3, None],
            "b_func": [1, 1, 1, 1, 1], "b_dysf": [5, 5, 5, 5, 3],
            "a_imp": [7, None, 9, 5, None], "b_imp": [1, 2, 3, 4, 5],
        }
    )
    out = kano.summarize(df, ["a", "b"], importance="{}_imp")
    assert out["n"].tolist() == [4, 5]
    assert out.loc["a", ["A", "O", "M", "I"]].tolist() == [1, 1, 1, 1]
    assert out["importance"].tolist() == pytest.approx([7.0, 3.0])
    assert out.loc["b", "category"] == "O"


def test_summary_empty_attribute():
    """A question nobody answered is an error (a wrong column or template, almost always);
    an attribute with no *complete pair* still gets a row with n = 0 and missing statistics."""
    df = pd.DataFrame({"a_func": [1, 2], "a_dysf": [5, 5], "b_func": [np.nan] * 2, "b_dysf": [1.0, 2.0]})
    with pytest.raises(SurveyError, match=r"column 'b_func' \(attribute 'b'\): has no answers at all"):
        kano.summarize(df)
    df["b_func"] = [1.0, np.nan]
    df["b_dysf"] = [np.nan, 2.0]
    out = kano.summarize(df)
    assert out.loc["b", "n"] == 0 and pd.isna(out.loc["b", "category"]) and np.isnan(out.loc["b", "better"])
    assert not out.loc["b", "fong_significant"]


def test_summary_by_segment_equals_subsets():
    """summarize(by=) gives, per segment, exactly summarize() of that segment's rows."""
    rng = np.random.default_rng(3)
    n = 200
    df = pd.DataFrame({f"{a}_{q}": rng.integers(1, 6, n) for a in "xyz" for q in ("func", "dysf")})
    df["seg"] = rng.choice(["business", "leisure", None], n, p=[0.45, 0.45, 0.1])
    out = kano.summarize(df, by="seg")
    assert out.index.names == ["seg", "attribute"]
    assert list(out.index.get_level_values(0).unique()) == ["business", "leisure"]
    for seg in ("business", "leisure"):
        alone = kano.summarize(df[df["seg"] == seg], ["x", "y", "z"])
        pd.testing.assert_frame_equal(out.loc[seg], alone, check_names=False)


def test_caller_data_unchanged():
    """No function modifies the caller's DataFrame."""
    df = pd.DataFrame(
        {"a_func": ["I like it", "我喜欢", None], "a_dysf": [5, 3, 1], "a_imp": [3, 4, 5], "g": ["u", "v", "u"]}
    )
    before = df.copy()
    kano.summarize(df, importance="{}_imp", by="g")
    kano.categories(df)
    kano.classify(df[["a_func"]], df[["a_dysf"]])
    pd.testing.assert_frame_equal(df, before)


# ----------------------------------------------------------------------------------------
# properties
# ----------------------------------------------------------------------------------------
answers = st.one_of(st.integers(1, 5).map(float), st.just(np.nan))


@st.composite
def surveys(draw):
    n = draw(st.integers(1, 40))
    k = draw(st.integers(1, 4))
    f = draw(hnp.arrays(float, (n, k), elements=answers))
    d = draw(hnp.arrays(float, (n, k), elements=answers))
    return f, d


@settings(max_examples=60, deadline=None)
@given(surveys())
@pytest.mark.filterwarnings("ignore:attribute.*reverse:UserWarning")
def test_properties(fd):
    """Counts sum to n; Better in [0, 1]; Worse in [-1, 0]; strengths in [0, 1];
    classify of a DataFrame equals classify cell by cell; n counts complete pairs."""
    f, d = fd
    k = f.shape[1]
    attrs = [f"q{j}" for j in range(k)]
    F = pd.DataFrame(f, columns=attrs)
    D = pd.DataFrame(d, columns=attrs)
    whole = kano.classify(F, D)
    cellwise = [[kano.classify(f[i, j], d[i, j]) for j in range(k)] for i in range(f.shape[0])]
    assert pd.isna(whole.to_numpy()).tolist() == pd.isna(np.array(cellwise, dtype=object)).tolist()
    assert whole.astype(object).where(whole.notna(), None).to_numpy().tolist() == [
        [None if pd.isna(c) else c for c in row] for row in cellwise
    ]
    data = pd.concat([F.add_suffix("_func"), D.add_suffix("_dysf")], axis=1)
    if np.isnan(f).all(axis=0).any() or np.isnan(d).all(axis=0).any():
        with pytest.raises(SurveyError, match="has no answers at all"):
            kano.summarize(data, attrs)
        return
    out = kano.summarize(data, attrs)
    assert (out[list("AOMIRQ")].sum(axis=1) == out["n"]).all()
    assert out["n"].tolist() == (~(np.isnan(f) | np.isnan(d))).sum(axis=0).tolist()
    for j, a in enumerate(attrs):
        assert out.loc[a, list("AOMIRQ")].tolist() == [int((whole[a] == c).sum()) for c in "AOMIRQ"]
    b, w = out["better"].dropna(), out["worse"].dropna()
    assert ((b >= 0) & (b <= 1)).all() and ((w >= -1) & (w <= 0)).all()
    for col in ("category_strength", "total_strength"):
        v = out[col].dropna()
        assert ((v >= 0) & (v <= 1)).all()
    assert out["category"].dropna().isin(list("AOMIR")).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(list("AOMIRQ")), min_size=1, max_size=60))
@pytest.mark.filterwarnings("ignore:attribute.*reverse:UserWarning")
def test_category_rule_property(cats):
    """The category is the most frequent one when Fong's test is significant, otherwise the
    one of the top two highest in M > O > A > I > R; Q is never the category."""
    df = survey(x=pd.Series(cats).value_counts().to_dict())
    row = kano.summarize(df).loc["x"]
    counts = {c: cats.count(c) for c in "MOAIR"}
    if not any(counts.values()):
        assert pd.isna(row["category"])
        return
    ranked = sorted("MOAIR", key=lambda c: (-counts[c], "MOAIR".index(c)))
    a, b = counts[ranked[0]], counts[ranked[1]]
    n = len(cats)
    critical = 1.65 * math.sqrt((a + b) * (2 * n - a - b) / (2 * n))
    if abs(a - b) > critical:
        assert row["category"] == ranked[0] and row["rule"] == "most frequent"
    else:
        assert row["category"] == min(ranked[:2], key="MOAIR".index) and row["rule"] == "M>O>A>I"


# ----------------------------------------------------------------------------------------
# priorities and plots
# ----------------------------------------------------------------------------------------
def priority_survey():
    """Five attributes of clear category: two must-be, one one-dimensional, one attractive,
    one indifferent (counts chosen so that Fong's test is significant for each)."""
    return survey(
        brakes=dict(M=20, I=2),  # worse = -20/22
        mirrors=dict(M=12, I=10),  # worse = -12/22 (M > I significant? |12-10| = 2: no -> M by rule)
        price=dict(O=18, A=2, M=2),  # better 20/22, worse -20/22
        wifi=dict(A=15, I=7),  # better 15/22
        ashtray=dict(I=20, A=2),
    )


def test_priorities_order_and_reason():
    """Must-be by |worse| (brakes 0.91 before mirrors 0.55), then one-dimensional, then
    attractive; indifferent left out unless asked for; reasons name the rule."""
    pr = kano.priorities(kano.summarize(priority_survey()))
    assert list(pr.index) == ["brakes", "mirrors", "price", "wifi"]
    assert pr["priority"].tolist() == [1, 2, 3, 4]
    assert pr["category"].tolist() == ["M", "M", "O", "A"]
    assert pr.loc["brakes", "reason"].startswith("must-be, |worse| = 0.91")
    assert "decided by M>O>A>I" in pr.loc["mirrors", "reason"]
    assert "decided by" not in pr.loc["brakes", "reason"]
    full = kano.priorities(kano.summarize(priority_survey()), include="MOAI")
    assert list(full.index)[-1] == "ashtray" and full.loc["ashtray", "reason"].startswith("indifferent")
    with pytest.raises(SurveyError, match="include"):
        kano.priorities(kano.summarize(priority_survey()), include=["X"])
    with pytest.raises(SurveyError, match="summary"):
        kano.priorities(pd.DataFrame({"x": [1]}))


def test_priorities_within_segments():
    """With a segmented summary the ranking restarts in each segment."""
    df = pd.concat([priority_survey().assign(seg="a"), priority_survey().assign(seg="b")], ignore_index=True)
    pr = kano.priorities(kano.summarize(df, by="seg"))
    assert pr["priority"].tolist() == [1, 2, 3, 4] * 2
    assert pr.index.get_level_values(0).tolist() == ["a"] * 4 + ["b"] * 4


@pytest.mark.parametrize("plot", ["plot_better_worse", "plot_categories", "plot_continuous"])
def test_plots_return_axes(plot):
    """Each plot returns its Axes, labels every attribute and works on segmented summaries."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = kano.summarize(priority_survey())
    ax = getattr(kano, plot)(summary)
    assert isinstance(ax, matplotlib.axes.Axes)
    texts = {t.get_text() for t in ax.texts} | {t.get_text() for t in ax.get_yticklabels()}
    assert {"brakes", "wifi"} <= texts
    df = pd.concat([priority_survey().assign(seg="a"), priority_survey().assign(seg="b")], ignore_index=True)
    assert isinstance(getattr(kano, plot)(kano.summarize(df, by="seg")), matplotlib.axes.Axes)
    plt.close("all")


def test_better_worse_quadrants_labelled():
    import matplotlib.pyplot as plt

    ax = kano.plot_better_worse(kano.summarize(priority_survey()))
    texts = {t.get_text() for t in ax.texts}
    assert {"Attractive", "One-dimensional", "Must-be", "Indifferent"} <= texts
    assert ax.get_xlabel().startswith("|Worse|")
    ax = kano.plot_continuous(kano.summarize(priority_survey()), error="ci")
    assert "95 % CI" in ax.get_xlabel()
    with pytest.raises(SurveyError, match="error"):
        kano.plot_continuous(kano.summarize(priority_survey()), error="iqr")
    plt.close("all")


# ----------------------------------------------------------------------------------------
# bundled data
# ----------------------------------------------------------------------------------------
def test_bundled_car_rental_kano_regenerates_and_recovers_truth():
    """data/car_rental_kano.csv is what its generator writes, and summarize() finds the
    categories whose true probability clearly dominates (data/README.md, truth table)."""
    import importlib.util
    import io
    from pathlib import Path

    from sxm import datasets

    script = Path(__file__).resolve().parents[1] / "data" / "scripts" / "make_car_rental_kano.py"
    spec = importlib.util.spec_from_file_location("make_car_rental_kano", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    buffer = io.StringIO()
    module.make().to_csv(buffer, index=False, lineterminator="\n")
    assert buffer.getvalue() == datasets.path("car_rental_kano").read_text(encoding="utf-8")

    df = datasets.load("car_rental_kano")
    out = kano.summarize(df, importance="{}_imp")
    assert len(out) == 10 and (out["n"] < 400).all() and (out["n"] > 370).all()
    clear = {"clean_car": "M", "online_booking": "M", "free_upgrade": "A", "fast_pickup": "O", "loyalty_points": "I"}
    for attribute, category in clear.items():
        assert out.loc[attribute, "category"] == category
    by = kano.summarize(df, by="segment")
    assert by.loc[("business", "child_seat"), "category"] == "I"
    assert by.loc[("business", "transparent_price"), "category"] == "M"
    # importance follows the true category means (M 7.8 > ... > I 3.5)
    assert out.loc["clean_car", "importance"] > out.loc["loyalty_points", "importance"] + 2


def test_bootstrap_intervals_and_stability():
    """Percentile intervals contain the full-sample Better/Worse; category shares sum to 1;
    stability is the share of the full-sample category; same seed, same result for any n_jobs."""
    df = priority_survey()
    before = df.copy()
    out = kano.bootstrap(df, n_boot=100, seed=7, n_jobs=1, progress=False)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.index) == ["brakes", "mirrors", "price", "wifi", "ashtray"]
    assert ((out["better_ci_low"] <= out["better"]) & (out["better"] <= out["better_ci_high"])).all()
    assert ((out["worse_ci_low"] <= out["worse"]) & (out["worse"] <= out["worse_ci_high"])).all()
    shares = out[[f"p_{c}" for c in "AOMIR"]]
    assert np.allclose(shares.sum(axis=1), 1.0)
    for attr, row in out.iterrows():
        assert row["stability"] == pytest.approx(row[f"p_{row['category']}"])
    assert out.loc["brakes", "stability"] == 1.0  # M = 20 vs I = 2 never flips
    again = kano.bootstrap(df, n_boot=100, seed=7, n_jobs=2, progress=False)
    pd.testing.assert_frame_equal(out, again)
    with pytest.raises(SurveyError, match="n_boot"):
        kano.bootstrap(df, n_boot=1)


# Output of tests/reference/kano_reference.R (base R, independent of sxm) on
# data/car_rental_kano.csv: attribute, n, A, O, M, I, R, Q, category, better, worse,
# category_strength, total_strength, fong_critical, func_mean, func_sd, dysf_mean, dysf_sd,
# importance.
R_REFERENCE = """
online_booking 380 25 72 191 65 7 20 M 0.2747875354 -0.74504249292 0.313157894737 0.7578947368 21.63880218 1.418421053 1.944121138 2.8736842105 1.912282783 6.369791667
one_click_reservation 391 154 53 18 157 3 6 A 0.5418848168 -0.18586387435 0.007672634271 0.5754475703 22.58245824 2.237851662 2.037393883 1.1355498721 1.706560386 4.987146530
fast_pickup 380 70 151 71 71 7 10 O 0.6088154270 -0.61157024793 0.210526315789 0.7684210526 20.68448789 2.584210526 1.937210452 2.4500000000 2.013182151 6.175710594
clean_car 388 16 53 264 39 5 11 M 0.1854838710 -0.85215053763 0.543814432990 0.8582474227 22.59378842 1.036082474 1.823968219 3.3041237113 1.604349226 7.114882507
transparent_price 386 11 166 158 31 6 14 M 0.4836065574 -0.88524590164 0.020725388601 0.8678756477 22.62490718 2.129533679 2.030624826 3.4300518135 1.475876494 7.010230179
free_upgrade 383 205 27 6 129 7 9 A 0.6321525886 -0.08991825613 0.198433420366 0.6214099217 22.64564350 2.430809399 2.095817606 0.7963446475 1.536735919 4.878172589
mobile_key 384 145 23 17 166 22 11 A 0.4786324786 -0.11396011396 0.054687500000 0.4817708333 22.44613800 1.731770833 2.206903716 0.8125000000 1.608154806 4.631168831
easy_return 382 45 157 128 30 7 15 O 0.5611111111 -0.79166666667 0.075916230366 0.8638743455 22.05603548 2.350785340 2.037054873 3.0811518325 1.752751338 6.737789203
child_seat 387 18 73 67 207 11 11 I 0.2493150685 -0.38356164384 0.346253229974 0.4082687339 22.05748304 1.201550388 1.911432112 1.6459948320 2.000324645 5.072164948
loyalty_points 383 91 26 7 234 19 6 I 0.3268156425 -0.09217877095 0.373368146214 0.3237597911 22.56994676 1.253263708 2.069748082 0.7859007833 1.511252613 4.380462725
"""
R_COLUMNS = ["n", "A", "O", "M", "I", "R", "Q", "category", "better", "worse", "category_strength",
             "total_strength", "fong_critical", "func_mean", "func_sd", "dysf_mean", "dysf_sd", "importance"]


def test_bundled_summary_matches_r_reference():
    """summarize() on data/car_rental_kano.csv equals an independent base-R computation
    (tests/reference/kano_reference.R: matrix look-up, table(), sd()) to 1e-8. Under the
    stp25kano conventions re-implemented in that script (hierarchy when category strength
    <= 6 %) the categories of this data set are the same."""
    from sxm import datasets

    ours = kano.summarize(datasets.load("car_rental_kano"), importance="{}_imp")
    for line in R_REFERENCE.strip().splitlines():
        name, *values = line.split()
        row = ours.loc[name]
        for col, value in zip(R_COLUMNS, values):
            if col == "category":
                assert row[col] == value, (name, col)
            else:
                assert float(row[col]) == pytest.approx(float(value), rel=1e-8, abs=1e-9), (name, col)


def test_fong_rule_differs_from_category_strength_rule():
    """Where sxm and stp25kano part ways (hand calculation): n = 1000, A = 400, I = 350,
    O = 150, M = 100. Category strength (400 - 350) / 1000 = 5 % <= 6 %, so stp25kano would
    apply M > O > A > I and still pick A; but with O = 380 instead of I the strength rule picks
    O over A, while Fong: |400 - 380| = 20 < 1.65 sqrt(780 * 1220 / 2000) = 35.99 -> n.s. too,
    so both give O. With A = 400, O = 350: strength 5 % -> stp25kano O; Fong 50 > 1.65
    sqrt(750 * 1250 / 2000) = 35.72 -> significant -> sxm keeps the more frequent A."""
    row = kano.summarize(survey(x=dict(A=400, O=350, M=100, I=150))).loc["x"]
    assert row["fong_critical"] == pytest.approx(1.65 * math.sqrt(750 * 1250 / 2000))
    assert row["fong_critical"] == pytest.approx(35.72, abs=0.01)
    assert row["category_strength"] == pytest.approx(0.05)
    assert row["fong_significant"] and row["category"] == "A" and row["rule"] == "most frequent"
    row = kano.summarize(survey(x=dict(A=400, O=380, M=100, I=120))).loc["x"]
    assert row["fong_critical"] == pytest.approx(35.99, abs=0.01)
    assert not row["fong_significant"] and row["category"] == "O"


def test_two_dimensional_arrays():
    """classify keeps the shape of 2-D arrays (respondents x attributes)."""
    f = np.array([[1, 3], [5, np.nan]])
    d = np.array([[5, 5], [5, 1]])
    out = kano.classify(f, d)
    assert out.shape == (2, 2)
    assert out[0].tolist() == ["O", "M"] and out[1, 0] == "Q" and pd.isna(out[1, 1])


def test_reverse_coded_survey_warns_and_reverse_true_reads_it():
    """A survey coding 1 = 'I dislike it' ... 5 = 'I like it' (answers mirrored 1 <-> 5, 2 <-> 4)
    lands mostly in R; summarize warns naming the attribute and the option, and reverse=True
    gives exactly the table of the survey coded the standard way. Texts are never mirrored."""
    rng = np.random.default_rng(4)
    n = 200
    standard = pd.DataFrame({"wifi_func": rng.choice([1, 2], n), "wifi_dysf": rng.choice([4, 5], n),
                             "seat_func": rng.choice([1, 3], n), "seat_dysf": rng.choice([3, 5], n)})
    mirrored = 6 - standard
    with pytest.warns(UserWarning, match=r"'wifi'.*reverse.*reverse=True"):
        wrong = kano.summarize(mirrored)
    assert (wrong["category"] == "R").sum() >= 1
    right = kano.summarize(mirrored, reverse=True)
    pd.testing.assert_frame_equal(right, kano.summarize(standard))
    pd.testing.assert_frame_equal(kano.categories(mirrored, reverse=True), kano.categories(standard))
    texts = standard.replace({1: "I like it", 5: "I dislike it"}).astype(object)
    mixed = mirrored.astype(object).where(standard.isin([2, 3, 4]), texts)  # texts stay standard
    pd.testing.assert_frame_equal(kano.categories(mixed, reverse=True), kano.categories(standard))
    boot = kano.bootstrap(mirrored, n_boot=20, seed=1, n_jobs=1, progress=False, reverse=True)
    assert boot["category"].tolist() == kano.summarize(standard)["category"].tolist()
    with pytest.raises(SurveyTypeError, match="reverse: must be True or False"):
        kano.summarize(mirrored, reverse="yes")


def test_priorities_with_nothing_to_rank_is_an_empty_table():
    """A survey where no attribute is M, O or A (e.g. read with the wrong coding) ranks nothing
    rather than failing inside pandas (it raised UFuncTypeError)."""
    df = pd.DataFrame({"wifi_func": [5, 5, 4, 5], "wifi_dysf": [1, 1, 2, 1]})  # all R
    with pytest.warns(UserWarning, match="reverse"):
        out = kano.priorities(kano.summarize(df))
    assert out.empty and list(out.columns) == ["priority", "category", "better", "worse", "reason"]
