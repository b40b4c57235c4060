"""Tests of sxm.simulate: the simulated survey reproduces the declared latent model.

References are the model's own algebra, computed by hand in each test: for a standardized
model, items of one construct correlate lambda_i * lambda_j, items of two constructs
lambda_i * lambda_j * phi_ab, and an endogenous construct's R^2 is b' Sigma b. Sampling
tolerances are about four standard errors, so the tests fail by chance < 1 in 10,000.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sxm.io import SurveyError, SurveyTypeError
from sxm.simulate import default_thresholds, latent_survey, likert

MEAS = {
    "quality": {"q1": 0.8, "q2": 0.7, "q3": 0.6},
    "value": {"v1": 0.75, "v2": 0.65},
    "satisfaction": {"s1": 0.85, "s2": 0.8, "s3": 0.7},
    "loyalty": {"l1": 0.8, "l2": 0.7},
}
STRUCT = {
    "satisfaction": {"quality": 0.5, "value": 0.3},
    "loyalty": {"satisfaction": 0.6},
}
CORR = {("quality", "value"): 0.4}
MODEL = """
quality =~ 0.8*q1 + 0.7*q2 + 0.6*q3
value =~ 0.75*v1 + 0.65*v2
satisfaction =~ 0.85*s1 + 0.8*s2 + 0.7*s3
loyalty =~ 0.8*l1 + 0.7*l2
satisfaction ~ 0.5*quality + 0.3*value
loyalty ~ 0.6*satisfaction
quality ~~ 0.4*value
"""


def test_same_seed_same_survey_and_other_seed_differs():
    a = latent_survey(MODEL, n=200, seed=11)
    b = latent_survey(MODEL, n=200, seed=11)
    c = latent_survey(MODEL, n=200, seed=12)
    pd.testing.assert_frame_equal(a.data, b.data)
    pd.testing.assert_frame_equal(a.scores, b.scores)
    assert not a.data.equals(c.data)
    # a Generator works too and gives the same draws as its integer seed
    d = latent_survey(MODEL, n=200, seed=np.random.default_rng(11))
    pd.testing.assert_frame_equal(a.data, d.data)


def test_shapes_dtypes_and_truth_table():
    sim = latent_survey(MODEL, n=123, levels=5, seed=1)
    assert sim.data.shape == (123, 10)
    assert list(sim.data.columns) == ["q1", "q2", "q3", "v1", "v2", "s1", "s2", "s3", "l1", "l2"]
    assert (sim.data.dtypes == "int64").all()
    assert sim.data.min().min() >= 1 and sim.data.max().max() <= 5
    assert list(sim.scores.columns) == ["quality", "value", "satisfaction", "loyalty"]
    assert sim.scores.shape == (123, 4)
    t = sim.truth
    assert list(t.columns) == ["lhs", "op", "rhs", "value"]
    assert len(t[t.op == "=~"]) == 10
    assert t.query("op == '~' and lhs == 'satisfaction' and rhs == 'value'").value.item() == 0.3
    assert t.query("op == '~~'")[["lhs", "rhs", "value"]].values.tolist() == [["quality", "value", 0.4]]
    # R^2 by hand: satisfaction = .5 quality + .3 value, corr(quality, value) = .4
    #   R^2 = .5^2 + .3^2 + 2(.5)(.3)(.4) = .25 + .09 + .12 = .46;  loyalty: .6^2 = .36
    r2 = t[t.op == "r2"].set_index("lhs").value
    assert r2["satisfaction"] == pytest.approx(0.46)
    assert r2["loyalty"] == pytest.approx(0.36)
    assert sim.description.splitlines() == [
        "quality =~ q1 + q2 + q3",
        "value =~ v1 + v2",
        "satisfaction =~ s1 + s2 + s3",
        "loyalty =~ l1 + l2",
        "satisfaction ~ quality + value",
        "loyalty ~ satisfaction",
        "quality ~~ value",
    ]
    assert repr(sim) == "SimulatedSurvey(n=123, items=10, constructs=4)"


def test_latent_corr_by_hand():
    """Implied construct correlations computed by hand from the path rules.

    corr(sat, quality) = .5 + .3(.4) = .62; corr(sat, value) = .3 + .5(.4) = .50;
    corr(loyalty, quality) = .6 * .62 = .372; corr(loyalty, sat) = .6.
    """
    sim = latent_survey(MODEL, n=5, seed=1)
    r = sim.latent_corr
    assert r.loc["satisfaction", "quality"] == pytest.approx(0.62)
    assert r.loc["satisfaction", "value"] == pytest.approx(0.50)
    assert r.loc["loyalty", "quality"] == pytest.approx(0.372)
    assert r.loc["loyalty", "satisfaction"] == pytest.approx(0.6)
    assert np.allclose(np.diag(r), 1)


@pytest.fixture(scope="module")
def big():
    return latent_survey(MODEL, n=200_000, levels=None, seed=2026)


def test_continuous_item_correlations_equal_lambda_products(big):
    """corr(x_i, x_j) = lambda_i lambda_j corr(eta_a, eta_b) within 4 standard errors."""
    emp = big.data.corr().to_numpy()
    lam = np.array([v for c in MEAS for v in MEAS[c].values()])
    owner = [c for c in MEAS for _ in MEAS[c]]
    phi = big.latent_corr.loc[owner, owner].to_numpy()
    implied = np.outer(lam, lam) * phi
    np.fill_diagonal(implied, 1.0)
    se = (1 - implied**2) / np.sqrt(len(big.data))
    assert np.all(np.abs(emp - implied) <= 4 * se + 1e-12)
    # two spot checks written out: q1,q2 = .8*.7 = .56; q1,v1 = .8*.75*.4 = .24
    assert emp[0, 1] == pytest.approx(0.56, abs=0.01)
    assert emp[0, 3] == pytest.approx(0.24, abs=0.01)
    # items are standardized: mean 0, variance 1
    assert np.allclose(big.data.mean(), 0, atol=0.01)
    assert np.allclose(big.data.var(), 1, atol=0.015)


def test_regression_on_true_scores_recovers_paths_and_r2(big):
    """OLS of each outcome on its predictors' true scores recovers b and R^2 (truth)."""
    s = big.scores
    for outcome, preds in STRUCT.items():
        X = np.column_stack([np.ones(len(s))] + [s[p] for p in preds])
        y = s[outcome].to_numpy()
        coef, *_ = np.linalg.lstsq(X, y, rcond=None)
        assert coef[1:] == pytest.approx(list(preds.values()), abs=0.01)
        r2 = 1 - np.var(y - X @ coef) / np.var(y)
        true_r2 = big.truth.query("op == 'r2' and lhs == @outcome").value.item()
        assert r2 == pytest.approx(true_r2, abs=0.01)
    assert np.allclose(s.corr(), big.latent_corr, atol=0.01)


