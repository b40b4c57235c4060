"""Tests of sxm.sem against lavaan 0.6-14.

Every hard-coded number below was printed by ``tests/reference/sem_reference.R`` (run it
from the repository root with ``Rscript tests/reference/sem_reference.R``); the data are the
lavaan/semopy copies of Holzinger & Swineford (1939) and Bollen's Political Democracy, and
cSEM's SERVQUAL data in ``../shared/reference-data``.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from semopy.examples import holzinger39, political_democracy

import sxm.model as smodel
import sxm.sem as sem
from sxm.io import SurveyError, SurveyTypeError

HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
PD_MODEL = """
ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ a*ind60
dem65 ~ c*ind60 + b*dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
"""
SQ_MODEL = """tan =~ a01 + a02 + a03 + a04
rel =~ a05 + a06 + a07 + a08 + a09
res =~ a10 + a11 + a12 + a13
ass =~ a14 + a15 + a16 + a17
emp =~ a18 + a19 + a20 + a21 + a22"""

FIT_KEYS = ["npar", "chi2", "df", "pvalue", "baseline_chi2", "baseline_df", "cfi", "tli", "rmsea",
            "rmsea_ci_low", "rmsea_ci_high", "srmr", "loglik", "loglik_saturated", "aic", "bic", "n"]
# fitMeasures(fit, c("npar", "chisq", "df", "pvalue", "baseline.chisq", "baseline.df", "cfi", "tli",
#   "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr", "logl", "unrestricted.logl", "aic", "bic", "ntotal"))
LAVAAN_FIT = {
    "hs": [21, 85.305522, 24, 0.0, 918.851589, 36, 0.930560, 0.895839, 0.092121, 0.071418, 0.113678,
           0.065205, -3737.744927, -3695.092166, 7517.489853, 7595.339169, 301],
    "pd": [31, 38.125218, 35, 0.329180, 730.654085, 55, 0.995375, 0.992731, 0.034504, 0.0, 0.092233,
           0.044418, -1547.790943, -1528.728334, 3157.581887, 3229.424018, 75],
    "covariates": [24, 115.768893, 39, 0.0, 989.908078, 54, 0.917974, 0.886425, 0.080868, 0.064101,
                   0.098086, 0.066471, -3717.448368, -3659.563921, 7482.896736, 7571.867382, 301],
    "fiml": [30, 72.436023, 24, 0.000001, 838.892040, 36, 0.939673, 0.909510, 0.081883, 0.060659,
             0.103856, 0.061359, -3533.430295, -3497.212284, 7126.860590, 7238.073898, 301],
    "listwise": [21, 63.907300, 24, 0.000018, 577.272528, 36, 0.926271, 0.889407, 0.098900, 0.069905,
                 0.128661, 0.079952, -2144.437084, -2112.483434, 4330.874168, 4396.725935, 170],
}


@pytest.fixture(scope="module")
def hs():
    return holzinger39.get_data()


@pytest.fixture(scope="module")
def pdem():
    return political_democracy.get_data()


@pytest.fixture(scope="module")
def hs_fit(hs):
    return sem.fit(HS_MODEL, hs)


@pytest.fixture(scope="module")
def pd_fit(pdem):
    return sem.fit(PD_MODEL, pdem)


def holes(hs):
    """The deterministic missing answers of section 5 of sem_reference.R."""
    h = hs.copy()
    h.loc[h["id"] % 7 == 0, "x1"] = np.nan
    h.loc[h["id"] % 5 == 1, "x5"] = np.nan
    h.loc[h["id"] % 11 == 3, "x9"] = np.nan
    h.loc[h["id"] % 13 == 2, "x2"] = np.nan
    return h


def check_fit(result, key):
    got = result.fit_indices[FIT_KEYS].to_numpy(dtype=float)
    want = np.array(LAVAAN_FIT[key], dtype=float)
    # 1e-3 absolute on indices; chi-square, log-likelihoods, AIC and BIC to 1e-3 as well
    np.testing.assert_allclose(got, want, atol=1e-3, rtol=0, err_msg=f"{key}: {dict(zip(FIT_KEYS, got))}")


def lookup(est, lhs, op, rhs):
    hit = est[(est["lhs"] == lhs) & (est["op"] == op) & (est["rhs"] == rhs)]
    if hit.empty and op == "~~":
        hit = est[(est["lhs"] == rhs) & (est["op"] == op) & (est["rhs"] == lhs)]
    assert len(hit) == 1, (lhs, op, rhs)
    return hit.iloc[0]


# ---------------------------------------------------------------------------------------
# lavaan agreement
# ---------------------------------------------------------------------------------------
def test_holzinger_swineford_fit_indices_match_lavaan(hs_fit):
    """HS three-factor CFA: every fit index equals lavaan's cfa() to 1e-3."""
    check_fit(hs_fit, "hs")


def test_holzinger_swineford_estimates_match_lavaan(hs_fit):
    """parameterEstimates(fit, standardized = TRUE) of the HS CFA, to 5e-3."""
    lav = [  # lhs, op, rhs, est, se, std.all
        ("visual", "=~", "x1", 1.000, 0.000, 0.772), ("visual", "=~", "x2", 0.554, 0.100, 0.424),
        ("visual", "=~", "x3", 0.729, 0.109, 0.581), ("textual", "=~", "x4", 1.000, 0.000, 0.852),
        ("textual", "=~", "x5", 1.113, 0.065, 0.855), ("textual", "=~", "x6", 0.926, 0.055, 0.838),
        ("speed", "=~", "x7", 1.000, 0.000, 0.570), ("speed", "=~", "x8", 1.180, 0.165, 0.723),
        ("speed", "=~", "x9", 1.082, 0.151, 0.665), ("x1", "~~", "x1", 0.549, 0.114, 0.404),
        ("x2", "~~", "x2", 1.134, 0.102, 0.821), ("x3", "~~", "x3", 0.844, 0.091, 0.662),
        ("x4", "~~", "x4", 0.371, 0.048, 0.275), ("x5", "~~", "x5", 0.446, 0.058, 0.269),
        ("x6", "~~", "x6", 0.356, 0.043, 0.298), ("x7", "~~", "x7", 0.799, 0.081, 0.676),
        ("x8", "~~", "x8", 0.488, 0.074, 0.477), ("x9", "~~", "x9", 0.566, 0.071, 0.558),
        ("visual", "~~", "visual", 0.809, 0.145, 1.0), ("textual", "~~", "textual", 0.979, 0.112, 1.0),
        ("speed", "~~", "speed", 0.384, 0.086, 1.0), ("visual", "~~", "textual", 0.408, 0.074, 0.459),
        ("visual", "~~", "speed", 0.262, 0.056, 0.471), ("textual", "~~", "speed", 0.173, 0.049, 0.283),
    ]
    est = hs_fit.estimates
    assert len(est) == len(lav)
    for lhs, op, rhs, e, se, std in lav:
        row = lookup(est, lhs, op, rhs)
        assert row["est"] == pytest.approx(e, abs=5e-3), (lhs, op, rhs)
        assert row["se"] == pytest.approx(se, abs=5e-3), (lhs, op, rhs)
        assert row["std_all"] == pytest.approx(std, abs=5e-3), (lhs, op, rhs)
    for col in ["est", "se", "z", "pvalue", "ci_low", "ci_high", "std_all"]:
        assert est[col].dtype == np.float64
    # lavaan: visual =~ x2  z 5.554, ci 0.358 .. 0.749
    row = lookup(est, "visual", "=~", "x2")
    assert (row["z"], row["ci_low"], row["ci_high"]) == pytest.approx((5.554, 0.358, 0.749), abs=5e-3)


