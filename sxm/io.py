"""Reading survey data, validating it at the door, and protecting respondents' privacy.

Every public function of ``sxm`` validates its input with the helpers of this module, so
that a bad survey file gets *one* clear error: a :class:`SurveyError` whose message names
the column, the rule that was broken and an example of the offending value.
"""
from __future__ import annotations

import csv
import fnmatch
import hashlib
import hmac
import io as _io
import json
import re
import secrets
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "SurveyError",
    "SurveyTypeError",
    "offending",
    "read_survey",
    "codebook_template",
    "ANSWER_SETS",
    "EXPORT_LAYOUTS",
    "PII_HEADERS",
    "SetAside",
    "pseudonymize",
    "find_pii",
    "require_frame",
    "require_columns",
    "numeric_items",
    "check_unique_ids",
    "check_not_constant",
    "check_scale",
    "expand_items",
    "name_respondent",
    "check_level",
    "check_alpha",
    "check_choice",
    "complete_rows",
    "MISSING_WARN_SHARE",
]


class SurveyError(ValueError):
    """The one exception raised for bad survey input.

    The message names the column, the rule and an offending value, e.g.
    ``column 'P3': answers must lie on the scale 1 to 7; found 9 for respondent 13``.
    """


class SurveyTypeError(SurveyError, TypeError):
    """Input of the wrong type (e.g. a list where a DataFrame is needed).

    A subclass of both :class:`SurveyError` and :class:`TypeError`, so either can be caught.
    """


