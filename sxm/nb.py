"""One-line set-up for the chapter notebooks, and the cell ending that shows a table.

A chapter starts with ``rng = sxm.nb.setup(seed=SEED, tables=TABLES)`` and ends each display
cell with ``sxm.nb.show(table, "Section title")``: the reader sees the table rounded, and
when ``TABLES`` names a path (``sxm run ... --tables out/tables``, or papermill's
``-p TABLES out/tables``) every table shown is written unrounded to ``out/tables.xlsx`` and
as CSV, and every figure as PNG and SVG, by :class:`sxm.export.TableExport`.
"""
from __future__ import annotations

import random
import warnings
from pathlib import PurePath

import numpy as np
import pandas as pd

__all__ = ["setup", "show", "fmt_p", "interactive", "quiet_progress"]

#: the table export of this kernel (``setup(tables=...)``), or None
_EXPORT = None


def setup(seed: int = 2026, *, precision: int = 3, lang: str = "en", tables: str = "") -> np.random.Generator:
    """Fix the seed, the display precision, the plotting theme and the language; return a Generator.

    Called once at the top of every chapter, right after the parameters cell, so that the
    stored outputs are the same on every run. In a Jupyter kernel it also makes figures
    inline (even when ``MPLBACKEND=Agg`` is set) and, with ``tables``, saves every figure a
    cell draws before the inline backend closes it.
    In a kernel that nobody watches (papermill, ``sxm run``, nbval: see
    :func:`interactive`) progress bars are switched off, so that no bar is stored in an
    executed notebook.

    Parameters
    ----------
    seed : int, default 2026
        Seeds Python's ``random``, numpy's legacy global generator and the returned
        generator; zero or positive (a chapter passes its ``SEED`` parameter).
    precision : int, default 3
        Decimals pandas displays (0 to 15).
    lang : {"en", "zh"}, default "en"
        Language of the fixed words of figures (titles, axis labels, legends; see
        :func:`sxm.i18n.t`): the chapter's ``LANG`` parameter, ``"zh"`` in the Chinese
        edition. Either way the CJK font is in the font fallback list, so Chinese names in
        the data render.
    tables : str or path, default ""
        A path such as ``"out/tables"`` turns table export on: every table :func:`show`
        displays is written unrounded to ``out/tables.xlsx`` (a sheet per table) and as CSV
        in ``out/tables/``, and every figure as PNG and SVG there. ``""`` (the default)
        writes nothing, and turns off an export an earlier call turned on. A chapter passes
        its ``TABLES`` parameter.

    Returns
    -------
    numpy.random.Generator
        ``np.random.default_rng(seed)``: the chapter's source of random numbers.

    Raises
    ------
    SurveyTypeError
        ``seed`` is not a whole number; ``lang`` is not a string; ``tables`` is not a path.
    SurveyError
        ``seed`` is negative; ``precision`` is not a whole number from 0 to 15; ``lang`` is
        neither ``"en"`` nor ``"zh"``.

    See Also
    --------
    show : end a display cell with a rounded (and, with ``tables``, exported) table.
    sxm.i18n.set_lang : the language alone.
    sxm.plots.set_theme : the plotting theme alone.
    sxm.export.TableExport : what ``tables`` turns on.
    interactive, quiet_progress : where progress bars are shown.

    Examples
    --------
    >>> rng = setup(seed=7)
    >>> float(rng.random()) == float(np.random.default_rng(7).random())
    True
    >>> pd.get_option("display.precision")
    3
    >>> from sxm import i18n
    >>> _ = setup(seed=7, lang="zh"); i18n.get_lang()
    'zh'
    >>> _ = setup(seed=7); i18n.get_lang()
    'en'

    Table export into a temporary folder (then off again):

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "tables"
    >>> _ = setup(seed=7, tables=str(out))
    >>> show(pd.DataFrame({"nps": [12.3456]}, index=["cinema"]), "NPS by segment", digits=1)
             nps
    cinema  12.3
    >>> sorted(p.relative_to(out.parent).as_posix() for p in out.parent.rglob("*"))
    ['tables', 'tables.xlsx', 'tables/01_NPS_by_segment.csv']
    >>> _ = setup(seed=7)  # tables="": export off
    """
    import matplotlib

    from .io import SurveyError, SurveyTypeError

    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise SurveyTypeError(f"seed: must be a whole number (int), e.g. 2026; got {seed!r}")
    if seed < 0:
        raise SurveyError(f"seed: must be zero or positive; got {seed!r}")
    if isinstance(precision, bool) or not isinstance(precision, (int, np.integer)) or not 0 <= precision <= 15:
        raise SurveyError(f"precision: must be a whole number of decimals from 0 to 15; got {precision!r}")
    from . import i18n

    i18n.set_lang(lang)
    _inline_figures()
    if not interactive():
        quiet_progress()
    matplotlib.rcParams["svg.hashsalt"] = "sxm"
    from . import plots

    plots.set_theme()
    pd.set_option("display.precision", precision)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    random.seed(seed)
    np.random.seed(seed)
    warnings.filterwarnings("ignore", category=FutureWarning, module="pingouin")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="pingouin")
    _start_export(tables)
    return np.random.default_rng(seed)