def test_r2_matches_lavaan(hs_fit, pd_fit):
    """lavInspect(fit, "rsquare")."""
    want = {"x1": 0.596, "x2": 0.179, "x3": 0.338, "x4": 0.725, "x5": 0.731, "x6": 0.702, "x7": 0.324,
            "x8": 0.523, "x9": 0.442}
    assert hs_fit.r2.to_dict() == pytest.approx(want, abs=5e-3)
    assert pd_fit.r2["dem60"] == pytest.approx(0.200, abs=5e-3)
    assert pd_fit.r2["dem65"] == pytest.approx(0.961, abs=5e-3)
    assert pd_fit.r2["y2"] == pytest.approx(0.514, abs=5e-3)


def test_political_democracy_matches_lavaan(pd_fit):
    """Bollen's model with six residual covariances: lavaan sem() fit and standardized paths."""
    check_fit(pd_fit, "pd")
    est = pd_fit.estimates
    for lhs, rhs, b, se, std in [("dem60", "ind60", 1.483, 0.399, 0.447), ("dem65", "ind60", 0.572, 0.221, 0.182),
                                 ("dem65", "dem60", 0.837, 0.098, 0.885)]:
        row = lookup(est, lhs, "~", rhs)
        assert (row["est"], row["se"], row["std_all"]) == pytest.approx((b, se, std), abs=5e-3)
    # residual covariances are standardized by residual variances (lavaan's cov.std = TRUE)
    assert lookup(est, "y1", "~~", "y5")["std_all"] == pytest.approx(0.296, abs=5e-3)
    assert lookup(est, "y6", "~~", "y8")["std_all"] == pytest.approx(0.338, abs=5e-3)
    assert lookup(est, "dem65", "~~", "dem65")["std_all"] == pytest.approx(0.039, abs=5e-3)
    assert lookup(est, "dem60", "~", "ind60")["label"] == "a"


def test_fixed_x_covariates_and_auto_cov_y_match_lavaan(hs):
    """Observed exogenous predictors are fixed (fixed.x) and pure outcomes covary (auto.cov.y)."""
    model = HS_MODEL + "\ntextual ~ visual + ageyr\nspeed ~ visual + ageyr + sex"
    res = sem.fit(model, hs)
    check_fit(res, "covariates")
    est = res.estimates
    assert lookup(est, "textual", "~~", "speed")["est"] == pytest.approx(0.067, abs=5e-3)
    assert lookup(est, "textual", "~", "ageyr")["std_all"] == pytest.approx(-0.223, abs=5e-3)
    x = lookup(est, "ageyr", "~~", "sex")
    assert (x["est"], x["se"], x["std_all"]) == pytest.approx((-0.085, 0.0, -0.162), abs=5e-3)


def test_servqual_0_100_items_reach_the_ml_optimum(reference_data):
    """semopy's default optimizer stops at chi2 957.19 on these 0-100 items; lavaan reaches 953.082.

    Fisher scoring reaches 953.079 (a hair below lavaan's own stopping point), with estimates on
    the original 0-100 scale.
    """
    sq = pd.read_csv(reference_data("servqual_sq.csv"))
    res = sem.fit(SQ_MODEL, sq)
    fi = res.fit_indices
    assert fi["chi2"] == pytest.approx(953.08, abs=0.01)
    assert fi["chi2"] <= 953.082166 + 1e-6
    assert (fi["df"], fi["cfi"], fi["tli"], fi["rmsea"], fi["srmr"]) == pytest.approx(
        (199, 0.898485, 0.882161, 0.096020, 0.060661), abs=1e-3)
    est = res.estimates
    assert lookup(est, "a01", "~~", "a01")["est"] == pytest.approx(68.525, rel=1e-3)
    assert lookup(est, "rel", "~~", "res")["est"] == pytest.approx(233.636, rel=1e-3)
    assert lookup(est, "emp", "=~", "a20")["std_all"] == pytest.approx(0.871, abs=5e-3)


def test_fiml_matches_lavaan_missing_ml(hs):
    """cfa(..., missing = "ml") on HS with deterministic holes: fit, estimates and SEs."""
    res = sem.fit(HS_MODEL, holes(hs), missing="fiml")
    check_fit(res, "fiml")
    est = res.estimates
    for lhs, op, rhs, e, se, std in [("visual", "=~", "x2", 0.551, 0.117, 0.420),
                                     ("speed", "=~", "x9", 1.045, 0.172, 0.656),
                                     ("x5", "~~", "x5", 0.436, 0.066, 0.248),
                                     ("visual", "~~", "textual", 0.425, 0.084, 0.474)]:
        row = lookup(est, lhs, op, rhs)
        assert (row["est"], row["se"], row["std_all"]) == pytest.approx((e, se, std), abs=5e-3)


def test_listwise_reports_the_true_n(hs):
    """Listwise deletion keeps 170 of 301 rows, as lavaan's default does."""
    res = sem.fit(HS_MODEL, holes(hs))
    check_fit(res, "listwise")
    assert res.n == 170 and res.n_dropped == 131


# ---------------------------------------------------------------------------------------
# data handling
# ---------------------------------------------------------------------------------------
def test_only_model_columns_are_used_and_caller_data_unchanged(hs):
    data = hs.assign(comment="free text", school=hs["school"].astype(str))
    before = data.copy()
    res = sem.fit(HS_MODEL, data)
    pd.testing.assert_frame_equal(data, before)
    assert res.fit_indices["chi2"] == pytest.approx(85.305522, abs=1e-3)


