"""Generate data/ecsi_simulated.csv: an ECSI-style customer-satisfaction survey with known truth.

300 customers of a (fictitious) mobile-phone operator answer 23 items on a 1-10 scale, drawn
with :func:`sxm.simulate.latent_survey` from a standardized recursive model with the structure
of the European Customer Satisfaction Index (ECSI; Tenenhaus et al. 2005): Image ->
Expectation, Satisfaction, Loyalty; Expectation -> Quality, Value, Satisfaction; Quality ->
Value, Satisfaction; Value -> Satisfaction; Satisfaction -> Complaints, Loyalty; Complaints ->
Loyalty. The item names follow the `mobi` data (IMAG, CUEX, PERQ, PERV, CUSA, CUSCO, CUSL);
answers lean towards the top of the scale, as satisfaction answers do.

Run ``python data/scripts/make_ecsi_simulated.py`` from the project root to rewrite the CSV
bit-for-bit (seed 20261125).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from sxm.simulate import latent_survey

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population import syntax  # noqa: E402

SEED = 20261125
N = 300
OUT = Path(__file__).resolve().parents[1] / "ecsi_simulated.csv"

# standardized loadings
MEASUREMENT = {
    "Image": {"IMAG1": 0.75, "IMAG2": 0.70, "IMAG3": 0.65, "IMAG4": 0.80, "IMAG5": 0.75},
    "Expectation": {"CUEX1": 0.75, "CUEX2": 0.70, "CUEX3": 0.60},
    "Quality": {"PERQ1": 0.80, "PERQ2": 0.70, "PERQ3": 0.80, "PERQ4": 0.75, "PERQ5": 0.75},
    "Value": {"PERV1": 0.85, "PERV2": 0.90},
    "Satisfaction": {"CUSA1": 0.80, "CUSA2": 0.85, "CUSA3": 0.85},
    "Complaints": {"CUSCO1": 0.85, "CUSCO2": 0.80},
    "Loyalty": {"CUSL1": 0.80, "CUSL2": 0.65, "CUSL3": 0.85},
}
# standardized paths {outcome: {predictor: path}}
STRUCTURE = {
    "Expectation": {"Image": 0.50},
    "Quality": {"Expectation": 0.55},
    "Value": {"Expectation": 0.10, "Quality": 0.55},
    "Satisfaction": {"Image": 0.20, "Expectation": 0.05, "Quality": 0.40, "Value": 0.25},
    "Complaints": {"Satisfaction": 0.50},
    "Loyalty": {"Image": 0.20, "Satisfaction": 0.45, "Complaints": 0.10},
}
# cut points on the standard-normal item scale for answers 1..10, leaning to the top
THRESHOLDS = [-2.3, -1.9, -1.5, -1.1, -0.7, -0.3, 0.2, 0.75, 1.35]


def make():
    return latent_survey(syntax(MEASUREMENT, STRUCTURE), n=N, levels=10, thresholds=THRESHOLDS, seed=SEED)


def main() -> None:
    sim = make()
    sim.data.to_csv(OUT, index=False)
    print(f"wrote {OUT} ({len(sim.data)} respondents x {sim.data.shape[1]} items)")


if __name__ == "__main__":
    main()
