"""Kano analysis: classification, Better-Worse coefficients, Fong's test, continuous Kano.

Each product or service attribute is asked about twice (Kano et al. 1984): a *functional*
question ("If the car is spotlessly clean when you pick it up, how do you feel?") and a
*dysfunctional* one ("If it is *not* ..."). Both are answered on the same five-point scale

====  ===================  ==========================================
code  English              Chinese (typical questionnaire wording)
====  ===================  ==========================================
1     I like it            我喜欢
2     It must be that way  理所当然
3     I am neutral         无所谓
4     I can live with it   能忍受
5     I dislike it         我不喜欢
====  ===================  ==========================================

and the pair of answers is classified with the evaluation table :data:`EVALUATION_TABLE`
(rows functional, columns dysfunctional) into ``A`` attractive, ``O`` one-dimensional,
``M`` must-be, ``I`` indifferent, ``R`` reverse or ``Q`` questionable.

No maintained Python package does Kano analysis; the closest reference is the R package
*stp25kano* (W. Peter), whose conventions are compared in the Notes of :func:`summarize`.

==========================  ==========================================================
:func:`classify`            category of answer pairs (scalars, arrays, Series, frames)
:func:`categories`          category of every respondent x attribute of a survey
:func:`summarize`           the Kano table: counts, category (Fong's test + M > O > A >
                            I), Better/Worse, strengths, continuous scores, importance,
                            optionally per segment
:func:`bootstrap`           percentile CIs of Better/Worse and category stability
:func:`priorities`          must-be, then one-dimensional, then attractive, with reasons
:func:`plot_better_worse`   Better-Worse diagram; :func:`plot_categories` stacked shares;
                            :func:`plot_continuous` continuous Kano with error bars
:data:`ANSWER_TEXTS`        every accepted answer text (English, Chinese) and its code
==========================  ==========================================================

Everything is vectorized: answers become integer codes once, an answer pair becomes one
index ``5 * functional + dysfunctional`` into the 5 x 5 table, and the per-attribute counts
of all 25 answer pairs come from one ``numpy.bincount``; every statistic of
:func:`summarize` (including the continuous-scale means and standard deviations) is a
matrix product of those counts.

References
----------
Kano, N., Seraku, N., Takahashi, F., & Tsuji, S. (1984). Attractive quality and must-be
quality. *Journal of the Japanese Society for Quality Control*, 14(2), 39-48.

Berger, C., Blauth, R., Boger, D., Bolster, C., Burchill, G., DuMouchel, W., Pouliot, F.,
Richter, R., Rubinoff, A., Shen, D., Timko, M., & Walden, D. (1993). Kano's methods for
understanding customer-defined quality. *Center for Quality Management Journal*, 2(4), 3-36.

Matzler, K., & Hinterhuber, H. H. (1998). How to make product development projects more
successful by integrating Kano's model of customer satisfaction into quality function
deployment. *Technovation*, 18(1), 25-38.

Fong, D. (1996). Using the self-stated importance questionnaire to interpret Kano
questionnaire results. *Center for Quality Management Journal*, 5(3), 21-24.
"""
from __future__ import annotations

import re
import warnings
import string

import numpy as np
import pandas as pd

from .io import SurveyError, SurveyTypeError, check_level, numeric_items, require_columns, require_frame

__all__ = [
    "CATEGORIES",
    "CATEGORY_NAMES",
    "ANSWERS",
    "ANSWER_TEXTS",
    "EVALUATION_TABLE",
    "FUNCTIONAL_SCORES",
    "DYSFUNCTIONAL_SCORES",
    "answer_codes",
    "classify",
    "categories",
    "infer_attributes",
    "summarize",
    "priorities",
    "bootstrap",
    "plot_better_worse",
    "plot_categories",
    "plot_continuous",
]

#: The six Kano categories, in the column order of :func:`summarize`.
CATEGORIES: tuple[str, ...] = ("A", "O", "M", "I", "R", "Q")

#: Full names of the categories.
CATEGORY_NAMES: dict[str, str] = {
    "A": "attractive",
    "O": "one-dimensional",
    "M": "must-be",
    "I": "indifferent",
    "R": "reverse",
    "Q": "questionable",
}

#: The five answers, by code.
ANSWERS: dict[int, str] = {
    1: "I like it",
    2: "It must be that way",
    3: "I am neutral",
    4: "I can live with it",
    5: "I dislike it",
}

#: The evaluation table (Berger et al. 1993, table 1): rows are the functional answer,
#: columns the dysfunctional answer, both in the order like, must-be, neutral, live-with,
#: dislike.
EVALUATION_TABLE = pd.DataFrame(
    [
        ["Q", "A", "A", "A", "O"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "R", "R", "R", "Q"],
    ],
    index=pd.Index(["like", "must-be", "neutral", "live-with", "dislike"], name="functional"),
    columns=pd.Index(["like", "must-be", "neutral", "live-with", "dislike"], name="dysfunctional"),
)

#: Continuous-scale scores of the functional answers 1..5 (DuMouchel, in Berger et al. 1993).
FUNCTIONAL_SCORES = np.array([4.0, 2.0, 0.0, -1.0, -2.0])
#: Continuous-scale scores of the dysfunctional answers 1..5.
DYSFUNCTIONAL_SCORES = np.array([-2.0, -1.0, 0.0, 2.0, 4.0])

#: Every accepted answer text (normalised) and its code 1..5, built from ``_VARIANTS`` below:
#: the questionnaire wordings in English and Chinese, the "... that way" forms of Berger et
#: al. (1993) and stp25kano, and short forms ("like", "must-be", "live with", "不喜欢").
#: Texts are matched after normalisation: case folded, outer spaces and final punctuation
#: (also Chinese 。！) removed, inner white space collapsed, curly apostrophes made straight.
#: The numbers "1" to "5" written as text are accepted too. Words that also answer other kinds
#: of questions ("satisfied", "满意") are deliberately not accepted.
ANSWER_TEXTS: dict[str, int] = {}
_VARIANTS = {
    1: [
        "I like it", "I like it that way", "I would like it", "I would like it that way", "like",
        "like it", "I like", "I'd like it", "I really like it", "I would be delighted",
        "我喜欢", "喜欢", "很喜欢", "我很喜欢", "非常喜欢", "我喜欢这样",
    ],
    2: [
        "It must be that way", "It must be", "must be", "must-be", "must", "I expect it",
        "I expect it that way", "expect it", "expected", "expect", "it should be that way",
        "that's basic", "it is basic", "basic",
        "理所当然", "必须这样", "必须的", "必须如此", "应该这样", "应该的", "理应如此", "本应如此",
        "我期望", "期望", "它必须是这样", "必须是这样", "这是必须的", "必备",
    ],
    3: [
        "I am neutral", "I'm neutral", "neutral", "I don't care", "don't care", "indifferent",
        "I feel neutral", "no feeling", "doesn't matter", "it doesn't matter",
        "无所谓", "我无所谓", "中立", "一般", "没感觉", "没有感觉", "不在乎", "都可以",
    ],
    4: [
        "I can live with it", "I can live with it that way", "I can live with that",
        "can live with it", "live with it", "live with", "live-with", "I can tolerate it",
        "tolerate it", "tolerate", "I can accept it",
        "能忍受", "我能忍受", "可以忍受", "我可以忍受", "勉强接受", "能接受", "可以接受", "我能接受",
    ],
    5: [
        "I dislike it", "I dislike it that way", "I would dislike it", "dislike", "dislike it",
        "I don't like it", "I do not like it", "I hate it",
        "我不喜欢", "不喜欢", "很不喜欢", "我很不喜欢", "非常不喜欢",
    ],
}
_PUNCT = string.punctuation.replace("'", "").replace("-", "") + "。！，、；：？…．"
_SPACE = re.compile(r"\s+")


def _normalize(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u3000", " ")
    text = _SPACE.sub(" ", text.strip()).casefold()
    return text.strip(_PUNCT + " ")


for _code, _texts in _VARIANTS.items():
    for _text in _texts:
        ANSWER_TEXTS[_normalize(_text)] = _code
    ANSWER_TEXTS[str(_code)] = _code
del _code, _texts, _text

# 5 x 5 table as category codes 0..5 (A O M I R Q), flattened by 5 * functional + dysfunctional,
# with a 26th cell (index 25) for a missing answer pair, coded -1.
_CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}
_PAIR_CATEGORY = np.array(
    [_CAT_INDEX[c] for c in EVALUATION_TABLE.to_numpy().ravel()] + [-1], dtype=np.int8
)
_MISSING_PAIR = 25
_N_CELLS = 26
# indicator matrix: 26 answer-pair cells x 6 categories
_PAIR_TO_CAT = np.zeros((_N_CELLS, len(CATEGORIES)))
_PAIR_TO_CAT[np.arange(25), _PAIR_CATEGORY[:25]] = 1.0
_F_SCORE_CELL = np.append(np.repeat(FUNCTIONAL_SCORES, 5), 0.0)
_D_SCORE_CELL = np.append(np.tile(DYSFUNCTIONAL_SCORES, 5), 0.0)
# M > O > A > I > R: the order in which ties and non-significant differences are resolved
_HIERARCHY = np.array([_CAT_INDEX[c] for c in "MOAIR"])


