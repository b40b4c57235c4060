"""The Chinese edition of the chapters, built from the English notebooks.

One source, two editions (as d2l.ai does it): ``notebooks/zh/NN_name.ipynb`` is *generated*
from ``notebooks/NN_name.ipynb``:

* code cells are the English code cells, with the same ids, sources and tags; the
  parameters cell differs only in ``LANG = "zh"``;
* each markdown cell is replaced by its translation from
  ``notebooks/zh/translations/NN_name.yaml``, a mapping ``cell id -> {source, zh}``
  where ``zh`` is the Chinese markdown and ``source`` the hash (:func:`source_hash`) of
  the English markdown it translates. When the English cell changes, the hash no longer
  matches and the translation is *stale*.

:func:`build` writes the Chinese notebook (keeping the stored outputs of code cells that
did not change); ``sxm run --inplace --lang zh`` (``make zh``) builds and then executes
it. :func:`check` lists what is missing, stale or left over; ``tests/test_i18n.py`` fails
on any of it, naming the cell and showing the English text. ``python -m sxm.editions``
prints the same report. The scheme is described in ``docs/translating.md``.
"""
from __future__ import annotations

import copy
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import runner
from .i18n import check_lang
from .io import SurveyError, SurveyTypeError

__all__ = ["folder", "translation_path", "source_hash", "load_translations", "check", "zh_parameters", "build", "main",
           "Report"]

#: length of the hex digest kept in the translation files
HASH_LENGTH = 12

_LANG_LINE = re.compile(r'^LANG = "en"(?P<rest>.*)$', re.MULTILINE)


def folder(lang: str = "en") -> Path:
    """The folder of the notebooks of one edition: ``notebooks/`` or ``notebooks/zh/``.

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"
        The edition.

    Returns
    -------
    Path
        :data:`sxm.runner.NOTEBOOKS` for English, its subfolder ``zh`` for Chinese.

    Raises
    ------
    SurveyTypeError
        ``lang`` is not a string.
    SurveyError
        ``lang`` is not ``"en"`` or ``"zh"``.

    See Also
    --------
    translation_path : where the translation of one chapter is kept.
    sxm.runner.chapters : the chapters of a folder.

    Examples
    --------
    >>> folder("en") == runner.NOTEBOOKS, folder("zh").relative_to(folder("en")).as_posix()
    (True, 'zh')
    """
    return runner.NOTEBOOKS if check_lang(lang) == "en" else runner.NOTEBOOKS / "zh"


def translation_path(english) -> Path:
    """The translation file of an English chapter (a path or a file stem such as ``02_servqual``).

    Parameters
    ----------
    english : str or Path
        The English chapter: its path, file name or file stem (only the stem is used).

    Returns
    -------
    Path
        ``notebooks/zh/translations/<stem>.yaml`` (which need not exist).

    Raises
    ------
    SurveyTypeError
        ``english`` is not a string or a Path.

    See Also
    --------
    load_translations : read that file.
    folder : the folders of the two editions.

    Examples
    --------
    >>> translation_path("02_servqual").relative_to(folder("en")).as_posix()
    'zh/translations/02_servqual.yaml'
    >>> translation_path(folder("en") / "02_servqual.ipynb") == translation_path("02_servqual")
    True
    """
    if not isinstance(english, (str, Path)):
        raise SurveyTypeError(f"english: must be the path or file stem of an English chapter; got {english!r}")
    stem = Path(english).stem
    return folder("zh") / "translations" / f"{stem}.yaml"


