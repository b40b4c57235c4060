"""Tests of sxm.sem.fit(..., estimator="WLSMV"): ordinal items, as lavaan 0.6-14's WLSMV.

Reference numbers come from ``tests/reference/ordinal_reference.R`` (section 3; lavaan
0.6-14's ``fitMeasures`` and ``parameterEstimates(standardized = TRUE)``) on the data of
``tests/reference/ordinal_data.py`` (Holzinger & Swineford's tests cut into four ordered
categories, simulated 5- and 7-point Likert surveys) and the bundled
``car_rental_servqual`` perceptions (7 points, listwise deletion). The issue's tolerances
are 1e-3 on fit indices and 5e-3 on estimates and standard errors; sxm agrees with lavaan
to about 1e-5 (the polychoric correlations' optimizer tolerance), so the tests ask for 1e-4.
"""
from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sxm
from sxm.io import SurveyError

REF = Path(__file__).resolve().parent / "reference"
HS = pd.read_csv(REF / "ordinal_hs.csv")
L5 = pd.read_csv(REF / "ordinal_likert5.csv")
L7 = pd.read_csv(REF / "ordinal_likert7.csv")

HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
L5_MODEL = "service =~ sv1 + sv2 + sv3 + sv4\nvalue =~ va1 + va2 + va3 + va4\nloyalty =~ lo1 + lo2 + lo3 + lo4"
L7_MODEL = """quality =~ q1 + q2 + q3 + q4
value =~ v1 + v2 + v3
satisfaction =~ s1 + s2 + s3
loyalty =~ l1 + l2 + l3
value ~ a*quality
satisfaction ~ quality + b*value
loyalty ~ satisfaction"""
HS_TH_MODEL = HS_MODEL + """
x1 | a*t1 + b*t2 + c*t3
x2 | a*t1 + b*t2 + c*t3
x3 | a*t1 + b*t2 + c*t3
x9 | 0*t2"""
CR_MODEL = """tangibles =~ P1 + P2 + P3 + P4
reliability =~ P5 + P6 + P7 + P8 + P9
responsiveness =~ P10 + P11 + P12 + P13
assurance =~ P14 + P15 + P16 + P17
empathy =~ P18 + P19 + P20 + P21 + P22"""

# lavaan's fitMeasures names -> sxm's fit_indices names
NAMES = {
    "npar": "npar", "chisq": "chi2", "df": "df", "pvalue": "pvalue", "chisq.scaled": "chi2_scaled",
    "pvalue.scaled": "pvalue_scaled", "chisq.scaling.factor": "scaling_factor", "baseline.chisq": "baseline_chi2",
    "baseline.df": "baseline_df", "baseline.chisq.scaled": "baseline_chi2_scaled",
    "baseline.chisq.scaling.factor": "baseline_scaling_factor", "cfi": "cfi", "tli": "tli",
    "cfi.scaled": "cfi_scaled", "tli.scaled": "tli_scaled", "cfi.robust": "cfi_robust", "tli.robust": "tli_robust",
    "rmsea": "rmsea", "rmsea.ci.lower": "rmsea_ci_low", "rmsea.ci.upper": "rmsea_ci_high",
    "rmsea.scaled": "rmsea_scaled", "rmsea.ci.lower.scaled": "rmsea_ci_low_scaled",
    "rmsea.ci.upper.scaled": "rmsea_ci_high_scaled", "rmsea.robust": "rmsea_robust",
    "rmsea.ci.lower.robust": "rmsea_ci_low_robust", "rmsea.ci.upper.robust": "rmsea_ci_high_robust", "srmr": "srmr",
}

# ---- numbers printed by tests/reference/ordinal_reference.R ---------------------------
nan = math.nan
# HS ordinal CFA
FIT_HS = {
    "npar": 39.00000000, "chisq": 51.53679089, "df": 24.00000000, "pvalue": 0.00089878, "chisq.scaled": 74.15248452,
    "pvalue.scaled": 0.00000051, "chisq.scaling.factor": 0.74120584, "baseline.chisq": 2105.38796873,
    "baseline.df": 36.00000000, "baseline.chisq.scaled": 1372.61917012, "baseline.chisq.scaling.factor": 1.54822556,
    "cfi": 0.98669327, "tli": 0.98003990, "cfi.scaled": 0.96247810, "tli.scaled": 0.94371716,
    "cfi.robust": 0.90469805, "tli.robust": 0.85704708, "rmsea": 0.06184298, "rmsea.ci.lower": 0.03839174,
    "rmsea.ci.upper": 0.08514795, "rmsea.scaled": 0.08346031, "rmsea.ci.lower.scaled": 0.06228829,
    "rmsea.ci.upper.scaled": 0.10540349, "rmsea.robust": 0.11237089, "rmsea.ci.lower.robust": 0.08450310,
    "rmsea.ci.upper.robust": 0.14128498, "srmr": 0.06564054,
}
SHIFT_HS = 4.62147378
EST_HS = [  # lhs, op, rhs, est, se, std_all
    ("visual", "=~", "x1", 1.00000000, 0.00000000, 0.78346954),
    ("visual", "=~", "x2", 0.60546710, 0.10821691, 0.47436503),
    ("visual", "=~", "x3", 0.60725155, 0.10985877, 0.47576309),
    ("textual", "=~", "x4", 1.00000000, 0.00000000, 0.82058052),
    ("textual", "=~", "x5", 1.08011703, 0.05342192, 0.88632300),
    ("textual", "=~", "x6", 1.06429500, 0.04905709, 0.87333974),
    ("speed", "=~", "x7", 1.00000000, 0.00000000, 0.46831234),
    ("speed", "=~", "x8", 1.25932586, 0.20975870, 0.58975784),
    ("speed", "=~", "x9", 1.86690104, 0.32867479, 0.87429280),
    ("x1", "|", "t1", -0.60549447, 0.07739325, -0.60549447),
    ("x1", "|", "t2", 0.11266140, 0.07252724, 0.11266140),
    ("x1", "|", "t3", 0.70886974, 0.07937112, 0.70886974),
    ("x2", "|", "t1", -0.52726922, 0.07613687, -0.52726922),
    ("x2", "|", "t2", 0.18001237, 0.07278777, 0.18001237),
    ("x2", "|", "t3", 0.74136566, 0.08007196, 0.74136566),
    ("x3", "|", "t1", -0.58560716, 0.07705483, -0.58560716),
    ("x3", "|", "t2", 0.11266140, 0.07252724, 0.11266140),
    ("x3", "|", "t3", 0.68761644, 0.07893368, 0.68761644),
    ("x4", "|", "t1", -0.59552137, 0.07722189, -0.59552137),
    ("x4", "|", "t2", 0.18001237, 0.07278777, 0.18001237),
    ("x4", "|", "t3", 0.74136566, 0.08007196, 0.74136566),
    ("x5", "|", "t1", -0.57575018, 0.07689196, -0.57575018),
    ("x5", "|", "t2", 0.11266140, 0.07252724, 0.11266140),
    ("x5", "|", "t3", 0.67710574, 0.07872336, 0.67710574),
    ("x6", "|", "t1", -0.57575018, 0.07689196, -0.57575018),
    ("x6", "|", "t2", 0.02082068, 0.07236583, 0.02082068),
    ("x6", "|", "t3", 0.73044818, 0.07983213, 0.73044818),
    ("x7", "|", "t1", -0.57575018, 0.07689196, -0.57575018),
    ("x7", "|", "t2", 0.01249183, 0.07236218, 0.01249183),
    ("x7", "|", "t3", 0.67710574, 0.07872336, 0.67710574),
    ("x8", "|", "t1", -0.65630499, 0.07831868, -0.65630499),
    ("x8", "|", "t2", 0.01249183, 0.07236218, 0.01249183),
    ("x8", "|", "t3", 0.67710574, 0.07872336, 0.67710574),
    ("x9", "|", "t1", -0.64601070, 0.07812402, -0.64601070),
    ("x9", "|", "t2", 0.03748328, 0.07237860, 0.03748328),
    ("x9", "|", "t3", 0.67710574, 0.07872336, 0.67710574),
    ("x1", "~~", "x1", 0.38617548, 0.00000000, 0.38617548),
    ("x2", "~~", "x2", 0.77497781, 0.00000000, 0.77497781),
    ("x3", "~~", "x3", 0.77364948, 0.00000000, 0.77364948),
    ("x4", "~~", "x4", 0.32664761, 0.00000000, 0.32664761),
    ("x5", "~~", "x5", 0.21443155, 0.00000000, 0.21443155),
    ("x6", "~~", "x6", 0.23727770, 0.00000000, 0.23727770),
    ("x7", "~~", "x7", 0.78068355, 0.00000000, 0.78068355),
    ("x8", "~~", "x8", 0.65218569, 0.00000000, 0.65218569),
    ("x9", "~~", "x9", 0.23561210, 0.00000000, 0.23561210),
    ("visual", "~~", "visual", 0.61382452, 0.11253746, 1.00000000),
    ("textual", "~~", "textual", 0.67335239, 0.04984245, 1.00000000),
    ("speed", "~~", "speed", 0.21931645, 0.06199680, 1.00000000),
    ("visual", "~~", "textual", 0.34170476, 0.04807329, 0.53150544),
    ("visual", "~~", "speed", 0.18431828, 0.04276186, 0.50235495),
    ("textual", "~~", "speed", 0.10339015, 0.03480901, 0.26904341),
]

