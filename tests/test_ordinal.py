"""Tests of sxm.ordinal (thresholds, polychoric correlations, their asymptotic covariance).

Reference numbers come from ``tests/reference/ordinal_reference.R`` (lavaan 0.6-14's
``lavCor`` and ``lavInspect(fit, "gamma")``, semTools 0.5-6) on the data written by
``tests/reference/ordinal_data.py``: Holzinger & Swineford's nine tests cut into four ordered
categories by rank (``ordinal_hs.csv``), and two simulated Likert surveys with 5-point
(``ordinal_likert5.csv``) and 7-point (``ordinal_likert7.csv``) items. lavaan's own
estimates are accurate to about 1e-8 (its optimizer's tolerance); the tests ask for 1e-6.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import sxm
from sxm import ordinal
from sxm.io import SurveyError, SurveyTypeError

REF = Path(__file__).resolve().parent / "reference"
HS = pd.read_csv(REF / "ordinal_hs.csv")
L5 = pd.read_csv(REF / "ordinal_likert5.csv")
L7 = pd.read_csv(REF / "ordinal_likert7.csv")

# ---- numbers printed by tests/reference/ordinal_reference.R ---------------------------
# lower triangles column by column (lavaan's order), thresholds item by item
POLY_HS = np.array([
    0.30670544, 0.38364815, 0.42939540, 0.34772740, 0.35528078, 0.04920735, 0.18197199, 0.40461395, 0.31865137,
    0.21944220, 0.29385973, 0.23964649, -0.03306556, 0.07213057, 0.22624083, 0.14523133, 0.10344124, 0.15522175,
    0.05405209, 0.17389184, 0.32736417, 0.71616859, 0.71084801, 0.16710420, 0.06111392, 0.23286937, 0.78329978,
    0.04970701, 0.10231477, 0.28715701, 0.11931814, 0.09733506, 0.16410743, 0.47944449, 0.34138967, 0.45202914
])

TH_HS = np.array([
    -0.60549447, 0.11266140, 0.70886974, -0.52726922, 0.18001237, 0.74136566, -0.58560716, 0.11266140, 0.68761644,
    -0.59552137, 0.18001237, 0.74136566, -0.57575018, 0.11266140, 0.67710574, -0.57575018, 0.02082068, 0.73044818,
    -0.57575018, 0.01249183, 0.67710574, -0.65630499, 0.01249183, 0.67710574, -0.64601070, 0.03748328, 0.67710574
])

POLY_L5 = np.array([
    0.56329093, 0.51808788, 0.44555486, 0.21951964, 0.30385384, 0.30845359, 0.30526390, 0.33382240, 0.31010740,
    0.23347761, 0.17919828, 0.50394335, 0.41447817, 0.22070809, 0.26523550, 0.26899776, 0.26131620, 0.31381658,
    0.30124934, 0.22614927, 0.16158296, 0.38120876, 0.17640685, 0.24052103, 0.26161055, 0.22758641, 0.33524280,
    0.33643698, 0.14581850, 0.21075570, 0.14880689, 0.13983015, 0.26492302, 0.26356906, 0.28534425, 0.28244608,
    0.22310013, 0.12856795, 0.53333301, 0.52162963, 0.46140314, 0.29297229, 0.22892808, 0.21398812, 0.18198893,
    0.52362235, 0.38800073, 0.15629185, 0.18079552, 0.16551103, 0.09790889, 0.42079284, 0.28204290, 0.29960836,
    0.21325718, 0.16342675, 0.24037644, 0.25717877, 0.18464731, 0.09436961, 0.64576204, 0.53620485, 0.43610793,
    0.51657504, 0.36739240, 0.35350111
])

TH_L5 = np.array([
    -1.97736843, -1.14550506, -0.37454350, 0.77219321, -2.40891555, -1.22652812, -0.31600330, 0.74544955,
    -2.05374891, -1.25908398, -0.29499199, 0.77219321, -2.19728638, -1.35317415, -0.38532047, 0.79261872,
    -2.05374891, -1.14550506, -0.31073775, 0.78577383, -2.19728638, -1.31651872, -0.28453554, 0.80642125,
    -1.85217986, -1.12639113, -0.28975981, 0.73884685, -1.88079361, -1.08031934, -0.27931903, 0.85599599,
    -2.19728638, -1.31651872, -0.35311797, 0.77896556, -2.19728638, -1.21596042, -0.40157070, 0.81338039,
    -2.01409081, -1.32853933, -0.43439724, 0.77896556, -1.97736843, -1.40507156, -0.39072570, 0.67448975
])

POLY_L7 = np.array([
    0.53995871, 0.50633070, 0.55625489, 0.25985865, 0.20978945, 0.20480014, 0.14893825, 0.23419132, 0.19501537,
    0.11862787, 0.11506696, 0.08413976, 0.49633649, 0.60027816, 0.29330322, 0.25677526, 0.18805985, 0.24987141,
    0.29386010, 0.28106979, 0.10361956, 0.11475943, 0.09298002, 0.52815170, 0.22136902, 0.29018178, 0.19056038,
    0.24705670, 0.28418035, 0.26089393, 0.13570320, 0.06276474, 0.08086916, 0.18620952, 0.20822105, 0.15163190,
    0.28809681, 0.31039748, 0.28648297, 0.14705433, 0.15593209, 0.15067736, 0.52258867, 0.43392365, 0.18691472,
    0.27589633, 0.27038022, 0.13127455, 0.13486500, 0.14168785, 0.46384922, 0.22985984, 0.30702232, 0.23039830,
    0.08713551, 0.10535183, 0.11813080, 0.16326872, 0.22360269, 0.20673200, 0.03948950, 0.05164656, 0.08077373,
    0.69812043, 0.59381764, 0.37921399, 0.39702574, 0.33591631, 0.60317054, 0.43265783, 0.45936324, 0.38106122,
    0.33273948, 0.42100378, 0.32820704, 0.56365653, 0.51589084, 0.59396275
])

TH_L7 = np.array([
    -2.18177404, -1.63551207, -1.02402124, -0.38008342, 0.38663138, 1.16821898, -2.01705935, -1.59081825,
    -0.99366015, -0.33468320, 0.43295351, 1.23066923, -2.44306518, -1.61276250, -1.05535688, -0.39319595,
    0.33468320, 1.16821898, -2.33741770, -1.63551207, -0.91684608, -0.28362337, 0.33468320, 1.13283975, -2.25279869,
    -1.47290483, -0.96418845, -0.36053565, 0.36703591, 1.25704356, -2.25279869, -1.73622379, -0.93553130,
    -0.37355171, 0.38008342, 1.32712898, -2.25279869, -1.52920516, -0.87147446, -0.33468320, 0.30267714, 1.09882442,
    -2.12030203, -1.59081825, -0.89847562, -0.21457705, 0.41299313, 1.14447383, -2.18177404, -1.56961437,
    -0.95454899, -0.29631401, 0.35405059, 1.08776463, -2.44306518, -1.50990385, -0.98374132, -0.34758038,
    0.28362337, 1.07683632, -2.06593146, -1.52920516, -0.81928933, -0.28362337, 0.41962793, 1.24374825, -2.12030203,
    -1.40441880, -0.84509419, -0.26467202, 0.48706313, 1.16821898, -2.12030203, -1.59081825, -0.95454899,
    -0.34112470, 0.34112470, 1.15626491
])

POLY_L5_PAIRWISE = np.array([
    0.56972882, 0.53437788, 0.43430426, 0.22167585, 0.30368494, 0.31858790, 0.32653063, 0.34887842, 0.30381641,
    0.24878544, 0.20638819, 0.52309921, 0.39053972, 0.22940465, 0.26656903, 0.25501655, 0.23924423, 0.30838106,
    0.30833736, 0.21630313, 0.17508727, 0.37498219, 0.17064675, 0.24771097, 0.25391993, 0.18890058, 0.34894046,
    0.32470773, 0.15183064, 0.25222588, 0.16884515, 0.16609779, 0.24870022, 0.25454376, 0.28385259, 0.24820026,
    0.21987494, 0.12878952, 0.52862929, 0.52968396, 0.48995183, 0.30052516, 0.22433539, 0.20814711, 0.18904892,
    0.52969987, 0.37490246, 0.12907845, 0.16187349, 0.15546042, 0.08125813, 0.42445704, 0.28295791, 0.29021869,
    0.24096751, 0.15089717, 0.25925591, 0.24729366, 0.19727823, 0.07365080, 0.64502772, 0.52462304, 0.44210542,
    0.49353645, 0.35381178, 0.31893610
])

POLY_L5_LISTWISE = np.array([
    0.52791076, 0.54882919, 0.38334855, 0.24974824, 0.33119599, 0.33080618, 0.33508477, 0.36548026, 0.33200388,
    0.22487475, 0.21827513, 0.45251005, 0.27136241, 0.17830418, 0.21426565, 0.14937747, 0.25056596, 0.23701607,
    0.22955716, 0.12848315, 0.12472244, 0.28594128, 0.11774769, 0.23061936, 0.19187680, 0.18810106, 0.40242346,
    0.31607484, 0.20503666, 0.31506999, 0.14302883, 0.15271942, 0.26782710, 0.26194318, 0.19389079, 0.18030969,
    0.16642889, 0.04273675, 0.41583717, 0.51038776, 0.50186026, 0.35620427, 0.29459669, 0.22876040, 0.19379725,
    0.51934918, 0.35313433, 0.13715499, 0.24969160, 0.21818802, 0.00275797, 0.43396181, 0.31006227, 0.32320279,
    0.24015700, 0.10277317, 0.28559558, 0.31975856, 0.24672337, 0.12496560, 0.62807719, 0.50257184, 0.44768420,
    0.42907697, 0.28561156, 0.30352932
])

TETRA = np.array([
    0.45660116, 0.00383883, 0.37993490, 0.17190316, 0.21949296, 0.28285046
])

GAMMA_HS_DIAG = np.array([
    1.79691457, 1.57806037, 1.88993222, 1.73904685, 1.58941794, 1.92345578, 1.78123410, 1.57806037, 1.86915792,
    1.78896620, 1.58941794, 1.92345578, 1.77371190, 1.57806037, 1.85921030, 1.77371190, 1.57104379, 1.91195070,
    1.77371190, 1.57088540, 1.85921030, 1.84014478, 1.57088540, 1.85921030, 1.83100860, 1.57159853, 1.85921030,
    1.09125168, 1.01755333, 0.90584925, 1.10214283, 1.05233218, 1.28495489, 1.38482377, 0.90989447, 1.15758519,
    1.20942628, 1.15173151, 1.15014543, 1.37372006, 1.44239758, 1.29391436, 1.27914649, 1.28100689, 1.27787712,
    1.45079723, 1.22988937, 1.17104599, 0.39168838, 0.46994969, 1.37201108, 1.33244346, 1.21434671, 0.24234490,
    1.35252847, 1.31691092, 1.09529940, 1.30384839, 1.33104901, 1.27823368, 0.91187935, 1.05416901, 0.93337242
])

GAMMA_HS_ROW40 = np.array([
    0.01024391, 0.06589323, -0.06885763, -0.01231623, 0.00307717, 0.01529352, -0.06379127, 0.08745010, 0.04687634,
    -0.03438221, -0.09333375, -0.18562557, -0.10209665, -0.06128969, -0.07864067, 0.04066612, -0.00761446,
    0.02237525, -0.01247944, 0.01115686, 0.01458484, -0.04382528, -0.07742037, 0.01742417, 0.03551328, 0.03697451,
    -0.03322108, 0.05377621, 0.04017526, 0.00934931, 0.06446132, -0.00118187, 0.33656998, 0.15103958, 0.15434587,
    -0.00456157, 0.24424384, 0.10466758, 0.14046224, 1.37372006, 0.56823562, 0.39951122, 0.10905025, 0.12833908,
    0.11322416, 0.28041248, 0.11095583, 0.14202167, 0.00331517, -0.02636725, 0.22124384, 0.10372990, 0.09141225,
    0.00323951, 0.30805380, 0.07716618, 0.11076056, 0.29844559, 0.17544275, 0.17781335, 0.11626528, 0.21482946,
    0.02692952
])

TETRA_ZERO_CELL = 0.999  # lavaan stops at its bound

# compRelSEM(fit, ord.scale = TRUE) (Green & Yang's omega), compRelSEM(fit, tau.eq = TRUE,
# ord.scale = FALSE) (ordinal alpha) and AVE(fit) of the WLSMV CFAs (ordinal_reference.R, section 4)
OMEGA_CAT_HS = {"visual": 0.54665573, "textual": 0.85882102, "speed": 0.62456209}
ALPHA_ORD_HS = {"visual": 0.60323015, "textual": 0.89358271, "speed": 0.68856440}
OMEGA_CAT_L5 = {"service": 0.75137716, "value": 0.76028615, "loyalty": 0.74704044}
ALPHA_ORD_L5 = {"service": 0.78083539, "value": 0.78336700, "loyalty": 0.78413287}
OMEGA_CAT_CR = {
    "tangibles": 0.81277952,
    "reliability": 0.88264505,
    "responsiveness": 0.86891473,
    "assurance": 0.85694120,
    "empathy": 0.85699514,
}
ALPHA_ORD_CR = {
    "tangibles": 0.83431015,
    "reliability": 0.89632920,
    "responsiveness": 0.88555682,
    "assurance": 0.88020644,
    "empathy": 0.87574322,
}
AVE_HS = {"visual": 0.35506574, "textual": 0.74054772, "speed": 0.44383955}
AVE_CR = {
    "tangibles": 0.56100693,
    "reliability": 0.63952710,
    "responsiveness": 0.65937506,
    "assurance": 0.64827739,
    "empathy": 0.58566892,
}


def lower(frame):
    """The lower triangle of a correlation matrix column by column (lavaan's vech order)."""
    m = np.asarray(frame)
    rows, cols = np.tril_indices(len(m), -1)
    order = np.lexsort((rows, cols))
    return m[rows[order], cols[order]]


def l5_with_holes():
    """likert5 with answers deleted by the R script's rule: respondent r loses item j when
    (7 r + 3 j) mod 23 == 0 (both counted from 1)."""
    d = L5.astype(float)
    r = np.arange(1, len(d) + 1)
    for j, col in enumerate(d.columns, start=1):
        d.loc[(7 * r + 3 * j) % 23 == 0, col] = np.nan
    return d


# --------------------------------------------------------------------------------------
# the bivariate normal distribution
# --------------------------------------------------------------------------------------
def test_bivariate_normal_cdf_matches_scipy_everywhere():
    """Against scipy's multivariate normal (Genz's algorithm too), including |rho| near 1."""
    rng = np.random.default_rng(11)
    x, y = rng.normal(size=300) * 2, rng.normal(size=300) * 2
    rho = np.concatenate([rng.uniform(-0.9, 0.9, 200), rng.uniform(0.925, 0.99999, 50),
                          -rng.uniform(0.925, 0.99999, 50)])
    ref = [stats.multivariate_normal(cov=[[1, r], [r, 1]]).cdf([a, b]) for a, b, r in zip(x, y, rho)]
    np.testing.assert_allclose(ordinal.bivariate_normal_cdf(x, y, rho), ref, atol=1e-12)


def test_bivariate_normal_cdf_limits():
    """Hand calculations: Sheppard's 1/4 + asin(rho)/(2 pi) at the origin, rho = +-1, infinities."""
    assert ordinal.bivariate_normal_cdf(0, 0, 0.3) == pytest.approx(0.25 + np.arcsin(0.3) / (2 * np.pi), abs=1e-15)
    assert ordinal.bivariate_normal_cdf(1.0, 2.0, 1.0) == pytest.approx(stats.norm.cdf(1.0), abs=1e-15)
    assert ordinal.bivariate_normal_cdf(1.0, 2.0, -1.0) == pytest.approx(stats.norm.cdf(1) + stats.norm.cdf(2) - 1)
    assert ordinal.bivariate_normal_cdf(1.0, -2.0, -1.0) == 0.0
    np.testing.assert_allclose(ordinal.bivariate_normal_cdf([np.inf, 0.4, -np.inf], [0.4, np.inf, 3.0], 0.5),
                               [stats.norm.cdf(0.4), stats.norm.cdf(0.4), 0.0], atol=1e-15)


# --------------------------------------------------------------------------------------
# thresholds and polychoric correlations
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("data, poly, th", [(HS, POLY_HS, TH_HS), (L5, POLY_L5, TH_L5), (L7, POLY_L7, TH_L7)],
                         ids=["hs-4", "likert-5", "likert-7"])
def test_polychoric_and_thresholds_match_lavcor(data, poly, th):
    """lavCor(d, ordered = names(d)) and lavCor(..., output = "th") (ordinal_reference.R, section 1)."""
    r = sxm.reliability.polychoric(data, list(data.columns))
    assert list(r.columns) == list(data.columns)
    np.testing.assert_allclose(lower(r), poly, atol=1e-6)
    np.testing.assert_allclose(np.diag(r), 1.0)
    st_ = ordinal.ordinal_statistics(data, acov=False)
    np.testing.assert_allclose(np.concatenate(st_.thresholds), th, atol=1e-7)
    assert st_.threshold_table()["threshold"].iloc[:2].tolist() == ["t1", "t2"]


def test_thresholds_by_hand():
    """A hand calculation: thresholds are the normal quantiles of the cumulative proportions."""
    d = pd.DataFrame({"a": [1, 1, 2, 2, 2, 3, 3, 3, 3, 3], "b": [1, 2, 1, 2, 1, 2, 1, 2, 1, 2]})
    st_ = ordinal.ordinal_statistics(d, acov=False)
    np.testing.assert_allclose(st_.thresholds[0], stats.norm.ppf([0.2, 0.5]))
    np.testing.assert_allclose(st_.thresholds[1], [0.0], atol=1e-15)
    assert [c.tolist() for c in st_.counts] == [[2, 3, 5], [5, 5]]


def test_polychoric_pairwise_and_listwise_match_lavcor():
    """lavCor(missing = "pairwise") and the default listwise deletion on likert5 with holes."""
    d = l5_with_holes()
    np.testing.assert_allclose(lower(ordinal.polychoric(d, missing="pairwise")), POLY_L5_PAIRWISE, atol=1e-6)
    with pytest.warns(UserWarning, match="listwise deletion dropped"):
        np.testing.assert_allclose(lower(ordinal.polychoric(d)), POLY_L5_LISTWISE, atol=1e-6)


def test_tetrachoric_matches_lavcor():
    """Binary items (HS items dichotomized at category 3) and lavaan's 0.5 added to one empty cell."""
    b = (HS[["x1", "x4", "x7", "x9"]] >= 3).astype(int)
    np.testing.assert_allclose(lower(ordinal.polychoric(b)), TETRA, atol=1e-6)
    z = b[["x1", "x4"]].copy()
    z.loc[(z["x1"] == 1) & (z["x4"] == 0), "x4"] = 1
    with pytest.warns(RuntimeWarning, match="nearly"):
        r = ordinal.polychoric(z)
    assert r.iloc[0, 1] == pytest.approx(TETRA_ZERO_CELL, abs=1e-9)  # lavaan's bound 0.999


def test_flat_likelihood_stops_quietly():
    """A table that leaves rho anywhere below about -0.85 equally likely (the log-likelihood
    changes by less than 1e-8 there): lavCor stops at -0.845 where its optimizer's relative
    change falls below 1e-10, sxm a little further on the same plateau; no warning either way."""
    counts = {(1, 3): 5, (2, 3): 3, (3, 1): 4, (3, 2): 2, (3, 3): 139}
    cells = [cell for cell, k in counts.items() for _ in range(k)]
    d = pd.DataFrame(cells, columns=["a", "b"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = ordinal.polychoric(d).iloc[0, 1]
    assert -0.99 < r <= -0.845


def test_polychoric_of_continuous_truth_recovers_it():
    """Simulation check: items cut from bivariate normal data recover the true correlation."""
    rng = np.random.default_rng(3)
    z = rng.multivariate_normal([0, 0], [[1, 0.6], [0.6, 1]], size=20_000)
    d = pd.DataFrame({"a": sxm.simulate.likert(z[:, 0], 5), "b": sxm.simulate.likert(z[:, 1], 7)})
    assert ordinal.polychoric(d).iloc[0, 1] == pytest.approx(0.6, abs=0.015)


def test_ordered_categorical_declares_the_categories():
    """An ordered pandas Categorical is read with its declared categories (R's ordered factor)."""
    levels = ["disagree", "neutral", "agree"]
    d = pd.DataFrame({"a": pd.Categorical(["agree", "neutral", "agree", "disagree"] * 5, categories=levels,
                                          ordered=True),
                      "b": [3, 2, 3, 1, 2, 2, 3, 1, 3, 2, 1, 3, 3, 2, 3, 1, 3, 2, 2, 1]})
    st_ = ordinal.ordinal_statistics(d, acov=False)
    assert st_.levels[0].tolist() == levels
    as_numbers = d.assign(a=d["a"].cat.codes + 1)
    pd.testing.assert_frame_equal(ordinal.polychoric(d), ordinal.polychoric(as_numbers))


# --------------------------------------------------------------------------------------
# the asymptotic covariance (Gamma)
# --------------------------------------------------------------------------------------
def test_gamma_matches_lavaan():
    """lavInspect(fit, "gamma") of a WLSMV fit (Muthen 1984): its diagonal and one full row."""
    st_ = ordinal.ordinal_statistics(HS)
    assert st_.gamma.shape == (63, 63)
    assert st_.labels[0] == "x1|t1" and st_.labels[39] == "x7~~x2"
    np.testing.assert_allclose(np.diag(st_.gamma), GAMMA_HS_DIAG, atol=1e-6)
    np.testing.assert_allclose(st_.gamma[39], GAMMA_HS_ROW40, atol=1e-6)
    np.testing.assert_allclose(st_.gamma, st_.gamma.T, atol=1e-12)


def test_gamma_diagonal_from_tables_equals_the_full_matrix():
    """The diagonal computed from the contingency tables equals that of the full Gamma."""
    full = ordinal.ordinal_statistics(L7)
    diag = ordinal.ordinal_statistics(L7, acov="diagonal")
    assert diag.gamma is None
    np.testing.assert_allclose(diag.gamma_diagonal, np.diag(full.gamma), rtol=1e-12)


def test_recompute_on_a_resample():
    """recompute() on the respondents' own codes gives the same statistics; an empty category fails."""
    st_ = ordinal.ordinal_statistics(HS, acov="diagonal")
    again = st_.recompute(st_.codes)
    np.testing.assert_allclose(again.correlations, st_.correlations, atol=1e-9)
    np.testing.assert_allclose(again.gamma_diagonal, st_.gamma_diagonal, rtol=1e-9)
    with pytest.raises(SurveyError, match=r"'x1'.*empty"):
        st_.recompute(st_.codes[st_.codes[:, 0] > 0])


# --------------------------------------------------------------------------------------
# categorical reliability: ordinal alpha and Green & Yang's omega (semTools' compRelSEM)
# --------------------------------------------------------------------------------------
HS_BLOCKS = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}
L5_BLOCKS = {"service": ["sv1", "sv2", "sv3", "sv4"], "value": ["va1", "va2", "va3", "va4"],
             "loyalty": ["lo1", "lo2", "lo3", "lo4"]}
CR_BLOCKS = {"tangibles": ["P1", "P2", "P3", "P4"], "reliability": ["P5", "P6", "P7", "P8", "P9"],
             "responsiveness": ["P10", "P11", "P12", "P13"], "assurance": ["P14", "P15", "P16", "P17"],
             "empathy": ["P18", "P19", "P20", "P21", "P22"]}


@pytest.mark.parametrize("data, blocks, omega, alpha", [
    (HS, HS_BLOCKS, OMEGA_CAT_HS, ALPHA_ORD_HS),
    (L5, L5_BLOCKS, OMEGA_CAT_L5, ALPHA_ORD_L5),
    (None, CR_BLOCKS, OMEGA_CAT_CR, ALPHA_ORD_CR),
], ids=["hs", "likert5", "car-rental"])
def test_reliability_table_ordered_matches_semtools(data, blocks, omega, alpha):
    """reliability_table(ordered=True): omega_categorical = compRelSEM(fit) (ord.scale = TRUE)
    and alpha_ordinal = compRelSEM(fit, tau.eq = TRUE, ord.scale = FALSE) of the WLSMV CFA."""
    if data is None:
        data = sxm.datasets.load("car_rental_servqual")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # car_rental: listwise deletion of 56 renters
        table = sxm.reliability.reliability_table(data, blocks, ordered=True)
    assert list(table.columns[-4:]) == ["alpha_ordinal", "omega_categorical", "cr", "ave"]
    pd.testing.assert_series_equal(table["omega_categorical"], pd.Series(omega, name="omega_categorical"),
                                   check_names=False, atol=1e-6)
    pd.testing.assert_series_equal(table["alpha_ordinal"], pd.Series(alpha, name="alpha_ordinal"),
                                   check_names=False, atol=1e-6)


@pytest.mark.parametrize("data, blocks, omega, ave", [(HS, HS_BLOCKS, OMEGA_CAT_HS, AVE_HS),
                                                       (None, CR_BLOCKS, OMEGA_CAT_CR, AVE_CR)],
                         ids=["hs", "car-rental"])
def test_reliability_table_ordered_semtools_convention(data, blocks, omega, ave):
    """convention="semtools": cr is compRelSEM(fit) (its default ord.scale = TRUE) and ave is
    AVE(fit) (the polychoric correlations as observed variances: the mean squared standardized
    loading, as Fornell & Larcker)."""
    if data is None:
        data = sxm.datasets.load("car_rental_servqual")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        st_ = sxm.reliability.reliability_table(data, blocks, ordered=True, convention="semtools")
        fl = sxm.reliability.reliability_table(data, blocks, ordered=True)
    np.testing.assert_allclose(st_["cr"], list(omega.values()), atol=1e-6)
    np.testing.assert_allclose(st_["ave"], list(ave.values()), atol=1e-6)
    np.testing.assert_allclose(fl["ave"], list(ave.values()), atol=1e-6)


def test_reliability_table_ordered_uses_a_given_wlsmv_fit():
    """A WLSMV fit given as fit= is used; an ML fit (no thresholds) is refused."""
    model = "\n".join(f"{k} =~ {' + '.join(v)}" for k, v in HS_BLOCKS.items())
    fit = sxm.sem.fit(model, HS, estimator="WLSMV")
    table = sxm.reliability.reliability_table(HS, HS_BLOCKS, ordered=True, fit=fit)
    np.testing.assert_allclose(table["omega_categorical"], list(OMEGA_CAT_HS.values()), atol=1e-6)
    with pytest.raises(SurveyError, match=r"fit: ordered=True needs a CFA .*estimator='WLSMV'"):
        sxm.reliability.reliability_table(HS, HS_BLOCKS, ordered=True, fit=sxm.sem.fit(model, HS))


def test_categorical_omega_by_hand():
    """A hand calculation for binary items: with one threshold each, the numerator's terms are
    Phi2(t, t; common) - Phi(t)^2 (covariances of the 0/1 answers), the denominator's the same
    with the polychoric (here: model) correlations, 1 on the diagonal (variances p(1 - p))."""
    lam = np.array([0.7, 0.6])
    tau = [np.array([0.2]), np.array([-0.4])]
    r = np.array([[1.0, 0.42], [0.42, 1.0]])
    cdf = stats.norm.cdf([0.2, -0.4])
    cov_common = lambda i, j, c: stats.multivariate_normal(cov=[[1, c], [c, 1]]).cdf([tau[i][0], tau[j][0]])
    num = sum(cov_common(i, j, lam[i] * lam[j]) - cdf[i] * cdf[j] for i in range(2) for j in range(2))
    den = sum(cdf[i] * (1 - cdf[i]) for i in range(2)) + 2 * (cov_common(0, 1, 0.42) - cdf[0] * cdf[1])
    assert ordinal.categorical_omega(np.outer(lam, lam), tau, r) == pytest.approx(num / den, abs=1e-10)


# --------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------
def test_empty_category_after_listwise_deletion_is_lavaans_error():
    """lavaan stops with 'some categories of variable x1 are empty ... frequencies are [...]'
    (ordinal_reference.R, section 5); so does sxm, naming the category and every frequency."""
    e = HS.astype(float)
    e.loc[e["x1"] == 1, "x2"] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the listwise deletion's warning
        with pytest.raises(SurveyError, match=r"column 'x1': answer category 1 is empty after listwise deletion.*"
                                              r"\[1: 0, 2: 82, 3: 65, 4: 72\]"):
            ordinal.polychoric(e)
    levels = ["no", "maybe", "yes"]
    d = pd.DataFrame({"a": pd.Categorical(["no", "yes"] * 5, categories=levels, ordered=True), "b": [1, 2] * 5})
    with pytest.raises(SurveyError, match=r"'a': answer category maybe is empty.*no: 5, maybe: 0, yes: 5"):
        ordinal.polychoric(d)


def test_bad_input():
    with pytest.raises(SurveyError, match=r"'x1'.*at least 2 answer categories"):
        ordinal.polychoric(HS.assign(x1=3))
    with pytest.raises(SurveyError, match=r"at least 2 items"):
        ordinal.polychoric(HS, ["x1"])
    with pytest.raises(SurveyError, match=r"missing: must be one of"):
        ordinal.polychoric(HS, missing="fiml")
    with pytest.raises(SurveyTypeError, match=r"unordered categorical"):
        ordinal.polychoric(HS.assign(x1=HS["x1"].astype("category")))
    with pytest.raises(SurveyError, match=r"'x2'.*numbers"):
        ordinal.polychoric(HS.assign(x2="often"))
    with pytest.raises(SurveyError, match=r"acov"):
        ordinal.ordinal_statistics(HS, acov="full")


def test_data_not_modified():
    d = l5_with_holes()
    before = d.copy()
    ordinal.polychoric(d, missing="pairwise")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # listwise deletion
        ordinal.ordinal_statistics(d)
    pd.testing.assert_frame_equal(d, before)


# --------------------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6), st.floats(-0.8, 0.8))
def test_polychoric_properties(seed, levels, rho):
    """A correlation matrix: symmetric, unit diagonal, entries in [-0.999, 0.999], and
    invariant to relabelling the categories by any increasing map."""
    rng = np.random.default_rng(seed)
    z = rng.multivariate_normal([0, 0, 0], [[1, rho, 0.3], [rho, 1, 0.2], [0.3, 0.2, 1]], size=300)
    d = pd.DataFrame(sxm.simulate.likert(z, levels), columns=["a", "b", "c"])
    if (d.nunique() < 2).any():
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        r = ordinal.polychoric(d).to_numpy()
        r2 = ordinal.polychoric(d * 10 + 3).to_numpy()
    np.testing.assert_allclose(r, r.T)
    np.testing.assert_allclose(np.diag(r), 1.0)
    assert np.all(np.abs(r[np.tril_indices(3, -1)]) <= 0.999 + 1e-12)
    np.testing.assert_allclose(r, r2, atol=1e-12)
