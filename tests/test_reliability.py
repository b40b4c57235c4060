"""Tests of sxm.reliability against R (psych, lavaan, semTools), pingouin and hand calculations.

Unless a test says otherwise, reference numbers come from ``tests/reference/reliability_reference.R``
(R 4, lavaan 0.6-14, semTools 0.5-6, psych 2.2.9) run on lavaan's ``HolzingerSwineford1939``,
which is the same data as ``semopy.examples.holzinger39``.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pingouin
import pytest
import semopy
from hypothesis import given, settings
from hypothesis import strategies as st

import sxm
from sxm import reliability as rel
from sxm.io import SurveyError, SurveyTypeError

HS_BLOCKS = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}
SQ_BLOCKS = {
    "tangibles": [f"a{i:02d}" for i in range(1, 5)],
    "reliability": [f"a{i:02d}" for i in range(5, 10)],
    "responsiveness": [f"a{i:02d}" for i in range(10, 14)],
    "assurance": [f"a{i:02d}" for i in range(14, 18)],
    "empathy": [f"a{i:02d}" for i in range(18, 23)],
}

# lavaan::parameterEstimates(cfa(HS model), standardized = TRUE)[, c(lhs, op, rhs, est, std.all)],
# printed by tests/reference/reliability_reference.R (section "HS parameterEstimates").
LAVAAN_HS = pd.DataFrame(
    [
        ("visual", "=~", "x1", 1.0000000000, 0.7718804204),
        ("visual", "=~", "x2", 0.5535002938, 0.4236009920),
        ("visual", "=~", "x3", 0.7293702098, 0.5811323239),
        ("textual", "=~", "x4", 1.0000000000, 0.8515822224),
        ("textual", "=~", "x5", 1.1130765781, 0.8550654464),
        ("textual", "=~", "x6", 0.9261462366, 0.8380100739),
        ("speed", "=~", "x7", 1.0000000000, 0.5695146840),
        ("speed", "=~", "x8", 1.1799508395, 0.7230444328),
        ("speed", "=~", "x9", 1.0815301569, 0.6650092188),
        ("x1", "~~", "x1", 0.5490539732, 0.4042006167),
        ("x2", "~~", "x2", 1.1338390165, 0.8205621996),
        ("x3", "~~", "x3", 0.8443240457, 0.6622852221),
        ("x4", "~~", "x4", 0.3711729928, 0.2748077185),
        ("x5", "~~", "x5", 0.4462550703, 0.2688630824),
        ("x6", "~~", "x6", 0.3562026643, 0.2977391160),
        ("x7", "~~", "x7", 0.7993916383, 0.6756530247),
        ("x8", "~~", "x8", 0.4876970838, 0.4772067482),
        ("x9", "~~", "x9", 0.5661312936, 0.5577627389),
        ("visual", "~~", "visual", 0.8093159811, 1.0000000000),
        ("textual", "~~", "textual", 0.9794913729, 1.0000000000),
        ("speed", "~~", "speed", 0.3837476493, 1.0000000000),
        ("visual", "~~", "textual", 0.4082324421, 0.4585093004),
        ("visual", "~~", "speed", 0.2622246020, 0.4705345445),
        ("textual", "~~", "speed", 0.1734946846, 0.2829847304),
    ],
    columns=["lhs", "op", "rhs", "est", "std_all"],
)


@pytest.fixture(scope="module")
def hs():
    return semopy.examples.holzinger39.get_data()


@pytest.fixture
def hs_missing(hs):
    """HS with x2 missing when id % 7 == 0 and x5 missing when id % 11 == 0 (as in the R script)."""
    d = hs.copy()
    d.loc[d["id"] % 7 == 0, "x2"] = np.nan
    d.loc[d["id"] % 11 == 0, "x5"] = np.nan
    return d


def lavaan_fit():
    return SimpleNamespace(estimates=LAVAAN_HS.copy())


def _exact_corr(r, n=400, seed=2):
    """Data whose sample correlation matrix is exactly ``r``."""
    x = np.random.default_rng(seed).standard_normal((n, len(r)))
    x = (x - x.mean(0)) @ np.linalg.inv(np.linalg.cholesky(np.cov(x, rowvar=False))).T
    return x @ np.linalg.cholesky(np.asarray(r)).T


# --------------------------------------------------------------------------------------
# formulas from loadings
# --------------------------------------------------------------------------------------
def test_composite_reliability_hand_calculation():
    """(0.7 + 0.8 + 0.9)^2 = 5.76; errors 0.51 + 0.36 + 0.19 = 1.06; CR = 5.76 / 6.82."""
    assert rel.composite_reliability([0.7, 0.8, 0.9]) == pytest.approx(5.76 / 6.82, abs=1e-12)
    assert rel.average_variance_extracted([0.7, 0.8, 0.9]) == pytest.approx(1.94 / 3, abs=1e-12)


def test_cr_ave_with_error_and_total_variances():
    """Hand calculation: loadings 1 and 2, errors 1 and 1: CR = 9 / 11, AVE = 5 / 7; totals override."""
    assert rel.composite_reliability([1, 2], error_variances=[1, 1]) == pytest.approx(9 / 11)
    assert rel.average_variance_extracted([1, 2], error_variances=[1, 1]) == pytest.approx(5 / 7)
    assert rel.composite_reliability([1, 2], total_variance=12) == pytest.approx(9 / 12)
    assert rel.average_variance_extracted([1, 2], total_variance=10) == pytest.approx(5 / 10)


def test_cr_ave_fornell_larcker_from_lavaan_standardized_loadings():
    """Fornell-Larcker CR/AVE from lavaan's std.all loadings of the HS CFA (R script section
    'Fornell-Larcker CR and AVE from standardized loadings'), via the parameter-table input."""
    cr = rel.composite_reliability(LAVAAN_HS)
    ave = rel.average_variance_extracted(LAVAAN_HS)
    assert list(cr.index) == ["visual", "textual", "speed"]
    np.testing.assert_allclose(cr.to_numpy(), [0.6258384444, 0.8850013355, 0.6913735808], atol=1e-8)
    np.testing.assert_allclose(ave.to_numpy(), [0.3709839872, 0.7195300277, 0.4297924960], atol=1e-8)


def test_cr_ave_accept_dict_and_series():
    loads = {"a": pd.Series([0.7, 0.8, 0.9], index=["q1", "q2", "q3"]), "b": [0.6, 0.6]}
    cr = rel.composite_reliability(loads)
    assert cr.index.name == "construct"
    assert cr["b"] == pytest.approx(1.44 / (1.44 + 1.28))


def test_loading_errors_name_item():
    with pytest.raises(SurveyError, match=r"Heywood.*1\.05 for item 'q2'"):
        rel.composite_reliability(pd.Series([0.7, 1.05], index=["q1", "q2"]))
    with pytest.raises(SurveyError, match="finite"):
        rel.average_variance_extracted([0.7, np.nan])
    with pytest.raises(SurveyError, match="one value per loading"):
        rel.composite_reliability([0.7, 0.8], error_variances=[0.5])
    with pytest.raises(SurveyError, match="lhs, op, rhs, std_all"):
        rel.composite_reliability(pd.DataFrame({"a": [1]}))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.05, 0.99), min_size=2, max_size=12))
def test_cr_ave_bounds(loads):
    """Both lie in (0, 1); CR >= AVE for positive standardized loadings (Cauchy-Schwarz)."""
    cr = rel.composite_reliability(loads)
    ave = rel.average_variance_extracted(loads)
    assert 0 < ave <= cr < 1


# --------------------------------------------------------------------------------------
# alpha
# --------------------------------------------------------------------------------------
def test_alpha_matches_psych_and_issue(hs):
    """psych::alpha raw_alpha: .6261171319 / .8827069129 / .6884550230 (issue: .6261, .8827)."""
    out = rel.cronbach_alpha(hs, HS_BLOCKS)
    np.testing.assert_allclose(out["alpha"], [0.6261171319, 0.8827069129, 0.6884550230], atol=1e-9)
    assert out["n_items"].tolist() == [3, 3, 3] and out["n"].tolist() == [301] * 3


def test_alpha_ci_is_pingouins_unrounded(hs):
    """The interval equals pingouin.cronbach_alpha's (which rounds to 3 decimals)."""
    out = rel.cronbach_alpha(hs, HS_BLOCKS, level=0.9)
    for name, items in HS_BLOCKS.items():
        a, (lo, hi) = pingouin.cronbach_alpha(hs[items], ci=0.9)
        assert out.loc[name, "alpha"] == pytest.approx(a, abs=1e-12)
        assert out.loc[name, "ci_low"] == pytest.approx(lo, abs=5e-4)
        assert out.loc[name, "ci_high"] == pytest.approx(hi, abs=5e-4)


