"""Generate data/car_rental_servqual.csv: a SERVQUAL survey of a car-rental company.

400 renters (business or leisure travellers) answer the 22 SERVQUAL statements twice on a
1-7 agreement scale: what an excellent car-rental company should offer (expectations
``E1``-``E22``) and what this company offers (perceptions ``P1``-``P22``). They split 100
points over the five dimensions by importance (``W_tangibles`` ... ``W_empathy``) and rate
their overall satisfaction (``overall``, 1-7). A random subsample of 160 renters also gave
the lowest level they would accept (adequate service, ``A1``-``A22``) and the level they
wish for (desired service, ``D1``-``D22``); the others have these columns empty.

Known truth (drawn with :func:`sxm.simulate.latent_survey`, one call per segment):

* constructs: five perception dimensions, five expectation dimensions, one adequate and one
  desired service level (exogenous, correlations in ``CORRELATIONS``) and satisfaction,
  ``satisfaction ~ perceptions (+ a small negative effect of reliability expectations)``
  with the standardized paths in ``STRUCTURE``; the ``overall`` item loads 0.90 on it;
* standardized loadings in ``LOADINGS`` (perceptions 0.70-0.85, expectations 0.60-0.75,
  adequate/desired 0.65);
* mean answers: items are cut at thresholds 0.55 apart on the latent scale, shifted so that
  each item's expected answer equals its target: the dimension means in ``E_MEAN``,
  ``P_MEAN``, ``ADEQUATE_MEAN``, ``DESIRED_MEAN`` plus the item offsets ``ITEM_OFFSET``;
  business renters expect 0.3 more on reliability and responsiveness;
* weights: Dirichlet(40 x share) points per respondent, shares in ``WEIGHT_SHARE`` by
  segment, rounded to whole points summing to 100 (largest remainder);
* 0.5 % of the answers are missing completely at random.

Run ``python data/scripts/make_car_rental_servqual.py`` from the project root to rewrite the
CSV bit-for-bit (seed 20261125).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize, stats

from sxm.servqual import DIMENSIONS
from sxm.simulate import latent_survey

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population import syntax  # noqa: E402

SEED = 20261125
N = {"business": 160, "leisure": 240}
N_TOLERANCE = 160
MISSING = 0.005
OUT = Path(__file__).resolve().parents[1] / "car_rental_servqual.csv"

DIMS = list(DIMENSIONS)
E_MEAN = {"tangibles": 5.5, "reliability": 6.2, "responsiveness": 5.9, "assurance": 6.1, "empathy": 5.6}
P_MEAN = {"tangibles": 5.4, "reliability": 5.1, "responsiveness": 4.8, "assurance": 5.5, "empathy": 4.9}
ADEQUATE_MEAN = {"tangibles": 4.3, "reliability": 5.4, "responsiveness": 5.1, "assurance": 4.8, "empathy": 4.4}
DESIRED_MEAN = {"tangibles": 5.8, "reliability": 6.6, "responsiveness": 6.3, "assurance": 6.3, "empathy": 5.9}
BUSINESS_EXTRA_E = {"reliability": 0.3, "responsiveness": 0.3}
ITEM_OFFSET = dict(zip(range(1, 23), [
    0.1, -0.1, 0.2, -0.2,             # tangibles
    0.1, -0.1, 0.0, 0.15, -0.15,      # reliability
    0.1, -0.2, 0.1, 0.0,              # responsiveness
    0.1, 0.1, -0.1, -0.1,             # assurance
    0.2, -0.3, 0.0, 0.1, 0.0,         # empathy
]))
SPACING = 0.55

P_LOADING = dict(zip(range(1, 23), [
    0.75, 0.80, 0.70, 0.72,
    0.82, 0.78, 0.85, 0.80, 0.70,
    0.76, 0.84, 0.80, 0.74,
    0.80, 0.75, 0.78, 0.82,
    0.72, 0.70, 0.80, 0.76, 0.78,
]))
E_LOADING = dict(zip(range(1, 23), [
    0.65, 0.70, 0.60, 0.62,
    0.72, 0.70, 0.75, 0.72, 0.65,
    0.70, 0.74, 0.70, 0.66,
    0.72, 0.68, 0.70, 0.72,
    0.66, 0.60, 0.70, 0.68, 0.70,
]))
TOLERANCE_LOADING = 0.65
OVERALL_LOADING = 0.90

STRUCTURE = {
    "satisfaction": {
        "P_tangibles": 0.10, "P_reliability": 0.30, "P_responsiveness": 0.20,
        "P_assurance": 0.15, "P_empathy": 0.15, "E_reliability": -0.10,
    }
}

WEIGHT_SHARE = {
    "business": {"tangibles": 0.08, "reliability": 0.34, "responsiveness": 0.26, "assurance": 0.18, "empathy": 0.14},
    "leisure": {"tangibles": 0.14, "reliability": 0.30, "responsiveness": 0.18, "assurance": 0.20, "empathy": 0.18},
}
WEIGHT_CONCENTRATION = 40


def _correlations() -> dict:
    """Correlations among the exogenous constructs (see the module docstring)."""
    corr = {}
    for i, a in enumerate(DIMS):
        for b in DIMS[i + 1:]:
            corr[(f"P_{a}", f"P_{b}")] = 0.70 if {a, b} == {"reliability", "responsiveness"} else 0.60
            corr[(f"E_{a}", f"E_{b}")] = 0.55
    for a in DIMS:
        for b in DIMS:
            corr[(f"E_{a}", f"P_{b}")] = 0.20 if a == b else 0.10
        corr[(f"E_{a}", "adequate")] = 0.45
        corr[(f"E_{a}", "desired")] = 0.50
        corr[(f"P_{a}", "adequate")] = 0.10
        corr[(f"P_{a}", "desired")] = 0.10
    corr[("adequate", "desired")] = 0.50
    return corr


CORRELATIONS = _correlations()


def measurement() -> dict:
    meas = {}
    for d, items in DIMENSIONS.items():
        meas[f"E_{d}"] = {f"E{i}": E_LOADING[i] for i in items}
    for d, items in DIMENSIONS.items():
        meas[f"P_{d}"] = {f"P{i}": P_LOADING[i] for i in items}
    meas["satisfaction"] = {"overall": OVERALL_LOADING}
    meas["adequate"] = {f"A{i}": TOLERANCE_LOADING for i in range(1, 23)}
    meas["desired"] = {f"D{i}": TOLERANCE_LOADING for i in range(1, 23)}
    return meas


def cut_points(target: float, levels: int = 7) -> np.ndarray:
    """Thresholds SPACING apart whose expected answer on a N(0, 1) item equals ``target``."""
    base = SPACING * (np.arange(1, levels) - levels / 2)

    def mean(shift):
        return 1 + stats.norm.sf(base - shift).sum() - target

    shift = optimize.brentq(mean, -6, 6, xtol=1e-12)
    return base - shift


def thresholds(segment: str) -> dict:
    out = {}
    for d, items in DIMENSIONS.items():
        for i in items:
            e = E_MEAN[d] + ITEM_OFFSET[i] + (BUSINESS_EXTRA_E.get(d, 0.0) if segment == "business" else 0.0)
            out[f"E{i}"] = cut_points(e)
            out[f"P{i}"] = cut_points(P_MEAN[d] + ITEM_OFFSET[i])
            out[f"A{i}"] = cut_points(ADEQUATE_MEAN[d] + ITEM_OFFSET[i])
            out[f"D{i}"] = cut_points(DESIRED_MEAN[d] + ITEM_OFFSET[i])
    out["overall"] = cut_points(5.0)
    return out


def _allocate(shares: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw 100-point allocations (rows sum to 100, whole points) around ``shares``."""
    n = shares.shape[0]
    draw = rng.gamma(WEIGHT_CONCENTRATION * shares, 1.0)
    points = 100 * draw / draw.sum(axis=1, keepdims=True)
    whole = np.floor(points)
    short = (100 - whole.sum(axis=1)).astype(int)
    order = np.argsort(-(points - whole), axis=1, kind="stable")
    rank = np.empty_like(order)
    rank[np.arange(n)[:, None], order] = np.arange(points.shape[1])
    return (whole + (rank < short[:, None])).astype(int)


