"""Tests of sxm.metrics against hand counts and hand-computed interval formulas.

References: the Wilson (1927) score interval and the Wald interval written out below;
the multinomial variance of a difference of shares, Var(pP - pD) = (pP + pD - (pP - pD)^2)/n
(Rocks 2016, The American Statistician 70:365); the Student-t interval of a mean, with
t quantiles from scipy and cross-checked with scipy's own one-sample t-test interval.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sxm import metrics
from sxm.io import SurveyError, SurveyTypeError

Z95 = 1.959963984540054


@pytest.fixture
def survey():
    return pd.DataFrame(
        {
            "shop": ["a", "a", "b", "b", "b", "a", "a", "b", "a", "b"],
            "csat": [5, 4, 4, 3, 2, 5, 4, 1, 5, 4],
            "rec": [10, 10, 9, 9, 9, 8, 7, 6, 3, 10],
            "effort": [2, 3, 3, 4, 6, 1, 2, 5, 2, 7],
        }
    )


def test_csat_top2_hand_count_and_wilson_interval(survey):
    before = survey.copy()
    out = metrics.csat(survey, "csat")
    # satisfied (4 or 5): 5,4,4,5,4,5,4 -> 7 of 10
    assert out[["n", "satisfied"]].values.tolist() == [[10, 7]]
    p, n, z = 0.7, 10, Z95
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    assert out["csat"].item() == pytest.approx(70.0)
    assert out["ci_low"].item() == pytest.approx(100 * (centre - half))  # 39.68
    assert out["ci_high"].item() == pytest.approx(100 * (centre + half))  # 89.22
    assert out["ci_low"].item() == pytest.approx(39.677, abs=1e-3)
    pd.testing.assert_frame_equal(survey, before)


def test_csat_normal_interval_by_hand(survey):
    out = metrics.csat(survey, "csat", method="normal", level=0.90)
    z = stats.norm.ppf(0.95)  # 1.6449
    half = z * math.sqrt(0.7 * 0.3 / 10)  # 0.2384
    assert out["ci_low"].item() == pytest.approx(100 * (0.7 - half))
    assert out["ci_high"].item() == pytest.approx(100 * (0.7 + half))
    # clipped at 100 when every answer is satisfied
    allsat = metrics.csat(pd.DataFrame({"c": [5, 5, 4]}), "c", method="normal")
    assert allsat[["csat", "ci_low", "ci_high"]].values.tolist() == [[100.0, 100.0, 100.0]]


def test_csat_by_segment_top_and_missing(survey):
    out = metrics.csat(survey, "csat", by="shop")
    # shop a: 5,4,5,4,5 -> 5/5; shop b: 4,3,2,1,4 -> 2/5
    assert out[["shop", "n", "satisfied", "csat"]].values.tolist() == [["a", 5, 5, 100.0], ["b", 5, 2, 40.0]]
    top1 = metrics.csat(survey, "csat", top=1)  # only 5s: 3 of 10
    assert top1["satisfied"].item() == 3
    seven = pd.DataFrame({"s": [7, 6, 5, 4, np.nan, 1]})
    out = metrics.csat(seven, "s", scale=(1, 7), top=3)  # 5, 6, 7 of 5 answered
    assert out[["n", "satisfied"]].values.tolist() == [[5, 3]]
    assert out["csat"].item() == pytest.approx(60.0)


def test_nps_hand_count_and_multinomial_se(survey):
    before = survey.copy()
    out = metrics.nps(survey, "rec")
    # promoters 10,10,9,9,9,10 = 6; passives 8,7 = 2; detractors 6,3 = 2
    row = out.iloc[0]
    assert (row.n, row.promoters, row.passives, row.detractors) == (10, 6, 2, 2)
    assert (row.pct_promoters, row.pct_passives, row.pct_detractors) == pytest.approx((60, 20, 20))
    assert row.nps == pytest.approx(40.0)
    se = math.sqrt((0.6 + 0.2 - (0.6 - 0.2) ** 2) / 10)  # sqrt(0.064) = 0.25298
    assert row.se == pytest.approx(100 * se)
    assert row.se == pytest.approx(25.298, abs=1e-3)
    assert row.ci_low == pytest.approx(100 * (0.4 - Z95 * se))  # -9.58
    assert row.ci_high == pytest.approx(100 * (0.4 + Z95 * se))  # 89.58
    # the same variance written as pP(1-pP) + pD(1-pD) + 2 pP pD
    assert (0.6 * 0.4 + 0.2 * 0.8 + 2 * 0.6 * 0.2) / 10 == pytest.approx(se**2)
    pd.testing.assert_frame_equal(survey, before)


def test_nps_by_segment_and_edges(survey):
    out = metrics.nps(survey, "rec", by="shop").set_index("shop")
    # a: 10,10,8,7,3 -> P2 Pa2 D1 -> 20; b: 9,9,9,6,10 -> P4 D1 -> 60
    assert out.loc["a", ["promoters", "passives", "detractors"]].tolist() == [2, 2, 1]
    assert out.loc["a", "nps"] == pytest.approx(20.0)
    assert out.loc["b", "nps"] == pytest.approx(60.0)
    allp = metrics.nps(pd.DataFrame({"r": [9, 10, 10, np.nan]}), "r")
    assert allp[["n", "nps", "se", "ci_low", "ci_high"]].values.tolist() == [[3, 100.0, 0.0, 100.0, 100.0]]
    # interval clipped at -100
    low = metrics.nps(pd.DataFrame({"r": [0, 1, 2, 10]}), "r")
    assert low["ci_low"].item() == -100.0


def test_ces_t_interval_by_hand(survey):
    before = survey.copy()
    x = pd.DataFrame({"effort": [2, 3, 3, 4, 6]})
    out = metrics.ces(x, "effort").iloc[0]
    # mean 3.6; deviations -1.6 -.6 -.6 .4 2.4 -> SS 9.2; s^2 = 2.3; se = sqrt(2.3/5)
    se = math.sqrt(2.3 / 5)
    t = stats.t.ppf(0.975, 4)  # 2.7764
    assert (out.n, out["mean"], out.sd, out.se) == pytest.approx((5, 3.6, math.sqrt(2.3), se))
    assert (out.ci_low, out.ci_high) == pytest.approx((3.6 - t * se, 3.6 + t * se))
    ci = stats.ttest_1samp([2, 3, 3, 4, 6], 0).confidence_interval()
    assert (out.ci_low, out.ci_high) == pytest.approx((ci.low, ci.high))
    by = metrics.ces(survey, "effort", by="shop").set_index("shop")
    assert by.loc["a", "mean"] == pytest.approx(np.mean([2, 3, 1, 2, 2]))
    assert by.loc["b", "n"] == 5
    one = metrics.ces(pd.DataFrame({"e": [3.0, np.nan]}), "e")
    assert one["n"].item() == 1 and np.isnan(one["ci_low"].item())
    pd.testing.assert_frame_equal(survey, before)


def test_by_accepts_several_columns(survey):
    df = survey.assign(wave=[1, 2] * 5)
    out = metrics.csat(df, "csat", by=["shop", "wave"])
    assert list(out.columns[:3]) == ["shop", "wave", "n"]
    assert out["n"].sum() == 10 and len(out) == 4


@pytest.mark.parametrize(
    "call, err, match",
    [
        (lambda d: metrics.csat(d, "csat", scale=(1, 4)), SurveyError, "scale 1 to 4; found 5"),
        (lambda d: metrics.csat(d, "nope"), SurveyError, "missing required column 'nope'"),
        (lambda d: metrics.csat(d, ["csat"]), SurveyTypeError, "name of one column"),
        (lambda d: metrics.csat(d, "csat", top=5), SurveyError, "top: must be"),
        (lambda d: metrics.csat(d, "csat", method="exact"), SurveyError, "'wilson' or 'normal'"),
        (lambda d: metrics.csat(d, "csat", level=5), SurveyError, "level"),
        (lambda d: metrics.csat(d, "csat", by="region"), SurveyError, "segment column 'region'"),
        (lambda d: metrics.csat(d.assign(shop=[None] + ["a"] * 9), "csat", by="shop"), SurveyError, "must not be missing"),
        (lambda d: metrics.csat(d.assign(csat=["5"] * 9 + ["great"]), "csat"), SurveyError, "found 'great'"),
        (lambda d: metrics.nps(d.assign(rec=[11] + [5] * 9), "rec"), SurveyError, "scale 0 to 10; found 11"),
        (lambda d: metrics.nps(d.assign(rec=[8.5] + [5] * 9), "rec"), SurveyError, "whole numbers 0-10; found 8.5 in row 0"),
        (lambda d: metrics.ces(d, "effort", scale=(1, 5)), SurveyError, "found 6"),
        (lambda d: metrics.ces(d.to_numpy(), "effort"), SurveyTypeError, "pandas DataFrame"),
    ],
)
def test_metric_bad_inputs(survey, call, err, match):
    with pytest.raises(err, match=match):
        call(survey)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=60))
def test_nps_properties(answers):
    out = metrics.nps(pd.DataFrame({"r": answers}), "r").iloc[0]
    assert out.promoters + out.passives + out.detractors == out.n == len(answers)
    assert -100 <= out.ci_low <= out.nps <= out.ci_high <= 100
    assert out.pct_promoters + out.pct_passives + out.pct_detractors == pytest.approx(100)


# --------------------------------------------------------------------------------------
ELEMENTS = {"employees": "emp?", "facilities": ["fac1", "fac2"]}


@pytest.fixture
def elements_data():
    return pd.DataFrame(
        {
            "seg": ["x", "x", "y"],
            "emp1": [7, 3, 4],
            "emp2": [5, 3, np.nan],
            "fac1": [2, 6, np.nan],
            "fac2": [4, 6, np.nan],
            "emp_exp": [5, 5, 6],
            "fac_exp": [3, 7, 4],
        }
    )


def test_experience_index_by_hand(elements_data):
    before = elements_data.copy()
    out = metrics.experience_index(elements_data, ELEMENTS, {"employees": 0.6, "facilities": 0.4})
    # row 0: employees (7+5)/2 = 6, facilities (2+4)/2 = 3 -> .6*6 + .4*3 = 4.8
    # row 1: 3 and 6 -> 1.8 + 2.4 = 4.2; row 2: employees 4 (one answer), facilities NaN -> NaN
    assert out.columns.tolist() == ["employees", "facilities", "experience_index"]
    assert out.loc[0].tolist() == pytest.approx([6, 3, 4.8])
    assert out.loc[1].tolist() == pytest.approx([3, 6, 4.2])
    assert out.loc[2, "employees"] == 4 and np.isnan(out.loc[2, "experience_index"])
    pct = metrics.experience_index(elements_data, ELEMENTS, {"employees": 60, "facilities": 40})
    pd.testing.assert_frame_equal(out, pct)
    pd.testing.assert_frame_equal(elements_data, before)


@pytest.mark.parametrize(
    "weights, err, match",
    [
        ({"employees": 1.0}, SurveyError, "no weight for 'facilities'"),
        ({"employees": 0.5, "facilities": 0.3, "process": 0.2}, SurveyError, "'process' is not an element"),
        ({"employees": 1.2, "facilities": -0.2}, SurveyError, "non-negative; got -0.2"),
        ({"employees": 0.5, "facilities": 0.4}, SurveyError, "sum to 1 .* they sum to 0.9"),
        ({"employees": 50, "facilities": 40}, SurveyError, "they sum to 90"),
        ({"employees": "half", "facilities": 0.5}, SurveyTypeError, "finite number"),
        ([0.5, 0.5], SurveyTypeError, "must be a dict"),
    ],
)
def test_experience_index_bad_weights(elements_data, weights, err, match):
    with pytest.raises(err, match=match):
        metrics.experience_index(elements_data, ELEMENTS, weights)


def test_experience_index_bad_elements(elements_data):
    with pytest.raises(SurveyError, match="pattern 'zz\\*': matches no column"):
        metrics.experience_index(elements_data, {"employees": "zz*"}, {"employees": 1})
    with pytest.raises(SurveyError, match="item 'fac9' is not a column.*closest columns: 'fac2', 'fac1'"):
        metrics.experience_index(elements_data, {"f": ["fac9"]}, {"f": 1})
    with pytest.raises(SurveyError, match="scale 1 to 5; found 7"):
        metrics.experience_index(elements_data, ELEMENTS, {"employees": 0.5, "facilities": 0.5}, scale=(1, 5))
    with pytest.raises(SurveyTypeError, match="blocks: must map each construct"):
        metrics.experience_index(elements_data, ["emp1"], {"employees": 1})


def test_compare_weights_ranks_segments(elements_data):
    before = elements_data.copy()
    sets = {"people": {"employees": 1, "facilities": 0}, "places": {"employees": 0, "facilities": 1}}
    df = elements_data.assign(fac1=[2, 6, 1], fac2=[4, 6, 1])
    out = metrics.compare_weights(df, ELEMENTS, sets, by="seg")
    # people: x mean of employees (6 + 3)/2 = 4.5, y 4 -> x first
    # places: x (3 + 6)/2 = 4.5, y 1 -> x first too; changing emp1 below flips "people"
    assert out.columns.tolist() == ["weights", "seg", "experience_index", "rank"]
    assert out[["weights", "seg"]].values.tolist() == [["people", "x"], ["people", "y"], ["places", "x"], ["places", "y"]]
    assert out["experience_index"].tolist() == pytest.approx([4.5, 4.0, 4.5, 1.0])
    flip = metrics.compare_weights(df.assign(emp1=[1, 1, 7]), ELEMENTS, sets, by="seg")
    # people: x (3 + 2)/2 = 2.5 vs y 7 -> y first; places: x 4.5 vs y 1 -> x first
    assert flip.set_index(["weights", "seg"])["rank"].to_dict() == {
        ("people", "x"): 2, ("people", "y"): 1, ("places", "x"): 1, ("places", "y"): 2,
    }
    with pytest.raises(SurveyError, match=r"weight_sets\['bad'\]: weights must sum to 1"):
        metrics.compare_weights(df, ELEMENTS, {"bad": {"employees": 1, "facilities": 1}}, by="seg")
    pd.testing.assert_frame_equal(elements_data, before)


def test_disconfirmation_by_hand(elements_data):
    before = elements_data.copy()
    out = metrics.disconfirmation(
        elements_data, ELEMENTS, {"employees": "emp_exp", "facilities": ["fac_exp"]}
    )
    # employees: 6-5 = 1, 3-5 = -2, 4-6 = -2; facilities: 3-3 = 0, 6-7 = -1, NaN-4 = NaN
    assert out["employees"].tolist() == [1.0, -2.0, -2.0]
    assert out["facilities"].tolist()[:2] == [0.0, -1.0] and np.isnan(out["facilities"].iloc[2])
    pd.testing.assert_frame_equal(elements_data, before)
    with pytest.raises(SurveyError, match="no expectation for 'facilities'"):
        metrics.disconfirmation(elements_data, ELEMENTS, {"employees": "emp_exp"})
    with pytest.raises(SurveyError, match="'process' has no perception items"):
        metrics.disconfirmation(
            elements_data, ELEMENTS, {"employees": "emp_exp", "facilities": "fac_exp", "process": "fac_exp"}
        )


def test_total_row_equals_the_overall_call(survey):
    for fn, item in ((metrics.csat, "csat"), (metrics.nps, "rec"), (metrics.ces, "effort")):
        out = fn(survey, item, by="shop", total=True)
        assert out["shop"].tolist() == ["a", "b", "all"]
        overall = fn(survey, item)
        pd.testing.assert_frame_equal(
            out.iloc[[-1]].drop(columns="shop").reset_index(drop=True), overall, check_dtype=False
        )
    two = metrics.csat(survey.assign(wave=[1, 2] * 5), "csat", by=["shop", "wave"], total=True)
    assert two.iloc[-1][["shop", "wave", "n"]].tolist() == ["all", "all", 10]
    with pytest.raises(SurveyTypeError, match="total"):
        metrics.csat(survey, "csat", by="shop", total="yes")


def test_nps_sample_size_by_hand():
    # worst case pP = pD = .5: variance 1; n = 1.96^2 / .05^2 = 1536.6 -> 1537
    assert metrics.nps_sample_size(5) == math.ceil(Z95**2 / 0.05**2) == 1537
    # pP .45, pD .25: variance .70 - .20^2 = .66 -> 1014.1 -> 1015
    assert metrics.nps_sample_size(5, promoters=45, detractors=25) == 1015
    assert metrics.nps_sample_size(10, promoters=45, detractors=25, level=0.90) == math.ceil(
        stats.norm.ppf(0.95) ** 2 * 0.66 / 0.1**2
    )
    # the interval of a survey of that size has (about) the wanted half-width
    n = metrics.nps_sample_size(8, promoters=50, detractors=20)
    answers = [10] * round(0.5 * n) + [7] * round(0.3 * n) + [0] * (n - round(0.5 * n) - round(0.3 * n))
    out = metrics.nps(pd.DataFrame({"r": answers}), "r").iloc[0]
    assert (out.ci_high - out.ci_low) / 2 == pytest.approx(8, abs=0.05)
    with pytest.raises(SurveyError, match="both expected percentages"):
        metrics.nps_sample_size(5, promoters=40)
    with pytest.raises(SurveyError, match="cannot exceed 100%"):
        metrics.nps_sample_size(5, promoters=70, detractors=40)
    with pytest.raises(SurveyError, match="margin: must be above 0"):
        metrics.nps_sample_size(0)


def test_plots_return_axes(survey):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = metrics.nps(survey, "rec", by="shop", total=True)
    ax = metrics.plot_estimates(t, "nps", by="shop", xlabel="NPS")
    assert [t.get_text() for t in ax.texts] == ["20.0", "60.0", "40.0"]
    ax = metrics.plot_nps_mix(t, by="shop")
    assert len(ax.patches) == 9 and ax.texts[-1].get_text() == "NPS +40.0"
    scores = metrics.experience_index(
        survey.assign(e1=survey.csat, f1=survey.effort), {"staff": ["e1"], "rooms": ["f1"]}, {"staff": 0.5, "rooms": 0.5}
    )
    ax = metrics.plot_elements(scores, by=survey["shop"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["staff", "rooms"]
    d = pd.DataFrame({"staff": [1.0, -2, 0.5, -1], "rooms": [0.0, 1, -1, -1]})
    ax = metrics.plot_disconfirmation(d, by=pd.Series(list("aabb")))
    assert [t.get_text() for t in ax.texts] == ["-0.50", "0.50", "-0.25", "-1.00"]
    with pytest.raises(SurveyError, match="missing required column 'nps'"):
        metrics.plot_nps_mix(t.drop(columns="nps"), by="shop")
    plt.close("all")


def test_intervals_match_r():
    """Wilson intervals equal R's ``prop.test(k, n, correct = FALSE)$conf.int`` and CES
    intervals R's ``t.test(x)$conf.int`` (R 4, base stats; script
    tests/reference/metrics_reference.R, output hard-coded here)."""
    seven = pd.DataFrame({"c": [5] * 7 + [2] * 3})
    out = metrics.csat(seven, "c")
    assert (out.ci_low.item(), out.ci_high.item()) == pytest.approx((39.67781475, 89.22087326))
    many = pd.DataFrame({"c": [4] * 133 + [1] * 67})
    out = metrics.csat(many, "c")
    assert (out.ci_low.item(), out.ci_high.item()) == pytest.approx((59.70219121, 72.67591302))
    out = metrics.csat(pd.DataFrame({"c": [5, 4, 5, 4, 4]}), "c", level=0.90)
    assert (out.ci_low.item(), out.ci_high.item()) == pytest.approx((64.88834992, 100.0))
    out = metrics.ces(pd.DataFrame({"e": [2, 3, 3, 4, 6]}), "e")
    assert (out.ci_low.item(), out.ci_high.item()) == pytest.approx((1.716923312, 5.483076688))
    out = metrics.ces(pd.DataFrame({"e": [2, 3, 1, 2, 2, 7, 4]}), "e", level=0.90)
    assert (out.ci_low.item(), out.ci_high.item()) == pytest.approx((1.531093779, 4.468906221))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=60), st.sampled_from(["wilson", "normal"]))
def test_csat_properties(answers, method):
    out = metrics.csat(pd.DataFrame({"c": answers}), "c", method=method).iloc[0]
    assert 0 <= out.satisfied <= out.n == len(answers)
    assert 0 <= out.ci_low <= out.csat + 1e-9 and out.csat - 1e-9 <= out.ci_high <= 100