def test_nullable_dtypes_are_converted(hs):
    data = hs.copy()
    for c in ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"]:
        data[c] = data[c].astype("Float64")
    res = sem.fit(HS_MODEL, data)
    assert res.fit_indices["chi2"] == pytest.approx(85.305522, abs=1e-3)


def test_nullable_missing_values_go_to_listwise(hs):
    data = holes(hs)
    data["x1"] = data["x1"].astype("Float64")
    assert data["x1"].isna().sum() > 0
    res = sem.fit(HS_MODEL, data)
    assert res.n == 170


# ---------------------------------------------------------------------------------------
# diagnostics
# ---------------------------------------------------------------------------------------
def test_syntax_error_names_the_line(hs):
    with pytest.raises(SurveyError, match=r"line 2 'textual =~ x4 \+ \+ x5'"):
        sem.fit("visual =~ x1 + x2 + x3\ntextual =~ x4 + + x5", hs)
    with pytest.raises(SurveyError, match="line 1 'visual <- x1'"):
        sem.fit("visual <- x1", hs)
    with pytest.raises(SurveyError, match="intercepts"):
        sem.fit("x1 ~ 1", hs)
    with pytest.raises(SurveyError, match="empty"):
        sem.fit("# nothing\n", hs)
    with pytest.raises(SurveyError, match="'a' is not a label of the model"):
        sem.fit(HS_MODEL + "\nab := a*b", hs)


def test_missing_variable_is_named(hs):
    with pytest.raises(SurveyError, match="model variable 'x99': is not a column of the data.*closest columns: 'x9'"):
        sem.fit("visual =~ x1 + x2 + x99", hs)


def test_latent_name_clashing_with_a_column(hs):
    with pytest.raises(SurveyError, match="'x9'.*latent"):
        sem.fit("x9 =~ x1 + x2 + x3", hs)


def test_other_missing_methods_are_refused(hs):
    with pytest.raises(SurveyError, match="missing: must be one of 'listwise', 'fiml'; got 'pairwise'"):
        sem.fit(HS_MODEL, hs, missing="pairwise")


def test_non_numeric_answers_are_refused(hs):
    data = hs.astype({"x1": object})
    data.loc[data.index[3], "x1"] = "n/a"
    with pytest.raises(SurveyError, match="column 'x1'.*numbers.*'n/a'"):
        sem.fit(HS_MODEL, data)


def test_negative_degrees_of_freedom_raise(hs):
    model = "f =~ x1 + x2\nx1 ~~ x2"  # 3 moments; free: loading, factor variance, 2 residual variances, 1 covariance
    with pytest.raises(SurveyError, match=r"not identified.*degrees of freedom = -2"):
        sem.fit(model, hs)


def test_unidentified_model_warns_in_plain_words(hs):
    """A two-item factor uncorrelated with the rest: df = 5 overall, yet its own part has 4
    parameters for 3 moments, so the information matrix is singular."""
    model = "f =~ x1 + x2\ng =~ x3 + x4 + x5\nf ~~ 0*g"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = sem.fit(model, hs)
    text = " | ".join(str(w.message) for w in caught)
    assert "information matrix is not positive definite: the model is probably not identified" in text
    assert res.fit_indices["df"] == 5


def test_heywood_case_warns(hs):
    """A factor with two highly correlated items and a third unrelated one gives a negative variance."""
    rng = np.random.default_rng(4)
    n = 200
    f = rng.normal(size=n)
    data = pd.DataFrame({"a": f + 0.1 * rng.normal(size=n), "b": f + 0.1 * rng.normal(size=n),
                         "c": rng.normal(size=n), "d": 0.3 * f + rng.normal(size=n)})
    data["c"] = 0.5 * data["a"] + rng.normal(size=n) * 0.3
    with pytest.warns(RuntimeWarning, match="Heywood|negative"):
        sem.fit("f =~ a + c\ng =~ b + d\nf ~~ 1*g\nf ~~ 1*f\ng ~~ 1*g", data.assign(d=-data["d"]))


def test_non_convergence_warns(hs, monkeypatch):
    from sxm.sem import _engine

    real = _engine._Engine.fit_ml

    def stop_early(self, s, x0, **kw):
        x, f, ok, msg = real(self, s, x0, **kw)
        return x, f, False, "no convergence after 0 iterations"

    monkeypatch.setattr(_engine._Engine, "fit_ml", stop_early)
    with pytest.warns(RuntimeWarning, match="did not converge"):
        res = sem.fit(HS_MODEL, hs)
    assert not res.converged


def test_listwise_leaving_too_few_rows_raises():
    data = pd.DataFrame({"a": [1.0, np.nan, 3, 4], "b": [np.nan, 2.0, 3, 1], "c": [1.0, 2, np.nan, 3]})
    with pytest.raises(SurveyError, match="listwise deletion leaves too few"):
        sem.fit("f =~ a + b + c", data)


def test_bad_bootstrap_argument(hs):
    with pytest.raises(SurveyError, match="n_boot: must be a whole number of resamples"):
        sem.fit(HS_MODEL, hs, n_boot=-5)


# ---------------------------------------------------------------------------------------
# effects, bootstrap, reliability, diagram, comparison, groups
# ---------------------------------------------------------------------------------------
def test_indirect_and_total_effects_match_lavaan_defined_parameters(pd_fit):
    """lavaan: indirect := a*b (1.242, se 0.355), total := c + a*b (1.814, se 0.374)."""
    eff = pd_fit.effects("ind60", "dem65").set_index("effect")
    assert eff.loc["direct", ["est", "se"]].tolist() == pytest.approx([0.572, 0.221], abs=5e-3)
    assert eff.loc["indirect", ["est", "se", "ci_low", "ci_high"]].tolist() == pytest.approx(
        [1.242, 0.355, 0.545, 1.938], abs=5e-3)
    assert eff.loc["total", ["est", "se", "ci_low", "ci_high"]].tolist() == pytest.approx(
        [1.814, 0.374, 1.082, 2.546], abs=5e-3)
    # lavaan's std.all of the defined parameters: 0.395 and 0.578
    assert eff.loc[["indirect", "total"], "std_all"].tolist() == pytest.approx([0.395, 0.578], abs=5e-3)
    assert eff.loc["total", "est"] == pytest.approx(eff.loc["direct", "est"] + eff.loc["indirect", "est"])


def test_effects_reach_indicators_and_reject_unknown_variables(pd_fit):
    """The effect of ind60 on the item y5 runs only through dem60 and dem65 (loading 1)."""
    eff = pd_fit.effects("ind60", "y5").set_index("effect")
    assert eff.loc["direct", "est"] == 0
    assert eff.loc["total", "est"] == pytest.approx(1.814, abs=5e-3)
    with pytest.raises(SurveyError, match="source 'income'"):
        pd_fit.effects("income", "dem65")