def test_alpha_pairwise_missing_matches_psych(hs_missing):
    """psych::alpha with NAs (use = 'pairwise'): .6462251530 / .8850136258 / .6884550230."""
    out = rel.cronbach_alpha(hs_missing, HS_BLOCKS, missing="pairwise")
    np.testing.assert_allclose(out["alpha"], [0.6462251530, 0.8850136258, 0.6884550230], atol=1e-9)


def test_alpha_listwise_by_default_matches_pingouin_on_complete_rows(hs_missing):
    """The default (missing='listwise', as everywhere in sxm) is alpha of the respondents who
    answered every item of every block: pingouin.cronbach_alpha of those rows; the deletion
    is announced when it drops more than 5 % of the respondents."""
    pingouin = pytest.importorskip("pingouin")
    items = [c for cols in HS_BLOCKS.values() for c in cols]
    complete = hs_missing.dropna(subset=items)
    dropped = len(hs_missing) - len(complete)
    assert dropped > 0.05 * len(hs_missing)
    with pytest.warns(UserWarning, match=rf"dropped {dropped} of {len(hs_missing)} respondents"):
        out = rel.cronbach_alpha(hs_missing, HS_BLOCKS)
    for name, cols in HS_BLOCKS.items():
        assert out.loc[name, "alpha"] == pytest.approx(pingouin.cronbach_alpha(complete[cols])[0], abs=1e-12)
        assert out.loc[name, "n"] == len(complete)