def make() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    meas = measurement()
    parts = []
    for k, (segment, n) in enumerate(N.items()):
        sim = latent_survey(syntax(meas, STRUCTURE, CORRELATIONS), n=n, levels=7,
                            thresholds=thresholds(segment), missing=MISSING, seed=SEED + k)
        part = sim.data.copy()
        part.insert(0, "segment", segment)
        shares = np.tile([WEIGHT_SHARE[segment][d] for d in DIMS], (n, 1))
        weights = _allocate(shares, rng)
        for j, d in enumerate(DIMS):
            part[f"W_{d}"] = weights[:, j]
        parts.append(part)
    df = pd.concat(parts, ignore_index=True)
    df = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    df.insert(0, "respondent", np.arange(1, len(df) + 1))
    tolerance = np.zeros(len(df), dtype=bool)
    tolerance[rng.choice(len(df), size=N_TOLERANCE, replace=False)] = True
    zone_cols = [f"{b}{i}" for b in "AD" for i in range(1, 23)]
    df.loc[~tolerance, zone_cols] = np.nan
    cols = (["respondent", "segment"] + [f"E{i}" for i in range(1, 23)] + [f"P{i}" for i in range(1, 23)]
            + [f"W_{d}" for d in DIMS] + ["overall"] + zone_cols)
    df = df[cols]
    answers = [c for c in cols if c not in ("respondent", "segment") and not c.startswith("W_")]
    df[answers] = df[answers].astype("Int64")
    return df


def truth() -> pd.DataFrame:
    """Target mean answer per item and battery (population of this design) and true loadings."""
    share = {s: n / sum(N.values()) for s, n in N.items()}
    rows = []
    for d, items in DIMENSIONS.items():
        for i in items:
            e = E_MEAN[d] + ITEM_OFFSET[i] + share["business"] * BUSINESS_EXTRA_E.get(d, 0.0)
            rows.append({"item": i, "dimension": d, "expectation": e, "perception": P_MEAN[d] + ITEM_OFFSET[i],
                         "adequate": ADEQUATE_MEAN[d] + ITEM_OFFSET[i], "desired": DESIRED_MEAN[d] + ITEM_OFFSET[i],
                         "loading_p": P_LOADING[i], "loading_e": E_LOADING[i]})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    make().to_csv(OUT, index=False, lineterminator="\n")
    print(f"wrote {OUT} ({sum(N.values())} respondents)")