def test_bootstrap_is_reproducible_whatever_n_jobs(pdem):
    """Same seed, same draws with 1 or 2 processes; percentile CIs bracket the estimate."""
    a = sem.fit(PD_MODEL, pdem, n_boot=60, seed=3, n_jobs=1)
    b = sem.fit(PD_MODEL, pdem, n_boot=60, seed=3, n_jobs=2)
    np.testing.assert_array_equal(a.boot_draws, b.boot_draws)
    assert a.boot_draws.shape == (60, 31)  # one column per free parameter
    eff = a.effects("ind60", "dem65").set_index("effect")
    assert eff.loc["indirect", "boot_ci_low"] < eff.loc["indirect", "est"] < eff.loc["indirect", "boot_ci_high"]
    pd.testing.assert_frame_equal(a.estimates, b.estimates)
    row = lookup(a.estimates, "dem60", "~", "ind60")
    assert row["ci_low"] < row["est"] < row["ci_high"]
    # bootstrap SE of a path is in the neighbourhood of the information-based SE (0.399)
    assert 0.2 < row["se"] < 0.7
    c = sem.fit(PD_MODEL, pdem, n_boot=60, seed=4, n_jobs=1)
    assert not np.array_equal(a.boot_draws, c.boot_draws)


def test_reliability_uses_standardized_loadings(hs_fit):
    """CR and AVE by hand from lavaan's std.all loadings of 'textual' (.852, .855, .838)."""
    pytest.importorskip("sxm.reliability")
    rel = hs_fit.reliability()
    lam = np.array([0.852, 0.855, 0.838])
    cr = lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam**2).sum())
    assert rel.loc["textual", "cr"] == pytest.approx(cr, abs=3e-3)
    assert rel.loc["textual", "ave"] == pytest.approx((lam**2).mean(), abs=3e-3)
    assert list(rel.index) == ["visual", "textual", "speed"]


def test_diagram_dot_text_and_axes(pd_fit, tmp_path):
    dot = pd_fit.to_dot()
    assert '"ind60" -> "dem60" [label="0.45"' in dot
    assert '"dem60" -> "y2" [label="0.72"]' in dot
    assert 'shape=ellipse' in dot and '"y1" [shape=box' in dot
    ax = pd_fit.diagram(tmp_path / "pd.svg")
    assert ax.__class__.__name__ == "Axes"
    import shutil as _sh
    if _sh.which("dot"):
        assert (tmp_path / "pd.svg").read_text().lstrip().startswith("<?xml")


def test_diagram_without_graphviz_falls_back_to_matplotlib(pd_fit, monkeypatch):
    import shutil as _sh
    monkeypatch.setattr(_sh, "which", lambda name: None)
    ax = pd_fit.diagram()
    assert "graphviz" in ax.get_title()
    assert any(t.get_text() == "dem65" for t in ax.texts)


def test_compare_matches_lavaan_anova(hs, hs_fit):
    """anova(orthogonal, oblique): chisq diff 68.221576, df 3, p 1.0257e-14; AIC 7579.7114."""
    ortho = sem.fit(HS_MODEL + "\nvisual ~~ 0*textual + 0*speed\ntextual ~~ 0*speed", hs)
    table = sem.compare(ortho, hs_fit)
    assert list(table.index) == ["general", "restricted"]
    row = table.loc["restricted"]
    assert row["chi2"] == pytest.approx(153.52710, abs=1e-3)
    assert row["chi2_diff"] == pytest.approx(68.221576, abs=1e-3)
    assert row["df_diff"] == 3
    assert row["pvalue"] == pytest.approx(1.0257e-14, rel=1e-3)
    assert (row["aic"], row["bic"]) == pytest.approx((7579.7114, 7646.4394), abs=1e-3)
    assert row["cfi_diff"] < 0


def test_dropped_path_is_nested_with_one_df(pd_fit, pdem):
    """Fixing dem65 ~ dem60 to zero adds exactly one df (no automatic residual covariance)."""
    rival = sem.fit(smodel.drop_path(PD_MODEL, "dem65 ~ dem60"), pdem)
    table = sem.compare(rival, pd_fit)
    assert table.loc["restricted", "df_diff"] == 1
    assert lookup(rival.estimates, "dem65", "~", "dem60")[["est", "se"]].tolist() == [0.0, 0.0]


def test_compare_refuses_non_nested_or_different_data(hs, hs_fit, pd_fit):
    with pytest.raises(SurveyError, match="different respondents"):
        sem.compare(hs_fit, pd_fit)
    with pytest.raises(SurveyError, match="same degrees of freedom"):
        sem.compare(hs_fit, hs_fit)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the two-item speed factor is a Heywood case
        fewer = sem.fit("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8", hs)
    with pytest.raises(SurveyError, match="different observed variables.*'x9'"):
        sem.compare(hs_fit, fewer)
    with pytest.raises(SurveyError, match="missing='fiml'"):
        sem.compare(sem.fit(HS_MODEL + "\nvisual ~~ 0*speed", hs, missing="fiml"), hs_fit)
    with pytest.raises(TypeError):
        sem.compare(hs_fit, "model")


def test_two_groups_configural_fit_and_wald_test_match_lavaan(hs):
    """cfa(model, HS, group = "school"): chisq 115.851344 on 48 df, CFI .923398, RMSEA .096915,
    SRMR .067864, AIC 7484.395; lavTestWald("l2a == l2b") = 3.017377 on 1 df, p .082377."""
    res = sem.fit(HS_MODEL, hs, by="school")
    fi = res.fit_indices
    want = {"npar": 60, "chi2": 115.851344, "df": 48, "cfi": 0.923398, "tli": 0.885098, "rmsea": 0.096915,
            "rmsea_ci_low": 0.074505, "rmsea_ci_high": 0.119583, "srmr": 0.067864, "loglik": -3682.197512,
            "aic": 7484.395024, "bic": 7706.821640}
    assert fi[list(want)].to_dict() == pytest.approx(want, abs=1e-3)
    assert set(res.groups) == {"Pasteur", "Grant-White"}
    # lavaan's per-group R2 of x1: 0.786 (Pasteur), 0.458 (Grant-White)
    assert res.groups["Pasteur"].r2["x1"] == pytest.approx(0.786, abs=5e-3)
    assert res.groups["Grant-White"].r2["x1"] == pytest.approx(0.458, abs=5e-3)
    test = res.path_difference("visual", "x2", op="=~").iloc[0]
    assert test["chi2"] == pytest.approx(3.017377, abs=1e-3)
    assert test["pvalue"] == pytest.approx(0.082377, abs=1e-4)
    assert test["z"] ** 2 == pytest.approx(test["chi2"])
    with pytest.raises(SurveyError, match="fixed"):
        res.path_difference("visual", "x1", op="=~")