def test_default_thresholds_give_equal_shares():
    """Rule: tau_k = Phi^-1(k / levels), so each category has probability 1/levels."""
    assert default_thresholds(2).tolist() == [0.0]
    assert default_thresholds(5) == pytest.approx(stats.norm.ppf([0.2, 0.4, 0.6, 0.8]))
    sim = latent_survey("f =~ 0.7*a + 0.5*b", n=50_000, levels=5, seed=3)
    shares = sim.data["a"].value_counts(normalize=True).sort_index()
    assert shares.index.tolist() == [1, 2, 3, 4, 5]
    assert np.allclose(shares, 0.2, atol=0.01)


def test_custom_and_per_item_thresholds():
    thr = [-1.5, -0.5, 0.5]  # 4 categories: P = Phi(-1.5), ..., 1 - Phi(.5)
    expect = np.diff(np.r_[0, stats.norm.cdf(thr), 1])
    sim = latent_survey("f =~ 0.7*a + 0.5*b", n=60_000, levels=4, thresholds={"a": thr}, seed=4)
    shares = sim.data["a"].value_counts(normalize=True).sort_index().to_numpy()
    assert np.allclose(shares, expect, atol=0.01)
    # b keeps the default equal-probability thresholds
    assert np.allclose(sim.data["b"].value_counts(normalize=True), 0.25, atol=0.01)
    both = latent_survey("f =~ 0.7*a + 0.5*b", n=60_000, levels=4, thresholds=thr, seed=4)
    assert np.allclose(both.data["b"].value_counts(normalize=True).sort_index(), expect, atol=0.01)


