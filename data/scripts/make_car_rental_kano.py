"""Generate data/car_rental_kano.csv: a Kano survey of a car-rental service.

400 renters (business or leisure travellers) answer, for each of 10 service attributes, the
functional question ("If the service offers <attribute>, how do you feel?"), the
dysfunctional question ("If it does not ...") on the Kano scale 1 = I like it, 2 = it must be
that way, 3 = I am neutral, 4 = I can live with it, 5 = I dislike it, and a self-stated
importance from 1 (not at all important) to 9 (extremely important).

Known truth: every respondent first draws a true Kano category per attribute from the
probabilities in ``TRUTH`` (which differ between the two segments), then an answer pair of
that category from ``PAIRS`` (the cells of the evaluation table, with fixed weights), and an
importance around ``IMPORTANCE[category]``. About 2 % of the Kano answers and 3 % of the
importance answers are missing at random.

Run ``python data/scripts/make_car_rental_kano.py`` from the project root to rewrite the CSV
bit-for-bit (seed 20261125).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261125
N = 400
SEGMENTS = {"business": 0.4, "leisure": 0.6}
OUT = Path(__file__).resolve().parents[1] / "car_rental_kano.csv"
CATS = ("A", "O", "M", "I", "R", "Q")

# True category probabilities (A, O, M, I, R, Q) per attribute and segment.
TRUTH = {
    "online_booking": {"business": (0.05, 0.20, 0.55, 0.15, 0.02, 0.03), "leisure": (0.10, 0.20, 0.45, 0.20, 0.02, 0.03)},
    "one_click_reservation": {"business": (0.45, 0.20, 0.05, 0.25, 0.02, 0.03), "leisure": (0.36, 0.08, 0.07, 0.44, 0.02, 0.03)},
    "fast_pickup": {"business": (0.10, 0.50, 0.25, 0.10, 0.02, 0.03), "leisure": (0.20, 0.35, 0.15, 0.25, 0.02, 0.03)},
    "clean_car": {"business": (0.03, 0.15, 0.65, 0.12, 0.02, 0.03), "leisure": (0.05, 0.15, 0.60, 0.15, 0.02, 0.03)},
    "transparent_price": {"business": (0.05, 0.35, 0.45, 0.10, 0.02, 0.03), "leisure": (0.05, 0.45, 0.35, 0.10, 0.02, 0.03)},
    "free_upgrade": {"business": (0.55, 0.08, 0.02, 0.30, 0.02, 0.03), "leisure": (0.55, 0.08, 0.02, 0.30, 0.02, 0.03)},
    "mobile_key": {"business": (0.50, 0.15, 0.03, 0.25, 0.04, 0.03), "leisure": (0.25, 0.04, 0.03, 0.55, 0.10, 0.03)},
    "easy_return": {"business": (0.10, 0.40, 0.35, 0.10, 0.02, 0.03), "leisure": (0.10, 0.40, 0.35, 0.10, 0.02, 0.03)},
    "child_seat": {"business": (0.05, 0.03, 0.02, 0.80, 0.07, 0.03), "leisure": (0.05, 0.25, 0.30, 0.35, 0.02, 0.03)},
    "loyalty_points": {"business": (0.35, 0.10, 0.03, 0.45, 0.04, 0.03), "leisure": (0.15, 0.05, 0.02, 0.70, 0.05, 0.03)},
}

# Answer pairs (functional, dysfunctional) of each category and their weights.
PAIRS = {
    "A": {(1, 2): 0.15, (1, 3): 0.50, (1, 4): 0.35},
    "O": {(1, 5): 1.0},
    "M": {(2, 5): 0.35, (3, 5): 0.40, (4, 5): 0.25},
    "I": {(3, 3): 0.40, (2, 3): 0.10, (3, 4): 0.15, (4, 3): 0.10, (2, 2): 0.05, (2, 4): 0.05, (4, 4): 0.10,
          (3, 2): 0.03, (4, 2): 0.02},
    "R": {(5, 1): 0.30, (5, 2): 0.10, (5, 3): 0.20, (3, 1): 0.20, (2, 1): 0.05, (4, 1): 0.10, (5, 4): 0.05},
    "Q": {(1, 1): 0.60, (5, 5): 0.40},
}

# Self-stated importance (1-9): mean by true category, sd 1.2, rounded and clipped.
IMPORTANCE = {"A": 5.5, "O": 7.2, "M": 7.8, "I": 3.5, "R": 3.0, "Q": 5.0}
IMPORTANCE_SD = 1.2
P_MISSING_KANO = 0.02
P_MISSING_IMPORTANCE = 0.03


def make(seed: int = SEED, n: int = N) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    segment = rng.choice(list(SEGMENTS), size=n, p=list(SEGMENTS.values()))
    columns: dict[str, np.ndarray] = {"respondent": np.arange(1, n + 1), "segment": segment}
    for attribute, by_segment in TRUTH.items():
        category = np.empty(n, dtype=np.intp)
        for seg, probs in by_segment.items():  # loops over attributes and segments, not respondents
            rows = segment == seg
            category[rows] = rng.choice(len(CATS), size=int(rows.sum()), p=probs)
        func = np.zeros(n, dtype=float)
        dysf = np.zeros(n, dtype=float)
        for c, cat in enumerate(CATS):
            rows = category == c
            cells = list(PAIRS[cat])
            pick = rng.choice(len(cells), size=int(rows.sum()), p=list(PAIRS[cat].values()))
            pairs = np.array(cells)[pick]
            func[rows], dysf[rows] = pairs[:, 0], pairs[:, 1]
        mean = np.array([IMPORTANCE[c] for c in CATS])[category]
        importance = np.clip(np.rint(rng.normal(mean, IMPORTANCE_SD)), 1, 9)
        func[rng.random(n) < P_MISSING_KANO] = np.nan
        dysf[rng.random(n) < P_MISSING_KANO] = np.nan
        importance[rng.random(n) < P_MISSING_IMPORTANCE] = np.nan
        columns[f"{attribute}_func"] = func
        columns[f"{attribute}_dysf"] = dysf
        columns[f"{attribute}_imp"] = importance
    df = pd.DataFrame(columns)
    answers = [c for c in df.columns if c not in ("respondent", "segment")]
    df[answers] = df[answers].astype("Int64")
    return df


def truth() -> pd.DataFrame:
    """True category probabilities per segment and for the whole population (mixture)."""
    rows = []
    for attribute, by_segment in TRUTH.items():
        mix = sum(np.array(p) * SEGMENTS[s] for s, p in by_segment.items())
        for seg, probs in [*by_segment.items(), ("all", mix)]:
            rows.append({"attribute": attribute, "segment": seg, **dict(zip(CATS, np.round(probs, 3)))})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    make().to_csv(OUT, index=False, lineterminator="\n")
    print(f"wrote {OUT} ({N} respondents)")