# --------------------------------------------------------------------------------------
# validation helpers, used by every module
# --------------------------------------------------------------------------------------
def _show(value) -> str:
    """repr of a value with numpy scalars shown as plain Python numbers."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return repr(int(value))
    return repr(value)


def _id_values(data: pd.DataFrame) -> np.ndarray | None:
    """The respondent ids of ``data`` (positionally aligned), when it carries its id column."""
    column = data.attrs.get("id_column") if isinstance(data, pd.DataFrame) else None
    if column is not None and column in data.columns:
        return data[column].to_numpy()
    return None


def _respondent_at(index: pd.Index, position: int, ids: np.ndarray | None = None) -> str:
    """Name the respondent at ``position`` of ``index``: by id, else by 1-based position."""
    label = index[position]
    if ids is not None:
        return f"respondent id {_show(ids[position])}"
    if index.name is not None:  # an index set from a column of ids
        return f"respondent {index.name} {_show(label)}"
    if isinstance(label, (int, np.integer)) and not isinstance(label, (bool, np.bool_)):
        return f"respondent {int(label) + 1}"  # the default 0-based row labels of a file
    return f"respondent {_show(label)}"


def name_respondent(data: pd.DataFrame | pd.Series, label) -> str:
    """How error messages name the respondent in row ``label`` of ``data``.

    By id when ``data`` carries its id column (``read_survey(id_column=...)`` records it in
    ``data.attrs["id_column"]``), else by the name and value of the index when the index has a
    name (ids set as the index), else by the 1-based position in the file (``respondent 15``
    is the 15th respondent: the row labelled 14 by pandas), else by the row label itself.
    Never by a 0-based row number.

    Parameters
    ----------
    data : DataFrame or Series
        The data the row belongs to (its ``attrs["id_column"]`` names the id column). Not
        modified.
    label : object
        The row's index label (the first row with that label when labels repeat).

    Returns
    -------
    str
        ``"respondent 2"``, ``"respondent id 'B3'"`` or ``"respondent <index name> <label>"``.

    Raises
    ------
    SurveyTypeError
        ``data`` is not a DataFrame or Series.
    SurveyError
        No row has the label ``label``.

    See Also
    --------
    offending : the words for the first offending answer of a column, with its respondent.
    read_survey : records the id column that this function names respondents by.

    Examples
    --------
    >>> df = pd.DataFrame({"P1": [4, 9]})
    >>> name_respondent(df, 1)
    'respondent 2'
    >>> df.attrs["id_column"] = "id"
    >>> name_respondent(df.assign(id=["A7", "B3"]), 1)
    "respondent id 'B3'"
    >>> name_respondent(pd.DataFrame({"P1": [4, 9]}, index=pd.Index([501, 502], name="case")), 502)
    'respondent case 502'
    """
    if not isinstance(data, (pd.DataFrame, pd.Series)):
        raise SurveyTypeError(f"data: must be a pandas DataFrame or Series; got {type(data).__name__}")
    hits = np.flatnonzero(data.index == label)
    if not len(hits):
        raise SurveyError(f"label: no row labelled {_show(label)} in the data")
    ids = _id_values(data) if isinstance(data, pd.DataFrame) else None
    return _respondent_at(data.index, int(hits[0]), ids)


def _example(series: pd.Series, mask, ids: np.ndarray | None = None) -> str:
    """Describe the first offending value of ``series[mask]``, whose respondent, and how many."""
    mask = np.asarray(mask, dtype=bool)
    positions = np.flatnonzero(mask)
    first = int(positions[0])
    more = len(positions) - 1
    tail = f" (and {more} more)" if more else ""
    return f"found {_show(series.iloc[first])} for {_respondent_at(series.index, first, ids)}{tail}"


def offending(series: pd.Series, mask, *, data: pd.DataFrame | None = None) -> str:
    """Words for the first offending value of ``series[mask]``, for an error message.

    Parameters
    ----------
    series : Series
        A column of the data.
    mask : array-like of bool
        Which answers break the rule (as long as ``series``; at least one ``True``).
    data : DataFrame, optional
        The data ``series`` comes from: when it carries its id column (``read_survey``
        records it) and has as many rows as ``series``, the respondent is named by id.
        Default ``None``: by position.

    Returns
    -------
    str
        ``"found <value> for respondent <position> (and <k> more)"``, or
        ``"... for respondent id <id> ..."``.

    Raises
    ------
    SurveyTypeError
        ``series`` is not a pandas Series.

    See Also
    --------
    name_respondent : the words for one respondent.
    numeric_items : validates answers and uses these words in its errors.

    Examples
    --------
    >>> offending(pd.Series(["a", " ", "b"]), [False, True, False])
    "found ' ' for respondent 2"
    >>> answers = pd.Series([3, 9, 12])
    >>> offending(answers, answers > 7)
    'found 9 for respondent 2 (and 1 more)'
    >>> data = pd.DataFrame({"id": ["K01", "K02", "K03"], "P1": [3, 9, 12]})
    >>> data.attrs["id_column"] = "id"
    >>> offending(data["P1"], data["P1"] > 7, data=data)
    "found 9 for respondent id 'K02' (and 1 more)"
    """
    if not isinstance(series, pd.Series):
        raise SurveyTypeError(f"series: must be a pandas Series (a column of the data); got {type(series).__name__}")
    ids = _id_values(data) if isinstance(data, pd.DataFrame) and len(data) == len(series) else None
    if not np.asarray(mask, dtype=bool).any():
        raise SurveyError("mask: marks no offending value (rule: at least one answer breaks the rule)")
    return _example(series, mask, ids)


def require_frame(data, *, name: str = "data", min_rows: int = 1) -> None:
    """Check that ``data`` is a DataFrame with enough rows and unique column names.

    The first check of every public function that takes ``data``.

    Parameters
    ----------
    data : DataFrame
        The data to check, respondents in rows. Not modified.
    name : str, default "data"
        The argument's name, for the message.
    min_rows : int, default 1
        The fewest respondent rows accepted (``0`` accepts an empty table).

    Raises
    ------
    SurveyTypeError
        ``data`` is not a pandas DataFrame.
    SurveyError
        Fewer than ``min_rows`` rows; a column name that appears more than once.

    See Also
    --------
    require_columns : check that the data has the columns an analysis needs.
    numeric_items : the items as validated numbers.

    Examples
    --------
    >>> require_frame(pd.DataFrame({"P1": [4, 5]}))  # nothing to say: no output
    >>> require_frame([1, 2])
    Traceback (most recent call last):
    ...
    sxm.io.SurveyTypeError: data: must be a pandas DataFrame (respondents in rows, items in columns); got list
    >>> require_frame(pd.DataFrame({"P1": []}), name="survey")
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: survey: needs at least 1 respondent row(s); the data has 0 (empty file or everything filtered out?)
    """
    if not isinstance(data, pd.DataFrame):
        raise SurveyTypeError(
            f"{name}: must be a pandas DataFrame (respondents in rows, items in columns); "
            f"got {type(data).__name__}"
        )
    if len(data) < min_rows:
        raise SurveyError(
            f"{name}: needs at least {min_rows} respondent row(s); the data has {len(data)} "
            "(empty file or everything filtered out?)"
        )
    dup = data.columns[data.columns.duplicated()]
    if len(dup):
        raise SurveyError(f"column {dup[0]!r}: column names must be unique; it appears more than once")


def require_columns(data: pd.DataFrame, columns: Iterable[str], *, what: str = "column") -> None:
    """Raise naming every required column that ``data`` lacks.

    Parameters
    ----------
    data : DataFrame
        The data (already checked with :func:`require_frame`). Not modified.
    columns : list of str
        The columns that must be present (names, not patterns: see :func:`expand_items`).
    what : str, default "column"
        What the columns are, for the message (``"id column"``, ``"item"``).

    Raises
    ------
    SurveyError
        At least one column is missing; the message lists the missing columns (up to 10) and
        those the data has (up to 15).

    See Also
    --------
    require_frame : check that ``data`` is a DataFrame at all.
    expand_items : resolve glob patterns such as ``"P*"`` to column names first.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"P1": [1], "P2": [3]}), ["P1", "P2"])  # all present: no output
    >>> require_columns(pd.DataFrame({"P1": [1]}), ["P1", "P2"])
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: missing required column 'P2' (rule: every listed column must be in the data); the data has columns: 'P1'
    """
    if not isinstance(data, pd.DataFrame):
        raise SurveyTypeError(f"data: must be a pandas DataFrame; got {type(data).__name__}")
    columns = [columns] if isinstance(columns, str) else list(columns)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing[:10]) + (" ..." if len(missing) > 10 else "")
        have = ", ".join(repr(c) for c in list(data.columns)[:15])
        if len(data.columns) > 15:
            have += ", ..."
        plural = "s" if len(missing) > 1 else ""
        raise SurveyError(
            f"missing required {what}{plural} {names} (rule: every listed {what} must be in the data); "
            f"the data has columns: {have}"
        )


def expand_items(data: pd.DataFrame, items) -> list[str]:
    """Resolve ``items`` to a list of column names.

    ``items`` may be a list of names, or one glob pattern (``"P*"``, ``"Q?_[12]"``) or a
    list of names and patterns; each pattern is replaced by the columns of ``data`` it
    matches (case-sensitive), in the order of the columns. A name is kept once, where it
    first appears. Plain names are not checked against the data: :func:`require_columns`
    does that.

    Parameters
    ----------
    data : DataFrame
        The data whose columns patterns are matched against. Not modified.
    items : str or list of str or None
        Column names and/or glob patterns. ``None`` gives an empty list.

    Returns
    -------
    list of str
        The column names, without repetitions.

    Raises
    ------
    SurveyTypeError
        An entry of ``items`` is not a string.
    SurveyError
        A pattern matches no column.

    See Also
    --------
    require_columns : check that the resolved columns are in the data.
    numeric_items : the resolved columns as validated numbers.

    Examples
    --------
    >>> df = pd.DataFrame(columns=["id", "P1", "P2", "E1", "E2", "NPS"])
    >>> expand_items(df, "P*")
    ['P1', 'P2']
    >>> expand_items(df, ["NPS", "E*", "P1"])
    ['NPS', 'E1', 'E2', 'P1']
    >>> expand_items(df, "Q*")
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: items pattern 'Q*': matches no column of the data
    """
    if items is None:
        return []
    if isinstance(items, str):
        items = [items]
    if not hasattr(items, "__iter__"):
        raise SurveyTypeError(f"items: must be a column name, a glob pattern or a list of them; got {items!r}")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise SurveyTypeError(f"items: column names must be strings; got {item!r}")
        if any(ch in item for ch in "*?["):
            hits = [c for c in data.columns if fnmatch.fnmatchcase(str(c), item)]
            if not hits:
                raise SurveyError(f"items pattern {item!r}: matches no column of the data")
            out.extend(h for h in hits if h not in out)
        elif item not in out:
            out.append(item)
    return out


def numeric_items(
    data: pd.DataFrame,
    columns: Sequence[str],
    *,
    scale: tuple[float, float] | None = None,
    allow_missing: bool = True,
    allow_all_missing: bool = False,
) -> pd.DataFrame:
    """Return ``data[columns]`` as a float64 copy, validating every answer.

    Numbers stored as text (``"4"``) are accepted, blank text counts as missing; nullable
    pandas dtypes (``Int64``, ``Float64``) are converted with ``NA`` as ``NaN``. Anything
    else is an error naming the column, the rule and the first offending value.

    Parameters
    ----------
    data : DataFrame
        Respondents in rows. Not modified.
    columns : list of str
        The item columns (names; see :func:`expand_items` for patterns).
    scale : (low, high), optional
        Inclusive bounds of the answer scale, e.g. ``(1, 7)``, checked on every answer.
        Default ``None``: no range check.
    allow_missing : bool, default True
        Whether missing answers (NaN) are allowed.
    allow_all_missing : bool, default False
        Whether an item may have no answer at all.

    Returns
    -------
    DataFrame
        A new float64 DataFrame with the index of ``data`` and the columns ``columns``, in
        that order; missing answers are ``NaN``.

    Raises
    ------
    SurveyTypeError
        ``data`` is not a DataFrame; ``scale`` is not a pair.
    SurveyError
        A missing column; text or True/False in an item; an infinite value; a missing answer
        when ``allow_missing=False``; an item nobody answered; an answer outside ``scale``.

    See Also
    --------
    check_scale : the range check alone, on answers already numeric.
    check_not_constant : refuse items every respondent answered alike.
    complete_rows : listwise deletion of the rows with a missing answer.
    read_survey : reads and validates a whole survey file.

    Examples
    --------
    >>> df = pd.DataFrame({"P1": [1, 2, 7], "P2": ["4", " ", "5"]})
    >>> numeric_items(df, ["P1", "P2"], scale=(1, 7))
        P1   P2
    0  1.0  4.0
    1  2.0  NaN
    2  7.0  5.0
    >>> numeric_items(df.assign(P1=[1, 2, 9]), ["P1"], scale=(1, 7))
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: column 'P1': answers must lie on the scale 1 to 7; found 9 for respondent 3
    >>> numeric_items(df.assign(P2=["4", "n/a", "5"]), ["P2"])
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: column 'P2': answers must be numbers; found 'n/a' for respondent 2
    """
    require_frame(data)
    columns = list(columns)
    require_columns(data, columns)
    # one float array for the whole block; only text columns are parsed one by one
    values = np.empty((len(data), len(columns)), dtype="float64", order="F")
    ids = _id_values(data)
    for j, col in enumerate(columns):
        s = data[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if pd.api.types.is_bool_dtype(s.dtype):
            raise SurveyError(f"column {col!r}: answers must be numbers; found a True/False column")
        if pd.api.types.is_numeric_dtype(s.dtype):
            values[:, j] = s.to_numpy(dtype="float64", na_value=np.nan)
        else:
            obj = s.astype(object)
            blank = obj.map(lambda v: isinstance(v, str) and v.strip() == "")
            obj = obj.mask(blank)
            num = pd.to_numeric(obj, errors="coerce")
            bad = num.isna() & obj.notna()
            if bad.any():
                raise SurveyError(f"column {col!r}: answers must be numbers; {_example(obj, bad, ids)}")
            values[:, j] = num.to_numpy(dtype="float64", na_value=np.nan)
    # fast path: per-column min and max are finite only when the column holds no NaN/inf,
    # and they are all the scale check needs
    if len(values):
        lowest, highest = values.min(axis=0), values.max(axis=0)
        clean = bool(np.isfinite(lowest).all() and np.isfinite(highest).all())
    else:
        clean = True
    if not clean:
        finite = np.isfinite(values)
        na = np.isnan(values)
        infinite = ~finite & ~na
        if infinite.any():
            j = int(np.nonzero(infinite.any(axis=0))[0][0])
            raise SurveyError(
                f"column {columns[j]!r}: answers must be finite; "
                f"{_example(pd.Series(values[:, j], index=data.index), infinite[:, j], ids)}"
            )
        if not allow_missing and na.any():
            j = int(np.nonzero(na.any(axis=0))[0][0])
            raise SurveyError(
                f"column {columns[j]!r}: missing answers are not allowed here; "
                f"{_respondent_at(data.index, int(np.argmax(na[:, j])), ids)} left it empty"
            )
        if not allow_all_missing:
            empty = na.all(axis=0)
            if empty.any():
                raise SurveyError(
                    f"column {columns[int(np.argmax(empty))]!r}: has no answers at all (all values missing)"
                )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-missing columns (allowed here)
            lowest, highest = np.nanmin(values, axis=0), np.nanmax(values, axis=0)
    if scale is not None:
        _check_scale_values(values, columns, data.index, scale, bounds=(lowest, highest) if len(values) else None,
                            ids=ids)
    return pd.DataFrame(values, index=data.index, columns=columns, copy=False)


def check_scale(frame: pd.DataFrame, scale: tuple[float, float]) -> None:
    """Raise if any answer of the numeric ``frame`` lies outside ``scale`` (inclusive).

    Missing answers (NaN) are never out of scale.

    Parameters
    ----------
    frame : DataFrame
        Numeric answers (e.g. from :func:`numeric_items`), respondents in rows. Not modified.
    scale : (low, high)
        Inclusive bounds of the answer scale, ``low < high``, e.g. ``(1, 7)``.

    Raises
    ------
    SurveyTypeError
        ``scale`` is not a ``(low, high)`` pair.
    SurveyError
        ``low`` is not below ``high``; an answer lies outside the scale (the message names
        the column and the first such answer with its respondent).

    See Also
    --------
    numeric_items : converts and validates answers, with this check when given ``scale``.
    read_survey : checks the scale once, when a survey is read.

    Examples
    --------
    >>> answers = pd.DataFrame({"P1": [1.0, 7.0, None], "P2": [4.0, 5.0, 6.0]})
    >>> check_scale(answers, (1, 7))  # every answer on the scale: no output
    >>> check_scale(answers, (1, 5))
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: column 'P1': answers must lie on the scale 1 to 5; found 7 for respondent 2
    """
    if not isinstance(frame, pd.DataFrame):
        raise SurveyTypeError(f"frame: must be a pandas DataFrame of numeric answers; got {type(frame).__name__}")
    _check_scale_values(frame.to_numpy(dtype=float), list(frame.columns), frame.index, scale, ids=_id_values(frame))


def _check_scale_values(values: np.ndarray, columns, index, scale, bounds=None, ids=None) -> None:
    try:
        low, high = scale
    except (TypeError, ValueError):
        raise SurveyTypeError(f"scale: must be a (low, high) pair such as (1, 7); got {scale!r}") from None
    if not low < high:
        raise SurveyError(f"scale: low must be below high; got {scale!r}")
    # NaN compares False on both sides: missing answers are never out of scale
    if bounds is not None:  # per-column (nan)min and (nan)max, already computed
        with np.errstate(invalid="ignore"):
            lowest, highest = np.nanmin(bounds[0]) if np.isfinite(bounds[0]).any() else low, \
                np.nanmax(bounds[1]) if np.isfinite(bounds[1]).any() else high
    else:
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            lowest, highest = (np.nanmin(values), np.nanmax(values)) if values.size and not np.isnan(values).all() \
                else (low, high)
    if lowest < low or highest > high:
        outside = (values < low) | (values > high)
        j = int(np.nonzero(outside.any(axis=0))[0][0])
        raise SurveyError(
            f"column {columns[j]!r}: answers must lie on the scale {low:g} to {high:g}; "
            f"{_example(pd.Series(values[:, j], index=index), outside[:, j], ids)}"
        )


def check_unique_ids(data: pd.DataFrame, column: str) -> None:
    """Raise if respondent ids in ``column`` are missing or duplicated.

    Parameters
    ----------
    data : DataFrame
        Respondents in rows. Not modified.
    column : str
        The column of respondent ids.

    Raises
    ------
    SurveyError
        ``column`` is not in the data; an id is missing (naming the respondent by position);
        an id appears more than once (naming it and the respondents who share it).

    See Also
    --------
    read_survey : checks its ``id_column`` with this function.
    name_respondent : how messages name respondents once ids are known.

    Examples
    --------
    >>> check_unique_ids(pd.DataFrame({"id": ["A1", "A2"], "P1": [3, 5]}), "id")  # unique: no output
    >>> check_unique_ids(pd.DataFrame({"id": [101, 102, 102], "P1": [3, 5, 4]}), "id")
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: column 'id': respondent ids must be unique; id 102 appears 2 times (respondents 2, 3)
    """
    require_columns(data, [column], what="id column")  # also refuses a non-DataFrame
    ids = data[column]
    missing = ids.isna().to_numpy()
    if missing.any():
        raise SurveyError(
            f"column {column!r}: respondent ids must not be missing; "
            f"{_respondent_at(ids.index, int(np.argmax(missing)))} has none"
        )
    dup = ids.duplicated(keep=False)
    if dup.any():
        first = ids[dup].iloc[0]
        same = np.flatnonzero((ids == first).to_numpy())
        who = [_respondent_at(ids.index, int(i)).removeprefix("respondent ") for i in same[:3]]
        raise SurveyError(
            f"column {column!r}: respondent ids must be unique; id {_show(first)} appears "
            f"{len(same)} times (respondents {', '.join(who)}{', ...' if len(same) > 3 else ''})"
        )


def check_not_constant(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> None:
    """Raise if an item was answered identically by every respondent (zero variance).

    An item with a single answer (or none) is not called constant: other checks deal with
    it.

    Parameters
    ----------
    frame : DataFrame
        The answers, respondents in rows. Not modified.
    columns : list of str, optional
        The items to check. Default ``None``: every column of ``frame``.

    Raises
    ------
    SurveyError
        An item has the same answer for every respondent who answered it (the message names
        the first such item and its answer).

    See Also
    --------
    numeric_items : the items as validated numbers.
    read_survey : refuses constant items when it reads a survey.

    Examples
    --------
    >>> df = pd.DataFrame({"P1": [1, 4, 5], "P2": [3, 3, None]})
    >>> check_not_constant(df, ["P1"])  # P1 varies: no output
    >>> check_not_constant(df)
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: column 'P2': an item must vary between respondents (rule: no constant items); every answer is 3
    """
    if not isinstance(frame, pd.DataFrame):
        raise SurveyTypeError(f"frame: must be a pandas DataFrame of answers; got {type(frame).__name__}")
    columns = list(frame.columns if columns is None else ([columns] if isinstance(columns, str) else columns))
    require_columns(frame, columns)
    sub = frame[columns]
    numeric = all(pd.api.types.is_float_dtype(t) or pd.api.types.is_integer_dtype(t) for t in sub.dtypes)
    if numeric and len(sub):  # min == max: two reductions instead of hashing every answer
        values = sub.to_numpy(dtype="float64", na_value=np.nan)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-missing columns
            same = pd.Series(np.nanmin(values, axis=0) == np.nanmax(values, axis=0), index=columns)
        answered = pd.Series((~np.isnan(values)).sum(axis=0), index=columns)
        const = same & (answered > 1)
    else:
        const = (sub.nunique(dropna=True) <= 1) & (sub.notna().sum() > 1)
    if const.any():
        col = const[const].index[0]
        value = sub[col].dropna().iloc[0]
        raise SurveyError(
            f"column {col!r}: an item must vary between respondents (rule: no constant items); "
            f"every answer is {_show(value)}"
        )


def _is_real(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def check_level(level) -> float:
    """Validate a confidence level (``level=0.95`` everywhere an interval is computed).

    Parameters
    ----------
    level : float
        The confidence level to check, strictly between 0 and 1 (``0.95``, not ``95``).

    Returns
    -------
    float
        ``level`` as a Python float.

    Raises
    ------
    SurveyError
        ``level`` is not a number (True/False and text included) or not strictly between 0
        and 1.

    See Also
    --------
    check_alpha : the same for a significance level.
    check_choice : the same for a one-word option.
    sxm.resample.check_resampling : the same for ``n_boot``, ``seed``, ``n_jobs`` and ``progress``.

    Examples
    --------
    >>> check_level(0.9)
    0.9
    >>> check_level(95)
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: level: must be a confidence level strictly between 0 and 1, e.g. 0.95; got 95
    """
    if not _is_real(level) or not 0 < level < 1:
        raise SurveyError(f"level: must be a confidence level strictly between 0 and 1, e.g. 0.95; got {level!r}")
    return float(level)


def check_alpha(alpha) -> float:
    """Validate a significance level (``alpha``, only where a function takes a decision).

    Parameters
    ----------
    alpha : float
        The significance level to check, strictly between 0 and 0.5 (``0.05``).

    Returns
    -------
    float
        ``alpha`` as a Python float.

    Raises
    ------
    SurveyError
        ``alpha`` is not a number (True/False and text included) or not strictly between 0
        and 0.5 (a confidence level such as 0.95 passed by mistake).

    See Also
    --------
    check_level : the same for a confidence level.
    check_choice : the same for a one-word option.

    Examples
    --------
    >>> check_alpha(0.05)
    0.05
    >>> check_alpha(0.95)
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: alpha: must be a significance level strictly between 0 and 0.5, e.g. 0.05; got 0.95
    """
    if not _is_real(alpha) or not 0 < alpha < 0.5:
        raise SurveyError(f"alpha: must be a significance level strictly between 0 and 0.5, e.g. 0.05; got {alpha!r}")
    return float(alpha)


def check_choice(name: str, value, choices) -> str:
    """Validate an option that takes one of a few words, e.g. ``missing="listwise"``.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : str
        The value given.
    choices : tuple of str
        The accepted words, in the order the message lists them.

    Returns
    -------
    str
        ``value``, unchanged.

    Raises
    ------
    SurveyError
        ``value`` is not a string or not one of ``choices``.

    See Also
    --------
    check_level : the same for a confidence level.
    check_alpha : the same for a significance level.

    Examples
    --------
    >>> check_choice("missing", "fiml", ("listwise", "fiml"))
    'fiml'
    >>> check_choice("missing", "pairwise", ("listwise", "fiml"))
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: missing: must be one of 'listwise', 'fiml'; got 'pairwise'
    """
    choices = (choices,) if isinstance(choices, str) else tuple(choices)
    if not isinstance(value, str) or value not in choices:
        raise SurveyError(f"{name}: must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


#: listwise deletion that drops more than this share of the respondents gets a warning
MISSING_WARN_SHARE = 0.05


def complete_rows(frame: pd.DataFrame, *, what: str = "the analysis", alternative: str | None = None,
                  stacklevel: int = 3) -> pd.DataFrame:
    """Listwise deletion that says what it costs: the rows of ``frame`` without missing values.

    When more than :data:`MISSING_WARN_SHARE` (5 %) of the respondents are dropped, a
    ``UserWarning`` names how many were dropped, how many are left and, when given, the
    alternative (e.g. ``missing='fiml'``).

    Parameters
    ----------
    frame : DataFrame
        Validated answers (the columns the analysis uses). Not modified.
    what : str, default "the analysis"
        The analysis, for the message.
    alternative : str, optional
        What to do instead, for the message. Default ``None``: no suggestion.
    stacklevel : int, default 3
        Passed to :func:`warnings.warn` (point at the user's call).

    Returns
    -------
    DataFrame
        The complete rows (the same object when none is incomplete).

    Raises
    ------
    SurveyTypeError
        ``frame`` is not a pandas DataFrame.

    See Also
    --------
    numeric_items : the validated answers to pass here.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, None, 4], "b": [1, 2, 3, 4]})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     kept = complete_rows(df, what="alpha", alternative="missing='pairwise'")
    >>> len(kept), str(w[0].message)
    (3, "alpha: listwise deletion dropped 1 of 4 respondents (25%) with a missing answer; 3 are used. Consider missing='pairwise'.")
    """
    if not isinstance(frame, pd.DataFrame):
        raise SurveyTypeError(f"frame: must be a pandas DataFrame of answers; got {type(frame).__name__}")
    incomplete = frame.isna().to_numpy().any(axis=1)
    dropped = int(incomplete.sum())
    if not dropped:
        return frame
    n = len(frame)
    if dropped > MISSING_WARN_SHARE * n:
        tail = f" Consider {alternative}." if alternative else ""
        warnings.warn(
            f"{what}: listwise deletion dropped {dropped} of {n} respondents ({dropped / n:.0%}) with a missing "
            f"answer; {n - dropped} are used.{tail}",
            UserWarning, stacklevel=stacklevel,
        )
    return frame[~incomplete]


# --------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------
_QUALTRICS_META = re.compile(r'^\s*\{\s*"ImportId"')

#: what ``encoding=None`` tries, in this order (after a byte-order mark, which decides alone)
DETECTED_ENCODINGS = ("utf-8", "gb18030", "utf-16")


def _looks_utf16(raw: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' for BOM-less UTF-16 text (every other byte NUL), else None."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _plausible_gb(text: str) -> bool:
    """GB18030 decodes Big5 and other legacy encodings too, into rare characters; real
    Chinese text in GBK is almost all in GB2312's 6,763 common characters."""
    han = [ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff"]
    if len(han) < 20:
        return True
    common = sum(1 for ch in han if _in_gb2312(ch))
    return common >= 0.85 * len(han)


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _decode(raw: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """Decode the bytes of a text file; return the text and the encoding used."""
    import codecs

    if encoding is not None:
        if not isinstance(encoding, str):
            raise SurveyTypeError(f"encoding: must be the name of a text encoding such as 'gb18030'; got {encoding!r}")
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise SurveyError(
                f"encoding: unknown text encoding {encoding!r} (e.g. 'utf-8', 'gb18030', 'utf-16', 'big5', "
                "'latin-1'); leave it out (None) to detect it"
            ) from None
        if codec == "utf-8":
            codec = "utf-8-sig"  # a byte-order mark is not part of the first header
        try:
            return raw.decode(codec), encoding
        except UnicodeDecodeError as err:
            raise SurveyError(
                f"{name}: cannot be read as {encoding}: byte 0x{raw[err.start]:02x} at position {err.start} is not "
                f"{encoding} text; leave encoding out (None) to detect UTF-8, GB18030/GBK or UTF-16"
            ) from None
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "utf-16"
    tried = []
    bom_less = _looks_utf16(raw)
    for candidate in ([bom_less] if bom_less else []) + ["utf-8", "gb18030"]:
        tried.append(candidate)
        try:
            text = raw.decode(candidate)
        except UnicodeDecodeError:
            continue
        if candidate == "gb18030" and not _plausible_gb(text):
            continue
        return text, candidate
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        where = f"byte 0x{raw[err.start]:02x} at position {err.start}"
    raise SurveyError(
        f"{name}: cannot tell its text encoding: it is not UTF-8 (with or without BOM), GB18030 (GBK, GB2312) "
        f"or UTF-16 ({where} is not UTF-8 text); pass it with encoding=..., e.g. encoding='big5' or "
        "encoding='latin-1' (the ENCODING parameter of a chapter), or save the file from Excel as 'CSV UTF-8'"
    )


def _sniff_delimiter(text: str) -> str:
    """The delimiter (comma, semicolon, tab) that splits the first lines into the same, largest
    number of fields. Quoted fields may hold delimiters and line breaks."""
    sample = text[:65536]
    cut = sample.rfind("\n")
    if 0 < cut < len(sample) - 1:
        sample = sample[:cut]
    best, best_score = ",", (-1.0, 0)
    for sep in (",", ";", "\t"):
        rows = [r for r in csv.reader(_io.StringIO(sample), delimiter=sep) if any(cell.strip() for cell in r)][:50]
        if not rows:
            continue
        widths = pd.Series([len(r) for r in rows])
        # trailing delimiters (Tencent Survey ends every line with one) add an empty field
        width = int(widths.mode().iloc[0])
        if width < 2:
            continue
        score = (float((widths == width).mean()), width)
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_source(source, encoding=None) -> pd.DataFrame:
    """The raw table of ``source``: a copy of a DataFrame, or a file read by its type."""
    if isinstance(source, pd.DataFrame):
        return source.copy()
    if not isinstance(source, (str, Path)):
        raise SurveyTypeError(
            f"source: must be a DataFrame or a path to a .csv, .xlsx or .sav file; got {type(source).__name__}"
        )
    path = Path(source)
    if not path.exists():
        raise SurveyError(f"source: no such file {str(path)!r}")
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt", ".tsv"}:
        df = _read_text_table(path, encoding)
    elif suffix in {".xlsx", ".xlsm"}:
        head = pd.read_excel(path, engine="openpyxl", header=None, nrows=2)
        skip = [1] if _surveymonkey_rows(head) else None
        df = pd.read_excel(path, engine="openpyxl", skiprows=skip)
        df.attrs["format"] = "excel"
        if skip:
            _merge_surveymonkey_headers(df, head.iloc[0].tolist(), head.iloc[1].tolist())
    elif suffix in {".sav", ".zsav"}:
        df = _read_spss(path, encoding)
    elif suffix == ".xls":
        raise SurveyError(
            f"source {path.name!r}: the old Excel format .xls is not read; open it in Excel or WPS and save it as "
            ".xlsx (or download the export as .xlsx or .csv)"
        )
    else:
        raise SurveyError(f"source {path.name!r}: unknown file type {suffix!r} (rule: .csv, .tsv, .xlsx or .sav)")
    df.attrs["file"] = path.name
    return df


def _read_text_table(path: Path, encoding: str | None) -> pd.DataFrame:
    """A .csv/.tsv/.txt export: encoding and delimiter detected, extra header rows handled."""
    text, used = _decode(path.read_bytes(), path.name, encoding)
    if not text.strip():
        raise SurveyError(f"{path.name}: the file is empty (no header, no respondents)")
    sep = _sniff_delimiter(text)
    rows = list(csv.reader(_io.StringIO(text[:65536]), delimiter=sep))
    # Qualtrics exports carry two extra header rows: question texts, then ImportId JSON
    qualtrics = len(rows) >= 3 and any(_QUALTRICS_META.match(cell or "") for cell in rows[2])
    monkey = len(rows) >= 2 and _surveymonkey_rows(pd.DataFrame(rows[:2]))
    skip = [1, 2] if qualtrics else [1] if monkey else None
    df = pd.read_csv(_io.StringIO(text), sep=sep, skiprows=skip)
    df.attrs["format"] = "csv"
    if qualtrics:
        df.attrs["questions"] = dict(zip(rows[0], rows[1]))
        df.attrs["format"] = "qualtrics"
    elif monkey:
        _merge_surveymonkey_headers(df, rows[0], rows[1])
    df.attrs["encoding"] = used
    df.attrs["delimiter"] = sep
    return df


# --------------------------------------------------------------------------------------
# the survey tools' export layouts
# --------------------------------------------------------------------------------------
#: per survey tool: its metadata columns (kept aside), its respondent-id column and the
#: markers it writes for a question the respondent skipped or never saw
EXPORT_LAYOUTS: dict[str, dict] = {
    "wenjuanxing": {
        "name": "Wenjuanxing (问卷星)",
        "metadata": ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "总分", "答题序号", "用户ID",
                     "微信昵称", "微信性别", "微信地区", "自定义字段", "开始答题时间", "结束答题时间", "填写设备",
                     "操作系统", "浏览器"],
        "id": "序号",
        "skip": ["(跳过)", "(空)", -3, -2],
        "signature": {"序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"},
    },
    "tencent": {
        "name": "Tencent Survey (腾讯问卷)",
        "metadata": ["编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区", "地理位置省",
                     "地理位置市", "自定义字段", "用户类型", "用户标识", "昵称", "IP", "UA", "Referrer", "语言",
                     "清洗数据结果", "智能清洗数据无效概率", "中奖时间", "中奖金额", "审核状态", "来源渠道"],
        "id": "编号",
        "skip": ["(跳过)"],
        "signature": {"编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区", "地理位置省",
                      "地理位置市", "自定义字段"},
    },
    "surveymonkey": {
        "name": "SurveyMonkey",
        "metadata": ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
                     "First Name", "Last Name", "Custom Data 1", "Custom Data 2", "Custom Data 3"],
        "id": "Respondent ID",
        "skip": [],
        "signature": {"Respondent ID", "Collector ID", "Start Date", "End Date"},
    },
    "qualtrics": {
        "name": "Qualtrics",
        "metadata": ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
                     "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
                     "ExternalReference", "ExternalDataReference", "LocationLatitude", "LocationLongitude",
                     "DistributionChannel", "UserLanguage", "Q_RecaptchaScore", "Q_RelevantIDDuplicate",
                     "Q_RelevantIDDuplicateScore", "Q_RelevantIDFraudScore", "Q_RelevantIDLastStartDate"],
        "id": "ResponseId",
        "skip": [-99],  # "seen but unanswered" in numeric exports
        "signature": {"StartDate", "EndDate", "ResponseId", "Finished"},
    },
}