# likert5 CFA
FIT_L5 = {
    "npar": 63.00000000, "chisq": 36.66804827, "df": 51.00000000, "pvalue": 0.93466496, "chisq.scaled": 57.88273704,
    "pvalue.scaled": 0.23625400, "chisq.scaling.factor": 0.74216374, "baseline.chisq": 4027.13829636,
    "baseline.df": 66.00000000, "baseline.chisq.scaled": 2586.79991822, "baseline.chisq.scaling.factor": 1.57138148,
    "cfi": 1.00000000, "tli": 1.00468230, "cfi.scaled": 0.99726962, "tli.scaled": 0.99646657,
    "cfi.robust": 0.99592402, "tli.robust": 0.99472520, "rmsea": 0.00000000, "rmsea.ci.lower": 0.00000000,
    "rmsea.ci.upper": 0.00773583, "rmsea.scaled": 0.01644543, "rmsea.ci.lower.scaled": 0.00000000,
    "rmsea.ci.upper.scaled": 0.03423347, "rmsea.robust": 0.01745813, "rmsea.ci.lower.robust": 0.00000000,
    "rmsea.ci.upper.robust": 0.04141898, "srmr": 0.03244524,
}
SHIFT_L5 = 8.47578518
EST_L5 = [  # lhs, op, rhs, est, se, std_all
    ("service", "=~", "sv1", 1.00000000, 0.00000000, 0.76657349),
    ("service", "=~", "sv2", 0.93853495, 0.06598686, 0.71945602),
    ("service", "=~", "sv3", 0.88897853, 0.06647342, 0.68146738),
    ("service", "=~", "sv4", 0.76748067, 0.06531525, 0.58833034),
    ("value", "=~", "va1", 1.00000000, 0.00000000, 0.71307675),
    ("value", "=~", "va2", 0.95164865, 0.07306877, 0.67859853),
    ("value", "=~", "va3", 1.05201012, 0.07400936, 0.75016396),
    ("value", "=~", "va4", 0.88942581, 0.07546765, 0.63422887),
    ("loyalty", "=~", "lo1", 1.00000000, 0.00000000, 0.83544505),
    ("loyalty", "=~", "lo2", 0.94911561, 0.05948647, 0.79293394),
    ("loyalty", "=~", "lo3", 0.76591265, 0.05608403, 0.63987793),
    ("loyalty", "=~", "lo4", 0.59425059, 0.05708229, 0.49646371),
    ("sv1", "|", "t1", -1.97736843, 0.12131454, -1.97736843),
    ("sv1", "|", "t2", -1.14550506, 0.07176576, -1.14550506),
    ("sv1", "|", "t3", -0.37454350, 0.05755984, -0.37454350),
    ("sv1", "|", "t4", 0.77219321, 0.06262956, 0.77219321),
    ("sv2", "|", "t1", -2.40891555, 0.18193598, -2.40891555),
    ("sv2", "|", "t2", -1.22652812, 0.07449053, -1.22652812),
    ("sv2", "|", "t3", -0.31600330, 0.05713599, -0.31600330),
    ("sv2", "|", "t4", 0.74544955, 0.06215605, 0.74544955),
    ("sv3", "|", "t1", -2.05374891, 0.12944036, -2.05374891),
    ("sv3", "|", "t2", -1.25908398, 0.07567496, -1.25908398),
    ("sv3", "|", "t3", -0.29499199, 0.05700223, -0.29499199),
    ("sv3", "|", "t4", 0.77219321, 0.06262956, 0.77219321),
    ("sv4", "|", "t1", -2.19728638, 0.14738173, -2.19728638),
    ("sv4", "|", "t2", -1.35317415, 0.07941315, -1.35317415),
    ("sv4", "|", "t3", -0.38532047, 0.05764619, -0.38532047),
    ("sv4", "|", "t4", 0.79261872, 0.06300563, 0.79261872),
    ("va1", "|", "t1", -2.05374891, 0.12944036, -2.05374891),
    ("va1", "|", "t2", -1.14550506, 0.07176576, -1.14550506),
    ("va1", "|", "t3", -0.31073775, 0.05710157, -0.31073775),
    ("va1", "|", "t4", 0.78577383, 0.06287820, 0.78577383),
    ("va2", "|", "t1", -2.19728638, 0.14738173, -2.19728638),
    ("va2", "|", "t2", -1.31651872, 0.07789901, -1.31651872),
    ("va2", "|", "t3", -0.28453554, 0.05693923, -0.28453554),
    ("va2", "|", "t4", 0.80642125, 0.06326697, 0.80642125),
    ("va3", "|", "t1", -1.85217986, 0.10977190, -1.85217986),
    ("va3", "|", "t2", -1.12639113, 0.07116690, -1.12639113),
    ("va3", "|", "t3", -0.28975981, 0.05697041, -0.28975981),
    ("va3", "|", "t4", 0.73884685, 0.06204238, 0.73884685),
    ("va4", "|", "t1", -1.88079361, 0.11223271, -1.88079361),
    ("va4", "|", "t2", -1.08031934, 0.06978840, -1.08031934),
    ("va4", "|", "t3", -0.27931903, 0.05690868, -0.27931903),
    ("va4", "|", "t4", 0.85599599, 0.06425484, 0.85599599),
    ("lo1", "|", "t1", -2.19728638, 0.14738173, -2.19728638),
    ("lo1", "|", "t2", -1.31651872, 0.07789901, -1.31651872),
    ("lo1", "|", "t3", -0.35311797, 0.05739590, -0.35311797),
    ("lo1", "|", "t4", 0.77896556, 0.06275285, 0.77896556),
    ("lo2", "|", "t1", -2.19728638, 0.14738173, -2.19728638),
    ("lo2", "|", "t2", -1.21596042, 0.07411743, -1.21596042),
    ("lo2", "|", "t3", -0.40157070, 0.05778136, -0.40157070),
    ("lo2", "|", "t4", 0.81338039, 0.06340096, 0.81338039),
    ("lo3", "|", "t1", -2.01409081, 0.12510989, -2.01409081),
    ("lo3", "|", "t2", -1.32853933, 0.07838718, -1.32853933),
    ("lo3", "|", "t3", -0.43439724, 0.05807281, -0.43439724),
    ("lo3", "|", "t4", 0.77896556, 0.06275285, 0.77896556),
    ("lo4", "|", "t1", -1.97736843, 0.12131454, -1.97736843),
    ("lo4", "|", "t2", -1.40507156, 0.08169140, -1.40507156),
    ("lo4", "|", "t3", -0.39072570, 0.05769049, -0.39072570),
    ("lo4", "|", "t4", 0.67448975, 0.06099981, 0.67448975),
    ("sv1", "~~", "sv1", 0.41236508, 0.00000000, 0.41236508),
    ("sv2", "~~", "sv2", 0.48238304, 0.00000000, 0.48238304),
    ("sv3", "~~", "sv3", 0.53560221, 0.00000000, 0.53560221),
    ("sv4", "~~", "sv4", 0.65386741, 0.00000000, 0.65386741),
    ("va1", "~~", "va1", 0.49152155, 0.00000000, 0.49152155),
    ("va2", "~~", "va2", 0.53950404, 0.00000000, 0.53950404),
    ("va3", "~~", "va3", 0.43725403, 0.00000000, 0.43725403),
    ("va4", "~~", "va4", 0.59775374, 0.00000000, 0.59775374),
    ("lo1", "~~", "lo1", 0.30203157, 0.00000000, 0.30203157),
    ("lo2", "~~", "lo2", 0.37125577, 0.00000000, 0.37125577),
    ("lo3", "~~", "lo3", 0.59055624, 0.00000000, 0.59055624),
    ("lo4", "~~", "lo4", 0.75352379, 0.00000000, 0.75352379),
    ("service", "~~", "service", 0.58763492, 0.05223391, 1.00000000),
    ("value", "~~", "value", 0.50847845, 0.05040787, 1.00000000),
    ("loyalty", "~~", "loyalty", 0.69796843, 0.05534569, 1.00000000),
    ("service", "~~", "value", 0.27959487, 0.03232322, 0.51149232),
    ("service", "~~", "loyalty", 0.34095181, 0.03613795, 0.53237949),
    ("value", "~~", "loyalty", 0.25658873, 0.03343007, 0.43070847),
]