def _start_export(tables) -> None:
    """Turn table export on (a path) or off (``""``/None) for this kernel."""
    global _EXPORT
    from .io import SurveyTypeError

    if tables is not None and not isinstance(tables, (str, PurePath)):
        raise SurveyTypeError(f"tables: must be a path such as 'out/tables', or '' for no export; got {tables!r}")
    _hook_figures(None)
    _EXPORT = None
    if tables:
        from .export import TableExport

        _EXPORT = TableExport(tables)
        _hook_figures(_EXPORT)


def _hook_figures(export) -> None:
    """In a Jupyter kernel, save the figures of every cell before the inline backend closes them."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        return
    shell = get_ipython()
    if shell is None:
        return
    callbacks = shell.events.callbacks["post_execute"]
    for fn in [f for f in callbacks if getattr(f, "_sxm_export", False)]:
        callbacks.remove(fn)
    if export is not None:
        def save_figures():
            export.figures_of_this_cell()

        save_figures._sxm_export = True
        callbacks.insert(0, save_figures)  # before matplotlib-inline's flush_figures closes them


def show(table, title: str | None = None, *, digits: int = 3):
    """End a display cell: return ``table`` rounded to ``digits``, recording it for export.

    When table export is on (:func:`setup` with ``tables=``), the unrounded table is written
    to the workbook and as CSV under ``title`` (the sheet's name and first row; re-showing a
    title replaces its table). Without a title the tables are numbered "Table 1", "Table 2", ...
    A Series that is not numeric is returned as a copy, unrounded.

    Parameters
    ----------
    table : DataFrame or Series
        The table to show. Not modified.
    title : str, optional
        What the table shows, e.g. the section: ``"6. CSAT by segment"``. Default ``None``:
        numbered.
    digits : int, default 3
        Decimals shown (0 to 15).

    Returns
    -------
    DataFrame or Series
        The rounded copy, which Jupyter displays; p-value columns (``pvalue``,
        ``msa_pvalue``, ...) are written as :func:`fmt_p` writes them (``< .001``, ``.031``;
        empty where missing), while the export keeps the numbers. In the Chinese edition
        (``setup(lang="zh")``) the category values the suite knows (segments, touchpoints,
        Kano attributes, SERVQUAL dimensions ...) are shown, and exported, with their
        Chinese labels (:func:`sxm.i18n.relabel`); column names stay code identifiers.

    Raises
    ------
    SurveyTypeError
        ``table`` is not a DataFrame or Series; ``title`` is not non-empty text.
    SurveyError
        ``digits`` is not a whole number from 0 to 15.

    See Also
    --------
    setup : turns table export on with ``tables=``.
    fmt_p : p-values as text for a table or a sentence.
    sxm.export.TableExport.table : what records the unrounded table.

    Examples
    --------
    >>> show(pd.DataFrame({"est": [0.123456, 2.5], "pvalue": [0.00001, 0.25]}), "Estimates", digits=2)
        est  pvalue
    0  0.12  < .001
    1  2.50    .250
    >>> show(pd.Series({"airline": 41.66667, "hotel": 12.4}, name="nps"), digits=0)
    airline    42.0
    hotel      12.0
    Name: nps, dtype: float64
    """
    from .io import SurveyError, SurveyTypeError

    if not isinstance(table, (pd.DataFrame, pd.Series)):
        raise SurveyTypeError(f"table: must be a pandas DataFrame or Series; got {type(table).__name__}")
    if isinstance(digits, bool) or not isinstance(digits, (int, np.integer)) or not 0 <= digits <= 15:
        raise SurveyError(f"digits: must be a whole number of decimals from 0 to 15; got {digits!r}")
    if title is not None and (not isinstance(title, str) or not title.strip()):
        raise SurveyTypeError(f"title: must be non-empty text; got {title!r}")
    from . import i18n

    table = i18n.relabel(table)  # the Chinese edition shows (and exports) the Chinese names of category values
    if _EXPORT is not None:
        _EXPORT.table(table, title)
    if isinstance(table, pd.Series) and not pd.api.types.is_numeric_dtype(table.dtype):
        return table.copy()
    shown = table.round(int(digits))
    if isinstance(shown, pd.DataFrame):  # p-values as APA text: < .001, .031 (the export keeps the numbers)
        for column in shown.columns:
            if isinstance(column, str) and column.endswith("pvalue") and pd.api.types.is_numeric_dtype(shown[column]):
                shown[column] = table[column].map(lambda p: fmt_p(float(p)) if pd.notna(p) else "")
    return shown


def interactive() -> bool:
    """Whether this code runs where a person watches it.

    False in a Jupyter kernel driven by a program: papermill, nbclient (``sxm run``,
    ``jupyter nbconvert --execute``) and nbval send their execute requests with
    ``allow_stdin=False``, while JupyterLab, Notebook and VS Code allow ``input()``. True
    elsewhere (JupyterLab, a terminal, a script).

    Returns
    -------
    bool

    See Also
    --------
    quiet_progress : what :func:`setup` does when this is False.

    Examples
    --------
    >>> interactive()  # not in a kernel
    True
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        return True
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    if kernel is None or not hasattr(kernel, "get_parent"):
        return True
    parent = kernel.get_parent("shell") or {}
    return bool(parent.get("content", {}).get("allow_stdin", True))


