"""The bad-input catalogue: every public function of sxm against what real survey files bring.

One table of rows ``(function, kind of bad input, call, expected error)``. Each row asserts
that the call raises :class:`sxm.io.SurveyError` (or its subclass ``SurveyTypeError``),
that the message names the column and the broken rule (regular expressions, all must
match), and that the caller's data are unchanged afterwards (compared with a deep copy).

The classes of bad input are those a survey export really contains: wrong types,
out-of-scale answers, text in numeric items, missing columns, duplicated respondent ids,
empty data, items nobody answered, constant items, mismatched item counts, unknown Kano
codes, weights not summing to 1 or 100, non-identified SEMs and unknown notebook
parameters.

``test_every_public_function_has_a_row`` fails when a public function (in a module's
``__all__``) has no row, so new functions cannot slip through; modules not on disk yet
are skipped. A row whose function does not (yet) give a clear error is marked
``xfail(strict=True)`` with what happens instead, so the gap is visible and the mark must
be removed once it is fixed.

The end of the file has hypothesis property tests for invariants the modules' own tests do
not cover, and the check that the test-wide network guard works.
"""
from __future__ import annotations

import copy
import importlib
import inspect
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sxm
from sxm.io import SurveyError, SurveyTypeError

ROOT = Path(__file__).resolve().parents[1]

# kinds of bad input
TYPE, SCALE, TEXT, MISSING_COL, DUP_ID, EMPTY, ALL_NAN, CONSTANT = (
    "wrong type", "out of scale", "text in numeric item", "missing column", "duplicated ids",
    "empty data", "all-NaN item", "constant item",
)
COUNTS, KANO_CODE, WEIGHTS, NOT_IDENTIFIED, PARAMETER, VALUE = (
    "mismatched item counts", "unknown Kano code", "weights not summing to 1/100", "non-identified SEM",
    "unknown papermill parameter", "bad option value",
)


@dataclass
class Bad:
    func: str  # "module.function"
    kind: str
    call: Callable[[Any], Any]  # receives the caller's data
    data: Callable[[], Any] | None = None  # builds the caller's data (a fresh object per test)
    exc: type = SurveyError
    match: tuple = ()  # regular expressions that must all occur in the message
    xfail: str | None = None  # what happens instead of a clear error (see the final report)
    name: str = ""  # distinguishes rows of the same function and kind
    survey_error: bool = True  # False only where a standard exception is the clear answer

    @property
    def id(self) -> str:
        return f"{self.func}[{self.kind}{': ' + self.name if self.name else ''}]"


def q(col: str) -> str:
    """Regex for a column named in a message: 'col' or "col"."""
    return f"['\"]{re.escape(col)}['\"]"


# --------------------------------------------------------------------------------------
# good data, built fresh for every row
# --------------------------------------------------------------------------------------
def likert(n: int = 40, cols=("x1", "x2", "x3", "x4"), *, levels: int = 7, seed: int = 1, extra=None):
    """Correlated 1..levels answers (one common factor), int64 columns as read from a CSV."""
    rng = np.random.default_rng(seed)
    f = rng.standard_normal(n)
    out = {}
    for c in cols:
        z = 0.7 * f + 0.7 * rng.standard_normal(n)
        out[c] = np.clip(np.round((z + 2) / 4 * (levels - 1)) + 1, 1, levels).astype(np.int64)
    frame = pd.DataFrame(out)
    if extra:
        for k, v in extra.items():
            frame[k] = v(n) if callable(v) else v
    return frame


BLOCKS = {"f1": ["x1", "x2", "x3"], "f2": ["x4", "x5", "x6"]}


def two_blocks(n: int = 60, seed: int = 2):
    rng = np.random.default_rng(seed)
    f = rng.standard_normal((n, 2)) @ np.linalg.cholesky([[1, 0.4], [0.4, 1]]).T
    cols = {}
    for b, items in enumerate(BLOCKS.values()):
        for c in items:
            z = 0.8 * f[:, b] + 0.6 * rng.standard_normal(n)
            cols[c] = np.clip(np.round((z + 2) / 4 * 6) + 1, 1, 7).astype(np.int64)
    return pd.DataFrame(cols)


def kano_frame(n: int = 30, seed: int = 3):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "id": np.arange(1, n + 1),
        "wifi_func": rng.integers(1, 6, n), "wifi_dysf": rng.integers(1, 6, n),
        "price_func": rng.integers(1, 6, n), "price_dysf": rng.integers(1, 6, n),
        "imp_wifi": rng.integers(1, 8, n), "segment": np.where(np.arange(n) % 2, "a", "b"),
    })


def kano_summary():
    return sxm.kano.summarize(kano_frame(60))


def metrics_frame(n: int = 50, seed: int = 4):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "sat": rng.integers(1, 6, n), "rec": rng.integers(0, 11, n), "effort": rng.integers(1, 8, n),
        "emp1": rng.integers(1, 8, n), "emp2": rng.integers(1, 8, n), "fac1": rng.integers(1, 8, n),
        "exp_emp": rng.integers(1, 8, n), "exp_fac": rng.integers(1, 8, n),
        "seg": np.where(np.arange(n) % 2, "north", "south"),
    })


ELEMENTS = {"employees": ["emp1", "emp2"], "facilities": ["fac1"]}


def journey_frame():
    path = ROOT / "data" / "car_rental_journey.csv"
    if not path.exists():
        pytest.skip("bundled data/car_rental_journey.csv not available")
    return pd.read_csv(path)


def journey_summary():
    return sxm.journey.summarize(journey_frame())


def holzinger():
    import semopy

    return semopy.examples.holzinger39.get_data()[[f"x{i}" for i in range(1, 10)]].copy()


HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"


def holzinger_cov():
    """The covariance matrix of the nine HS items, as ``sxm.sem.fit(sample_cov=...)`` takes it."""
    return holzinger().cov()


def pls_frame():
    frame = two_blocks(80)
    return frame


PLS_BLOCKS = {"A": ["x1", "x2", "x3"], "B": ["x4", "x5", "x6"]}
PLS_PATHS = [("A", "B")]


def ipa_table():
    return pd.DataFrame({"imp": [0.3, 0.2, 0.1, 0.4], "perf": [5.1, 4.2, 6.0, 3.3]},
                        index=["wifi", "price", "staff", "speed"])


def drivers_frame(n: int = 80):
    frame = likert(n, ("d1", "d2", "d3", "overall"), seed=5)
    return frame


def chapter():
    from sxm import runner

    chs = runner.chapters()
    if not chs:
        pytest.skip("no chapter notebooks yet")
    return chs[0]


# --------------------------------------------------------------------------------------
# generic rows for a function taking a survey DataFrame
# --------------------------------------------------------------------------------------
def frame_rows(func: str, call, good, col: str, *, kinds=None, value_in_scale=3, xfail=None, skip=()):
    """The standard bad-survey rows for ``call(frame)`` whose item ``col`` is numeric.

    ``kinds`` limits the rows; ``xfail`` maps a kind to the reason it does not give a clear
    error (recorded in the final report); ``skip`` drops kinds that do not apply.
    """
    xfail = xfail or {}

    def mutate(fn):
        def make():
            frame = good().copy()
            return fn(frame)
        return make

    def set_col(frame, values):
        frame[col] = values
        return frame

    def text(frame):
        frame[col] = frame[col].astype(object)
        frame.loc[frame.index[1], col] = "five"
        return frame

    def outside(frame):
        frame[col] = frame[col].astype(float)
        frame.loc[frame.index[1], col] = 99
        return frame

    table = {
        TYPE: (lambda: good().to_numpy().tolist(), SurveyTypeError, (r"DataFrame",)),
        EMPTY: (lambda: good().iloc[0:0], SurveyError, (r"respondent|empty|no rows|at least|no data",)),
        MISSING_COL: (mutate(lambda f: f.drop(columns=col)), SurveyError, (q(col), r"missing|not in the data|no column|not a column")),
        TEXT: (mutate(text), SurveyError, (q(col), r"number|numeric")),
        SCALE: (mutate(outside), SurveyError, (q(col), r"scale")),
        ALL_NAN: (mutate(lambda f: set_col(f, np.nan)), SurveyError, (q(col), r"no answers|all (values )?missing|missing")),
        CONSTANT: (mutate(lambda f: set_col(f, value_in_scale)), SurveyError, (q(col), r"vary|constant|variance")),
    }
    rows = []
    for kind, (make, exc, match) in table.items():
        if (kinds is not None and kind not in kinds) or kind in skip:
            continue
        rows.append(Bad(func, kind, call, make, exc, match, xfail.get(kind)))
    return rows


# --------------------------------------------------------------------------------------
# the catalogue
# --------------------------------------------------------------------------------------
C: list[Bad] = []

# ---- sxm.io ---------------------------------------------------------------------------
C += frame_rows("io.read_survey", lambda d: sxm.io.read_survey(d, scale=(1, 7), items=["x1", "x2", "x3", "x4"]),
                lambda: likert(), "x2")
C += [
    Bad("io.read_survey", DUP_ID, lambda d: sxm.io.read_survey(d, scale=(1, 7), id_column="id"),
        lambda: likert(extra={"id": [1, 2, 2] + list(range(4, 41))}), match=(q("id"), r"unique", r"\b2\b")),
    Bad("io.read_survey", TYPE, lambda d: sxm.io.read_survey(42), exc=SurveyTypeError, match=(r"source", r"DataFrame|path"),
        name="number as source"),
    Bad("io.read_survey", MISSING_COL, lambda d: sxm.io.read_survey("/nonexistent/survey.csv"),
        match=(r"no such file",), name="no such file"),
    Bad("io.read_survey", VALUE, lambda d: sxm.io.read_survey(d, scale=(7, 1)), lambda: likert(),
        match=(r"scale", r"low must be below high"), name="reversed scale"),
]
_TMP: dict[str, Path] = {}  # the running test's tmp_path (set by test_bad_input)


def survey_file(name: str, text: str):
    """A survey file as a user would pass it (``-p DATA my.csv``): returns its path as text."""
    def make():
        path = _TMP["dir"] / name
        path.write_text(text, encoding="utf-8")
        return str(path)
    return make


C += [
    Bad("io.read_survey", EMPTY, lambda d: sxm.io.read_survey(d, scale=(1, 7)), survey_file("empty.csv", ""),
        match=(r"empty\.csv", r"file is empty"), name="empty file"),
    Bad("io.read_survey", EMPTY, lambda d: sxm.io.read_survey(d, scale=(1, 7)), survey_file("head.csv", "id,q1,q2\n"),
        match=(r"at least 1 respondent",), name="header only"),
    Bad("io.read_survey", TEXT, lambda d: sxm.io.read_survey(d, scale=(1, 7), id_column="id"),
        survey_file("eu.csv", "id;q1;q2\n1;4,5;3\n2;5;2\n3;2;6\n"), match=(q("q1"), r"number", r"'4,5'"),
        name="decimal comma"),
    Bad("io.read_survey", DUP_ID, lambda d: sxm.io.read_survey(d, scale=(1, 7), id_column="id"),
        survey_file("dup.csv", "id,q1,q2\n1,4,1\n1,5,3\n3,2,6\n"), match=(q("id"), r"unique", r"respondents 1, 2"),
        name="file"),
    Bad("io.read_survey", TYPE, lambda d: sxm.io.read_survey(d), survey_file("survey.json", "{}"),
        match=(r"survey\.json", r"unknown file type"), name="unknown file type"),
    Bad("datasets.load", MISSING_COL, lambda d: sxm.datasets.load("/nonexistent/my_survey.csv"),
        match=(r"my_survey\.csv",), name="no such file"),
]



def survey_bytes(name: str, data: bytes):
    """A survey file written byte for byte (an encoding the user's tool chose)."""
    def make():
        path = _TMP["dir"] / name
        path.write_bytes(data)
        return str(path)
    return make


# ---- what real exports bring (issue 12): encodings, codes, text answers, raw headers --------
ENCODING, CODE, LABEL, CODEBOOK = "undecodable file", "missing-answer code", "text answer", "codebook"
WJX_HEADERS = {"序号": [1, 2, 3], "2、服务人员总是乐于帮助我（可靠性）": ["非常同意", "同意", "一般"],
               "3、服务人员值得信赖（可靠性）": ["同意", "一般", "不同意"]}
C += [
    Bad("io.read_survey", ENCODING, lambda d: sxm.io.read_survey(d, scale=(1, 5)),
        survey_bytes("big5.csv", ("編號,服務態度\n" + "\n".join(f"{i},非常滿意" for i in range(40))).encode("big5")),
        match=(r"big5\.csv", r"cannot tell its text encoding", r"UTF-8", r"GB18030", r"UTF-16", r"encoding=")),
    Bad("io.read_survey", ENCODING, lambda d: sxm.io.read_survey(d, encoding="utf-8"),
        survey_bytes("gbk.csv", "编号,满意\r\n1,4\r\n".encode("gbk")),
        match=(r"gbk\.csv", r"cannot be read as utf-8", r"0xb1", r"leave encoding out"), name="wrong encoding given"),
    Bad("io.read_survey", VALUE, lambda d: sxm.io.read_survey(d, encoding="gbkk"),
        survey_bytes("gbk2.csv", "编号,满意\r\n1,4\r\n".encode("gbk")),
        match=(r"encoding", r"unknown text encoding 'gbkk'"), name="unknown encoding"),
    Bad("io.read_survey", CODE, lambda d: sxm.io.read_survey(d, scale=(1, 5)),
        lambda: pd.DataFrame({"id": [1, 2, 3], "Q1": [4, 99, 5], "Q2": [1, 2, 3]}),
        match=(q("Q1"), r"scale 1 to 5", r"found 99 for respondent 2", r"missing_codes=\[99\]")),
    Bad("io.read_survey", TYPE, lambda d: sxm.io.read_survey(d, missing_codes={"99": "dk"}), likert,
        exc=SurveyTypeError, match=(r"missing_codes", r"list of codes"), name="missing_codes as a dict"),
    Bad("io.read_survey", LABEL, lambda d: sxm.io.read_survey(d, items=["A1"]),
        lambda: pd.DataFrame({"A1": ["非常同意", "非常同义", "一般", "不同意"]}),
        match=(q("A1"), r"answer labels", r"'非常同义'", r"respondent 2", r"'agree5'", r"answer_labels=")),
    Bad("io.read_survey", LABEL, lambda d: sxm.io.read_survey(d, answer_labels="agree_5"), likert,
        match=(r"answer_labels", r"unknown answer set 'agree_5'", r"agree5"), name="unknown answer set"),
    Bad("io.read_survey", CODEBOOK, lambda d: sxm.io.read_survey(d, codebook={"items": {"2、服务人员乐于帮助*": "REL"}}),
        lambda: pd.DataFrame(WJX_HEADERS),
        match=(r"codebook items '2、服务人员乐于帮助\*'", r"matches no column", r"closest headers")),
    Bad("io.read_survey", CODEBOOK, lambda d: sxm.io.read_survey(d, codebook={"itmes": {}}), likert,
        match=(r"codebook", r"unknown key 'itmes'"), name="misspelt key"),
    Bad("io.read_survey", TYPE, lambda d: sxm.io.read_survey(d, codebook=3), likert, exc=SurveyTypeError,
        match=(r"codebook", r"path", r"int"), name="codebook of the wrong type"),
    Bad("io.read_survey", MISSING_COL, lambda d: sxm.io.read_survey(d, keep=["姓名"]), likert,
        match=(r"keep", r"'姓名'"), name="keep an unknown column"),
    Bad("io.read_survey", TYPE, lambda d: sxm.io.read_survey(d), survey_bytes("old.xls", b"\xd0\xcf\x11\xe0"),
        match=(r"old\.xls", r"\.xlsx"), name="old Excel format"),
    Bad("io.codebook_template", MISSING_COL, lambda d: sxm.io.codebook_template("/nonexistent/wjx.xlsx"),
        match=(r"no such file", r"wjx\.xlsx")),
    Bad("io.codebook_template", TYPE, lambda d: sxm.io.codebook_template(42), exc=SurveyTypeError,
        match=(r"source", r"path")),
    Bad("io.codebook_template", EMPTY, lambda d: sxm.io.codebook_template(d), survey_file("head_only.csv", "序号,Q1\n"),
        match=(r"head_only\.csv", r"no respondents")),
    Bad("datasets.load", CODEBOOK, lambda d: sxm.datasets.load(d, codebook="/nonexistent/codebook.yaml"),
        lambda: pd.DataFrame(WJX_HEADERS), match=(r"codebook", r"no such file"), name="codebook file"),
]