# --------------------------------------------------------------------------------------
# answers -> codes
# --------------------------------------------------------------------------------------
def _bad_answers(label: str, values, count: int):
    shown = ", ".join(repr(v.item() if isinstance(v, np.generic) else v) for v in list(values)[:5])
    more = f" and {len(values) - 5} other value(s)" if len(values) > 5 else ""
    return SurveyError(
        f"{label}: Kano answers must be codes 1 to 5 or answer texts such as 'I like it' / "
        f"'我喜欢' (see sxm.kano.ANSWER_TEXTS); found {shown}{more} ({count} answer(s))"
    )


def _object_codes(values: np.ndarray, label: str) -> np.ndarray:
    """Codes 0..4 (-1 missing) for an object/str array of texts or numbers."""
    fcodes, uniques = pd.factorize(values.ravel(), use_na_sentinel=True)
    lut = np.empty(len(uniques) + 1, dtype=np.int8)
    lut[-1] = -1  # factorize's NA sentinel -1 indexes the last slot
    bad = []
    for i, u in enumerate(uniques):  # a loop over distinct answers, not over respondents
        code = None
        if isinstance(u, str):
            key = _normalize(u)
            if key == "":
                code = 0  # blank text is a missing answer (code 0 - 1 = -1)
            else:
                code = ANSWER_TEXTS.get(key)
                if code is None:
                    try:
                        num = float(key)
                    except ValueError:
                        num = None
                    if num is not None and num in (1.0, 2.0, 3.0, 4.0, 5.0):
                        code = int(num)
        elif isinstance(u, (bool, np.bool_)):
            code = None
        elif isinstance(u, (int, float, np.integer, np.floating)):
            if u in (1, 2, 3, 4, 5):
                code = int(u)
        if code is None:
            bad.append(u)
        else:
            lut[i] = code - 1
    if bad:
        count = int(np.isin(fcodes, [i for i, u in enumerate(uniques) if any(u is b for b in bad)]).sum())
        raise _bad_answers(label, bad, count)
    return lut[fcodes].reshape(values.shape)


def _float_codes(x: np.ndarray, label: str) -> np.ndarray:
    # Few full passes over the float data: two NaN-ignoring reductions for the range, one
    # cast and one comparison for integrality, one isnan for the missing answers.
    missing = np.isnan(x)
    if x.size and not missing.all():
        lo, hi = np.fmin.reduce(x, axis=None), np.fmax.reduce(x, axis=None)
    else:
        lo, hi = 1.0, 5.0
    with np.errstate(invalid="ignore"):
        codes = x.astype(np.int8) if 1 <= lo and hi <= 5 else np.zeros(x.shape, np.int8)
    exact = codes == x  # False for NaN and for fractions such as 2.5
    if not (1 <= lo and hi <= 5) or np.count_nonzero(exact) + np.count_nonzero(missing) != x.size:
        bad = ~(missing | (exact & (x >= 1) & (x <= 5)))
        raise _bad_answers(label, pd.unique(x[bad]), int(bad.sum()))
    codes -= 1
    codes[missing] = -1
    return codes


def _int_codes(x: np.ndarray, label: str) -> np.ndarray:
    if x.size and (x.min() < 1 or x.max() > 5):
        bad = (x < 1) | (x > 5)
        raise _bad_answers(label, pd.unique(x[bad]), int(bad.sum()))
    codes = x.astype(np.int8)
    codes -= 1
    return codes


def answer_codes(values, *, label: str = "answers") -> np.ndarray:
    """Kano answers (codes 1..5 or texts) as integer codes 0..4, with -1 for missing.

    Parameters
    ----------
    values : scalar, array-like or Series
        Codes 1 to 5 (integers, floats or numbers written as text) or answer texts in
        English or Chinese (:data:`ANSWER_TEXTS` lists every accepted variant; case,
        surrounding spaces and final punctuation are ignored). ``None``, ``NaN`` and blank
        text are missing.
    label : str, default "answers"
        How the offending column is named in the error message.

    Returns
    -------
    ndarray of int8
        Same shape as ``values``: 0 like, 1 must-be, 2 neutral, 3 live-with, 4 dislike, -1
        missing.

    Raises
    ------
    SurveyError
        Naming ``label`` and the offending values (e.g. a 6, a 0 or 'maybe').

    See Also
    --------
    classify : the Kano category of pairs of answers.
    categories : the category of every respondent and attribute of a survey.

    Examples
    --------
    >>> answer_codes([1, 5, None]).tolist()
    [0, 4, -1]
    >>> answer_codes(["I like it", "理所当然", "I am neutral."]).tolist()
    [0, 1, 2]
    >>> answer_codes([1, 6], label="column 'wifi_func'")
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: column 'wifi_func': Kano answers must be codes 1 to 5 or answer texts such as 'I like it' / '我喜欢' (see sxm.kano.ANSWER_TEXTS); found 6 (1 answer(s))
    """
    if isinstance(values, pd.Series):
        dtype = values.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            # only categories that occur are checked (unused labels such as "don't know" are fine)
            cats = values.cat.categories.to_numpy(dtype=object)
            codes = values.cat.codes.to_numpy()
            used = np.zeros(len(cats), dtype=bool)
            used[codes[codes >= 0]] = True
            lut = np.full(len(cats) + 1, -1, dtype=np.int8)
            lut[:-1][used] = _object_codes(cats[used], label)
            return lut[codes]
        if pd.api.types.is_bool_dtype(dtype):
            raise _bad_answers(label, pd.unique(values.dropna()), int(values.notna().sum()))
        if pd.api.types.is_numeric_dtype(dtype):
            if isinstance(dtype, np.dtype) and dtype.kind in "iu":  # numpy integers cannot be missing
                return _int_codes(values.to_numpy(), label)
            return _float_codes(values.to_numpy(dtype="float64", na_value=np.nan), label)
        return _object_codes(values.to_numpy(dtype=object), label)
    arr = np.asarray(values)
    if arr.dtype.kind in "US" and not isinstance(values, np.ndarray):
        arr = np.array(values, dtype=object)  # numpy would turn [5, nan, "I like it"] into 'nan' text
    if arr.dtype.kind in "iu":
        return _int_codes(arr, label)
    if arr.dtype.kind == "f":
        return _float_codes(arr.astype("float64", copy=False), label)
    if arr.dtype.kind == "b":
        raise _bad_answers(label, np.unique(arr), arr.size)
    return _object_codes(arr.astype(object), label)


def _pair_index(fcodes: np.ndarray, dcodes: np.ndarray) -> np.ndarray:
    """Index 0..24 (int8) of the answer pair in the flattened 5 x 5 table, 25 when either is missing."""
    key = fcodes * np.int8(5)
    key += dcodes
    if fcodes.size and (fcodes.min() < 0 or dcodes.min() < 0):  # cheap int8 reductions first
        np.putmask(key, (fcodes < 0) | (dcodes < 0), _MISSING_PAIR)
    return key


def _categorical(cat_codes: np.ndarray):
    # the codes come from the evaluation table, so pandas need not re-validate them
    return pd.Categorical.from_codes(cat_codes, categories=list(CATEGORIES), validate=False)