def test_alpha_list_and_none_blocks(hs):
    items = ["x1", "x2", "x3"]
    by_list = rel.cronbach_alpha(hs, items)
    by_none = rel.cronbach_alpha(hs[items])
    assert by_list.index.tolist() == ["scale"]
    assert by_none.loc["scale", "alpha"] == pytest.approx(0.6261171319, abs=1e-9)


def test_alpha_hand_calculation():
    """Items a=[1,2,3,4], b=[2,2,4,4]: var a = 5/3, var b = 4/3, cov = 4/3; total var = 5/3+4/3+8/3 = 17/3.
    alpha = 2 * (1 - 3 / (17/3)) = 2 * 8/17 = 16/17."""
    d = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4]})
    assert rel.cronbach_alpha(d).loc["scale", "alpha"] == pytest.approx(16 / 17)


# --------------------------------------------------------------------------------------
# omega
# --------------------------------------------------------------------------------------
def test_omega_per_block_matches_semtools(hs):
    """semTools::compRelSEM(cfa('f =~ block')) per block: .6325531644 / .8858809228 / .6961352837."""
    out = rel.omega(hs, HS_BLOCKS)
    np.testing.assert_allclose(out, [0.6325531644, 0.8858809228, 0.6961352837], atol=1e-5)


def test_omega_six_items_not_saturated(hs):
    """A six-item one-factor model (not saturated): compRelSEM = .7032761451."""
    out = rel.omega(hs, [f"x{i}" for i in range(1, 7)])
    assert out["scale"] == pytest.approx(0.7032761451, abs=1e-5)


def test_omega_two_items_equals_alpha():
    """With two items the model assumes equal loadings sqrt(cov); then omega = alpha.
    a = [1, 2, 3, 4], b = [1, 3, 2, 4]: variances 5/3, 5/3, covariance 4/3;
    alpha = 2 * (1 - (10/3) / (18/3)) = 8/9 = omega = (2 sqrt(4/3))^2 / 6."""
    d = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 3, 2, 4]})
    assert rel.omega(d)["scale"] == pytest.approx(8 / 9)
    assert rel.cronbach_alpha(d).loc["scale", "alpha"] == pytest.approx(8 / 9)


def test_omega_invariant_to_units_and_reversed_items(hs):
    """Rescaling every item by the same factor, or shifting items, leaves omega unchanged."""
    items = [c for b in HS_BLOCKS.values() for c in b]
    d = hs.copy()
    d[items] = hs[items] * 10 + 3
    np.testing.assert_allclose(rel.omega(d, HS_BLOCKS), rel.omega(hs, HS_BLOCKS), atol=1e-7)


