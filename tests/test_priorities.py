"""Tests of sxm.priorities: derived importance (Johnson's relative weights), IPA, plans."""
from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from sxm import priorities as pr
from sxm.io import SurveyError, SurveyTypeError

REF = Path(__file__).resolve().parent / "reference"
MTCARS_DRIVERS = ["cyl", "disp", "hp", "wt", "drat"]


@pytest.fixture(scope="module")
def mtcars():
    return pd.read_csv(REF / "mtcars.csv")


# ----------------------------------------------------------------------------- relative weights
def test_relative_weights_match_r_mtcars(mtcars):
    """Reference: tests/reference/priorities_reference.R (Johnson's eigen-decomposition written
    out in R, and lm() on scaled data for beta), on R's mtcars: mpg ~ cyl + disp + hp + wt + drat."""
    imp = pr.derived_importance(mtcars, MTCARS_DRIVERS, "mpg")
    r = pd.DataFrame(
        {"correlation": [-0.8521619594, -0.8475513793, -0.7761683718, -0.8676593765, 0.6811719078],
         "beta": [-0.3281734123, 0.2541173161, -0.2732235381, -0.5963474470, 0.0844747712],
         "relative_weight": [0.1745620439, 0.1574592080, 0.1729757108, 0.2266628765, 0.1196553409],
         "rescaled_weight": [0.2050498429, 0.1849599440, 0.2031864518, 0.2662502464, 0.1405535150]},
        index=MTCARS_DRIVERS,
    )
    for col in r:
        np.testing.assert_allclose(imp[col].to_numpy(), r[col].to_numpy(), atol=1e-9)
    assert imp.attrs["r2"] == pytest.approx(0.8513151801, abs=1e-9)
    assert imp["relative_weight"].sum() == pytest.approx(imp.attrs["r2"], abs=1e-12)
    assert imp["share"].sum() == pytest.approx(1)
    assert imp["rank"].tolist() == [2, 4, 3, 1, 5]
    assert imp.attrs["n"] == 32 and imp.attrs["method"] == "relative_weights"


def test_relative_weights_match_r_ecsi(reference_data):
    """Real survey cross-check: ECSI mobi data, CUSA1 ~ PERQ1..PERQ7 (same R script)."""
    mobi = pd.read_csv(reference_data("ecsi_mobi.csv"))
    imp = pr.derived_importance(mobi, [f"PERQ{i}" for i in range(1, 8)], "CUSA1", scale=(1, 10))
    ref = [0.1295051937, 0.0552476943, 0.0455865542, 0.0757467980, 0.0351699757, 0.0427555735, 0.0627367656]
    np.testing.assert_allclose(imp["relative_weight"], ref, atol=1e-9)
    assert imp.attrs["r2"] == pytest.approx(0.4467485550, abs=1e-9)


def test_relative_weights_two_drivers_by_hand():
    """Hand calculation for two drivers with correlation rho = .5 and validities (.6, .4).

    The symmetric square root of [[1, rho], [rho, 1]] is [[a, b], [b, a]] with
    a = (sqrt(1 + rho) + sqrt(1 - rho)) / 2 and b = (sqrt(1 + rho) - sqrt(1 - rho)) / 2;
    beta_z = Lambda^-1 r = (a r1 - b r2, a r2 - b r1) / (a^2 - b^2); eps_1 = a^2 beta_1^2 + b^2 beta_2^2,
    eps_2 = b^2 beta_1^2 + a^2 beta_2^2, and R^2 = (r1^2 + r2^2 - 2 rho r1 r2) / (1 - rho^2) = 0.37333.
    """
    rho, r1, r2 = 0.5, 0.6, 0.4
    a = (np.sqrt(1 + rho) + np.sqrt(1 - rho)) / 2
    b = (np.sqrt(1 + rho) - np.sqrt(1 - rho)) / 2
    b1, b2 = (a * r1 - b * r2) / (a * a - b * b), (a * r2 - b * r1) / (a * a - b * b)
    expected = [a * a * b1 * b1 + b * b * b2 * b2, b * b * b1 * b1 + a * a * b2 * b2]
    got = pr.relative_weights(np.array([[1, rho], [rho, 1]]), np.array([r1, r2]))
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    assert got.sum() == pytest.approx((r1**2 + r2**2 - 2 * rho * r1 * r2) / (1 - rho**2))


