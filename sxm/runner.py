"""Find, parameterize and execute the chapter notebooks with papermill.

Parameters are read from each notebook's cell tagged ``parameters`` (literals only, one per
line, with a trailing ``# comment`` as the one-line help). Values given by the user are
checked against those names and the defaults' types *before* anything runs, because
papermill itself only logs a warning for an unknown name.
"""
from __future__ import annotations

import ast
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .io import SurveyError

__all__ = [
    "NOTEBOOKS",
    "Chapter",
    "Parameter",
    "RunError",
    "Outcome",
    "load_chapter",
    "chapters",
    "find",
    "coerce",
    "check_parameters",
    "execute",
    "normalize",
    "tables_path",
]

#: the parameter through which a chapter turns table export on (``sxm.nb.setup(tables=TABLES)``)
TABLES = "TABLES"

#: the folder of the chapter notebooks (the repository's ``notebooks/``)
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

#: values ending like this are files, checked to exist before anything runs
_FILE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".sav", ".zsav", ".yaml", ".yml", ".json"}

_NAME = re.compile(r"^(\d+[a-z]?)_[a-z0-9_]+\.ipynb$")


class RunError(SurveyError):
    """A chapter could not be run: unknown chapter or parameter, bad value, failing cell."""


@dataclass(frozen=True)
class Parameter:
    """One parameter of a chapter: a line ``NAME = literal  # help`` of its parameters cell.

    Parameters
    ----------
    name : str
        The name, in capitals by convention (``N_BOOT``).
    default : object
        The literal default; its type is the type a value given on the command line is
        converted to (``None``: any type).
    help : str
        The trailing comment of the line (``""`` when there is none).

    Attributes
    ----------
    type_name : str
        The default's type name (``"int"``, ``"list"``, ...), ``"any"`` for a ``None`` default.

    See Also
    --------
    coerce : convert a value given as text to the default's type.
    load_chapter : reads a chapter's parameters.

    Examples
    --------
    >>> p = Parameter("N_BOOT", 300, "bootstrap resamples")
    >>> p.type_name, Parameter("DIMENSIONS", None, "").type_name
    ('int', 'any')
    """
    name: str
    default: object
    help: str

    @property
    def type_name(self) -> str:
        return "any" if self.default is None else type(self.default).__name__


@dataclass
class Chapter:
    """A chapter notebook: its number, file, title and parameters.

    Parameters
    ----------
    number : str
        The number of the file name (``"02"``, ``"03b"``); the file stem when the name does
        not follow ``NN_name.ipynb``.
    path : Path
        The notebook file.
    title : str
        The text of its first ``# `` heading (``""`` when there is none).
    parameters : dict of str to Parameter, default {}
        The parameters of its ``parameters`` cell, in the order of the cell.

    Attributes
    ----------
    name : str
        The file name (``"02_servqual.ipynb"``).

    See Also
    --------
    load_chapter : read one chapter from its notebook.
    find : chapters by number or file name.

    Examples
    --------
    >>> ch = find(["02"])[0]
    >>> ch.number, ch.name, ch.parameters["SEED"].default
    ('02', '02_servqual.ipynb', 2026)
    """
    number: str
    path: Path
    title: str
    parameters: dict[str, Parameter] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name


def _parameters_cell(nb) -> tuple[int, str] | None:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            return i, cell.source
    return None


def _read_parameters(source: str, where: str) -> dict[str, Parameter]:
    params: dict[str, Parameter] = {}
    tree = ast.parse(source)
    lines = source.splitlines()
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            raise RunError(f"{where}: the parameters cell may hold only 'NAME = literal' lines")
        name = node.targets[0].id
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise RunError(f"{where}: parameter {name!r} must have a literal default") from None
        last = lines[node.end_lineno - 1]
        help_text = last.split("#", 1)[1].strip() if "#" in last[node.end_col_offset:] else ""
        params[name] = Parameter(name, default, help_text)
    return params