# --------------------------------------------------------------------------------------
# HTMT
# --------------------------------------------------------------------------------------
def test_htmt2_matches_semtools_and_issue(hs):
    """semTools::htmt(htmt2 = TRUE): .3840885639 / .3867729305 / .2796835510 (issue: .384 .387 .280)."""
    m = rel.htmt(hs, HS_BLOCKS)
    assert m.loc["visual", "textual"] == pytest.approx(0.3840885639, abs=1e-8)
    assert m.loc["visual", "speed"] == pytest.approx(0.3867729305, abs=1e-8)
    assert m.loc["textual", "speed"] == pytest.approx(0.2796835510, abs=1e-8)
    np.testing.assert_allclose(m.to_numpy(), m.to_numpy().T)
    assert (np.diag(m) == 1).all()


def test_htmt_original_matches_semtools(hs):
    """semTools::htmt(htmt2 = FALSE): .4243230424 / .4665497385 / .2895678628."""
    m = rel.htmt(hs, HS_BLOCKS, method="htmt")
    np.testing.assert_allclose(
        [m.loc["visual", "textual"], m.loc["visual", "speed"], m.loc["textual", "speed"]],
        [0.4243230424, 0.4665497385, 0.2895678628],
        atol=1e-8,
    )


def test_htmt_listwise_missing_matches_semtools(hs_missing):
    """semTools::htmt with NAs (missing = 'listwise'): .3703506197 / .3931128761 / .2891120386."""
    m = rel.htmt(hs_missing, HS_BLOCKS)
    np.testing.assert_allclose(
        [m.loc["visual", "textual"], m.loc["visual", "speed"], m.loc["textual", "speed"]],
        [0.3703506197, 0.3931128761, 0.2891120386],
        atol=1e-8,
    )


def test_htmt_hand_calculation():
    """Correlations built by hand: within a: .6, within b: .4, between: .3 and .3 and .3 and .3.
    HTMT = .3 / sqrt(.6 * .4) = 0.6124; HTMT2 identical (all heterotrait correlations equal)."""
    r = np.array([[1, 0.6, 0.3, 0.3], [0.6, 1, 0.3, 0.3], [0.3, 0.3, 1, 0.4], [0.3, 0.3, 0.4, 1]])
    d = pd.DataFrame(_exact_corr(r), columns=["a1", "a2", "b1", "b2"])
    blocks = {"a": ["a1", "a2"], "b": ["b1", "b2"]}
    for method in ("htmt", "htmt2"):
        assert rel.htmt(d, blocks, method=method).loc["a", "b"] == pytest.approx(0.3 / np.sqrt(0.24), abs=1e-10)


def test_pairwise_covariance_equals_pandas(hs_missing):
    """The one-pass pairwise covariance equals DataFrame.cov() (what pingouin and psych use)."""
    frame = hs_missing[[f"x{i}" for i in range(1, 10)]]
    cov, counts = rel._covariance(frame)
    np.testing.assert_allclose(cov, frame.cov().to_numpy(), atol=1e-12)
    assert counts[0, 1] == frame[["x1", "x2"]].dropna().shape[0]


# --------------------------------------------------------------------------------------
# CFA-based: reliability_table and Fornell-Larcker, from lavaan's parameter table
# --------------------------------------------------------------------------------------
def test_reliability_table_with_lavaan_fit_both_conventions(hs):
    """cr/ave from lavaan's own estimates: Fornell-Larcker (.6258/.8850/.6914, .3710/.7195/.4298) and
    semTools' compRelSEM/AVE (.6120/.8851/.6858, .3706/.7210/.4245; issue: AVE .371/.721/.424)."""
    fl = rel.reliability_table(hs, HS_BLOCKS, fit=lavaan_fit())
    assert list(fl.columns) == ["n_items", "n", "alpha", "alpha_ci_low", "alpha_ci_high", "omega", "cr", "ave"]
    np.testing.assert_allclose(fl["cr"], [0.6258384444, 0.8850013355, 0.6913735808], atol=1e-8)
    np.testing.assert_allclose(fl["ave"], [0.3709839872, 0.7195300277, 0.4297924960], atol=1e-8)
    np.testing.assert_allclose(fl["alpha"], [0.6261171319, 0.8827069129, 0.6884550230], atol=1e-9)
    np.testing.assert_allclose(fl["omega"], [0.6325531644, 0.8858809228, 0.6961352837], atol=1e-5)
    st_ = rel.reliability_table(hs, HS_BLOCKS, fit=lavaan_fit(), convention="semtools")
    np.testing.assert_allclose(st_["cr"], [0.6120051511, 0.8850607732, 0.6858416922], atol=1e-6)
    np.testing.assert_allclose(st_["ave"], [0.3705588726, 0.7210162828, 0.4244882926], atol=1e-6)


