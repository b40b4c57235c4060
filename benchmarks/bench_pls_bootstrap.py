"""Benchmark (issue 8): B = 5,000 bootstrap resamples of the ECSI PLS model at n = 250.

Target: at most 10 s on 2 cores. Uses the mobi data when ../shared/reference-data is there,
otherwise 250 respondents of the bundled ecsi_simulated data (same model, 23 items).

    .venv/bin/python benchmarks/bench_pls_bootstrap.py [n_jobs]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

import sxm
from sxm import pls

PATHS = [
    ("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
    ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
    ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
    ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty"),
]
BLOCKS = {"Image": "IMAG*", "Expectation": "CUEX*", "Quality": "PERQ*", "Value": "PERV*",
          "Satisfaction": "CUSA*", "Complaints": "CUSCO*", "Loyalty": "CUSL*"}


def main() -> None:
    n_jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    mobi = Path(__file__).resolve().parents[2] / "shared" / "reference-data" / "ecsi_mobi.csv"
    data = pd.read_csv(mobi) if mobi.exists() else sxm.datasets.load("ecsi_simulated").iloc[:250]
    start = time.perf_counter()
    res = pls.fit(data, BLOCKS, PATHS, bootstrap=5000, seed=1, n_jobs=n_jobs, progress=False)
    elapsed = time.perf_counter() - start
    source = "mobi" if mobi.exists() else "ecsi_simulated"
    print(f"PLS bootstrap B=5000, n={len(data)} ({source}), n_jobs={n_jobs}: {elapsed:.2f} s "
          f"({'within' if elapsed <= 10 else 'OVER'} the 10 s target); "
          f"failed resamples: {int(res.boot.isna().any(axis=1).sum())}")


if __name__ == "__main__":
    main()