def _normalized(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def source_hash(text: str) -> str:
    """Hash of an English markdown cell, as stored in the translation files.

    Trailing spaces and blank lines at the ends do not count; every other change does.

    Parameters
    ----------
    text : str
        The markdown of the English cell.

    Returns
    -------
    str
        The first :data:`HASH_LENGTH` (12) hex digits of the SHA-256 of the normalized text
        (UTF-8): the ``source`` a translation file stores for the cell.

    Raises
    ------
    SurveyTypeError
        ``text`` is not a string (e.g. the list of lines of a cell: join them first).

    See Also
    --------
    check : finds the translations whose ``source`` no longer matches.
    load_translations : reads the stored hashes.

    Examples
    --------
    >>> source_hash("## 1. Quality as a gap") == source_hash("## 1. Quality as a gap  \\n")
    True
    >>> source_hash("## 1. Quality as a gap") == source_hash("## 1. Quality as gaps")
    False
    >>> len(source_hash("text"))
    12
    """
    if not isinstance(text, str):
        raise SurveyTypeError(f"text: must be the markdown of a cell (a string); got {type(text).__name__}")
    return hashlib.sha256(_normalized(text).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def load_translations(english) -> dict[str, dict[str, str]]:
    """Read the translation file of an English chapter: ``{cell id: {"source": hash, "zh": text}}``.

    A chapter without a file has no translations (an empty dict). Trailing line breaks of
    the Chinese text are dropped.

    Parameters
    ----------
    english : str or Path
        The English chapter: its path, file name or file stem (see :func:`translation_path`).

    Returns
    -------
    dict of str to dict
        ``{cell id: {"source": hash of the English text translated, "zh": Chinese markdown}}``,
        in the order of the file.

    Raises
    ------
    SurveyTypeError
        ``english`` is not a string or a Path.
    SurveyError
        The file is not a mapping of cell ids, or an entry lacks a ``source`` string (in
        quotes: an unquoted hash of digits reads as a number) or a ``zh`` text.

    See Also
    --------
    translation_path : the file read.
    source_hash : the hash stored as ``source``.
    check : compares the translations with the English chapter.

    Examples
    --------
    >>> entries = load_translations("02_servqual")
    >>> sorted(next(iter(entries.values()))), all(len(e["source"]) == 12 for e in entries.values())
    (['source', 'zh'], True)
    >>> load_translations("99_no_such_chapter")
    {}
    """
    import yaml

    path = translation_path(english)
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise SurveyError(f"{path.name}: must map cell ids to {{source: hash, zh: text}}; got {type(data).__name__}")
    out = {}
    for cid, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("zh"), str) or not isinstance(entry.get("source"), str):
            raise SurveyError(f"{path.name}: entry {cid!r} must have a 'source' hash in quotes (source: \"3f2a...\") "
                              f"and a 'zh' text; got {entry!r}")
        out[str(cid)] = {"source": entry["source"], "zh": entry["zh"].rstrip("\n")}
    return out


def _text(cell) -> str:
    return "".join(cell.source) if isinstance(cell.source, list) else cell.source


@dataclass
class Report:
    """What stands between an English chapter and a complete, current translation.

    ``str(report)`` is the readable report (``python -m sxm.editions`` prints it): each
    missing or stale cell with its English text, each orphan with what to do.

    Parameters
    ----------
    chapter : str
        The English notebook's file name.
    missing : list of (str, str), default []
        ``(cell id, English text)`` of markdown cells without a translation.
    stale : list of (str, str), default []
        ``(cell id, current English text)`` of cells whose translation was made for another
        text.
    orphans : list of str, default []
        Ids of translations of cells the chapter no longer has.

    Attributes
    ----------
    ok : bool
        True when ``missing``, ``stale`` and ``orphans`` are all empty.

    See Also
    --------
    check : makes one.
    build : returns one with the Chinese notebook.

    Examples
    --------
    >>> report = Report("02_servqual.ipynb", missing=[("intro", "# Chapter 2\\nService quality")], orphans=["old"])
    >>> report.ok
    False
    >>> print(report)
    02_servqual.ipynb: cell intro has no translation; the English text is:
        | # Chapter 2
        | Service quality
    02_servqual.ipynb: translation of cell old, which the English chapter no longer has: remove it
    >>> print(Report("02_servqual.ipynb"))
    02_servqual.ipynb: translation complete and current
    """

    chapter: str
    missing: list[tuple[str, str]] = field(default_factory=list)  # (cell id, English text)
    stale: list[tuple[str, str]] = field(default_factory=list)  # (cell id, current English text)
    orphans: list[str] = field(default_factory=list)  # translated ids no longer in the chapter

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.orphans)

    def __str__(self) -> str:
        lines = []
        for cid, en in self.missing:
            lines.append(f"{self.chapter}: cell {cid} has no translation; the English text is:\n{_indent(en)}")
        for cid, en in self.stale:
            lines.append(f"{self.chapter}: the translation of cell {cid} is stale (the English text changed since; "
                         f"update 'zh' and set 'source: {source_hash(en)}'); the English text is now:\n{_indent(en)}")
        for cid in self.orphans:
            lines.append(f"{self.chapter}: translation of cell {cid}, which the English chapter no longer has: remove it")
        return "\n".join(lines) if lines else f"{self.chapter}: translation complete and current"


def _indent(text: str) -> str:
    return "\n".join("    | " + line for line in text.splitlines())


