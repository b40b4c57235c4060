"""Tests of sxm.servqual: hand calculations shown in each test, scipy as the independent
reference for the t-tests, and the bundled car-rental data against their known truth."""
from __future__ import annotations

import importlib.util

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from scipy import stats  # noqa: E402

import sxm  # noqa: E402

from sxm import datasets, servqual  # noqa: E402
from sxm.io import SurveyError, SurveyTypeError  # noqa: E402

TWO = {"a": [1, 2], "b": [3]}
WEIGHT_COLS = {d: f"W_{d}" for d in servqual.DIMENSIONS}


@pytest.fixture
def small():
    """Three respondents, two dimensions: a = items 1-2, b = item 3."""
    return pd.DataFrame(
        {
            "E1": [7, 6, 5], "E2": [6, 6, 5], "E3": [7, 5, 6],
            "P1": [5, 6, 6], "P2": [4, 7, 5], "P3": [6, 3, 6],
            "wa": [60, 50, 20], "wb": [40, 50, 80],
        }
    )


@pytest.fixture(scope="module")
def car():
    return datasets.load("car_rental_servqual")


@pytest.fixture(scope="module")
def management():
    return datasets.load("car_rental_servqual_management")


# --------------------------------------------------------------------------------------
# the instrument and the 5-GAP table
# --------------------------------------------------------------------------------------
def test_items_instrument():
    items = servqual.ITEMS
    assert items["item"].tolist() == list(range(1, 23))
    assert items.groupby("dimension", sort=False).size().to_dict() == {
        "tangibles": 4, "reliability": 5, "responsiveness": 4, "assurance": 4, "empathy": 5}
    for col in ("label", "expectation_en", "perception_en", "expectation_zh", "perception_zh"):
        assert items[col].str.len().gt(3).all() and items[col].is_unique
    assert items["dimension_zh"].nunique() == 5


def test_gaps_table():
    gaps = servqual.GAPS
    assert gaps["gap"].tolist() == [1, 2, 3, 4, 5]
    assert {"name", "what_it_is", "measured_by", "name_zh"} <= set(gaps.columns)
    assert "gap1" in gaps.loc[0, "measured_by"] and "summarize" in gaps.loc[4, "measured_by"]


# --------------------------------------------------------------------------------------
# scoring by hand
# --------------------------------------------------------------------------------------
def test_gap_scores_hand(small):
    """P - E per item: row 0: 5-7, 4-6, 6-7 = -2, -2, -1."""
    g = servqual.gap_scores(small, dimensions=TWO)
    assert g.columns.tolist() == ["G1", "G2", "G3"]
    assert g.loc[0].tolist() == [-2, -2, -1]
    assert g.loc[1].tolist() == [0, 1, -2]


def test_dimension_scores_hand_with_missing(small):
    """Row 0: a = mean(P1, P2) - mean(E1, E2) = 4.5 - 6.5 = -2. With P2 missing in row 1 the
    perception of a is P1 alone (6) and the gap 6 - 6 = 0."""
    d = small.astype(float)
    d.loc[1, "P2"] = np.nan
    g = servqual.dimension_scores(d, dimensions=TWO)
    assert g.loc[0, "a"] == -2 and g.loc[1, "a"] == 0 and g.loc[2, "b"] == 0
    p = servqual.dimension_scores(d, kind="perception", dimensions=TWO)
    assert p.loc[1, "a"] == 6 and p.loc[0, "a"] == 4.5
    e = servqual.dimension_scores(d, kind="expectation", dimensions=TWO)
    assert e.loc[2, "a"] == 5


def test_score_unweighted_weighted_servperf(small):
    """Row 0: gaps a = -2, b = -1. Unweighted (-2 - 1) / 2 = -1.5; weights 60/40:
    (60 * -2 + 40 * -1) / 100 = -1.6; SERVPERF = (4.5 + 6) / 2 = 5.25.
    Row 2 (weights 20/80): gaps a = 5.5 - 5 = 0.5, b = 0 -> 0.1."""
    s = servqual.score(small, dimensions=TWO, weights={"a": "wa", "b": "wb"})
    assert s.loc[0].tolist() == pytest.approx([-1.5, -1.6, 5.25])
    assert s.loc[2, "weighted_servqual"] == pytest.approx(0.1)
    fixed = servqual.score(small, dimensions=TWO, weights={"a": 75, "b": 25})
    assert fixed.loc[0, "weighted_servqual"] == pytest.approx(0.75 * -2 + 0.25 * -1)
    assert "weighted_servqual" not in servqual.score(small, dimensions=TWO).columns


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(*[st.integers(1, 7)] * 4), min_size=3, max_size=20))
def test_equal_weights_give_unweighted_score(rows):
    """Property: 50/50 points reproduce the unweighted score; any weights stay between the
    smallest and the largest dimension gap."""
    d = pd.DataFrame(rows, columns=["E1", "E2", "P1", "P2"])
    dims = {"x": [1], "y": [2]}
    s = servqual.score(d, dimensions=dims, weights={"x": 50, "y": 50})
    np.testing.assert_allclose(s["weighted_servqual"], s["servqual"])
    g = servqual.dimension_scores(d, dimensions=dims)
    w = servqual.score(d, dimensions=dims, weights={"x": 90, "y": 10})["weighted_servqual"]
    assert (w >= g.min(axis=1) - 1e-12).all() and (w <= g.max(axis=1) + 1e-12).all()