# likert7 SEM
FIT_L7 = {
    "npar": 95.00000000, "chisq": 38.32985771, "df": 61.00000000, "pvalue": 0.98981114, "chisq.scaled": 63.18965269,
    "pvalue.scaled": 0.39891966, "chisq.scaling.factor": 0.79489039, "baseline.chisq": 5365.53235195,
    "baseline.df": 78.00000000, "baseline.chisq.scaled": 2970.73194014, "baseline.chisq.scaling.factor": 1.82786807,
    "cfi": 1.00000000, "tli": 1.00548234, "cfi.scaled": 0.99924305, "tli.scaled": 0.99903210,
    "cfi.robust": 1.00000000, "tli.robust": 1.00395627, "rmsea": 0.00000000, "rmsea.ci.lower": 0.00000000,
    "rmsea.ci.upper": 0.00000000, "rmsea.scaled": 0.00934548, "rmsea.ci.lower.scaled": 0.00000000,
    "rmsea.ci.upper.scaled": 0.03175971, "rmsea.robust": 0.00000000, "rmsea.ci.lower.robust": 0.00000000,
    "rmsea.ci.upper.robust": 0.02947854, "srmr": 0.03079806,
}
SHIFT_L7 = 14.96934692
EST_L7 = [  # lhs, op, rhs, est, se, std_all
    ("quality", "=~", "q1", 1.00000000, 0.00000000, 0.70342735),
    ("quality", "=~", "q2", 1.07918436, 0.07151361, 0.75912780),
    ("quality", "=~", "q3", 0.98879811, 0.07219435, 0.69554764),
    ("quality", "=~", "q4", 1.10722460, 0.07005915, 0.77885207),
    ("value", "=~", "v1", 1.00000000, 0.00000000, 0.72911667),
    ("value", "=~", "v2", 1.02063023, 0.10901397, 0.74415852),
    ("value", "=~", "v3", 0.80678778, 0.08736086, 0.58824242),
    ("satisfaction", "=~", "s1", 1.00000000, 0.00000000, 0.79299975),
    ("satisfaction", "=~", "s2", 1.10605247, 0.05307518, 0.87709933),
    ("satisfaction", "=~", "s3", 0.93863284, 0.05417275, 0.74433560),
    ("loyalty", "=~", "l1", 1.00000000, 0.00000000, 0.72251739),
    ("loyalty", "=~", "l2", 1.11858820, 0.07611887, 0.80819942),
    ("loyalty", "=~", "l3", 0.98437517, 0.07401401, 0.71122817),
    ("value", "~", "quality", 0.45720914, 0.06714731, 0.44110007),
    ("satisfaction", "~", "quality", 0.33594542, 0.07417290, 0.29799909),
    ("satisfaction", "~", "value", 0.28813624, 0.08013306, 0.26492434),
    ("loyalty", "~", "satisfaction", 0.56230606, 0.05349837, 0.61715963),
    ("q1", "|", "t1", -2.18177404, 0.16005206, -2.18177404),
    ("q1", "|", "t2", -1.63551207, 0.10358978, -1.63551207),
    ("q1", "|", "t3", -1.02402124, 0.07517261, -1.02402124),
    ("q1", "|", "t4", -0.38008342, 0.06347187, -0.38008342),
    ("q1", "|", "t5", 0.38663138, 0.06353023, 0.38663138),
    ("q1", "|", "t6", 1.16821898, 0.07988397, 1.16821898),
    ("q2", "|", "t1", -2.01705935, 0.13820231, -2.01705935),
    ("q2", "|", "t2", -1.59081825, 0.10061104, -1.59081825),
    ("q2", "|", "t3", -0.99366015, 0.07429925, -0.99366015),
    ("q2", "|", "t4", -0.33468320, 0.06309625, -0.33468320),
    ("q2", "|", "t5", 0.43295351, 0.06397384, 0.43295351),
    ("q2", "|", "t6", 1.23066923, 0.08224145, 1.23066923),
    ("q3", "|", "t1", -2.44306518, 0.20785097, -2.44306518),
    ("q3", "|", "t2", -1.61276250, 0.10205071, -1.61276250),
    ("q3", "|", "t3", -1.05535688, 0.07611541, -1.05535688),
    ("q3", "|", "t4", -0.39319595, 0.06358982, -0.39319595),
    ("q3", "|", "t5", 0.33468320, 0.06309625, 0.33468320),
    ("q3", "|", "t6", 1.16821898, 0.07988397, 1.16821898),
    ("q4", "|", "t1", -2.33741770, 0.18621751, -2.33741770),
    ("q4", "|", "t2", -1.63551207, 0.10358978, -1.63551207),
    ("q4", "|", "t3", -0.91684608, 0.07225725, -0.91684608),
    ("q4", "|", "t4", -0.28362337, 0.06273355, -0.28362337),
    ("q4", "|", "t5", 0.33468320, 0.06309625, 0.33468320),
    ("q4", "|", "t6", 1.13283975, 0.07863713, 1.13283975),
    ("v1", "|", "t1", -2.25279869, 0.17123731, -2.25279869),
    ("v1", "|", "t2", -1.47290483, 0.09357503, -1.47290483),
    ("v1", "|", "t3", -0.96418845, 0.07348799, -0.96418845),
    ("v1", "|", "t4", -0.36053565, 0.06330394, -0.36053565),
    ("v1", "|", "t5", 0.36703591, 0.06335873, 0.36703591),
    ("v1", "|", "t6", 1.25704356, 0.08330024, 1.25704356),
    ("v2", "|", "t1", -2.25279869, 0.17123731, -2.25279869),
    ("v2", "|", "t2", -1.73622379, 0.11101440, -1.73622379),
    ("v2", "|", "t3", -0.93553130, 0.07273256, -0.93553130),
    ("v2", "|", "t4", -0.37355171, 0.06341470, -0.37355171),
    ("v2", "|", "t5", 0.38008342, 0.06347187, 0.38008342),
    ("v2", "|", "t6", 1.32712898, 0.08630871, 1.32712898),
    ("v3", "|", "t1", -2.25279869, 0.17123731, -2.25279869),
    ("v3", "|", "t2", -1.52920516, 0.09679303, -1.52920516),
    ("v3", "|", "t3", -0.87147446, 0.07115801, -0.87147446),
    ("v3", "|", "t4", -0.33468320, 0.06309625, -0.33468320),
    ("v3", "|", "t5", 0.30267714, 0.06286159, 0.30267714),
    ("v3", "|", "t6", 1.09882442, 0.07749571, 1.09882442),
    ("s1", "|", "t1", -2.12030203, 0.15127703, -2.12030203),
    ("s1", "|", "t2", -1.59081825, 0.10061104, -1.59081825),
    ("s1", "|", "t3", -0.89847562, 0.07180293, -0.89847562),
    ("s1", "|", "t4", -0.21457705, 0.06234140, -0.21457705),
    ("s1", "|", "t5", 0.41299313, 0.06377605, 0.41299313),
    ("s1", "|", "t6", 1.14447383, 0.07904030, 1.14447383),
    ("s2", "|", "t1", -2.18177404, 0.16005206, -2.18177404),
    ("s2", "|", "t2", -1.56961437, 0.09926054, -1.56961437),
    ("s2", "|", "t3", -0.95454899, 0.07323026, -0.95454899),
    ("s2", "|", "t4", -0.29631401, 0.06281786, -0.29631401),
    ("s2", "|", "t5", 0.35405059, 0.06325030, 0.35405059),
    ("s2", "|", "t6", 1.08776463, 0.07713633, 1.08776463),
    ("s3", "|", "t1", -2.44306518, 0.20785097, -2.44306518),
    ("s3", "|", "t2", -1.50990385, 0.09566177, -1.50990385),
    ("s3", "|", "t3", -0.98374132, 0.07402226, -0.98374132),
    ("s3", "|", "t4", -0.34758038, 0.06319782, -0.34758038),
    ("s3", "|", "t5", 0.28362337, 0.06273355, 0.28362337),
    ("s3", "|", "t6", 1.07683632, 0.07678675, 1.07683632),
    ("l1", "|", "t1", -2.06593146, 0.14414770, -2.06593146),
    ("l1", "|", "t2", -1.52920516, 0.09679303, -1.52920516),
    ("l1", "|", "t3", -0.81928933, 0.06998613, -0.81928933),
    ("l1", "|", "t4", -0.28362337, 0.06273355, -0.28362337),
    ("l1", "|", "t5", 0.41962793, 0.06384067, 0.41962793),
    ("l1", "|", "t6", 1.24374825, 0.08276167, 1.24374825),
    ("l2", "|", "t1", -2.12030203, 0.15127703, -2.12030203),
    ("l2", "|", "t2", -1.40441880, 0.08998040, -1.40441880),
    ("l2", "|", "t3", -0.84509419, 0.07055354, -0.84509419),
    ("l2", "|", "t4", -0.26467202, 0.06261476, -0.26467202),
    ("l2", "|", "t5", 0.48706313, 0.06456153, 0.48706313),
    ("l2", "|", "t6", 1.16821898, 0.07988397, 1.16821898),
    ("l3", "|", "t1", -2.12030203, 0.15127703, -2.12030203),
    ("l3", "|", "t2", -1.59081825, 0.10061104, -1.59081825),
    ("l3", "|", "t3", -0.95454899, 0.07323026, -0.95454899),
    ("l3", "|", "t4", -0.34112470, 0.06314647, -0.34112470),
    ("l3", "|", "t5", 0.34112470, 0.06314647, 0.34112470),
    ("l3", "|", "t6", 1.15626491, 0.07945572, 1.15626491),
    ("q1", "~~", "q1", 0.50518996, 0.00000000, 0.50518996),
    ("q2", "~~", "q2", 0.42372499, 0.00000000, 0.42372499),
    ("q3", "~~", "q3", 0.51621348, 0.00000000, 0.51621348),
    ("q4", "~~", "q4", 0.39338945, 0.00000000, 0.39338945),
    ("v1", "~~", "v1", 0.46838888, 0.00000000, 0.46838888),
    ("v2", "~~", "v2", 0.44622810, 0.00000000, 0.44622810),
    ("v3", "~~", "v3", 0.65397086, 0.00000000, 0.65397086),
    ("s1", "~~", "s1", 0.37115140, 0.00000000, 0.37115140),
    ("s2", "~~", "s2", 0.23069677, 0.00000000, 0.23069677),
    ("s3", "~~", "s3", 0.44596451, 0.00000000, 0.44596451),
    ("l1", "~~", "l1", 0.47796863, 0.00000000, 0.47796863),
    ("l2", "~~", "l2", 0.34681369, 0.00000000, 0.34681369),
    ("l3", "~~", "l3", 0.49415449, 0.00000000, 0.49415449),
    ("quality", "~~", "quality", 0.49481004, 0.04748901, 1.00000000),
    ("value", "~~", "value", 0.42817593, 0.06134730, 0.80543073),
    ("satisfaction", "~~", "satisfaction", 0.48507142, 0.04557070, 0.77136440),
    ("loyalty", "~~", "loyalty", 0.32319693, 0.04270861, 0.61911400),
    ("ind", ":=", "a*b", 0.13173852, 0.03951054, 0.11685814),
]