def test_regression_and_correlation_methods(mtcars):
    reg = pr.derived_importance(mtcars, MTCARS_DRIVERS, "mpg", method="regression")
    assert reg["importance"].equals(reg["beta"])
    assert reg["rank"].tolist() == [2, 4, 3, 1, 5]  # by |beta|
    cor = pr.derived_importance(mtcars, MTCARS_DRIVERS, "mpg", method="correlation")
    assert cor["rank"].tolist() == [2, 3, 4, 1, 5]
    # R^2 equals the squared multiple correlation of an ordinary least-squares fit
    x = np.column_stack([np.ones(32), mtcars[MTCARS_DRIVERS]])
    fitted = x @ np.linalg.lstsq(x, mtcars["mpg"], rcond=None)[0]
    assert reg.attrs["r2"] == pytest.approx(np.corrcoef(fitted, mtcars["mpg"])[0, 1] ** 2)


def test_listwise_missing_and_caller_unchanged(mtcars):
    df = mtcars.astype(float)
    df.loc[[0, 5], "hp"] = np.nan
    before = df.copy()
    imp = pr.derived_importance(df, MTCARS_DRIVERS, "mpg")
    assert imp.attrs["n"] == 30
    pd.testing.assert_frame_equal(df, before)
    ref = pr.derived_importance(df.dropna(), MTCARS_DRIVERS, "mpg")
    pd.testing.assert_series_equal(imp["relative_weight"], ref["relative_weight"])


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"drivers": ["cyl", "mpg"]}, SurveyError, "is also listed as a driver"),
        ({"drivers": ["cyl", "cyl"]}, SurveyError, "'cyl' is listed twice"),
        ({"drivers": ["cyl", "nope"]}, SurveyError, "missing required column 'nope'"),
        ({"method": "shapley"}, SurveyError, "method: must be one of"),
        ({"outcome": ["mpg"]}, SurveyTypeError, "outcome: must be one column name"),
        ({"drivers": 5}, SurveyTypeError, "drivers: must be a column name"),
        ({"method": "sem_total"}, SurveyTypeError, "needs a fitted model of sxm.sem.fit"),
        ({"scale": (1, 10)}, SurveyError, "answers must lie on the scale 1 to 10"),
    ],
)
def test_derived_importance_errors(mtcars, kwargs, error, message):
    args = {"drivers": MTCARS_DRIVERS, "outcome": "mpg"} | kwargs
    with pytest.raises(error, match=message):
        pr.derived_importance(mtcars, args.pop("drivers"), args.pop("outcome"), **args)


def test_collinear_and_too_few_rows(mtcars):
    df = mtcars.assign(twice=2 * mtcars["wt"] + 1)
    with pytest.raises(SurveyError, match="perfectly collinear"):
        pr.derived_importance(df, ["wt", "twice", "hp"], "mpg")
    with pytest.raises(SurveyError, match="data: needs at least 7 complete rows for 5 driver"):
        pr.derived_importance(mtcars.head(6), MTCARS_DRIVERS, "mpg")
    with pytest.raises(SurveyError, match="an item must vary"):
        pr.derived_importance(mtcars.assign(cyl=4), MTCARS_DRIVERS, "mpg")


def test_sem_total_effects():
    """Path model m ~ x1; y ~ m + x2: the standardized total effect of x1 on y is the product of
    the standardized paths (x1 -> m) x (m -> y), and x1 has no direct effect."""
    sem = pytest.importorskip("sxm.sem")
    rng = np.random.default_rng(5)
    n = 400
    x1 = rng.normal(size=n)
    x2 = 0.3 * x1 + rng.normal(size=n)
    m = 0.5 * x1 + rng.normal(size=n)
    y = 0.4 * m + 0.3 * x2 + rng.normal(size=n)
    fit = sem.fit("m ~ x1\ny ~ m + x2", pd.DataFrame({"x1": x1, "x2": x2, "m": m, "y": y}))
    imp = pr.derived_importance(fit, ["x1", "x2", "m"], "y", method="sem_total")
    est = fit.estimates.set_index(["lhs", "op", "rhs"])["std_all"]
    assert imp.loc["x1", "total"] == pytest.approx(est["m", "~", "x1"] * est["y", "~", "m"], rel=1e-6)
    assert imp.loc["x1", "direct"] == pytest.approx(0, abs=1e-12)
    assert imp.loc["m", "total"] == pytest.approx(est["y", "~", "m"], rel=1e-6)
    assert imp["rank"].tolist() == [3, 2, 1]
    with pytest.raises(SurveyTypeError, match="needs method='sem_total'"):
        pr.derived_importance(fit, ["x1"], "y")