def _title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def load_chapter(path: Path) -> Chapter:
    """Read one notebook's number, title and parameters.

    The parameters are the lines ``NAME = literal  # help`` of the code cell tagged
    ``parameters`` (none when the notebook has no such cell).

    Parameters
    ----------
    path : str or Path
        The notebook (``.ipynb``). Not modified.

    Returns
    -------
    Chapter
        Its number (from the file name ``NN_name.ipynb``, else the file stem), path, title (the
        first ``# `` heading of a markdown cell) and parameters.

    Raises
    ------
    RunError
        No such file; a parameters cell with something other than ``NAME = literal`` lines.

    See Also
    --------
    chapters : every chapter of a folder.
    find : chapters by number or file name.

    Examples
    --------
    >>> import tempfile, nbformat
    >>> folder = Path(tempfile.mkdtemp())
    >>> params = nbformat.v4.new_code_cell("SEED = 2026  # random seed\\nLEVEL = 0.95  # confidence level",
    ...                                    metadata={"tags": ["parameters"]})
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A toy chapter"), params]),
    ...                folder / "01_toy.ipynb")
    >>> ch = load_chapter(folder / "01_toy.ipynb")
    >>> ch.number, ch.title, list(ch.parameters)
    ('01', 'A toy chapter', ['SEED', 'LEVEL'])
    >>> ch.parameters["LEVEL"]
    Parameter(name='LEVEL', default=0.95, help='confidence level')
    """
    path = Path(path)
    if not path.is_file():
        raise RunError(f"notebook {str(path)!r}: no such file")
    nb = nbformat.read(path, as_version=4)
    found = _parameters_cell(nb)
    params = _read_parameters(found[1], path.name) if found else {}
    match = _NAME.match(path.name)
    number = match.group(1) if match else path.stem
    return Chapter(number=number, path=path, title=_title(nb), parameters=params)


def _files(folder: Path | None) -> list[Path]:
    folder = Path(folder) if folder is not None else NOTEBOOKS
    if not folder.is_dir():
        raise RunError(f"notebooks folder {str(folder)!r} does not exist")
    return [p for p in sorted(folder.glob("*.ipynb")) if _NAME.match(p.name)]


def _number(path: Path) -> str:
    return _NAME.match(path.name).group(1)


def chapters(folder: Path | None = None) -> list[Chapter]:
    """Every chapter notebook (``NN_name.ipynb``) of ``folder``, in order.

    Other notebooks of the folder (scratch copies, names without a number) are ignored.

    Parameters
    ----------
    folder : str or Path, optional
        The folder of the notebooks. Default ``None``: :data:`NOTEBOOKS`, the English
        edition (``sxm.editions.folder("zh")`` is the Chinese one).

    Returns
    -------
    list of Chapter
        In the order of the file names (``02`` before ``03`` before ``03b``).

    Raises
    ------
    RunError
        ``folder`` does not exist; a chapter cannot be read (see :func:`load_chapter`).

    See Also
    --------
    find : only the chapters named.
    load_chapter : one chapter.

    Examples
    --------
    >>> every = chapters()
    >>> every[0].name, "03b" in [ch.number for ch in every]
    ('01_experience_foundations.ipynb', True)
    """
    return [load_chapter(p) for p in _files(folder)]


def find(names, folder: Path | None = None) -> list[Chapter]:
    """Chapters named by number (``3``, ``03``, ``03b``), file name or path; all when empty.

    Only the notebooks named are read, so a notebook being edited elsewhere does not get
    in the way.

    Parameters
    ----------
    names : list of str
        Chapter numbers (``"3"``, ``"03"``, ``"03b"``), file stems (``"02_servqual"``), file
        names or paths of ``.ipynb`` files. Empty: every chapter of ``folder``.
    folder : str or Path, optional
        Where numbers and names are looked up. Default ``None``: :data:`NOTEBOOKS`.

    Returns
    -------
    list of Chapter
        In the order named, each once.

    Raises
    ------
    RunError
        An unknown chapter (the message lists the valid ones); ``folder`` does not exist.

    See Also
    --------
    chapters : every chapter of a folder.
    load_chapter : one notebook by its path.

    Examples
    --------
    >>> [ch.name for ch in find(["2", "03b"])]
    ['02_servqual.ipynb', '03b_pls_satisfaction_index.ipynb']
    >>> find(["99"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sxm.runner.RunError: unknown chapter '99'; the chapters are: 01 (01_experience_foundations), 02 (02_servqual), ...
    """
    files = _files(folder)
    if not names:
        return [load_chapter(p) for p in files]
    out: list[Path] = []
    for name in names:
        text = str(name)
        path = Path(text)
        if path.suffix == ".ipynb" and path.exists():
            hits = [path]
        else:
            key = path.name.removesuffix(".ipynb")
            hits = [p for p in files if key in (_number(p), p.stem) or (key.isdigit() and _number(p) == f"{int(key):02d}")]
        if not hits:
            valid = ", ".join(f"{_number(p)} ({p.stem})" for p in files)
            raise RunError(f"unknown chapter {text!r}; the chapters are: {valid}")
        out.extend(h for h in hits if h not in out)
    return [load_chapter(p) for p in out]