# HS ordinal CFA, equal thresholds x1-x3, x9|t2 = 0
FIT_HS_TH = {
    "npar": 32.00000000, "chisq": 53.17215781, "df": 31.00000000, "pvalue": 0.00788200, "chisq.scaled": 72.15614063,
    "pvalue.scaled": 0.00003965, "chisq.scaling.factor": 0.80356080, "baseline.chisq": 2105.38796873,
    "baseline.df": 36.00000000, "baseline.chisq.scaled": 1372.61917012, "baseline.chisq.scaling.factor": 1.54822556,
    "cfi": 0.98928564, "tli": 0.98755752, "cfi.scaled": 0.96920878, "tli.scaled": 0.96424245, "cfi.robust": nan,
    "tli.robust": nan, "rmsea": 0.04882728, "rmsea.ci.lower": 0.02498626, "rmsea.ci.upper": 0.07063308,
    "rmsea.scaled": 0.06652362, "rmsea.ci.lower.scaled": 0.04655591, "rmsea.ci.upper.scaled": 0.08667466,
    "rmsea.robust": nan, "rmsea.ci.lower.robust": nan, "rmsea.ci.upper.robust": nan, "srmr": 0.06564053,
}
SHIFT_HS_TH = 5.98546929
EST_HS_TH = [  # lhs, op, rhs, est, se, std_all
    ("visual", "=~", "x1", 1.00000000, 0.00000000, 0.78346968),
    ("visual", "=~", "x2", 0.60546658, 0.10821686, 0.47436471),
    ("visual", "=~", "x3", 0.60725140, 0.10985875, 0.47576306),
    ("textual", "=~", "x4", 1.00000000, 0.00000000, 0.82058043),
    ("textual", "=~", "x5", 1.08011721, 0.05342194, 0.88632304),
    ("textual", "=~", "x6", 1.06429486, 0.04905709, 0.87333953),
    ("speed", "=~", "x7", 1.00000000, 0.00000000, 0.46831201),
    ("speed", "=~", "x8", 1.25932675, 0.20975887, 0.58975784),
    ("speed", "=~", "x9", 1.86690306, 0.32867525, 0.87429312),
    ("x1", "|", "t1", -0.57232969, 0.05081041, -0.57232969),
    ("x1", "|", "t2", 0.13500456, 0.05095442, 0.13500456),
    ("x1", "|", "t3", 0.71235723, 0.05570062, 0.71235723),
    ("x2", "|", "t1", -0.57232969, 0.05081041, -0.57232969),
    ("x2", "|", "t2", 0.13500456, 0.05095442, 0.13500456),
    ("x2", "|", "t3", 0.71235723, 0.05570062, 0.71235723),
    ("x9", "|", "t2", 0.00000000, 0.00000000, 0.00000000),
    ("x9", "|", "t1", -0.64601070, 0.07812402, -0.64601070),
    ("x9", "|", "t3", 0.67710574, 0.07872336, 0.67710574),
    ("x1", "~~", "x1", 0.38617526, 0.00000000, 0.38617526),
    ("x2", "~~", "x2", 0.77497812, 0.00000000, 0.77497812),
    ("x3", "~~", "x3", 0.77364951, 0.00000000, 0.77364951),
    ("x4", "~~", "x4", 0.32664776, 0.00000000, 0.32664776),
    ("x5", "~~", "x5", 0.21443147, 0.00000000, 0.21443147),
    ("x6", "~~", "x6", 0.23727807, 0.00000000, 0.23727807),
    ("x7", "~~", "x7", 0.78068386, 0.00000000, 0.78068386),
    ("x8", "~~", "x8", 0.65218569, 0.00000000, 0.65218569),
    ("x9", "~~", "x9", 0.23561154, 0.00000000, 0.23561154),
    ("visual", "~~", "visual", 0.61382474, 0.11253751, 1.00000000),
    ("textual", "~~", "textual", 0.67335224, 0.04984245, 1.00000000),
    ("speed", "~~", "speed", 0.21931614, 0.06199674, 1.00000000),
    ("visual", "~~", "textual", 0.34170479, 0.04807329, 0.53150546),
    ("visual", "~~", "speed", 0.18431827, 0.04276186, 0.50235521),
    ("textual", "~~", "speed", 0.10339009, 0.03480899, 0.26904348),
]