# ----------------------------------------------------------------------------- IPA
@pytest.fixture
def grid():
    """Constructed so that the mean cut (imp 4.5, perf 4.5) puts one attribute in each quadrant."""
    return pd.DataFrame({"imp": [6.0, 6.0, 3.0, 3.0], "perf": [3.0, 6.0, 3.0, 6.0]},
                        index=["queue", "car", "radio", "lounge"])


def test_ipa_quadrants(grid):
    out = pr.ipa(grid, importance="imp", performance="perf")
    assert out["quadrant"].to_dict() == {"queue": "concentrate here", "car": "keep up the good work",
                                         "radio": "low priority", "lounge": "possible overkill"}
    assert out.attrs["importance_cut"] == 4.5 and out.attrs["performance_cut"] == 4.5
    assert "mean of the attributes" in out.attrs["cut_rule"]


def test_ipa_cut_rules(grid):
    t = grid.assign(imp=[6.0, 5.0, 4.0, 1.0])  # mean 4, median 4.5
    mean = pr.ipa(t, importance="imp", performance="perf", cut="mean")
    assert mean.attrs["importance_cut"] == 4.0
    assert mean.loc["radio", "quadrant"] == "concentrate here"  # importance 4.0 is at the cut: high
    median = pr.ipa(t, importance="imp", performance="perf", cut="median")
    assert median.attrs["importance_cut"] == 4.5
    assert median.loc["radio", "quadrant"] == "low priority"
    fixed = pr.ipa(t, importance="imp", performance="perf", cut=(5.0, "median"))
    assert fixed.attrs["importance_cut"] == 5.0 and fixed.attrs["performance_cut"] == 4.5
    assert fixed.loc["car", "quadrant"] == "keep up the good work"  # 5.0 is at the cut: high
    assert "fixed value" in fixed.attrs["cut_rule"] and "median" in fixed.attrs["cut_rule"]
    assert (pr.ipa(t, importance="imp", performance="perf", cut=4)["quadrant"].notna()).all()
    text = pr.ipa(t, importance="imp", performance="perf", cut="4.5")  # a number from the command line
    assert text.attrs["importance_cut"] == 4.5 and "fixed value" in text.attrs["cut_rule"]


def test_ipa_errors_and_unchanged(grid):
    before = grid.copy()
    pr.ipa(grid, importance="imp", performance="perf")
    pd.testing.assert_frame_equal(grid, before)
    with pytest.raises(SurveyError, match="missing required column 'score'"):
        pr.ipa(grid, importance="imp", performance="score")
    with pytest.raises(SurveyError, match="cut: must be 'mean', 'median'"):
        pr.ipa(grid, importance="imp", performance="perf", cut="mode")
    with pytest.raises(SurveyError, match="a pair must have two entries"):
        pr.ipa(grid, importance="imp", performance="perf", cut=(1, 2, 3))
    with pytest.raises(SurveyError, match="missing answers are not allowed"):
        pr.ipa(grid.assign(imp=[6, None, 3, 3]), importance="imp", performance="perf")


def test_plot_ipa_returns_axes(grid):
    ax = pr.plot_ipa(pr.ipa(grid, importance="imp", performance="perf"))
    assert isinstance(ax, matplotlib.axes.Axes)
    texts = {t.get_text() for t in ax.texts}
    assert {"Concentrate here", "queue"} <= texts
    matplotlib.pyplot.close("all")
    with pytest.raises(SurveyError, match="must be the output of sxm.priorities.ipa"):
        pr.plot_ipa(grid.rename(columns={"imp": "importance", "perf": "performance"}).assign(quadrant="x"))


