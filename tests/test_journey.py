"""Tests of sxm.journey: validation, the touchpoint summary, the pain-point rule, the map,
and the comment terms."""
from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sxm import journey
from sxm.io import SurveyError, SurveyTypeError

ROOT = Path(__file__).resolve().parents[1]


def small():
    """Three respondents, two touchpoints; the payment is clearly worse than expected."""
    return pd.DataFrame({
        "respondent": [1, 2, 3] * 2,
        "stage": ["book"] * 3 + ["pay"] * 3,
        "touchpoint": ["booking"] * 3 + ["payment"] * 3,
        "channel": "web",
        "order": [1] * 3 + [2] * 3,
        "perception": [6, 5, 6, 2, 3, 2],
        "expectation": [5, 5, 6, 6, 6, 5],
        "emotion": [2, 1, 2, -2, -1, -2],
    })


def weak_journey(n=120, seed=1):
    """Five touchpoints; only 'queue' has a true shortfall (-1.5) and a bad feeling."""
    rng = np.random.default_rng(seed)
    tps = pd.DataFrame({"order": [1, 2, 3, 4, 5], "stage": ["a", "a", "b", "c", "c"],
                        "touchpoint": ["t1", "t2", "queue", "t4", "t5"],
                        "true_gap": [0.2, 0.1, -1.5, 0.3, 0.0], "feel": [1.0, 0.8, -1.5, 0.9, 0.6],
                        "imp": [3.0, 4.0, 6.5, 4.0, 6.4]})
    df = pd.DataFrame({"respondent": np.arange(n)}).merge(tps, how="cross")
    e = 4.5 + rng.normal(0, 0.8, len(df))
    df["expectation"] = np.clip(np.rint(e), 1, 7)
    df["perception"] = np.clip(np.rint(e + df["true_gap"] + rng.normal(0, 0.8, len(df))), 1, 7)
    df["emotion"] = np.clip(np.rint(df["feel"] + rng.normal(0, 0.8, len(df))), -3, 3)
    df["importance"] = np.clip(np.rint(df["imp"] + rng.normal(0, 0.5, len(df))), 1, 7)
    df["channel"] = np.where(df["respondent"] % 2 == 0, "web", "app")
    return df[["respondent", "stage", "touchpoint", "channel", "order", "perception", "expectation", "emotion",
               "importance"]]


@pytest.fixture(scope="module")
def car_rental():
    return pd.read_csv(ROOT / "data" / "car_rental_journey.csv")


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.drop(columns="emotion"), "missing required column 'emotion'"),
        (lambda d: d.assign(perception=[6, 5, 9, 2, 3, 2]), "column 'perception': answers must lie on the scale 1 to 7; found 9 for respondent 3"),
        (lambda d: d.assign(emotion=[2, 1, 2, -4, -1, -2]), "column 'emotion': answers must lie on the scale -3 to 3; found -4"),
        (lambda d: d.assign(expectation=["6", "x", 6, 6, 6, 5]), "column 'expectation': answers must be numbers; found 'x'"),
        (lambda d: d.assign(respondent=[1, 1, 3, 1, 2, 3]), "respondent 1 rates 'booking' 2 times (rows 0, 1)"),
        (lambda d: d.assign(order=[1, 1, 3, 2, 2, 2]), "touchpoint 'booking' has [1.0, 3.0]"),
        (lambda d: d.assign(stage=["book", "pay", "book", "pay", "pay", "pay"]), "column 'stage': every touchpoint has one stage"),
        (lambda d: d.assign(order=1), "'booking' and 'payment' both have order 1"),
        (lambda d: d.assign(stage=[None, "book", "book", "pay", "pay", "pay"]), "column 'stage': labels must not be missing; row 0"),
        (lambda d: d.assign(comment=["ok", 5, None, None, None, None]), "column 'comment': comments must be text; found 5 for respondent 2"),
        (lambda d: d.assign(order=[None, 1, 1, 2, 2, 2]), "column 'order': missing answers are not allowed"),
    ],
)
def test_validate_errors(change, message):
    with pytest.raises(SurveyError) as err:
        journey.validate(change(small()))
    assert message in str(err.value)


def test_validate_interrupted_stage():
    df = pd.concat([small(), small().iloc[:3].assign(touchpoint="receipt", order=3)], ignore_index=True)
    with pytest.raises(SurveyError, match="stage 'book' is interrupted by another stage"):
        journey.validate(df)


def test_validate_wrong_type_and_custom_scale():
    with pytest.raises(SurveyTypeError, match="must be a pandas DataFrame"):
        journey.summarize(small().to_dict())
    out = journey.validate(small().assign(perception=[60, 50, 60, 20, 30, 20], expectation=50), scale=(0, 100))
    assert out["perception"].dtype == "float64"


