"""Tables and figures out of a chapter: one Excel workbook, CSV files, PNG and SVG.

A chapter's display cells end with :func:`sxm.nb.show`, which rounds a table for the reader
and, when table export is on (``sxm.nb.setup(tables=TABLES)``, ``sxm run --tables PATH``),
hands the unrounded table to a :class:`TableExport`. That writes

- ``PATH.xlsx``: one sheet per table, named after its title, the title in the first row and
  the table below it, numbers unrounded;
- ``PATH/NN_title.csv``: each table as CSV in UTF-8 with a byte-order mark, which Excel on
  Chinese (or any) Windows opens with the characters intact;
- ``PATH/figure_NN_title.png`` and ``.svg``: every figure the chapter draws.

Columns that identify people (those :func:`sxm.io.read_survey` set aside or flagged, and
values that are e-mail addresses, phone numbers or IP addresses) are never written unless
``include_pii=True``.
"""
from __future__ import annotations

import re
import warnings
import weakref
from pathlib import Path

import pandas as pd

from .io import SurveyError, SurveyTypeError, find_pii, require_frame

__all__ = ["TableExport", "write_workbook", "write_csv", "save_figure", "sheet_names", "export_path"]

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_FILE_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f\s]+')


def export_path(path) -> Path:
    """The export's base path: ``out/tables`` (or ``out/tables.xlsx``) gives ``out/tables``,
    whose workbook is ``out/tables.xlsx`` and whose files go in the folder ``out/tables/``.

    Parameters
    ----------
    path : str or Path
        What the user gave (``TABLES``, ``--tables``).

    Returns
    -------
    Path
        ``path`` without a ``.xlsx`` suffix (any other suffix is kept).

    Raises
    ------
    SurveyTypeError
        ``path`` is not a string or a Path.
    SurveyError
        ``path`` is empty.

    See Also
    --------
    TableExport : writes the workbook and the folder.
    sxm.runner.tables_path : the base path of one chapter when several run at once.

    Examples
    --------
    >>> export_path("out/tables.xlsx").as_posix(), export_path("out/tables").as_posix()
    ('out/tables', 'out/tables')
    """
    if isinstance(path, Path):
        text = str(path)
    elif isinstance(path, str):
        text = path
    else:
        raise SurveyTypeError(f"tables: must be a path such as 'out/tables'; got {type(path).__name__}")
    if not text.strip():
        raise SurveyError("tables: the path is empty (rule: a path such as 'out/tables'; leave table export off "
                          "with tables='')")
    base = Path(text)
    return base.with_suffix("") if base.suffix.lower() == ".xlsx" else base


def sheet_names(titles) -> list[str]:
    """Excel sheet names for ``titles``: at most 31 characters, none of ``[]:*?/\\``, unique.

    Parameters
    ----------
    titles : list of str
        The tables' titles, in order.

    Returns
    -------
    list of str
        One name per title; a repeated (or shortened to a repeated) name gets `` (2)``, ...
        (case does not matter, as in Excel; ``History``, which Excel reserves, also gets a
        number). A title with nothing left becomes ``table``.

    Raises
    ------
    SurveyTypeError
        ``titles`` is a string or not a list; a title is not text.

    See Also
    --------
    write_workbook : uses these names.

    Examples
    --------
    >>> sheet_names(["CSAT by segment", "NPS: by segment", "A very long title that Excel would refuse", "CSAT by segment"])
    ['CSAT by segment', 'NPS by segment', 'A very long title that Excel wo', 'CSAT by segment (2)']
    """
    if isinstance(titles, str) or not hasattr(titles, "__iter__"):
        raise SurveyTypeError(f"titles: must be a list of table titles; got {type(titles).__name__}")
    out: list[str] = []
    for title in titles:
        if not isinstance(title, str):
            raise SurveyTypeError(f"titles: every title must be text; got {title!r}")
        name = re.sub(r"\s+", " ", _SHEET_BAD.sub("", title)).strip().strip("'") or "table"
        name = name[:31].rstrip()
        base, k = name, 1
        while name.casefold() in {n.casefold() for n in out} or name.casefold() == "history":
            k += 1
            suffix = f" ({k})"
            name = base[: 31 - len(suffix)].rstrip() + suffix
        out.append(name)
    return out


def _slug(title: str, limit: int = 60) -> str:
    """A file-name form of a title that keeps its letters (Chinese too)."""
    return _FILE_BAD.sub("_", title).strip("._")[:limit] or "table"


def _frame(table, what: str = "table") -> pd.DataFrame:
    if isinstance(table, pd.Series):
        return table.to_frame()
    if not isinstance(table, pd.DataFrame):
        raise SurveyTypeError(f"{what}: must be a pandas DataFrame or Series; got {type(table).__name__}")
    return table


