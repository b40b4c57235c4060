"""Generate data/car_rental_journey.csv: a car-rental customer journey survey.

One row per respondent x touchpoint (tidy journey table, see ``sxm.journey``). 300 renters
rate 12 touchpoints from searching for a car to giving feedback: what they expected and
what they got (1-7), how it felt (-3..+3), how much it mattered (1-7), and some leave a
comment written from templates (about one in ten in Chinese).

Known truth built in: the pick-up wait at the counter is the weak touchpoint (true gap -1.8,
emotion well below neutral); the final bill is mildly weak (surprise fees, true gap -0.6);
the app's express pick-up is fine. Roadside help is met only by the 15% who needed it, and
8% skip the feedback survey.

Run ``python data/scripts/make_car_rental_journey.py`` from the project root to rewrite the
CSV bit-for-bit (seed 20261125).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261125
N = 300
OUT = Path(__file__).resolve().parents[1] / "car_rental_journey.csv"

# order, stage, touchpoint, expectation mean, true gap, extra emotion, importance mean
TOUCHPOINTS = [
    (1, "search", "find a car", 5.0, 0.3, 0.3, 4.2),
    (2, "search", "compare prices", 5.2, 0.1, 0.0, 5.0),
    (3, "book", "make a booking", 5.6, 0.2, 0.3, 5.3),
    (4, "book", "booking confirmation", 5.5, 0.4, 0.2, 4.0),
    (5, "pick up", "pick-up wait", 5.4, None, 0.0, 6.1),  # gap depends on channel
    (6, "pick up", "vehicle handover", 5.5, 0.25, 0.2, 5.9),
    (7, "drive", "car condition", 5.7, 0.3, 0.5, 6.4),
    (8, "drive", "roadside help", 5.8, -0.3, -0.3, 6.0),
    (9, "return", "drop-off", 5.5, 0.3, 0.3, 4.8),
    (10, "return", "damage inspection", 5.4, 0.1, -0.1, 5.2),
    (11, "pay", "final bill", 5.6, -0.6, -0.4, 6.2),
    (12, "feedback", "feedback survey", 4.2, 0.2, 0.0, 2.8),
]
PICKUP_GAP = {"counter": -1.8, "app": 0.2}
PICKUP_EMOTION = {"counter": -1.0, "app": 0.6}

NEGATIVE = {
    "find a car": ["the search filters are confusing", "too few cars shown for my dates", "搜索结果太少"],
    "compare prices": ["prices change between pages", "hard to compare insurance options", "价格对比不清楚"],
    "make a booking": ["the booking form is too long", "had to enter my licence twice", "预订流程太复杂"],
    "booking confirmation": ["the confirmation email came late", "confirmation lacked the pick-up address"],
    "pick-up wait": ["long queue at the counter", "waited 40 minutes in the queue", "only one agent at the counter",
                      "long wait at the counter after a long flight", "the queue was not moving", "取车排队时间太长",
                      "柜台排队等了很久"],
    "vehicle handover": ["the agent rushed through the handover", "nobody explained the car", "交车说明太快"],
    "car condition": ["the car was not clean", "warning light on the dashboard", "车内不干净"],
    "roadside help": ["roadside help took hours to arrive", "the hotline kept me waiting", "道路救援到达太慢"],
    "drop-off": ["drop-off area hard to find", "no staff at the drop-off"],
    "damage inspection": ["charged for a scratch that was already there", "inspection was too strict"],
    "final bill": ["surprise fees on the final bill", "fuel charge was not explained", "the bill had hidden fees",
                   "账单有隐藏费用"],
    "feedback survey": ["the survey was too long", "nobody answered my feedback"],
}
POSITIVE = {
    "find a car": ["easy to find a car", "great choice of cars"],
    "compare prices": ["clear price comparison", "transparent prices"],
    "make a booking": ["booking took two minutes", "smooth booking in the app", "预订很方便"],
    "booking confirmation": ["instant confirmation", "clear confirmation email"],
    "pick-up wait": ["express pick-up with the app was quick", "no waiting with the digital key", "用手机取车很快"],
    "vehicle handover": ["friendly and helpful agent", "quick handover"],
    "car condition": ["clean new car", "the car was in great shape", "车很新很干净"],
    "roadside help": ["help arrived quickly", "friendly hotline staff"],
    "drop-off": ["quick drop-off", "easy return"],
    "damage inspection": ["fair inspection", "quick inspection"],
    "final bill": ["bill as quoted", "no surprises on the bill"],
    "feedback survey": ["short survey", "they replied to my feedback"],
}


def main() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    resp = pd.DataFrame({"respondent": np.arange(1, N + 1)})
    resp["digital"] = np.where(rng.random(N) < 0.6, "web", "app")
    # web bookers mostly queue at the counter; app users mostly take express pick-up
    p_counter = np.where(resp["digital"] == "web", 0.75, 0.2)
    resp["pickup"] = np.where(rng.random(N) < p_counter, "counter", "app")
    resp["exp_level"] = rng.normal(0, 0.5, N)  # some people expect more of everything
    resp["mood"] = rng.normal(0, 0.4, N)
    resp["needed_help"] = rng.random(N) < 0.15
    resp["gave_feedback"] = rng.random(N) < 0.92

    tp = pd.DataFrame(TOUCHPOINTS, columns=["order", "stage", "touchpoint", "exp_mean", "gap", "emo", "imp_mean"])
    df = resp.merge(tp, how="cross")
    keep = ((df["touchpoint"] != "roadside help") | df["needed_help"]) & (
        (df["touchpoint"] != "feedback survey") | df["gave_feedback"])
    df = df[keep].reset_index(drop=True)

    tpn = df["touchpoint"]
    channel = df["digital"].copy()
    physical = tpn.isin(["vehicle handover", "car condition", "drop-off", "damage inspection"])
    channel[physical] = "in person"
    channel[tpn == "roadside help"] = "phone"
    pick = tpn == "pick-up wait"
    channel[pick] = df.loc[pick, "pickup"]
    channel[(tpn == "vehicle handover") & (df["pickup"] == "counter")] = "counter"
    df["channel"] = channel

    gap = df["gap"].astype(float)
    gap[pick] = df.loc[pick, "pickup"].map(PICKUP_GAP)
    emo = df["emo"].astype(float)
    emo[pick] = df.loc[pick, "pickup"].map(PICKUP_EMOTION)

    m = len(df)
    e_latent = df["exp_mean"] + df["exp_level"] + rng.normal(0, 0.7, m)
    p_latent = e_latent + gap + rng.normal(0, 0.9, m)
    df["expectation"] = np.clip(np.rint(e_latent), 1, 7).astype(int)
    df["perception"] = np.clip(np.rint(p_latent), 1, 7).astype(int)
    feel = 0.7 * (p_latent - e_latent) + emo + df["mood"] + rng.normal(0, 0.7, m)
    df["emotion"] = np.clip(np.rint(feel), -3, 3).astype(int)
    df["importance"] = np.clip(np.rint(df["imp_mean"] + rng.normal(0, 0.8, m)), 1, 7).astype(int)

    # comments: more likely after a strong feeling; negative or positive template by feeling
    p_comment = 0.08 + 0.12 * np.abs(df["emotion"])
    writes = rng.random(m) < p_comment
    negative = df["emotion"] < 0
    u = rng.random(m)
    neg_pick = [NEGATIVE[t][int(x * len(NEGATIVE[t]))] for t, x in zip(tpn, u)]
    pos_pick = [POSITIVE[t][int(x * len(POSITIVE[t]))] for t, x in zip(tpn, u)]
    text = pd.Series(np.where(negative, neg_pick, pos_pick), index=df.index)
    # the express app pick-up gets praise, not queue complaints
    text[pick & (df["pickup"] == "app") & negative] = "the app pick-up code did not work at first"
    df["comment"] = text.where(writes)

    cols = ["respondent", "stage", "touchpoint", "channel", "order", "perception", "expectation", "emotion",
            "importance", "comment"]
    out = df[cols].sort_values(["respondent", "order"], kind="stable").reset_index(drop=True)
    out.to_csv(OUT, index=False, lineterminator="\n")
    return out


if __name__ == "__main__":
    main()