def _read(path: Path):
    import nbformat

    path = Path(path)
    if not path.exists():
        raise SurveyError(f"chapter {str(path)!r} does not exist")
    return nbformat.read(path, as_version=4)


def check(english) -> Report:
    """Compare an English chapter with its translation file.

    Parameters
    ----------
    english : str or Path
        The English notebook (``notebooks/NN_name.ipynb``). Not modified.

    Returns
    -------
    Report
        ``missing`` (markdown cells without a translation), ``stale`` (translations whose
        ``source`` hash no longer matches the English cell), ``orphans`` (translations of
        cells the chapter no longer has); ``ok`` when all three are empty.

    Raises
    ------
    SurveyError
        The notebook does not exist; a malformed translation file (see
        :func:`load_translations`).

    See Also
    --------
    build : writes the Chinese notebook, with this report.
    load_translations : the translations compared.
    source_hash : how a changed English cell is recognized.

    Examples
    --------
    A toy English chapter in a temporary folder, which no translation file covers:

    >>> import tempfile, nbformat
    >>> english = Path(tempfile.mkdtemp()) / "99_toy.ipynb"
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("# A toy chapter", id="title"),
    ...     nbformat.v4.new_code_cell("x = 1", id="code")]), english)
    >>> report = check(english)
    >>> report.ok, report.missing
    (False, [('title', '# A toy chapter')])
    """
    nb = _read(english)
    translations = load_translations(english)
    report = Report(Path(english).name)
    ids = set()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        cid, en = cell.get("id"), _text(cell)
        ids.add(cid)
        entry = translations.get(cid)
        if entry is None:
            report.missing.append((cid, en))
        elif entry["source"] != source_hash(en):
            report.stale.append((cid, en))
    report.orphans = [cid for cid in translations if cid not in ids]
    return report


def zh_parameters(source: str, where: str = "the parameters cell") -> str:
    """The Chinese edition's parameters cell: the English one with ``LANG = "zh"``.

    Every other line, and the comment of the ``LANG`` line, stay as they are.

    Parameters
    ----------
    source : str
        The English parameters cell, with exactly one line ``LANG = "en"`` (optionally
        followed by a comment).
    where : str, default "the parameters cell"
        Where the cell is, for the message (``build`` names the chapter and the cell).

    Returns
    -------
    str
        The cell's source with ``LANG = "zh"``.

    Raises
    ------
    SurveyError
        The cell has no line ``LANG = "en"``, or more than one.

    See Also
    --------
    build : uses it for the parameters cell of every Chinese chapter.
    sxm.nb.setup : takes the ``LANG`` parameter.

    Examples
    --------
    >>> print(zh_parameters('SEED = 2026  # random seed\\nLANG = "en"  # language of the figures'))
    SEED = 2026  # random seed
    LANG = "zh"  # language of the figures
    >>> zh_parameters("SEED = 2026")
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: the parameters cell: needs one line LANG = "en" (the language parameter passed to sxm.nb.setup)
    """
    if len(_LANG_LINE.findall(source)) != 1:
        raise SurveyError(f'{where}: needs one line LANG = "en" (the language parameter passed to sxm.nb.setup)')
    return _LANG_LINE.sub(lambda m: f'LANG = "zh"{m.group("rest")}', source)