# --------------------------------------------------------------------------------------
# classification
# --------------------------------------------------------------------------------------
def classify(functional, dysfunctional):
    """Kano category of each pair of functional and dysfunctional answers.

    Parameters
    ----------
    functional, dysfunctional : scalar, array-like, Series or DataFrame
        The answers to the functional and dysfunctional questions, as codes 1..5 (1 like,
        2 must-be, 3 neutral, 4 live-with, 5 dislike) or answer texts (English or Chinese;
        see :data:`ANSWER_TEXTS`). Both must have the same shape. DataFrames hold
        respondents in rows and attributes in columns, paired by position.

    Returns
    -------
    str, ndarray, Series or DataFrame
        The same shape as the input with ``"A"``, ``"O"``, ``"M"``, ``"I"``, ``"R"`` or
        ``"Q"``; missing when either answer is missing. A scalar input gives a ``str`` (or
        ``nan``); an array gives an object array; a Series or DataFrame gives categorical
        columns with the categories in the order of :data:`CATEGORIES` (memory-light for
        millions of respondents). A DataFrame result keeps the functional frame's index
        and takes the column names of the functional frame (use :func:`categories` to get
        attribute names from a whole survey).

    Raises
    ------
    SurveyError
        An answer that is neither a code 1..5 nor an accepted text; the message names the
        column (or ``functional``/``dysfunctional``) and the offending values.
    SurveyTypeError
        Inputs of different shapes or kinds (e.g. a DataFrame with an array).

    See Also
    --------
    categories : the category of every respondent and attribute of a whole survey.
    summarize : the counts, category and Better-Worse per attribute.
    answer_codes : how answers (codes or texts) are read.

    Notes
    -----
    The evaluation table (:data:`EVALUATION_TABLE`; Berger et al. 1993):

    ==============  ====  =======  =======  =========  =======
    functional \\ d  like  must-be  neutral  live-with  dislike
    ==============  ====  =======  =======  =========  =======
    like            Q     A        A        A          O
    must-be         R     I        I        I          M
    neutral         R     I        I        I          M
    live-with       R     I        I        I          M
    dislike         R     R        R        R          Q
    ==============  ====  =======  =======  =========  =======

    Implemented as one ``numpy.take`` of the flattened table at ``5 * f + d``; there is no
    Python loop over respondents.

    References
    ----------
    Kano et al. (1984); Berger et al. (1993), see :mod:`sxm.kano`.

    Examples
    --------
    >>> classify(1, 5)
    'O'
    >>> classify("我喜欢", "I am neutral")
    'A'
    >>> classify([1, 3, 5, None], [5, 5, 5, 5]).tolist()
    ['O', 'M', 'Q', nan]
    >>> df_f = pd.DataFrame({"wifi": [1, 3], "price": [1, 2]})
    >>> df_d = pd.DataFrame({"wifi": [3, 5], "price": [5, 3]})
    >>> classify(df_f, df_d)
      wifi price
    0    A     O
    1    M     I
    >>> classify(pd.Series([1, 2, None], name="wifi_func"), pd.Series([5, 5, 5])).tolist()
    ['O', 'M', nan]
    """
    f_frame = isinstance(functional, pd.DataFrame)
    d_frame = isinstance(dysfunctional, pd.DataFrame)
    if f_frame or d_frame:
        if not (f_frame and d_frame):
            raise SurveyTypeError(
                "classify: functional and dysfunctional must both be DataFrames or neither; got "
                f"{type(functional).__name__} and {type(dysfunctional).__name__}"
            )
        if functional.shape != dysfunctional.shape:
            raise SurveyTypeError(
                "classify: functional and dysfunctional frames must have the same shape "
                f"(respondents x attributes); got {functional.shape} and {dysfunctional.shape}"
            )
        out = {}
        for j, (fcol, dcol) in enumerate(zip(functional.columns, dysfunctional.columns)):
            fc = answer_codes(functional.iloc[:, j], label=f"column {fcol!r}")
            dc = answer_codes(dysfunctional.iloc[:, j], label=f"column {dcol!r}")
            out[fcol] = _categorical(_PAIR_CATEGORY[_pair_index(fc, dc)])
        return pd.DataFrame(out, index=functional.index, columns=functional.columns)

    scalar = np.ndim(functional) == 0 and np.ndim(dysfunctional) == 0
    f_label = f"column {functional.name!r}" if isinstance(functional, pd.Series) and functional.name is not None else "functional"
    d_label = f"column {dysfunctional.name!r}" if isinstance(dysfunctional, pd.Series) and dysfunctional.name is not None else "dysfunctional"
    fc = answer_codes(functional if not scalar else [functional], label=f_label)
    dc = answer_codes(dysfunctional if not scalar else [dysfunctional], label=d_label)
    if fc.shape != dc.shape:
        raise SurveyTypeError(
            f"classify: functional and dysfunctional must have the same shape; got {fc.shape} and {dc.shape}"
        )
    cat = _PAIR_CATEGORY[_pair_index(fc, dc)]
    if isinstance(functional, pd.Series) or isinstance(dysfunctional, pd.Series):
        like = functional if isinstance(functional, pd.Series) else dysfunctional
        return pd.Series(_categorical(cat), index=like.index, name=like.name)
    labels = np.array(list(CATEGORIES) + [np.nan], dtype=object)
    result = labels[cat]  # -1 picks the trailing nan
    return result[0] if scalar else result


# --------------------------------------------------------------------------------------
# whole surveys
# --------------------------------------------------------------------------------------
def _template(template: str, what: str) -> str:
    if not isinstance(template, str) or template.count("{}") != 1:
        raise SurveyTypeError(
            f"{what}: must be a column-name template with one '{{}}' for the attribute, "
            f"such as '{{}}_func'; got {template!r}"
        )
    return template


def infer_attributes(data: pd.DataFrame, functional: str = "{}_func", dysfunctional: str = "{}_dysf") -> list[str]:
    """Attributes whose functional and dysfunctional columns are both in ``data``.

    Parameters
    ----------
    data : DataFrame
        A Kano survey, one row per respondent (it may have no rows). Not modified.
    functional : str, default "{}_func"
        Template of the functional column names, with one ``{}`` for the attribute.
    dysfunctional : str, default "{}_dysf"
        Template of the dysfunctional column names, with one ``{}``.

    Returns
    -------
    list of str
        The attribute names, in the order of their functional columns; an attribute
        without its dysfunctional column is left out.

    Raises
    ------
    SurveyError
        No pair of columns matches the templates (the message lists the columns).
    SurveyTypeError
        ``data`` is not a DataFrame, or a template is not a string with one ``{}``.

    See Also
    --------
    summarize : the Kano table of the attributes found.
    categories : the category of every respondent and attribute.

    Examples
    --------
    >>> df = pd.DataFrame(columns=["id", "wifi_func", "wifi_dysf", "price_func", "price_dysf", "x_func"])
    >>> infer_attributes(df)
    ['wifi', 'price']
    >>> infer_attributes(pd.DataFrame(columns=["F_wifi", "D_wifi"]), "F_{}", "D_{}")
    ['wifi']
    """
    require_frame(data, min_rows=0)
    functional = _template(functional, "functional")
    dysfunctional = _template(dysfunctional, "dysfunctional")
    pre, post = functional.split("{}")
    pattern = re.compile("^" + re.escape(pre) + "(.+)" + re.escape(post) + "$")
    found = []
    for col in map(str, data.columns):
        m = pattern.match(col)
        if m and dysfunctional.format(m.group(1)) in data.columns and m.group(1) not in found:
            found.append(m.group(1))
    if not found:
        raise SurveyError(
            f"no Kano attribute found: no pair of columns matches the templates {functional!r} and "
            f"{dysfunctional!r} (rule: every attribute needs a functional and a dysfunctional column); "
            f"the data has columns: {', '.join(repr(c) for c in list(data.columns)[:15])}"
        )
    return found


def _resolve(data, attributes, functional, dysfunctional):
    require_frame(data)
    functional = _template(functional, "functional")
    dysfunctional = _template(dysfunctional, "dysfunctional")
    if attributes is None:
        attributes = infer_attributes(data, functional, dysfunctional)
    elif isinstance(attributes, str):
        attributes = [attributes]
    attributes = list(attributes)
    if not attributes:
        raise SurveyError("attributes: at least one attribute is needed")
    for a in attributes:
        if not isinstance(a, str):
            raise SurveyTypeError(f"attributes: names must be strings; got {a!r}")
    if len(set(attributes)) != len(attributes):
        dup = next(a for a in attributes if attributes.count(a) > 1)
        raise SurveyError(f"attributes: {dup!r} is listed twice")
    fcols = [functional.format(a) for a in attributes]
    dcols = [dysfunctional.format(a) for a in attributes]
    require_columns(data, fcols + dcols, what="Kano column")
    return attributes, fcols, dcols


def _survey_pairs(data, attributes, fcols, dcols, reverse=False):
    """Yield the pair indices 0..25 (int8) of each attribute in turn.

    ``reverse``: numeric codes run 1 = dislike ... 5 = like (answer texts are unaffected).
    """
    for a, fcol, dcol in zip(attributes, fcols, dcols):
        fc = answer_codes(data[fcol], label=f"column {fcol!r} (attribute {a!r}, functional)")
        dc = answer_codes(data[dcol], label=f"column {dcol!r} (attribute {a!r}, dysfunctional)")
        if reverse:
            fc = _reverse_numeric(data[fcol], fc)
            dc = _reverse_numeric(data[dcol], dc)
        for col, codes in ((fcol, fc), (dcol, dc)):
            if codes.size and codes.max() < 0:
                raise SurveyError(f"column {col!r} (attribute {a!r}): has no answers at all (all values missing)")
        yield _pair_index(fc, dc)