def coerce(param: Parameter, value):
    """Convert a value given on the command line (a string) to the default's type.

    Text is read as a Python literal (``"200"``, ``"[1, 5]"``, ``"{'a': 1}"``); a bool
    parameter also takes ``true``/``false``, ``yes``/``no``, ``1``/``0``; a float parameter
    takes a whole number; a list parameter a tuple. A string parameter keeps the text as it
    is. Values that are not strings (from a YAML file or Python) are checked, not parsed.

    Parameters
    ----------
    param : Parameter
        The parameter, whose default gives the type.
    value : object
        The value given: text from the command line, or a value from a YAML file.

    Returns
    -------
    object
        The value in the default's type (any type when the default is ``None``; ``None``
        stays ``None``).

    Raises
    ------
    RunError
        The value does not fit the default's type (the message names the parameter, the
        expected type, the default and the value).

    See Also
    --------
    check_parameters : coerces and checks every value given for a chapter.

    Examples
    --------
    >>> coerce(Parameter("N_BOOT", 300, ""), "200"), coerce(Parameter("LEVEL", 0.95, ""), "1")
    (200, 1.0)
    >>> coerce(Parameter("REVERSE", False, ""), "yes"), coerce(Parameter("SCALE", [1, 7], ""), "(1, 5)")
    (True, [1, 5])
    >>> coerce(Parameter("DATA", "demo", ""), "2026")
    '2026'
    >>> coerce(Parameter("N_BOOT", 300, ""), "2.5")
    Traceback (most recent call last):
    ...
    sxm.runner.RunError: parameter N_BOOT: expects int (default 300); got '2.5'
    """
    default = param.default
    if not isinstance(value, str) or isinstance(default, str):
        raw = value
    elif isinstance(default, bool):
        low = value.strip().lower()
        if low not in {"true", "false", "1", "0", "yes", "no"}:
            raise RunError(f"parameter {param.name}: expects True or False; got {value!r}")
        raw = low in {"true", "1", "yes"}
    else:
        try:
            raw = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            raw = value
    if default is None or raw is None:
        return raw
    if isinstance(default, bool) != isinstance(raw, bool):
        raise RunError(f"parameter {param.name}: expects {param.type_name} (default {default!r}); got {value!r}")
    if isinstance(default, float) and isinstance(raw, int):
        return float(raw)
    if isinstance(default, (list, tuple)) and isinstance(raw, (list, tuple)):
        return list(raw)
    if not isinstance(raw, type(default)):
        raise RunError(f"parameter {param.name}: expects {param.type_name} (default {default!r}); got {value!r}")
    return raw


