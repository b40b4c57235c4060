"""The student edition: ``make student`` -> build/student/ (and build/student/zh/).

Every chapter notebook (both editions when ``notebooks/zh`` exists) without its solution
cells (tag ``solution``); each solution is replaced by an empty code cell tagged
``answer`` for the student's own work. Everything else, including the stored outputs of
the lecture cells, is kept, and the files are written as JupyterLab saves them.

Usage: ``python site/student.py [--out build/student]``
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
_CHAPTER = re.compile(r"^\d+[a-z]?_[a-z0-9_]+\.ipynb$")
_PROMPT = {"en": "# Your answer", "zh": "# 你的答案"}


def strip_solutions(nb, lang: str = "en"):
    """Return ``nb`` with every solution cell replaced by an empty ``answer`` cell."""
    cells = []
    for cell in nb.cells:
        if "solution" in cell.get("metadata", {}).get("tags", []):
            answer = nbformat.v4.new_code_cell(_PROMPT[lang], metadata={"tags": ["answer"]})
            answer["id"] = f"{cell.get('id', 'cell')}-answer"[:64]
            cells.append(answer)
        else:
            cells.append(cell)
    nb.cells = cells
    return nb


def write_edition(source: Path, out: Path, lang: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(p for p in source.glob("*.ipynb") if _CHAPTER.match(p.name)):
        nb = strip_solutions(nbformat.read(path, as_version=4), lang)
        with open(out / path.name, "w", encoding="utf-8", newline="\n") as fh:
            nbformat.write(nb, fh)
        written.append(out / path.name)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", default=str(ROOT / "notebooks"))
    parser.add_argument("--out", default=str(ROOT / "build" / "student"))
    args = parser.parse_args(argv)
    source, out = Path(args.notebooks), Path(args.out)
    written = write_edition(source, out, "en")
    if (source / "zh").is_dir():
        written += write_edition(source / "zh", out / "zh", "zh")
    print(f"student edition: {len(written)} notebooks without solutions in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