def _reverse_numeric(column: pd.Series, codes: np.ndarray) -> np.ndarray:
    """Mirror the codes of numerically coded answers (1 <-> 5, 2 <-> 4); leave texts as read."""
    values = column.astype(object)
    numeric = pd.to_numeric(values, errors="coerce").notna().to_numpy()
    out = codes.copy()
    flip = numeric & (codes >= 0)
    out[flip] = 4 - codes[flip]
    return out


def _check_reverse(reverse) -> bool:
    if not isinstance(reverse, (bool, np.bool_)):
        raise SurveyTypeError(f"reverse: must be True or False; got {reverse!r}")
    return bool(reverse)


def categories(data: pd.DataFrame, attributes=None, *, functional: str = "{}_func", dysfunctional: str = "{}_dysf",
               reverse: bool = False) -> pd.DataFrame:
    """Kano category of every respondent and attribute of a survey.

    Parameters
    ----------
    data : DataFrame
        One row per respondent. Not modified.
    attributes : str or list of str, optional
        Attribute names; the columns are ``functional.format(name)`` and
        ``dysfunctional.format(name)``. Default ``None``: every attribute with both columns
        (see :func:`infer_attributes`).
    functional : str, default "{}_func"
        Template of the functional column names, with one ``{}`` for the attribute.
    dysfunctional : str, default "{}_dysf"
        Template of the dysfunctional column names, with one ``{}``.
    reverse : bool, default False
        The survey codes its answers in reverse, 1 = "I dislike it" ... 5 = "I like it"
        (numeric codes are mirrored; answer texts are read as written).

    Returns
    -------
    DataFrame
        Respondents x attributes (the index of ``data``, one column per attribute),
        categorical ``A O M I R Q`` (missing where an answer is).

    Raises
    ------
    SurveyError
        Missing columns, an attribute listed twice, an attribute without any answer, or
        answers that are not Kano answers (naming the column, attribute and values).
    SurveyTypeError
        A template without exactly one ``{}``, an attribute name that is not a string, or
        a ``reverse`` that is not True or False.

    See Also
    --------
    summarize : the counts, category and Better-Worse per attribute.
    classify : the category of answer pairs.
    infer_attributes : the attributes found from the column names.

    Examples
    --------
    >>> df = pd.DataFrame({"wifi_func": [1, 3], "wifi_dysf": ["I am neutral", "我不喜欢"]})
    >>> categories(df)
      wifi
    0    A
    1    M

    The bundled car-rental Kano survey (400 renters, 10 attributes):

    >>> from sxm.datasets import load
    >>> cat = categories(load("car_rental_kano"), ["clean_car", "free_upgrade"])
    >>> cat.apply(lambda c: c.value_counts()).T
                    A   O    M    I  R   Q
    clean_car      16  53  264   39  5  11
    free_upgrade  205  27    6  129  7   9
    """
    attributes, fcols, dcols = _resolve(data, attributes, functional, dysfunctional)
    pairs = _survey_pairs(data, attributes, fcols, dcols, _check_reverse(reverse))
    return pd.DataFrame({a: _categorical(_PAIR_CATEGORY[key]) for a, key in zip(attributes, pairs)}, index=data.index)


def _group_codes(data, by):
    if by is None:
        return np.zeros(len(data), dtype=np.intp), None
    if not isinstance(by, str):
        raise SurveyTypeError(f"by: must be the name of a grouping column; got {by!r}")
    require_columns(data, [by], what="grouping column")
    codes, uniques = pd.factorize(data[by], sort=True, use_na_sentinel=True)
    if len(uniques) == 0:
        raise SurveyError(f"column {by!r}: the grouping column has no values (all missing)")
    return codes.astype(np.intp), pd.Index(uniques, name=by)