# --------------------------------------------------------------------------------------
# summarize: paired t-tests against scipy
# --------------------------------------------------------------------------------------
def test_summarize_against_scipy(small):
    """Dimension a: per-respondent E = 6.5, 6, 5 and P = 4.5, 6.5, 5.5; differences -2, .5, .5;
    mean -1/3; t and p from scipy.stats.ttest_rel, CI = mean +- t(.975, 2) * sd / sqrt(3)."""
    out = servqual.summarize(small, dimensions=TWO)
    assert out.index.tolist() == ["a", "b", "overall"]
    row = out.loc["a"]
    e, p = np.array([6.5, 6, 5]), np.array([4.5, 6.5, 5.5])
    ref = stats.ttest_rel(p, e)
    diff = p - e
    half = stats.t.ppf(0.975, 2) * diff.std(ddof=1) / np.sqrt(3)
    assert row["expectation"] == pytest.approx(e.mean()) and row["perception"] == pytest.approx(p.mean())
    assert row["gap"] == pytest.approx(-1 / 3)
    assert row["t"] == pytest.approx(ref.statistic) and row["pvalue"] == pytest.approx(ref.pvalue)
    assert row["ci_low"] == pytest.approx(-1 / 3 - half) and row["ci_high"] == pytest.approx(-1 / 3 + half)
    assert row["df"] == 2 and row["n"] == 3
    # overall = mean of the two dimension gaps per respondent: (-2 - 1)/2, (.5 - 2)/2, (.5 + 0)/2
    assert out.loc["overall", "gap"] == pytest.approx(np.mean([-1.5, -0.75, 0.25]))


def test_summarize_weighted_columns(small):
    """weight = mean points (a: (60+50+20)/3); weighted_gap = mean of w * gap / 100; the overall
    row is their sum = the mean weighted SERVQUAL score."""
    out = servqual.summarize(small, dimensions=TWO, weights={"a": "wa", "b": "wb"})
    assert out.loc["a", "weight"] == pytest.approx(130 / 3)
    assert out.loc["overall", "weight"] == 100
    assert out.loc["a", "weighted_gap"] == pytest.approx(np.mean([0.6 * -2, 0.5 * 0.5, 0.2 * 0.5]))
    s = servqual.score(small, dimensions=TWO, weights={"a": "wa", "b": "wb"})
    assert out.loc["overall", "weighted_gap"] == pytest.approx(s["weighted_servqual"].mean())
    assert out.loc["overall", "weighted_gap"] == pytest.approx(out.loc[["a", "b"], "weighted_gap"].sum())


def test_summarize_by_item(small):
    out = servqual.summarize(small, dimensions=TWO, per="item")
    assert out.index.tolist() == [1, 2, 3] and out["dimension"].tolist() == ["a", "a", "b"]
    assert out.loc[3, "gap"] == pytest.approx(np.mean([-1, -2, 0]))


def test_constant_difference_has_no_test():
    """P - E = 1 for everyone: the gap is 1 with a zero-width interval and no t statistic."""
    d = pd.DataFrame({"E1": [3, 4, 5], "P1": [4, 5, 6]})
    row = servqual.summarize(d, dimensions={"a": [1]}).loc["a"]
    assert row["gap"] == 1 and row["ci_low"] == row["ci_high"] == 1 and np.isnan(row["t"])


