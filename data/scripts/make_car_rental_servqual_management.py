"""Generate data/car_rental_servqual_management.csv: the management survey for SERVQUAL gap 1.

40 managers of the car-rental company of ``car_rental_servqual`` (``role``: 12 station
managers, 20 shift supervisors, 8 head-office managers) answer the 22 SERVQUAL expectation
statements (``E1``-``E22``, 1-7) *as they believe their customers would answer them*.
Comparing these answers with the customers' own expectations measures gap 1 of the 5-GAP
model (management's perception of customer expectations).

Known truth: answers are drawn with :func:`sxm.simulate.latent_survey` from the expectation
part of the customer model (five correlated expectation dimensions, the same loadings) and
cut so that each item's expected answer is the customers' population mean plus the
management bias ``BIAS`` of its dimension: managers overrate how much customers care about
tangibles and underrate reliability, responsiveness and empathy. 0.5 % of the answers are
missing completely at random.

Run ``python data/scripts/make_car_rental_servqual_management.py`` from the project root to
rewrite the CSV bit-for-bit (seed 20261126).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from sxm.servqual import DIMENSIONS
from sxm.simulate import latent_survey

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population import syntax  # noqa: E402

SEED = 20261126
ROLES = {"station manager": 12, "shift supervisor": 20, "head office": 8}
MISSING = 0.005
OUT = Path(__file__).resolve().parents[1] / "car_rental_servqual_management.csv"
BIAS = {"tangibles": 0.4, "reliability": -0.3, "responsiveness": -0.7, "assurance": 0.0, "empathy": -0.5}


def _customer_model():
    """The customer generator (same folder), for its loadings, correlations and cut points."""
    path = Path(__file__).resolve().parent / "make_car_rental_servqual.py"
    spec = importlib.util.spec_from_file_location("make_car_rental_servqual", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make() -> pd.DataFrame:
    cust = _customer_model()
    meas = {f"E_{d}": {f"E{i}": cust.E_LOADING[i] for i in items} for d, items in DIMENSIONS.items()}
    corr = {pair: r for pair, r in cust.CORRELATIONS.items() if pair[0] in meas and pair[1] in meas}
    truth = cust.truth().set_index("item")
    cuts = {f"E{i}": cust.cut_points(truth.loc[i, "expectation"] + BIAS[truth.loc[i, "dimension"]])
            for i in truth.index}
    n = sum(ROLES.values())
    sim = latent_survey(syntax(meas, None, corr), n=n, levels=7, thresholds=cuts, missing=MISSING, seed=SEED)
    df = sim.data.astype("Int64")
    rng = np.random.default_rng(SEED)
    roles = np.repeat(list(ROLES), list(ROLES.values()))
    df.insert(0, "role", roles[rng.permutation(n)])
    df.insert(0, "manager", np.arange(1, n + 1))
    return df


if __name__ == "__main__":
    make().to_csv(OUT, index=False, lineterminator="\n")
    print(f"wrote {OUT} ({sum(ROLES.values())} managers)")