_MONKEY_SUB = {"Response", "Open-Ended Response"}


def _surveymonkey_rows(head: pd.DataFrame) -> bool:
    """True when the first two rows are SurveyMonkey's question and sub-question headers."""
    if len(head) < 2:
        return False
    first = {str(v).strip() for v in head.iloc[0].tolist()}
    second = {str(v).strip() for v in head.iloc[1].tolist()}
    return {"Respondent ID", "Collector ID"} <= first and bool(_MONKEY_SUB & second)


def _merge_surveymonkey_headers(df: pd.DataFrame, top, sub) -> None:
    """One header per column from SurveyMonkey's two: ``question`` or ``question - row``."""
    names, questions, last = [], [], ""
    for head, below in zip(top, sub):
        head = "" if _blank(head) or str(head).startswith("Unnamed:") else str(head).strip()
        below = "" if _blank(below) else str(below).strip()
        last = head or last
        if not below or below in _MONKEY_SUB:
            names.append(head or last)
        else:
            names.append(f"{last} - {below}" if last else below)
        questions.append(last)
    df.columns = _unique_names(names)
    df.attrs["format"] = "surveymonkey"
    df.attrs["questions"] = dict(zip(df.columns, questions))


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def _detect_layout(columns, fmt: str) -> str:
    """The survey tool whose export this is (by its metadata headers), else ``fmt``."""
    if fmt in EXPORT_LAYOUTS:
        return fmt
    columns = set(columns)
    for name, layout in EXPORT_LAYOUTS.items():
        signature = layout["signature"]
        if len(signature & columns) >= min(3, len(signature)):
            return name
    return fmt