def test_fornell_larcker_from_lavaan_fit(hs):
    """Diagonal sqrt(FL AVE); off-diagonal lavaan's std.all factor correlations .4585 .4705 .2830."""
    t = rel.fornell_larcker(hs, HS_BLOCKS, fit=lavaan_fit())
    np.testing.assert_allclose(np.diag(t), np.sqrt([0.3709839872, 0.7195300277, 0.4297924960]), atol=1e-8)
    assert t.loc["visual", "textual"] == t.loc["textual", "visual"] == pytest.approx(0.4585093004)
    assert t.loc["textual", "speed"] == pytest.approx(0.2829847304)


def test_fornell_larcker_from_ave_and_correlations():
    ave = pd.Series({"a": 0.64, "b": 0.49})
    r = pd.DataFrame([[1, 0.5], [0.5, 1]], index=["a", "b"], columns=["a", "b"])
    t = rel.fornell_larcker(ave=ave, correlations=r)
    np.testing.assert_allclose(t.to_numpy(), [[0.8, 0.5], [0.5, 0.7]])
    with pytest.raises(SurveyError, match="both ave and correlations"):
        rel.fornell_larcker(ave=ave)
    with pytest.raises(SurveyError, match="construct 'c'"):
        rel.fornell_larcker(ave=pd.Series({"a": 0.5, "c": 0.5}), correlations=r)


def test_blocks_in_lavaan_syntax_give_the_same_table(hs):
    """reliability functions read their blocks from lavaan syntax as from a dict."""
    syntax = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
    pd.testing.assert_frame_equal(rel.reliability_table(hs, syntax), rel.reliability_table(hs, HS_BLOCKS))
    pd.testing.assert_frame_equal(rel.htmt(hs, syntax), rel.htmt(hs, HS_BLOCKS))


# --------------------------------------------------------------------------------------
# bad input: one clear error each
# --------------------------------------------------------------------------------------
def test_bad_blocks(hs):
    with pytest.raises(SurveyError, match=r"blocks\['visual'\].*at least 2 items"):
        rel.htmt(hs, {"visual": ["x1"], "textual": ["x4", "x5"]})
    with pytest.raises(SurveyError, match="'x3'.*one construct only"):
        rel.htmt(hs, {"a": ["x1", "x3"], "b": ["x3", "x4"]})
    with pytest.raises(SurveyError, match=r"blocks\['a'\]: item 'x99' is not a column.*closest columns: 'x9'"):
        rel.omega(hs, {"a": ["x1", "x99"]})
    with pytest.raises(SurveyTypeError, match="blocks"):
        rel.htmt(hs, ["x1", "x2"])
    with pytest.raises(SurveyTypeError, match="DataFrame"):
        rel.omega(hs.to_numpy(), HS_BLOCKS)
    with pytest.raises(SurveyError, match="method"):
        rel.htmt(hs, HS_BLOCKS, method="mean")
    with pytest.raises(SurveyError, match="convention"):
        rel.reliability_table(hs, HS_BLOCKS, convention="lavaan")


def test_constant_and_out_of_scale_items():
    d = pd.DataFrame({"a": [1, 2, 3, 4], "b": [3, 3, 3, 3], "c": [1, 3, 2, 4]})
    with pytest.raises(SurveyError, match="column 'b'.*constant.*every answer is 3"):
        rel.omega(d, {"f": ["a", "b", "c"]})
    with pytest.raises(SurveyError, match="column 'b'.*constant"):
        rel.cronbach_alpha(d, {"f": ["a", "b", "c"]})
    with pytest.raises(SurveyError, match="column 'c'.*scale 1 to 3; found 4"):
        rel.omega(d.assign(b=[1, 2, 2, 1]), {"f": ["c", "b"]}, scale=(1, 3))