def _without_pii(table: pd.DataFrame, title: str, include_pii: bool) -> pd.DataFrame:
    """The table minus columns of personal data (the reader's own, or values that look like it)."""
    if include_pii or table.empty:
        return table
    flat = table.copy()
    flat.columns = [" ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in table.columns]
    marked = [str(c) for c in table.attrs.get("pii", [])]
    found = set(marked) | set(find_pii(flat, headers=False))
    drop = [c for c, f in zip(table.columns, flat.columns) if f in found]
    if not drop:
        return table
    warnings.warn(f"table {title!r}: column(s) {', '.join(map(repr, drop))} identify people and are not exported; "
                  "pass include_pii=True to write them", UserWarning, stacklevel=3)
    return table.drop(columns=drop)


def _keep_index(table: pd.DataFrame) -> bool:
    """Write the index unless it is the default 0, 1, 2, ... numbering."""
    index = table.index
    if isinstance(table.columns, pd.MultiIndex) or isinstance(index, pd.MultiIndex) or index.name is not None:
        return True
    return not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1)


def write_csv(table, path, *, title: str = "", include_pii: bool = False) -> Path:
    """Write ``table`` as CSV in UTF-8 with a byte-order mark (Excel opens it with Chinese intact).

    Parameters
    ----------
    table : DataFrame or Series
        Written unrounded; the index is written unless it is the default numbering.
    path : str or Path
        The ``.csv`` file (its folder is created; an existing file is replaced).
    title : str, default ""
        Named in the warning when a column of personal data is left out.
    include_pii : bool, default False
        Write columns that identify people too (those ``attrs["pii"]`` names, and values
        that are e-mail addresses, phone numbers or IP addresses; see
        :func:`sxm.io.find_pii`). Left out, they are named in a ``UserWarning``.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    SurveyTypeError
        ``table`` is not a DataFrame or Series.
    SurveyError
        The file cannot be written (open in Excel).

    See Also
    --------
    write_workbook : all tables in one Excel workbook.
    TableExport.table : writes a chapter's tables with this function.

    Examples
    --------
    >>> import tempfile
    >>> out = write_csv(pd.DataFrame({"满意度": [4.25, 3.5]}, index=["a", "b"]), Path(tempfile.mkdtemp()) / "t.csv")
    >>> out.read_bytes()[:3] == b"\\xef\\xbb\\xbf", pd.read_csv(out, index_col=0, encoding="utf-8-sig").iloc[0, 0]
    (True, np.float64(4.25))

    Personal data stay out unless asked for:

    >>> import warnings
    >>> answers = pd.DataFrame({"email": ["ann@x.com", "bob@y.org"], "nps": [10, 7]})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     out = write_csv(answers, Path(tempfile.mkdtemp()) / "answers.csv", title="Raw answers")
    >>> out.read_text(encoding="utf-8-sig").split(), str(caught[0].message)
    (['nps', '10', '7'], "table 'Raw answers': column(s) 'email' identify people and are not exported; pass include_pii=True to write them")
    """
    table = _without_pii(_frame(table), title, include_pii)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        table.to_csv(path, index=_keep_index(table), encoding="utf-8-sig")
    except PermissionError:
        raise SurveyError(f"{path}: cannot be written (open in Excel? close it and run again)") from None
    return path