# --------------------------------------------------------------------------------------
# zone of tolerance and gap 1
# --------------------------------------------------------------------------------------
def test_zone_of_tolerance_hand():
    """Dimension a: adequate 4, 5, 4 (mean 13/3), desired 7, 6, 7, perception 5, 6, 5:
    MSA = 16/3 - 13/3 = 1, MSS = 16/3 - 20/3 = -4/3 -> within the zone. Dimension b:
    perception 3 below adequate 4 -> below zone. The row without A/D answers is dropped."""
    d = pd.DataFrame({
        "A1": [4, 5, 4, np.nan], "D1": [7, 6, 7, np.nan], "P1": [5, 6, 5, 1],
        "A2": [4, 4, 5, np.nan], "D2": [6, 6, 6, np.nan], "P2": [3, 3, 4, 7],
    })
    z = servqual.zone_of_tolerance(d, dimensions={"a": [1], "b": [2]})
    assert z.loc["a", "n"] == 3
    assert z.loc["a", "msa"] == pytest.approx(1) and z.loc["a", "mss"] == pytest.approx(-4 / 3)
    assert z.loc["a", "tolerance"] == pytest.approx(7 / 3)
    assert z["position"].tolist() == ["within zone", "below zone"]
    ref = stats.ttest_rel([5, 6, 5], [7, 6, 7])
    assert z.loc["a", "mss_pvalue"] == pytest.approx(ref.pvalue)
    assert np.isnan(z.loc["a", "msa_pvalue"])  # P - adequate = 1 for everyone: no test
    zi = servqual.zone_of_tolerance(d, dimensions={"a": [1], "b": [2]}, per="item")
    assert zi.index.tolist() == [1, 2] and zi["dimension"].tolist() == ["a", "b"]


def test_gap1_against_scipy_welch():
    """Gap 1 = management - customers; Welch's t-test as scipy.stats.ttest_ind(equal_var=False)."""
    c = pd.DataFrame({"E1": [7, 6, 7, 6, 7], "E2": [5, 6, 5, 6, 6]})
    m = pd.DataFrame({"E1": [5, 6, 5], "E2": [6, 6, 7]})
    out = servqual.gap1(c, m, dimensions={"a": [1], "b": [2]})
    ref = stats.ttest_ind([5, 6, 5], [7, 6, 7, 6, 7], equal_var=False)
    assert out.loc["a", "gap1"] == pytest.approx(16 / 3 - 6.6)
    assert out.loc["a", "t"] == pytest.approx(ref.statistic) and out.loc["a", "pvalue"] == pytest.approx(ref.pvalue)
    assert out.loc["a", "n_customers"] == 5 and out.loc["a", "n_management"] == 3
    assert out.index.tolist() == ["a", "b", "overall"]


def test_predictive_validity_against_numpy(small):
    """R^2 of the outcome on the dimension gaps equals numpy least squares with an intercept."""
    rng = np.random.default_rng(3)
    d = pd.DataFrame(rng.integers(1, 8, size=(60, 6)), columns=["E1", "E2", "E3", "P1", "P2", "P3"])
    d["sat"] = rng.integers(1, 8, size=60)
    out = servqual.predictive_validity(d, "sat", dimensions=TWO)
    g = servqual.dimension_scores(d, dimensions=TWO).to_numpy()
    x = np.column_stack([np.ones(60), g])
    beta, *_ = np.linalg.lstsq(x, d["sat"].to_numpy(float), rcond=None)
    resid = d["sat"] - x @ beta
    r2 = 1 - (resid**2).sum() / ((d["sat"] - d["sat"].mean()) ** 2).sum()
    assert out.loc["servqual", "r2"] == pytest.approx(r2)
    assert out.index.tolist() == ["servqual", "servperf"]


# --------------------------------------------------------------------------------------
# bad input: one clear error each
# --------------------------------------------------------------------------------------
def test_missing_items_named(car):
    with pytest.raises(SurveyError, match="missing required perception column 'P5'"):
        servqual.summarize(car.drop(columns="P5"))
    with pytest.raises(SurveyError, match="expectation columns 'E1', 'E2'"):
        servqual.gap_scores(car.drop(columns=["E1", "E2"]))


def test_out_of_scale_and_text(small):
    with pytest.raises(SurveyError, match="column 'P2': answers must lie on the scale 1 to 7; found 9 for respondent 2"):
        servqual.summarize(small.assign(P2=[4, 9, 5]), dimensions=TWO, scale=(1, 7))
    with pytest.raises(SurveyError, match="column 'E1': answers must be numbers"):
        servqual.gap_scores(small.assign(E1=["7", "x", "5"]), dimensions=TWO)