C += frame_rows("io.numeric_items", lambda d: sxm.io.numeric_items(d, ["x1", "x2"], scale=(1, 7)), lambda: likert(), "x2",
                skip=(CONSTANT,))
C += frame_rows("io.check_scale", lambda d: sxm.io.check_scale(d, (1, 7)), lambda: likert().astype(float), "x3",
                kinds=(SCALE,))
C += [
    Bad("io.check_scale", TYPE, lambda d: sxm.io.check_scale(d, 7), lambda: likert(), SurveyTypeError,
        (r"scale", r"\(low, high\)")),
    Bad("io.require_frame", TYPE, lambda d: sxm.io.require_frame(d), lambda: {"x1": [1, 2]}, SurveyTypeError,
        (r"DataFrame", r"dict")),
    Bad("io.require_frame", EMPTY, lambda d: sxm.io.require_frame(d), lambda: likert().iloc[:0], match=(r"at least 1",)),
    Bad("io.require_frame", "duplicated column names", lambda d: sxm.io.require_frame(d),
        lambda: pd.DataFrame([[1, 2], [3, 4]], columns=["x1", "x1"]), match=(q("x1"), r"unique")),
    Bad("io.require_columns", MISSING_COL, lambda d: sxm.io.require_columns(d, ["x1", "x9"]), lambda: likert(),
        match=(q("x9"), r"missing required column")),
    Bad("io.check_unique_ids", DUP_ID, lambda d: sxm.io.check_unique_ids(d, "id"),
        lambda: likert(extra={"id": [7, 7] + list(range(100, 138))}), match=(q("id"), r"unique", r"id 7 appears 2 times")),
    Bad("io.check_unique_ids", "missing id", lambda d: sxm.io.check_unique_ids(d, "id"),
        lambda: likert(extra={"id": [np.nan] + list(range(2, 41))}), match=(q("id"), r"must not be missing")),
    Bad("io.check_not_constant", CONSTANT, lambda d: sxm.io.check_not_constant(d), lambda: likert().assign(x4=5),
        match=(q("x4"), r"constant", r"every answer is 5")),
    Bad("io.expand_items", MISSING_COL, lambda d: sxm.io.expand_items(d, "q*"), lambda: likert(),
        match=(r"'q\*'", r"matches no column")),
    Bad("io.expand_items", TYPE, lambda d: sxm.io.expand_items(d, ["x1", 3]), lambda: likert(), SurveyTypeError,
        (r"strings", r"3")),
    Bad("io.find_pii", TYPE, lambda d: sxm.io.find_pii(d), lambda: [["a@b.com"]], SurveyTypeError, (r"DataFrame",)),
    Bad("io.pseudonymize", MISSING_COL, lambda d: sxm.io.pseudonymize(d, ["email"], salt="s"), lambda: likert(),
        match=(q("email"), r"missing")),
    Bad("io.pseudonymize", VALUE, lambda d: sxm.io.pseudonymize(d, ["x1"], salt="s", length=4), lambda: likert(),
        match=(r"length", r"8 and 64")),
    Bad("io.pseudonymize", TYPE, lambda d: sxm.io.pseudonymize(d, ["x1"], salt=123), lambda: likert(), SurveyTypeError,
        (r"salt", r"string")),
    Bad("io.name_respondent", MISSING_COL, lambda d: sxm.io.name_respondent(d, 99), lambda: likert(),
        match=(r"label", r"no row labelled 99")),
    Bad("io.name_respondent", TYPE, lambda d: sxm.io.name_respondent([1, 2], 0), exc=SurveyTypeError,
        match=(r"data", r"DataFrame", r"list")),
]

# ---- sxm.datasets ----------------------------------------------------------------------
C += [
    Bad("datasets.load", MISSING_COL, lambda d: sxm.datasets.load("no_such_data_set"),
        match=(r"no_such_data_set",), name="unknown name"),
    Bad("datasets.load", TYPE, lambda d: sxm.datasets.load(3.5), exc=SurveyTypeError, match=(r"source",)),
    Bad("datasets.path", MISSING_COL, lambda d: sxm.datasets.path("no_such_data_set"), match=(r"no_such_data_set",)),
]

# ---- sxm.kano --------------------------------------------------------------------------
C += [
    Bad("kano.answer_codes", KANO_CODE, lambda d: sxm.kano.answer_codes(d, label="column 'wifi_func'"),
        lambda: [1, 2, 7], match=(q("wifi_func"), r"7")),
    Bad("kano.answer_codes", KANO_CODE, lambda d: sxm.kano.answer_codes(d), lambda: ["I like it", "maybe"],
        match=(r"maybe",), name="unknown text"),
    Bad("kano.classify", KANO_CODE, lambda d: sxm.kano.classify(d["wifi_func"], d["wifi_dysf"]),
        lambda: kano_frame().assign(wifi_dysf=lambda f: f["wifi_dysf"].where(f.index != 3, 6)),
        match=(q("wifi_dysf"), r"\b6\b")),
    Bad("kano.classify", COUNTS, lambda d: sxm.kano.classify(d[["wifi_func"]], d[["wifi_dysf", "price_dysf"]]),
        kano_frame, SurveyTypeError, (r"same shape",)),
    Bad("kano.classify", TYPE, lambda d: sxm.kano.classify(d[["wifi_func"]], d["wifi_dysf"].to_numpy()), kano_frame,
        SurveyTypeError, (r"DataFrame",), name="frame with array"),
    Bad("kano.categories", KANO_CODE, lambda d: sxm.kano.categories(d, ["wifi", "price"]),
        lambda: kano_frame().assign(price_func=lambda f: f["price_func"].astype(object).where(f.index != 2, "meh")),
        match=(q("price_func"), r"meh")),
    Bad("kano.categories", MISSING_COL, lambda d: sxm.kano.categories(d, ["wifi", "speed"]), kano_frame,
        match=(r"speed",)),
    Bad("kano.categories", TYPE, lambda d: sxm.kano.categories(d), lambda: kano_frame().to_numpy(), SurveyTypeError,
        (r"DataFrame",)),
    Bad("kano.infer_attributes", MISSING_COL, lambda d: sxm.kano.infer_attributes(d), lambda: likert(),
        match=(r"_func|functional",), name="no Kano columns"),
    Bad("kano.infer_attributes", VALUE, lambda d: sxm.kano.infer_attributes(d, functional="func"), kano_frame,
        SurveyTypeError, (r"functional", r"\{\}")),
    Bad("kano.summarize", KANO_CODE, lambda d: sxm.kano.summarize(d, ["wifi", "price"]),
        lambda: kano_frame().assign(wifi_func=lambda f: f["wifi_func"].where(f.index != 5, 0)),
        match=(q("wifi_func"), r"\b0\b")),
    Bad("kano.summarize", EMPTY, lambda d: sxm.kano.summarize(d, ["wifi", "price"]), lambda: kano_frame().iloc[:0],
        match=(r"respondent|empty|at least",)),
    Bad("kano.summarize", TYPE, lambda d: sxm.kano.summarize(d), lambda: kano_frame().to_dict("list"),
        SurveyTypeError, (r"DataFrame",)),
    Bad("kano.summarize", MISSING_COL, lambda d: sxm.kano.summarize(d, ["wifi", "price"], importance="imp_{}"),
        kano_frame, match=(q("imp_price"),), name="importance column"),
    Bad("kano.summarize", SCALE, lambda d: sxm.kano.summarize(d, ["wifi"], importance="imp_{}"),
        lambda: kano_frame().assign(imp_wifi=lambda f: f["imp_wifi"].astype(object).where(f.index != 1, "high")),
        match=(q("imp_wifi"), r"number|numeric"), name="text importance"),
    Bad("kano.summarize", ALL_NAN, lambda d: sxm.kano.summarize(d, ["wifi", "price"]),
        lambda: kano_frame().assign(price_dysf=np.nan), match=(q("price_dysf"), r"no answers|missing|all")),
    Bad("kano.summarize", TYPE, lambda d: sxm.kano.summarize(d, ["wifi"], reverse="1=dislike"), kano_frame,
        exc=SurveyTypeError, match=(r"reverse", r"True or False"), name="reverse"),
    Bad("kano.summarize", MISSING_COL, lambda d: sxm.kano.summarize(d, ["wifi"], by="region"), kano_frame,
        match=(q("region"),), name="segment column"),
    Bad("kano.priorities", TYPE, lambda d: sxm.kano.priorities(d), lambda: [1, 2], SurveyTypeError, (r"DataFrame",)),
    Bad("kano.priorities", MISSING_COL, lambda d: sxm.kano.priorities(d.drop(columns="category")), kano_summary,
        match=(q("category"),)),
    Bad("kano.priorities", KANO_CODE, lambda d: sxm.kano.priorities(d, include=("M", "X")), kano_summary,
        match=(r"'X'", r"include|categor")),
    Bad("kano.bootstrap", KANO_CODE, lambda d: sxm.kano.bootstrap(d, ["wifi"], n_boot=10, seed=1, progress=False),
        lambda: kano_frame().assign(wifi_dysf=lambda f: f["wifi_dysf"].where(f.index != 0, 9)),
        match=(q("wifi_dysf"), r"\b9\b")),
    Bad("kano.bootstrap", VALUE, lambda d: sxm.kano.bootstrap(d, ["wifi"], n_boot=0, seed=1, progress=False), kano_frame,
        match=(r"n_boot",)),
    Bad("kano.plot_better_worse", MISSING_COL, lambda d: sxm.kano.plot_better_worse(d.drop(columns="better")),
        kano_summary, match=(q("better"),)),
    Bad("kano.plot_better_worse", TYPE, lambda d: sxm.kano.plot_better_worse(d), lambda: {"better": [0.5]},
        SurveyTypeError, (r"DataFrame",)),
    Bad("kano.plot_categories", MISSING_COL, lambda d: sxm.kano.plot_categories(d[["better", "worse"]]), kano_summary,
        match=(r"missing|column",)),
    Bad("kano.plot_continuous", MISSING_COL, lambda d: sxm.kano.plot_continuous(d[["better", "worse"]]), kano_summary,
        match=(r"missing|column",)),
    Bad("kano.plot_continuous", VALUE, lambda d: sxm.kano.plot_continuous(d, error="sd2"), kano_summary,
        match=(r"error", r"sd2")),
]

# ---- sxm.metrics -----------------------------------------------------------------------
C += frame_rows("metrics.csat", lambda d: sxm.metrics.csat(d, "sat", scale=(1, 5)), metrics_frame, "sat",
                skip=(CONSTANT,))
C += frame_rows("metrics.nps", lambda d: sxm.metrics.nps(d, "rec"), metrics_frame, "rec", skip=(CONSTANT,))
C += frame_rows("metrics.ces", lambda d: sxm.metrics.ces(d, "effort", scale=(1, 7)), metrics_frame, "effort",
                skip=(CONSTANT,))
C += [
    Bad("metrics.nps", SCALE, lambda d: sxm.metrics.nps(d, "rec"),
        lambda: metrics_frame().assign(rec=lambda f: f["rec"].astype(float).where(f.index != 3, 7.5)),
        match=(q("rec"), r"whole|integer|0 to 10|scale"), name="fractional answer"),
    Bad("metrics.csat", MISSING_COL, lambda d: sxm.metrics.csat(d, "sat", by="region"), metrics_frame,
        match=(q("region"),), name="segment column"),
    Bad("metrics.csat", VALUE, lambda d: sxm.metrics.csat(d, "sat", top=7), metrics_frame, match=(r"top",)),
    Bad("metrics.nps_sample_size", VALUE, lambda d: sxm.metrics.nps_sample_size(-5), match=(r"margin",)),
    Bad("metrics.nps_sample_size", WEIGHTS, lambda d: sxm.metrics.nps_sample_size(5, promoters=70, detractors=50),
        match=(r"promoters|detractors", r"100")),
    Bad("metrics.experience_index", WEIGHTS, lambda d: sxm.metrics.experience_index(d, ELEMENTS, {"employees": 60, "facilities": 30}),
        metrics_frame, match=(r"weights", r"sum", r"100|1\b")),
    Bad("metrics.experience_index", MISSING_COL, lambda d: sxm.metrics.experience_index(d, ELEMENTS, {"employees": 1.0}),
        metrics_frame, match=(r"facilities", r"weight")),
    Bad("metrics.experience_index", VALUE, lambda d: sxm.metrics.experience_index(d, ELEMENTS, {"employees": 1.2, "facilities": -0.2}),
        metrics_frame, match=(r"facilities|weight", r"negative|non-negative|>= 0")),
]
C += frame_rows("metrics.experience_index",
                lambda d: sxm.metrics.experience_index(d, ELEMENTS, {"employees": 0.5, "facilities": 0.5}, scale=(1, 7)),
                metrics_frame, "emp2", skip=(CONSTANT, ALL_NAN))