def summarize(
    data: pd.DataFrame,
    attributes=None,
    *,
    functional: str = "{}_func",
    dysfunctional: str = "{}_dysf",
    importance: str | None = None,
    by: str | None = None,
    fong_z: float = 1.65,
    reverse: bool = False,
) -> pd.DataFrame:
    """Kano table: category counts, category, Better-Worse, Fong's test, continuous scores.

    Parameters
    ----------
    data : DataFrame
        One row per respondent. Not modified.
    attributes : str or list of str, optional
        Attribute names. The functional answers are in column ``functional.format(name)``,
        the dysfunctional ones in ``dysfunctional.format(name)``. Default ``None``: every
        attribute with both columns (see :func:`infer_attributes`).
    functional : str, default "{}_func"
        Template of the functional column names, with one ``{}`` for the attribute.
    dysfunctional : str, default "{}_dysf"
        Template of the dysfunctional column names, with one ``{}``.
    importance : str, optional
        Template of the self-stated importance columns, e.g. ``"{}_imp"`` (any numeric
        scale, e.g. 1-9 as in Berger et al. 1993). Default ``None``: no ``importance``
        column.
    by : str, optional
        A grouping column (e.g. ``"segment"`` with business / leisure): one row per group
        and attribute, so that categories can be compared between groups. Respondents
        with a missing group are left out. Default ``None``: one row per attribute.
    fong_z : float, default 1.65
        Critical value of Fong's test, as in Fong (1996); a positive number.
    reverse : bool, default False
        The survey codes its answers in reverse, 1 = "I dislike it" ... 5 = "I like it"
        (numeric codes are mirrored; answer texts are read as written). Without it, a
        warning is given when more than half of an attribute's answer pairs are reverse.

    Returns
    -------
    DataFrame
        One row per attribute (index ``attribute``; with ``by``, a two-level index
        ``(<by>, attribute)``) and the columns

        - ``n``: respondents with both answers (missing answers are excluded per attribute);
        - ``A O M I R Q``: counts of each category;
        - ``category``: the category assigned (see Notes), ``runner_up``: the second most
          frequent one, ``rule``: ``"most frequent"`` when Fong's test says the top two
          differ, ``"M>O>A>I"`` when they do not and the hierarchy decided;
        - ``better`` = (A + O) / (A + O + M + I), ``worse`` = -(O + M) / (A + O + M + I)
          (Berger et al. 1993's customer-satisfaction coefficients);
        - ``category_strength``: share of the top category minus share of the second,
          ``total_strength``: (A + O + M) / n (Matzler & Hinterhuber 1998);
        - ``fong_diff`` = |a - b|, ``fong_critical`` = z sqrt((a + b)(2n - a - b) / (2n)),
          ``fong_significant`` = ``fong_diff > fong_critical`` (Fong 1996);
        - ``func_mean``, ``func_sd``, ``func_se``, ``dysf_mean``, ``dysf_sd``, ``dysf_se``:
          continuous-scale scores (functional 4, 2, 0, -1, -2; dysfunctional -2, -1, 0, 2,
          4 for the answers like ... dislike; DuMouchel in Berger et al. 1993), SD with
          ``n - 1``, SE = SD / sqrt(n);
        - ``importance``: mean self-stated importance (all answers to that question), when
          ``importance`` is given.

    Raises
    ------
    SurveyError
        Missing columns, answers that are not Kano answers (naming the column, attribute
        and values), non-numeric importance, a ``fong_z`` that is not a positive number, a
        grouping column without values.
    SurveyTypeError
        A template without exactly one ``{}``, a ``by`` that is not a column name, or a
        ``reverse`` that is not True or False.

    See Also
    --------
    categories : the category of every respondent and attribute.
    bootstrap : percentile intervals of Better and Worse, and how stable each category is.
    priorities : improvement priorities from this table.
    plot_better_worse : the Better-Worse diagram of this table.
    plot_categories : stacked shares of the categories per attribute.
    plot_continuous : the continuous Kano plot of the mean scores.

    Notes
    -----
    *Category.* a and b are the two largest counts among A, O, M, I, R (Q, the questionable
    answers, are counted in n but never assigned). When Fong's test finds them
    significantly different (|a - b| greater than the critical value) the category is the
    most frequent one; otherwise the hierarchy M > O > A > I > R decides between the two
    (Berger et al. 1993; Matzler & Hinterhuber 1998: choose the category with the greatest
    impact on the product). Exact ties are therefore always decided by the hierarchy.

    *Vectorization.* One ``numpy.bincount`` per attribute counts the 25 answer pairs (26
    with the missing pair); categories, means and sums of squares are matrix products of
    those counts. No loop over respondents.

    *Compared with R's stp25kano* (``Kano()`` + ``tbll_extract_kano``): the evaluation
    table, Better/Worse (there ``CS plus``/``CS minus``), total strength, category strength
    (shares of all answers including Q, top two among A, O, M, I, R) and Fong's formula
    (n including Q) are the same. Differences: stp25kano switches to the M > O > A > I rule
    when the category strength is at most 6 % (not by Fong's test) and reports Fong's test
    only as text, with the critical value rounded to one decimal and ``|a - b| <`` critical
    meaning not significant; it reports Fong and chi-square only when A + O + M + I >= 12;
    its continuous scores are ours divided by 4 (1, .5, 0, -.25, -.5). Its documentation
    table shows O for like/like, but its code (and this module) use Q.

    References
    ----------
    Berger et al. (1993); Matzler & Hinterhuber (1998); Fong (1996); see :mod:`sxm.kano`.

    Examples
    --------
    >>> df = pd.DataFrame({"wifi_func": [1, 1, 1, 3, 2], "wifi_dysf": [3, 3, 5, 5, 3]})
    >>> summarize(df)[["n", "A", "O", "M", "I", "category", "rule", "better", "worse"]]  # doctest: +NORMALIZE_WHITESPACE
               n  A  O  M  I category     rule  better  worse
    attribute
    wifi       5  2  1  1  1        M  M>O>A>I     0.6   -0.4

    A (2) is most frequent, but 2 - 1 = 1 is below Fong's critical value
    1.65 * sqrt(3 * 7 / 10) = 2.39, so the hierarchy chooses M over A.

    The bundled car-rental survey, with the self-stated importance and per segment:

    >>> from sxm.datasets import load
    >>> d = load("car_rental_kano")
    >>> t = summarize(d, importance="{}_imp")
    >>> cols = ["category", "better", "worse", "importance"]
    >>> t.loc[["clean_car", "free_upgrade"], cols].round(2)  # doctest: +NORMALIZE_WHITESPACE
                 category  better  worse  importance
    attribute
    clean_car           M    0.19  -0.85        7.11
    free_upgrade        A    0.63  -0.09        4.88
    >>> t = summarize(d, by="segment").xs("clean_car", level="attribute")
    >>> t[["n", "category", "better"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
                n category  better
    segment
    business  159        M    0.21
    leisure   229        M    0.17
    >>> # In R: stp25kano::Kano() and tbll_extract_kano() (conventions compared in the Notes)
    """
    attributes, fcols, dcols = _resolve(data, attributes, functional, dysfunctional)
    if not (isinstance(fong_z, (int, float)) and fong_z > 0):
        raise SurveyError(f"fong_z: must be a positive number such as 1.65; got {fong_z!r}")
    imp = None
    if importance is not None:
        importance = _template(importance, "importance")
        icols = [importance.format(a) for a in attributes]
        require_columns(data, icols, what="importance column")
        imp = numeric_items(data, icols, allow_all_missing=True).to_numpy()
    reverse = _check_reverse(reverse)
    groups, labels = _group_codes(data, by)
    n_groups = 1 if labels is None else len(labels)
    keep = groups >= 0
    k = len(attributes)
    # cells[g, j, c]: respondents of group g with answer pair c on attribute j
    cells = np.empty((n_groups, k, _N_CELLS))
    offset = groups[keep] * _N_CELLS if labels is not None else None
    for j, key in enumerate(_survey_pairs(data, attributes, fcols, dcols, reverse)):
        # a loop over attributes; each step is one bincount over all respondents
        if labels is None:
            cells[0, j] = np.bincount(key, minlength=_N_CELLS)
        else:
            flat = offset + key[keep]
            cells[:, j] = np.bincount(flat, minlength=_N_CELLS * n_groups).reshape(n_groups, _N_CELLS)
    cells = cells.reshape(n_groups * k, _N_CELLS)
    out = _table(cells, fong_z)

    if imp is not None:
        present = ~np.isnan(imp)
        filled = np.where(present, imp, 0.0)
        if labels is None:
            sums, counts = filled[keep].sum(axis=0)[None, :], present[keep].sum(axis=0)[None, :]
        else:
            g = groups[keep]
            sums = np.stack([np.bincount(g, weights=filled[keep, j], minlength=n_groups) for j in range(k)], axis=1)
            counts = np.stack([np.bincount(g, weights=present[keep, j], minlength=n_groups) for j in range(k)], axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out["importance"] = (sums / counts).ravel()

    if labels is None:
        out.index = pd.Index(attributes, name="attribute")
    else:
        out.index = pd.MultiIndex.from_product([labels, attributes], names=[by, "attribute"])
    _warn_reversed(out)
    return out


def _warn_reversed(table: pd.DataFrame) -> None:
    """Warn when most answer pairs of an attribute are 'reverse': the codes may run 1 = dislike."""
    share = table["R"] / table["n"].where(table["n"] > 0)
    flagged = table.index[(share > 0.5).to_numpy()]
    if len(flagged):
        names = [f[-1] if isinstance(f, tuple) else f for f in flagged]
        names = list(dict.fromkeys(map(str, names)))
        warnings.warn(
            f"attribute(s) {', '.join(map(repr, names))}: more than half of the answer pairs are 'reverse' (R), "
            "which usually means the survey codes 1 = 'I dislike it' ... 5 = 'I like it'; if so, pass reverse=True",
            UserWarning, stacklevel=3,
        )


def _table(cells: np.ndarray, fong_z: float) -> pd.DataFrame:
    """All summary statistics from the answer-pair counts (rows x 26 cells)."""
    counts = cells @ _PAIR_TO_CAT  # rows x 6 (A O M I R Q)
    n = counts.sum(axis=1)
    A, O, M, I, R, Q = counts.T
    with np.errstate(invalid="ignore", divide="ignore"):
        aomi = A + O + M + I
        better = (A + O) / aomi
        worse = -(O + M) / aomi
        # top two among A O M I R; a stable sort over the hierarchy order M O A I R makes
        # ties go to the category higher in M > O > A > I > R
        ranked = counts[:, _HIERARCHY]
        order = np.argsort(-ranked, axis=1, kind="stable")
        top, second = order[:, 0], order[:, 1]
        a = np.take_along_axis(ranked, order[:, :1], axis=1)[:, 0]
        b = np.take_along_axis(ranked, order[:, 1:2], axis=1)[:, 0]
        diff = a - b
        critical = fong_z * np.sqrt((a + b) * (2 * n - a - b) / (2 * n))
        significant = diff > critical
        chosen = np.where(significant, top, np.minimum(top, second))
        defined = a > 0
        letters = np.array([CATEGORIES[i] for i in _HIERARCHY], dtype=object)
        category = np.where(defined, letters[chosen], np.nan)
        runner_up = np.where(defined & (b > 0), letters[np.where(chosen == top, second, top)], np.nan)
        rules = np.array(["M>O>A>I", "most frequent"], dtype=object)
        rule = np.where(defined, rules[significant.astype(np.intp)], np.nan)
        category_strength = diff / n
        total_strength = (A + O + M) / n

        f_sum, d_sum = cells @ _F_SCORE_CELL, cells @ _D_SCORE_CELL
        f_sq, d_sq = cells @ _F_SCORE_CELL**2, cells @ _D_SCORE_CELL**2
        func_mean, dysf_mean = f_sum / n, d_sum / n
        func_sd = np.sqrt(np.maximum(f_sq - n * func_mean**2, 0.0) / (n - 1))
        dysf_sd = np.sqrt(np.maximum(d_sq - n * dysf_mean**2, 0.0) / (n - 1))
        sqrt_n = np.sqrt(n)
    ints = {c: counts[:, i].astype(np.int64) for i, c in enumerate(CATEGORIES)}
    return pd.DataFrame(
        {
            "n": n.astype(np.int64),
            **ints,
            "category": pd.array(category, dtype="str"),
            "runner_up": pd.array(runner_up, dtype="str"),
            "rule": pd.array(rule, dtype="str"),
            "better": better,
            "worse": worse,
            "category_strength": category_strength,
            "total_strength": total_strength,
            "fong_diff": diff,
            "fong_critical": critical,
            "fong_significant": significant & defined,
            "func_mean": func_mean,
            "func_sd": func_sd,
            "func_se": func_sd / sqrt_n,
            "dysf_mean": dysf_mean,
            "dysf_sd": dysf_sd,
            "dysf_se": dysf_sd / sqrt_n,
        }
    )


def _resample_statistic(keys: np.ndarray, fong_z: float) -> np.ndarray:
    """Better, Worse and category index of every attribute, from pair indices (n x k)."""
    k = keys.shape[1]
    flat = (keys.astype(np.intp) + np.arange(k) * _N_CELLS).ravel()
    cells = np.bincount(flat, minlength=_N_CELLS * k).reshape(k, _N_CELLS).astype(float)
    table = _table(cells, fong_z)
    code = table["category"].map(_CAT_INDEX).to_numpy(dtype=float)
    return np.concatenate([table["better"].to_numpy(), table["worse"].to_numpy(), code])


def bootstrap(
    data: pd.DataFrame,
    attributes=None,
    *,
    functional: str = "{}_func",
    dysfunctional: str = "{}_dysf",
    n_boot: int = 500,
    seed=None,
    n_jobs=None,
    progress: bool = True,
    level: float = 0.95,
    fong_z: float = 1.65,
    reverse: bool = False,
) -> pd.DataFrame:
    """Bootstrap confidence intervals of Better and Worse, and how stable each category is.

    Respondents are resampled with replacement (:func:`sxm.resample.bootstrap`, so the
    draws are the same for any ``n_jobs``); each resample is summarized as in
    :func:`summarize`.

    Parameters
    ----------
    data : DataFrame
        One row per respondent, as in :func:`summarize`. Not modified.
    attributes : str or list of str, optional
        Attribute names, as in :func:`summarize`. Default ``None``: every attribute with
        both columns.
    functional : str, default "{}_func"
        Template of the functional column names, with one ``{}`` for the attribute.
    dysfunctional : str, default "{}_dysf"
        Template of the dysfunctional column names, with one ``{}``.
    n_boot : int, default 500
        Number of bootstrap resamples (at least 2).
    seed : int, optional
        Makes the draws reproducible, whatever ``n_jobs`` is. Default ``None``: fresh
        draws on every call.
    n_jobs : int, optional
        Worker processes: ``None`` or ``-1`` every core, ``1`` this process. Default
        ``None``.
    progress : bool, default True
        Show a progress bar (``tqdm.auto``).
    level : float, default 0.95
        Confidence level of the percentile intervals.
    fong_z : float, default 1.65
        Critical value of Fong's test, as in :func:`summarize`.
    reverse : bool, default False
        The survey codes its answers 1 = "I dislike it" ... 5 = "I like it", as in
        :func:`summarize`.

    Returns
    -------
    DataFrame
        One row per attribute: ``category`` (full sample), ``better``, ``better_ci_low``,
        ``better_ci_high``, ``worse``, ``worse_ci_low``, ``worse_ci_high`` (percentile intervals),
        ``p_A`` ... ``p_R`` (share of resamples assigning each category) and ``stability``
        (the share assigning the full-sample category).

    Raises
    ------
    SurveyError
        As :func:`summarize`; an ``n_boot`` below 2, a ``level`` not strictly between 0
        and 1, or an invalid ``seed``, ``n_jobs`` or ``progress``
        (:func:`sxm.resample.check_resampling`).

    See Also
    --------
    summarize : the full-sample table, with Fong's test.
    plot_better_worse : the Better-Worse diagram.
    sxm.resample.bootstrap : the parallel, reproducible resampling used here.

    Notes
    -----
    The answers are classified once; a resample only redraws rows of the n x k matrix of
    answer-pair indices and counts them with one ``bincount``, so 500 resamples of a few
    hundred respondents take well under a second. A ``stability`` well below 1 means that
    a somewhat different sample of customers would have put the attribute into another
    category -- the same warning as a non-significant Fong test, in another form.

    Examples
    --------
    >>> df = pd.DataFrame({"wifi_func": [1, 1, 1, 3, 2] * 8, "wifi_dysf": [3, 3, 5, 5, 3] * 8})
    >>> out = bootstrap(df, n_boot=200, seed=1, n_jobs=1, progress=False)
    >>> out[["category", "better", "better_ci_low", "better_ci_high"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
              category  better  better_ci_low  better_ci_high
    attribute
    wifi             A     0.6        0.45         0.75
    >>> # In R: boot::boot.ci(boot::boot(d, better, R = 200), type = "perc") for each attribute

    The bundled car-rental survey:

    >>> from sxm.datasets import load
    >>> out = bootstrap(load("car_rental_kano"), ["clean_car", "free_upgrade"], n_boot=200, seed=1,
    ...                 n_jobs=1, progress=False)
    >>> out[["category", "better_ci_low", "better_ci_high", "stability"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
                 category  better_ci_low  better_ci_high  stability
    attribute
    clean_car           M           0.15            0.23        1.0
    free_upgrade        A           0.58            0.68        1.0
    """
    from .resample import bootstrap as _bootstrap
    from .resample import check_resampling, percentile_ci

    attributes, fcols, dcols = _resolve(data, attributes, functional, dysfunctional)
    if not (isinstance(fong_z, (int, float)) and fong_z > 0):
        raise SurveyError(f"fong_z: must be a positive number such as 1.65; got {fong_z!r}")
    n_boot, seed, n_jobs, progress = check_resampling(n_boot, seed, n_jobs, progress, minimum=2)
    level = check_level(level)
    keys = np.column_stack(list(_survey_pairs(data, attributes, fcols, dcols, _check_reverse(reverse))))
    k = len(attributes)
    full = _resample_statistic(keys, fong_z)
    draws = _bootstrap(
        lambda sample: _resample_statistic(sample, fong_z), keys, n_boot=int(n_boot), seed=seed,
        n_jobs=n_jobs, desc="Kano bootstrap", progress=progress,
    )
    low, high = percentile_ci(draws[:, : 2 * k], level=level)
    codes = draws[:, 2 * k :]
    valid = (~np.isnan(codes)).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = {f"p_{c}": (codes == i).sum(axis=0) / valid for i, c in enumerate(CATEGORIES[:5])}
        stability = np.array(
            [(codes[:, j] == full[2 * k + j]).sum() / valid[j] if not np.isnan(full[2 * k + j]) else np.nan for j in range(k)]
        )
    letters = np.array(list(CATEGORIES) + [np.nan], dtype=object)
    category = letters[np.nan_to_num(full[2 * k :], nan=-1).astype(int)]
    out = pd.DataFrame(
        {
            "category": pd.array(category, dtype="str"),
            "better": full[:k], "better_ci_low": low[:k], "better_ci_high": high[:k],
            "worse": full[k : 2 * k], "worse_ci_low": low[k:], "worse_ci_high": high[k:],
            **shares,
            "stability": stability,
        },
        index=pd.Index(attributes, name="attribute"),
    )
    return out


# --------------------------------------------------------------------------------------
# prioritisation
# --------------------------------------------------------------------------------------
_PRIORITY_ORDER = {"M": 0, "O": 1, "A": 2, "I": 3, "R": 4}


def _require_summary(summary, columns):
    require_frame(summary, name="summary")
    missing = [c for c in columns if c not in summary.columns]
    if missing:
        raise SurveyError(
            f"summary: missing column {missing[0]!r}; pass the table returned by sxm.kano.summarize"
        )


def priorities(summary: pd.DataFrame, *, include=("M", "O", "A")) -> pd.DataFrame:
    """Improvement priorities from a Kano table: must-be first, then one-dimensional, then attractive.

    Parameters
    ----------
    summary : DataFrame
        The result of :func:`summarize` (with or without ``by``); needs the columns
        ``category``, ``better`` and ``worse``. Not modified.
    include : sequence of str, default ("M", "O", "A")
        Categories to list, in the order of the strategy; add ``"I"`` and ``"R"`` to list
        indifferent and reverse attributes at the end.

    Returns
    -------
    DataFrame
        The attributes of the included categories, sorted, with columns ``priority`` (1, 2,
        ... within each segment), ``category``, ``better``, ``worse``, ``importance`` (when
        the summary has it) and ``reason``.

    Raises
    ------
    SurveyError
        ``summary`` lacks a needed column, or ``include`` names a category other than
        ``M``, ``O``, ``A``, ``I``, ``R``.
    SurveyTypeError
        ``summary`` is not a DataFrame.

    See Also
    --------
    summarize : the Kano table ranked here.
    sxm.priorities.plan : an improvement plan that weighs gaps, importance, Kano and cost.

    Notes
    -----
    The order follows Matzler & Hinterhuber (1998): fulfil every must-be requirement (their
    absence dissatisfies and their presence earns nothing), be competitive on the
    one-dimensional ones, then stand out with attractive ones. Within a category:

    - must-be by ``|worse|`` (how much dissatisfaction the absence causes), descending;
    - one-dimensional by ``better + |worse|`` (the total swing between absent and present);
    - attractive by ``better``;
    - indifferent and reverse by ``better + |worse|``.

    A category decided by the M > O > A > I rule (Fong's test not significant) is flagged in
    the reason: the data do not separate it clearly from the runner-up.

    Examples
    --------
    >>> df = pd.DataFrame({"wifi_func": [1, 1, 1, 1], "wifi_dysf": [3, 3, 3, 4],
    ...                    "brakes_func": [2, 3, 2, 2], "brakes_dysf": [5, 5, 5, 5]})
    >>> priorities(summarize(df))[["priority", "category"]]  # doctest: +NORMALIZE_WHITESPACE
               priority category
    attribute
    brakes            1        M
    wifi              2        A

    The bundled car-rental survey:

    >>> from sxm.datasets import load
    >>> p = priorities(summarize(load("car_rental_kano")))
    >>> p[["priority", "category", "better", "worse"]].head(4).round(2)  # doctest: +NORMALIZE_WHITESPACE
                       priority category  better  worse
    attribute
    transparent_price         1        M    0.48  -0.89
    clean_car                 2        M    0.19  -0.85
    online_booking            3        M    0.27  -0.75
    easy_return               4        O    0.56  -0.79
    """
    _require_summary(summary, ["category", "better", "worse"])
    include = list(include)  # "MOA" and ("M", "O", "A") alike
    for c in include:
        if c not in _PRIORITY_ORDER:
            raise SurveyError(f"include: categories must be among 'M', 'O', 'A', 'I', 'R'; got {c!r}")
    table = summary[summary["category"].isin(include)].copy()
    better = table["better"].to_numpy(dtype=float)
    absworse = -table["worse"].to_numpy(dtype=float)
    cat = table["category"].to_numpy(dtype=object)
    key = np.select([cat == "M", cat == "A"], [absworse, better], better + absworse)
    table["_group"] = [include.index(c) for c in cat]
    table["_key"] = -key
    if isinstance(table.index, pd.MultiIndex):  # one ranking per segment, segments in summary order
        seg_order = {v: i for i, v in enumerate(summary.index.get_level_values(0).unique())}
        table["_seg"] = table.index.get_level_values(0).map(seg_order)
    else:
        table["_seg"] = 0
    table = table.sort_values(["_seg", "_group", "_key"], kind="stable")
    table["priority"] = table.groupby("_seg").cumcount() + 1

    def fmt(v):
        return f"{v:.2f}"

    b = table["better"].map(fmt).astype(object)  # object even when no attribute is left (all R, say)
    w = (-table["worse"]).map(fmt).astype(object)
    reason = pd.Series("", index=table.index, dtype=object)
    texts = {
        "M": "must-be, |worse| = " + w + ": missed when absent, little credit when present; fulfil first",
        "O": "one-dimensional, better = " + b + ", |worse| = " + w + ": more is better; stay competitive",
        "A": "attractive, better = " + b + ": delights, not missed; differentiate",
        "I": "indifferent, better = " + b + ", |worse| = " + w + ": little effect; do not invest",
        "R": "reverse: some customers prefer not to have it; reconsider or make it optional",
    }
    cats = table["category"].to_numpy(dtype=object)
    for c, text in texts.items():  # a loop over five categories
        reason = reason.where(cats != c, text)
    if "rule" in table.columns:
        unsure = (table["rule"] == "M>O>A>I").to_numpy()
        if "runner_up" in table.columns:
            note = " [close call vs " + table["runner_up"].astype(object).fillna("-").astype(str) + ", decided by M>O>A>I]"
        else:
            note = pd.Series(" [close call, decided by M>O>A>I]", index=table.index)
        reason = reason.where(~unsure, reason + note)
    table["reason"] = reason.astype(str)
    cols = ["priority", "category", "better", "worse"] + (["importance"] if "importance" in table.columns else []) + ["reason"]
    return table[cols]


# --------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------
# the quadrants of the Better-Worse and continuous diagrams: corner -> sxm.i18n.TABLE key
_QUADRANTS = {
    "upper left": "kano.quadrant.attractive",
    "upper right": "kano.quadrant.one_dimensional",
    "lower right": "kano.quadrant.must_be",
    "lower left": "kano.quadrant.indifferent",
}


def _quadrant_names() -> dict[str, str]:
    from .i18n import t

    return {corner: t(key) for corner, key in _QUADRANTS.items()}


def _category_name(code):
    """The full name of a category letter in the language in force (``A`` -> attractive / 兴奋需求)."""
    from .i18n import t

    return t(f"kano.category.{code}") if code in CATEGORY_NAMES else code


def _cuts(cut, x, y):
    """Both cut lines at one number, or at the means of x and y for cut="mean"."""
    if isinstance(cut, str):
        if cut != "mean":
            raise SurveyError(f"cut: must be a number or 'mean'; got {cut!r}")
        return float(np.mean(x)), float(np.mean(y))
    return float(cut), float(cut)


def _labels_and_hue(summary: pd.DataFrame, hue):
    """Point labels (attribute names) and a hue: segments when segmented, else categories;
    known names and the category names in the language in force."""
    from .i18n import label

    if isinstance(summary.index, pd.MultiIndex):
        labels = summary.index.get_level_values(-1).astype(str).map(label)
        default = summary.index.get_level_values(0).astype(str).map(label)
    else:
        labels = summary.index.astype(str).map(label)
        default = summary["category"].map(_category_name) if "category" in summary else None
    if hue is None or hue is False:
        return list(labels), None
    if hue == "auto":
        return list(labels), None if default is None else np.asarray(default, dtype=object)
    if isinstance(hue, str):
        if hue in summary.columns:
            values = summary[hue]
            values = values.map(_category_name) if hue == "category" else values.map(label)
            return list(labels), np.asarray(values, dtype=object)
        raise SurveyError(f"hue: {hue!r} is not a column of the summary")
    return list(labels), np.asarray(hue, dtype=object)


def plot_better_worse(summary: pd.DataFrame, *, cut: float | str = 0.5, hue="auto", title: str | None = None, ax=None):
    """The Better-Worse diagram: |Worse| across, Better up, four labelled quadrants.

    Parameters
    ----------
    summary : DataFrame
        The result of :func:`summarize` (a segmented summary shows one point per segment
        and attribute, coloured by segment).
    cut : float or "mean", default 0.5
        Where both cut lines lie: 0.5 (Berger et al. 1993) or ``"mean"`` for the average
        |Worse| and Better of the attributes shown.
    hue : "auto", column name, array-like or None, default "auto"
        Colour of the points; "auto" colours by category (by segment when segmented);
        ``None`` or ``False`` draws every point in one colour.
    title : str, optional
        Title of the Axes. Default ``None``: "Better-Worse diagram" in the language in force
        (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new 7.5 × 6 inch figure.

    Returns
    -------
    matplotlib.axes.Axes
        |Worse| on the x axis, Better on the y axis, one labelled point per attribute (and
        segment), the cut lines and the quadrant names; the legend sits below the plot.
        Fixed words, category names and known attribute and segment names are in the
        language in force.

    Raises
    ------
    SurveyError
        ``summary`` lacks ``better`` or ``worse``, ``cut`` is a word other than
        ``"mean"``, or ``hue`` names a column the summary does not have.

    See Also
    --------
    summarize : the table drawn here.
    plot_continuous : the same quadrants from the continuous scores, with error bars.
    plot_categories : stacked shares of the categories per attribute.

    Notes
    -----
    Upper left (high Better, low |Worse|): attractive; upper right: one-dimensional; lower
    right (low Better, high |Worse|): must-be; lower left: indifferent (Berger et al. 1993;
    Matzler & Hinterhuber 1998). Drawn with :func:`sxm.plots.quadrant_chart`.

    Examples
    --------
    >>> from sxm.datasets import load
    >>> ax = plot_better_worse(summarize(load("car_rental_kano")))
    >>> ax.get_title(), ax.get_xlabel()
    ('Better-Worse diagram', '|Worse|: dissatisfaction when absent')
    >>> from sxm import i18n
    >>> old = i18n.set_lang("zh")
    >>> ax = plot_better_worse(summarize(load("car_rental_kano")))
    >>> ax.get_title(), sorted(t.get_text() for t in ax.texts)[:3]
    ('Better-Worse 系数图', ['一键预订', '价格透明', '会员积分'])
    >>> _ = i18n.set_lang(old)
    """
    from .i18n import t
    from .plots import get_ax, quadrant_chart

    _require_summary(summary, ["better", "worse"])
    shown = _by_category(summary.dropna(subset=["better", "worse"]), hue)
    x = -shown["worse"].to_numpy(dtype=float)
    y = shown["better"].to_numpy(dtype=float)
    x_cut, y_cut = _cuts(cut, x, y)
    labels, colours = _labels_and_hue(shown, hue)
    ax = get_ax(ax, figsize=(7.5, 6))
    ax.set_xlim(-0.02, 1.1)
    ax.set_ylim(-0.02, 1.02)
    quadrant_chart(
        x, y, labels, x_cut=x_cut, y_cut=y_cut, quadrant_names=_quadrant_names(), hue=colours,
        xlabel=t("kano.better_worse.xlabel"), ylabel=t("kano.better_worse.ylabel"),
        title=t("kano.better_worse.title") if title is None else title, ax=ax,
    )
    return _legend_outside(ax, shown, hue)


def _by_category(shown: pd.DataFrame, hue) -> pd.DataFrame:
    """Rows in category order A O M I R when points are coloured by category, so that every
    chart gives a category the same colour of the suite's palette (A blue, O orange, M
    green, I red, R purple)."""
    by_category = hue == "category" or (hue == "auto" and not isinstance(shown.index, pd.MultiIndex))
    if not by_category or "category" not in shown.columns:
        return shown
    rank = shown["category"].map({c: i for i, c in enumerate(CATEGORIES)}).fillna(len(CATEGORIES))
    return shown.iloc[np.argsort(rank.to_numpy(), kind="stable")]


def _legend_outside(ax, summary, hue):
    """Move the hue legend below the plot, away from the quadrant names and point labels."""
    from .i18n import label

    if ax.get_legend() is not None:
        if isinstance(hue, str) and hue != "auto":
            title = label(hue)
        elif hue == "auto":
            title = label(summary.index.names[0] if isinstance(summary.index, pd.MultiIndex) else "category")
        else:
            title = None
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.11), ncols=5, frameon=False, fontsize=9,
                  title=title, title_fontsize=9)
    return ax


