"""Generate data/service_experience.csv: a service-experience survey with known truth.

Three services (dental clinic, cinema, airline), 200 respondents each. Within each service
the answers come from one standardized latent model (``sxm.simulate.latent_survey``):

* four correlated elements of the service experience (employees, facilities, customers,
  process; corr .30 between elements) and a general expectation level (corr .20 with each
  element), all exogenous;
* satisfaction ~ the four elements (weights that differ by service, see ``WEIGHTS``)
  - 0.15 expectation (higher expectations, lower satisfaction at equal performance);
* loyalty ~ 0.70 satisfaction.

Items: 3 perception items per element, one expectation item per element, 3 satisfaction and
3 loyalty items (1-7 agreement), plus single items that load on one construct: ``csat``
(1-5, on satisfaction), ``nps`` (0-10 likelihood to recommend, on loyalty) and ``ces``
(1-7 effort, higher = more effort, loads negatively on process). Services differ in their
element means (``MEANS``, in latent standard deviations); endogenous means follow the paths.

Run from the repository root: ``python data/scripts/make_service_experience.py``; the CSV
is rewritten bit-for-bit (fixed seed).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sxm.simulate import latent_survey, likert  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population import syntax  # noqa: E402

SEED = 2026
N_PER_SEGMENT = 200
ELEMENTS = ["employees", "facilities", "customers", "process"]
PREFIX = {"employees": "emp", "facilities": "fac", "customers": "cus", "process": "pro"}

MEASUREMENT = {
    "employees": {"emp1": 0.80, "emp2": 0.75, "emp3": 0.70},
    "facilities": {"fac1": 0.80, "fac2": 0.70, "fac3": 0.75},
    "customers": {"cus1": 0.75, "cus2": 0.70, "cus3": 0.65},
    "process": {"pro1": 0.80, "pro2": 0.75, "pro3": 0.70, "ces": -0.60},
    "expectation": {"emp_exp": 0.60, "fac_exp": 0.60, "cus_exp": 0.60, "pro_exp": 0.60},
    "satisfaction": {"sat1": 0.85, "sat2": 0.80, "sat3": 0.75, "csat": 0.80},
    "loyalty": {"loy1": 0.80, "loy2": 0.75, "loy3": 0.70, "nps": 0.85},
}

#: true standardized paths satisfaction ~ element, by service
WEIGHTS = {
    "dental clinic": {"employees": 0.45, "facilities": 0.15, "customers": 0.05, "process": 0.25},
    "cinema": {"employees": 0.10, "facilities": 0.45, "customers": 0.25, "process": 0.10},
    "airline": {"employees": 0.20, "facilities": 0.30, "customers": 0.10, "process": 0.35},
}
EXPECTATION_PATH = -0.15
LOYALTY_PATH = 0.70

#: latent means of the exogenous constructs by service (standard-deviation units)
MEANS = {
    "dental clinic": {"employees": 0.40, "facilities": 0.10, "customers": 0.00, "process": -0.20, "expectation": 0.30},
    "cinema": {"employees": -0.10, "facilities": 0.40, "customers": -0.30, "process": 0.20, "expectation": 0.00},
    "airline": {"employees": 0.10, "facilities": -0.30, "customers": 0.10, "process": -0.40, "expectation": 0.20},
}

CORRELATIONS = {(a, b): 0.30 for i, a in enumerate(ELEMENTS) for b in ELEMENTS[i + 1:]}
CORRELATIONS |= {(e, "expectation"): 0.20 for e in ELEMENTS}

#: cut points on the standard-normal item scale (answers skew positive, as in real surveys)
AGREE_7 = [-2.0, -1.4, -0.8, -0.2, 0.5, 1.3]
EXPECT_7 = [-2.4, -1.9, -1.3, -0.6, 0.2, 1.1]
EFFORT_7 = [-0.9, -0.2, 0.4, 0.9, 1.4, 1.9]
CSAT_5 = [-1.8, -1.1, -0.4, 0.6]
NPS_11 = [-2.3, -2.0, -1.7, -1.4, -1.1, -0.8, -0.52, -0.1, 0.25, 0.9]

COLUMNS = (
    ["respondent_id", "segment"]
    + [f"{PREFIX[e]}{k}" for e in ELEMENTS for k in (1, 2, 3)]
    + [f"{PREFIX[e]}_exp" for e in ELEMENTS]
    + ["sat1", "sat2", "sat3", "loy1", "loy2", "loy3", "nps", "csat", "ces"]
)


def structure(segment: str) -> dict:
    return {
        "satisfaction": WEIGHTS[segment] | {"expectation": EXPECTATION_PATH},
        "loyalty": {"satisfaction": LOYALTY_PATH},
    }


def latent_means(segment: str) -> dict[str, float]:
    """Means of every construct: exogenous from MEANS, endogenous propagated along the paths."""
    mu = dict(MEANS[segment])
    for outcome, preds in structure(segment).items():  # satisfaction before loyalty
        mu[outcome] = sum(b * mu[p] for p, b in preds.items())
    return mu


def simulate_segment(segment: str, rng: np.random.Generator) -> pd.DataFrame:
    sim = latent_survey(
        syntax(MEASUREMENT, structure(segment), CORRELATIONS), n=N_PER_SEGMENT, levels=None, seed=rng
    )
    mu = latent_means(segment)
    shift = {item: lam * mu[c] for c, items in MEASUREMENT.items() for item, lam in items.items()}
    cont = sim.data + pd.Series(shift)
    cuts = {i: AGREE_7 for c in ELEMENTS + ["satisfaction", "loyalty"] for i in MEASUREMENT[c]}
    cuts |= {i: EXPECT_7 for i in MEASUREMENT["expectation"]}
    seven = [i for i in cuts if i not in {"csat", "nps", "ces"}]
    out = likert(cont[seven], 7, {i: cuts[i] for i in seven})
    out["csat"] = likert(cont["csat"], 5, CSAT_5)
    out["nps"] = likert(cont["nps"], 11, NPS_11, low=0)
    out["ces"] = likert(cont["ces"], 7, EFFORT_7)
    out.insert(0, "segment", segment)
    return out


def make() -> pd.DataFrame:
    seeds = np.random.SeedSequence(SEED).spawn(len(WEIGHTS) + 1)
    parts = [simulate_segment(s, np.random.default_rng(ss)) for s, ss in zip(WEIGHTS, seeds)]
    df = pd.concat(parts, ignore_index=True)
    order = np.random.default_rng(seeds[-1]).permutation(len(df))  # interleave the services
    df = df.iloc[order].reset_index(drop=True)
    df.insert(0, "respondent_id", np.arange(1, len(df) + 1))
    return df[COLUMNS]


if __name__ == "__main__":
    target = ROOT / "data" / "service_experience.csv"
    make().to_csv(target, index=False, lineterminator="\n")
    print(f"wrote {target.relative_to(ROOT)}")