# ----------------------------------------------------------------------------- plan
def test_plan_hand_calculation():
    """priority = importance x Kano weight x max(0, -gap) / cost, worked by hand:
    queue 0.5 x 1.5 x 1.2 / 3 = 0.30; bill 0.3 x 1.0 x 0.6 / 1 = 0.18; app 0.2 x 0.75 x 0.4 / 0.5 = 0.12;
    car has no shortfall (gap +0.3): 0."""
    gaps = pd.Series({"queue": -1.2, "bill": -0.6, "app": -0.4, "car": 0.3})
    imp = pd.DataFrame({"share": [0.5, 0.3, 0.2, 0.1]}, index=["queue", "bill", "app", "car"])
    kano = pd.DataFrame({"category": ["M", "O", "A", "O"]}, index=pd.Index(["queue", "bill", "app", "car"], name="attribute"))
    cost = {"queue": 3, "bill": 1, "app": 0.5, "car": 2}
    p = pr.plan(gaps, imp, kano=kano, cost=cost)
    assert p.index.tolist() == ["queue", "bill", "app", "car"]
    np.testing.assert_allclose(p["priority"], [0.30, 0.18, 0.12, 0.0])
    assert p["rank"].tolist() == [1, 2, 3, 4]
    assert p.loc["queue", "reason"] == "must-be (x1.5), importance 0.500 x shortfall 1.20 / cost 3 = 0.300"
    assert p.loc["car", "reason"].startswith("meets expectation (gap +0.30)")


def test_plan_defaults_and_kano_weights():
    gaps = {"a": -1.0, "b": -1.0, "c": -0.5}
    imp = {"a": 0.2, "b": 0.4, "c": 0.4}
    p = pr.plan(gaps, imp)
    np.testing.assert_allclose(p.loc[["a", "b", "c"], "priority"], [0.2, 0.4, 0.2])
    assert p.index.tolist() == ["b", "c", "a"]  # c ties with a (0.2) and wins on importance
    assert (p["category"].isna()).all() and (p["kano_weight"] == 1).all()
    assert p.loc["a", "reason"].startswith("no Kano category")
    r = pr.plan(gaps, imp, kano={"a": "R", "b": "I", "c": "M"}, kano_weights={"I": 0.5})
    assert r.loc["a", "priority"] == 0 and "reverse" in r.loc["a", "reason"]
    assert r.loc["b", "priority"] == pytest.approx(0.4 * 0.5 * 1.0)
    assert r.loc["c", "priority"] == pytest.approx(0.4 * 1.5 * 0.5)
    assert r.index.tolist() == ["c", "b", "a"]


def test_plan_from_derived_importance_and_kano_summary(mtcars):
    imp = pr.derived_importance(mtcars, MTCARS_DRIVERS, "mpg")
    gaps = pd.Series([-0.5, -0.2, 0.1, -0.8, -0.1], index=MTCARS_DRIVERS)
    kano = pd.DataFrame({"n": 50, "category": ["O", "M", "A", "I", "Q"]},
                        index=pd.Index(MTCARS_DRIVERS, name="attribute"))
    p = pr.plan(gaps, imp, kano=kano)
    assert p.loc["wt", "importance"] == pytest.approx(imp.loc["wt", "share"])
    assert p.loc["drat", "priority"] == 0 and "questionable" in p.loc["drat", "reason"]
    assert p["rank"].is_monotonic_increasing


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"importance": {"a": 0.5}}, SurveyError, "attribute 'b' has a gap but no importance"),
        ({"kano": {"a": "X", "b": "M"}}, SurveyError, "attribute 'a' has 'X'"),
        ({"cost": {"a": 1}}, SurveyError, "attribute 'b' has no cost"),
        ({"cost": {"a": 1, "b": 0}}, SurveyError, "cost: must be > 0"),
        ({"gaps": {"a": -1, "b": "much"}}, SurveyError, "attribute 'b' has 'much'"),
        ({"gaps": [1, 2]}, SurveyTypeError, "gaps: must be a Series"),
        ({"gaps": pd.DataFrame({"g": [1.0]}, index=["a"])}, SurveyError, "needs a 'gap' column"),
        ({"importance": {"a": -0.1, "b": 0.5}}, SurveyError, "importance: must be >= 0"),
        ({"kano_weights": {"Z": 1}}, SurveyError, "unknown category 'Z'"),
    ],
)
def test_plan_errors(kwargs, error, message):
    args = {"gaps": {"a": -1.0, "b": -0.5}, "importance": {"a": 0.5, "b": 0.5}} | kwargs
    with pytest.raises(error, match=message):
        pr.plan(args.pop("gaps"), args.pop("importance"), **args)