def test_missing_is_mcar_share():
    sim = latent_survey(MODEL, n=20_000, missing=0.1, seed=5)
    na = sim.data.isna()
    assert na.to_numpy().mean() == pytest.approx(0.1, abs=0.005)
    assert (sim.data.dtypes == "float64").all()
    # MCAR: missingness unrelated to the latent score
    assert abs(np.corrcoef(na["s1"], sim.scores["satisfaction"])[0, 1]) < 0.03
    # the answered cells are the ones of the complete survey with the same seed's draws
    full = latent_survey(MODEL, n=20_000, seed=5).data
    assert (sim.data[~na] == full[~na]).sum().sum() == (~na).sum().sum()


def test_likert_by_hand():
    # thresholds -1, 0, 1: -1.5 -> 1, -1 (on the cut) -> 2, 0.2 -> 3, 1 -> 4, 3 -> 4
    out = likert(np.array([-1.5, -1.0, 0.2, 1.0, 3.0]), 4, [-1, 0, 1])
    assert out.tolist() == [1, 2, 3, 4, 4]
    assert out.dtype == np.int64
    s = pd.Series([0.1, np.nan, -2.0], index=[10, 20, 30], name="x")
    got = likert(s, 3, [-1, 1], low=0)
    assert got.index.tolist() == [10, 20, 30] and got.name == "x"
    assert got.tolist()[0] == 1 and np.isnan(got.tolist()[1]) and got.tolist()[2] == 0
    df = pd.DataFrame({"a": [0.0, 2.0], "b": [0.0, 2.0]}, index=["r1", "r2"])
    got = likert(df, 3, {"a": [-1, 1]})
    assert got.index.tolist() == ["r1", "r2"]
    assert got["a"].tolist() == [2, 3]
    assert got["b"].tolist() == [2, 3]  # default thresholds +-0.431
    assert df.equals(pd.DataFrame({"a": [0.0, 2.0], "b": [0.0, 2.0]}, index=["r1", "r2"]))


@pytest.mark.parametrize(
    "model, kwargs, match",
    [
        ("f =~ 1.2*a + 0.5*b", {}, "between -1 and 1"),
        ("f =~ 0.5*a + b", {}, "'b' has no population value"),
        ("f =~ high*a", {}, "'a' has no population value"),
        ("f =~ 0.5*a; g =~ 0.6*a", {}, "listed under both"),
        ("f =~ 0.5*a; f ~ 0.3*nope", {}, "predictor 'nope' is not a construct"),
        ("f =~ 0.5*a; nope ~ 0.3*f", {}, "outcome 'nope' is not a construct"),
        ("f =~ 0.5*a; f ~ 0.3*f", {}, "regressed on itself"),
        ("f =~ 0.5*a; g =~ 0.5*b; h =~ 0.5*c; f ~ 0.3*g; g ~ 0.3*h; h ~ 0.3*f", {}, "cycle"),
        ("f =~ 0.5*a; g =~ 0.5*b; h =~ 0.5*c; h ~ 0.8*f + 0.7*g", {}, "no residual variance"),
        ("f =~ 0.5*a; g =~ 0.5*b; f ~~ 1*g", {}, "strictly between -1 and 1"),
        ("f =~ 0.5*a; g =~ 0.5*b; f ~~ 0.3*x", {}, "only correlations between constructs"),
        ("f =~ 0.5*a; g =~ 0.5*b; g ~ 0.3*f; f ~~ 0.3*g", {}, "only exogenous constructs"),
        ("f =~ 0.5*a; g =~ 0.5*b; h =~ 0.5*c; f ~~ 0.9*g; g ~~ 0.9*h; f ~~ -0.9*h", {}, "not positive definite"),
        ("f =~ 0.5*a; a ~~ 0.4*a", {}, "leave this line out"),
        ("f <~ 0.5*a + 0.5*b", {}, "composites"),
        ("f =~ 0.5*a; zz | 0*t1", {}, "'zz', which is not an item"),
        ("f =~ 0.5*a", dict(n=0), "at least 1 respondent"),
        ("f =~ 0.5*a", dict(levels=1), "at least 2 answer categories"),
        ("f =~ 0.5*a", dict(levels=5, thresholds=[0, 1]), "need 4 cut points"),
        ("f =~ 0.5*a; a | -1*t1 + 1*t2", dict(levels=5), "need 4 cut points"),
        ("f =~ 0.5*a", dict(levels=3, thresholds=[1, 0]), "strictly increasing"),
        ("f =~ 0.5*a", dict(levels=3, thresholds={"zz": [0, 1]}), "'zz' is not an item"),
        ("f =~ 0.5*a", dict(levels=None, thresholds=[0.0]), "only meaningful with levels"),
        ("f =~ 0.5*a", dict(missing=1.0), r"in \[0, 1\)"),
    ],
)
def test_bad_input_raises_survey_error(model, kwargs, match):
    args = dict(n=10, seed=1) | kwargs
    with pytest.raises(SurveyError, match=match):
        latent_survey(model, **args)


