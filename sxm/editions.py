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
from dataclasses import dataclass, field
from pathlib import Path

from . import runner
from .i18n import check_lang
from .io import SurveyError, SurveyTypeError

__all__ = ["folder", "translation_path", "source_hash", "load_translations", "check", "build", "Report"]

#: length of the hex digest kept in the translation files
HASH_LENGTH = 12

_LANG_LINE = re.compile(r'^LANG = "en"(?P<rest>.*)$', re.MULTILINE)


def folder(lang: str = "en") -> Path:
    """The folder of the notebooks of one edition: ``notebooks/`` or ``notebooks/zh/``."""
    return runner.NOTEBOOKS if check_lang(lang) == "en" else runner.NOTEBOOKS / "zh"


def translation_path(english) -> Path:
    """The translation file of an English chapter (a path or a file stem such as ``02_servqual``)."""
    if not isinstance(english, (str, Path)):
        raise SurveyTypeError(f"english: must be the path or file stem of an English chapter; got {english!r}")
    stem = Path(english).stem
    return folder("zh") / "translations" / f"{stem}.yaml"


def _normalized(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def source_hash(text: str) -> str:
    """Hash of an English markdown cell, as stored in the translation files.

    Trailing spaces and blank lines at the ends do not count; every other change does.

    Examples
    --------
    >>> source_hash("## 1. Quality as a gap") == source_hash("## 1. Quality as a gap  \\n")
    True
    >>> len(source_hash("text"))
    12
    """
    if not isinstance(text, str):
        raise SurveyTypeError(f"text: must be the markdown of a cell (a string); got {type(text).__name__}")
    return hashlib.sha256(_normalized(text).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def load_translations(english) -> dict[str, dict[str, str]]:
    """Read the translation file of an English chapter: ``{cell id: {"source": hash, "zh": text}}``.

    A chapter without a file has no translations (an empty dict).
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
    """What stands between an English chapter and a complete, current translation."""

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
    english : path
        The English notebook (``notebooks/NN_name.ipynb``).

    Returns
    -------
    Report
        ``missing`` (markdown cells without a translation), ``stale`` (translations whose
        ``source`` hash no longer matches the English cell), ``orphans`` (translations of
        cells the chapter no longer has); ``ok`` when all three are empty.
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
    """The Chinese edition's parameters cell: the English one with ``LANG = "zh"``."""
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
    both.

    Parameters
    ----------
    english : path
        The English notebook.
    strict : bool
        Refuse to build (``SurveyError`` listing the problems) when the translation is
        missing, stale or has orphans.
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
    """``python -m sxm.editions [build] [chapters...]``: report (and build) the Chinese edition."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sxm.editions",
                                     description="State of the Chinese edition; 'build' regenerates it (without running).")
    parser.add_argument("action", nargs="?", choices=["status", "build"], default="status")
    parser.add_argument("chapters", nargs="*", help="chapter numbers (02, 03b) or file names; all when omitted")
    args = parser.parse_args(argv)
    bad = 0
    for chapter in runner.find(args.chapters, folder("en")):
        if args.action == "build":
            _, report = build(chapter.path)
        else:
            report = check(chapter.path)
        bad += not report.ok
        print(report)
    return 1 if bad else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