def plot_categories(summary: pd.DataFrame, *, title: str | None = None, ax=None):
    """Stacked horizontal bars: the share of each Kano category per attribute.

    The assigned category is written at the end of each bar.

    Parameters
    ----------
    summary : DataFrame
        The result of :func:`summarize` (segmented summaries show one bar per segment and
        attribute, labelled ``attribute | segment``); needs the columns ``n`` and
        ``A O M I R Q``.
    title : str, optional
        Title of the Axes. Default ``None``: "Kano categories per attribute" in the
        language in force (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new figure whose height grows with the
        number of bars.

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per attribute (top to bottom in the order of ``summary``), six
        stacked segments (A O M I R Q) that sum to 100 %. Fixed words, category names and
        known attribute and segment names are in the language in force.

    Raises
    ------
    SurveyError
        ``summary`` lacks a needed column.

    See Also
    --------
    summarize : the table drawn here.
    plot_better_worse : the Better-Worse diagram.

    Examples
    --------
    >>> from sxm.datasets import load
    >>> ax = plot_categories(summarize(load("car_rental_kano")))
    >>> len(ax.patches), [t.get_text() for t in ax.get_yticklabels()][:2]  # 10 attributes x 6 categories
    (60, ['online_booking', 'one_click_reservation'])
    """
    from .i18n import label, t
    from .plots import PALETTE, get_ax

    _require_summary(summary, list(CATEGORIES) + ["n"])
    if isinstance(summary.index, pd.MultiIndex):
        names = [f"{label(a)} | {label(s)}"
                 for s, a in zip(summary.index.get_level_values(0), summary.index.get_level_values(-1))]
    else:
        names = [str(label(a)) for a in summary.index]
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = summary[list(CATEGORIES)].to_numpy(dtype=float) / summary["n"].to_numpy(dtype=float)[:, None]
    shares = np.nan_to_num(shares)
    ax = get_ax(ax, figsize=(8, 0.45 * len(names) + 1.5))
    pos = np.arange(len(names))[::-1]
    left = np.zeros(len(names))
    colours = [PALETTE[i] for i in (0, 1, 2, 3, 4, 7)]  # as in the scatter plots
    for i, c in enumerate(CATEGORIES):  # six categories, each one barh call for all attributes
        ax.barh(pos, shares[:, i], left=left, color=colours[i], label=f"{c} {_category_name(c)}", edgecolor="white",
                height=0.75)
        left += shares[:, i]
    if "category" in summary.columns:
        for p, cat in zip(pos, summary["category"].astype(object)):
            if isinstance(cat, str):
                ax.text(1.01, p, cat, va="center", ha="left", fontsize=9, fontweight="bold")
    ax.set_yticks(pos, names)
    ax.set_xlim(0, 1.06)
    ax.set(xlabel=t("kano.categories.xlabel"), title=t("kano.categories.title") if title is None else title)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.legend(ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False, fontsize=8)
    ax.grid(axis="y", visible=False)
    return ax