def check_parameters(chapter: Chapter, values: dict) -> dict:
    """Validate ``values`` against the chapter's parameters; return them with their types.

    Everything is checked before anything runs, because papermill only logs a warning for
    an unknown name. A value that names a file (``.csv``, ``.xlsx``, ``.sav``, ``.yaml``,
    ...) must exist and becomes an absolute path, as does the ``TABLES`` path, so the
    chapter finds them wherever it runs.

    Parameters
    ----------
    chapter : Chapter
        The chapter to run.
    values : dict of str to object
        ``{NAME: value}`` given by the user (text from the command line, or values).

    Returns
    -------
    dict of str to object
        The values converted with :func:`coerce`, file paths made absolute.

    Raises
    ------
    RunError
        An unknown parameter (the message lists the valid ones); a value of the wrong type;
        a file that does not exist.

    See Also
    --------
    coerce : the conversion of one value.
    execute : checks the values with this function, then runs the chapter.

    Examples
    --------
    >>> kano = find(["04"])[0]
    >>> check_parameters(kano, {"N_BOOT": "200", "REVERSE": "true", "SEED": 7})
    {'N_BOOT': 200, 'REVERSE': True, 'SEED': 7}
    >>> check_parameters(kano, {"N_BOOTS": "200"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sxm.runner.RunError: 04_kano.ipynb: unknown parameter 'N_BOOTS'; valid parameters are: DATA, ..., N_BOOT, ...
    """
    unknown = [k for k in values if k not in chapter.parameters]
    if unknown:
        valid = ", ".join(chapter.parameters) or "(none)"
        raise RunError(f"{chapter.name}: unknown parameter {unknown[0]!r}; valid parameters are: {valid}")
    out = {}
    for key, value in values.items():
        value = coerce(chapter.parameters[key], value)
        if key == TABLES and isinstance(value, str) and value.strip():
            out[key] = str(Path(value).resolve())  # an output path, relative to where sxm was called
            continue
        if isinstance(value, str) and Path(value).suffix.lower() in _FILE_SUFFIXES:
            if not Path(value).exists():
                raise RunError(
                    f"parameter {key}: no such file {value!r} (rule: a bundled data set name or an existing file; "
                    f"relative paths are read from {Path.cwd()})"
                )
            value = str(Path(value).resolve())  # a user's file, relative to where sxm was called
        out[key] = value
    return out