def write_workbook(tables: dict, path, *, include_pii: bool = False) -> Path:
    """Write ``{title: table}`` into one Excel workbook: a sheet per table, named after its
    title (see :func:`sheet_names`), the title in cell A1 and the table from row 3, unrounded.

    Parameters
    ----------
    tables : dict of str to DataFrame or Series
        ``{title: table}``, in the order the sheets should have. Not modified.
    path : str or Path
        The ``.xlsx`` file (its folder is created; an existing file is replaced as a
        whole, so a reader never sees half a workbook).
    include_pii : bool, default False
        Write columns that identify people too (see :func:`write_csv`).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    SurveyTypeError
        ``tables`` is not a non-empty dict; a table is not a DataFrame or Series.
    SurveyError
        The file cannot be written (open in Excel).

    See Also
    --------
    write_csv : one table as CSV.
    sheet_names : the sheet names given to the titles.

    Examples
    --------
    >>> import tempfile
    >>> book = write_workbook({"CSAT by segment": pd.DataFrame({"est": [0.81234567]}, index=["airline"])},
    ...                       Path(tempfile.mkdtemp()) / "tables.xlsx")
    >>> sheet = pd.read_excel(book, sheet_name="CSAT by segment", header=None)
    >>> sheet.iloc[0, 0], sheet.iloc[3, 1]
    ('CSAT by segment', 0.81234567)
    """
    from openpyxl.styles import Font

    if not isinstance(tables, dict) or not tables:
        raise SurveyTypeError(f"tables: must be a non-empty dict of title -> DataFrame; got {type(tables).__name__}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    titles = list(tables)
    frames = [_without_pii(_frame(tables[t], f"tables[{t!r}]"), str(t), include_pii) for t in titles]
    names = sheet_names([str(t) for t in titles])
    tmp = path.with_name(f".{path.stem}.tmp.xlsx")
    with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        for title, frame, name in zip(titles, frames, names):
            frame.to_excel(writer, sheet_name=name, startrow=2, index=_keep_index(frame))
            sheet = writer.sheets[name]
            sheet["A1"] = str(title)
            sheet["A1"].font = Font(bold=True)
    try:
        tmp.replace(path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise SurveyError(f"{path}: cannot be written (open in Excel? close it and run again)") from None
    return path


def save_figure(figure, stem, *, dpi: int = 200) -> list[Path]:
    """Save a matplotlib figure (or the figure of an Axes) as ``stem.png`` and ``stem.svg``.

    The SVG has no date and fixed ids, so the same figure gives the same file.

    Parameters
    ----------
    figure : matplotlib Figure or Axes
        The figure to save (for an Axes, the figure it belongs to).
    stem : str or Path
        The file name without extension (its folder is created).
    dpi : int, default 200
        Resolution of the PNG.

    Returns
    -------
    list of Path
        The PNG and the SVG.

    Raises
    ------
    SurveyTypeError
        ``figure`` is not a matplotlib Figure or Axes.

    See Also
    --------
    TableExport.figure : saves a chapter's figures as they are drawn.

    Examples
    --------
    >>> import tempfile, matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> [p.suffix for p in save_figure(ax, Path(tempfile.mkdtemp()) / "figure_01")]
    ['.png', '.svg']
    >>> plt.close(fig)
    """
    import matplotlib
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(figure, Axes):
        figure = figure.figure
    if not isinstance(figure, Figure):
        raise SurveyTypeError(f"figure: must be a matplotlib Figure or Axes; got {type(figure).__name__}")
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, svg = stem.with_name(stem.name + ".png"), stem.with_name(stem.name + ".svg")
    figure.savefig(png, dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    with matplotlib.rc_context({"svg.hashsalt": "sxm"}):
        figure.savefig(svg, bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return [png, svg]


def _figure_title(figure) -> str:
    suptitle = getattr(figure, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        return suptitle.get_text()
    for ax in figure.axes:
        if ax.get_title():
            return ax.get_title()
    return ""


class TableExport:
    """Collects a chapter's tables and figures and writes them as they come.

    ``TableExport("out/tables")`` writes ``out/tables.xlsx`` and the folder ``out/tables/``.
    Every :meth:`table` call rewrites the workbook (a failing cell leaves the tables shown
    so far) and writes one CSV; a title recorded again replaces its table, so re-running a
    cell does not add a sheet. Files this class wrote earlier into the folder (``NN_*.csv``,
    ``figure_NN*.png``/``.svg``) are removed when it starts; other files are left alone.

    Parameters
    ----------
    path : str or Path
        The base path (``.xlsx`` is dropped when given; see :func:`export_path`).
    include_pii : bool, default False
        Write columns that identify people too (see :func:`write_csv`).

    Attributes
    ----------
    workbook : Path
        ``<path>.xlsx``.
    folder : Path
        ``<path>/``, for the CSV files and figures.
    tables : dict of str to DataFrame
        The tables recorded so far, by title, unrounded.
    n_figures : int
        How many figures were saved.

    Raises
    ------
    SurveyTypeError
        ``path`` is not a string or a Path.
    SurveyError
        ``path`` is empty.

    See Also
    --------
    sxm.nb.setup : creates one for a chapter with ``tables=``.
    write_workbook : all tables in one workbook, at once.

    Examples
    --------
    >>> import tempfile
    >>> export = TableExport(Path(tempfile.mkdtemp()) / "tables")
    >>> paths = export.table(pd.DataFrame({"nps": [12.3456]}, index=["cinema"]), "NPS by segment")
    >>> [p.name for p in paths]
    ['tables.xlsx', '01_NPS_by_segment.csv']
    """

    _FILES = re.compile(r"^(\d{2}_.*\.csv|figure_\d{2}.*\.(png|svg))$")

    def __init__(self, path, *, include_pii: bool = False):
        self.base = export_path(path)
        self.workbook = self.base.with_name(self.base.name + ".xlsx")
        self.folder = self.base
        self.include_pii = bool(include_pii)
        self.tables: dict[str, pd.DataFrame] = {}
        self._csv: dict[str, Path] = {}
        self._figures = weakref.WeakSet()
        self.n_figures = 0
        if self.folder.is_dir():
            for old in self.folder.iterdir():
                if self._FILES.match(old.name):
                    old.unlink()
        if self.workbook.exists():
            self.workbook.unlink()

    def table(self, table, title: str | None = None) -> list[Path]:
        """Record ``table`` (unrounded) under ``title``; rewrite the workbook, write its CSV.

        Parameters
        ----------
        table : DataFrame or Series
            The table, written unrounded. Not modified.
        title : str, optional
            The sheet's title (and name). Default ``None``: "Table k", k the number of
            tables recorded so far plus one. A title recorded again replaces its table
            (and its CSV file).

        Returns
        -------
        list of Path
            The workbook and the CSV file (``NN_title.csv``, NN the sheet's position).

        Raises
        ------
        SurveyTypeError
            ``table`` is not a DataFrame or Series; ``title`` is not non-empty text.
        SurveyError
            The workbook or the CSV file cannot be written (open in Excel).

        See Also
        --------
        sxm.nb.show : what a chapter calls.
        figure : the same for a figure.

        Examples
        --------
        >>> import tempfile
        >>> export = TableExport(Path(tempfile.mkdtemp()) / "tables")
        >>> [p.suffix for p in export.table(pd.DataFrame({"est": [0.5]}))]
        ['.xlsx', '.csv']
        """
        frame = _frame(table)
        require_frame(frame, name="table", min_rows=0)
        if title is None:
            title = f"Table {len(self.tables) + 1}"
        if not isinstance(title, str) or not title.strip():
            raise SurveyTypeError(f"title: must be non-empty text; got {title!r}")
        title = title.strip()
        self.tables[title] = frame.copy()
        position = list(self.tables).index(title) + 1
        csv = self.folder / f"{position:02d}_{_slug(title)}.csv"
        if title in self._csv and self._csv[title] != csv:
            self._csv[title].unlink(missing_ok=True)
        self._csv[title] = csv
        write_workbook(self.tables, self.workbook, include_pii=self.include_pii)
        write_csv(frame, csv, title=title, include_pii=self.include_pii)
        return [self.workbook, csv]

    def figure(self, figure, title: str | None = None) -> list[Path]:
        """Save a figure as PNG and SVG (once: a figure already saved is skipped).

        Parameters
        ----------
        figure : matplotlib Figure or Axes
            The figure to save (for an Axes, the figure it belongs to).
        title : str, optional
            For the file name. Default ``None``: the figure's own title (its suptitle,
            else the first Axes title), or none.

        Returns
        -------
        list of Path
            ``figure_NN_title.png`` and ``.svg``, or nothing when already saved.

        Raises
        ------
        SurveyTypeError
            ``figure`` is neither a Figure nor an Axes.

        See Also
        --------
        save_figure : one figure to PNG and SVG.
        figures_of_this_cell : every open figure not saved yet.
        table : the same for a table.

        Examples
        --------
        >>> import tempfile, matplotlib
        >>> matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> export = TableExport(Path(tempfile.mkdtemp()) / "tables")
        >>> fig, ax = plt.subplots()
        >>> [p.name for p in export.figure(ax, "NPS")], export.figure(fig)
        (['figure_01_NPS.png', 'figure_01_NPS.svg'], [])
        >>> plt.close(fig)
        """
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure

        if isinstance(figure, Axes):
            figure = figure.figure
        if not isinstance(figure, Figure):
            raise SurveyTypeError(f"figure: must be a matplotlib Figure or Axes; got {type(figure).__name__}")
        if figure in self._figures:
            return []
        self.n_figures += 1
        name = f"figure_{self.n_figures:02d}"
        title = title or _figure_title(figure)
        if title:
            name += "_" + _slug(title, 40)
        paths = save_figure(figure, self.folder / name)
        self._figures.add(figure)
        return paths

    def figures_of_this_cell(self) -> list[Path]:
        """Save every open figure not saved yet (called after each cell, before Jupyter closes them).

        Returns
        -------
        list of Path
            The files written.

        See Also
        --------
        figure : one figure.
        sxm.nb.setup : registers this method to run after every cell of a chapter.

        Examples
        --------
        >>> import tempfile, matplotlib
        >>> matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> plt.close("all")
        >>> export = TableExport(Path(tempfile.mkdtemp()) / "tables")
        >>> fig, ax = plt.subplots()
        >>> len(export.figures_of_this_cell()), len(export.figures_of_this_cell())
        (2, 0)
        >>> plt.close(fig)
        """
        import matplotlib.pyplot as plt

        paths = []
        for number in plt.get_fignums():
            paths += self.figure(plt.figure(number))
        return paths