# HS ordinal CFA with x7 ~~ x8
FIT_HS_COV = {
    "npar": 40.00000000, "chisq": 24.93283454, "df": 23.00000000, "pvalue": 0.35375771, "chisq.scaled": 38.01612015,
    "pvalue.scaled": 0.02537057, "chisq.scaling.factor": 0.74774921, "baseline.chisq": 2105.38796873,
    "baseline.df": 36.00000000, "baseline.chisq.scaled": 1372.61917012, "baseline.chisq.scaling.factor": 1.54822556,
    "cfi": 0.99906599, "tli": 0.99853807, "cfi.scaled": 0.98876560, "tli.scaled": 0.98241572,
    "cfi.robust": 0.95151753, "tli.robust": 0.92411439, "rmsea": 0.01673681, "rmsea.ci.lower": 0.00000000,
    "rmsea.ci.upper": 0.05146486, "rmsea.scaled": 0.04665029, "rmsea.ci.lower.scaled": 0.01654395,
    "rmsea.ci.upper.scaled": 0.07224961, "rmsea.robust": 0.08187230, "rmsea.ci.lower.robust": 0.04975935,
    "rmsea.ci.upper.robust": 0.11370330, "srmr": 0.04729999,
}
SHIFT_HS_COV = 4.67227405
EST_HS_COV = [  # lhs, op, rhs, est, se, std_all
    ("visual", "=~", "x1", 1.00000000, 0.00000000, 0.77595608),
    ("visual", "=~", "x2", 0.61883570, 0.10649864, 0.48018932),
    ("visual", "=~", "x3", 0.61528971, 0.10777135, 0.47743779),
    ("textual", "=~", "x4", 1.00000000, 0.00000000, 0.82007421),
    ("textual", "=~", "x5", 1.08276533, 0.05337141, 0.88794793),
    ("textual", "=~", "x6", 1.06330963, 0.04911782, 0.87199281),
    ("speed", "=~", "x7", 1.00000000, 0.00000000, 0.29815469),
    ("speed", "=~", "x8", 1.42463602, 0.29527757, 0.42476191),
    ("speed", "=~", "x9", 3.65159766, 1.33039242, 1.08874096),
    ("x7", "~~", "x8", 0.35279977, 0.06752669, 0.40827182),
    ("x1", "~~", "x1", 0.39789217, 0.00000000, 0.39789217),
    ("x2", "~~", "x2", 0.76941822, 0.00000000, 0.76941822),
    ("x3", "~~", "x3", 0.77205316, 0.00000000, 0.77205316),
    ("x4", "~~", "x4", 0.32747829, 0.00000000, 0.32747829),
    ("x5", "~~", "x5", 0.21154848, 0.00000000, 0.21154848),
    ("x6", "~~", "x6", 0.23962854, 0.00000000, 0.23962854),
    ("x7", "~~", "x7", 0.91110378, 0.00000000, 0.91110378),
    ("x8", "~~", "x8", 0.81957732, 0.00000000, 0.81957732),
    ("x9", "~~", "x9", -0.18535688, 0.00000000, -0.18535688),
    ("visual", "~~", "visual", 0.60210783, 0.10749235, 1.00000000),
    ("textual", "~~", "textual", 0.67252171, 0.04990326, 1.00000000),
    ("speed", "~~", "speed", 0.08889622, 0.04491031, 1.00000000),
    ("visual", "~~", "textual", 0.33911128, 0.04776990, 0.53290764),
    ("visual", "~~", "speed", 0.11350208, 0.04560724, 0.49059717),
    ("textual", "~~", "speed", 0.06261025, 0.03060940, 0.25606524),
]