C += [
    Bad("metrics.compare_weights", WEIGHTS,
        lambda d: sxm.metrics.compare_weights(d, ELEMENTS, {"even": {"employees": 50, "facilities": 40}}, by="seg"),
        metrics_frame, match=(r"even|weights", r"sum")),
    Bad("metrics.compare_weights", MISSING_COL,
        lambda d: sxm.metrics.compare_weights(d, ELEMENTS, {"even": {"employees": 50, "facilities": 50}}, by="region"),
        metrics_frame, match=(q("region"),)),
    Bad("metrics.compare_weights", TYPE,
        lambda d: sxm.metrics.compare_weights(d, ELEMENTS, {"employees": 50, "facilities": 50}, by="seg"),
        metrics_frame, match=(r"weight",), exc=SurveyError, name="flat weights instead of sets"),
    Bad("metrics.disconfirmation", COUNTS,
        lambda d: sxm.metrics.disconfirmation(d, {"employees": ["emp1"], "facilities": ["fac1"]}, {"employees": ["exp_emp"]}),
        metrics_frame, match=(r"facilities", r"expectation")),
    Bad("metrics.disconfirmation", TEXT,
        lambda d: sxm.metrics.disconfirmation(d, {"employees": ["emp1"]}, {"employees": ["exp_emp"]}),
        lambda: metrics_frame().assign(exp_emp=lambda f: f["exp_emp"].astype(object).where(f.index != 4, "n/a")),
        match=(q("exp_emp"), r"number")),
    Bad("metrics.disconfirmation", MISSING_COL,
        lambda d: sxm.metrics.disconfirmation(d, {"employees": ["emp1"]}, {"employees": ["exp_staff"]}),
        metrics_frame, match=(q("exp_staff"), r"not a column")),
    Bad("metrics.plot_estimates", MISSING_COL, lambda d: sxm.metrics.plot_estimates(d, "csat"),
        lambda: pd.DataFrame({"csat": [0.5], "ci_low": [0.4]}), match=(q("ci_high"),)),
    Bad("metrics.plot_nps_mix", MISSING_COL, lambda d: sxm.metrics.plot_nps_mix(d),
        lambda: pd.DataFrame({"nps": [10.0]}), match=(r"promoter|detractor|passive",)),
    Bad("metrics.plot_elements", MISSING_COL, lambda d: sxm.metrics.plot_elements(d, by="region"),
        lambda: pd.DataFrame({"seg": ["a", "b"], "employees": [4.0, 5.0]}), match=(q("region"),)),
    Bad("metrics.plot_weights", MISSING_COL, lambda d: sxm.metrics.plot_weights(d, by="region"),
        lambda: pd.DataFrame({"seg": ["a"], "weights": ["even"], "mean": [4.0]}), match=(q("region"),)),
    Bad("metrics.plot_disconfirmation", MISSING_COL, lambda d: sxm.metrics.plot_disconfirmation(d, by="region"),
        lambda: pd.DataFrame({"seg": ["a"], "employees": [0.5]}), match=(q("region"),)),
]

# ---- sxm.reliability -------------------------------------------------------------------
for fname, call in [
    ("reliability.cronbach_alpha", lambda d: sxm.reliability.cronbach_alpha(d, BLOCKS, scale=(1, 7))),
    ("reliability.omega", lambda d: sxm.reliability.omega(d, BLOCKS, scale=(1, 7))),
    ("reliability.htmt", lambda d: sxm.reliability.htmt(d, BLOCKS, scale=(1, 7))),
    ("reliability.reliability_table", lambda d: sxm.reliability.reliability_table(d, BLOCKS, scale=(1, 7))),
]:
    C += frame_rows(fname, call, two_blocks, "x5")
C += [
    Bad("reliability.cronbach_alpha", COUNTS, lambda d: sxm.reliability.cronbach_alpha(d, {"f1": ["x1"]}), two_blocks,
        match=(r"f1", r"at least 2|two")),
    Bad("reliability.omega", VALUE, lambda d: sxm.reliability.omega(d, BLOCKS, missing="mean"), two_blocks,
        match=(r"missing", r"listwise")),
    Bad("reliability.composite_reliability", VALUE, lambda d: sxm.reliability.composite_reliability({"f": [0.7, 1.4]}),
        match=(r"f", r"loading", r"1\.4")),
    Bad("reliability.composite_reliability", TYPE, lambda d: sxm.reliability.composite_reliability("0.7, 0.8"),
        exc=SurveyTypeError, match=(r"loadings",)),
    Bad("reliability.average_variance_extracted", VALUE,
        lambda d: sxm.reliability.average_variance_extracted({"f": [0.7, np.nan]}), match=(r"f", r"loading")),
    Bad("reliability.fornell_larcker", MISSING_COL, lambda d: sxm.reliability.fornell_larcker(d, {"f1": ["x1", "x2", "x9"], "f2": ["x4", "x5", "x6"]}),
        two_blocks, match=(q("x9"),)),
    Bad("reliability.fornell_larcker", TYPE, lambda d: sxm.reliability.fornell_larcker(), match=(r"data|fit|ave",),
        name="nothing given"),
    Bad("model.measurement_syntax", TYPE, lambda d: sxm.model.measurement_syntax(["x1", "x2"]),
        exc=SurveyTypeError, match=(r"blocks", r"must map each construct")),
    Bad("reliability.plot_htmt", TYPE, lambda d: sxm.reliability.plot_htmt(d), lambda: [[1, 0.5], [0.5, 1]],
        SurveyTypeError, (r"DataFrame",)),
]

# ---- sxm.ordinal (polychoric also as sxm.reliability.polychoric) -------------------------
def _empty_category(frame):
    """Category 1 of x1 is chosen only by respondents who skip x2: empty after listwise deletion."""
    frame = frame.astype(float)
    frame.loc[frame["x1"] == frame["x1"].min(), "x2"] = np.nan
    return frame


for fname, call in [
    ("reliability.polychoric", lambda d: sxm.reliability.polychoric(d, ["x1", "x2", "x3"], scale=(1, 7))),
    ("ordinal.polychoric", lambda d: sxm.ordinal.polychoric(d, ["x1", "x2", "x3"], scale=(1, 7))),
    ("ordinal.ordinal_statistics", lambda d: sxm.ordinal.ordinal_statistics(d, ["x1", "x2", "x3"], scale=(1, 7))),
]:
    C += frame_rows(fname, call, two_blocks, "x2")
    C.append(Bad(fname, VALUE, call, lambda: _empty_category(two_blocks()),
                 match=(q("x1"), r"category 1 is empty", r"frequencies"), name="empty category"))
C += [
    Bad("reliability.polychoric", COUNTS, lambda d: sxm.reliability.polychoric(d, ["x1"]), two_blocks,
        match=(r"at least 2 items",)),
    Bad("ordinal.polychoric", VALUE, lambda d: sxm.ordinal.polychoric(d, missing="fiml"), two_blocks,
        match=(r"missing", r"pairwise")),
    Bad("ordinal.polychoric", TYPE, lambda d: sxm.ordinal.polychoric(d.assign(x1=d["x1"].astype("category"))),
        two_blocks, exc=SurveyTypeError, match=(q("x1"), r"unordered categorical")),
    Bad("ordinal.ordinal_statistics", VALUE, lambda d: sxm.ordinal.ordinal_statistics(d, acov="full"), two_blocks,
        match=(r"acov",)),
    Bad("reliability.reliability_table", VALUE,
        lambda d: sxm.reliability.reliability_table(d, BLOCKS, ordered=True,
                                                    fit=sxm.sem.fit("f1 =~ x1 + x2 + x3\nf2 =~ x4 + x5 + x6", d)),
        two_blocks, match=(r"fit", r"ordered=True", r"WLSMV"), name="ordered with an ML fit"),
    Bad("ordinal.categorical_omega", COUNTS,
        lambda d: sxm.ordinal.categorical_omega(np.eye(2), [[0.0], [0.0], [0.0]], np.eye(2)),
        match=(r"3 x 3", r"one row per item")),
    Bad("ordinal.bivariate_normal_cdf", TYPE, lambda d: sxm.ordinal.bivariate_normal_cdf("a", 0, 0.5),
        exc=SurveyTypeError, match=(r"x", r"numbers")),
]

# ---- sxm.sem ---------------------------------------------------------------------------
C += frame_rows("sem.fit", lambda d: sxm.sem.fit(HS_MODEL, d), holzinger, "x5", skip=(SCALE,))
C += [
    Bad("sem.fit", NOT_IDENTIFIED, lambda d: sxm.sem.fit("f =~ x1 + x2 + x3\nx1 ~~ x2\nx2 ~~ x3\nx1 ~~ x3", d), holzinger,
        match=(r"identif|degrees of freedom",), name="more parameters than moments"),
    Bad("sem.fit", NOT_IDENTIFIED, lambda d: sxm.sem.fit("f =~ x1 + x2", d), holzinger,
        match=(r"identif|degrees of freedom",), name="two-indicator factor alone"),
    Bad("sem.fit", MISSING_COL, lambda d: sxm.sem.fit("visual =~ x1 + x2 + x33", d), holzinger,
        match=(q("x33"),), name="typo in the model"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit("visual =~ x1 + + x2", d), holzinger, match=(r"syntax|parse|model",),
        name="syntax error"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit(HS_MODEL, d, missing="mean"), holzinger, match=(r"missing",),
        name="missing option"),
    Bad("sem.fit", DUP_ID, lambda d: sxm.sem.fit(HS_MODEL, d, by="school"),
        lambda: holzinger().assign(school="A"), match=(q("school"), r"group|two|2|one"), name="one group only"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit(HS_MODEL, d, estimator="GLS"), holzinger,
        match=(r"estimator", r"'GLS'"), name="unknown estimator"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit(HS_MODEL, d, estimator="MLM", missing="fiml"),
        holzinger, match=(r"estimator='MLM'", r"complete data", r"MLR"), name="MLM with fiml"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit(HS_MODEL, d, level=95), holzinger, match=(r"level", r"95"),
        name="level as a percentage"),
    Bad("sem.fit", SCALE, lambda d: sxm.sem.fit(HS_MODEL, d.assign(x5=d["x5"].where(d.index != 3, 99)), scale=(0, 10)),
        holzinger, match=(q("x5"), r"scale 0 to 10", r"99"), name="99 code with scale"),
    Bad("sem.fit", MISSING_COL, lambda d: sxm.sem.fit("sat =~ sat1 + sta2 + sat3", d),
        lambda: pd.DataFrame({"sat1": [1.0, 2, 3], "sat2": [2.0, 3, 1], "sat3": [3.0, 1, 2]}),
        match=(q("sta2"), r"closest columns: 'sat2'"), name="typo in an item (issue 12)"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit("visual =~ x1 + x2 + x3\nx1 | t1 + t2", d), holzinger,
        match=(r"thresholds", r"ordered"), name="thresholds without ordered"),
    Bad("sem.fit", TYPE, lambda d: sxm.sem.fit(HS_MODEL, d, by=["school"]), holzinger, SurveyTypeError,
        (r"by", r"grouping column"), name="by as a list"),
    Bad("sem.drop_answers", VALUE, lambda d: sxm.sem.drop_answers(d, ["x1"], 1.5, seed=1), holzinger,
        match=(r"share", r"1\.5")),
    Bad("sem.drop_answers", MISSING_COL, lambda d: sxm.sem.drop_answers(d, ["x1", "x99"], 0.1, seed=1), holzinger,
        match=(q("x99"),)),
    Bad("sem.drop_answers", MISSING_COL, lambda d: sxm.sem.drop_answers(d, ["x1"], 0.1, depends_on="age", seed=1),
        holzinger, match=(q("age"),), name="depends_on column"),
    Bad("sem.hu_bentler", TYPE, lambda d: sxm.sem.hu_bentler(d), holzinger, SurveyTypeError, (r"result|sem\.fit",)),
    Bad("sem.compare_estimates", TYPE, lambda d: sxm.sem.compare_estimates([d, d]), holzinger, SurveyTypeError,
        (r"results", r"dict")),
    Bad("sem.compare_estimates", TYPE, lambda d: sxm.sem.compare_estimates({"a": d}), holzinger, SurveyTypeError,
        (r"results\['a'\]", r"sem\.fit"), name="a DataFrame instead of a fit"),
    Bad("sem.compare_estimates", VALUE, lambda d: sxm.sem.compare_estimates({"a": sxm.sem.fit(HS_MODEL, d)}, column="b"),
        holzinger, match=(r"column", r"'b'")),
    Bad("sem.compare_estimates", VALUE, lambda d: sxm.sem.compare_estimates({"a": sxm.sem.fit(HS_MODEL, d)}, op="=>"),
        holzinger, match=(r"op", r"'=>'"), name="unknown op"),
    Bad("sem.invariance", DUP_ID, lambda d: sxm.sem.invariance(HS_MODEL, d, "school"),
        lambda: holzinger().assign(school="a"), match=(q("school"), r"at least two groups"), name="one group only"),
    Bad("sem.invariance", MISSING_COL, lambda d: sxm.sem.invariance(HS_MODEL, d, "region"), holzinger,
        match=(q("region"), r"missing")),
    Bad("sem.invariance", VALUE, lambda d: sxm.sem.invariance(HS_MODEL, d.assign(g=d.index % 2), "g",
                                                             levels=("scalar", "metric")),
        holzinger, match=(r"levels", r"in that order")),
    Bad("sem.invariance", VALUE, lambda d: sxm.sem.invariance("visual =~ x1 + x2 + x3\nvisual ~ x4", d.assign(g=d.index % 2), "g"),
        holzinger, match=(q("x4"), r"observed predictor"), name="observed predictor"),
    Bad("sem.compare", TYPE, lambda d: sxm.sem.compare(d, d), holzinger, SurveyTypeError, (r"result|fit",)),
]


# ---- sxm.pls ---------------------------------------------------------------------------
C += frame_rows("pls.fit", lambda d: sxm.pls.fit(d, PLS_BLOCKS, PLS_PATHS), pls_frame, "x5", skip=(SCALE,))
C += [
    Bad("pls.fit", MISSING_COL, lambda d: sxm.pls.fit(d, PLS_BLOCKS, [("A", "C")]), pls_frame,
        match=(r"'C'", r"construct|measurement"), name="path to an unknown construct"),
    Bad("pls.fit", VALUE, lambda d: sxm.pls.fit(d, PLS_BLOCKS, [("A", "B"), ("B", "A")]), pls_frame,
        match=(r"recursive|cycle|loop",), name="cyclic model"),
    Bad("pls.fit", VALUE, lambda d: sxm.pls.fit(d, PLS_BLOCKS, PLS_PATHS, scheme="magic"), pls_frame,
        match=(r"scheme", r"magic")),
    Bad("pls.fit", COUNTS, lambda d: sxm.pls.fit(d, {"A": ["x1", "x2"], "B": ["x2", "x3"]}, PLS_PATHS), pls_frame,
        match=(q("x2"), r"one construct only"), name="item in two blocks"),
    Bad("pls.plot_paths", TYPE, lambda d: sxm.pls.plot_paths(d), lambda: pd.DataFrame({"coef": [0.3]}),
        SurveyTypeError, (r"PLSResult|pls\.fit",)),
]

# ---- sxm.journey -----------------------------------------------------------------------
C += frame_rows("journey.validate", lambda d: sxm.journey.validate(d), journey_frame, "perception",
                skip=(CONSTANT,))