def test_plan_from_journey_summary():
    """The chapter 5 summary feeds the plan directly: touchpoint gaps and stated importance."""
    from sxm import journey

    data = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "car_rental_journey.csv")
    s = journey.summarize(data).set_index("touchpoint")
    before = s.copy()
    p = pr.plan(s, s, importance_column="importance")
    assert p.index[0] == "pick-up wait"
    assert set(p.index[:3]) == {"pick-up wait", "final bill", "roadside help"}
    pd.testing.assert_frame_equal(s, before)


# ----------------------------------------------------------------------------- blocks, segments, bootstrap
def test_blocks_by_segment_recover_true_order():
    """Bundled service_experience data: the true element weights differ by service (data/README.md);
    relative weights of the element scores (means of their items) on satisfaction rank them as the
    truth does (dental: employees > process > facilities > customers; cinema: facilities first;
    airline: process first)."""
    from sxm import datasets

    data = datasets.load("service_experience")
    blocks = {"employees": "emp?", "facilities": "fac?", "customers": "cus?", "process": "pro?", "satisfaction": "sat?"}
    elements = ["employees", "facilities", "customers", "process"]
    imp = pr.derived_importance(data, elements, "satisfaction", blocks=blocks, by="segment")
    assert imp.index.names == ["segment", "driver"]
    top = imp["importance"].groupby(level="segment").idxmax().map(lambda t: t[1]).to_dict()
    assert top == {"airline": "process", "cinema": "facilities", "dental clinic": "employees"}
    dental = imp.loc["dental clinic"]
    assert dental.sort_values("rank").index.tolist() == ["employees", "process", "facilities", "customers"]
    for seg, r2 in imp.attrs["r2"].items():
        assert imp.loc[seg, "relative_weight"].sum() == pytest.approx(r2)
    # a block score is the mean of its items: same result as scoring by hand
    scored = pd.DataFrame({name: data.filter(regex=f"^{pat[:3]}\\d$").mean(axis=1) for name, pat in blocks.items()})
    one = pr.derived_importance(scored[data["segment"] == "cinema"], elements, "satisfaction")
    np.testing.assert_allclose(imp.loc["cinema", "relative_weight"], one["relative_weight"])


def test_bootstrap_interval(mtcars):
    a = pr.derived_importance(mtcars, MTCARS_DRIVERS, "mpg", n_boot=200, seed=3, n_jobs=1)
    b = pr.derived_importance(mtcars, MTCARS_DRIVERS, "mpg", n_boot=200, seed=3, n_jobs=1)
    pd.testing.assert_frame_equal(a, b)
    assert (a["ci_low"] <= a["importance"]).all() and (a["importance"] <= a["ci_high"]).all()
    assert (a["ci_low"] >= 0).all()  # relative weights are never negative
    with pytest.raises(SurveyError, match="n_boot: must be a whole number"):
        pr.derived_importance(mtcars, MTCARS_DRIVERS, "mpg", n_boot=-1)


def test_compare_importance():
    """Hand example: stated (9, 8, 8.5) vs derived (.2, .5, .3); Spearman of ranks (1,3,2) vs (3,1,2) = -1."""
    out = pr.compare_importance(pd.Series({"a": 9, "b": 8, "c": 8.5}), {"a": 0.2, "b": 0.5, "c": 0.3})
    assert out["stated_share"].sum() == pytest.approx(1) and out["derived_share"].sum() == pytest.approx(1)
    assert out["stated_share"]["a"] == pytest.approx(9 / 25.5)
    assert out["shift"].tolist() == [-2, 2, 0]
    assert out.attrs["spearman"] == pytest.approx(-1)
    with pytest.raises(SurveyError, match="'c' is in only one of them"):
        pr.compare_importance({"a": 1, "b": 2, "d": 1}, {"a": 1, "b": 2, "c": 1})
    with pytest.raises(SurveyError, match="importance must be >= 0"):
        pr.compare_importance({"a": -1, "b": 2}, {"a": 1, "b": 2})