# car_rental_servqual perceptions CFA
FIT_CR = {
    "npar": 164.00000000, "chisq": 95.96028823, "df": 199.00000000, "pvalue": 1.00000000,
    "chisq.scaled": 205.82345555, "pvalue.scaled": 0.35512264, "chisq.scaling.factor": 0.66816512,
    "baseline.chisq": 25471.51738748, "baseline.df": 231.00000000, "baseline.chisq.scaled": 8315.09170355,
    "baseline.chisq.scaling.factor": 3.12224531, "cfi": 1.00000000, "tli": 1.00473877, "cfi.scaled": 0.99915594,
    "tli.scaled": 0.99902021, "cfi.robust": 0.99664264, "tli.robust": 0.99610276, "rmsea": 0.00000000,
    "rmsea.ci.lower": 0.00000000, "rmsea.ci.upper": 0.00000000, "rmsea.scaled": 0.00999836,
    "rmsea.ci.lower.scaled": 0.00000000, "rmsea.ci.upper.scaled": 0.02568009, "rmsea.robust": 0.01513029,
    "rmsea.ci.lower.robust": 0.00000000, "rmsea.ci.upper.robust": 0.03215147, "srmr": 0.02853012,
}
SHIFT_CR = 62.20582984
EST_CR = [  # lhs, op, rhs, est, se, std_all
    ("tangibles", "=~", "P1", 1.00000000, 0.00000000, 0.67558320),
    ("tangibles", "=~", "P2", 1.27989409, 0.08563977, 0.86467495),
    ("tangibles", "=~", "P3", 1.07436540, 0.07695095, 0.72582322),
    ("tangibles", "=~", "P4", 1.06031793, 0.08136390, 0.71633299),
    ("reliability", "=~", "P5", 1.00000000, 0.00000000, 0.79046772),
    ("reliability", "=~", "P6", 0.99564134, 0.05098250, 0.78702234),
    ("reliability", "=~", "P7", 1.10057078, 0.04736943, 0.86996568),
    ("reliability", "=~", "P8", 1.08257213, 0.04476356, 0.85573832),
    ("reliability", "=~", "P9", 0.86198211, 0.05550563, 0.68136903),
    ("responsiveness", "=~", "P10", 1.00000000, 0.00000000, 0.83005123),
    ("responsiveness", "=~", "P11", 1.01942878, 0.04479633, 0.84617811),
    ("responsiveness", "=~", "P12", 0.94514851, 0.04672781, 0.78452169),
    ("responsiveness", "=~", "P13", 0.94633731, 0.04494905, 0.78550845),
    ("assurance", "=~", "P14", 1.00000000, 0.00000000, 0.78743220),
    ("assurance", "=~", "P15", 1.00414982, 0.05415246, 0.79069990),
    ("assurance", "=~", "P16", 1.00475790, 0.05447019, 0.79117872),
    ("assurance", "=~", "P17", 1.07900222, 0.05668825, 0.84964109),
    ("empathy", "=~", "P18", 1.00000000, 0.00000000, 0.78248705),
    ("empathy", "=~", "P19", 0.88658008, 0.05881421, 0.69373743),
    ("empathy", "=~", "P20", 1.04768768, 0.05360739, 0.81980204),
    ("empathy", "=~", "P21", 0.97586374, 0.05236143, 0.76360074),
    ("empathy", "=~", "P22", 0.97296359, 0.05469873, 0.76133141),
    ("P1", "~~", "P1", 0.54358733, 0.00000000, 0.54358733),
    ("P2", "~~", "P2", 0.25233723, 0.00000000, 0.25233723),
    ("P3", "~~", "P3", 0.47318065, 0.00000000, 0.47318065),
    ("P4", "~~", "P4", 0.48686705, 0.00000000, 0.48686705),
    ("P5", "~~", "P5", 0.37516079, 0.00000000, 0.37516079),
    ("P6", "~~", "P6", 0.38059583, 0.00000000, 0.38059583),
    ("P7", "~~", "P7", 0.24315972, 0.00000000, 0.24315972),
    ("P8", "~~", "P8", 0.26771193, 0.00000000, 0.26771193),
    ("P9", "~~", "P9", 0.53573624, 0.00000000, 0.53573624),
    ("P10", "~~", "P10", 0.31101495, 0.00000000, 0.31101495),
    ("P11", "~~", "P11", 0.28398260, 0.00000000, 0.28398260),
    ("P12", "~~", "P12", 0.38452572, 0.00000000, 0.38452572),
    ("P13", "~~", "P13", 0.38297647, 0.00000000, 0.38297647),
    ("P14", "~~", "P14", 0.37995053, 0.00000000, 0.37995053),
    ("P15", "~~", "P15", 0.37479367, 0.00000000, 0.37479367),
    ("P16", "~~", "P16", 0.37403623, 0.00000000, 0.37403623),
    ("P17", "~~", "P17", 0.27811001, 0.00000000, 0.27811001),
    ("P18", "~~", "P18", 0.38771402, 0.00000000, 0.38771402),
    ("P19", "~~", "P19", 0.51872838, 0.00000000, 0.51872838),
    ("P20", "~~", "P20", 0.32792461, 0.00000000, 0.32792461),
    ("P21", "~~", "P21", 0.41691391, 0.00000000, 0.41691391),
    ("P22", "~~", "P22", 0.42037448, 0.00000000, 0.42037448),
    ("tangibles", "~~", "tangibles", 0.45641267, 0.05174071, 1.00000000),
    ("reliability", "~~", "reliability", 0.62483921, 0.04512081, 1.00000000),
    ("responsiveness", "~~", "responsiveness", 0.68898505, 0.04411464, 1.00000000),
    ("assurance", "~~", "assurance", 0.62004947, 0.05025980, 1.00000000),
    ("empathy", "~~", "empathy", 0.61228598, 0.04841984, 1.00000000),
    ("tangibles", "~~", "reliability", 0.35142800, 0.03532465, 0.65807195),
    ("tangibles", "~~", "responsiveness", 0.32224800, 0.03487247, 0.57465407),
    ("tangibles", "~~", "assurance", 0.37654236, 0.03418117, 0.70781836),
    ("tangibles", "~~", "empathy", 0.36275972, 0.03452430, 0.68621949),
    ("reliability", "~~", "responsiveness", 0.45306449, 0.03598944, 0.69051162),
    ("reliability", "~~", "assurance", 0.39123474, 0.03691011, 0.62855040),
    ("reliability", "~~", "empathy", 0.40959019, 0.03464218, 0.66219859),
    ("responsiveness", "~~", "assurance", 0.38286376, 0.03644391, 0.58576874),
    ("responsiveness", "~~", "empathy", 0.42404082, 0.03398835, 0.65286834),
    ("assurance", "~~", "empathy", 0.42660117, 0.03552548, 0.69235959),
]