def normalize(path: Path) -> None:
    """Strip volatile metadata so that re-running with the same inputs changes nothing.

    Removes papermill's and the kernel's timing metadata, widget state and stderr streams
    (progress bars, timings), joins consecutive stdout chunks into one output, sets the
    ``python3`` kernelspec and gives every cell a stable
    id (``cell-NNN`` for a missing, invalid or repeated one). The file is written exactly as
    JupyterLab saves a notebook (``nbformat.write``: sorted keys, one-space indent,
    ``source`` and text outputs as lists of lines, the kernel's full ``language_info``, a
    final newline), so that opening and saving an unchanged notebook in JupyterLab leaves
    ``git diff`` empty (``tests/test_lab.py`` checks it through a Jupyter server).

    Parameters
    ----------
    path : str or Path
        The notebook, rewritten in place.

    Raises
    ------
    FileNotFoundError
        No such file.
    nbformat.ValidationError
        The result is not a valid notebook.

    See Also
    --------
    execute : calls it after an ``inplace`` run.

    Examples
    --------
    >>> import tempfile, nbformat
    >>> path = Path(tempfile.mkdtemp()) / "01_toy.ipynb"
    >>> cell = nbformat.v4.new_code_cell("print(1)", outputs=[
    ...     nbformat.v4.new_output("stream", name="stderr", text="100%|##########| 300/300"),
    ...     nbformat.v4.new_output("stream", name="stdout", text="1\\n")])
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[cell], metadata={"papermill": {"duration": 1.5}}), path)
    >>> normalize(path)
    >>> nb = nbformat.read(path, as_version=4)
    >>> [o.name for o in nb.cells[0].outputs], nb.metadata.kernelspec.name, "papermill" in nb.metadata
    (['stdout'], 'python3', False)
    """
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata.setdefault("language_info", {"name": "python"})
    nb.nbformat_minor = max(nb.nbformat_minor, 5)
    seen = set()
    for i, cell in enumerate(nb.cells):
        for key in ("papermill", "execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        cid = cell.get("id")
        if not cid or cid in seen or not re.fullmatch(r"[a-zA-Z0-9-_]{1,64}", cid):
            cid = f"cell-{i:03d}"
        cell["id"] = cid
        seen.add(cid)
        if cell.cell_type == "code":
            kept = []
            for o in cell.outputs:
                if o.get("output_type") == "stream" and o.get("name") == "stderr":
                    continue
                # one print may arrive in several chunks: one stream output, as on every run
                if (o.get("output_type") == "stream" and kept and kept[-1].get("output_type") == "stream"
                        and kept[-1].get("name") == o.get("name")):
                    kept[-1]["text"] += o["text"]
                    continue
                kept.append(o)
            cell.outputs = kept
            for out in cell.outputs:
                out.get("metadata", {}).pop("execution", None)
    nbformat.validate(nb)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        nbformat.write(nb, fh)


@dataclass
class Outcome:
    """What :func:`execute` did with one chapter.

    Parameters
    ----------
    chapter : Chapter
        The chapter executed.
    output : Path
        The executed notebook (kept when a cell failed, executed up to that cell).
    status : {"ok", "failed"}
        Whether every cell ran.
    seconds : float
        Wall-clock time of the execution.
    message : str, default ""
        Which cell failed, with the error's type and first line (``""`` when ``"ok"``).
    tables : Path or None, default None
        The workbook the chapter's table export wrote (``out/tables.xlsx``), when export was
        on.

    See Also
    --------
    execute : returns it.

    Examples
    --------
    >>> ch = Chapter("01", Path("01_toy.ipynb"), "A toy chapter")
    >>> o = Outcome(ch, Path("build/01_toy.ipynb"), "failed", 2.5, "01_toy.ipynb: cell 3 (index 2) failed: ValueError: bad")
    >>> o.status, o.message.split(": ", 1)[1]
    ('failed', 'cell 3 (index 2) failed: ValueError: bad')
    """
    chapter: Chapter
    output: Path
    status: str
    seconds: float
    message: str = ""
    tables: Path | None = None


def tables_path(base, chapter: Chapter, *, several: bool = False) -> Path:
    """Where a chapter's table export goes: ``base`` (``base.xlsx`` and the folder ``base/``),
    or ``base_NN`` for chapter NN when several chapters run at once.

    Parameters
    ----------
    base : str or Path
        What the user gave with ``--tables`` (``out/tables`` or ``out/tables.xlsx``).
    chapter : Chapter
        The chapter; it must have a ``TABLES`` parameter.
    several : bool, default False
        Whether several chapters run at once (each then gets its own ``base_NN``).

    Returns
    -------
    Path
        The export's base path, without ``.xlsx``.

    Raises
    ------
    RunError
        The chapter has no ``TABLES`` parameter.
    SurveyTypeError
        ``base`` is not a path.
    SurveyError
        ``base`` is empty.

    See Also
    --------
    sxm.export.export_path : the base path of one export.
    execute : its ``tables`` argument goes through this function.

    Examples
    --------
    >>> ch = Chapter("03b", Path("03b_pls.ipynb"), "PLS", {"TABLES": Parameter("TABLES", "", "")})
    >>> tables_path("out/tables.xlsx", ch).as_posix(), tables_path("out/tables", ch, several=True).as_posix()
    ('out/tables', 'out/tables_03b')
    """
    from .export import export_path

    if TABLES not in chapter.parameters:
        raise RunError(
            f"{chapter.name}: has no {TABLES} parameter, so it cannot export its tables yet (rule: a chapter "
            f"exports with a parameter {TABLES} = \"\" and sxm.nb.setup(..., tables={TABLES}))"
        )
    base = export_path(base)
    return base.with_name(f"{base.name}_{chapter.number}") if several else base


def execute(chapter: Chapter, parameters: dict | None = None, *, out_dir: Path | None = None,
            inplace: bool = False, kernel_name: str = "python3", timeout: int = 600, tables=None) -> Outcome:
    """Execute one chapter with papermill.

    Writes the executed notebook to ``out_dir`` (the partially executed notebook is kept
    there when a cell fails), or over the chapter's own file when ``inplace`` (only with
    default parameters, so the stored outputs are always those of the defaults). The chapter
    runs in the folder it is written to, so relative paths it writes land there; the values
    are checked with :func:`check_parameters` before the kernel starts.

    ``tables`` (a path such as ``out/tables``) sets the chapter's ``TABLES`` parameter: every
    table it shows goes unrounded to ``out/tables.xlsx`` and ``out/tables/*.csv``, every
    figure to PNG and SVG in ``out/tables/`` (see :mod:`sxm.export`).

    Parameters
    ----------
    chapter : Chapter
        The chapter to run.
    parameters : dict of str to object, optional
        ``{NAME: value}`` (text as on the command line, or values). Default ``None``: the
        chapter's defaults.
    out_dir : str or Path, optional
        The folder for the executed notebook (created). Default ``None``: ``build`` in the
        current folder. Must not be the chapter's own folder.
    inplace : bool, default False
        Overwrite the chapter's file with the executed notebook, normalized with
        :func:`normalize` (no ``parameters``, no ``tables``).
    kernel_name : str, default "python3"
        The Jupyter kernel.
    timeout : int, default 600
        Seconds one cell may run before it fails.
    tables : str or Path, optional
        Turn the chapter's table export on, into this base path (see :func:`tables_path`).
        Default ``None``: the chapter's ``TABLES`` parameter as given (off by default).

    Returns
    -------
    Outcome
        ``status`` ``"ok"`` or ``"failed"`` (a failing cell is reported here, not raised),
        the executed notebook, the time taken, the error's first line and the workbook.

    Raises
    ------
    RunError
        An unknown parameter or a bad value; ``inplace`` with parameters or with ``tables``;
        ``out_dir`` is the notebooks folder; a chapter without a ``TABLES`` parameter given
        ``tables``.

    See Also
    --------
    check_parameters : what is checked before anything runs.
    find : the chapters to execute.
    sxm.cli.main : the ``sxm run`` command, which calls this function.

    Examples
    --------
    A toy chapter in a temporary folder, run with ``SEED = 7``:

    >>> import tempfile, nbformat
    >>> folder = Path(tempfile.mkdtemp())
    >>> params = nbformat.v4.new_code_cell("SEED = 2026  # random seed", metadata={"tags": ["parameters"]})
    >>> nb = nbformat.v4.new_notebook(cells=[params, nbformat.v4.new_code_cell("print('seed', SEED)")],
    ...                               metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
    ...                                                        "language": "python"}})
    >>> nbformat.write(nb, folder / "01_toy.ipynb")
    >>> outcome = execute(find(["01"], folder)[0], {"SEED": "7"}, out_dir=folder / "out")
    >>> outcome.status, outcome.output.relative_to(folder).as_posix()
    ('ok', 'out/01_toy.ipynb')
    >>> nbformat.read(outcome.output, as_version=4).cells[-1].outputs[0].text
    'seed 7\\n'
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    parameters = dict(parameters or {})
    if tables is not None:
        if inplace:
            raise RunError("--tables writes files beside an executed notebook; it cannot be combined with --inplace "
                           "(which rewrites the stored outputs): use --out")
        parameters[TABLES] = str(tables_path(tables, chapter))
    parameters = check_parameters(chapter, parameters)
    if inplace:
        if parameters:
            raise RunError("--inplace rewrites the stored outputs, which must come from the default parameters; "
                           "drop -p/-f or write elsewhere with --out")
        output = chapter.path
        cwd = chapter.path.parent
    else:
        out_dir = Path(out_dir if out_dir is not None else "build").resolve()
        if out_dir == chapter.path.parent.resolve():
            raise RunError(f"--out {out_dir} is the notebooks folder: use --inplace to overwrite stored outputs")
        out_dir.mkdir(parents=True, exist_ok=True)
        output = out_dir / chapter.name
        cwd = out_dir
    start = time.perf_counter()
    try:
        pm.execute_notebook(
            str(chapter.path), str(output), parameters=parameters, cwd=str(cwd), kernel_name=kernel_name,
            progress_bar=False, log_output=False, execution_timeout=timeout, report_mode=False,
            # the kernel's loopback-only TCP warning is noise in every run's log
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except PapermillExecutionError as err:
        seconds = time.perf_counter() - start
        first = (err.evalue or "").strip().splitlines()
        msg = f"{chapter.name}: cell {err.exec_count} (index {err.cell_index}) failed: {err.ename}: {first[0] if first else ''}"
        return Outcome(chapter, output, "failed", seconds, msg, _tables(parameters))
    seconds = time.perf_counter() - start
    if inplace:
        normalize(output)
    return Outcome(chapter, output, "ok", seconds, tables=_tables(parameters))


def _tables(parameters: dict) -> Path | None:
    from .export import export_path

    value = parameters.get(TABLES)
    if not value:
        return None
    base = export_path(value)
    return base.with_name(base.name + ".xlsx")