def test_bad_options():
    for kwargs, msg in [({"by": "stage"}, "by: 'stage' cannot group"), ({"alpha": 1.5}, "alpha: must be"),
                        ({"by": "region"}, "missing required grouping column 'region'"), ({"level": 95}, "level: must be"),
                        ({"rule": "any"}, "rule: must be"), ({"margin": -1}, "margin: must be")]:
        with pytest.raises(SurveyError, match=msg):
            journey.summarize(small(), **kwargs)


# ----------------------------------------------------------------------------- summary
def test_summary_hand_calculation():
    """Payment: d = P - E = (-4, -3, -3); mean -10/3, sd = sqrt(1/3), se = 1/3, t = -10 on 2 df.

    With 2 df the t distribution function has the closed form F(t) = 1/2 + t / (2 sqrt(2 + t^2)),
    so the one-sided p is 1/2 - 10 / (2 sqrt(102)) = 0.0049262; the 95% interval is
    -10/3 -/+ 4.302653 / 3 (t_.975 on 2 df = 4.302653, any t table).
    """
    s = journey.summarize(small())
    pay = s.set_index("touchpoint").loc["payment"]
    assert pay["gap"] == pytest.approx(-10 / 3)
    assert pay["se"] == pytest.approx(1 / 3)
    assert pay["t"] == pytest.approx(-10)
    assert pay["pvalue"] == pytest.approx(0.5 - 10 / (2 * np.sqrt(102)), rel=1e-9)
    assert pay["ci_low"] == pytest.approx(-10 / 3 - 4.302653 / 3, abs=1e-6)
    assert pay["ci_high"] == pytest.approx(-10 / 3 + 4.302653 / 3, abs=1e-6)
    assert pay["emotion"] == pytest.approx(-5 / 3)
    assert list(s["touchpoint"]) == ["booking", "payment"]
    assert list(s["pain_point"]) == [False, True]
    assert s["moment_of_truth"].isna().all()  # no importance column


def test_summary_matches_scipy_paired_test(car_rental):
    """Every touchpoint's t and one-sided p equal scipy.stats.ttest_rel(P, E, alternative='less')."""
    s = journey.summarize(car_rental).set_index("touchpoint")
    for tp, grp in car_rental.groupby("touchpoint"):
        ref = stats.ttest_rel(grp["perception"], grp["expectation"], alternative="less")
        assert s.loc[tp, "t"] == pytest.approx(ref.statistic)
        assert s.loc[tp, "pvalue"] == pytest.approx(ref.pvalue)
        assert s.loc[tp, "n"] == len(grp)


def test_missing_ratings_use_complete_pairs():
    df = small().astype({"perception": float})
    df.loc[3, "perception"] = np.nan
    pay = journey.summarize(df).set_index("touchpoint").loc["payment"]
    assert pay["n"] == 3
    assert pay["gap"] == pytest.approx(np.mean([3 - 6, 2 - 5]))
    assert pay["perception"] == pytest.approx(2.5)


def test_pain_point_rule_finds_the_known_weak_touchpoint():
    """Constructed journey: only 'queue' has a real shortfall and a low emotion."""
    df = weak_journey()
    s = journey.summarize(df).set_index("touchpoint")
    assert s["pain_point"].tolist() == [False, False, True, False, False]
    assert s.loc["queue", "ci_high"] < 0
    assert s.loc["queue", "emotion_low"]
    assert "significantly below 0" in s.loc["queue", "reason"]
    assert s["moment_of_truth"].tolist() == [False, False, True, False, True]
    assert s.attrs["rule"] == "either"


def test_rule_variants_and_margin():
    df = weak_journey()
    both = journey.summarize(df, rule="both")
    assert both["pain_point"].sum() == 1
    # nothing falls significantly below -3 scale points
    strict = journey.summarize(df, rule="gap", margin=3)
    assert not strict["pain_point"].any()


def test_happy_journey_has_no_emotion_pain_point():
    """Bottom quartile alone is not enough: a touchpoint must also feel below neutral."""
    df = weak_journey().query("touchpoint != 'queue'")
    s = journey.summarize(df, rule="emotion")
    assert not s["pain_point"].any()


def test_by_channel(car_rental):
    s = journey.summarize(car_rental, by="channel")
    pick = s[s["touchpoint"] == "pick-up wait"].set_index("channel")
    assert pick.loc["counter", "pain_point"] and not pick.loc["app", "pain_point"]
    assert pick["n"].sum() == 300
    assert s.groupby("touchpoint")["n"].sum().loc["roadside help"] == 35


def test_bundled_journey(car_rental):
    s = journey.summarize(car_rental)
    assert list(s["order"]) == sorted(s["order"])
    pains = set(s.loc[s["pain_point"], "touchpoint"])
    assert {"pick-up wait", "final bill"} <= pains
    assert s.set_index("touchpoint").loc["pick-up wait", "moment_of_truth"]
    assert (s["ci_low"] <= s["gap"]).all() and (s["gap"] <= s["ci_high"]).all()


def test_caller_data_unchanged(car_rental):
    before = car_rental.copy()
    journey.summarize(car_rental, by="channel")
    journey.top_terms(car_rental)
    pd.testing.assert_frame_equal(car_rental, before)