def test_caller_data_not_modified(hs_missing):
    before = hs_missing.copy()
    rel.htmt(hs_missing, HS_BLOCKS)
    rel.omega(hs_missing, HS_BLOCKS, missing="pairwise")
    rel.cronbach_alpha(hs_missing, HS_BLOCKS, missing="pairwise")
    pd.testing.assert_frame_equal(hs_missing, before)


# --------------------------------------------------------------------------------------
# real data cross-check
# --------------------------------------------------------------------------------------
def test_servqual_sq_cross_check(reference_data):
    """cSEM's SQ data (411 x 22, scores 0-100), R script section 'cSEM SQ': psych::alpha,
    compRelSEM per block, semTools::htmt (htmt2 = TRUE and FALSE)."""
    sq = pd.read_csv(reference_data("servqual_sq.csv"))
    alpha = rel.cronbach_alpha(sq, SQ_BLOCKS)["alpha"]
    np.testing.assert_allclose(alpha, [0.8162494394, 0.8736971757, 0.8533245761, 0.9195468979, 0.9049748716], atol=1e-9)
    om = rel.omega(sq, SQ_BLOCKS)
    np.testing.assert_allclose(om, [0.8029317457, 0.8836283498, 0.8517985744, 0.9194589926, 0.9080002362], atol=1e-5)
    h2 = rel.htmt(sq, SQ_BLOCKS)
    assert h2.loc["reliability", "responsiveness"] == pytest.approx(0.9326374442, abs=1e-8)
    assert h2.loc["tangibles", "empathy"] == pytest.approx(0.7241964068, abs=1e-8)
    h1 = rel.htmt(sq, SQ_BLOCKS, method="htmt")
    assert h1.loc["responsiveness", "assurance"] == pytest.approx(0.9529836914, abs=1e-8)
    assert h1.loc["tangibles", "reliability"] == pytest.approx(0.6652440351, abs=1e-8)


# --------------------------------------------------------------------------------------
# with the joint CFA fitted by sxm.sem
# --------------------------------------------------------------------------------------
def test_reliability_table_with_sxm_sem_matches_lavaan(hs):
    """CFA fitted by sxm.sem.fit: Fornell-Larcker CR/AVE equal those from lavaan's std.all
    (.6258/.8850/.6914, .3710/.7195/.4298) and semTools' compRelSEM/AVE (.6120/.8851/.6858,
    .3706/.7210/.4245; the issue's AVE .371/.721/.424) to 5e-3."""
    pytest.importorskip("sxm.sem")
    fl = rel.reliability_table(hs, HS_BLOCKS)
    np.testing.assert_allclose(fl["cr"], [0.6258384444, 0.8850013355, 0.6913735808], atol=5e-3)
    np.testing.assert_allclose(fl["ave"], [0.3709839872, 0.7195300277, 0.4297924960], atol=5e-3)
    st_ = rel.reliability_table(hs, HS_BLOCKS, convention="semtools")
    np.testing.assert_allclose(st_["cr"], [0.612, 0.885, 0.686], atol=5e-3)
    np.testing.assert_allclose(st_["ave"], [0.371, 0.721, 0.424], atol=5e-3)
    t = rel.fornell_larcker(hs, HS_BLOCKS)
    np.testing.assert_allclose(
        [t.loc["visual", "textual"], t.loc["visual", "speed"], t.loc["textual", "speed"]],
        [0.4585093004, 0.4705345445, 0.2829847304], atol=5e-3,
    )


