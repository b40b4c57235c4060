"""Generate data/acsi_experience.csv: an ACSI-like satisfaction-loyalty survey with known truth.

700 customers of a (fictitious) electronics retailer, 350 who bought online and 350 in a
store (column ``channel``), answer 14 agreement items (1-7). The answers are drawn with
:func:`sxm.simulate.latent_survey` from a standardized recursive model in the spirit of the
American Customer Satisfaction Index (Fornell et al. 1996):

* service quality and the customer experience (correlated .50) drive satisfaction;
* satisfaction drives loyalty, and the experience also acts on loyalty directly
  (so satisfaction only partly mediates the effect of the experience);
* the satisfaction -> loyalty path is stronger online (.55) than in the store (.30), where
  the experience itself weighs more on loyalty (.30 vs .15): the two-group lesson.

Run ``python data/scripts/make_acsi_experience.py`` from the project root; the CSV is
rewritten bit-for-bit (seed 20261125).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sxm.simulate import latent_survey  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population import syntax  # noqa: E402

SEED = 20261125
N_PER_CHANNEL = 350
OUT = ROOT / "data" / "acsi_experience.csv"

MEASUREMENT = {
    "quality": {"sq1": 0.80, "sq2": 0.75, "sq3": 0.70, "sq4": 0.72},
    "experience": {"ex1": 0.78, "ex2": 0.74, "ex3": 0.70, "ex4": 0.66},
    "satisfaction": {"sat1": 0.85, "sat2": 0.82, "sat3": 0.78},
    "loyalty": {"loy1": 0.84, "loy2": 0.80, "loy3": 0.72},
}
CORRELATIONS = {("quality", "experience"): 0.50}
#: true standardized paths by channel
STRUCTURE = {
    "online": {
        "satisfaction": {"quality": 0.30, "experience": 0.45},
        "loyalty": {"satisfaction": 0.55, "experience": 0.15},
    },
    "in-store": {
        "satisfaction": {"quality": 0.30, "experience": 0.45},
        "loyalty": {"satisfaction": 0.30, "experience": 0.30},
    },
}
#: cut points on the standard-normal item scale (answers lean to the top, as in real surveys)
AGREE_7 = [-2.0, -1.4, -0.8, -0.2, 0.5, 1.3]


def make():
    """The survey (DataFrame) and the true parameters by channel."""
    parts, truth = [], []
    for k, (channel, structure) in enumerate(STRUCTURE.items()):
        sim = latent_survey(syntax(MEASUREMENT, structure, CORRELATIONS), n=N_PER_CHANNEL, levels=7,
                            thresholds=AGREE_7, seed=SEED + k)
        parts.append(sim.data.assign(channel=channel))
        truth.append(sim.truth.assign(channel=channel))
    data = pd.concat(parts, ignore_index=True)
    order = np.random.default_rng(SEED).permutation(len(data))
    data = data.iloc[order].reset_index(drop=True)
    data.insert(0, "respondent_id", np.arange(1, len(data) + 1))
    cols = ["respondent_id", "channel"] + [c for c in data.columns if c not in ("respondent_id", "channel")]
    return data[cols], pd.concat(truth, ignore_index=True)


def main() -> None:
    data, _ = make()
    data.to_csv(OUT, index=False)
    print(f"wrote {OUT} ({len(data)} respondents x {data.shape[1]} columns)")


if __name__ == "__main__":
    main()
