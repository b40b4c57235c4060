"""The bundled data sets, and one door for the user's own survey files.

Every chapter notebook has a ``DATA`` parameter. It is either the name of a bundled data
set (``"service_experience"``) or a path to the researcher's own file; both go through
:func:`load`, which validates the answers with :func:`sxm.io.read_survey`.

Each bundled set is ``data/<name>.csv`` with a sidecar ``data/<name>.yaml`` (keys
``title``, ``description``, ``scale``, ``id_column``, ``items``, ``chapter``,
``generated_by``, ``labels``) whose ``scale``, ``id_column`` and ``items`` are the defaults
passed to ``read_survey``, and whose ``labels`` give the Chinese label of every category
value (``{column: {value: 中文}}``; ``attribute`` for the Kano attributes named in the
column headers, ``construct`` for the constructs its items measure), shown by the Chinese
edition (:func:`labels`, :func:`sxm.i18n.label`); the generator ``data/scripts/make_<name>.py`` rewrites the CSV
bit-for-bit. ``data/README.md`` documents every column and the true parameters.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .io import SurveyError, SurveyTypeError, read_survey

__all__ = ["load", "catalog", "info", "labels", "path", "DATA_DIR"]

#: Folder of the bundled data sets (the repository's ``data/``).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_SIDECAR_KEYS = {"title", "description", "scale", "id_column", "items", "chapter", "generated_by", "labels"}


def _names() -> list[str]:
    if not DATA_DIR.is_dir():
        return []
    return sorted(p.stem for p in DATA_DIR.glob("*.csv") if p.with_suffix(".yaml").exists())


def _unknown(name: str) -> SurveyError:
    names = _names()
    have = ", ".join(repr(n) for n in names) if names else f"none (no data sets in {str(DATA_DIR)!r})"
    return SurveyError(
        f"data set {name!r}: not a bundled data set and not an existing file; bundled data sets: {have}"
    )


def path(name: str) -> Path:
    """Path of the CSV file of the bundled data set ``name``.

    Parameters
    ----------
    name : str
        A bundled data set (see :func:`catalog`).

    Returns
    -------
    pathlib.Path
        ``data/<name>.csv`` inside the installed package's repository; its sidecar
        ``data/<name>.yaml`` sits next to it.

    Raises
    ------
    SurveyError
        ``name`` is not a bundled data set (the message lists the bundled names).

    See Also
    --------
    load : read a bundled data set (or your own file), validated.
    info : the sidecar metadata of a bundled data set.
    catalog : every bundled data set, one row each.

    Examples
    --------
    >>> path("service_experience").name
    'service_experience.csv'
    >>> path("service_experience").with_suffix(".yaml").exists()
    True
    >>> # In R: read.csv(path) reads the same file (without sxm's validation)
    """
    if not isinstance(name, str):
        raise SurveyTypeError(f"name: must be the name of a bundled data set (a string); got {type(name).__name__}")
    if name not in _names():
        raise _unknown(name)
    return DATA_DIR / f"{name}.csv"


def info(name: str) -> dict:
    """The sidecar metadata of a bundled data set (the parsed ``data/<name>.yaml``).

    Parameters
    ----------
    name : str
        A bundled data set (see :func:`catalog`).

    Returns
    -------
    dict
        ``title``, ``description``, ``scale``, ``id_column``, ``items``, ``chapter``,
        ``generated_by``, ``labels`` (keys sorted; a key absent from the sidecar is
        ``None``; ``scale`` is a tuple ``(low, high)``; ``labels`` maps a column to
        ``{value: Chinese label}``).

    Raises
    ------
    SurveyError
        ``name`` is not a bundled data set, or its sidecar is not valid YAML, has an
        unknown key, a malformed ``scale`` or malformed ``labels``.

    See Also
    --------
    catalog : every bundled data set, one row each.
    labels : the Chinese labels of the category values.
    load : read a bundled data set, with these metadata as defaults.
    path : the CSV file of a bundled data set.

    Examples
    --------
    >>> meta = info("service_experience")
    >>> meta["id_column"], meta["scale"], meta["chapter"]
    ('respondent_id', (1, 7), 1)
    """
    import yaml

    sidecar = path(name).with_suffix(".yaml")
    try:
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SurveyError(f"{sidecar.name}: not valid YAML ({exc})") from None
    if not isinstance(meta, dict):
        raise SurveyError(f"{sidecar.name}: must be a mapping of keys {sorted(_SIDECAR_KEYS)}")
    unknown = set(meta) - _SIDECAR_KEYS
    if unknown:
        raise SurveyError(f"{sidecar.name}: unknown key {sorted(unknown)[0]!r} (allowed: {sorted(_SIDECAR_KEYS)})")
    scale = meta.get("scale")
    if scale is not None:
        if not (isinstance(scale, list) and len(scale) == 2):
            raise SurveyError(f"{sidecar.name}: scale must be [low, high] or null; got {scale!r}")
        meta["scale"] = tuple(scale)
    found = meta.get("labels")
    if found is not None:
        ok = isinstance(found, dict) and all(
            isinstance(col, str) and isinstance(values, dict)
            and all(isinstance(v, str) and isinstance(zh, str) and zh.strip() for v, zh in values.items())
            for col, values in found.items())
        if not ok:
            raise SurveyError(f"{sidecar.name}: labels must map a column to {{value: label}} (text to text), "
                              f"e.g. {{segment: {{business: 商务出行}}}}; got {found!r}")
    return {key: meta.get(key) for key in sorted(_SIDECAR_KEYS)}


def labels(name: str | None = None) -> dict[str, str]:
    """The Chinese labels of the category values of a bundled data set (or of all of them).

    The labels live in the data set's sidecar (``labels`` in ``data/<name>.yaml``). The
    Chinese edition shows them in tables (:func:`sxm.nb.show`) and figures
    (:func:`sxm.i18n.label`); the data keep their values, so code and parameters refer to
    ``"pick-up wait"`` in both editions.

    Parameters
    ----------
    name : str, optional
        A bundled data set. Default ``None``: the labels of every bundled data set, merged.

    Returns
    -------
    dict of str to str
        ``{value: Chinese label}`` (segments, services, channels, stages, touchpoints,
        roles, Kano attributes, the constructs of the chapters' models).

    Raises
    ------
    SurveyError
        ``name`` is not a bundled data set, or its sidecar's ``labels`` are malformed.
    SurveyTypeError
        ``name`` is neither a string nor ``None``.

    See Also
    --------
    info : every sidecar key of a data set, ``labels`` by column.
    sxm.i18n.label : the label of a value in the language in force.

    Examples
    --------
    >>> labels("car_rental_journey")["pick-up wait"]
    '取车等候'
    >>> info("car_rental_journey")["labels"]["channel"]["app"]
    '手机应用'
    >>> labels()["business"]
    '商务出行'
    """
    if name is not None and not isinstance(name, str):
        raise SurveyTypeError(f"name: must be the name of a bundled data set (a string) or None; got {type(name).__name__}")
    out: dict[str, str] = {}
    for one in [name] if name is not None else _names():
        for values in (info(one)["labels"] or {}).values():
            out.update(values)
    return out


def _is_path_like(source) -> bool:
    if isinstance(source, Path):
        return True
    text = str(source)
    return "/" in text or "\\" in text or Path(text).suffix != "" or Path(text).exists()


def load(source, **read_survey_kwargs) -> pd.DataFrame:
    """Load a bundled data set by name, or the user's own survey file, validated.

    Parameters
    ----------
    source : str, path or DataFrame
        A bundled name (see :func:`catalog`), a path to a ``.csv``/``.xlsx``/``.sav`` file or
        a DataFrame (copied, never modified).
    **read_survey_kwargs
        ``scale``, ``items``, ``id_column``, ``encoding``, ``missing_codes``,
        ``answer_labels``, ``codebook`` for :func:`sxm.io.read_survey`. For a bundled set
        the sidecar gives the defaults; keywords given here override them. An empty value
        (``""``, ``[]``, ``None``) of ``encoding``, ``missing_codes``, ``answer_labels`` or
        ``codebook`` means "not given", so a chapter can pass its parameters straight on:
        ``load(DATA, encoding=ENCODING, missing_codes=MISSING_CODES, codebook=CODEBOOK)``.

    Returns
    -------
    DataFrame
        As returned by ``read_survey``; ``df.attrs["name"]`` holds the data set's name (or the
        file name).

    Raises
    ------
    SurveyError
        An unknown name (the message lists the bundled names), a missing file, or any
        validation error of ``read_survey``.
    SurveyTypeError
        ``source`` is neither a string, a path nor a DataFrame, or a keyword other than
        ``scale``, ``items`` and ``id_column`` is given.

    See Also
    --------
    catalog : every bundled data set, one row each.
    info : the sidecar metadata (scale, id column, items) of a bundled data set.
    path : the CSV file of a bundled data set.
    sxm.io.read_survey : the validation behind ``load``.

    Examples
    --------
    >>> df = load("service_experience")
    >>> df.shape
    (600, 27)
    >>> df.attrs["name"]
    'service_experience'
    >>> # In R: read.csv("data/service_experience.csv") (without the validation)
    >>> load("no_such_set")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: data set 'no_such_set': not a bundled data set and not an existing file; bundled data sets: ...
    """
    allowed = {"scale", "items", "id_column"}
    reading = {"encoding", "missing_codes", "answer_labels", "codebook"}
    bad = set(read_survey_kwargs) - allowed - reading
    if bad:
        raise SurveyTypeError(f"load: unknown keyword {sorted(bad)[0]!r} (allowed: {sorted(allowed | reading)})")
    read_survey_kwargs = {k: v for k, v in read_survey_kwargs.items()
                          if not (k in reading and (v is None or (isinstance(v, (str, list, tuple, dict)) and not v)))}
    if isinstance(source, pd.DataFrame):
        df = read_survey(source, **read_survey_kwargs)
        df.attrs["name"] = "data"
        return df
    if not isinstance(source, (str, Path)):
        raise SurveyTypeError(
            f"source: must be a bundled data set name, a file path or a DataFrame; got {type(source).__name__}"
        )
    if isinstance(source, str) and source in _names():
        meta = info(source)
        kwargs = {k: meta[k] for k in allowed} | read_survey_kwargs
        df = read_survey(path(source), **kwargs)
        df.attrs["name"] = source
        return df
    if not _is_path_like(source):
        raise _unknown(str(source))
    df = read_survey(Path(source), **read_survey_kwargs)
    df.attrs["name"] = Path(source).stem
    return df


def catalog() -> pd.DataFrame:
    """The bundled data sets: name, title, chapter, rows, columns, scale, description.

    Returns
    -------
    DataFrame
        One row per data set, sorted by name, with the columns ``name``, ``title``,
        ``chapter`` (the notebook that uses it), ``rows``, ``columns``, ``scale``
        (``(low, high)``) and ``description``. Empty (with these columns) when the
        ``data/`` folder is absent.

    See Also
    --------
    load : read one of them (or your own file).
    info : the metadata of one data set.
    path : the CSV file of one data set.

    Examples
    --------
    >>> cat = catalog()
    >>> "service_experience" in cat["name"].tolist()
    True
    >>> cat.set_index("name").loc["service_experience", ["chapter", "rows", "columns"]].tolist()
    [1, 600, 27]
    >>> # In R: data(package = "...") lists a package's data sets in the same way
    """
    rows = []
    for name in _names():
        meta = info(name)
        shape = pd.read_csv(path(name)).shape
        rows.append(
            {
                "name": name,
                "title": meta["title"],
                "chapter": meta["chapter"],
                "rows": shape[0],
                "columns": shape[1],
                "scale": meta["scale"],
                "description": meta["description"],
            }
        )
    cols = ["name", "title", "chapter", "rows", "columns", "scale", "description"]
    return pd.DataFrame(rows, columns=cols)