def test_group_column_problems(hs):
    with pytest.raises(SurveyError, match="grouping column 'campus'"):
        sem.fit(HS_MODEL, hs, by="campus")
    with pytest.raises(SurveyError, match="at least two groups"):
        sem.fit(HS_MODEL, hs.assign(one="a"), by="one")


# ---------------------------------------------------------------------------------------
# model-description helpers, teaching helpers, bundled data
# ---------------------------------------------------------------------------------------
ACSI = """quality =~ sq1 + sq2 + sq3 + sq4
experience =~ ex1 + ex2 + ex3 + ex4
satisfaction =~ sat1 + sat2 + sat3
loyalty =~ loy1 + loy2 + loy3
satisfaction ~ quality + experience
loyalty ~ satisfaction + experience"""


def test_description_helpers():
    assert smodel.parse(ACSI).blocks["loyalty"] == ["loy1", "loy2", "loy3"]
    cfa = smodel.measurement_model(ACSI + "\nsq1 ~~ sq2")
    assert "~ quality" not in cfa and "sq1 ~~ sq2" in cfa and cfa.count("=~") == 4
    rival = smodel.drop_path(ACSI, "loyalty ~ experience")
    assert "loyalty ~ satisfaction + 0*experience" in rival
    with pytest.raises(SurveyError, match="no regression of 'loyalty' on 'quality'"):
        smodel.drop_path(ACSI, "loyalty ~ quality")
    with pytest.raises(SurveyError, match="outcome ~ predictor"):
        smodel.drop_path(ACSI, "loyalty =~ quality")


def test_drop_answers():
    rng = np.random.default_rng(0)
    d = pd.DataFrame({"s": rng.normal(size=4000), "l1": 4.0, "l2": 5.0})
    before = d.copy()
    mcar = sem.drop_answers(d, ["l1", "l2"], 0.2, seed=1)
    assert mcar[["l1", "l2"]].isna().mean().to_numpy() == pytest.approx([0.2, 0.2], abs=0.03)
    mar = sem.drop_answers(d, ["l1", "l2"], 0.2, depends_on="s", seed=1)
    low = d["s"] < d["s"].median()
    assert mar.loc[low, "l1"].isna().mean() > 2 * mar.loc[~low, "l1"].isna().mean()
    pd.testing.assert_frame_equal(d, before)
    assert sem.drop_answers(d, ["l1"], 0.2, seed=1).equals(sem.drop_answers(d, ["l1"], 0.2, seed=1))
    with pytest.raises(SurveyError, match="share"):
        sem.drop_answers(d, ["l1"], 1.5)


def test_bundled_acsi_data_recovers_the_truth_by_channel():
    """Per-channel fits of data/acsi_experience.csv land near the documented true paths
    (7-point items attenuate a little), and the satisfaction -> loyalty difference
    (.55 online vs .30 in-store) is detected."""
    import sxm.datasets

    data = sxm.datasets.load("acsi_experience")
    res = sem.fit(ACSI, data, by="channel")
    truth = {"online": {("loyalty", "satisfaction"): 0.55, ("loyalty", "experience"): 0.15,
                        ("satisfaction", "experience"): 0.45, ("satisfaction", "quality"): 0.30},
             "in-store": {("loyalty", "satisfaction"): 0.30, ("loyalty", "experience"): 0.30,
                          ("satisfaction", "experience"): 0.45, ("satisfaction", "quality"): 0.30}}
    for channel, paths in truth.items():
        est = res.groups[channel].estimates
        for (lhs, rhs), value in paths.items():
            assert lookup(est, lhs, "~", rhs)["std_all"] == pytest.approx(value, abs=0.12), (channel, lhs, rhs)
        assert res.groups[channel].fit_indices["cfi"] > 0.98
    test = res.path_difference("loyalty", "satisfaction").iloc[0]
    assert test["pvalue"] < 0.05


def test_fiml_on_complete_data_equals_ml_with_saturated_means(hs, hs_fit):
    """lavaan: missing = "ml" on complete data gives the ML estimates and chi2, npar + 9 means."""
    res = sem.fit(HS_MODEL, hs, missing="fiml")
    np.testing.assert_allclose(res.estimates["est"], hs_fit.estimates["est"], atol=1e-6)
    assert res.fit_indices["chi2"] == pytest.approx(85.305522, abs=1e-3)
    assert res.fit_indices["npar"] == 30
    assert res.fit_indices["loglik"] == pytest.approx(-3737.744927, abs=1e-3)


def test_fiml_bootstrap_with_gaps_is_reproducible(hs):
    data = holes(hs)
    a = sem.fit(HS_MODEL, data, missing="fiml", n_boot=8, seed=5, n_jobs=1)
    b = sem.fit(HS_MODEL, data, missing="fiml", n_boot=8, seed=5, n_jobs=2)
    np.testing.assert_allclose(a.boot_draws, b.boot_draws)
    assert np.isfinite(a.boot_draws).all() and a.n == 301


def test_measurement_invariance_matches_lavaan_group_equal(hs):
    """cfa(model, HS, group = "school") with group.equal = NULL / "loadings" /
    c("loadings", "intercepts"): chi2 115.851344 / 124.043544 / 164.102831 on 48 / 54 / 60 df;
    anova(configural, metric): chisq diff 8.1922003, p 0.22436 (sem_reference.R, section 7)."""
    table = sem.invariance(HS_MODEL, hs, "school")
    assert list(table.index) == ["configural", "metric", "scalar"]
    want = pd.DataFrame(
        {"npar": [60, 54, 48], "chi2": [115.851344, 124.043544, 164.102831], "df": [48, 54, 60],
         "cfi": [0.923398, 0.920923, 0.882472], "tli": [0.885098, 0.894565, 0.858966],
         "rmsea": [0.096915, 0.092837, 0.107371], "srmr": [0.067864, 0.071652, 0.082447],
         "aic": [7484.395024, 7480.587224, 7508.646511], "bic": [7706.821640, 7680.771179, 7686.587804]},
        index=table.index)
    np.testing.assert_allclose(table[want.columns].to_numpy(dtype=float), want.to_numpy(dtype=float), atol=1e-3)
    assert table.loc["metric", "chi2_diff"] == pytest.approx(8.1922003, abs=1e-3)
    assert table.loc["metric", "pvalue_diff"] == pytest.approx(0.22436, abs=1e-4)
    assert sem.invariance(HS_MODEL, hs, "school", levels=["configural", "metric"]).shape[0] == 2