def test_mean_column_is_the_performance_axis(mtcars):
    imp = pr.derived_importance(mtcars, MTCARS_DRIVERS, "mpg")
    np.testing.assert_allclose(imp["mean"], mtcars[MTCARS_DRIVERS].mean())
    grid = pr.ipa(imp, importance="share", performance="mean")
    assert len(grid) == 5


def test_plan_default_cost():
    p = pr.plan({"a": -1.0, "b": -1.0}, {"a": 1.0, "b": 1.0}, cost={"a": 4}, default_cost=2)
    assert p["cost"].to_dict() == {"b": 2.0, "a": 4.0}
    np.testing.assert_allclose(p.loc[["a", "b"], "priority"], [0.25, 0.5])
    with pytest.raises(SurveyError, match="cost: must be > 0"):
        pr.plan({"a": -1.0, "b": -1.0}, {"a": 1.0, "b": 1.0}, cost={"a": 4}, default_cost=0)


def test_plot_importance_returns_axes(mtcars):
    single = pr.derived_importance(mtcars, MTCARS_DRIVERS, "mpg", n_boot=50, seed=1, n_jobs=1)
    ax = pr.plot_importance(single)
    assert isinstance(ax, matplotlib.axes.Axes)
    assert [t.get_text() for t in ax.get_yticklabels()] == MTCARS_DRIVERS
    seg = pr.derived_importance(mtcars.assign(am=np.arange(32) % 2), ["wt", "hp"], "mpg", by="am")
    ax2 = pr.plot_importance(seg, column="rescaled_weight")
    assert ax2.get_legend().get_title().get_text() == "am"
    matplotlib.pyplot.close("all")
    with pytest.raises(SurveyError, match="missing required column 'importance'"):
        pr.plot_importance(pd.DataFrame({"x": [1]}))


# ----------------------------------------------------------------------------- properties
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), p=st.integers(1, 6), n=st.integers(12, 80))
def test_relative_weights_properties(seed, p, n):
    """For any data: weights >= 0, they sum to the OLS R^2, and rescaled weights sum to 1."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p)) @ rng.normal(size=(p, p))
    y = x @ rng.normal(size=p) + rng.normal(size=n) * 2
    df = pd.DataFrame(x, columns=[f"x{i}" for i in range(p)]).assign(y=y)
    imp = pr.derived_importance(df, [f"x{i}" for i in range(p)], "y")
    design = np.column_stack([np.ones(n), x])
    resid = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
    r2 = 1 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))
    assert (imp["relative_weight"] >= -1e-12).all()
    assert imp["relative_weight"].sum() == pytest.approx(r2, abs=1e-8)
    assert imp["rescaled_weight"].sum() == pytest.approx(1)


def test_relative_weights_bad_input():
    with pytest.raises(SurveyError, match=r"got corr \(3, 3\) and 2 value"):
        pr.relative_weights(np.eye(3), np.array([0.1, 0.2]))
    with pytest.raises(SurveyError, match="positive definite"):
        pr.relative_weights(np.array([[1, 1.0], [1.0, 1]]), np.array([0.3, 0.3]))
    with pytest.raises(SurveyError, match="symmetric"):
        pr.relative_weights(np.array([[1, 0.2], [0.5, 1]]), np.array([0.3, 0.3]))
    with pytest.raises(SurveyError, match="finite"):
        pr.relative_weights(np.eye(2), np.array([0.3, np.nan]))


def test_respondents_without_a_group_are_announced():
    """by=: respondents whose group is missing cannot be analysed in any group; a warning says
    how many are left out (the groups' own fits use the others, as groupby does)."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(90, 3))
    df = pd.DataFrame(x, columns=["a", "b", "c"]).assign(y=lambda d: d.a + 0.5 * d.b + rng.normal(size=90))
    df["seg"] = np.where(np.arange(90) % 3 == 0, None, np.where(np.arange(90) % 3 == 1, "x", "z"))
    with pytest.warns(UserWarning, match=r"'seg': 30 of 90 respondents have no group"):
        out = pr.derived_importance(df, ["a", "b", "c"], "y", by="seg")
    assert out.attrs["n"] == {"x": 30, "z": 30}