# HS ordinal, observed outcome x9
FIT_HS_Y = {
    "npar": 30.00000000, "chisq": 16.42510599, "df": 12.00000000, "pvalue": 0.17253184, "chisq.scaled": 27.46838179,
    "pvalue.scaled": 0.00661200, "chisq.scaling.factor": 0.65086228, "baseline.chisq": 1898.59123174,
    "baseline.df": 21.00000000, "baseline.chisq.scaled": 1310.99926374, "baseline.chisq.scaling.factor": 1.45549791,
    "cfi": 0.99764320, "tli": 0.99587560, "cfi.scaled": 0.98800900, "tli.scaled": 0.97901575,
    "cfi.robust": 0.96029400, "tli.robust": 0.93051449, "rmsea": 0.03505989, "rmsea.ci.lower": 0.00000000,
    "rmsea.ci.upper": 0.07308267, "rmsea.scaled": 0.06554977, "rmsea.ci.lower.scaled": 0.03300607,
    "rmsea.ci.upper.scaled": 0.09819575, "rmsea.robust": 0.09287635, "rmsea.ci.lower.robust": 0.05150850,
    "rmsea.ci.upper.robust": 0.13525875, "srmr": 0.04730766,
}
SHIFT_HS_Y = 2.23246571
EST_HS_Y = [  # lhs, op, rhs, est, se, std_all
    ("visual", "=~", "x1", 1.00000000, 0.00000000, 0.77449856),
    ("visual", "=~", "x2", 0.63199973, 0.10543963, 0.48948288),
    ("visual", "=~", "x3", 0.60474829, 0.10555694, 0.46837667),
    ("textual", "=~", "x4", 1.00000000, 0.00000000, 0.81930518),
    ("textual", "=~", "x5", 1.08529884, 0.05356873, 0.88919096),
    ("textual", "=~", "x6", 1.06339580, 0.04904294, 0.87124569),
    ("x9", "~", "visual", 0.72291733, 0.15059410, 0.55989843),
    ("x9", "~", "textual", -0.03709462, 0.10408965, -0.03039181),
    ("x1", "~~", "x1", 0.40015199, 0.00000000, 0.40015199),
    ("x2", "~~", "x2", 0.76040651, 0.00000000, 0.76040651),
    ("x3", "~~", "x3", 0.78062329, 0.00000000, 0.78062329),
    ("x4", "~~", "x4", 0.32873902, 0.00000000, 0.32873902),
    ("x5", "~~", "x5", 0.20933943, 0.00000000, 0.20933943),
    ("x6", "~~", "x6", 0.24093095, 0.00000000, 0.24093095),
    ("x9", "~~", "x9", 0.70377092, 0.00000000, 0.70377092),
    ("visual", "~~", "visual", 0.59984801, 0.10554324, 1.00000000),
    ("textual", "~~", "textual", 0.67126098, 0.04990675, 1.00000000),
    ("visual", "~~", "textual", 0.33898800, 0.04743153, 0.53421738),
]