def test_invariance_refuses_what_it_cannot_do(hs):
    with pytest.raises(SurveyError, match="observed predictor"):
        sem.invariance(HS_MODEL + "\nvisual ~ ageyr", hs, "school")
    with pytest.raises(SurveyError, match="levels"):
        sem.invariance(HS_MODEL, hs, "school", levels=["scalar", "metric"])
    with pytest.raises(SurveyError, match="grouping column 'campus'"):
        sem.invariance(HS_MODEL, hs, "campus")


def test_fit_summaries_hu_bentler_and_compare_estimates(hs_fit, pd_fit):
    hb = sem.hu_bentler(hs_fit)
    assert hb.loc["cfi", "value"] == pytest.approx(0.930560, abs=1e-5)
    assert hb["good"].tolist() == [False, False, False, True]  # CFI .931, TLI .896, RMSEA .092 fail; SRMR .065 passes
    side = sem.compare_estimates({"hs": hs_fit, "again": hs_fit}, op="=~", column="est")
    assert side.loc["visual =~ x2"].tolist() == pytest.approx([0.554, 0.554], abs=5e-3)
    mixed = sem.compare_estimates({"hs": hs_fit, "pd": pd_fit})
    assert mixed.loc["dem60 ~ ind60", "pd"] == pytest.approx(0.447, abs=5e-3) and np.isnan(mixed.loc["dem60 ~ ind60", "hs"])
    with pytest.raises(TypeError):
        sem.compare_estimates({"x": 1})
    with pytest.raises(SurveyError, match="op: must be"):
        sem.compare_estimates({"hs": hs_fit}, op="=>")
    with pytest.raises(TypeError, match="result of sxm.sem.fit"):
        sem.hu_bentler(hs_fit.estimates)


def test_singular_or_constant_data_raise(hs):
    with pytest.raises(SurveyError, match="column 'x3'.*vary"):
        sem.fit(HS_MODEL, hs.assign(x3=2.0))
    with pytest.raises(SurveyError, match="singular"):
        sem.fit(HS_MODEL, hs.assign(x3=hs["x1"] + hs["x2"]))


