"""Find, parameterize and execute the chapter notebooks with papermill.

Parameters are read from each notebook's cell tagged ``parameters`` (literals only, one per
line, with a trailing ``# comment`` as the one-line help). Values given by the user are
checked against those names and the defaults' types *before* anything runs, because
papermill itself only logs a warning for an unknown name.
"""
from __future__ import annotations

import ast
import json
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
    name: str
    default: object
    help: str

    @property
    def type_name(self) -> str:
        return "any" if self.default is None else type(self.default).__name__


@dataclass
class Chapter:
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
    """Read one notebook's number, title and parameters."""
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
    """Every chapter notebook (``NN_name.ipynb``) of ``folder``, in order."""
    return [load_chapter(p) for p in _files(folder)]


def find(names, folder: Path | None = None) -> list[Chapter]:
    """Chapters named by number (``3``, ``03``, ``03b``), file name or path; all when empty.

    Only the notebooks named are read, so a notebook being edited elsewhere does not get
    in the way.
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
    """Convert a value given on the command line (a string) to the default's type."""
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
    """Validate ``values`` against the chapter's parameters; return them with their types."""
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

    Removes papermill's and the kernel's timing metadata, stderr streams (progress bars,
    timings), sets the ``python3`` kernelspec and gives every cell a stable id.
    """
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
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
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            for out in cell.outputs:
                out.get("metadata", {}).pop("execution", None)
    nbformat.validate(nb)
    text = json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    Path(path).write_text(text, encoding="utf-8")


@dataclass
class Outcome:
    chapter: Chapter
    output: Path
    status: str
    seconds: float
    message: str = ""
    tables: Path | None = None


def tables_path(base, chapter: Chapter, *, several: bool = False) -> Path:
    """Where a chapter's table export goes: ``base`` (``base.xlsx`` and the folder ``base/``),
    or ``base_NN`` for chapter NN when several chapters run at once.

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
    default parameters, so the stored outputs are always those of the defaults).

    ``tables`` (a path such as ``out/tables``) sets the chapter's ``TABLES`` parameter: every
    table it shows goes unrounded to ``out/tables.xlsx`` and ``out/tables/*.csv``, every
    figure to PNG and SVG in ``out/tables/`` (see :mod:`sxm.export`).
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