def test_weights_errors(small):
    with pytest.raises(SurveyError, match=r"sums to 90"):
        servqual.score(small, dimensions=TWO, weights={"a": 50, "b": 40})
    with pytest.raises(SurveyError, match=r"row 1 sums to 101"):
        servqual.score(small.assign(wb=[40, 51, 80]), dimensions=TWO, weights={"a": "wa", "b": "wb"})
    with pytest.raises(SurveyError, match="dimension 'b' has no weight"):
        servqual.summarize(small, dimensions=TWO, weights={"a": 100})
    with pytest.raises(SurveyError, match="column 'wb'.*row 0 left it empty"):
        servqual.score(small.assign(wb=[np.nan, 50, 80]), dimensions=TWO, weights={"a": "wa", "b": "wb"})
    with pytest.raises(SurveyTypeError, match="not a mix"):
        servqual.score(small, dimensions=TWO, weights={"a": "wa", "b": 40})
    with pytest.raises(SurveyError, match="column 'wa'.*scale 0 to 100"):
        servqual.score(small.assign(wa=[160, 50, 20]), dimensions=TWO, weights={"a": "wa", "b": "wb"})


def test_respondent_without_weights_gets_none(small):
    d = small.astype(float)
    d.loc[2, ["wa", "wb"]] = np.nan
    s = servqual.score(d, dimensions=TWO, weights={"a": "wa", "b": "wb"})
    assert np.isnan(s.loc[2, "weighted_servqual"]) and s.loc[0, "weighted_servqual"] == pytest.approx(-1.6)


def test_bad_arguments(small):
    with pytest.raises(SurveyTypeError, match="template"):
        servqual.gap_scores(small, expectation="E", dimensions=TWO)
    with pytest.raises(SurveyError, match="item 1: belongs to one dimension only"):
        servqual.summarize(small, dimensions={"a": [1, 2], "b": [1]})
    with pytest.raises(SurveyError, match="per"):
        servqual.summarize(small, dimensions=TWO, per="row")
    with pytest.raises(SurveyError, match="level"):
        servqual.summarize(small, dimensions=TWO, level=95)
    with pytest.raises(SurveyTypeError, match="DataFrame"):
        servqual.summarize(small.to_numpy())
    with pytest.raises(SurveyError, match="kind"):
        servqual.dimension_scores(small, kind="weights", dimensions=TWO)


def test_zero_padded_columns_are_found(small):
    """'E{}' also finds E01 ... when the data are named that way; explicit formats work too."""
    d = small.rename(columns=lambda c: f"{c[0]}{int(c[1:]):02d}" if c[1:].isdigit() else c)
    assert servqual.gap_scores(d, dimensions=TWO).loc[0].tolist() == [-2, -2, -1]
    assert servqual.gap_scores(d, expectation="E{:02d}", perception="P{:02d}", dimensions=TWO).shape == (3, 3)


def test_caller_data_unchanged(car, management):
    before, mbefore = car.copy(), management.copy()
    servqual.summarize(car, weights=WEIGHT_COLS)
    servqual.zone_of_tolerance(car)
    servqual.gap1(car, management)
    pd.testing.assert_frame_equal(car, before)
    pd.testing.assert_frame_equal(management, mbefore)


# --------------------------------------------------------------------------------------
# bundled data: regenerated bit-for-bit, and close to the truth in data/README.md
# --------------------------------------------------------------------------------------
def _generator(name):
    script = datasets.DATA_DIR / "scripts" / f"make_{name}.py"
    spec = importlib.util.spec_from_file_location(f"make_{name}", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["car_rental_servqual", "car_rental_servqual_management"])
def test_generators_rewrite_csv_bit_for_bit(name):
    made = _generator(name).make().to_csv(index=False, lineterminator="\n")
    assert made == datasets.path(name).read_text()


def test_bundled_data_recover_truth(car, management):
    """True gaps (data/README.md): reliability and responsiveness -1.22, tangibles -0.10; the two
    largest estimated gaps are those two, and each 95 % CI covers its true value within 0.15.
    Weights sum to 100 per respondent; the zone-of-tolerance subsample has 160 renters; gap 1
    for responsiveness is negative (true -0.7)."""
    truth = {"tangibles": -0.10, "reliability": -1.22, "responsiveness": -1.22, "assurance": -0.60, "empathy": -0.70}
    out = servqual.summarize(car, weights=WEIGHT_COLS)
    assert set(out["gap"].drop("overall").nsmallest(2).index) == {"reliability", "responsiveness"}
    for dim, g in truth.items():
        assert out.loc[dim, "ci_low"] - 0.15 < g < out.loc[dim, "ci_high"] + 0.15
    assert (car[list(WEIGHT_COLS.values())].sum(axis=1) == 100).all()
    zone = servqual.zone_of_tolerance(car)
    assert (zone["n"] == 160).all()
    assert zone.loc["reliability", "position"] == "below zone"
    g1 = servqual.gap1(car, management)
    assert g1.loc["responsiveness", "gap1"] < -0.3 and g1.loc["tangibles", "gap1"] > 0