def test_empirical_underidentification_warns_about_absurd_standard_errors():
    """A two-item factor whose items are (almost exactly) uncorrelated with the other factor:
    formally identified, empirically not -- every diagnostic speaks up."""
    rng = np.random.default_rng(3)
    n = 300
    f1, f2 = rng.normal(size=n), rng.normal(size=n)
    d = pd.DataFrame({"a": f1 + rng.normal(size=n), "b": f1 + rng.normal(size=n),
                      "c": f2 + 0.6 * rng.normal(size=n), "d": f2 + 0.6 * rng.normal(size=n),
                      "e": f2 + 0.6 * rng.normal(size=n)})
    x = d[["c", "d", "e"]].to_numpy() - d[["c", "d", "e"]].mean().to_numpy()
    for col in "ab":  # remove every sample covariance between the two blocks
        y = d[col].to_numpy() - d[col].mean()
        d[col] = y - x @ np.linalg.lstsq(x, y, rcond=None)[0]
    d["a"] += 0.01 * d["c"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sem.fit("f =~ a + b\ng =~ c + d + e", d)
    text = " | ".join(str(w.message) for w in caught)
    assert "absurd standard error for f =~ b" in text
    assert "information matrix is not positive definite" in text


def test_equal_loadings_by_shared_label_match_lavaan(hs):
    """visual =~ x1 + a*x2 + a*x3: chi2 87.970510 on 25 df, both loadings 0.649 (se 0.088),
    std.all .484 and .529 (sem_reference.R, section 8)."""
    res = sem.fit("visual =~ x1 + a*x2 + a*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9", hs)
    fi = res.fit_indices
    assert (fi["chi2"], fi["df"], fi["npar"], fi["srmr"], fi["aic"]) == pytest.approx(
        (87.970510, 25, 20, 0.067975, 7518.154842), abs=1e-3)
    for item, std in (("x2", 0.484), ("x3", 0.529)):
        row = lookup(res.estimates, "visual", "=~", item)
        assert row["label"] == "a"
        assert (row["est"], row["se"], row["std_all"]) == pytest.approx((0.649, 0.088, std), abs=5e-3)


def test_observed_path_model_matches_lavaan(hs):
    """sem("x3 ~ x1 + x2; x6 ~ x3 + x1; x9 ~ x3"): fixed.x, auto.cov.y x6 ~~ x9,
    chi2 29.526366 on 3 df, CFI .854192, TLI .562577, RMSEA .171394, SRMR .073876."""
    res = sem.fit("x3 ~ x1 + x2\nx6 ~ x3 + x1\nx9 ~ x3", hs)
    check = {"npar": 9, "chi2": 29.526366, "df": 3, "baseline_chi2": 190.926971, "baseline_df": 9,
             "cfi": 0.854192, "tli": 0.562577, "rmsea": 0.171394, "rmsea_ci_low": 0.118522,
             "rmsea_ci_high": 0.230122, "srmr": 0.073876, "loglik": -1266.371930, "aic": 2550.743860}
    assert res.fit_indices[list(check)].to_dict() == pytest.approx(check, abs=1e-3)
    est = res.estimates
    assert lookup(est, "x6", "~", "x3")[["est", "se", "std_all"]].tolist() == pytest.approx([0.059, 0.058, 0.062], abs=5e-3)
    assert lookup(est, "x6", "~~", "x9")[["est", "std_all"]].tolist() == pytest.approx([0.081, 0.083], abs=5e-3)
    row = est[(est["op"] == "~~") & (est["lhs"] != est["rhs"]) & est["lhs"].isin(["x1", "x2"])].iloc[0]
    assert (row["lhs"], row["rhs"]) == ("x1", "x2")  # lavaan's orientation
    assert res.r2.to_dict() == pytest.approx({"x3": 0.242, "x6": 0.118, "x9": 0.108}, abs=5e-3)


def test_items_on_a_0_100_scale_reach_the_same_optimum(hs, hs_fit):
    """Rescaling items (x1 by 100, x5 by 0.01, as 0-100 vs 0-1 scoring) leaves chi2 and the
    standardized solution unchanged and rescales the raw estimates: the optimizer is not
    fooled by the items' units (semopy's default stops short on 0-100 items)."""
    scaled = hs.assign(x1=hs["x1"] * 100, x5=hs["x5"] / 100, x7=hs["x7"] * 100)
    res = sem.fit(HS_MODEL, scaled)
    assert res.fit_indices["chi2"] == pytest.approx(hs_fit.fit_indices["chi2"], abs=1e-6)
    np.testing.assert_allclose(res.estimates["std_all"], hs_fit.estimates["std_all"], atol=1e-6)
    # x1 is the marker of visual: the factor is now in x1's new unit, so x2's loading shrinks by 100
    assert lookup(res.estimates, "visual", "=~", "x2")["est"] == pytest.approx(
        lookup(hs_fit.estimates, "visual", "=~", "x2")["est"] / 100, rel=1e-6)
    assert lookup(res.estimates, "x5", "~~", "x5")["est"] == pytest.approx(
        lookup(hs_fit.estimates, "x5", "~~", "x5")["est"] / 100**2, rel=1e-6)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_column_order_and_extra_columns_do_not_matter(hs, hs_fit, seed):
    rng = np.random.default_rng(seed)
    shuffled = hs[list(rng.permutation(hs.columns))].sample(frac=1.0, random_state=seed)
    res = sem.fit(HS_MODEL, shuffled)
    assert res.fit_indices["chi2"] == pytest.approx(hs_fit.fit_indices["chi2"], abs=1e-8)
    pd.testing.assert_frame_equal(res.estimates[["lhs", "op", "rhs"]], hs_fit.estimates[["lhs", "op", "rhs"]])
    np.testing.assert_allclose(res.estimates["est"], hs_fit.estimates["est"], atol=1e-7)


def test_fiml_with_a_fixed_observed_predictor_matches_lavaan(hs):
    """sem("...; textual ~ visual + ageyr", missing = "ml") with holes in x1 and x5:
    chi2 21.644167 on 13 df, npar 20, logl -2377.416594 (conditional on ageyr), AIC 4794.833;
    textual ~ ageyr -0.215 (se 0.053) (sem_reference.R, section 9)."""
    h = hs.copy()
    h.loc[h["id"] % 7 == 0, "x1"] = np.nan
    h.loc[h["id"] % 5 == 1, "x5"] = np.nan
    model = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\ntextual ~ visual + ageyr"
    res = sem.fit(model, h, missing="fiml")
    want = {"npar": 20, "chi2": 21.644167, "df": 13, "baseline_chi2": 625.264068, "cfi": 0.985695,
            "tli": 0.976891, "rmsea": 0.047001, "rmsea_ci_high": 0.080788, "srmr": 0.037644,
            "loglik": -2377.416594, "loglik_saturated": -2366.594511, "aic": 4794.833189, "bic": 4868.975394}
    assert res.fit_indices[list(want)].to_dict() == pytest.approx(want, abs=1e-3)
    assert lookup(res.estimates, "textual", "~", "ageyr")[["est", "se"]].tolist() == pytest.approx([-0.215, 0.053], abs=5e-3)
    h.loc[h.index[:5], "ageyr"] = np.nan
    with pytest.raises(SurveyError, match="column 'ageyr'.*predictor.*fiml"):
        sem.fit(model, h, missing="fiml")


def test_acsi_generator_rewrites_the_csv_bit_for_bit(tmp_path):
    """python data/scripts/make_acsi_experience.py reproduces data/acsi_experience.csv exactly."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("make_acsi", root / "data" / "scripts" / "make_acsi_experience.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data, truth = module.make()
    out = tmp_path / "acsi.csv"
    data.to_csv(out, index=False)
    assert out.read_bytes() == (root / "data" / "acsi_experience.csv").read_bytes()
    assert set(truth["channel"]) == {"online", "in-store"}


def test_na_frees_the_first_loading_with_unit_factor_variances(hs, hs_fit, capfd):
    """lavaan's std.lv idiom: visual =~ NA*x1 + x2 + x3; visual ~~ 1*visual ...
    gives the same fit and loadings x1 .900 (se .081), x2 .498, x7 .619 (sem_reference.R, 10).
    (semopy alone loops forever on such a factor; sxm.sem works around it.)"""
    model = "\n".join([
        "visual =~ NA*x1 + x2 + x3", "textual =~ NA*x4 + x5 + x6", "speed =~ NA*x7 + x8 + x9",
        "visual ~~ 1*visual", "textual ~~ 1*textual", "speed ~~ 1*speed"])
    res = sem.fit(model, hs)
    assert res.fit_indices["chi2"] == pytest.approx(85.305522, abs=1e-3)
    assert res.fit_indices["npar"] == 21
    est = res.estimates
    assert lookup(est, "visual", "=~", "x1")[["est", "se"]].tolist() == pytest.approx([0.900, 0.081], abs=5e-3)
    assert lookup(est, "visual", "=~", "x2")["est"] == pytest.approx(0.498, abs=5e-3)
    assert lookup(est, "speed", "=~", "x7")["est"] == pytest.approx(0.619, abs=5e-3)
    assert lookup(est, "visual", "~~", "textual")["est"] == pytest.approx(0.459, abs=5e-3)
    assert (est["label"] == "").all()  # the private labels are not shown
    assert "No fixed loadings" not in capfd.readouterr().err


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=8, deadline=None)
@given(loading=st.floats(0.55, 0.9), path=st.floats(-0.6, 0.6), n_items=st.integers(3, 5),
       seed=st.integers(0, 10_000))
def test_simulated_models_recover_the_truth(loading, path, n_items, seed):
    """Property: on continuous data simulated from a two-construct model (n = 3000), the fit
    converges, its indices are in range and the standardized estimates are near the truth."""
    from sxm.simulate import latent_survey

    items_x = " + ".join(f"{loading!r}*a{i}" for i in range(n_items))
    items_y = " + ".join(f"{loading!r}*b{i}" for i in range(n_items))
    sim = latent_survey(f"x =~ {items_x}\ny =~ {items_y}\ny ~ {path!r}*x", n=3000, levels=None, seed=seed)
    res = sem.fit(sim.description, sim.data)
    fi = res.fit_indices
    assert res.converged and fi["chi2"] >= 0 and 0 <= fi["cfi"] <= 1 and fi["rmsea"] >= 0
    assert fi["df"] == 2 * n_items * (2 * n_items + 1) // 2 - (4 * n_items + 1)
    assert lookup(res.estimates, "y", "~", "x")["std_all"] == pytest.approx(path, abs=0.07)
    loads = res.estimates.query("op == '=~'")["std_all"]
    assert loads.to_numpy() == pytest.approx(np.full(2 * n_items, loading), abs=0.07)


def test_saturated_model_indices_as_lavaan():
    """A just-identified path model (df = 0): lavaan 0.6 reports chisq 0, CFI 1, TLI 1,
    RMSEA 0 with a 0-0 interval and SRMR 0 (tests/reference/sem_reference.R, last block)."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=300)
    m = 0.5 * x + rng.normal(size=300)
    y = 0.4 * m + 0.2 * x + rng.normal(size=300)
    fi = sem.fit("m ~ x\ny ~ m + x", pd.DataFrame({"x": x, "m": m, "y": y})).fit_indices
    assert fi["df"] == 0 and fi["chi2"] == pytest.approx(0, abs=1e-8)
    got = fi[["cfi", "tli", "rmsea", "rmsea_ci_low", "rmsea_ci_high"]].to_numpy(dtype=float)
    np.testing.assert_allclose(got, [1, 1, 0, 0, 0], atol=1e-10)
    assert fi["srmr"] == pytest.approx(0, abs=1e-8)


def test_a_term_listed_twice_is_an_error():
    """'f =~ x1 + x1 + x2' is almost always a typo for another item. lavaan 0.6 silently keeps
    one x1 (chisq 0, df 0 for 'f =~ x1 + x1 + x2 + x3' on HolzingerSwineford1939); sxm says so."""
    hs = holzinger39.get_data()
    with pytest.raises(SurveyError, match=r"line 1 .*'x1' is listed twice"):
        sem.fit("f =~ x1 + x1 + x2 + x3", hs)
    with pytest.raises(SurveyError, match="listed twice"):
        smodel.parse("f =~ x1 + x1 + x2")


# ---------------------------------------------------------------------------------------
# fitting a covariance matrix (lavaan's sample.cov / sample.nobs)
# ---------------------------------------------------------------------------------------
def assert_same_fit(a, b):
    """Two fits agree to 1e-8: parameters, standard errors, tests, fit indices, R2, vcov."""
    key = ["lhs", "op", "rhs", "label"]
    pd.testing.assert_frame_equal(a.estimates[key], b.estimates[key])
    num = ["est", "se", "z", "pvalue", "ci_low", "ci_high", "std_all"]
    np.testing.assert_allclose(b.estimates[num].to_numpy(float), a.estimates[num].to_numpy(float), atol=1e-8, rtol=0)
    assert list(b.fit_indices.index) == list(a.fit_indices.index)
    np.testing.assert_allclose(b.fit_indices.to_numpy(float), a.fit_indices.to_numpy(float), atol=1e-8, rtol=1e-12)
    pd.testing.assert_series_equal(b.r2, a.r2, atol=1e-8, rtol=0)
    np.testing.assert_allclose(b.vcov, a.vcov, atol=1e-8, rtol=0)
    assert (b.n, b.missing, b.converged) == (a.n, a.missing, a.converged)


@pytest.mark.parametrize("model, data", [(HS_MODEL, "hs"), (PD_MODEL, "pdem")])
def test_sample_cov_fit_equals_the_fit_to_the_data(model, data, request):
    """As lavaan's cfa(model, sample.cov = cov(D), sample.nobs = nrow(D)) equals cfa(model, D):
    the covariance matrix with divisor N - 1 (rescaled to N inside) gives the same estimates,
    standard errors and fit indices as the data, whatever the order of its variables and
    whatever other variables it holds."""
    d = request.getfixturevalue(data)
    items = [c for c in d.columns if c not in ("id", "sex", "ageyr", "agemo", "school", "grade")]
    cov = d[items[::-1]].cov()
    before = cov.copy()
    assert_same_fit(sem.fit(model, d), sem.fit(model, sample_cov=cov, sample_nobs=len(d)))
    pd.testing.assert_frame_equal(cov, before)  # the caller's matrix is not modified


def test_sample_cov_with_fixed_exogenous_predictors(hs):
    """Observed predictors are fixed at their sample (co)variances from the matrix too."""
    model = "visual =~ x1 + x2 + x3\nvisual ~ ageyr + grade"
    d = hs.dropna(subset=["grade"])
    cols = ["x1", "x2", "x3", "ageyr", "grade"]
    assert_same_fit(sem.fit(model, d), sem.fit(model, sample_cov=d[cols].cov(), sample_nobs=len(d)))


@pytest.mark.parametrize("extra, name", [({"n_boot": 10}, "n_boot"), ({"missing": "fiml"}, "missing='fiml'"),
                                         ({"by": "school"}, "by"), ({"data": "hs"}, "data"),
                                         ({"estimator": "MLR"}, "estimator='MLR'")])
def test_sample_cov_refuses_what_needs_the_answers(hs, extra, name):
    cov = hs[[f"x{i}" for i in range(1, 10)]].cov()
    extra = {k: (hs if v == "hs" else v) for k, v in extra.items()}
    with pytest.raises(SurveyError, match=rf"sample_cov: cannot be combined with {name}.*respondents' answers"):
        sem.fit(HS_MODEL, sample_cov=cov, sample_nobs=301, **extra)


def test_sample_cov_bad_matrices_are_named(hs):
    cov = hs[[f"x{i}" for i in range(1, 10)]].cov()
    with pytest.raises(SurveyError, match=r"model variable 'x9'"):
        sem.fit(HS_MODEL, sample_cov=cov.drop(index="x9", columns="x9"), sample_nobs=301)
    with pytest.raises(SurveyTypeError, match=r"sample_cov: must be a DataFrame.*ndarray"):
        sem.fit(HS_MODEL, sample_cov=cov.to_numpy(), sample_nobs=301)
    with pytest.raises(SurveyError, match=r"sample_nobs: the number of respondents"):
        sem.fit(HS_MODEL, sample_cov=cov)
    with pytest.raises(SurveyTypeError, match=r"sample_nobs: must be a whole number of respondents; got 301.5"):
        sem.fit(HS_MODEL, sample_cov=cov, sample_nobs=301.5)
    skew = cov.copy()
    skew.loc["x1", "x2"] += 0.1
    with pytest.raises(SurveyError, match=r"symmetric; entry \('x1', 'x2'\)"):
        sem.fit(HS_MODEL, sample_cov=skew, sample_nobs=301)
    with pytest.raises(SurveyError, match=r"same variables in the same order"):
        sem.fit(HS_MODEL, sample_cov=cov.iloc[::-1], sample_nobs=301)
    flat = cov.copy()
    flat.loc["x4", :] = flat.loc[:, "x4"] = 0.0
    with pytest.raises(SurveyError, match=r"column 'x4': a model variable must vary"):
        sem.fit(HS_MODEL, sample_cov=flat, sample_nobs=301)
    ones = pd.DataFrame(np.ones((9, 9)), index=cov.index, columns=cov.columns)  # nine copies of one item
    with pytest.raises(SurveyError, match=r"singular"):
        sem.fit(HS_MODEL, sample_cov=ones, sample_nobs=301)