def wlsmv(model, data, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Heywood cases and listwise deletion (tested below)
        return sxm.sem.fit(model, data, estimator="WLSMV", **kwargs)


CASES = {
    "hs": (HS_MODEL, HS, FIT_HS, SHIFT_HS, EST_HS),
    "likert5": (L5_MODEL, L5, FIT_L5, SHIFT_L5, EST_L5),
    "likert7-sem": (L7_MODEL, L7, FIT_L7, SHIFT_L7, EST_L7),
    "hs-thresholds": (HS_TH_MODEL, HS, FIT_HS_TH, SHIFT_HS_TH, EST_HS_TH),
    "hs-residual-cov": (HS_MODEL + "\nx7 ~~ x8", HS, FIT_HS_COV, SHIFT_HS_COV, EST_HS_COV),
    "car-rental": (CR_MODEL, sxm.datasets.load("car_rental_servqual"), FIT_CR, SHIFT_CR, EST_CR),
    "hs-observed-outcome": ("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nx9 ~ visual + textual", HS, FIT_HS_Y,
                            SHIFT_HS_Y, EST_HS_Y),
}


@pytest.fixture(scope="module", params=list(CASES))
def case(request):
    model, data, fit, shift, est = CASES[request.param]
    return wlsmv(model, data), fit, shift, est


def test_fit_indices_match_lavaan(case):
    """fitMeasures(fit): standard, scaled-shifted and robust (catML) chi-square, CFI, TLI, RMSEA
    and SRMR; lavaan reports NA for the robust indices when thresholds are constrained equal."""
    res, fit, shift, _ = case
    fi = res.fit_indices
    for lav, name in NAMES.items():
        if math.isnan(fit[lav]):
            assert math.isnan(fi[name]), name
        elif "chisq" in lav and "factor" not in lav:
            assert fi[name] == pytest.approx(fit[lav], rel=1e-6), name
        else:
            assert fi[name] == pytest.approx(fit[lav], abs=1e-4), name
    assert fi["shift"] == pytest.approx(shift, abs=1e-4)
    assert fi["df_scaled"] == fi["df"]


def test_estimates_match_lavaan(case):
    """parameterEstimates(fit, standardized = TRUE): est, robust se and std.all of every row,
    thresholds (op "|", rhs t1, t2, ...) and the fixed residual variances of the delta
    parameterization included."""
    res, _, _, est = case
    table = res.estimates.set_index(["lhs", "op", "rhs"])
    for lhs, op, rhs, e, se, std in est:
        if op == ":=":
            continue
        row = table.loc[(lhs, op, rhs)]
        assert row["est"] == pytest.approx(e, abs=1e-4), (lhs, op, rhs)
        assert row["se"] == pytest.approx(se, abs=1e-4), (lhs, op, rhs)
        assert row["std_all"] == pytest.approx(std, abs=1e-4), (lhs, op, rhs)


def test_table_layout_as_lavaan():
    """Loadings, regressions, thresholds, then variances; residual variances of the items are
    fixed (se 0, no test), thresholds have their own rows with labels."""
    res = wlsmv(HS_TH_MODEL, HS)
    est = res.estimates
    ops = est["op"].tolist()
    assert ops.index("|") > max(i for i, o in enumerate(ops) if o == "=~")
    assert ops.index("~~") > max(i for i, o in enumerate(ops) if o == "|")
    th = est[est["op"] == "|"]
    assert th[th["lhs"] == "x1"]["rhs"].tolist() == ["t1", "t2", "t3"]
    assert th[th["lhs"] == "x2"]["label"].tolist() == ["a", "b", "c"]
    fixed = th[(th["lhs"] == "x9") & (th["rhs"] == "t2")].iloc[0]
    assert fixed["est"] == 0 and fixed["se"] == 0 and math.isnan(fixed["z"])
    resid = est[(est["op"] == "~~") & (est["lhs"] == "x1") & (est["rhs"] == "x1")].iloc[0]
    assert resid["se"] == 0 and math.isnan(resid["pvalue"])
    assert list(est.columns) == ["lhs", "op", "rhs", "label", "est", "se", "z", "pvalue", "ci_low", "ci_high",
                                 "std_all"]
    assert res.r2["x1"] == pytest.approx(1 - resid["est"])


def test_indirect_effect_matches_lavaans_defined_parameter():
    """ind := a*b of the likert7 model (lavaan's delta-method SE on the robust covariance)."""
    res = wlsmv(L7_MODEL, L7)
    eff = res.effects("quality", "satisfaction").set_index("effect")
    ind = next(r for r in EST_L7 if r[1] == ":=")
    assert eff.loc["indirect", "est"] == pytest.approx(ind[3], abs=1e-5)
    assert eff.loc["indirect", "se"] == pytest.approx(ind[4], abs=1e-5)
    assert eff.loc["indirect", "std_all"] == pytest.approx(ind[5], abs=1e-5)


def test_ordered_list_and_ordered_alone():
    """ordered=True, a list of every item, or ordered alone (lavaan: ordered= switches to WLSMV)."""
    a = wlsmv(HS_MODEL, HS)
    b = sxm.sem.fit(HS_MODEL, HS, ordered=[f"x{i}" for i in range(1, 10)])
    c = sxm.sem.fit(HS_MODEL, HS, ordered=True)
    for r in (b, c):
        pd.testing.assert_series_equal(a.fit_indices, r.fit_indices)
    assert a.n == 301 and a.missing == "listwise"


def test_listwise_deletion_counts_and_warns():
    """car_rental_servqual has 0.5 % missing answers: 344 of 400 renters answer all 22 items."""
    with pytest.warns(UserWarning, match=r"listwise deletion dropped 56 of 400"):
        res = sxm.sem.fit(CR_MODEL, sxm.datasets.load("car_rental_servqual"), estimator="WLSMV")
    assert res.n == 344 and res.n_dropped == 56 and res.fit_indices["n_dropped"] == 56


def test_heywood_case_warns_as_lavaan():
    """lavaan: 'some estimated ov variances are negative' (x9 in the model with x7 ~~ x8)."""
    with pytest.warns(RuntimeWarning, match=r"negative residual variance for 'x9'"):
        sxm.sem.fit(HS_MODEL + "\nx7 ~~ x8", HS, estimator="WLSMV")


def test_thresholds_equal_sample_thresholds_in_an_unconstrained_model():
    """Free thresholds reproduce the sample thresholds exactly (they only fit themselves)."""
    res = wlsmv(L5_MODEL, L5)
    st = sxm.ordinal.ordinal_statistics(L5, acov=False)
    th = res.estimates[res.estimates["op"] == "|"]
    np.testing.assert_allclose(th["est"], np.concatenate(st.thresholds), atol=1e-9)


def test_level_sets_the_interval():
    res = sxm.sem.fit(HS_MODEL, HS, estimator="WLSMV", level=0.9) if _has_level() else None
    if res is None:
        pytest.skip("sxm.sem.fit has no level= yet")
    row = res.estimates.iloc[1]
    assert row["ci_high"] - row["est"] == pytest.approx(1.6448536 * row["se"], rel=1e-6)


def _has_level():
    import inspect

    return "level" in inspect.signature(sxm.sem.fit).parameters


def test_bootstrap_reproducible_and_close_to_robust_se():
    """Bootstrap (resampling respondents, both stages redone): the same draws for any n_jobs,
    and standard errors near the robust ones (50 resamples: typically within 20 %)."""
    kwargs = {"n_boot": 50} if _has_level() else {"bootstrap": 50}
    a = wlsmv(L5_MODEL, L5, seed=3, n_jobs=1, **kwargs)
    b = wlsmv(L5_MODEL, L5, seed=3, n_jobs=2, **kwargs)
    np.testing.assert_array_equal(a.boot_draws, b.boot_draws)
    robust = wlsmv(L5_MODEL, L5)
    free = robust.estimates["se"] > 0
    ratio = a.estimates.loc[free, "se"] / robust.estimates.loc[free, "se"]
    assert 0.85 < ratio.median() < 1.15
    assert ratio.between(0.6, 1.6).all()
    assert (a.estimates.loc[free, "ci_low"] < a.estimates.loc[free, "est"]).all()


# --------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------
def test_empty_category_is_lavaans_error():
    """lavaan: 'some categories of variable x1 are empty ... frequencies are [82 65 72 0]'
    (ordinal_reference.R, section 5); sxm names the category and every frequency."""
    e = HS.astype(float)
    e.loc[e["x1"] == 1, "x2"] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the listwise deletion's warning
        with pytest.raises(SurveyError, match=r"'x1': answer category 1 is empty.*\[1: 0, 2: 82, 3: 65, 4: 72\]"):
            sxm.sem.fit(HS_MODEL, e, estimator="WLSMV")


@pytest.mark.parametrize("model, ordered, message", [
    (HS_MODEL, ["x1", "x2"], r"'x3' is an observed variable of the model but not declared ordered"),
    (HS_MODEL, ["x1", "y9"], r"'y9' is not an observed variable"),
    (HS_MODEL, False, r"ordered=False"),
    ("visual =~ x1 + x2 + x3\nvisual ~ x4", True, r"'x4' is an observed predictor"),
    (HS_MODEL + "\nx1 ~~ 0.5*x1", True, r"residual variance of 'x1' is fixed"),
    (HS_MODEL + "\nx1 | t1 + t4", True, r"'x1' has 4 answer categories.*t4"),
    (HS_MODEL + "\nx1 | a1", True, r"threshold 'a1' must be named t1, t2"),
])
def test_bad_models(model, ordered, message):
    with pytest.raises(SurveyError, match=message):
        sxm.sem.fit(model, HS, estimator="WLSMV", ordered=ordered)


def test_missing_other_than_listwise_is_refused():
    with pytest.raises(SurveyError, match=r"missing.*listwise"):
        sxm.sem.fit(HS_MODEL, HS, estimator="WLSMV", missing="fiml")


def test_data_not_modified():
    d = sxm.datasets.load("car_rental_servqual")
    before = d.copy()
    wlsmv(CR_MODEL, d)
    pd.testing.assert_frame_equal(d, before)