# ----------------------------------------------------------------------------- plot
def test_plot_returns_axes(car_rental):
    ax = journey.plot(journey.summarize(car_rental))
    assert isinstance(ax, matplotlib.axes.Axes)
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["find a car", "compare prices"]
    assert any("pick-up wait" in t.get_text() for t in ax.texts)
    assert any(t.get_text() == "pick up" for t in ax.texts)
    ax2 = journey.plot(journey.summarize(car_rental, by="channel"))
    assert {"app", "web", "counter"} <= set(ax2.get_legend_handles_labels()[1])
    matplotlib.pyplot.close("all")


def test_plot_needs_a_summary():
    with pytest.raises(SurveyError, match="missing required column"):
        journey.plot(small())


# ----------------------------------------------------------------------------- comments
def test_tokenize_english_and_chinese():
    toks = journey.tokenize(pd.Series(["The queue was very long", "取车排队太久了"]))
    terms = set(toks["term"])
    assert {"queue", "long", "取车", "车排", "排队"} <= terms
    assert "the" not in terms and "久了" not in terms and "太久" not in terms  # stop words / stop characters
    assert "queue long" not in terms  # not adjacent in the text


def test_top_terms_reads_complaints_at_pain_points(car_rental):
    top = journey.top_terms(car_rental, by="touchpoint", n=3)
    assert set(top["touchpoint"]) <= {"pick-up wait", "final bill", "roadside help"}
    pick = top[top["touchpoint"] == "pick-up wait"]
    assert pick["term"].iloc[0] == "counter"
    # counts are documents, not occurrences: never more than the comments read
    assert (top["share"] <= 1).all()
    everything = journey.top_terms(car_rental, touchpoints="pick-up wait", sentiment="all", n=50)
    assert "quick" in set(everything["term"])  # praise of the app pick-up is only in 'all'
    assert "quick" not in set(journey.top_terms(car_rental, touchpoints="pick-up wait", n=50)["term"])


def test_top_terms_counts_and_errors():
    df = small().assign(comment=["fine", None, "fine again", "long wait", "wait wait wait", "slow slow"])
    top = journey.top_terms(df, touchpoints=["payment"], stop_words=["slow"])
    assert top.set_index("term").loc["wait", "comments"] == 2  # once per comment
    assert "slow" not in set(top["term"])
    assert top.attrs["n_comments"] == 3
    with pytest.raises(SurveyError, match="'lounge' is not a touchpoint"):
        journey.top_terms(df, touchpoints=["lounge"])
    with pytest.raises(SurveyError, match="missing required column 'comment'"):
        journey.top_terms(small())
    with pytest.raises(SurveyError, match="sentiment: must be"):
        journey.top_terms(df, sentiment="positive")


# ----------------------------------------------------------------------------- properties
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 40), drop=st.floats(0, 0.5))
def test_summary_invariants(seed, n, drop):
    """Counts add up to the rows, the interval brackets the gap, p lies in [0, 1], journey order is kept."""
    rng = np.random.default_rng(seed)
    df = weak_journey(n=n, seed=seed)
    df = df[rng.random(len(df)) >= drop]
    if df.empty:
        return
    s = journey.summarize(df, by="channel")
    assert s["n"].sum() == len(df)
    ok = s["ci_low"].notna()
    assert (s.loc[ok, "ci_low"] <= s.loc[ok, "gap"] + 1e-12).all()
    assert (s.loc[ok, "gap"] <= s.loc[ok, "ci_high"] + 1e-12).all()
    assert s["pvalue"].dropna().between(0, 1).all()
    assert s["order"].is_monotonic_increasing


def test_summary_by_any_grouping_column(car_rental):
    """by= names any grouping column (a customer segment as well as the channel): each group's
    rows equal summarize() of that group's answers alone, and extra columns are kept."""
    rng = np.random.default_rng(2)
    segment = pd.Series(rng.choice(["business", "leisure"], car_rental["respondent"].nunique()),
                        index=car_rental["respondent"].unique())
    d = car_rental.assign(segment=car_rental["respondent"].map(segment))
    out = journey.summarize(d, by="segment")
    assert "segment" in out.columns and out.attrs["by"] == "segment"
    part = journey.summarize(d[d["segment"] == "leisure"].drop(columns="segment"))
    mine = out[out["segment"] == "leisure"].drop(columns="segment").reset_index(drop=True)
    cols = ["touchpoint", "n", "gap", "ci_low", "ci_high", "t", "pvalue"]
    pd.testing.assert_frame_equal(mine[cols], part[cols])
    assert isinstance(journey.plot(out), matplotlib.axes.Axes)
    with pytest.raises(SurveyError, match="by: 'perception' cannot group"):
        journey.summarize(d, by="perception")
    terms = journey.top_terms(d, by="segment", n=2, summary=journey.summarize(d))
    assert set(terms["segment"]) <= {"business", "leisure"}