C += [
    Bad("journey.validate", SCALE, lambda d: sxm.journey.validate(d),
        lambda: journey_frame().assign(emotion=lambda f: f["emotion"].where(f.index != 2, 5)),
        match=(q("emotion"), r"scale"), name="emotion"),
    Bad("journey.validate", DUP_ID, lambda d: sxm.journey.validate(d),
        lambda: pd.concat([journey_frame(), journey_frame().iloc[[0]]], ignore_index=True),
        match=(r"respondent", r"touchpoint", r"once|duplicate|twice|more than")),
]
C += frame_rows("journey.summarize", lambda d: sxm.journey.summarize(d), journey_frame, "expectation",
                kinds=(TYPE, MISSING_COL, TEXT, SCALE))
C += [
    Bad("journey.summarize", VALUE, lambda d: sxm.journey.summarize(d, rule="any"), journey_frame,
        match=(r"rule", r"any")),
    Bad("journey.summarize", MISSING_COL, lambda d: sxm.journey.summarize(d, by="region"), journey_frame,
        match=(q("region"),), name="by column"),
    Bad("journey.plot", MISSING_COL, lambda d: sxm.journey.plot(d.drop(columns="pain_point")), journey_summary,
        match=(q("pain_point"),)),
    Bad("journey.plot", TYPE, lambda d: sxm.journey.plot(d), lambda: [1, 2], SurveyTypeError, (r"DataFrame",)),
    Bad("journey.top_terms", MISSING_COL, lambda d: sxm.journey.top_terms(d.drop(columns="comment")), journey_frame,
        match=(q("comment"),)),
    Bad("journey.top_terms", VALUE, lambda d: sxm.journey.top_terms(d, touchpoints=["teleport"]), journey_frame,
        match=(r"teleport", r"touchpoint")),
    Bad("journey.top_terms", VALUE, lambda d: sxm.journey.top_terms(d, n=0), journey_frame, match=(r"\bn\b",),
        name="n = 0"),
]

# ---- sxm.priorities --------------------------------------------------------------------
C += frame_rows("priorities.derived_importance",
                lambda d: sxm.priorities.derived_importance(d, ["d1", "d2", "d3"], "overall", scale=(1, 7)),
                drivers_frame, "d2")
C += [
    Bad("priorities.derived_importance", VALUE,
        lambda d: sxm.priorities.derived_importance(d, ["d1", "overall"], "overall"), drivers_frame,
        match=(q("overall"), r"outcome")),
    Bad("priorities.derived_importance", VALUE,
        lambda d: sxm.priorities.derived_importance(d.assign(d3=d["d1"] * 2), ["d1", "d2", "d3"], "overall"),
        drivers_frame, match=(r"collinear",), name="collinear drivers"),
    Bad("priorities.derived_importance", VALUE,
        lambda d: sxm.priorities.derived_importance(d, ["d1", "d2"], "overall", method="magic"), drivers_frame,
        match=(r"method", r"magic")),
    Bad("priorities.relative_weights", COUNTS, lambda d: sxm.priorities.relative_weights(np.eye(3), np.array([0.1, 0.2])),
        match=(r"r_xy|corr", r"3|2")),
    Bad("priorities.relative_weights", VALUE,
        lambda d: sxm.priorities.relative_weights(np.array([[1, 1.0], [1.0, 1]]), np.array([0.3, 0.3])),
        match=(r"positive definite|singular|collinear",), name="singular correlations"),
    Bad("priorities.ipa", MISSING_COL, lambda d: sxm.priorities.ipa(d, importance="imp", performance="score"), ipa_table,
        match=(q("score"),)),
    Bad("priorities.ipa", TEXT, lambda d: sxm.priorities.ipa(d, importance="imp", performance="perf"),
        lambda: ipa_table().assign(perf=["5.1", "high", "6", "3"]), match=(q("perf"), r"number")),
    Bad("priorities.ipa", VALUE, lambda d: sxm.priorities.ipa(d, importance="imp", performance="perf", cut="mode"),
        ipa_table, match=(r"cut", r"mode")),
    Bad("priorities.ipa", EMPTY, lambda d: sxm.priorities.ipa(d, importance="imp", performance="perf"),
        lambda: ipa_table().iloc[:0], match=(r"at least|empty|respondent|attribute",)),
    Bad("priorities.plot_ipa", MISSING_COL, lambda d: sxm.priorities.plot_ipa(d), ipa_table,
        match=(r"quadrant|ipa",)),
    Bad("priorities.plan", MISSING_COL, lambda d: sxm.priorities.plan(d["gap"], d["share"].drop("price")),
        lambda: pd.DataFrame({"gap": [-1.0, -0.5, 0.2], "share": [0.5, 0.3, 0.2]}, index=["wifi", "price", "staff"]),
        match=(r"price", r"importance")),
    Bad("priorities.plan", KANO_CODE, lambda d: sxm.priorities.plan(d["gap"], d["share"], kano={"wifi": "Z"}),
        lambda: pd.DataFrame({"gap": [-1.0, -0.5], "share": [0.5, 0.5]}, index=["wifi", "price"]),
        match=(r"wifi|kano", r"'Z'")),
    Bad("priorities.plan", VALUE, lambda d: sxm.priorities.plan(d["gap"], d["share"], cost={"wifi": 0, "price": 1}),
        lambda: pd.DataFrame({"gap": [-1.0, -0.5], "share": [0.5, 0.5]}, index=["wifi", "price"]),
        match=(r"cost", r"wifi", r"> 0|positive")),
]

# ---- sxm.servqual ----------------------------------------------------------------------
def servqual_frame(n: int = 40, seed: int = 6, kinds=("E", "P")):
    rng = np.random.default_rng(seed)
    f = rng.standard_normal(n)
    cols = {}
    for kind in kinds:
        for i in range(1, 23):
            z = 0.6 * f + 0.8 * rng.standard_normal(n) + (0.5 if kind in "ED" else 0)
            cols[f"{kind}{i}"] = np.clip(np.round((z + 2) / 4 * 6) + 1, 1, 7).astype(np.int64)
    frame = pd.DataFrame(cols)
    frame["overall"] = np.clip(np.round(f * 1.5 + 4), 1, 7).astype(np.int64)
    return frame


def zone_frame():
    return servqual_frame(kinds=("A", "D", "P"))


SQ_WEIGHTS = {"tangibles": 10, "reliability": 30, "responsiveness": 20, "assurance": 20, "empathy": 20}

C += frame_rows("servqual.gap_scores", lambda d: sxm.servqual.gap_scores(d, scale=(1, 7)), servqual_frame, "P7",
                skip=(CONSTANT,))
C += [
    Bad("servqual.gap_scores", COUNTS, lambda d: sxm.servqual.gap_scores(d.drop(columns="E22")), servqual_frame,
        match=(q("E22"),), name="22 P but 21 E items"),
    Bad("servqual.gap_scores", VALUE, lambda d: sxm.servqual.gap_scores(d, expectation="E"), servqual_frame,
        match=(r"expectation", r"\{\}"), name="template without {}"),
    Bad("servqual.dimension_scores", VALUE, lambda d: sxm.servqual.dimension_scores(d, kind="ratio"), servqual_frame,
        match=(r"kind", r"ratio")),
    Bad("servqual.dimension_scores", VALUE, lambda d: sxm.servqual.dimension_scores(d, dimensions={"speed": [23]}),
        servqual_frame, match=(q("E23") + "|" + q("P23") + "|23",), name="item 23"),
]
C += frame_rows("servqual.dimension_scores", lambda d: sxm.servqual.dimension_scores(d, scale=(1, 7)), servqual_frame,
                "E3", kinds=(TYPE, TEXT, SCALE))
C += [
    Bad("servqual.score", WEIGHTS, lambda d: sxm.servqual.score(d, weights={**SQ_WEIGHTS, "tangibles": 20}),
        servqual_frame, match=(r"weights", r"sum to 100", r"110")),
    Bad("servqual.score", WEIGHTS, lambda d: sxm.servqual.score(d, weights={k: 25 for k in list(SQ_WEIGHTS)[:4]}),
        servqual_frame, match=(r"weights", r"empathy"), name="a dimension without weight"),
    Bad("servqual.score", WEIGHTS, lambda d: sxm.servqual.score(d, weights={k: f"W_{k}" for k in SQ_WEIGHTS}),
        lambda: servqual_frame().assign(**{f"W_{k}": (30 if k == "empathy" else v) for k, v in SQ_WEIGHTS.items()}),
        match=(r"weights", r"sum to 100", r"row"), name="per-respondent points"),
]
C += frame_rows("servqual.score", lambda d: sxm.servqual.score(d, weights=SQ_WEIGHTS, scale=(1, 7)), servqual_frame,
                "P20", kinds=(TYPE, EMPTY, MISSING_COL, TEXT, SCALE))
C += [
    Bad("servqual.summarize", VALUE, lambda d: sxm.servqual.summarize(d, per="respondent"), servqual_frame,
        match=(r"per", r"respondent")),
    Bad("servqual.summarize", VALUE, lambda d: sxm.servqual.summarize(d, level=95), servqual_frame,
        match=(r"level", r"95")),
]
C += frame_rows("servqual.summarize", lambda d: sxm.servqual.summarize(d, scale=(1, 7)), servqual_frame, "E11",
                kinds=(TYPE, EMPTY, MISSING_COL, TEXT, SCALE, ALL_NAN))
C += frame_rows("servqual.zone_of_tolerance", lambda d: sxm.servqual.zone_of_tolerance(d, scale=(1, 7)), zone_frame, "D5",
                kinds=(TYPE, EMPTY, MISSING_COL, TEXT, SCALE))
C += [
    Bad("servqual.gap1", MISSING_COL, lambda d: sxm.servqual.gap1(d["customers"], d["management"]),
        lambda: {"customers": servqual_frame(), "management": servqual_frame(8, seed=9).drop(columns="E4")},
        match=(q("E4"),)),
    Bad("servqual.gap1", TYPE, lambda d: sxm.servqual.gap1(d["customers"], d["management"]),
        lambda: {"customers": servqual_frame(), "management": servqual_frame(8, seed=9).to_numpy()},
        exc=SurveyTypeError, match=(r"management|DataFrame",)),
    Bad("servqual.gap1", SCALE, lambda d: sxm.servqual.gap1(d["customers"], d["management"], scale=(1, 7)),
        lambda: {"customers": servqual_frame(), "management": servqual_frame(8, seed=9).assign(E2=9)},
        match=(q("E2"), r"scale")),
    Bad("servqual.predictive_validity", MISSING_COL, lambda d: sxm.servqual.predictive_validity(d, "satisfaction"),
        servqual_frame, match=(q("satisfaction"),)),
    Bad("servqual.predictive_validity", CONSTANT, lambda d: sxm.servqual.predictive_validity(d, "overall"),
        lambda: servqual_frame().assign(overall=4), match=(q("overall"), r"vary|constant")),
    Bad("servqual.predictive_validity", TEXT, lambda d: sxm.servqual.predictive_validity(d, "overall"),
        lambda: servqual_frame().assign(overall=lambda f: f["overall"].astype(object).where(f.index != 0, "good")),
        match=(q("overall"), r"number")),
    Bad("servqual.item_columns", VALUE, lambda d: sxm.servqual.item_columns("E"), match=(r"template|\{\}",)),
    Bad("servqual.item_blocks", TYPE, lambda d: sxm.servqual.item_blocks("E"), exc=SurveyTypeError,
        match=(r"template", r"one '\{\}'")),
    Bad("servqual.item_blocks", TYPE, lambda d: sxm.servqual.item_blocks("E{}", ["tangibles"]), exc=SurveyTypeError,
        match=(r"dimensions", r"must map each dimension")),
    Bad("servqual.plot_profile", MISSING_COL, lambda d: sxm.servqual.plot_profile(d[["gap"]]),
        lambda: sxm.servqual.summarize(servqual_frame(), per="item"), match=(r"items", r"must be the DataFrame of summarize")),
    Bad("servqual.plot_gaps", MISSING_COL, lambda d: sxm.servqual.plot_gaps(d, column="weighted_gap"),
        lambda: sxm.servqual.summarize(servqual_frame()), match=(q("weighted_gap"),)),
    Bad("servqual.plot_zone_of_tolerance", MISSING_COL, lambda d: sxm.servqual.plot_zone_of_tolerance(d.iloc[:, :1]),
        lambda: sxm.servqual.zone_of_tolerance(zone_frame()), match=(r"zone", r"must be the DataFrame of zone_of_tolerance")),
    Bad("servqual.plot_zone_of_tolerance", TYPE, lambda d: sxm.servqual.plot_zone_of_tolerance(d), lambda: [[1, 2]],
        SurveyTypeError, (r"DataFrame",)),
]
C += [
    Bad("priorities.compare_importance", MISSING_COL,
        lambda d: sxm.priorities.compare_importance(d["stated"], d["derived"]),
        lambda: {"stated": pd.Series({"wifi": 5.0, "price": 6.0, "staff": 4.0}),
                 "derived": pd.Series({"wifi": 0.3, "price": 0.7})}, match=(r"staff",)),
    Bad("priorities.compare_importance", VALUE,
        lambda d: sxm.priorities.compare_importance(d["stated"], d["derived"]),
        lambda: {"stated": pd.Series({"wifi": -5.0, "price": 6.0}), "derived": pd.Series({"wifi": 0.3, "price": 0.7})},
        match=(r"wifi|stated", r"negative|>= 0|non-negative"), name="negative importance"),
    Bad("priorities.plot_importance", MISSING_COL, lambda d: sxm.priorities.plot_importance(d, column="beta2"),
        lambda: sxm.priorities.derived_importance(drivers_frame(), ["d1", "d2", "d3"], "overall"), match=(q("beta2"),)),
    Bad("priorities.plot_importance", TYPE, lambda d: sxm.priorities.plot_importance(d), lambda: [0.2, 0.8],
        SurveyTypeError, (r"DataFrame",)),
    Bad("priorities.compare_importance", TYPE, lambda d: sxm.priorities.compare_importance([5, 6], [0.3, 0.7]),
        exc=SurveyTypeError, match=(r"stated", r"Series|dict")),
]