@pytest.mark.parametrize(
    "model, kwargs",
    [
        ({"f": {"a": 0.5}}, {}),
        ("f =~ 0.5*a", dict(n=10.5)),
        ("f =~ 0.5*a", dict(seed="abc")),
        ("f =~ 0.5*a", dict(levels=4.0)),
    ],
)
def test_wrong_types_raise_survey_type_error(model, kwargs):
    args = dict(n=10, seed=1) | kwargs
    with pytest.raises(SurveyTypeError):
        latent_survey(model, **args)


# lavaan's implied covariance of the population model written out in full (every variance
# given); tests/reference/simulate_reference.R, part 1
LAVAAN_IMPLIED = """
1.00000 0.56000 0.48000 0.24000 0.20800 0.42160 0.3968 0.3472 0.23808 0.20832
0.56000 1.00000 0.42000 0.21000 0.18200 0.36890 0.3472 0.3038 0.20832 0.18228
0.48000 0.42000 1.00000 0.18000 0.15600 0.31620 0.2976 0.2604 0.17856 0.15624
0.24000 0.21000 0.18000 1.00000 0.48750 0.31875 0.3000 0.2625 0.18000 0.15750
0.20800 0.18200 0.15600 0.48750 1.00000 0.27625 0.2600 0.2275 0.15600 0.13650
0.42160 0.36890 0.31620 0.31875 0.27625 1.00000 0.6800 0.5950 0.40800 0.35700
0.39680 0.34720 0.29760 0.30000 0.26000 0.68000 1.0000 0.5600 0.38400 0.33600
0.34720 0.30380 0.26040 0.26250 0.22750 0.59500 0.5600 1.0000 0.33600 0.29400
0.23808 0.20832 0.17856 0.18000 0.15600 0.40800 0.3840 0.3360 1.00000 0.56000
0.20832 0.18228 0.15624 0.15750 0.13650 0.35700 0.3360 0.2940 0.56000 1.00000
"""


def test_implied_item_correlations_match_lavaan(big):
    """The implied item correlations equal lavaan's implied covariance of the same population
    model (lavaan 0.6, ``lavInspect(fit, "implied")``, script tests/reference/simulate_reference.R,
    output hard-coded above): unit diagonal confirms that residual variances 1 - b'Sigma b
    standardize the constructs, and the off-diagonal confirms the path tracing through the
    mediator. The simulated sample reproduces the same matrix within sampling error."""
    ref = np.array(LAVAAN_IMPLIED.split(), dtype=float).reshape(10, 10)
    assert np.allclose(big.item_corr.to_numpy(), ref, atol=1e-6)
    assert big.item_corr.columns.tolist() == list(big.data.columns)
    se = (1 - ref**2) / np.sqrt(len(big.data))
    assert np.all(np.abs(big.data.corr().to_numpy() - ref) <= 4 * se + 1e-12)