def plot_continuous(summary: pd.DataFrame, *, error: str = "se", cut: float | str = 2.0, hue="auto", title: str | None = None,
                    ax=None):
    """Continuous Kano plot: mean dysfunctional score across, mean functional score up, error bars.

    Parameters
    ----------
    summary : DataFrame
        The result of :func:`summarize`; needs the columns ``func_mean``, ``dysf_mean``,
        ``func_se`` and ``dysf_se`` (and ``func_sd``, ``dysf_sd`` for ``error="sd"``).
    error : {"se", "ci", "sd"}, default "se"
        Error bars of one standard error, a normal 95 % interval (1.96 SE) or one SD.
    cut : float or "mean", default 2.0
        Where both cut lines lie: 2, the middle of the 0..4 range used by Berger et al.
        (1993), or ``"mean"`` for the average of the attributes shown.
    hue : "auto", column name, array-like or None, default "auto"
        Colour of the points, as in :func:`plot_better_worse`.
    title : str, optional
        Title of the Axes. Default ``None``: "Continuous Kano: mean functional vs
        dysfunctional score" in the language in force (:func:`sxm.i18n.set_lang`).
    ax : matplotlib Axes, optional
        The Axes to draw on. Default ``None``: a new 7.5 × 6 inch figure.

    Returns
    -------
    matplotlib.axes.Axes
        Mean dysfunctional score on the x axis, mean functional score on the y axis, error
        bars in both directions, the cut lines and the quadrant names. Fixed words,
        category names and known attribute and segment names are in the language in force.

    Raises
    ------
    SurveyError
        ``summary`` lacks a needed column, ``error`` is not one of its choices, ``cut`` is
        a word other than ``"mean"``, or ``hue`` names a column the summary does not have.

    See Also
    --------
    summarize : the table drawn here (``func_mean``, ``dysf_mean`` and their errors).
    plot_better_worse : the same quadrants from the discrete classification.

    Notes
    -----
    Scores (DuMouchel in Berger et al. 1993): functional like 4, must-be 2, neutral 0,
    live-with -1, dislike -2; dysfunctional -2, -1, 0, 2, 4. Upper right: one-dimensional;
    upper left (pleasing when present, not missed): attractive; lower right (missed, not
    pleasing): must-be; lower left: indifferent. The error bars show how precisely each
    mean is estimated, which the discrete classification hides.

    Examples
    --------
    >>> from sxm.datasets import load
    >>> ax = plot_continuous(summarize(load("car_rental_kano")), error="ci")
    >>> ax.get_xlabel()
    'dysfunctional score (absence hurts →), 95 % CI'
    """
    from .i18n import t
    from .plots import get_ax, quadrant_chart

    _require_summary(summary, ["func_mean", "dysf_mean", "func_se", "dysf_se"])
    factor = {"se": ("se", 1.0), "ci": ("se", 1.96), "sd": ("sd", 1.0)}
    if error not in factor:
        raise SurveyError(f"error: must be 'se', 'ci' or 'sd'; got {error!r}")
    kind, mult = factor[error]
    shown = _by_category(summary.dropna(subset=["func_mean", "dysf_mean"]), hue)
    x = shown["dysf_mean"].to_numpy(dtype=float)
    y = shown["func_mean"].to_numpy(dtype=float)
    xerr = mult * np.nan_to_num(shown[f"dysf_{kind}"].to_numpy(dtype=float))
    yerr = mult * np.nan_to_num(shown[f"func_{kind}"].to_numpy(dtype=float))
    x_cut, y_cut = _cuts(cut, x, y)
    labels, colours = _labels_and_hue(shown, hue)
    ax = get_ax(ax, figsize=(7.5, 6))
    lo = min(0.0, float(np.min(np.r_[x - xerr, y - yerr], initial=0.0))) - 0.2
    hi = max(4.0, float(np.max(np.r_[x + xerr, y + yerr], initial=4.0))) + 0.2
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.errorbar(x, y, xerr=xerr, yerr=yerr, fmt="none", ecolor="0.55", elinewidth=1, capsize=3, zorder=1)
    bars = t(f"kano.continuous.{error}")
    quadrant_chart(
        x, y, labels, x_cut=x_cut, y_cut=y_cut, quadrant_names=_quadrant_names(), hue=colours,
        xlabel=t("kano.continuous.xlabel", error=bars), ylabel=t("kano.continuous.ylabel", error=bars),
        title=t("kano.continuous.title") if title is None else title, ax=ax,
    )
    return _legend_outside(ax, shown, hue)