# ---- sxm.simulate ----------------------------------------------------------------------
C += [
    Bad("simulate.latent_survey", VALUE, lambda d: sxm.simulate.latent_survey("f =~ 1.3*x1 + 0.7*x2", n=50, seed=1),
        match=(r"x1", r"loading", r"1\.3")),
    Bad("simulate.latent_survey", MISSING_COL,
        lambda d: sxm.simulate.latent_survey("f =~ 0.7*x1 + 0.7*x2; g ~ 0.3*f", n=50, seed=1),
        match=(r"'g'", r"not a construct"), name="path to an unknown construct"),
    Bad("simulate.latent_survey", VALUE, lambda d: sxm.simulate.latent_survey("f =~ 0.7*x1", n=0, seed=1),
        match=(r"\bn\b",), name="n = 0"),
    Bad("simulate.latent_survey", VALUE,
        lambda d: sxm.simulate.latent_survey("f =~ 0.7*x1 + 0.7*x2; g =~ 0.7*y1 + 0.7*y2; g ~ 0.9*f; f ~~ 0.5*g",
                                             n=50, seed=1),
        match=(r"correlat", r"exogenous", r"'g'"), name="correlation with an endogenous construct"),
    Bad("simulate.latent_survey", VALUE, lambda d: sxm.simulate.latent_survey("f =~ 0.7*x1 + x2", n=50, seed=1),
        match=(r"'x2'", r"population value"), name="value missing"),
    Bad("simulate.latent_survey", TYPE, lambda d: sxm.simulate.latent_survey({"f": {"x1": 0.7}}, n=50, seed=1),
        exc=SurveyTypeError, match=(r"model", r"lavaan syntax", r"dict"), name="0.1 dict form"),
    Bad("simulate.likert", VALUE, lambda d: sxm.simulate.likert(np.zeros(5), 1), match=(r"levels",)),
    Bad("simulate.likert", VALUE, lambda d: sxm.simulate.likert(np.zeros(5), 5, thresholds=[0.5, 0.1, 1, 2]),
        match=(r"thresholds", r"increasing|order|sorted"), name="unsorted thresholds"),
    Bad("simulate.default_thresholds", VALUE, lambda d: sxm.simulate.default_thresholds(0), match=(r"levels",)),
]

# ---- sxm.resample ----------------------------------------------------------------------
C += [
    Bad("resample.bootstrap", VALUE, lambda d: sxm.resample.bootstrap(lambda s: s.mean().to_numpy(), d, n_boot=0, seed=1),
        likert, match=(r"n_boot",)),
    Bad("resample.bootstrap", TYPE, lambda d: sxm.resample.bootstrap("mean", d, n_boot=10, seed=1), likert,
        SurveyTypeError, (r"statistic", r"callable|function")),
    Bad("resample.bootstrap", VALUE, lambda d: sxm.resample.bootstrap(lambda s: s.mean().to_numpy(), d, n_boot=10, seed=1,
                                                                      n_jobs=0), likert, match=(r"n_jobs",)),
    Bad("resample.bootstrap", EMPTY, lambda d: sxm.resample.bootstrap(lambda s: s.mean().to_numpy(), d, n_boot=10, seed=1),
        lambda: likert().iloc[:0], match=(r"respondent|empty|at least|rows",)),
    Bad("resample.percentile_ci", VALUE, lambda d: sxm.resample.percentile_ci(np.ones((10, 2)), level=1.5),
        match=(r"level", r"between 0 and 1", r"1\.5")),
    Bad("resample.percentile_ci", TYPE, lambda d: sxm.resample.percentile_ci("draws"), exc=SurveyTypeError,
        match=(r"draws",)),
    Bad("resample.bootstrap", VALUE, lambda d: sxm.resample.bootstrap(lambda s: s.mean().to_numpy(), d, n_boot=10,
                                                                      seed=1, scheduler="cluster"), likert,
        match=(r"scheduler", r"tcp://", r"'cluster'"), name="scheduler"),
    Bad("resample.map_tasks", TYPE, lambda d: sxm.resample.map_tasks("mean", [1, 2]), exc=SurveyTypeError,
        match=(r"function", r"callable")),
    Bad("resample.map_tasks", VALUE, lambda d: sxm.resample.map_tasks(lambda s, t: t, [1, 2], n_jobs=1.5),
        match=(r"n_jobs", r"1\.5"), name="n_jobs"),
    Bad("resample.seed_for", TYPE, lambda d: sxm.resample.seed_for("abc", 1), exc=SurveyTypeError,
        match=(r"seed", r"abc")),
    Bad("resample.check_scheduler", VALUE, lambda d: sxm.resample.check_scheduler("my-laptop:8786"),
        match=(r"scheduler", r"tcp://host:8786", r"my-laptop")),
    Bad("resample.check_scheduler", TYPE, lambda d: sxm.resample.check_scheduler(8786), exc=SurveyTypeError,
        match=(r"scheduler", r"8786"), name="number"),
]

# ---- sxm.power -------------------------------------------------------------------------
POP = "x =~ 0.7*x1 + 0.7*x2 + 0.7*x3; y =~ 0.7*y1 + 0.7*y2 + 0.7*y3; y ~ 0.3*x"
C += [
    Bad("power.rmsea_power", VALUE, lambda d: sxm.power.rmsea_power(40, 100, rmsea0=0.05, rmsea1=0.05),
        match=(r"rmsea1", r"differ", r"0\.05")),
    Bad("power.rmsea_power", TYPE, lambda d: sxm.power.rmsea_power("40", 100), exc=SurveyTypeError,
        match=(r"df", r"whole number", r"'40'"), name="text df"),
    Bad("power.rmsea_power", VALUE, lambda d: sxm.power.rmsea_power(40, 1), match=(r"n", r"at least 2", r"1"),
        name="one respondent"),
    Bad("power.rmsea_power", VALUE, lambda d: sxm.power.rmsea_power(40, 100, alpha=0.95),
        match=(r"alpha", r"significance", r"0\.95"), name="alpha"),
    Bad("power.rmsea_sample_size", VALUE, lambda d: sxm.power.rmsea_sample_size(40, power=80),
        match=(r"power", r"between 0 and 1", r"80")),
    Bad("power.rmsea_sample_size", VALUE, lambda d: sxm.power.rmsea_sample_size(40, rmsea1=-0.01),
        match=(r"rmsea1", r"negative", r"-0\.01"), name="negative rmsea"),
    Bad("power.lr_power", VALUE, lambda d: sxm.power.lr_power(POP, 100, drop="y ~ q"),
        match=(r"'y ~ q'|'q'", r"no regression")),
    Bad("power.lr_power", VALUE, lambda d: sxm.power.lr_power(POP, 100), match=(r"drop, restricted", r"give one"),
        name="neither drop nor restricted"),
    Bad("power.lr_power", TYPE, lambda d: sxm.power.lr_power({"x": ["x1"]}, 100, drop="y ~ x"), exc=SurveyTypeError,
        match=(r"population", r"lavaan syntax", r"dict"), name="blocks dict"),
    Bad("power.monte_carlo", VALUE, lambda d: sxm.power.monte_carlo("x =~ x1 + 0.7*x2 + 0.7*x3", 100),
        match=(r"'x1'", r"population value"), name="no value"),
    Bad("power.monte_carlo", VALUE, lambda d: sxm.power.monte_carlo(POP, 100, reps=0),
        match=(r"reps", r"replications", r"0")),
    Bad("power.monte_carlo", VALUE, lambda d: sxm.power.monte_carlo(POP, 100, missing=1.5),
        match=(r"missing", r"\[0, 1\)", r"1\.5"), name="missing share"),
    Bad("power.monte_carlo", VALUE, lambda d: sxm.power.monte_carlo(POP, 100, missing_method="pairwise"),
        match=(r"missing_method", r"listwise", r"'pairwise'"), name="missing method"),
    Bad("power.monte_carlo", VALUE, lambda d: sxm.power.monte_carlo(POP, [100, 2]),
        match=(r"n", r"at least 3", r"2"), name="tiny n"),
    Bad("power.monte_carlo", VALUE, lambda d: sxm.power.monte_carlo(POP, 100, levels=1),
        match=(r"levels", r"at least 2"), name="levels"),
    Bad("power.monte_carlo", VALUE, lambda d: sxm.power.monte_carlo(POP, 100, scheduler="cluster"),
        match=(r"scheduler", r"tcp://", r"'cluster'"), name="scheduler"),
    Bad("power.sample_size", VALUE, lambda d: sxm.power.sample_size(POP, "y ~ x", power=1.2),
        match=(r"power", r"between 0 and 1", r"1\.2")),
    Bad("power.sample_size", VALUE, lambda d: sxm.power.sample_size(POP, "y ~ x", n_min=200, n_max=100),
        match=(r"n_max", r"at least 201", r"100"), name="empty range"),
    Bad("power.sample_size", TYPE, lambda d: sxm.power.sample_size(POP, 3, reps=2, progress=False),
        exc=SurveyTypeError, match=(r"target", r"3"), name="target"),
    Bad("power.plot_power", MISSING_COL, lambda d: sxm.power.plot_power(pd.DataFrame({"n": [100], "pwr": [0.5]})),
        match=(q("power"),)),
    Bad("power.plot_power", TYPE, lambda d: sxm.power.plot_power("table"), exc=SurveyTypeError,
        match=(r"result", r"DataFrame"), name="text"),
]

C += [
    Bad("datasets.info", VALUE, lambda d: sxm.datasets.info("no_such_set"), match=(r"no_such_set", r"bundled")),
    Bad("datasets.info", TYPE, lambda d: sxm.datasets.info(3), exc=SurveyTypeError, match=(r"name", r"int")),
]

C += [
    Bad("priorities.derived_importance", TYPE,
        lambda d: sxm.priorities.derived_importance(d.assign(seg="a"), ["d1", "d2"], "overall", by=["seg"]),
        drivers_frame, exc=SurveyTypeError, match=(r"by", r"one grouping column", r"\['seg'\]"), name="by as a list"),
    Bad("servqual.summarize", VALUE, lambda d: sxm.servqual.summarize(d, per="item", weights={
        "tangibles": 20, "reliability": 20, "responsiveness": 20, "assurance": 20, "empathy": 20}), servqual_frame,
        match=(r"weights", r"per='item'"), name="weights per item"),
]

# ---- sxm.io option checks, sxm.resample.check_resampling --------------------------------
C += [
    Bad("io.check_level", VALUE, lambda d: sxm.io.check_level(1.5), match=(r"level", r"between 0 and 1", r"1\.5")),
    Bad("io.check_level", TYPE, lambda d: sxm.io.check_level("95%"), match=(r"level", r"95%")),
    Bad("io.check_alpha", VALUE, lambda d: sxm.io.check_alpha(0.95), match=(r"alpha", r"significance", r"0\.95")),
    Bad("runner.load_chapter", MISSING_COL, lambda d: sxm.runner.load_chapter("notebooks/99_nothing.ipynb"),
        match=(r"99_nothing", r"no such file")),
    Bad("io.offending", TYPE, lambda d: sxm.io.offending([1, 2], [True, False]), exc=SurveyTypeError,
        match=(r"series", r"Series")),
    Bad("io.pseudonymize", TYPE, lambda d: sxm.io.pseudonymize(d, ["x1"], salt="s", length=12.7), likert,
        exc=SurveyTypeError, match=(r"length", r"12\.7"), name="fractional length"),
    Bad("io.require_columns", TYPE, lambda d: sxm.io.require_columns([1, 2], ["x1"]), exc=SurveyTypeError,
        match=(r"data", r"DataFrame")),
    Bad("io.check_not_constant", MISSING_COL, lambda d: sxm.io.check_not_constant(d, ["x9"]), likert,
        match=(q("x9"),), name="unknown column"),
    Bad("io.check_scale", TYPE, lambda d: sxm.io.check_scale([[1, 2]], (1, 7)), exc=SurveyTypeError,
        match=(r"frame", r"DataFrame"), name="not a frame"),
    Bad("io.expand_items", TYPE, lambda d: sxm.io.expand_items(d, 3), likert, exc=SurveyTypeError,
        match=(r"items", r"3"), name="a number"),
    Bad("io.offending", VALUE, lambda d: sxm.io.offending(d["x1"], [False] * len(d)), likert,
        match=(r"mask", r"no offending"), name="nothing offends"),
    Bad("io.complete_rows", TYPE, lambda d: sxm.io.complete_rows([1, 2]), exc=SurveyTypeError,
        match=(r"frame", r"DataFrame")),
    Bad("io.check_choice", VALUE, lambda d: sxm.io.check_choice("missing", "pairwise", ("listwise", "fiml")),
        match=(r"missing", r"listwise", r"pairwise")),
    Bad("resample.check_resampling", VALUE, lambda d: sxm.resample.check_resampling(-1), match=(r"n_boot", r"-1")),
    Bad("resample.check_resampling", VALUE, lambda d: sxm.resample.check_resampling(10.5), match=(r"n_boot", r"10\.5"),
        name="fraction"),
    Bad("resample.check_resampling", TYPE, lambda d: sxm.resample.check_resampling(10, seed="abc"),
        exc=SurveyTypeError, match=(r"seed", r"abc"), name="seed"),
    Bad("resample.check_resampling", VALUE, lambda d: sxm.resample.check_resampling(10, n_jobs=0),
        match=(r"n_jobs",), name="n_jobs"),
    Bad("resample.check_resampling", TYPE, lambda d: sxm.resample.check_resampling(10, progress="yes"),
        exc=SurveyTypeError, match=(r"progress",), name="progress"),
]

# ---- sxm.model: lavaan syntax, blocks -----------------------------------------------------
C += [
    Bad("model.parse", TYPE, lambda d: sxm.model.parse(["f =~ x1"]), exc=SurveyTypeError, match=(r"model", r"list")),
    Bad("model.parse", VALUE, lambda d: sxm.model.parse("f =~ x1 +"), match=(r"line 1", r"term")),
    Bad("model.parse", VALUE, lambda d: sxm.model.parse("f = x1 + x2"), match=(r"line 1", r"cannot be read"),
        name="no operator"),
    Bad("model.parse", VALUE, lambda d: sxm.model.parse("y ~ a*x; z := a*q"), match=(r"'q'", r"label"),
        name="unknown label"),
    Bad("model.parse", EMPTY, lambda d: sxm.model.parse("# nothing"), match=(r"empty",)),
    Bad("model.as_model", TYPE, lambda d: sxm.model.as_model(42), exc=SurveyTypeError, match=(r"model", r"int")),
    Bad("model.as_model", VALUE, lambda d: sxm.model.as_model({"a": ["x1"], "b": ["x2"]}, paths=[("a", "c")]),
        match=(r"'c'", r"unknown construct")),
    Bad("model.check_variables", MISSING_COL, lambda d: sxm.model.check_variables("f =~ x1 + x9", d), likert,
        match=(q("x9"), r"not a column")),
    Bad("model.check_variables", VALUE, lambda d: sxm.model.check_variables("x1 =~ x2 + x3", d), likert,
        match=(q("x1"), r"construct"), name="construct is a column"),
    Bad("model.check_blocks", MISSING_COL, lambda d: sxm.model.check_blocks({"f": ["x1", "x9"]}, d), likert,
        match=(q("x9"), r"not a column")),
    Bad("model.check_blocks", COUNTS, lambda d: sxm.model.check_blocks({"f": ["x1"]}, d, min_items=2), likert,
        match=(q("f"), r"at least 2")),
    Bad("model.check_blocks", VALUE, lambda d: sxm.model.check_blocks({"f": ["x1", "x2"], "g": ["x2", "x3"]}, d),
        likert, match=(q("x2"), r"one construct"), name="item twice"),
    Bad("model.check_blocks", TYPE, lambda d: sxm.model.check_blocks(["x1", "x2"], d), likert, exc=SurveyTypeError,
        match=(r"blocks",)),
    Bad("model.topological_order", VALUE, lambda d: sxm.model.topological_order(["a", "b"], [("a", "b"), ("b", "a")]),
        match=(r"cycle", q("a"))),
    Bad("model.composite_scores", TEXT, lambda d: sxm.model.composite_scores(d.assign(x2="many"), {"f": ["x1", "x2"]}),
        likert, match=(q("x2"), r"numbers", r"many")),
    Bad("model.composite_scores", SCALE, lambda d: sxm.model.composite_scores(d, {"f": ["x1", "x2"]}, scale=(1, 5)),
        lambda: likert().assign(x1=7), match=(q("x1"), r"scale 1 to 5", r"7")),
    Bad("model.measurement_syntax", VALUE, lambda d: sxm.model.measurement_syntax({"f": ["x 1", "x2"]}),
        match=(r"x 1", r"letter")),
    Bad("model.measurement_model", TYPE, lambda d: sxm.model.measurement_model(3), exc=SurveyTypeError,
        match=(r"description",)),
    Bad("model.drop_path", VALUE, lambda d: sxm.model.drop_path("y ~ x", "y ~ z"), match=(r"no regression", q("z"))),
]