def test_reliability_table_sq_cross_check(reference_data):
    """cSEM's SQ data, five-factor CFA (R script section 'cSEM SQ'): Fornell-Larcker CR and AVE
    from lavaan's standardized loadings, and semTools' compRelSEM/AVE, to 5e-3."""
    sem = pytest.importorskip("sxm.sem")
    sq = pd.read_csv(reference_data("servqual_sq.csv"))
    fit = sem.fit(sxm.model.measurement_syntax(SQ_BLOCKS), sq)
    fl = rel.reliability_table(sq, SQ_BLOCKS, fit=fit)
    np.testing.assert_allclose(fl["cr"], [0.8266324370, 0.8746220478, 0.8586896592, 0.9202990116, 0.9075223379], atol=5e-3)
    np.testing.assert_allclose(fl["ave"], [0.5491823416, 0.5872612858, 0.6041979752, 0.7431224664, 0.6644688404], atol=5e-3)
    st_ = rel.reliability_table(sq, SQ_BLOCKS, fit=fit, convention="semtools")
    np.testing.assert_allclose(st_["cr"], [0.8281298419, 0.8818351327, 0.8572050312, 0.9195784133, 0.9012531150], atol=5e-3)
    np.testing.assert_allclose(st_["ave"], [0.5430907793, 0.6138592067, 0.5970594299, 0.7448312116, 0.6589623534], atol=5e-3)


def test_plot_htmt_outlines_pairs_above_threshold(hs):
    """HS HTMT2 values are .28-.39: none outlined at .85, all three at .30 except textual-speed (.280)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    m = rel.htmt(hs, HS_BLOCKS)
    ax = rel.plot_htmt(m)
    assert not [p for p in ax.patches if isinstance(p, Rectangle) and p.get_edgecolor()[0] > 0.8]
    plt.close("all")
    ax = rel.plot_htmt(m, threshold=0.30)
    outlined = [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert len(outlined) == 2
    plt.close("all")
    with pytest.raises(SurveyTypeError):
        rel.plot_htmt(m.to_numpy())


def test_bundled_servqual_against_r():
    """The bundled car_rental_servqual perceptions (0.5 % missing), R script section
    'car_rental_servqual': psych::alpha (pairwise), compRelSEM per block on the 344 complete
    respondents, semTools::htmt (listwise), and Fornell-Larcker CR/AVE of lavaan's CFA."""
    from sxm import datasets, servqual

    d = datasets.load("car_rental_servqual")
    blocks = servqual.item_blocks("P{}")
    alpha = rel.cronbach_alpha(d, blocks, missing="pairwise")["alpha"]
    np.testing.assert_allclose(alpha, [0.8170241127, 0.8821869227, 0.8684652311, 0.8530541227, 0.8565266444], atol=1e-9)
    om = rel.omega(d, blocks)
    np.testing.assert_allclose(om, [0.8125332068, 0.8856677488, 0.8712995148, 0.8580427562, 0.8587980638], atol=1e-5)
    h2 = rel.htmt(d, blocks)
    assert h2.loc["tangibles", "assurance"] == pytest.approx(0.6850675924, abs=1e-8)
    assert h2.loc["reliability", "responsiveness"] == pytest.approx(0.6647237010, abs=1e-8)
    h1 = rel.htmt(d, blocks, method="htmt")
    assert h1.loc["tangibles", "reliability"] == pytest.approx(0.6350248108, abs=1e-8)
    pytest.importorskip("sxm.sem")
    table = rel.reliability_table(d, blocks)
    np.testing.assert_allclose(table["cr"], [0.8088096827, 0.8856594973, 0.8713505746, 0.8575426501, 0.8586916817], atol=5e-3)
    np.testing.assert_allclose(table["ave"], [0.5157329600, 0.6094435703, 0.6288482383, 0.6009447047, 0.5490567007], atol=5e-3)


