"""Write the ordinal data sets that tests/reference/ordinal_reference.R fits with lavaan.

Run from the repository root:  python tests/reference/ordinal_data.py

The CSV files it writes are committed (``tests/reference/ordinal_*.csv``), so the tests and
the R script read the very same answers; running this script again rewrites identical files.

* ``ordinal_hs.csv`` -- Holzinger & Swineford's (1939) nine ability tests (301 pupils, as
  ``lavaan::HolzingerSwineford1939`` and ``semopy.examples.holzinger39``) cut into four
  ordered categories by rank: ``category = 1 + floor(4 * (r - 1) / n)`` with ``r`` the rank
  of the score among the ``n = 301`` pupils, ties sharing the lowest rank (R's
  ``rank(x, ties.method = "min")``, scipy's ``rankdata(method="min")``). Integer
  arithmetic, so no cut point sits on a rounding error.
* ``ordinal_likert5.csv`` -- 500 simulated respondents, three constructs of four 5-point
  items each, answers skewed toward "agree" (``sxm.simulate.latent_survey``, seed 5).
* ``ordinal_likert7.csv`` -- 412 simulated respondents of the 4-factor, 13-item
  satisfaction-loyalty model of ``benchmarks/run.py`` with its four structural paths,
  7-point items skewed toward "agree" (seed 7).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

HERE = Path(__file__).resolve().parent

LIKERT5_MODEL = """
service =~ 0.8*sv1 + 0.75*sv2 + 0.7*sv3 + 0.65*sv4
value =~ 0.75*va1 + 0.7*va2 + 0.7*va3 + 0.6*va4
loyalty =~ 0.85*lo1 + 0.8*lo2 + 0.7*lo3 + 0.55*lo4
service ~~ 0.5*value + 0.6*loyalty
value ~~ 0.4*loyalty
"""
LIKERT5_THRESHOLDS = [-2.0, -1.2, -0.3, 0.8]

LIKERT7_MODEL = """
quality =~ 0.75*q1 + 0.75*q2 + 0.7*q3 + 0.8*q4
value =~ 0.7*v1 + 0.75*v2 + 0.65*v3
satisfaction =~ 0.8*s1 + 0.85*s2 + 0.75*s3
loyalty =~ 0.75*l1 + 0.8*l2 + 0.7*l3
value ~ 0.5*quality
satisfaction ~ 0.4*quality + 0.3*value
loyalty ~ 0.6*satisfaction
"""
LIKERT7_THRESHOLDS = [-2.2, -1.6, -1.0, -0.4, 0.3, 1.1]


def hs_ordinal() -> pd.DataFrame:
    from semopy.examples import holzinger39

    hs = holzinger39.get_data()
    out = {}
    for col in [f"x{i}" for i in range(1, 10)]:
        rank = stats.rankdata(hs[col].to_numpy(), method="min").astype(np.int64)
        out[col] = 1 + (4 * (rank - 1)) // len(hs)
    return pd.DataFrame(out)


def likert5() -> pd.DataFrame:
    from sxm.simulate import latent_survey

    return latent_survey(LIKERT5_MODEL, n=500, levels=5, thresholds=LIKERT5_THRESHOLDS, seed=5).data


def likert7() -> pd.DataFrame:
    from sxm.simulate import latent_survey

    return latent_survey(LIKERT7_MODEL, n=412, levels=7, thresholds=LIKERT7_THRESHOLDS, seed=7).data


def main() -> None:
    for name, frame in (("hs", hs_ordinal()), ("likert5", likert5()), ("likert7", likert7())):
        path = HERE / f"ordinal_{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        print(f"{path.name}: {frame.shape[0]} rows x {frame.shape[1]} items")


if __name__ == "__main__":
    main()