def _read_spss(path: Path, encoding) -> pd.DataFrame:
    """An SPSS file with its question labels, value labels and user-missing codes."""
    import pyreadstat

    kwargs = {"encoding": encoding} if encoding else {}
    df, meta = pyreadstat.read_sav(str(path), user_missing=True, **kwargs)
    df.attrs["format"] = "spss"
    df.attrs["questions"] = {c: q for c, q in zip(meta.column_names, meta.column_labels) if q}
    df.attrs["value_labels"] = {c: dict(v) for c, v in (meta.variable_value_labels or {}).items()}
    user_missing: dict[str, dict] = {}
    for col, ranges in (meta.missing_ranges or {}).items():
        user_missing[col] = {"ranges": [(r["lo"], r["hi"]) for r in ranges]}
    for col, values in (getattr(meta, "missing_user_values", None) or {}).items():
        user_missing.setdefault(col, {})["values"] = list(values)
    df.attrs["spss_missing"] = user_missing
    return df


# --------------------------------------------------------------------------------------
# answer labels: text answers to numbers
# --------------------------------------------------------------------------------------
_NEUTRAL_ZH = ["一般", "中立", "不确定", "说不清", "说不清楚", "不好说", "中等", "普通", "无所谓"]
_NEUTRAL_EN = ["neutral", "undecided", "not sure", "unsure", "neither"]


def _scale(*points) -> dict[str, int]:
    return {word: value for value, words in enumerate(points, start=1) for word in words}


#: The built-in answer sets: name -> {answer text: number}. Matching ignores case, spaces
#: at the ends and full-/half-width differences. A text column whose distinct answers all
#: belong to one set is recoded automatically (see :func:`read_survey`).
ANSWER_SETS: dict[str, dict[str, int]] = {
    "agree5": _scale(
        ["非常不同意", "很不同意", "完全不同意", "strongly disagree", "completely disagree"],
        ["不同意", "比较不同意", "不太同意", "较不同意", "disagree", "somewhat disagree", "tend to disagree"],
        _NEUTRAL_ZH + ["既不同意也不反对", "既不同意也不不同意"] + _NEUTRAL_EN + ["neither agree nor disagree"],
        ["同意", "比较同意", "较同意", "基本同意", "agree", "somewhat agree", "tend to agree"],
        ["非常同意", "很同意", "完全同意", "strongly agree", "completely agree"],
    ),
    "agree7": _scale(
        ["非常不同意", "很不同意", "完全不同意", "strongly disagree", "completely disagree"],
        ["不同意", "比较不同意", "较不同意", "disagree", "moderately disagree"],
        ["有点不同意", "有些不同意", "稍微不同意", "略不同意", "不太同意", "somewhat disagree", "slightly disagree"],
        _NEUTRAL_ZH + ["既不同意也不反对", "既不同意也不不同意"] + _NEUTRAL_EN + ["neither agree nor disagree"],
        ["有点同意", "有些同意", "稍微同意", "略同意", "somewhat agree", "slightly agree"],
        ["同意", "比较同意", "较同意", "agree", "moderately agree"],
        ["非常同意", "很同意", "完全同意", "strongly agree", "completely agree"],
    ),
    "satisfied5": _scale(
        ["非常不满意", "很不满意", "极不满意", "very dissatisfied", "extremely dissatisfied", "very unsatisfied"],
        ["不满意", "比较不满意", "不太满意", "较不满意", "dissatisfied", "somewhat dissatisfied", "unsatisfied"],
        _NEUTRAL_ZH + ["既不满意也不不满意"] + _NEUTRAL_EN + ["neither satisfied nor dissatisfied"],
        ["满意", "比较满意", "较满意", "基本满意", "satisfied", "somewhat satisfied"],
        ["非常满意", "很满意", "极其满意", "very satisfied", "extremely satisfied"],
    ),
    "satisfied7": _scale(
        ["非常不满意", "很不满意", "极不满意", "very dissatisfied", "extremely dissatisfied", "very unsatisfied"],
        ["不满意", "比较不满意", "较不满意", "dissatisfied", "moderately dissatisfied", "unsatisfied"],
        ["有点不满意", "有些不满意", "稍微不满意", "略不满意", "不太满意", "somewhat dissatisfied", "slightly dissatisfied"],
        _NEUTRAL_ZH + ["既不满意也不不满意"] + _NEUTRAL_EN + ["neither satisfied nor dissatisfied"],
        ["有点满意", "有些满意", "稍微满意", "略满意", "somewhat satisfied", "slightly satisfied"],
        ["满意", "比较满意", "较满意", "satisfied", "moderately satisfied"],
        ["非常满意", "很满意", "极其满意", "very satisfied", "extremely satisfied"],
    ),
    "important5": _scale(
        ["非常不重要", "很不重要", "完全不重要", "not at all important", "not important at all"],
        ["不重要", "不太重要", "比较不重要", "slightly important", "not important", "of little importance"],
        ["一般", "中立", "说不清", "moderately important", "neutral"],
        ["重要", "比较重要", "较重要", "very important", "important"],
        ["非常重要", "很重要", "极其重要", "extremely important"],
    ),
}


def _norm_answer(value) -> str:
    """The form answers are matched in: NFKC (full-width to half-width), trimmed, case-folded."""
    import unicodedata

    text = unicodedata.normalize("NFKC", str(value)).strip().casefold()
    return re.sub(r"\s+", " ", text)


_SETS_NORM = {name: {_norm_answer(k): v for k, v in words.items()} for name, words in ANSWER_SETS.items()}


def _set_points(name: str) -> int:
    return max(ANSWER_SETS[name].values())


def _set_family(name: str) -> str:
    return name.rstrip("0123456789")


def _describe_set(name: str) -> str:
    """'agree5' (非常不同意 = 1 ... 非常同意 = 5): the first Chinese and English wordings of the ends."""
    words = ANSWER_SETS[name]
    ends = []
    for value in (1, _set_points(name)):
        firsts = [w for w, v in words.items() if v == value]
        ends.append(f"{firsts[0]} / {next(w for w in firsts if w.isascii())} = {value}")
    return f"{name!r} ({ends[0]} ... {ends[1]})"


def _answer_mapping(labels, where: str) -> tuple[str, dict[str, float]]:
    """Validate ``answer_labels`` (a built-in set's name or a mapping); return (name, normalized map)."""
    if isinstance(labels, str):
        if labels not in ANSWER_SETS:
            raise SurveyError(
                f"{where}: unknown answer set {labels!r}; the built-in sets are "
                f"{', '.join(map(repr, ANSWER_SETS))}, or give a mapping such as {{'非常同意': 5, ...}}"
            )
        return labels, dict(_SETS_NORM[labels])
    if isinstance(labels, dict) and labels:
        out = {}
        for text, number in labels.items():
            if not isinstance(text, str) or not _is_real(number):
                raise SurveyTypeError(
                    f"{where}: must map answer texts to numbers, e.g. {{'非常同意': 5}}; got {text!r}: {number!r}"
                )
            out[_norm_answer(text)] = float(number)
        return "your mapping", out
    raise SurveyTypeError(
        f"{where}: must be the name of a built-in answer set ({', '.join(map(repr, ANSWER_SETS))}) or a "
        f"non-empty mapping of answer text to number; got {labels!r}"
    )


def _text_column(series: pd.Series) -> bool:
    dtype = series.dtype
    return not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
                or pd.api.types.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype))