# ---- sxm.formulas: plain formulas, no validation by design ------------------------------
PLAIN_FORMULAS = {f"formulas.{name}": "plain numeric formula on validated arrays; callers validate"
                  for name in sxm.formulas.__all__}

# ---- sxm.runner / sxm.cli: notebook parameters -----------------------------------------
C += [
    Bad("runner.check_parameters", PARAMETER, lambda d: sxm.runner.check_parameters(chapter(), {"N_BOOTS": "200"}),
        match=(r"unknown parameter 'N_BOOTS'", r"valid parameters are")),
    Bad("runner.check_parameters", TYPE, lambda d: sxm.runner.check_parameters(chapter(), {"SEED": "abc"}),
        match=(r"SEED", r"expects int"), name="text for an int"),
    Bad("runner.check_parameters", MISSING_COL,
        lambda d: sxm.runner.check_parameters(chapter(), {"DATA": "/nonexistent/my_survey.csv"}),
        match=(r"DATA", r"my_survey\.csv", r"no such file|does not exist|not found"), name="DATA file does not exist"),
    Bad("runner.coerce", TYPE, lambda d: sxm.runner.coerce(sxm.runner.Parameter("FLAG", True, ""), "maybe"),
        match=(r"FLAG", r"True or False")),
    Bad("runner.find", VALUE, lambda d: sxm.runner.find(["99"]), match=(r"unknown chapter '99'",)),
    Bad("runner.chapters", MISSING_COL, lambda d: sxm.runner.chapters(Path("/nonexistent/notebooks")),
        match=(r"nonexistent|no such|folder",), name="no such folder"),
    Bad("runner.execute", PARAMETER, lambda d: sxm.runner.execute(chapter(), {"NOT_A_PARAM": 1}, out_dir="/tmp"),
        match=(r"unknown parameter 'NOT_A_PARAM'",)),
    Bad("runner.execute", VALUE, lambda d: sxm.runner.execute(chapter(), {"SEED": 3}, inplace=True),
        match=(r"--inplace", r"default parameters")),
    Bad("runner.normalize", MISSING_COL, lambda d: sxm.runner.normalize(Path("/nonexistent/x.ipynb")),
        exc=FileNotFoundError, match=(r"x\.ipynb", r"No such file"), survey_error=False),
]

# ---- sxm.export: tables and figures out ---------------------------------------------------
C += [
    Bad("export.write_workbook", TYPE, lambda d: sxm.export.write_workbook(d, _TMP["dir"] / "t.xlsx"),
        lambda: ["a table"], exc=SurveyTypeError, match=(r"tables", r"dict of title"), name="a list"),
    Bad("export.write_workbook", EMPTY, lambda d: sxm.export.write_workbook({}, _TMP["dir"] / "t.xlsx"),
        exc=SurveyTypeError, match=(r"tables", r"non-empty")),
    Bad("export.write_workbook", TYPE, lambda d: sxm.export.write_workbook({"t": d}, _TMP["dir"] / "t.xlsx"),
        lambda: [[1, 2]], exc=SurveyTypeError, match=(r"tables\['t'\]", r"DataFrame"), name="a list as a table"),
    Bad("export.write_csv", TYPE, lambda d: sxm.export.write_csv(d, _TMP["dir"] / "t.csv"), lambda: {"a": [1]},
        exc=SurveyTypeError, match=(r"table", r"DataFrame", r"dict")),
    Bad("export.save_figure", TYPE, lambda d: sxm.export.save_figure(d, _TMP["dir"] / "f"), lambda: "figure",
        exc=SurveyTypeError, match=(r"figure", r"Figure or Axes", r"str")),
    Bad("export.sheet_names", TYPE, lambda d: sxm.export.sheet_names(["ok", 3]), exc=SurveyTypeError,
        match=(r"titles", r"text", r"3")),
    Bad("export.export_path", VALUE, lambda d: sxm.export.export_path(""), match=(r"tables", r"empty")),
    Bad("export.export_path", TYPE, lambda d: sxm.export.export_path(3), exc=SurveyTypeError,
        match=(r"tables", r"path", r"int")),
    Bad("nb.show", TYPE, lambda d: sxm.nb.show(d.to_numpy()), likert, SurveyTypeError, (r"table", r"DataFrame", r"ndarray")),
    Bad("nb.show", VALUE, lambda d: sxm.nb.show(d, "t", digits=20), likert, match=(r"digits", r"0 to 15", r"20")),
    Bad("nb.setup", TYPE, lambda d: sxm.nb.setup(tables=["out"]), exc=SurveyTypeError, match=(r"tables", r"path"),
        name="tables as a list"),
    Bad("runner.tables_path", PARAMETER, lambda d: sxm.runner.tables_path("out/t", sxm.runner.Chapter(
        "09", Path("09_x.ipynb"), "x", {"SEED": sxm.runner.Parameter("SEED", 1, "")})),
        match=(r"09_x\.ipynb", r"no TABLES parameter")),
    Bad("runner.execute", VALUE, lambda d: sxm.runner.execute(chapter(), inplace=True, tables="out/t"),
        match=(r"--tables", r"--inplace"), name="tables in place"),
]

# ---- sxm.nb / sxm.plots ----------------------------------------------------------------
C += [
    Bad("nb.setup", TYPE, lambda d: sxm.nb.setup(seed="2026"), exc=SurveyTypeError, match=(r"seed", r"int")),
    Bad("nb.fmt_p", VALUE, lambda d: sxm.nb.fmt_p(1.5), match=(r"p", r"0 and 1|\[0, 1\]|between")),
    Bad("nb.fmt_p", TYPE, lambda d: sxm.nb.fmt_p("0.03"), exc=SurveyTypeError, match=(r"p", r"number")),
    Bad("plots.get_ax", TYPE, lambda d: sxm.plots.get_ax("axes"), exc=SurveyTypeError, match=(r"ax", r"Axes")),
    Bad("plots.path_diagram", TYPE, lambda d: sxm.plots.path_diagram({"name": ["a"]}, pd.DataFrame()),
        exc=SurveyTypeError, match=(r"nodes", r"DataFrame")),
    Bad("plots.path_diagram", MISSING_COL,
        lambda d: sxm.plots.path_diagram(pd.DataFrame({"name": ["a"]}), pd.DataFrame(columns=["source", "target", "kind", "est"])),
        match=(q("kind"),)),
    Bad("plots.path_diagram", VALUE,
        lambda d: sxm.plots.path_diagram(pd.DataFrame({"name": ["a"], "kind": ["factor"]}),
                                         pd.DataFrame(columns=["source", "target", "kind", "est"])),
        match=(r"kind", r"latent", r"'factor'")),
    Bad("plots.path_diagram", MISSING_COL,
        lambda d: sxm.plots.path_diagram(pd.DataFrame({"name": ["a"], "kind": ["latent"]}),
                                         pd.DataFrame({"source": ["a"], "target": ["b"], "kind": ["path"], "est": [0.3]})),
        match=(r"target", r"'b'"), name="edge to an unknown node"),
    Bad("plots.path_diagram", VALUE,
        lambda d: sxm.plots.path_diagram(pd.DataFrame({"name": ["a"], "kind": ["latent"]}),
                                         pd.DataFrame(columns=["source", "target", "kind", "est"]), engine="svg"),
        match=(r"engine", r"'svg'"), name="engine"),
    Bad("plots.path_dot", TEXT,
        lambda d: sxm.plots.path_dot(pd.DataFrame({"name": ["a", "b"], "kind": ["latent", "observed"]}),
                                     pd.DataFrame({"source": ["a"], "target": ["b"], "kind": ["loading"], "est": ["high"]})),
        exc=SurveyTypeError, match=(r"est", r"'high'")),
    Bad("nb.quiet_progress", TYPE, lambda d: sxm.nb.quiet_progress("yes"), exc=SurveyTypeError,
        match=(r"quiet", r"True or False", r"'yes'")),
    Bad("plots.set_theme", VALUE, lambda d: sxm.plots.set_theme(font_scale=-1), match=(r"font_scale",)),
    Bad("plots.quadrant_chart", COUNTS,
        lambda d: sxm.plots.quadrant_chart([1, 2, 3], [1, 2], ["a", "b", "c"], x_cut=1.5, y_cut=1.5,
                                           quadrant_names={"top_right": "keep"}),
        match=(r"x|y|labels", r"same length|3|2")),
]

# ---- sxm.i18n / sxm.editions: the two editions -------------------------------------------
C += [
    Bad("nb.setup", VALUE, lambda d: sxm.nb.setup(seed=1, lang="fr"), match=(r"lang", r"'en'", r"'zh'", r"'fr'"),
        name="unknown language"),
    Bad("i18n.t", VALUE, lambda d: sxm.i18n.t("kano.quadrant.atractive"), match=(r"atractive", r"not in", r"kano\.")),
    Bad("i18n.t", TYPE, lambda d: sxm.i18n.t("journey.title", lang=2), exc=SurveyTypeError, match=(r"lang", r"2")),
    Bad("i18n.set_lang", VALUE, lambda d: sxm.i18n.set_lang("cn"), match=(r"lang", r"'zh'", r"'cn'")),
    Bad("i18n.check_lang", TYPE, lambda d: sxm.i18n.check_lang(None), exc=SurveyTypeError, match=(r"lang", r"None")),
    Bad("i18n.label", VALUE, lambda d: sxm.i18n.label("business", lang="cn"), match=(r"lang", r"'zh'", r"'cn'")),
    Bad("i18n.labels", TYPE, lambda d: sxm.i18n.labels(lang=["zh"]), exc=SurveyTypeError, match=(r"lang", r"zh")),
    Bad("i18n.relabel", TYPE, lambda d: sxm.i18n.relabel(["pick-up wait"], "zh"), exc=SurveyTypeError,
        match=(r"table", r"DataFrame", r"list")),
    Bad("i18n.relabel", VALUE, lambda d: sxm.i18n.relabel(pd.DataFrame({"a": [1]}), "english"),
        match=(r"lang", r"'english'"), name="unknown language"),
    Bad("datasets.labels", VALUE, lambda d: sxm.datasets.labels("no_such_set"), match=(r"no_such_set", r"bundled")),
    Bad("datasets.labels", TYPE, lambda d: sxm.datasets.labels(3), exc=SurveyTypeError, match=(r"name", r"int")),
    Bad("editions.folder", VALUE, lambda d: sxm.editions.folder("english"), match=(r"lang", r"'english'")),
    Bad("editions.translation_path", TYPE, lambda d: sxm.editions.translation_path(2), exc=SurveyTypeError,
        match=(r"english", r"path", r"2")),
    Bad("editions.source_hash", TYPE, lambda d: sxm.editions.source_hash(["# title"]), exc=SurveyTypeError,
        match=(r"text", r"string", r"list")),
    Bad("editions.check", MISSING_COL, lambda d: sxm.editions.check("/nonexistent/02_x.ipynb"),
        match=(r"02_x\.ipynb", r"does not exist")),
    Bad("editions.build", MISSING_COL, lambda d: sxm.editions.build("/nonexistent/02_x.ipynb"),
        match=(r"02_x\.ipynb", r"does not exist")),
    Bad("editions.zh_parameters", VALUE, lambda d: sxm.editions.zh_parameters("SEED = 2026", "02_x.ipynb, cell p"),
        match=(r"02_x\.ipynb, cell p", r'one line LANG = "en"')),
]


def _cli(argv):
    """Run the ``sxm`` command; a non-zero exit becomes a SurveyError carrying what it printed."""
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = sxm.cli.main(argv)
    if code != 0:
        raise SurveyError(f"exit status {code}: {err.getvalue().strip()}")
    return code


C += [
    Bad("cli.main", PARAMETER, lambda d: _cli(["run", chapter().number, "-p", "NOT_A_PARAM", "1", "--out", "/tmp/sxm-x"]),
        match=(r"exit status 2", r"unknown parameter 'NOT_A_PARAM'", r"valid parameters are")),
    Bad("cli.main", VALUE, lambda d: _cli(["run", "99"]), match=(r"exit status 2", r"unknown chapter '99'")),
    Bad("cli.main", TYPE, lambda d: _cli(["run", chapter().number, "-p", "SEED", "many", "--out", "/tmp/sxm-x"]),
        match=(r"exit status 2", r"SEED", r"expects int"), name="text for an int"),
    Bad("cli.main", MISSING_COL, lambda d: _cli(["run", chapter().number, "-f", "/nonexistent/params.yaml"]),
        match=(r"exit status 2", r"no such parameters file")),
]


