"""Build the static course site of the executed suite: ``make site`` -> build/site/.

Reads the notebooks executed by ``make run`` (``build/*.ipynb``, and ``build/zh/*.ipynb``
for the Chinese edition in ``notebooks/zh/``), never executes anything, and runs Sphinx
with MyST-NB and sphinx-book-theme (the tool chain of Jupyter Book 1 and the QuantEcon
lectures) fully offline. Each chapter page gets a link to its source notebook and to the
same chapter in the other language; solution cells (tag ``solution``) are folded under
their exercise.

Usage: ``python site/build.py [--executed build] [--out build/site]``
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
LANGUAGES = {"en": "English", "zh": "中文"}
_CHAPTER = re.compile(r"^(\d+[a-z]?)_[a-z0-9_]+\.ipynb$")
_SWITCH = {"en": "This chapter in {other}", "zh": "本章{other}版"}
_OTHER = {"en": {"zh": "中文"}, "zh": {"en": "英文"}}
_SOURCE = {"en": "Source notebook", "zh": "源 notebook"}
_NOTE = {"en": "This chapter", "zh": "本章"}
_INDEX_TITLE = {"en": "Chapters", "zh": "章节"}


def _mathjax() -> Path:
    """MathJax 3 as shipped by the sphinx-mathjax-offline package (its folder has a dash)."""
    import importlib.util

    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("site: MathJax is missing: pip install -e '.[docs]' (sphinx-mathjax-offline)")
    return Path(list(spec.submodule_search_locations)[0]) / "static" / "mathjax"


def _title(nb: dict, fallback: str) -> str:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _editions(executed: Path, notebooks: Path) -> dict[str, tuple[Path, Path]]:
    """Language -> (folder of executed notebooks, folder of source notebooks)."""
    out = {"en": (executed, notebooks)}
    if (notebooks / "zh").is_dir() and any((notebooks / "zh").glob("*.ipynb")):
        out["zh"] = (executed / "zh", notebooks / "zh")
    return out


def _prepare_chapter(nb: dict, lang: str, stem: str, others: list[str], source_rel: str) -> dict:
    """Fold solutions and add the source-notebook and language links under the title."""
    for cell in nb["cells"]:
        tags = cell.setdefault("metadata", {}).get("tags", [])
        if "solution" in tags and cell["cell_type"] == "code":
            cell["metadata"]["tags"] = [*tags, "hide-cell"]
            cell["metadata"]["mystnb"] = {"code_prompt_show": "Show the solution" if lang == "en" else "显示答案",
                                          "code_prompt_hide": "Hide the solution" if lang == "en" else "隐藏答案"}
    links = [f"{_SOURCE[lang]}: {{download}}`{stem}.ipynb <{source_rel}>`"]
    for other in others:
        links.append(f"[{_SWITCH[lang].format(other=_OTHER[lang][other])}](../{other}/{stem}.ipynb)")
    note = {"cell_type": "markdown", "id": "sxm-site-links", "metadata": {},
            "source": f"```{{admonition}} {_NOTE[lang]}\n:class: note\n" + " · ".join(links) + "\n```\n"}
    first = next((i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"), -1)
    nb["cells"].insert(first + 1, note)
    return nb


def prepare(executed: Path, notebooks: Path, src: Path) -> dict[str, list[tuple[str, str]]]:
    """Write the Sphinx source tree into ``src``; return language -> [(stem, title)]."""
    if src.exists():
        shutil.rmtree(src)
    (src / "_static").mkdir(parents=True)
    shutil.copy(HERE / "conf.py", src / "conf.py")
    shutil.copytree(_mathjax(), src / "_static" / "mathjax")
    editions = _editions(executed, notebooks)
    chapters: dict[str, list[tuple[str, str]]] = {}
    for lang, (run_dir, source_dir) in editions.items():
        sources = sorted(p for p in source_dir.glob("*.ipynb") if _CHAPTER.match(p.name))
        missing = [p.name for p in sources if not (run_dir / p.name).exists()]
        if missing:
            raise SystemExit(f"site: {run_dir} lacks executed notebooks {missing}: run `make run` first")
        (src / lang).mkdir()
        (src / "notebooks" / lang).mkdir(parents=True)
        others = [o for o in editions if o != lang]
        chapters[lang] = []
        for path in sources:
            shutil.copy(path, src / "notebooks" / lang / path.name)
            nb = json.loads((run_dir / path.name).read_text(encoding="utf-8"))
            nb = _prepare_chapter(nb, lang, path.stem, [o for o in others if (editions[o][1] / path.name).exists()],
                                  f"../notebooks/{lang}/{path.name}")
            (src / lang / path.name).write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            chapters[lang].append((path.stem, _title(nb, path.stem)))
    _write_indexes(src, chapters)
    return chapters


def _write_indexes(src: Path, chapters: dict[str, list[tuple[str, str]]]) -> None:
    switch = " · ".join(f"[{LANGUAGES[lang]}]({lang}/index.md)" for lang in chapters)
    lines = ["# sxm — service experience management", "",
             "Parameterized notebooks that teach and run the analyses of service experience management "
             "(SERVQUAL, SEM, PLS, Kano, journey maps, IPA), executed on the bundled data.", "",
             f"Editions: {switch}", ""]
    for lang, items in chapters.items():
        lines += [f"## {_INDEX_TITLE[lang]} ({LANGUAGES[lang]})", "", "| | |", "|---|---|"]
        lines += [f"| {stem.split('_')[0]} | [{title}]({lang}/{stem}.ipynb) |" for stem, title in items]
        lines.append("")
    for lang, items in chapters.items():
        lines += ["```{toctree}", ":hidden:", f":caption: {LANGUAGES[lang]}", ":maxdepth: 1", "",
                  f"{lang}/index", *(f"{lang}/{stem}" for stem, _ in items), "```", ""]
    (src / "index.md").write_text("\n".join(lines), encoding="utf-8")
    for lang, items in chapters.items():
        other = " · ".join(f"[{LANGUAGES[o]}](../{o}/index.md)" for o in chapters if o != lang)
        body = [f"# {_INDEX_TITLE[lang]} ({LANGUAGES[lang]})", ""]
        if other:
            body += [other, ""]
        body += [f"{i}. [{title}]({stem}.ipynb)" for i, (stem, title) in enumerate(items, 1)]
        (src / lang / "index.md").write_text("\n".join(body) + "\n", encoding="utf-8")


def build(executed: Path, out: Path, notebooks: Path = ROOT / "notebooks", src: Path | None = None) -> Path:
    src = src or out.parent / "site-src"
    prepare(executed, notebooks, src)
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "2", "--keep-going", str(src), str(out),
           "-d", str(src / "_doctrees")]
    subprocess.run(cmd, check=True)
    return out / "index.html"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executed", default=str(ROOT / "build"), help="folder of the executed notebooks")
    parser.add_argument("--notebooks", default=str(ROOT / "notebooks"), help="folder of the source notebooks")
    parser.add_argument("--out", default=str(ROOT / "build" / "site"), help="where the HTML goes")
    args = parser.parse_args(argv)
    index = build(Path(args.executed), Path(args.out), Path(args.notebooks))
    print(f"site: open {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