def test_blocks_accept_glob_patterns(hs):
    """{"visual": "x[1-3]"} is the same block as ["x1", "x2", "x3"]; a pattern matching nothing is an error."""
    by_pattern = rel.htmt(hs, {"visual": "x[1-3]", "textual": ["x[4-6]"]})
    by_list = rel.htmt(hs, {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"]})
    pd.testing.assert_frame_equal(by_pattern, by_list)
    with pytest.raises(SurveyError, match="'z\\*'.*matches no column"):
        rel.omega(hs, {"f": "z*"})
    with pytest.raises(SurveyError, match="at least 2 items"):
        rel.omega(hs, {"f": "x1"})


def test_omega_heywood_case_warns():
    """r12 = r13 = .8, r23 = .5: a one-factor model needs lambda1^2 = .8 * .8 / .5 = 1.28 > 1,
    so the first error variance runs to zero (a Heywood case) and omega warns."""
    r = [[1, 0.8, 0.8], [0.8, 1, 0.5], [0.8, 0.5, 1]]
    d = pd.DataFrame(_exact_corr(r), columns=["a", "b", "c"])
    with pytest.warns(RuntimeWarning, match="Heywood"):
        value = rel.omega(d)["scale"]
    assert 0 < value <= 1


def test_omega_saturated_closed_form():
    """Three items are just identified: lambda_i^2 = r_ij r_ik / r_jk. With r12 = .48, r13 = .40,
    r23 = .30 on unit variances: lambdas = .8, .6, .5 -> omega = 1.9^2 / (3 + 2 * 1.18) = 3.61 / 5.36."""
    r = [[1, 0.48, 0.40], [0.48, 1, 0.30], [0.40, 0.30, 1]]
    d = pd.DataFrame(_exact_corr(r), columns=["a", "b", "c"])
    assert rel.omega(d)["scale"] == pytest.approx(3.61 / 5.36, abs=1e-8)


def test_omega_pairwise_uses_pairwise_covariance(hs_missing):
    """missing='pairwise' fits the one-factor model to DataFrame.cov() of the block."""
    frame = hs_missing[["x1", "x2", "x3"]]
    lam, _, _ = sxm.formulas.one_factor_ml(frame.cov().to_numpy())
    expected = lam.sum() ** 2 / frame.cov().to_numpy().sum()
    assert rel.omega(hs_missing, {"visual": ["x1", "x2", "x3"]}, missing="pairwise")["visual"] == pytest.approx(expected)


# --------------------------------------------------------------------------------------
# one validation pass and one covariance matrix for alpha, omega and the CFA
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("convention", ["fornell-larcker", "semtools"])
@pytest.mark.parametrize("data, missing", [("hs", "listwise"), ("hs", "pairwise"),
                                           ("hs_missing", "listwise"), ("hs_missing", "pairwise")])
def test_reliability_table_cfa_reuses_its_covariance(data, missing, convention, request, monkeypatch):
    """With every answer present (always so after listwise deletion) the CFA is fitted to the
    covariance matrix reliability_table computed for alpha and omega: sxm.sem validates no
    answer a second time. The table equals the one from a CFA fitted to the data (listwise,
    as before) to 1e-8. With pairwise deletion and missing answers the matrix is not that of
    the complete rows, and the CFA is fitted to the data."""
    sem = pytest.importorskip("sxm.sem")
    import sxm.sem._fit as sem_fit

    d = request.getfixturevalue(data)
    reference = rel.reliability_table(d, HS_BLOCKS, fit=sem.fit(sxm.model.measurement_syntax(HS_BLOCKS), d),
                                      missing=missing, convention=convention)
    calls = []
    validate = sem_fit.numeric_items
    monkeypatch.setattr(sem_fit, "numeric_items", lambda *a, **k: calls.append(1) or validate(*a, **k))
    got = rel.reliability_table(d, HS_BLOCKS, missing=missing, convention=convention)
    reuses = data == "hs" or missing == "listwise"
    assert len(calls) == (0 if reuses else 1)
    pd.testing.assert_frame_equal(got, reference, atol=1e-8, rtol=0)


def test_reliability_table_fiml_uses_every_respondent(hs_missing):
    """missing='fiml': alpha and omega from pairwise covariances (cronbach_alpha/omega with
    missing='pairwise', checked against psych above), cr and ave from the CFA fitted by FIML
    (sxm.sem.fit(missing='fiml'), checked against lavaan's missing = 'ml' in test_sem.py)."""
    from sxm import sem

    table = rel.reliability_table(hs_missing, HS_BLOCKS, missing="fiml")
    assert (table["n"] == len(hs_missing)).all()
    pairwise = rel.cronbach_alpha(hs_missing, HS_BLOCKS, missing="pairwise")
    np.testing.assert_allclose(table["alpha"], pairwise["alpha"])
    np.testing.assert_allclose(table["omega"], rel.omega(hs_missing, HS_BLOCKS, missing="pairwise"))
    cfa = sem.fit(sxm.model.measurement_syntax(HS_BLOCKS), hs_missing, missing="fiml")
    np.testing.assert_allclose(table["cr"], cfa.reliability()["cr"])