# ---- options a user mistypes (second sweep) -----------------------------------------------
C += [
    Bad("kano.summarize", VALUE, lambda d: sxm.kano.summarize(d, fong_z=-1), kano_frame, match=(r"fong_z", r"positive")),
    Bad("kano.summarize", ALL_NAN, lambda d: sxm.kano.summarize(d, by="segment"),
        lambda: kano_frame().assign(segment=np.nan), match=(q("segment"), r"no values|all missing"), name="segment"),
    Bad("kano.bootstrap", VALUE, lambda d: sxm.kano.bootstrap(d, n_boot=10, seed=1, level=2, progress=False), kano_frame,
        match=(r"level", r"between 0 and 1"), name="level"),
    Bad("kano.plot_better_worse", VALUE, lambda d: sxm.kano.plot_better_worse(d, cut="middle"), kano_summary,
        match=(r"cut", r"'middle'")),
    Bad("metrics.csat", VALUE, lambda d: sxm.metrics.csat(d, "sat", top=0), metrics_frame, match=(r"top", r"got 0"),
        name="top = 0"),
    Bad("metrics.csat", VALUE, lambda d: sxm.metrics.csat(d, "sat", scale=(5, 1)), metrics_frame,
        match=(r"scale", r"low must be below high"), name="reversed scale"),
    Bad("metrics.csat", VALUE, lambda d: sxm.metrics.csat(d, "sat", method="exact"), metrics_frame,
        match=(r"method", r"'exact'"), name="method"),
    Bad("metrics.csat", TYPE, lambda d: sxm.metrics.csat(d, ["sat"]), metrics_frame, match=(r"item", r"one column"),
        name="list of items"),
    Bad("metrics.nps", VALUE, lambda d: sxm.metrics.nps(d, "rec", level=0), metrics_frame, match=(r"level", r"between 0 and 1")),
    Bad("metrics.ces", MISSING_COL, lambda d: sxm.metrics.ces(d, "effort", by="zzz"), metrics_frame,
        match=(q("zzz"), r"segment column"), name="segment column"),
    Bad("metrics.nps_sample_size", VALUE, lambda d: sxm.metrics.nps_sample_size(5, level=1.5),
        match=(r"level", r"between 0 and 1"), name="level"),
    Bad("metrics.experience_index", TYPE, lambda d: sxm.metrics.experience_index(d, ELEMENTS, {"employees": "half", "facilities": "half"}),
        metrics_frame, match=(r"weights\['employees'\]", r"number"), name="text weights"),
    Bad("metrics.experience_index", EMPTY, lambda d: sxm.metrics.experience_index(d, {}, {}), metrics_frame,
        match=(r"blocks", r"at least one construct"), name="no elements"),
    Bad("servqual.summarize", VALUE, lambda d: sxm.servqual.summarize(d, level=0), servqual_frame,
        match=(r"level", r"got 0"), name="level = 0"),
    Bad("servqual.score", EMPTY, lambda d: sxm.servqual.score(d, dimensions={}), servqual_frame,
        match=(r"dimensions", r"must map"), name="no dimensions"),
    Bad("servqual.zone_of_tolerance", VALUE, lambda d: sxm.servqual.zone_of_tolerance(d),
        lambda: zone_frame().assign(**{f"D{i}": 1 for i in range(1, 23)}, **{f"A{i}": 7 for i in range(1, 23)}),
        match=(r"desired", r"adequate"), name="desired below adequate"),
    Bad("pls.fit", VALUE, lambda d: sxm.pls.fit(d, PLS_BLOCKS, PLS_PATHS, n_boot=-1), pls_frame,
        match=(r"n_boot", r"-1"), name="n_boot = -1"),
    Bad("pls.fit", VALUE, lambda d: sxm.pls.fit(d, PLS_BLOCKS, PLS_PATHS, mode="C"), pls_frame, match=(r"mode", r"'C'"),
        name="mode"),
    Bad("pls.fit", EMPTY, lambda d: sxm.pls.fit(d, PLS_BLOCKS, []), pls_frame, match=(r"model", r"at least one structural path"),
        name="no paths"),
    Bad("pls.fit", TYPE, lambda d: sxm.pls.fit(d, PLS_BLOCKS, {"B": ["A"]}), pls_frame, match=(r"paths", r"list"),
        name="paths as dict"),
    Bad("pls.fit", EMPTY, lambda d: sxm.pls.fit(d, {"A": [], "B": ["x4"]}, PLS_PATHS), pls_frame,
        match=(r"'A'", r"no items"), name="empty block"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit(HS_MODEL, d, n_boot=-5), holzinger, match=(r"n_boot", r"-5"),
        name="n_boot = -5"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit(HS_MODEL, d, n_boot=10, n_jobs=0), holzinger, match=(r"n_jobs", r"got 0"),
        name="n_jobs = 0"),
    Bad("sem.fit", EMPTY, lambda d: sxm.sem.fit(HS_MODEL, d.iloc[:5]), holzinger,
        match=(r"singular", r"fewer respondents than items"), name="5 respondents, 9 items"),
    Bad("sem.fit", EMPTY, lambda d: sxm.sem.fit("", d), holzinger, match=(r"model", r"empty"),
        name="empty model"),
    Bad("sem.fit", TYPE, lambda d: sxm.sem.fit(None, d), holzinger, SurveyTypeError, (r"model", r"lavaan syntax"),
        name="no model"),
    Bad("sem.fit", MISSING_COL, lambda d: sxm.sem.fit(HS_MODEL, d, by="zzz"), holzinger,
        match=(q("zzz"), r"grouping column"), name="grouping column"),
    Bad("sem.fit", TYPE, lambda d: sxm.sem.fit(HS_MODEL, sample_cov=d.to_numpy(), sample_nobs=301), holzinger_cov,
        SurveyTypeError, (r"sample_cov", r"DataFrame", r"ndarray"), name="sample_cov as an array"),
    Bad("sem.fit", TYPE, lambda d: sxm.sem.fit(HS_MODEL, sample_cov=d, sample_nobs="301"), holzinger_cov,
        SurveyTypeError, (r"sample_nobs", r"whole number", r"'301'"), name="sample_nobs as text"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit(HS_MODEL, sample_cov=d), holzinger_cov,
        match=(r"sample_nobs", r"number of respondents"), name="sample_cov without sample_nobs"),
    Bad("sem.fit", MISSING_COL, lambda d: sxm.sem.fit(HS_MODEL, sample_cov=d.drop(index="x9", columns="x9"),
                                                      sample_nobs=301), holzinger_cov,
        match=(q("x9"), r"model variable"), name="sample_cov lacks a model variable"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit(HS_MODEL, sample_cov=d, sample_nobs=301, n_boot=10), holzinger_cov,
        match=(r"sample_cov", r"n_boot", r"respondents' answers"), name="sample_cov with n_boot"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit(HS_MODEL, sample_cov=d, sample_nobs=301, missing="fiml"), holzinger_cov,
        match=(r"sample_cov", r"fiml", r"respondents' answers"), name="sample_cov with fiml"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit(HS_MODEL, sample_cov=d, sample_nobs=301, by="school"), holzinger_cov,
        match=(r"sample_cov", r"by", r"respondents' answers"), name="sample_cov with by"),
    Bad("sem.fit", VALUE, lambda d: sxm.sem.fit(HS_MODEL, sample_cov=d.assign(x1=d["x1"] + 0.5), sample_nobs=301),
        holzinger_cov, match=(r"sample_cov", r"symmetric", q("x1")), name="asymmetric sample_cov"),
    Bad("sem.fit", CONSTANT, lambda d: sxm.sem.fit(HS_MODEL, sample_cov=d.assign(x4=0.0).T.assign(x4=0.0),
                                                   sample_nobs=301), holzinger_cov,
        match=(q("x4"), r"must vary"), name="zero variance in sample_cov"),
    Bad("reliability.htmt", VALUE, lambda d: sxm.reliability.htmt(d, BLOCKS, method="htmt3"), two_blocks,
        match=(r"method", r"'htmt3'")),
    Bad("reliability.cronbach_alpha", VALUE, lambda d: sxm.reliability.cronbach_alpha(d, BLOCKS, level=2), two_blocks,
        match=(r"level", r"got 2")),
    Bad("reliability.reliability_table", VALUE, lambda d: sxm.reliability.reliability_table(d, BLOCKS, convention="x"),
        two_blocks, match=(r"convention", r"'x'")),
    Bad("reliability.reliability_table", DUP_ID,
        lambda d: sxm.reliability.reliability_table(d, {"f1": ["x1", "x2", "x3"], "f2": ["x3", "x4", "x5"]}), two_blocks,
        match=(q("x3"), r"one construct only"), name="item in two constructs"),
    Bad("reliability.composite_reliability", EMPTY, lambda d: sxm.reliability.composite_reliability([]),
        match=(r"loadings", r"at least one")),
    Bad("journey.tokenize", TYPE, lambda d: sxm.journey.tokenize(["queue too long"]), exc=SurveyTypeError,
        match=(r"texts", r"Series", r"list")),
    Bad("journey.summarize", VALUE, lambda d: sxm.journey.summarize(d, alpha=2), journey_frame, match=(r"alpha", r"got 2"),
        name="alpha"),
    Bad("journey.summarize", VALUE, lambda d: sxm.journey.summarize(d, emotion_quantile=1.5), journey_frame,
        match=(r"emotion_quantile", r"1\.5"), name="quantile"),
    Bad("journey.top_terms", VALUE, lambda d: sxm.journey.top_terms(d, sentiment="happy"), journey_frame,
        match=(r"sentiment", r"'happy'"), name="sentiment"),
    Bad("journey.validate", TEXT, lambda d: sxm.journey.validate(d.assign(order="first")), journey_frame,
        match=(q("order"), r"number"), name="order"),
    Bad("priorities.ipa", VALUE, lambda d: sxm.priorities.ipa(d, importance="imp", performance="perf", cut=(1,)), ipa_table,
        match=(r"cut", r"two entries"), name="cut pair"),
    Bad("priorities.plan", KANO_CODE, lambda d: sxm.priorities.plan(pd.Series({"a": -1.0}), pd.Series({"a": 1.0}),
                                                                    kano_weights={"Z": 2}),
        match=(r"kano_weights", r"'Z'"), name="kano_weights"),
    Bad("priorities.plan", TEXT, lambda d: sxm.priorities.plan(pd.Series({"a": "big"}), pd.Series({"a": 1.0})),
        match=(r"gaps", r"'a'", r"'big'"), name="text gap"),
    Bad("priorities.derived_importance", EMPTY,
        lambda d: sxm.priorities.derived_importance(d.iloc[:3], ["d1", "d2", "d3"], "overall"), drivers_frame,
        match=(r"at least 5 complete rows", r"found 3"), name="too few rows"),
    Bad("simulate.latent_survey", VALUE, lambda d: sxm.simulate.latent_survey("f =~ .7*x1 + .7*x2", n=50, missing=1.5, seed=1),
        match=(r"missing", r"1\.5"), name="missing share"),
    Bad("simulate.latent_survey", VALUE, lambda d: sxm.simulate.latent_survey(
        "f =~ .7*x1; g =~ .7*y1; f ~ .3*g; g ~ .3*f", n=50, seed=1),
        match=(r"cycle", r"recursive"), name="cyclic structure"),
    Bad("simulate.latent_survey", VALUE, lambda d: sxm.simulate.latent_survey(
        "f =~ .7*x1; g =~ .7*y1; h =~ .7*z1; h ~ .9*f + .9*g; f ~~ .9*g", n=50, seed=1),
        match=(r"'h'", r"R²? ?< ?1|residual"), name="R2 above 1"),
    Bad("resample.bootstrap", TYPE, lambda d: sxm.resample.bootstrap(lambda x: x.mean().to_numpy(), d, n_boot=10, seed="abc"),
        likert, SurveyTypeError, (r"seed", r"'abc'"), name="text seed"),
    Bad("resample.bootstrap", TYPE, lambda d: sxm.resample.bootstrap(lambda x: x.mean(), [1, 2, 3], n_boot=10, seed=1),
        exc=SurveyTypeError, match=(r"data", r"DataFrame or ndarray"), name="list data"),
    Bad("io.read_survey", MISSING_COL, lambda d: sxm.io.read_survey(d, items="q*"), likert,
        match=(r"'q\*'", r"matches no column"), name="items pattern"),
    Bad("io.read_survey", MISSING_COL, lambda d: sxm.io.read_survey(d, id_column="rid"), likert,
        match=(q("rid"), r"id column"), name="id column"),
    Bad("io.pseudonymize", MISSING_COL, lambda d: sxm.io.pseudonymize(d, [], drop=["comment"]), likert,
        match=(q("comment"), r"missing"), name="drop column"),
    Bad("io.find_pii", VALUE, lambda d: sxm.io.find_pii(d, threshold=5), likert, match=(r"threshold", r"5")),
    Bad("datasets.load", SCALE, lambda d: sxm.datasets.load("service_experience", scale=(1, 3)),
        match=(r"column '", r"scale 1 to 3"), name="bundled data on a wrong scale"),
]


# --------------------------------------------------------------------------------------
# known gaps: rows whose function does not give a clear error yet (see the final report)
# --------------------------------------------------------------------------------------
KNOWN_GAPS: dict[str, str] = {
}

# functions with no input that could be bad
EXEMPT = {
    "datasets.catalog": "takes no arguments",
    "cli.build_parser": "takes no arguments",
    "editions.main": "a command line: reports bad input on stderr with exit status 2 (tests/test_i18n.py)",
    "i18n.get_lang": "takes no arguments",
    "i18n.font_path": "takes no arguments",
    "i18n.register_font": "takes no arguments",
    "i18n.use_fallback": "takes no arguments",
    "nb.interactive": "takes no arguments",
    "i18n.has_cjk": "any value is read as its text",
    "editions.load_translations": "a chapter without a file has no translations; malformed files: tests/test_i18n.py",
    **PLAIN_FORMULAS,
}


def _module_on_disk(module: str) -> bool:
    return (ROOT / "sxm" / f"{module}.py").exists() or (ROOT / "sxm" / module / "__init__.py").exists()


def _params():
    out = []
    for row in C:
        reason = row.xfail or KNOWN_GAPS.get(row.id)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(row, id=row.id, marks=marks))
    return out


def _snapshot(obj):
    return copy.deepcopy(obj)


def _assert_unchanged(before, after):
    if isinstance(before, pd.DataFrame):
        pd.testing.assert_frame_equal(after, before, check_exact=True)
        assert list(after.columns) == list(before.columns)
    elif isinstance(before, pd.Series):
        pd.testing.assert_series_equal(after, before, check_exact=True)
    elif isinstance(before, np.ndarray):
        np.testing.assert_array_equal(after, before)
    elif isinstance(before, dict):
        assert before.keys() == after.keys()
        for k in before:
            _assert_unchanged(before[k], after[k])
    else:
        assert after == before


@pytest.mark.parametrize("row", _params())
def test_bad_input(row: Bad, tmp_path):
    _TMP["dir"] = tmp_path
    module = row.func.split(".")[0]
    if not _module_on_disk(module):
        pytest.skip(f"sxm.{module} not available yet")
    data = row.data() if row.data is not None else None
    before = _snapshot(data)
    with pytest.raises(Exception) as info:
        row.call(data)
    err = info.value
    assert isinstance(err, row.exc), f"raised {type(err).__name__}: {err}"
    if row.survey_error:
        assert isinstance(err, SurveyError), f"raised {type(err).__name__} (not a SurveyError): {err}"
    message = str(err)
    for pattern in row.match:
        assert re.search(pattern, message), f"message does not match {pattern!r}: {message}"
    if data is not None:
        _assert_unchanged(before, data)


def _public_functions():
    found = []
    for module in sxm.__all__:
        if not _module_on_disk(module):
            continue
        mod = importlib.import_module(f"sxm.{module}")
        for name in getattr(mod, "__all__", []):
            if inspect.isfunction(getattr(mod, name, None)):
                found.append(f"{module}.{name}")
    return found


def test_every_public_function_has_a_row():
    covered = {row.func for row in C} | set(EXEMPT)
    missing = [f for f in _public_functions() if f not in covered]
    assert not missing, f"public functions without a bad-input row in tests/test_bad_input.py: {missing}"


def test_catalogue_names_only_real_functions():
    real = set(_public_functions())
    present = {row.func for row in C if _module_on_disk(row.func.split(".")[0])}
    assert not present - real, f"rows for functions that are not public: {sorted(present - real)}"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# --------------------------------------------------------------------------------------