def _factor(series: pd.Series) -> tuple[np.ndarray, list]:
    """Integer codes (-1 for missing) and the distinct values of a column: one hash pass,
    after which every rule looks at the few distinct answers, not at every respondent."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, list(uniques)


def _recode(series: pd.Series, mapping: dict[str, float], codes=None, uniques=None) -> pd.Series:
    """Map the answers of a text column through ``mapping`` (normalized keys); numbers stay."""
    if codes is None:
        codes, uniques = _factor(series)
    table = np.array([_label_value(u, mapping) for u in uniques] + [np.nan], dtype="float64")
    return pd.Series(table[codes], index=series.index, name=series.name)


def _label_value(value, mapping) -> float:
    key = _norm_answer(value)
    if key in mapping:
        return mapping[key]
    number = pd.to_numeric(pd.Series([key]), errors="coerce").iloc[0]
    return float(number) if pd.notna(number) else np.nan


def _distinct_text(uniques) -> set[str]:
    """The normalized distinct answers of a column that are not numbers."""
    out = set()
    for value in uniques:
        key = _norm_answer(value)
        if key and pd.isna(pd.to_numeric(pd.Series([key]), errors="coerce").iloc[0]):
            out.add(key)
    return out


def _choose_sets(distinct: dict[str, set[str]], user: dict[str, float], forced: str | None, scale) -> dict:
    """Pick, per family of answer sets (agree, satisfied, ...), the one set every column of that
    family fits: the set with the fewest points that covers the answers of all its columns
    (``scale`` or a named set decides when given). Returns {column: set name}."""
    fits: dict[str, list[str]] = {}
    for col, words in distinct.items():
        if words and not words <= set(user):
            fits[col] = [name for name, table in _SETS_NORM.items() if words <= set(table) | set(user)]
    families: dict[str, set[str]] = {}
    for col, names in fits.items():
        for name in names:
            families.setdefault(_set_family(name), set()).update(distinct[col])
    chosen: dict[str, str] = {}
    for family, words in families.items():
        options = sorted((n for n in _SETS_NORM if _set_family(n) == family), key=_set_points)
        if forced is not None and _set_family(forced) == family:
            options = [forced]
        elif scale is not None:
            options = [n for n in options if (1, _set_points(n)) == tuple(scale)] or options
        cover = [n for n in options if words <= set(_SETS_NORM[n]) | set(user)]
        if cover:
            chosen[family] = cover[0]
    out = {}
    for col, names in fits.items():
        for name in names:  # a column whose answers fit several families takes the first chosen set
            if chosen.get(_set_family(name)) == name:
                out[col] = name
                break
    return out


# --------------------------------------------------------------------------------------
# codebooks
# --------------------------------------------------------------------------------------
_CODEBOOK_KEYS = {"format", "id_column", "scale", "answer_labels", "missing_codes", "items", "columns", "metadata",
                  "pii"}
_ITEM_KEYS = {"name", "scale", "answer_labels", "reverse"}
_NAME = re.compile(r"^[^\W\d]\w*$")


def _pair(value, where: str):
    """A (low, high) scale from a pair or from text such as '1-5'."""
    if value is None:
        return None
    if isinstance(value, str):
        match = re.fullmatch(r"\s*\(?\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|~|to|\.\.|,)\s*(-?\d+(?:\.\d+)?)\s*\)?\s*", value)
        if not match:
            raise SurveyError(f"{where}: must be two numbers such as (1, 5) or '1-5'; got {value!r}")
        value = (float(match.group(1)), float(match.group(2)))
    try:
        low, high = value
    except (TypeError, ValueError):
        raise SurveyTypeError(f"{where}: must be a (low, high) pair such as (1, 7); got {value!r}") from None
    if not (_is_real(low) and _is_real(high)):
        raise SurveyTypeError(f"{where}: must be a (low, high) pair of numbers such as (1, 7); got {value!r}")
    if not low < high:
        raise SurveyError(f"{where}: low must be below high; got {value!r}")
    return (int(low) if float(low).is_integer() else low, int(high) if float(high).is_integer() else high)


def _load_codebook(codebook) -> dict:
    """Read a codebook (YAML or CSV file, or dict) into {key: value} with validated entries."""
    where = "codebook"
    if isinstance(codebook, (str, Path)):
        path = Path(codebook)
        where = f"codebook {path.name!r}"
        if not path.exists():
            raise SurveyError(f"codebook: no such file {str(path)!r}")
        suffix = path.suffix.lower()
        if suffix in {".yaml", ".yml", ".json"}:
            import yaml

            text, _ = _decode(path.read_bytes(), path.name, None)
            try:
                raw = yaml.safe_load(text) or {}
            except yaml.YAMLError as exc:
                raise SurveyError(f"{where}: not valid YAML ({str(exc).splitlines()[0]}); "
                                  "put headers with special characters in double quotes") from None
        elif suffix in {".csv", ".tsv", ".txt"}:
            raw = _codebook_from_table(_read_text_table(path, None), where)
        else:
            raise SurveyError(f"{where}: unknown file type {suffix!r} (rule: .yaml, .yml or .csv)")
    elif isinstance(codebook, dict):
        raw = codebook
    else:
        raise SurveyTypeError(f"codebook: must be a path to a .yaml or .csv codebook, or a dict; got {type(codebook).__name__}")
    if not isinstance(raw, dict):
        raise SurveyError(f"{where}: must be a mapping with keys such as 'items', 'columns', 'scale'")
    unknown = sorted(set(raw) - _CODEBOOK_KEYS)
    if unknown:
        raise SurveyError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(_CODEBOOK_KEYS))})")
    out = {key: raw.get(key) for key in _CODEBOOK_KEYS}
    out["scale"] = _pair(raw.get("scale"), f"{where}: scale")
    for key in ("items", "columns"):
        entries = raw.get(key) or {}
        if not isinstance(entries, dict):
            raise SurveyError(f"{where}: {key!r} must map export headers (or glob patterns) to short names")
        parsed = []
        for header, spec in entries.items():
            label = f"{where}: {key}[{str(header)!r}]"
            if isinstance(spec, str):
                spec = {"name": spec}
            if not isinstance(spec, dict) or "name" not in spec:
                raise SurveyError(f"{label}: must be a short name or a mapping with 'name' "
                                  f"(and optionally {', '.join(sorted(_ITEM_KEYS - {'name'}))}); got {spec!r}")
            bad = sorted(set(spec) - _ITEM_KEYS)
            if bad:
                raise SurveyError(f"{label}: unknown key {bad[0]!r} (allowed: {', '.join(sorted(_ITEM_KEYS))})")
            name = spec["name"]
            if not isinstance(name, str) or not name.strip():
                raise SurveyError(f"{label}: the short name must be non-empty text; got {name!r}")
            name = name.strip()
            if key == "items" and not _NAME.match(name):
                raise SurveyError(f"{label}: item name {name!r} must start with a letter (any alphabet) and hold only "
                                  "letters, digits and _, so that model syntax can name it (e.g. REL1, 可靠性1)")
            reverse = spec.get("reverse", False)
            if not isinstance(reverse, bool):
                raise SurveyTypeError(f"{label}: reverse must be true or false; got {reverse!r}")
            labels = spec.get("answer_labels")
            if labels is not None:
                _answer_mapping(labels, f"{label}: answer_labels")
            parsed.append({"header": str(header), "name": name, "scale": _pair(spec.get("scale"), f"{label}: scale"),
                           "answer_labels": labels, "reverse": reverse})
        out[key] = parsed
    for key in ("metadata", "pii"):
        value = raw.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SurveyError(f"{where}: {key!r} must be a list of export headers (or glob patterns)")
        out[key] = value
    if out["answer_labels"] is not None:
        _answer_mapping(out["answer_labels"], f"{where}: answer_labels")
    return out


def _codebook_from_table(table: pd.DataFrame, where: str) -> dict:
    """A CSV codebook: columns ``column``, ``name`` and optionally ``role`` (item, column,
    metadata, pii), ``scale`` (``1-5``), ``reverse`` (yes/no), ``answer_labels`` (a set name)."""
    table.columns = [str(c).strip().lower() for c in table.columns]
    require_columns(table, ["column", "name"], what=f"column of the {where}")
    out: dict = {"items": {}, "columns": {}, "metadata": [], "pii": []}
    for i, row in enumerate(table.to_dict("records"), start=2):
        header = row["column"]
        if _blank(header):
            continue
        role = "item" if _blank(row.get("role")) else str(row.get("role")).strip().lower()
        if role in {"metadata", "pii"}:
            out[role].append(str(header))
            continue
        if role not in {"item", "column"}:
            raise SurveyError(f"{where}, line {i}: role must be item, column, metadata or pii; got {role!r}")
        spec = {"name": row["name"]}
        if not _blank(row.get("scale")):
            spec["scale"] = str(row["scale"])
        if not _blank(row.get("reverse")):
            spec["reverse"] = str(row["reverse"]).strip().lower() in {"yes", "true", "1", "y", "是", "reverse"}
        if not _blank(row.get("answer_labels")):
            spec["answer_labels"] = str(row["answer_labels"]).strip()
        out["items" if role == "item" else "columns"][str(header)] = spec
    return out


def _header_key(text: str) -> str:
    """Headers are matched ignoring full-/half-width forms and runs of white space."""
    import unicodedata

    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(text))).strip()


def _resolve(pattern: str, columns: list[str], keys: list[str], taken: set[str], where: str) -> list[str]:
    """The columns a codebook header (exact text, else a glob pattern) names."""
    key = _header_key(pattern)
    exact = [c for c, k in zip(columns, keys) if k == key]
    if exact:
        return exact[:1]
    if any(ch in pattern for ch in "*?["):
        hits = [c for c, k in zip(columns, keys) if fnmatch.fnmatchcase(k, key) and c not in taken]
        if hits:
            return hits
    import difflib

    close = difflib.get_close_matches(key, keys, n=3, cutoff=0.5)
    close = [columns[keys.index(k)] for k in close]
    hint = f"; closest headers: {', '.join(map(repr, close))}" if close else ""
    raise SurveyError(f"{where} {pattern!r}: matches no column of the data{hint}")


def _apply_codebook(df: pd.DataFrame, book: dict) -> tuple[dict, list[dict], list[str], list[str]]:
    """Resolve the codebook against ``df``: (rename map, item entries with their column, the
    metadata and pii columns)."""
    columns = list(df.columns)
    keys = [_header_key(c) for c in columns]
    taken: set[str] = set()
    rename: dict[str, str] = {}
    items: list[dict] = []
    for section in ("items", "columns"):
        for entry in book[section]:
            hits = _resolve(entry["header"], columns, keys, taken, f"codebook {section}")
            for k, col in enumerate(hits, start=1):
                if col in taken:
                    raise SurveyError(f"codebook: column {col!r} is named twice (by {entry['header']!r} and another entry)")
                name = entry["name"]
                if len(hits) > 1:
                    name = f"{name}_{k}" if name[-1].isdigit() else f"{name}{k}"
                taken.add(col)
                rename[col] = name
                if section == "items":
                    items.append({**entry, "column": name})
    names = list(rename.values())
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise SurveyError(f"codebook: short name {dup[0]!r} is given to more than one column")
    clash = [n for n in names if n in columns and n not in rename and rename.get(n) != n]
    if clash:
        raise SurveyError(f"codebook: short name {clash[0]!r} is already the header of another column of the data")
    aside = {}
    for section in ("metadata", "pii"):
        found = []
        for pattern in book[section]:
            found += [c for c in _resolve(pattern, columns, keys, set(), f"codebook {section}") if c not in found]
        aside[section] = found
    return rename, items, aside["metadata"], aside["pii"]


# --------------------------------------------------------------------------------------
# columns set aside
# --------------------------------------------------------------------------------------
class SetAside:
    """Columns :func:`read_survey` kept out of the analysis table, with the reason for each.

    ``frame`` holds them (same rows as the table), ``reasons`` maps each to why it was set
    aside: personal data (IP addresses, phone numbers, e-mail addresses, names, WeChat/QQ
    ids, ...) or the survey tool's metadata (submission time, duration, source). Put them back
    with ``read_survey(..., keep=[...])`` or ``table.join(table.attrs["set_aside"].frame)``.
    Copies of the table share the same object (pandas copies ``attrs`` on every operation).

    Parameters
    ----------
    frame : DataFrame
        The columns set aside, with the rows of the table.
    reasons : dict of str to str
        ``{column: why it was set aside}``, in the order of ``frame``'s columns.

    Attributes
    ----------
    frame : DataFrame
        As given.
    reasons : dict of str to str
        As given.

    See Also
    --------
    read_survey : creates it, as ``attrs["set_aside"]`` of the table it returns.
    find_pii : the columns that identify people.

    Examples
    --------
    >>> table = read_survey(pd.DataFrame({"email": ["ann@x.com", "bob@y.org"], "P1": [4, 5]}))
    >>> table.columns.tolist(), table.attrs["set_aside"]
    (['P1'], SetAside(1 column(s): 'email' (personal data: e-mail address)))
    >>> table.join(table.attrs["set_aside"].frame)
       P1      email
    0   4  ann@x.com
    1   5  bob@y.org
    """

    def __init__(self, frame: pd.DataFrame, reasons: dict[str, str]):
        self.frame = frame
        self.reasons = reasons

    def __deepcopy__(self, memo):  # pandas copies attrs on every operation: share, do not copy
        return self

    def __repr__(self) -> str:
        cols = ", ".join(f"{c!r} ({r})" for c, r in self.reasons.items())
        return f"SetAside({len(self.reasons)} column(s): {cols})"


# --------------------------------------------------------------------------------------
# read_survey
# --------------------------------------------------------------------------------------
def _mostly_numeric(series: pd.Series, factor=None) -> bool:
    """Numeric dtype, or text of which at least half the answers are numbers (a typo'd item)."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return False
    if pd.api.types.is_numeric_dtype(series.dtype):
        return True
    codes, uniques = factor if factor is not None else _factor(series)
    text = pd.Series([str(u).strip() for u in uniques], dtype=object)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    answered = counts[(text != "").to_numpy()].sum()
    numbers = counts[pd.to_numeric(text, errors="coerce").notna().to_numpy()].sum()
    return bool(answered) and numbers >= 0.5 * answered


def _codes_list(missing_codes, where="missing_codes") -> list:
    if missing_codes is None:
        return []
    if isinstance(missing_codes, (str, int, float)) and not isinstance(missing_codes, bool):
        missing_codes = [missing_codes]
    if not isinstance(missing_codes, (list, tuple, set)):
        raise SurveyTypeError(f"{where}: must be a list of codes such as [99, -3, '(跳过)']; got {missing_codes!r}")
    for code in missing_codes:
        if isinstance(code, bool) or not isinstance(code, (str, int, float, np.integer, np.floating)):
            raise SurveyTypeError(f"{where}: every code must be a number or a text; got {code!r}")
    return list(missing_codes)


def _missing_mask(series: pd.Series, numbers: set[float], texts: set[str], factor=None) -> np.ndarray:
    """Where ``series`` holds one of the codes (99 matches 99, 99.0 and '99')."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.isin(list(numbers)).to_numpy() if numbers else np.zeros(len(series), bool)
    if not _text_column(series):
        return np.zeros(len(series), bool)
    codes, uniques = factor if factor is not None else _factor(series)
    hit = []
    for value in uniques:
        key = _norm_answer(value)
        number = pd.to_numeric(pd.Series([key]), errors="coerce").iloc[0]
        hit.append(key in texts or (pd.notna(number) and float(number) in numbers))
    if not any(hit):
        return np.zeros(len(series), bool)
    return np.append(np.array(hit, bool), False)[codes]


def _spss_mask(series: pd.Series, spec: dict) -> np.ndarray:
    mask = np.zeros(len(series), bool)
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        for low, high in spec.get("ranges", []):
            with np.errstate(invalid="ignore"):
                mask |= (values >= float(low)) & (values <= float(high))
    for value in spec.get("values", []):
        mask |= (series == value).to_numpy(dtype=bool, na_value=False)
    return mask


def _list_columns(columns, limit: int = 6) -> str:
    columns = list(columns)
    shown = ", ".join(repr(c) for c in columns[:limit])
    return shown + (f" and {len(columns) - limit} more" if len(columns) > limit else "")


def read_survey(source, *, encoding=None, missing_codes=None, answer_labels=None, codebook=None, scale=None,
                items=None, id_column=None, keep=()) -> pd.DataFrame:
    """Read a survey export as the survey tool or Excel wrote it, and validate it.

    Parameters
    ----------
    source : DataFrame or path
        A DataFrame (copied, never modified), or a ``.csv``/``.tsv``/``.txt``, ``.xlsx`` or
        SPSS ``.sav`` file. The exports of Qualtrics (its two extra header rows),
        SurveyMonkey (its second header row), Wenjuanxing (问卷星) and Tencent Survey (腾讯问卷)
        are recognized: their metadata columns are set aside, their respondent-id column is
        used, and their markers for skipped questions become missing answers.
    encoding : str, optional
        The text encoding of a CSV file. ``None`` detects UTF-8 (with or without BOM),
        GB18030 (which covers GBK and GB2312, what Excel writes on Chinese Windows) and UTF-16
        (Excel's "Unicode text"); the delimiter (comma, semicolon or tab) is always detected.
    missing_codes : list, optional
        Codes that mean "no answer", e.g. ``[99, -3, "(跳过)"]``: they become missing answers
        in every column but the id column. SPSS user-missing values always do.
    answer_labels : str or dict, optional
        Text answers to numbers: the name of a built-in set (see :data:`ANSWER_SETS`:
        ``"agree5"``, ``"agree7"``, ``"satisfied5"``, ``"satisfied7"``, ``"important5"``) or a
        mapping ``{"非常满意": 5, ...}``. A mapping also extends the built-in sets (a wording
        they lack). Without it, a text column whose distinct answers all belong to one
        built-in set is recoded with it, and a note says which set was used.
    codebook : path or dict, optional
        A YAML or CSV file (or its dict) mapping the export's headers (exact text or a glob
        pattern such as ``"2、*（可靠性）"``) to short item names, with optional per-item
        ``scale``, ``answer_labels`` and ``reverse`` coding; see :func:`codebook_template`.
    scale : (low, high), optional
        Inclusive answer scale of the items, e.g. ``(1, 7)``, checked on every answer (a
        chapter binds its ``SCALE`` here once). Default ``None``: the codebook's scales, if any, else
        no range check.
    items : list of str or glob pattern, optional
        The item columns (``["P1", "P2"]`` or ``"P*"``), after the codebook's renaming. When
        omitted, the codebook's items; without a codebook and with ``scale`` given, every
        column except ``id_column`` whose answers are (mostly) numbers, so a stray text answer
        in an item column is reported rather than skipped.
    id_column : str, optional
        Column of respondent ids, which must be present and unique. Error messages then name
        respondents by id. The survey tools' own id columns (序号, 编号, Respondent ID,
        ResponseId) are used when it is omitted.
    keep : list of str or "all", default ()
        Columns to keep in the table that would be set aside (personal data, metadata).

    Returns
    -------
    DataFrame
        A new DataFrame under the names the user sees (Chinese or any other script); item
        columns are float64 with ``NaN`` for missing answers. Missing answers are reported,
        never filled. ``df.attrs`` records what was done:

        - ``"missing"``: missing answers per item;
        - ``"missing_codes"``: per column, how many answers were codes made missing;
        - ``"answer_labels"``: per recoded column, the answer set used;
        - ``"set_aside"``: a :class:`SetAside` with the columns left out, ``"pii"`` the names
          of those holding personal data (never written by table exports);
        - ``"notes"``: a readable sentence for each of the above;
        - ``"format"``, ``"encoding"``, ``"questions"`` (column -> question text),
          ``"id_column"``, ``"scale"``.

    Raises
    ------
    SurveyError
        Undecodable or empty file, missing columns, duplicated or missing ids, non-numeric or
        out-of-scale answers, items nobody answered, constant items, a codebook header that
        matches nothing. The message names the column, the rule and an offending value.

    See Also
    --------
    codebook_template : a starter codebook written from a raw export.
    find_pii : the columns that identify people.
    pseudonymize : replace identifiers by salted hashes.

    Examples
    --------
    >>> df = pd.DataFrame({"id": [1, 2, 3], "P1": [1, 4, 5], "P2": [2, None, 3]})
    >>> clean = read_survey(df, scale=(1, 5), items="P*", id_column="id")
    >>> clean.attrs["missing"]
    {'P1': 0, 'P2': 1}
    >>> read_survey(df.assign(P2=[2, 2, 2]), items="P*")
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: column 'P2': an item must vary between respondents (rule: no constant items); every answer is 2

    Text answers and a "don't know" code:

    >>> raw = pd.DataFrame({"服务态度": ["非常满意", "一般", "满意", "不满意"], "Q2": [4, 99, 5, 2]})
    >>> out = read_survey(raw, missing_codes=[99], scale=(1, 5))
    >>> out["服务态度"].tolist(), out["Q2"].tolist()
    ([5.0, 3.0, 4.0, 2.0], [4.0, nan, 5.0, 2.0])
    >>> out.attrs["answer_labels"], out.attrs["missing_codes"]
    ({'服务态度': 'satisfied5'}, {'Q2': 1})
    """
    df = _read_source(source, encoding)
    if df.shape[1] == 0:
        raise SurveyError("source: the data has no columns (empty file?)")
    require_frame(df)
    attrs = dict(df.attrs)
    df.attrs = {}
    df.columns = [str(c).strip() if str(c).strip() else str(c) for c in df.columns]
    df.columns = _unique_names(list(df.columns))
    require_frame(df)
    empty_unnamed = [c for c in df.columns if c.startswith("Unnamed:") and df[c].isna().all()]
    if empty_unnamed:  # a trailing delimiter on every line (Tencent Survey) or an empty Excel column
        df = df.drop(columns=empty_unnamed)
    fmt = _detect_layout(df.columns, attrs.get("format", "dataframe"))
    layout = EXPORT_LAYOUTS.get(fmt, {})
    questions = dict(attrs.get("questions") or {})
    notes: list[str] = []

    # ---- codebook: short names, roles, per-item options -----------------------------------
    book = _load_codebook(codebook) if codebook is not None else None
    rename: dict[str, str] = {}
    book_items: list[dict] = []
    book_meta, book_pii, kept_by_book = [], [], set()
    if book is not None:
        rename, book_items, book_meta, book_pii = _apply_codebook(df, book)
        for old, new in rename.items():
            questions.setdefault(new, questions.get(old, old))
        df = df.rename(columns=rename)
        book_meta = [rename.get(c, c) for c in book_meta]
        book_pii = [rename.get(c, c) for c in book_pii]
        kept_by_book = set(rename.values())
        id_column = id_column if id_column is not None else book.get("id_column")
        scale = scale if scale is not None else book.get("scale")
        answer_labels = answer_labels if answer_labels is not None else book.get("answer_labels")
        missing_codes = missing_codes if missing_codes is not None else book.get("missing_codes")
        if book.get("format") in EXPORT_LAYOUTS and fmt not in EXPORT_LAYOUTS:
            fmt, layout = book["format"], EXPORT_LAYOUTS[book["format"]]
    if scale is not None:
        scale = _pair(scale, "scale")

    # ---- respondent ids --------------------------------------------------------------------
    if id_column is not None:
        if not isinstance(id_column, str):
            raise SurveyTypeError(f"id_column: must be a column name (text); got {id_column!r}")
        check_unique_ids(df, id_column)
    elif layout.get("id") in df.columns:
        ids = df[layout["id"]]
        if ids.notna().all() and not ids.duplicated().any():
            id_column = layout["id"]
    if id_column is not None:
        df.attrs["id_column"] = id_column  # errors from here on name respondents by id

    # ---- every rule below looks at the distinct answers of a text column, not at every respondent
    factors = {c: _factor(df[c]) for c in df.columns if _text_column(df[c])}

    # ---- personal data and metadata: set aside ---------------------------------------------
    reasons: dict[str, str] = {}
    for col in book_meta + [c for c in layout.get("metadata", []) if c in df.columns]:
        reasons.setdefault(col, f"{layout['name']} metadata" if layout else "metadata")
    pii_found = _pii_reasons(df.drop(columns=[c for c in kept_by_book if c in df.columns]), factors=factors)
    for col in book_pii:
        pii_found.setdefault(col, "personal data (codebook)")
    for col, why in pii_found.items():
        reasons[col] = why if why.startswith("personal data") else f"personal data: {why}"
    reasons.pop(id_column, None)
    if isinstance(keep, str) and keep != "all":
        keep = [keep]
    if keep == "all":
        keep = list(reasons)
    if not isinstance(keep, (list, tuple, set)):
        raise SurveyTypeError(f"keep: must be a list of column names or 'all'; got {keep!r}")
    unknown = [k for k in keep if k not in df.columns]
    if unknown:
        raise SurveyError(f"keep: no column {unknown[0]!r} in the data (rule: name columns that read_survey "
                          f"sets aside: {_list_columns(reasons) or 'none here'})")
    for col in keep:
        reasons.pop(col, None)
    pii_cols = [c for c in df.columns if c in pii_found]
    if reasons:
        aside = SetAside(df[list(reasons)].copy(), reasons)
        df = df.drop(columns=list(reasons))
        personal = [c for c in reasons if reasons[c].startswith("personal data")]
        meta = [c for c in reasons if c not in personal]
        if personal:
            notes.append(
                f"set aside {len(personal)} column(s) that identify people ({', '.join(f'{c!r}: {reasons[c]}' for c in personal)}): "
                "they are not in the analysis table and table exports never write them. Keep them with "
                f"keep={personal!r}; to keep them but unreadable, keep them and call "
                f"sxm.io.pseudonymize(df, {personal!r}, salt=...)."
            )
        if meta:
            notes.append(f"set aside {len(meta)} metadata column(s) of the export ({_list_columns(meta)}); "
                         f"keep them with keep=[...] or read them from df.attrs['set_aside'].frame.")
    else:
        aside = None

    # ---- codes for "no answer" ----------------------------------------------------------
    codes = _codes_list(missing_codes)
    skip = list(layout.get("skip", []))
    spss_missing = attrs.get("spss_missing") or {}
    counts: dict[str, int] = {}
    if codes or skip or spss_missing:
        all_codes = codes + [c for c in skip if c not in codes]
        numbers = {float(c) for c in all_codes if not isinstance(c, str)}
        numbers |= {float(n) for c in all_codes if isinstance(c, str)
                    for n in [pd.to_numeric(pd.Series([c.strip()]), errors="coerce").iloc[0]] if pd.notna(n)}
        texts = {_norm_answer(c) for c in all_codes if isinstance(c, str)}
        original_name = {new: old for old, new in rename.items()}
        for col in df.columns:
            if col == id_column:
                continue
            mask = _missing_mask(df[col], numbers, texts, factors.get(col)) if (numbers or texts) \
                else np.zeros(len(df), bool)
            original = original_name.get(col, col)
            if original in spss_missing:
                mask = mask | _spss_mask(df[col], spss_missing[original])
            n = int(mask.sum())
            if n:
                counts[col] = n
                df[col] = df[col].mask(mask)
                if col in factors:
                    factors[col] = _factor(df[col])
        if counts:
            own = [c for c in codes if c not in skip]
            sources = [f"codes {', '.join(map(_show, own))}" if own else "",
                       f"the {layout['name']} skip markers {', '.join(map(_show, skip))}" if skip else "",
                       "SPSS user-missing values" if spss_missing else ""]
            notes.append(f"answers read as missing ({' and '.join(s for s in sources if s)}): "
                         + ", ".join(f"{c!r} {n}" for c, n in counts.items()))

    # ---- text answers to numbers --------------------------------------------------------
    recoded: dict[str, str] = {}
    user_name, user_map = (None, {})
    if answer_labels is not None:
        user_name, user_map = _answer_mapping(answer_labels, "answer_labels")
    forced = answer_labels if isinstance(answer_labels, str) else None
    if forced is not None:
        user_map = {}
    per_item = {e["column"]: e for e in book_items}
    distinct: dict[str, set[str]] = {}
    for col in df.columns:
        if col == id_column or col not in factors:
            continue
        codes_, uniques = factors[col]
        if len(uniques) > 60:  # free text, names, dates: not an answer scale
            continue
        entry = per_item.get(col)
        if entry is not None and entry["answer_labels"] is not None:
            name, mapping = _answer_mapping(entry["answer_labels"], f"codebook items[{entry['header']!r}]: answer_labels")
            bad = _distinct_text(uniques) - set(mapping)
            if bad:
                raise SurveyError(f"column {col!r}: answer {sorted(bad)[0]!r} is not one of its answer_labels "
                                  f"({name}); add it to the codebook's mapping or to missing_codes")
            df[col] = _recode(df[col], mapping, codes_, uniques)
            recoded[col] = name if isinstance(entry["answer_labels"], str) else "codebook mapping"
            continue
        distinct[col] = _distinct_text(uniques)
    for col, words in distinct.items():
        if words and user_map and words <= set(user_map):
            df[col] = _recode(df[col], user_map, *factors[col])
            recoded[col] = "your mapping"
    chosen = _choose_sets({c: w for c, w in distinct.items() if c not in recoded}, user_map, forced, scale)
    for col, name in chosen.items():
        mapping = {**_SETS_NORM[name], **user_map}
        df[col] = _recode(df[col], mapping, *factors[col])
        recoded[col] = name
    if recoded:
        by_set: dict[str, list[str]] = {}
        for col, name in recoded.items():
            by_set.setdefault(name, []).append(col)
        for name, cols in by_set.items():
            what = f"the built-in answer set {_describe_set(name)}" if name in ANSWER_SETS else name
            auto = " (recognized automatically)" if name in ANSWER_SETS and name != forced else ""
            notes.append(f"text answers of {_list_columns(cols)} read as numbers with {what}{auto}; "
                         "pass answer_labels=... to choose another set or wording")

    # ---- SPSS value labels that name groups (not an answer scale) --------------------------
    value_labels = attrs.get("value_labels") or {}
    groups_by_label: dict[str, dict] = {}
    for original, labels in value_labels.items():
        col = rename.get(original, original)
        if col not in df.columns or col == id_column or not labels:
            continue
        names = {_norm_answer(v) for v in labels.values()}
        known = df[col].dropna().isin(list(labels))
        if known.all() and not any(names & set(t) for t in _SETS_NORM.values()):
            groups_by_label[col] = labels

    # ---- items: validated numbers ---------------------------------------------------------
    if items is not None:
        item_cols = expand_items(df, items)
    elif book_items:
        item_cols = [e["column"] for e in book_items if e["column"] in df.columns]
    elif scale is not None:
        item_cols = [c for c in df.columns if c != id_column and c not in groups_by_label
                     and _mostly_numeric(df[c], factors.get(c) if c not in recoded else None)]
    else:
        item_cols = []
    if id_column in item_cols:
        item_cols.remove(id_column)
    if item_cols:
        require_columns(df, item_cols)
        _explain_text_answers(df, item_cols, id_column)
        groups: dict = {}
        for col in item_cols:
            entry = per_item.get(col)
            groups.setdefault(entry["scale"] if entry and entry["scale"] else scale, []).append(col)
        try:
            clean = pd.concat([numeric_items(df, cols, scale=s) for s, cols in groups.items()], axis=1)[item_cols]
        except SurveyError as err:
            found = re.search(r"answers must lie on the scale .*; found (-?[\d.]+) ", str(err))
            if not found:
                raise
            raise SurveyError(f"{err}; if {found.group(1)} is a code for 'no answer', declare it with "
                              f"missing_codes=[{found.group(1)}] (the MISSING_CODES parameter of a chapter)") from None
        reverse = [e["column"] for e in book_items if e["reverse"] and e["column"] in item_cols]
        for col in reverse:
            bounds = (per_item[col]["scale"] or scale)
            if bounds is None:
                raise SurveyError(f"column {col!r}: reverse coding needs the item's scale (rule: give scale in the "
                                  "codebook entry or for all items)")
            clean[col] = bounds[0] + bounds[1] - clean[col]
        if reverse:
            notes.append(f"reverse-coded {_list_columns(reverse)} (low + high - answer)")
        check_not_constant(clean)
        for col in item_cols:
            df[col] = clean[col]
        df.attrs["missing"] = {c: int(clean[c].isna().sum()) for c in item_cols}

    # ---- SPSS value labels become the category names of grouping columns ------------------
    # (a partly labelled number or an answer scale keeps its numbers)
    for col, labels in groups_by_label.items():
        if col in item_cols:
            continue
        order = [labels[k] for k in sorted(labels)]
        df[col] = pd.Categorical(df[col].map(labels), categories=list(dict.fromkeys(order)))

    df.attrs.update({"format": fmt, "notes": notes})
    for key in ("encoding", "delimiter", "file"):
        if key in attrs:
            df.attrs[key] = attrs[key]
    if id_column is not None:
        df.attrs["id_column"] = id_column
    if scale is not None:
        df.attrs["scale"] = tuple(scale)
    if questions:
        df.attrs["questions"] = {c: q for c, q in questions.items() if c in df.columns or c in reasons}
    if counts:
        df.attrs["missing_codes"] = counts
    if recoded:
        df.attrs["answer_labels"] = recoded
    if aside is not None:
        df.attrs["set_aside"] = aside
    if pii_cols:
        df.attrs["pii"] = pii_cols
    if value_labels:
        df.attrs["value_labels"] = value_labels
    if "missing" not in df.attrs and item_cols:
        df.attrs["missing"] = {}
    return df


def _explain_text_answers(df: pd.DataFrame, columns: list[str], id_column) -> None:
    """An item column with text answers: name the answer and, when the others are labels of a
    built-in set, say so (a typo or a wording the set lacks)."""
    for col in columns:
        s = df[col]
        if not _text_column(s):
            continue
        codes, uniques = _factor(s)
        words = _distinct_text(uniques)
        if not words:
            continue
        best = max(_SETS_NORM, key=lambda n: len(words & set(_SETS_NORM[n])))
        known = words & set(_SETS_NORM[best])
        if not known:
            continue  # plain text in a numeric item: numeric_items names it
        odd = words - known
        bad = np.array([_norm_answer(u) in odd for u in uniques] + [False])[codes]
        raise SurveyError(
            f"column {col!r}: answers must be numbers or answer labels; {_example(s, bad, _id_values(df))}, which "
            f"is not in the built-in answer set {best!r} the other answers belong to; correct it, or add it with "
            f"answer_labels={{{sorted(odd)[0]!r}: <number>}} (or declare it missing with missing_codes)"
        )


# --------------------------------------------------------------------------------------
# starter codebooks
# --------------------------------------------------------------------------------------
_NUMBERED = re.compile(r"^\s*(?:第)?(\d+)(?:题)?\s*[、.．:：]\s*(.+)$")
_MATRIX_ROW = re.compile(r"^\s*(?:第)?(\d+)(?:题)?\s*[(（](.+)[)）]\s*$")
_SUB_SEP = re.compile(r"\s*(?:—+|－|–| - |:|：)\s*")
_DIMENSION = re.compile(r"[(（]([^()（）]{1,12})[)）]\s*$")


def _parse_header(header: str) -> tuple[str | None, str, str | None]:
    """(question number, question text, sub-question) of an export header such as
    ``2、服务人员总是乐于帮助我（可靠性）``, ``3(服务人员…)``, ``3、…—子问题`` or ``5.题干:子问题``."""
    match = _MATRIX_ROW.match(header)
    if match:
        return match.group(1), match.group(2).strip(), match.group(2).strip()
    match = _NUMBERED.match(header)
    if not match:
        return None, header, None
    number, text = match.group(1), match.group(2).strip()
    parts = _SUB_SEP.split(text, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1] and not _DIMENSION.search(parts[0]):
        return number, parts[0], parts[1]
    return number, text, None


def _identifier(text: str, fallback: str) -> str:
    """A short name that model syntax accepts: letters (any script), digits and _."""
    name = re.sub(r"\W+", "_", text).strip("_")
    if not name or not _NAME.match(name):
        return fallback
    return name


def _short_label(text: str) -> str:
    text = re.sub(r"^(请问)?(您|你)(的|目前的|所在的)?", "", text)
    return re.sub(r"[？?：:。.,，\s]+$", "", text)[:12]


def codebook_template(export, out_path=None, *, encoding=None) -> dict:
    """Write a starter codebook for a raw survey export, to edit and pass to :func:`read_survey`.

    Recognizes the exports of Wenjuanxing (问卷星), Tencent Survey (腾讯问卷), SurveyMonkey and
    Qualtrics (see :data:`EXPORT_LAYOUTS`): their metadata columns go under ``metadata`` and
    their id column under ``id_column``; columns that identify people (:func:`find_pii`) go
    under ``pii``; numbered questions and matrix sub-questions whose answers are numbers on
    a small scale or the labels of a built-in answer set (:data:`ANSWER_SETS`) become
    ``items``, named after the dimension in their header (``（可靠性）`` gives 可靠性1,
    可靠性2, ...) or their number (Q2, Q3_1, ...); other short-answer questions (gender, age
    group, channel) go under ``columns``; the tool's markers for skipped questions go under
    ``missing_codes``. Free-text questions are left out (they stay in the table unchanged).

    Parameters
    ----------
    export : path
        The raw export (``.xlsx``, ``.csv``, ``.sav``), as downloaded.
    out_path : path, optional
        Where to write the codebook as YAML (with comments saying what to edit). Nothing is
        written when omitted.
    encoding : str, optional
        As in :func:`read_survey`.

    Returns
    -------
    dict
        The codebook, as written (``read_survey(..., codebook=...)`` takes it too).

    See Also
    --------
    read_survey : reads the export with the codebook.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> pd.DataFrame({"序号": [1, 2, 3], "提交答卷时间": ["2026/3/1 10:00:00"] * 3, "所用时间": ["95秒"] * 3,
    ...               "来源": ["手机提交"] * 3, "来源详情": ["直接访问"] * 3, "来自IP": ["1.2.3.4(北京-北京)"] * 3,
    ...               "1、您的性别": ["男", "女", "女"],
    ...               "2、服务人员总是乐于帮助我（可靠性）": ["非常同意", "一般", "同意"],
    ...               "3、服务人员值得信赖（可靠性）": ["同意", "(跳过)", "非常同意"]}).to_excel(folder / "wjx.xlsx", index=False)
    >>> book = codebook_template(folder / "wjx.xlsx", folder / "codebook.yaml")
    >>> book["format"], book["id_column"], book["answer_labels"], book["items"]
    ('wenjuanxing', '序号', 'agree5', {'2、服务人员总是乐于帮助我（可靠性）': '可靠性1', '3、服务人员值得信赖（可靠性）': '可靠性2'})
    >>> df = read_survey(folder / "wjx.xlsx", codebook=folder / "codebook.yaml")
    >>> df[["性别", "可靠性1", "可靠性2"]].to_dict("list")
    {'性别': ['男', '女', '女'], '可靠性1': [5.0, 3.0, 4.0], '可靠性2': [4.0, nan, 5.0]}
    >>> df.attrs["set_aside"]
    SetAside(5 column(s): '提交答卷时间' (Wenjuanxing (问卷星) metadata), '所用时间' (Wenjuanxing (问卷星) metadata), '来源' (Wenjuanxing (问卷星) metadata), '来源详情' (Wenjuanxing (问卷星) metadata), '来自IP' (personal data: IP address))
    """
    raw = _read_source(export, encoding)
    if raw.shape[1] == 0 or len(raw) == 0:
        raise SurveyError(f"export: {raw.attrs.get('file', 'the data')} has no respondents or no columns")
    attrs = dict(raw.attrs)
    raw.columns = _unique_names([str(c).strip() or str(c) for c in raw.columns])
    raw = raw.drop(columns=[c for c in raw.columns if c.startswith("Unnamed:") and raw[c].isna().all()])
    fmt = _detect_layout(raw.columns, attrs.get("format", "dataframe"))
    layout = EXPORT_LAYOUTS.get(fmt, {})
    id_column = layout.get("id") if layout.get("id") in raw.columns else None
    metadata = [c for c in layout.get("metadata", []) if c in raw.columns and c != id_column]
    rest = [c for c in raw.columns if c != id_column and c not in metadata]
    pii = list(_pii_reasons(raw[[c for c in raw.columns if c != id_column]]))
    metadata = [c for c in metadata if c not in pii]
    rest = [c for c in rest if c not in pii]
    skip = list(layout.get("skip", []))
    numbers = {float(c) for c in skip if not isinstance(c, str)}
    texts = {_norm_answer(c) for c in skip if isinstance(c, str)}
    seen_codes: list = []
    items: dict[str, str] = {}
    columns: dict[str, str] = {}
    sets: dict[str, str] = {}
    ranges: dict[str, tuple] = {}
    counters: dict[str, int] = {}
    taken: set[str] = set()
    questions = attrs.get("questions") or {}

    def unique(name: str) -> str:
        base, k = name, 1
        while name in taken:
            k += 1
            name = f"{base}_{k}"
        taken.add(name)
        return name

    for col in rest:
        s = raw[col]
        mask = _missing_mask(s, numbers, texts) if skip else np.zeros(len(s), bool)
        if mask.any():
            for code in skip:
                hit = _missing_mask(s, {float(code)} if not isinstance(code, str) else set(),
                                    {_norm_answer(code)} if isinstance(code, str) else set())
                if hit.any() and code not in seen_codes:
                    seen_codes.append(code)
        s = s.mask(mask)
        values = s.dropna()
        if values.empty:
            continue
        number, text, sub = _parse_header(col)
        if questions.get(col) and number is None:
            text = str(questions[col])
        kind, answer_set = None, None
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
            if values.nunique() <= 11 and bool((values % 1 == 0).all()) and values.min() >= 0 and values.max() <= 10:
                kind = "item"
                ranges[col] = (int(values.min()), int(values.max()))
        elif _text_column(values):
            codes_, uniques = _factor(values)
            words = _distinct_text(uniques)
            fitting = [n for n, t in _SETS_NORM.items() if words and words <= set(t)]
            if fitting:
                kind, answer_set = "item", fitting
            elif len(uniques) <= 12:
                kind = "column"
        if kind == "item":
            dimension = _DIMENSION.search(text)
            if dimension:
                stem = _identifier(dimension.group(1), "Q")
                counters[stem] = counters.get(stem, 0) + 1
                name = f"{stem}{counters[stem]}"
            elif number is not None:
                counters[number] = counters.get(number, 0) + 1
                name = f"Q{number}_{counters[number]}" if sub is not None else f"Q{number}"
            else:
                name = _identifier(col, f"item{len(items) + 1}")
            items[col] = unique(name)
            if answer_set:
                sets[col] = answer_set
        elif kind == "column":
            columns[col] = unique(_identifier(_short_label(text), f"Q{number}" if number else f"column{len(columns) + 1}"))
    # one answer set and one scale for all items when they agree
    answer_labels, scale = None, None
    if sets:
        common = sorted(set.intersection(*(set(v) for v in sets.values())), key=_set_points)
        points = {min(_set_points(n) for n in v) for v in sets.values()}
        answer_labels = common[0] if common else None  # else each item's set is recognized when reading
        scale = (1, points.pop()) if len(points) == 1 else None
    elif ranges:
        high = max(hi for _, hi in ranges.values())
        low = min(lo for lo, _ in ranges.values())
        scale = (0 if low == 0 else 1, high if high in (5, 7, 10, 11) or high > 7 else (5 if high <= 5 else 7))
    book = {
        "format": fmt if fmt in EXPORT_LAYOUTS else None,
        "id_column": id_column,
        "scale": list(scale) if scale else None,
        "answer_labels": answer_labels,
        "missing_codes": seen_codes or None,
        "items": items,
        "columns": columns,
        "metadata": metadata,
        "pii": pii,
    }
    if out_path is not None:
        name = Path(export).name if isinstance(export, (str, Path)) else "the data"
        Path(out_path).write_text(_codebook_yaml(book, name, layout.get("name")), encoding="utf-8")
    return book


def _codebook_yaml(book: dict, source: str, tool: str | None) -> str:
    """The codebook as YAML with comments (keys quoted: headers hold any character)."""
    def q(text) -> str:
        return json.dumps(text, ensure_ascii=False)

    def scalar(value) -> str:
        if value is None:
            return "null"
        if isinstance(value, (list, tuple)):
            return "[" + ", ".join(scalar(v) for v in value) + "]"
        return q(value) if isinstance(value, str) else repr(value)

    lines = [
        f"# sxm codebook for {source}" + (f" ({tool} export)" if tool else ""),
        "# Written by sxm.io.codebook_template; edit it, then",
        f"#   sxm.io.read_survey({source!r}, codebook='codebook.yaml')",
        "# or: sxm run 02 -p DATA <export> -p CODEBOOK codebook.yaml",
        "# Headers on the left may be glob patterns (\"2、*（可靠性）\"); names on the right are yours.",
        "# An item may also be {name: REL1, scale: [1, 7], answer_labels: agree7, reverse: true}.",
        f"format: {scalar(book['format'])}",
        f"id_column: {scalar(book['id_column'])}  # one row per respondent, unique",
        f"scale: {scalar(book['scale'])}  # [lowest, highest] answer of the items",
        f"answer_labels: {scalar(book['answer_labels'])}  # a built-in set ({', '.join(ANSWER_SETS)}) or a mapping "
        "{text: number}",
        f"missing_codes: {scalar(book['missing_codes'])}  # answers that mean 'no answer', e.g. [99, -3, \"(跳过)\"]",
        "items:  # questions analysed as numbers: export header -> short item name",
    ]
    lines += [f"  {q(h)}: {q(n)}" for h, n in book["items"].items()] or ["  {}"]
    lines.append("columns:  # other questions kept under a short name (groups, segments)")
    lines += [f"  {q(h)}: {q(n)}" for h, n in book["columns"].items()] or ["  {}"]
    lines.append("metadata:  # the export's own columns: set aside, not analysed")
    lines += [f"  - {q(h)}" for h in book["metadata"]] or ["  []"]
    lines.append("pii:  # columns that identify people: set aside, never exported")
    lines += [f"  - {q(h)}" for h in book["pii"]] or ["  []"]
    text = "\n".join(lines) + "\n"
    return text.replace("items:  # questions analysed as numbers: export header -> short item name\n  {}",
                        "items: {}  # questions analysed as numbers: export header -> short item name")


# --------------------------------------------------------------------------------------
# privacy
# --------------------------------------------------------------------------------------
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[\d\s().-]{7,}$")
_CN_MOBILE = re.compile(r"^(\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}$")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}\b")
_IPV6 = re.compile(r"^[0-9a-fA-F]{1,4}(:[0-9a-fA-F]{0,4}){2,7}$")
_DATE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_QUESTION_NO = re.compile(r"^\s*(第?\d+题?[、.．:：)）]?|q\d+[._:：]?)\s*", re.IGNORECASE)

#: header words that name a column of personal data, and what it holds
PII_HEADERS: dict[str, str] = {
    r"来自ip|ip ?地址|ip ?address|ipaddress|(^|[^a-z])ip([^a-z]|$)": "IP address",
    r"手机|电话|联系方式|phone|mobile|telephone|(^|[^a-z])tel([^a-z]|$)": "phone number",
    r"邮箱|电子邮件|e-?mail|mail address": "e-mail address",
    r"姓名|名字|称呼|昵称|^name$|first ?name|last ?name|full ?name|surname|nick ?name|recipient(first|last)name": "name",
    r"微信|wechat|weixin|openid|(^|[^a-z])qq": "WeChat/QQ id",
    r"身份证|证件号|护照|passport|学号|工号|employee (id|number)|student (id|number)": "ID number",
    r"住址|家庭地址|详细地址|通讯地址|收货地址|street|postal address|^address$": "address",
    r"latitude|longitude|经纬度|定位": "location",
}


def _person_like(series: pd.Series) -> bool:
    """Values that differ from person to person (names, numbers, addresses), unlike the
    answers to a question about phones or e-mail ("经常", "4")."""
    values = series.dropna()
    if values.empty or pd.api.types.is_bool_dtype(values.dtype):
        return False
    if pd.api.types.is_numeric_dtype(values.dtype):
        return bool((values.abs() >= 10_000).mean() > 0.5)  # QQ, phone, id numbers; not ratings
    return values.nunique() >= max(0.5 * len(values), min(len(values), 5))


def _pii_reasons(data: pd.DataFrame, threshold: float = 0.5, factors=None, headers: bool = True) -> dict[str, str]:
    """{column: what personal data it holds} from its header and its values (``factors``:
    the columns' codes and distinct values, when already computed)."""
    found: dict[str, str] = {}
    for col in data.columns:
        s = data[col]
        header = _QUESTION_NO.sub("", _header_key(col)).casefold()
        if headers and len(header) <= 30:
            for pattern, what in PII_HEADERS.items():
                if re.search(pattern, header) and _person_like(s):
                    found[col] = what
                    break
        if col in found:
            continue
        values = s.dropna()
        if values.empty or pd.api.types.is_bool_dtype(values.dtype):
            continue
        if pd.api.types.is_numeric_dtype(values.dtype):
            as_int = values[(values % 1 == 0)] if pd.api.types.is_float_dtype(values.dtype) else values
            mobile = ((as_int >= 13_000_000_000) & (as_int < 20_000_000_000)).sum()
            if mobile > threshold * len(values):
                found[col] = "phone number"
            continue
        codes, uniques = (factors or {}).get(col) or _factor(s)
        text = pd.Series([str(u).strip() for u in uniques], dtype=object)
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        rules = {
            "e-mail address": text.str.match(_EMAIL),
            "phone number": text.str.match(_CN_MOBILE) | (text.str.match(_PHONE) & text.str.count(r"\d").ge(7)
                                                         & ~text.str.match(_DATE)),
            "IP address": text.str.match(_IPV4) | text.str.match(_IPV6),
        }
        for what, hits in rules.items():
            if counts[hits.to_numpy(dtype=bool)].sum() > threshold * len(values):
                found[col] = what
                break
    return found


def find_pii(data: pd.DataFrame, *, threshold: float = 0.5, headers: bool = True) -> list[str]:
    """Columns that identify people: by their header or by their values.

    A column is flagged when its header names personal data (姓名/name, 手机/phone, 邮箱/e-mail,
    来自IP/IP address, 微信/QQ/WeChat, 身份证, 地址/address, ...; see :data:`PII_HEADERS`)
    and its answers are not a rating scale, or when more than ``threshold`` of its values are
    e-mail addresses, phone numbers (Chinese mobile numbers too, stored as numbers or text) or
    IP addresses. Names cannot be recognized by their values: a names column is found by its
    header, so check the list and add to it.

    Parameters
    ----------
    data : DataFrame
        Not modified.
    threshold : float, default 0.5
        Share of a column's values that must look like personal data, in [0, 1).
    headers : bool, default True
        Also judge columns by their header (``False``: by their values only, for tables of
        results whose columns may be called "name").

    Returns
    -------
    list of str
        The flagged columns, in the data's order.

    Raises
    ------
    SurveyTypeError
        ``data`` is not a DataFrame.
    SurveyError
        ``threshold`` is not a number in [0, 1); ``data`` has no rows or repeated column
        names.

    See Also
    --------
    pseudonymize : replace identifiers by salted hashes.
    read_survey : sets these columns aside when reading.

    Examples
    --------
    >>> df = pd.DataFrame({"mail": ["a@b.com", "c@d.org"], "P1": [1, 2], "姓名": ["张三", "李四"],
    ...                    "来自IP": ["112.10.1.1(浙江-杭州)", "36.5.8.9(安徽-合肥)"], "联系电话": [13912345678, 18600001111]})
    >>> find_pii(df)
    ['mail', '姓名', '来自IP', '联系电话']
    >>> find_pii(df, headers=False)  # by values alone: a column of names is not recognized
    ['mail', '来自IP', '联系电话']
    """
    require_frame(data)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold < 1:
        raise SurveyError(f"threshold: a share of a column's values, must lie in [0, 1); got {threshold!r}")
    return list(_pii_reasons(data, threshold, headers=bool(headers)))


def pseudonymize(data: pd.DataFrame, columns, *, salt: str | None = None, drop=(), length: int = 16) -> pd.DataFrame:
    """Replace personal identifiers by salted hashes; drop free-text PII columns.

    Each value of ``columns`` becomes the first ``length`` hex digits of
    HMAC-SHA256(salt, value): the same person gets the same pseudonym within a file (and
    across files pseudonymized with the same salt), but the identity cannot be read back
    without the salt. Missing values stay missing.

    Parameters
    ----------
    data : DataFrame
        Not modified.
    columns : str or list of str
        Identifier columns to hash (names, e-mails, phone numbers, customer numbers).
    salt : str, optional
        Secret key. Keep it private; reuse it to link files. Default ``None``: a random salt
        is drawn and the pseudonyms cannot be linked to any other file.
    drop : str or list of str, default ()
        Columns removed entirely (e.g. free-text comments that may name people).
    length : int, default 16
        Hex digits kept (8 to 64).

    Returns
    -------
    DataFrame
        A copy of ``data`` without the ``drop`` columns, each of ``columns`` replaced by
        pseudonyms (text; ``None`` where the value was missing); the other columns and the
        order of the rows are unchanged.

    Raises
    ------
    SurveyTypeError
        ``data`` is not a DataFrame; ``salt`` is not a non-empty string.
    SurveyError
        A column of ``columns`` or ``drop`` is not in the data; ``length`` outside 8 to 64.

    See Also
    --------
    find_pii : find the columns that identify people.
    read_survey : sets such columns aside when reading.

    Examples
    --------
    >>> df = pd.DataFrame({"email": ["ann@x.com", "bob@y.com", "ann@x.com", None],
    ...                    "comment": ["great", "call me on 139...", "", None], "P1": [5, 3, 4, 2]})
    >>> pseudonymize(df, "email", salt="course-2026", drop="comment", length=8)
          email  P1
    0  0d63fc4a   5
    1  e402bac8   3
    2  0d63fc4a   4
    3      None   2
    >>> out = pseudonymize(df, ["email"])  # a random salt: pseudonyms unlinkable to other files
    >>> out["email"][0] == out["email"][2], out["email"].dropna().str.len().unique().tolist()
    (True, [16])
    """
    require_frame(data)
    columns = [columns] if isinstance(columns, str) else list(columns)
    drop = [drop] if isinstance(drop, str) else list(drop)
    require_columns(data, columns + drop)
    if isinstance(length, bool) or not isinstance(length, (int, np.integer)):
        raise SurveyTypeError(f"length: must be a whole number of hex digits from 8 to 64; got {length!r}")
    if not 8 <= int(length) <= 64:
        raise SurveyError(f"length: must be between 8 and 64 hex digits; got {length!r}")
    if salt is None:
        salt = secrets.token_hex(16)
    if not isinstance(salt, str) or not salt:
        raise SurveyTypeError(f"salt: must be a non-empty string; got {salt!r}")
    key = salt.encode("utf-8")
    out = data.drop(columns=drop)
    for col in columns:
        values = data[col]
        uniques = values.dropna().unique()
        mapping = {
            v: hmac.new(key, str(v).encode("utf-8"), hashlib.sha256).hexdigest()[:length] for v in uniques
        }
        out[col] = values.map(mapping).astype(object).where(values.notna(), None)
    return out
