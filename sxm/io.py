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

    By id when ``data`` carries its id column (``read_survey(id_column=...)`` records it),
    else by the 1-based position in the file (``respondent 15`` is the 15th respondent: the
    row labelled 14 by pandas), else by the row label itself.

    Examples
    --------
    >>> df = pd.DataFrame({"P1": [4, 9]})
    >>> name_respondent(df, 1)
    'respondent 2'
    >>> df.attrs["id_column"] = "id"
    >>> name_respondent(df.assign(id=["A7", "B3"]), 1)
    "respondent id 'B3'"
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


def offending(series: pd.Series, mask) -> str:
    """Words for the first offending value of ``series[mask]``, for an error message.

    Parameters
    ----------
    series : Series
        A column of the data.
    mask : array-like of bool
        Which answers break the rule.

    Returns
    -------
    str
        ``"found <value> in row <label> (and <k> more)"``.

    Examples
    --------
    >>> offending(pd.Series(["a", " ", "b"]), [False, True, False])
    "found ' ' in row 1"
    """
    if not isinstance(series, pd.Series):
        raise SurveyTypeError(f"series: must be a pandas Series (a column of the data); got {type(series).__name__}")
    return _example(series, mask)


def require_frame(data, *, name: str = "data", min_rows: int = 1) -> None:
    """Check that ``data`` is a non-empty DataFrame with unique, string column names.

    Examples
    --------
    >>> require_frame([1, 2])
    Traceback (most recent call last):
    ...
    sxm.io.SurveyTypeError: data: must be a pandas DataFrame (respondents in rows, items in columns); got list
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

    Examples
    --------
    >>> require_columns(pd.DataFrame({"P1": [1]}), ["P1", "P2"])
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: missing required column 'P2' (rule: every listed column must be in the data); the data has columns: 'P1'
    """
    columns = list(columns)
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

    ``items`` may be a list of names, or one glob pattern (``"P*"``) or a list of patterns;
    patterns are matched against ``data.columns`` in their order.
    """
    if items is None:
        return []
    if isinstance(items, str):
        items = [items]
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

    Numbers stored as text (``"4"``) are accepted; nullable pandas dtypes (``Int64``,
    ``Float64``) are converted with ``NA`` as ``NaN``. Anything else is an error naming the
    column, the rule and the first offending value.

    Parameters
    ----------
    data : DataFrame
    columns : list of str
        The item columns.
    scale : (low, high), optional
        Inclusive bounds of the answer scale, e.g. ``(1, 7)``.
    allow_missing : bool
        Whether missing answers (NaN) are allowed.
    allow_all_missing : bool
        Whether an item may have no answer at all.

    Examples
    --------
    >>> df = pd.DataFrame({"P1": [1, 2, 9]})
    >>> numeric_items(df, ["P1"], scale=(1, 7))
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: column 'P1': answers must lie on the scale 1 to 7; found 9 for respondent 3
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
    """Raise if any answer of the numeric ``frame`` lies outside ``scale`` (inclusive)."""
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
    """Raise if respondent ids in ``column`` are missing or duplicated."""
    require_columns(data, [column], what="id column")
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
    """Raise if an item was answered identically by every respondent (zero variance)."""
    columns = list(frame.columns if columns is None else columns)
    sub = frame[columns]
    n_unique = sub.nunique(dropna=True)
    answered = sub.notna().sum()
    const = (n_unique <= 1) & (answered > 1)
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

    Examples
    --------
    >>> check_choice("missing", "fiml", ("listwise", "fiml"))
    'fiml'
    >>> check_choice("missing", "pairwise", ("listwise", "fiml"))
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: missing: must be one of 'listwise', 'fiml'; got 'pairwise'
    """
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
        Validated answers (the columns the analysis uses).
    what : str
        The analysis, for the message.
    alternative : str, optional
        What to do instead, for the message.
    stacklevel : int
        Passed to :func:`warnings.warn` (point at the user's call).

    Returns
    -------
    DataFrame
        The complete rows (the same object when none is incomplete).

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


def _read_csv(path: Path) -> pd.DataFrame:
    with open(path, "r", encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    if not text.strip():
        raise SurveyError(f"{path.name}: the file is empty (no header, no respondents)")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        sep = dialect.delimiter
    except csv.Error:
        sep = ","
    # Qualtrics exports carry two extra header rows: question texts, then ImportId JSON
    rows = list(csv.reader(_io.StringIO(text[:65536]), delimiter=sep))
    qualtrics = len(rows) >= 3 and any(_QUALTRICS_META.match(cell or "") for cell in rows[2])
    if qualtrics:
        df = pd.read_csv(_io.StringIO(text), sep=sep, skiprows=[1, 2])
        df.attrs["questions"] = dict(zip(rows[0], rows[1]))
        df.attrs["format"] = "qualtrics"
    else:
        df = pd.read_csv(_io.StringIO(text), sep=sep)
        df.attrs["format"] = "csv"
    return df


def _read_source(source) -> pd.DataFrame:
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
        return _read_csv(path)
    if suffix in {".xlsx", ".xlsm"}:
        df = pd.read_excel(path, engine="openpyxl")
        df.attrs["format"] = "excel"
        return df
    if suffix in {".sav", ".zsav"}:
        import pyreadstat

        df, meta = pyreadstat.read_sav(str(path))
        df.attrs["format"] = "spss"
        df.attrs["questions"] = dict(zip(meta.column_names, meta.column_labels))
        return df
    raise SurveyError(f"source {path.name!r}: unknown file type {suffix!r} (rule: .csv, .tsv, .xlsx or .sav)")


def _mostly_numeric(series: pd.Series) -> bool:
    """Numeric dtype, or text of which at least half the answers are numbers (a typo'd item)."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return False
    if pd.api.types.is_numeric_dtype(series.dtype):
        return True
    values = series.dropna().astype(str).str.strip()
    values = values[values != ""]
    return bool(len(values)) and pd.to_numeric(values, errors="coerce").notna().mean() >= 0.5


def read_survey(source, *, scale=None, items=None, id_column=None) -> pd.DataFrame:
    """Read a survey and validate it.

    Parameters
    ----------
    source : DataFrame or path
        A DataFrame (copied, never modified), or a ``.csv``/``.tsv`` (a Qualtrics export with
        its two extra header rows is recognized), ``.xlsx`` or SPSS ``.sav`` file.
    scale : (low, high), optional
        Inclusive answer scale of the items, e.g. ``(1, 7)``.
    items : list of str or glob pattern, optional
        The item columns (``["P1", "P2"]`` or ``"P*"``). When omitted and ``scale`` is given,
        every column except ``id_column`` whose answers are (mostly) numbers is an item, so a
        stray text answer in an item column is reported rather than skipped.
    id_column : str, optional
        Column of respondent ids, which must be present and unique.

    Returns
    -------
    DataFrame
        A new DataFrame; item columns are float64 with ``NaN`` for missing answers. Missing
        answers are reported, never filled: ``df.attrs["missing"]`` holds the count per item.
        For Qualtrics and SPSS files, ``df.attrs["questions"]`` maps columns to question texts.

    Raises
    ------
    SurveyError
        Empty file, missing columns, duplicated or missing ids, non-numeric or out-of-scale
        answers, items nobody answered, constant items. The message names the column, the
        rule and an offending value.

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
    """
    df = _read_source(source)
    fmt = df.attrs.get("format", "dataframe")
    questions = df.attrs.get("questions")
    if df.shape[1] == 0:
        raise SurveyError("source: the data has no columns (empty file?)")
    require_frame(df)
    df.columns = [str(c) for c in df.columns]
    if id_column is not None:
        check_unique_ids(df, id_column)
        df.attrs["id_column"] = id_column  # errors from here on name respondents by id
    if items is None and scale is not None:
        item_cols = [c for c in df.columns if c != id_column and _mostly_numeric(df[c])]
    else:
        item_cols = expand_items(df, items)
        if id_column in item_cols:
            item_cols.remove(id_column)
    if item_cols:
        clean = numeric_items(df, item_cols, scale=scale)
        check_not_constant(clean)
        df[item_cols] = clean
        df.attrs["missing"] = {c: int(clean[c].isna().sum()) for c in item_cols}
    df.attrs["format"] = fmt
    if questions:
        df.attrs["questions"] = questions
    return df


# --------------------------------------------------------------------------------------
# privacy
# --------------------------------------------------------------------------------------
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[\d\s().-]{7,}$")


def find_pii(data: pd.DataFrame, *, threshold: float = 0.5) -> list[str]:
    """Columns that look like e-mail addresses or phone numbers.

    A text column is flagged when more than ``threshold`` of its non-missing values match an
    e-mail or phone-number pattern. Names cannot be recognized this way: list them yourself.

    Examples
    --------
    >>> df = pd.DataFrame({"mail": ["a@b.com", "c@d.org"], "P1": [1, 2]})
    >>> find_pii(df)
    ['mail']
    """
    require_frame(data)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold < 1:
        raise SurveyError(f"threshold: a share of a column's values, must lie in [0, 1); got {threshold!r}")
    found = []
    for col in data.columns:
        s = data[col].dropna()
        if s.empty or pd.api.types.is_numeric_dtype(s.dtype):
            continue
        text = s.astype(str).str.strip()
        share = (text.str.match(_EMAIL) | (text.str.match(_PHONE) & text.str.count(r"\d").ge(7))).mean()
        if share > threshold:
            found.append(col)
    return found


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
    columns : list of str
        Identifier columns to hash (names, e-mails, phone numbers, customer numbers).
    salt : str, optional
        Secret key. Keep it private; reuse it to link files. When omitted, a random salt is
        drawn and the pseudonyms cannot be linked to any other file.
    drop : list of str
        Columns removed entirely (e.g. free-text comments that may name people).
    length : int
        Hex digits kept (8 to 64).

    Examples
    --------
    >>> df = pd.DataFrame({"email": ["ann@x.com", "bob@y.com", "ann@x.com"], "P1": [5, 3, 4]})
    >>> out = pseudonymize(df, ["email"], salt="course-2026")
    >>> out["email"].tolist()[0] == out["email"].tolist()[2], out["email"].str.len().tolist()
    (True, [16, 16, 16])
    """
    require_frame(data)
    columns = [columns] if isinstance(columns, str) else list(columns)
    drop = [drop] if isinstance(drop, str) else list(drop)
    require_columns(data, columns + drop)
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