def build(english, *, strict: bool = False) -> tuple[Path, Report]:
    """Write the Chinese notebook of an English chapter; return its path and the :func:`check` report.

    Code cells are copied from the English chapter (``LANG = "zh"`` in the parameters
    cell); a code cell whose id and source are unchanged keeps the outputs stored in the
    existing Chinese notebook, every other one is left unexecuted for ``sxm run --inplace
    --lang zh`` to run. Markdown cells take their translation; a stale one is used as it
    is, a missing one falls back to the English text under a visible note, so the edition
    can be built (and read) while the translation catches up. The test suite fails on
    both. The notebook is written to :func:`folder` ``("zh")`` under the English file name
    and normalized with :func:`sxm.runner.normalize`.

    Parameters
    ----------
    english : str or Path
        The English notebook. Not modified.
    strict : bool, default False
        Refuse to build (``SurveyError`` listing the problems) when the translation is
        missing, stale or has orphans.

    Returns
    -------
    target : Path
        The Chinese notebook written (``notebooks/zh/NN_name.ipynb``).
    report : Report
        What :func:`check` found.

    Raises
    ------
    SurveyError
        The English notebook does not exist; its parameters cell has no line
        ``LANG = "en"``; a malformed translation file; with ``strict``, an incomplete or
        stale translation.

    See Also
    --------
    check : the report alone, writing nothing.
    zh_parameters : the parameters cell of the Chinese edition.
    main : ``python -m sxm.editions build`` for every chapter.

    Examples
    --------
    The edition folder is the repository's ``notebooks/zh/``; here a temporary folder
    stands in for ``notebooks/``, with a toy chapter and its translation file:

    >>> import tempfile, nbformat
    >>> from unittest import mock
    >>> root = Path(tempfile.mkdtemp())
    >>> params = nbformat.v4.new_code_cell('LANG = "en"  # language', id="params", metadata={"tags": ["parameters"]})
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A toy chapter", id="title"),
    ...                                                params]), root / "99_toy.ipynb")
    >>> (root / "zh" / "translations").mkdir(parents=True)
    >>> _ = (root / "zh" / "translations" / "99_toy.yaml").write_text(
    ...     f'title:\\n  source: "{source_hash("# A toy chapter")}"\\n  zh: "# 一个示例章节"\\n', encoding="utf-8")
    >>> with mock.patch.object(runner, "NOTEBOOKS", root):
    ...     target, report = build(root / "99_toy.ipynb", strict=True)
    >>> target.relative_to(root).as_posix(), report.ok
    ('zh/99_toy.ipynb', True)
    >>> [cell.source for cell in nbformat.read(target, as_version=4).cells]
    ['# 一个示例章节', 'LANG = "zh"  # language']
    """
    import nbformat

    english = Path(english)
    nb = _read(english)
    report = check(english)
    if strict and not report.ok:
        raise SurveyError(str(report))
    translations = load_translations(english)
    target = folder("zh") / english.name
    old = {}
    if target.exists():
        old = {c.get("id"): c for c in nbformat.read(target, as_version=4).cells if c.cell_type == "code"}
    out = copy.deepcopy(nb)
    for cell in out.cells:
        cid = cell.get("id")
        if cell.cell_type == "markdown":
            entry = translations.get(cid)
            if entry is None:
                cell.source = "> **（本节尚未翻译，以下为英文原文。）**\n\n" + _text(cell)
            else:
                cell.source = entry["zh"]
        elif cell.cell_type == "code":
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                cell.source = zh_parameters(_text(cell), f"{english.name}, cell {cid}")
            previous = old.get(cid)
            if previous is not None and _text(previous) == _text(cell):
                cell.outputs = previous.outputs
                cell.execution_count = previous.execution_count
            else:
                cell.outputs = []
                cell.execution_count = None
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(out, target)
    runner.normalize(target)
    return target, report


def main(argv=None) -> int:
    """``python -m sxm.editions [build] [chapters...]``: report (and build) the Chinese edition.

    ``status`` (the default) prints the :func:`check` report of every chapter named (all
    when none is); ``build`` also rewrites their Chinese notebooks with :func:`build`,
    without executing them (``sxm run --inplace --lang zh`` does that).

    Parameters
    ----------
    argv : list of str, optional
        The arguments: ``["status"]``, ``["build", "02", "04"]``, ... Default ``None``: the
        command line (``sys.argv[1:]``).

    Returns
    -------
    int
        ``0`` when every translation is complete and current, ``1`` otherwise, ``2`` for
        an unknown chapter (the message goes to stderr, as ``sxm`` does).

    Raises
    ------
    SurveyError
        Anything :func:`build` or :func:`check` raises.
    SystemExit
        From argparse: ``--help`` (status 0), an unknown action or option (status 2).

    See Also
    --------
    check : the report of one chapter.
    build : the Chinese notebook of one chapter.
    sxm.cli.main : ``sxm run --inplace --lang zh`` builds and executes the edition.

    Examples
    --------
    >>> status = main(["status", "02"])  # doctest: +ELLIPSIS
    02_servqual.ipynb: ...
    """
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sxm.editions",
                                     description="State of the Chinese edition; 'build' regenerates it (without running).")
    parser.add_argument("action", nargs="?", choices=["status", "build"], default="status")
    parser.add_argument("chapters", nargs="*", help="chapter numbers (02, 03b) or file names; all when omitted")
    args = parser.parse_args(argv)
    try:
        chapters = runner.find(args.chapters, folder("en"))
    except SurveyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    bad = 0
    for chapter in chapters:
        if args.action == "build":
            _, report = build(chapter.path)
        else:
            report = check(chapter.path)
        bad += not report.ok
        print(report)
    return 1 if bad else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