# and on success: the caller's data are not modified either
# --------------------------------------------------------------------------------------
GOOD_CALLS = {
    "io.read_survey": (likert, lambda d: sxm.io.read_survey(d, scale=(1, 7))),
    "io.pseudonymize": (lambda: likert(extra={"mail": "a@b.org"}), lambda d: sxm.io.pseudonymize(d, ["mail"], salt="s")),
    "kano.summarize": (kano_frame, lambda d: sxm.kano.summarize(d, ["wifi"], importance="imp_{}", by="segment")),
    "kano.categories": (kano_frame, lambda d: sxm.kano.categories(d)),
    "metrics.nps": (metrics_frame, lambda d: sxm.metrics.nps(d, "rec", by="seg")),
    "metrics.experience_index": (metrics_frame, lambda d: sxm.metrics.experience_index(d, ELEMENTS, {"employees": 60, "facilities": 40})),
    "metrics.disconfirmation": (metrics_frame, lambda d: sxm.metrics.disconfirmation(
        d, {"employees": ["emp1", "emp2"]}, {"employees": ["exp_emp"]})),
    "reliability.reliability_table": (two_blocks, lambda d: sxm.reliability.reliability_table(d, BLOCKS)),
    "reliability.htmt": (two_blocks, lambda d: sxm.reliability.htmt(d, BLOCKS)),
    "reliability.polychoric": (two_blocks, lambda d: sxm.reliability.polychoric(d, missing="pairwise")),
    "sem.fit": (holzinger, lambda d: sxm.sem.fit(HS_MODEL, d)),
    "sem.drop_answers": (holzinger, lambda d: sxm.sem.drop_answers(d, ["x1", "x2"], 0.2, seed=1)),
    "pls.fit": (pls_frame, lambda d: sxm.pls.fit(d, PLS_BLOCKS, PLS_PATHS)),
    "servqual.summarize": (servqual_frame, lambda d: sxm.servqual.summarize(d, weights=SQ_WEIGHTS)),
    "servqual.zone_of_tolerance": (zone_frame, lambda d: sxm.servqual.zone_of_tolerance(d)),
    "journey.summarize": (journey_frame, lambda d: sxm.journey.summarize(d)),
    "priorities.derived_importance": (drivers_frame, lambda d: sxm.priorities.derived_importance(d, ["d1", "d2", "d3"], "overall")),
    "priorities.ipa": (ipa_table, lambda d: sxm.priorities.ipa(d, importance="imp", performance="perf")),
}


@pytest.mark.parametrize("name", list(GOOD_CALLS))
def test_caller_data_unchanged_on_success(name):
    _needs(name.split(".")[0])
    make, call = GOOD_CALLS[name]
    data = make()
    before = _snapshot(data)
    call(data)
    _assert_unchanged(before, data)
    assert data.attrs == before.attrs


# --------------------------------------------------------------------------------------
# unknown papermill parameters, for every chapter notebook
# --------------------------------------------------------------------------------------
def _chapter_params():
    try:
        from sxm import runner

        return [pytest.param(ch, id=ch.path.name) for ch in runner.chapters()]
    except Exception:  # noqa: BLE001 - no runner or no notebooks yet: nothing to collect
        return []


@pytest.mark.parametrize("ch", _chapter_params())
def test_every_chapter_rejects_unknown_and_mistyped_parameters(ch):
    """papermill itself only warns about an unknown -p name; sxm refuses it before running."""
    assert {"DATA", "SEED"} <= set(ch.parameters), f"{ch.name}: DATA and SEED parameters are required"
    undocumented = [p.name for p in ch.parameters.values() if not p.help]
    assert not undocumented, f"{ch.name}: parameters without a '# help' comment: {undocumented}"
    with pytest.raises(SurveyError, match=r"unknown parameter 'SEEDS'; valid parameters are: .*SEED"):
        sxm.runner.check_parameters(ch, {"SEEDS": "1"})
    with pytest.raises(SurveyError, match=r"parameter SEED: expects int"):
        sxm.runner.check_parameters(ch, {"SEED": "two"})


# --------------------------------------------------------------------------------------
# not bad input: nullable pandas dtypes (what read_csv(dtype_backend=...) gives) must work
# --------------------------------------------------------------------------------------
def _nullable(frame: pd.DataFrame) -> pd.DataFrame:
    """Integer columns as ``Int64`` with one ``pd.NA`` each (semopy alone crashes on these)."""
    frame = frame.copy()
    for c in frame.columns:
        if pd.api.types.is_integer_dtype(frame[c]):
            frame[c] = frame[c].astype("Int64")
            frame.loc[frame.index[0], c] = pd.NA
    return frame


NULLABLE = {
    "sem.fit": ("sem", lambda: sxm.sem.fit(HS_MODEL, holzinger().astype("Float64"))),
    "reliability.reliability_table": ("reliability", lambda: sxm.reliability.reliability_table(_nullable(two_blocks()), BLOCKS)),
    "servqual.summarize": ("servqual", lambda: sxm.servqual.summarize(_nullable(servqual_frame()))),
    "metrics.nps": ("metrics", lambda: sxm.metrics.nps(_nullable(metrics_frame()), "rec", by="seg")),
    "kano.summarize": ("kano", lambda: sxm.kano.summarize(_nullable(kano_frame()))),
    "priorities.derived_importance": ("priorities", lambda: sxm.priorities.derived_importance(
        _nullable(drivers_frame()), ["d1", "d2", "d3"], "overall")),
}


@pytest.mark.parametrize("name", list(NULLABLE))
def test_nullable_dtypes_are_accepted(name):
    module, call = NULLABLE[name]
    _needs(module)
    call()


# --------------------------------------------------------------------------------------
# property tests: invariants the modules' own tests do not cover
# --------------------------------------------------------------------------------------
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def likert_frames(draw, min_rows=3, max_rows=30, min_cols=1, max_cols=5, missing=True):
    n = draw(st.integers(min_rows, max_rows))
    k = draw(st.integers(min_cols, max_cols))
    answer = st.one_of(st.integers(1, 7), st.just(None)) if missing else st.integers(1, 7)
    cols = {f"q{j}": draw(st.lists(answer, min_size=n, max_size=n)) for j in range(k)}
    frame = pd.DataFrame(cols)
    for c in frame.columns:  # at least one answer per item
        if frame[c].isna().all():
            frame.loc[frame.index[0], c] = 4
    return frame


def _needs(module: str):
    if not _module_on_disk(module):
        pytest.skip(f"sxm.{module} not available yet")


@PROPERTY
@given(likert_frames(), st.booleans())
def test_numeric_items_is_an_exact_float_copy(frame, as_text):
    """Validation returns float64 values equal to the answers (numbers stored as text too) and
    never touches the caller's frame."""
    data = frame.astype(object).map(lambda v: None if v is None or v != v else (str(int(v)) if as_text else v))
    before = data.copy(deep=True)
    out = sxm.io.numeric_items(data, list(data.columns), scale=(1, 7))
    assert (out.dtypes == "float64").all()
    assert out.index.equals(data.index) and list(out.columns) == list(data.columns)
    expected = frame.astype("float64")
    pd.testing.assert_frame_equal(out, expected, check_dtype=False)
    pd.testing.assert_frame_equal(data, before)


@PROPERTY
@given(likert_frames(min_rows=2, missing=True))
def test_read_survey_csv_round_trip(tmp_path_factory, frame):
    """A frame and the CSV written from it read to the same validated survey."""
    frame = frame.astype("float64")
    frame.insert(0, "id", range(1, len(frame) + 1))
    varied = [c for c in frame.columns[1:] if frame[c].nunique() > 1]
    if not varied:
        return
    frame = frame[["id"] + varied]
    path = tmp_path_factory.mktemp("rt") / "survey.csv"
    frame.to_csv(path, index=False)
    a = sxm.io.read_survey(frame, scale=(1, 7), id_column="id")
    b = sxm.io.read_survey(path, scale=(1, 7), id_column="id")
    pd.testing.assert_frame_equal(a[varied], b[varied])
    assert a.attrs["missing"] == b.attrs["missing"]


@PROPERTY
@given(st.lists(st.one_of(st.text(min_size=1, max_size=8), st.none()), min_size=1, max_size=25),
       st.text(min_size=1, max_size=10))
def test_pseudonymize_is_consistent_and_one_to_one(values, salt):
    """Equal identifiers get equal pseudonyms and different ones different pseudonyms (no
    collision among 16 hex digits in practice); missing stays missing; other columns untouched."""
    data = pd.DataFrame({"email": values, "P1": range(len(values))})
    before = data.copy(deep=True)
    out = sxm.io.pseudonymize(data, ["email"], salt=salt)
    again = sxm.io.pseudonymize(data, ["email"], salt=salt)
    pd.testing.assert_frame_equal(out, again)
    pd.testing.assert_frame_equal(data, before)
    pd.testing.assert_series_equal(out["P1"], data["P1"])
    assert (out["email"].isna() == data["email"].isna()).all()
    pairs = {(v, p) for v, p in zip(data["email"], out["email"]) if v is not None}
    assert len({v for v, _ in pairs}) == len({p for _, p in pairs}) == len(pairs)


@PROPERTY
@given(st.integers(5, 60), st.integers(1, 4), st.floats(0.01, 0.5), st.integers(0, 2**16))
def test_percentile_ci_bounds(n, k, alpha, seed):
    """low <= high, inside the range of the draws, and independent of the draws' order."""
    draws = np.random.default_rng(seed).normal(size=(n, k))
    low, high = sxm.resample.percentile_ci(draws, level=1 - alpha)
    assert np.all(low <= high)
    assert np.all(low >= draws.min(axis=0) - 1e-12) and np.all(high <= draws.max(axis=0) + 1e-12)
    low2, high2 = sxm.resample.percentile_ci(draws[::-1], level=1 - alpha)
    np.testing.assert_allclose(low, low2)
    np.testing.assert_allclose(high, high2)


@PROPERTY
@given(st.lists(st.floats(-4, 4), min_size=1, max_size=50), st.integers(2, 11))
def test_likert_in_range_and_monotone(z, levels):
    """Discretized answers stay on 1..levels and never decrease when the latent value grows."""
    _needs("simulate")
    z = np.sort(np.asarray(z))
    out = np.asarray(sxm.simulate.likert(z, levels))
    assert out.min() >= 1 and out.max() <= levels
    assert np.all(np.diff(out) >= 0)


@PROPERTY
@given(st.integers(0, 2**16), st.floats(0.2, 5.0), st.floats(-3, 3), st.permutations(range(3)))
def test_alpha_invariant_to_item_order_and_common_rescaling(seed, scale, shift, order):
    """Cronbach's alpha depends only on the covariance structure: reordering the items or
    applying the same a + b*x to all of them leaves it unchanged (psych::alpha behaves so)."""
    _needs("reliability")
    frame = likert(30, ("x1", "x2", "x3"), seed=seed).astype(float)
    if (frame.std() == 0).any():
        return
    cols = [f"x{i + 1}" for i in order]
    a = sxm.reliability.cronbach_alpha(frame)["alpha"].iloc[0]
    b = sxm.reliability.cronbach_alpha(frame[cols] * scale + shift)["alpha"].iloc[0]
    assert b == pytest.approx(a, rel=1e-9, abs=1e-12)


@PROPERTY
@given(st.integers(0, 2**16), st.lists(st.integers(0, 10), min_size=5, max_size=5))
def test_servqual_weighted_score_is_a_weighted_mean_of_dimension_gaps(seed, points):
    """The weighted SERVQUAL score with points w equals sum(w_d * gap_d) / 100, and equal points
    give the plain mean of the five dimension gaps; 100-point scaling does not matter."""
    _needs("servqual")
    if sum(points) == 0:
        return
    dims = list(sxm.servqual.DIMENSIONS)
    raw = np.asarray(points, float)
    weights = dict(zip(dims, raw * 100 / raw.sum()))
    data = servqual_frame(25, seed=seed)
    gaps = sxm.servqual.dimension_scores(data, kind="gap")[dims]
    scored = sxm.servqual.score(data, weights=weights)
    weighted = [c for c in scored.columns if "weighted" in c]
    assert weighted, f"no weighted column in {list(scored.columns)}"
    expected = gaps.to_numpy() @ np.array([weights[d] for d in dims]) / 100
    np.testing.assert_allclose(scored[weighted[0]].to_numpy(), expected, rtol=1e-9, atol=1e-12)
    equal = sxm.servqual.score(data, weights=dict.fromkeys(dims, 20))
    np.testing.assert_allclose(equal[weighted[0]].to_numpy(), gaps.mean(axis=1).to_numpy(), rtol=1e-9, atol=1e-12)


@PROPERTY
@given(st.integers(0, 2**16), st.floats(0.05, 0.95))
def test_experience_index_weights_on_1_or_100(seed, w):
    """Weights summing to 1 and the same weights summing to 100 give the same index, which lies
    between the lowest and highest element score of each respondent."""
    _needs("metrics")
    data = metrics_frame(20, seed=seed)
    a = sxm.metrics.experience_index(data, ELEMENTS, {"employees": w, "facilities": 1 - w})
    b = sxm.metrics.experience_index(data, ELEMENTS, {"employees": 100 * w, "facilities": 100 * (1 - w)})
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)
    col = [c for c in a.columns if c not in ELEMENTS][0]
    lo = a[list(ELEMENTS)].min(axis=1) - 1e-9
    hi = a[list(ELEMENTS)].max(axis=1) + 1e-9
    assert ((a[col] >= lo) & (a[col] <= hi)).all()


@PROPERTY
@given(st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False), st.booleans(),
                 st.text(alphabet="abcxyz_", min_size=1, max_size=8)))
def test_runner_coerce_round_trips_command_line_text(value):
    """A parameter given on the command line as text comes back with its default's type and value."""
    param = sxm.runner.Parameter("P", value, "")
    text = str(value)
    assert sxm.runner.coerce(param, text) == value
    assert type(sxm.runner.coerce(param, text)) is type(value)


# --------------------------------------------------------------------------------------
# the test-wide network guard (tests/conftest.py)
# --------------------------------------------------------------------------------------
def test_network_guard_blocks_remote_and_allows_loopback():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        with pytest.raises(RuntimeError, match="network access during tests is forbidden"):
            s.connect(("93.184.216.34", 80))
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        with pytest.raises(RuntimeError, match="forbidden"):
            s.connect_ex(("8.8.8.8", 53))
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
        with pytest.raises(RuntimeError, match="forbidden"):
            s.connect(("2001:4860:4860::8888", 53, 0, 0))
    # loopback works: a listening socket on 127.0.0.1 accepts the connection
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
            client.connect(server.getsockname())


def test_network_guard_stops_high_level_clients():
    """urllib (and everything built on socket.connect, e.g. requests, seaborn.load_dataset)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises((RuntimeError, urllib.error.URLError)) as info:
        opener.open("http://93.184.216.34/", timeout=5)
    assert "forbidden" in str(info.value) or "forbidden" in str(getattr(info.value, "reason", ""))