def test_cfa_estimates_recover_true_loadings_and_path():
    """A covariance-based SEM (semopy, ML) fitted to simulated continuous data recovers the
    true standardized loadings and the structural path within sampling error (n = 4000)."""
    semopy = pytest.importorskip("semopy")
    meas = {"quality": {"q1": 0.8, "q2": 0.7, "q3": 0.6}, "satisfaction": {"s1": 0.85, "s2": 0.8, "s3": 0.7}}
    sim = latent_survey("quality =~ 0.8*q1 + 0.7*q2 + 0.6*q3; satisfaction =~ 0.85*s1 + 0.8*s2 + 0.7*s3;"
                        "satisfaction ~ 0.5*quality", n=4000, levels=None, seed=8)
    model = semopy.Model(sim.description)
    model.fit(sim.data)
    est = model.inspect(std_est=True)
    loads = est[est.op == "~"].set_index(["lval", "rval"])["Est. Std"]
    for construct, items in meas.items():
        for item, lam in items.items():
            assert loads[(item, construct)] == pytest.approx(lam, abs=0.04)
    assert loads[("satisfaction", "quality")] == pytest.approx(0.5, abs=0.04)


def test_population_covariance_matches_lavaan_simulatedata():
    """The short population model (values on loadings, paths and correlations only) read as
    lavaan 0.6-14's ``simulateData(standardized = TRUE)`` reads it: with one structural level
    both give exactly this population covariance (tests/reference/simulate_reference.R part 2,
    ``empirical = TRUE`` so the ML covariance of lavaan's data is the population covariance).
    With a chain of outcomes lavaan leaves the second outcome unstandardized; sxm keeps every
    construct at variance 1 (part 1 above)."""
    short = """
    quality =~ 0.8*q1 + 0.7*q2 + 0.6*q3
    value =~ 0.75*v1 + 0.65*v2
    satisfaction =~ 0.85*s1 + 0.8*s2 + 0.7*s3
    satisfaction ~ 0.5*quality + 0.3*value
    quality ~~ 0.4*value
    """
    ref = np.array(LAVAAN_IMPLIED.split(), dtype=float).reshape(10, 10)[:8, :8]
    sim = latent_survey(short, n=5, seed=1)
    np.testing.assert_allclose(sim.item_corr.to_numpy(), ref, atol=1e-6)


def test_labels_definitions_and_threshold_lines():
    """Labels and := lines serve the analysis model and do not change the population; an item's
    own | line sets its cut points (shares by hand: Phi(-1) = .159, Phi(0) - Phi(-1) = .341, ...)."""
    base = latent_survey("f =~ 0.7*a + 0.5*b; g =~ 0.6*c + 0.6*d; g ~ 0.4*f", n=300, seed=9)
    labelled = latent_survey("f =~ 0.7*a + 0.5*b; g =~ 0.6*c + 0.6*d; g ~ b1*f + 0.4*f; twice := 2*b1",
                             n=300, seed=9)
    pd.testing.assert_frame_equal(base.data, labelled.data)
    assert labelled.description.splitlines()[-1] == "g ~ f"
    sim = latent_survey("f =~ 0.7*a + 0.5*b; a | -1*t1 + 0*t2 + 1*t3", n=60_000, levels=4, seed=4)
    shares = sim.data["a"].value_counts(normalize=True).sort_index().to_numpy()
    np.testing.assert_allclose(shares, np.diff(np.r_[0, stats.norm.cdf([-1, 0, 1]), 1]), atol=0.01)
    np.testing.assert_allclose(sim.data["b"].value_counts(normalize=True), 0.25, atol=0.01)


def test_chinese_names():
    sim = latent_survey("服务质量 =~ 0.8*质量1 + 0.7*质量2; 满意度 =~ 0.8*满意1 + 0.7*满意2; 满意度 ~ 0.5*服务质量",
                        n=50, seed=1)
    assert list(sim.data.columns) == ["质量1", "质量2", "满意1", "满意2"]
    assert list(sim.scores.columns) == ["服务质量", "满意度"]