def quiet_progress(quiet: bool = True) -> None:
    """Switch every tqdm progress bar of this process off (or back on with ``False``).

    Used by :func:`setup` in kernels run by papermill, ``sxm run`` and nbval, whose
    executed notebooks would otherwise keep the bars as outputs (stderr text, or a
    widget's ``"  0%|..."`` text). Results do not change.

    Parameters
    ----------
    quiet : bool
        True switches the bars off, False back on.

    See Also
    --------
    interactive : decides, in :func:`setup`, whether bars are wanted.

    Examples
    --------
    >>> from tqdm.auto import tqdm
    >>> quiet_progress()
    >>> tqdm(range(3)).disable
    True
    >>> quiet_progress(False)
    >>> import io
    >>> tqdm(range(3), file=io.StringIO()).disable
    False
    """
    from tqdm import std

    from .io import SurveyTypeError

    if not isinstance(quiet, bool):
        raise SurveyTypeError(f"quiet: must be True or False; got {quiet!r}")
    loud = std.tqdm.__dict__.get("_sxm_loud_init")
    if not quiet:
        if loud is not None:
            std.tqdm.__init__ = loud
            del std.tqdm._sxm_loud_init
        return
    if loud is not None:
        return
    # tqdm.auto warns on stderr when ipywidgets is missing; with the bars off it does not matter
    warnings.filterwarnings("ignore", message="IProgress not found")
    loud = std.tqdm.__init__

    def silent(self, *args, **kwargs):
        kwargs["disable"] = True
        loud(self, *args, **kwargs)

    std.tqdm._sxm_loud_init = loud
    std.tqdm.__init__ = silent


def _inline_figures() -> None:
    """In a Jupyter kernel, store figures in the notebook even when MPLBACKEND=Agg is set."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        return
    shell = get_ipython()
    if shell is not None and type(shell).__name__ == "ZMQInteractiveShell":
        shell.run_line_magic("matplotlib", "inline")


def fmt_p(p: float) -> str:
    """Format a p-value as in APA style: ``< .001``, else three decimals without the zero.

    Parameters
    ----------
    p : float or None
        A p-value in [0, 1]. ``None`` and NaN (no test) give ``"n/a"``.

    Returns
    -------
    str
        ``"< .001"``, ``".031"``, ``"1.000"`` or ``"n/a"``.

    Raises
    ------
    SurveyTypeError
        ``p`` is not a number (text, True/False).
    SurveyError
        ``p`` lies outside [0, 1].

    See Also
    --------
    show : tables of results for the reader, rounded, their p-value columns written by this function.

    Examples
    --------
    >>> fmt_p(0.00002), fmt_p(0.0312), fmt_p(0.5)
    ('< .001', '.031', '.500')
    >>> fmt_p(float("nan")), fmt_p(None)
    ('n/a', 'n/a')
    >>> tests = pd.DataFrame({"est": [0.42, 0.03], "pvalue": [0.0004, 0.61]}, index=["csat", "nps"])
    >>> tests["pvalue"].map(fmt_p).tolist()
    ['< .001', '.610']
    """
    from .io import SurveyError, SurveyTypeError

    if p is None:
        return "n/a"
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise SurveyTypeError(f"p: must be a number between 0 and 1; got {p!r}")
    if not np.isfinite(p):
        return "n/a"
    if not 0 <= p <= 1:
        raise SurveyError(f"p: a p-value must lie between 0 and 1; got {p!r}")
    if p < 0.001:
        return "< .001"
    return f"{p:.3f}".lstrip("0")