# --------------------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------------------
def test_plots_return_axes(car):
    items = servqual.summarize(car, per="item")
    ax = servqual.plot_profile(items)
    assert len(ax.get_xticklabels()) == 22 and ax.get_legend() is not None
    plt.close("all")
    ax = servqual.plot_gaps(servqual.summarize(car))
    assert len(ax.patches) == 6
    plt.close("all")
    ax = servqual.plot_zone_of_tolerance(servqual.zone_of_tolerance(car))
    assert len(ax.patches) >= 5
    plt.close("all")
    with pytest.raises(SurveyTypeError):
        servqual.plot_gaps([1, 2])
    with pytest.raises(SurveyError, match="missing required summary columns 'gap', 'ci_low', 'ci_high'"):
        servqual.plot_gaps(pd.DataFrame({"x": [1]}), column="gap")
    with pytest.raises(SurveyError, match="missing required summary columns 'perception', 'ci_low', 'ci_high'"):
        servqual.plot_gaps(pd.DataFrame({"x": [1]}))


def test_perception_only_scores_validity_and_figures():
    """SERVPERF surveys (expectation=None): score gives servperf (the mean of the dimension
    means, by hand below) and its weighted form sum(w P)/100; predictive_validity regresses on
    the perceptions only; the figures draw perceptions."""
    car = sxm.datasets.load("car_rental_servqual")
    d = pd.DataFrame({"P1": [5, 6], "P2": [7, 4], "P3": [3, 6]})
    dims = {"a": [1, 2], "b": [3]}
    out = servqual.score(d, expectation=None, dimensions=dims, weights={"a": 75, "b": 25})
    assert list(out.columns) == ["servperf", "weighted_servperf"]
    assert out["servperf"].tolist() == [(6 + 3) / 2, (5 + 6) / 2]
    assert out["weighted_servperf"].tolist() == [0.75 * 6 + 0.25 * 3, 0.75 * 5 + 0.25 * 6]
    validity = servqual.predictive_validity(car, "overall", expectation=None)
    both = servqual.predictive_validity(car, "overall")
    assert list(validity.index) == ["servperf"]
    pd.testing.assert_series_equal(validity.loc["servperf"], both.loc["servperf"])
    items = servqual.summarize(car, expectation=None, per="item")
    ax = servqual.plot_profile(items)
    assert ax.get_title() == "Perceptions per item" and len(ax.collections) == 0  # no P-E segments
    ax = servqual.plot_gaps(servqual.summarize(car, expectation=None))
    assert "perception" in ax.get_xlabel()
    plt.close("all")


def test_item_blocks(small):
    assert servqual.item_blocks("P{}", TWO) == {"a": ["P1", "P2"], "b": ["P3"]}
    padded = small.rename(columns={"P1": "P01", "P2": "P02", "P3": "P03"})
    assert servqual.item_blocks("P{}", TWO, data=padded) == {"a": ["P01", "P02"], "b": ["P03"]}
    assert len(servqual.item_blocks("E{}")) == 5


def test_perception_only_servperf_summary():
    """expectation=None summarizes a perception-only (SERVPERF) survey: per dimension the mean
    of the respondents' item means with the one-sample t interval (scipy's t.interval by hand),
    the overall row the mean of the dimension means."""
    d = pd.DataFrame({"P1": [5, 6, 7, 4], "P2": [6, 6, 5, 4], "P3": [3, 4, 5, 6]})
    out = servqual.summarize(d, expectation=None, dimensions={"a": [1, 2], "b": [3]})
    a = d[["P1", "P2"]].mean(axis=1)  # 5.5, 6, 6, 4
    low, high = stats.t.interval(0.95, 3, loc=a.mean(), scale=a.std(ddof=1) / 2)
    assert out.loc["a", "perception"] == pytest.approx(5.375)
    assert (out.loc["a", "ci_low"], out.loc["a", "ci_high"]) == pytest.approx((low, high))
    assert out.loc["overall", "perception"] == pytest.approx((5.375 + 4.5) / 2)
    assert list(out.columns) == ["n", "perception", "se", "ci_low", "ci_high"]
    items = servqual.summarize(d, expectation=None, dimensions={"a": [1, 2], "b": [3]}, per="item")
    assert items["dimension"].tolist() == ["a", "a", "b"] and items.loc[3, "perception"] == pytest.approx(4.5)
