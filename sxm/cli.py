"""The ``sxm`` command: list the chapters and run them with your own parameters.

Examples
--------
::

    sxm list
    sxm run                         # every chapter, defaults, into ./build
    sxm run 03 -p N_BOOT 200 -p DATA my_survey.csv --out results/
    sxm run 02 04 -f params.yaml
    sxm run 02 -p DATA wjx.xlsx -p CODEBOOK codebook.yaml --tables out/tables   # tables to Excel
    sxm run --inplace               # regenerate the stored outputs of both editions (maintainers)
    sxm list --lang zh              # the Chinese edition (notebooks/zh/)
    sxm run 02 --lang zh            # run the Chinese chapter 2 into ./build/zh
    sxm run 07 --scheduler tcp://10.0.0.5:8786   # resampling on a Dask cluster
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from . import runner

__all__ = ["main", "build_parser"]


def _list(args) -> int:
    from . import editions

    for ch in runner.chapters(editions.folder(args.lang)):
        print(f"{ch.number:>4}  {ch.path.name}  {ch.title}")
        for p in ch.parameters.values():
            help_text = f"  # {p.help}" if p.help else ""
            print(f"        {p.name} = {p.default!r}  ({p.type_name}){help_text}")
    return 0


def _load_yaml(path: str) -> dict:
    import yaml

    file = Path(path)
    if not file.exists():
        raise runner.RunError(f"-f {path}: no such parameters file")
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise runner.RunError(f"-f {path}: must hold a mapping of NAME: value (optionally under a chapter number)")
    return data


def _parameters_for(chapter, flat: dict, per_chapter: dict) -> dict:
    values = dict(flat)
    for key, sub in per_chapter.items():
        if key in (chapter.number, chapter.path.stem) or (key.isdigit() and f"{int(key):02d}" == chapter.number):
            values.update(sub)
    return values


def _editions(args) -> list[tuple[str, list, Path]]:
    """(language, chapters, output folder) per edition to run; ``--inplace`` first rebuilds
    the Chinese notebooks from the English ones and their translations."""
    from . import editions

    langs = ["en", "zh"] if args.lang is None and args.inplace else [args.lang or "en"]
    out = []
    for lang in langs:
        if lang == "zh" and args.inplace:
            for en in runner.find(args.chapters, editions.folder("en")):
                _, report = editions.build(en.path)
                if not report.ok:
                    print(f"warning: {report}", file=sys.stderr)
        folder = Path(args.out or "build")
        out.append((lang, runner.find(args.chapters, editions.folder(lang)),
                    folder / "zh" if lang == "zh" and (args.out is None or len(langs) > 1) else folder))
    return out


def _run(args) -> int:
    if args.tables is not None and args.inplace:
        raise runner.RunError("--tables writes files beside an executed notebook; it cannot be combined with "
                              "--inplace (which rewrites the stored outputs): use --out")
    runs = _editions(args)
    chapters = [ch for _, chs, _ in runs for ch in chs]
    out_of = {id(ch): folder for _, chs, folder in runs for ch in chs}
    cli_values = {name: value for name, value in (args.parameter or [])}
    flat, per_chapter = {}, {}
    if args.file:
        for key, value in _load_yaml(args.file).items():
            if isinstance(value, dict) and re.match(r"^\d+[a-z]?(_[a-z0-9_]+)?$", str(key)):
                per_chapter[str(key)] = value
            else:
                flat[key] = value
    flat.update(cli_values)
    from .resample import SCHEDULER_ENV, check_scheduler

    if args.scheduler:
        try:
            check_scheduler(args.scheduler)
        except ValueError as err:
            raise runner.RunError(str(err)) from None
    # check everything before running anything
    plans = []
    for ch in chapters:
        values = _parameters_for(ch, flat, per_chapter)
        where = None
        if args.tables is not None:  # alone, --tables means <out>/tables
            base = Path(args.tables) if args.tables else out_of[id(ch)] / "tables"
            where = runner.tables_path(base, ch, several=len(chapters) > 1)
        runner.check_parameters(ch, values)
        plans.append((ch, values, where))
    from tqdm import tqdm

    outcomes = []
    saved = os.environ.get(SCHEDULER_ENV)
    if args.scheduler:  # the kernels inherit the environment: every resampling call uses the cluster
        os.environ[SCHEDULER_ENV] = args.scheduler
    # a bar only on a terminal (in a log file it is litter); lines go through tqdm.write,
    # which clears the bar first, so that "running X ..." never shares a line with it
    bar = tqdm(plans, desc="chapters", unit="notebook", file=sys.stderr, disable=not sys.stderr.isatty() or args.quiet)
    try:
        for ch, values, where in bar:
            bar.set_postfix_str(ch.name)
            tqdm.write(f"running {ch.name} ...", file=sys.stderr)
            outcome = runner.execute(ch, values, out_dir=out_of[id(ch)], inplace=args.inplace, tables=where)
            outcomes.append(outcome)
            if outcome.status != "ok":
                break
    finally:
        bar.close()
        if args.scheduler and saved is None:
            os.environ.pop(SCHEDULER_ENV, None)
        elif args.scheduler:
            os.environ[SCHEDULER_ENV] = saved
    width = max(len(o.chapter.name) for o in outcomes)
    print(f"{'notebook':<{width}}  status  seconds")
    for o in outcomes:
        print(f"{o.chapter.name:<{width}}  {o.status:<6}  {o.seconds:7.1f}")
    failed = [o for o in outcomes if o.status != "ok"]
    if failed:
        o = failed[0]
        print(f"error: {o.message}\nthe partially executed notebook is kept at {o.output}", file=sys.stderr)
        return 1
    where = "in place" if args.inplace else "in " + ", ".join(sorted({str(f.resolve()) for f in out_of.values()}))
    print(f"{len(outcomes)} notebook(s) executed {where}")
    for o in outcomes:
        if o.tables is not None:
            print(f"{o.chapter.name}: tables in {o.tables}; CSV files and figures in {o.tables.with_suffix('')}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``sxm`` command: ``sxm list`` and ``sxm run``.

    ``sxm list [--lang {en,zh}]`` lists the chapters and their parameters; ``sxm run
    [chapters ...] [-p NAME VALUE ...] [-f params.yaml] [--out DIR | --inplace] [--lang
    {en,zh}] [--tables [PATH]] [-q]`` executes them. Each subcommand stores the function
    that carries it out in ``func``.

    Returns
    -------
    argparse.ArgumentParser
        The parser; ``parse_args`` gives a namespace with ``command`` and the options above
        (``parameter`` is a list of ``[NAME, VALUE]`` pairs; ``tables`` is ``None`` when not
        given and ``""`` when given without a path, meaning ``<out>/tables``).

    See Also
    --------
    main : parses the command line with this parser and runs the command.

    Examples
    --------
    >>> args = build_parser().parse_args(["run", "03", "-p", "N_BOOT", "200", "--out", "results"])
    >>> args.command, args.chapters, args.parameter, args.out, args.lang
    ('run', ['03'], [['N_BOOT', '200']], 'results', None)
    >>> build_parser().parse_args(["run", "02", "--tables"]).tables
    ''
    """
    parser = argparse.ArgumentParser(prog="sxm", description="Service experience management notebooks.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_list = sub.add_parser("list", help="list the chapters and their parameters")
    p_list.add_argument("--lang", choices=["en", "zh"], default="en", help="edition: en (default) or zh (简体中文)")
    p_list.set_defaults(func=_list)
    p_run = sub.add_parser("run", help="execute chapters with papermill")
    p_run.add_argument("chapters", nargs="*", help="chapter numbers (03, 3, 03b) or file names; all when omitted")
    p_run.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                       help="set a parameter (repeatable)")
    p_run.add_argument("-f", "--file", help="YAML file of parameters (NAME: value, or nested under a chapter number)")
    p_run.add_argument("--out", default=None, help="folder for the executed notebooks (default: build, build/zh for zh)")
    p_run.add_argument("--inplace", action="store_true",
                       help="overwrite the stored notebooks in notebooks/ (default parameters only); "
                            "rebuilds and runs the Chinese edition too unless --lang says which")
    p_run.add_argument("--lang", choices=["en", "zh"], default=None,
                       help="edition: en (default) or zh (notebooks/zh/, built from the English ones)")
    p_run.add_argument("--tables", nargs="?", const="", default=None, metavar="PATH",
                       help="write every table a chapter shows to PATH.xlsx (a sheet per table, unrounded) and as "
                            "CSV, and every figure as PNG and SVG, in the folder PATH (default: <out>/tables; "
                            "PATH_NN for chapter NN when several run)")
    p_run.add_argument("--scheduler", help="run resampling on a Dask cluster: a scheduler address such as "
                       "tcp://host:8786 or a scheduler file (.json); sets SXM_SCHEDULER for the notebooks")
    p_run.add_argument("-q", "--quiet", action="store_true", help="no progress bar (there is none when stderr is not a terminal)")
    p_run.set_defaults(func=_run)
    return parser


def main(argv=None) -> int:
    """Run the ``sxm`` command with the arguments ``argv``; return its exit status.

    ``sxm list`` prints every chapter with its parameters, defaults, types and help;
    ``sxm run`` checks every parameter of every chapter named before it runs any, then
    executes them one by one with papermill (stopping at the first that fails) and prints a
    table of notebook, status and seconds. Errors a user can fix (an unknown chapter or
    parameter, a value of the wrong type, a missing file, ``--tables`` with ``--inplace``)
    are printed to stderr as one line ``error: ...``.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``sxm``, e.g. ``["run", "03", "-p", "N_BOOT", "200"]``. Default
        ``None``: the command line (``sys.argv[1:]``).

    Returns
    -------
    int
        ``0`` when everything ran, ``1`` when a chapter failed (its partially executed
        notebook is kept and named), ``2`` for an error found before running.

    Raises
    ------
    SystemExit
        From argparse: ``--help`` (status 0), an unknown subcommand or option (status 2).

    See Also
    --------
    build_parser : the options of the command.
    sxm.runner.execute : runs one chapter.
    sxm.runner.check_parameters : what is checked before anything runs.

    Examples
    --------
    >>> main(["list"])  # doctest: +ELLIPSIS
      01  01_experience_foundations.ipynb  Chapter 1 — ...
            DATA = ...
            SEED = 2026  (int)  # random seed ...
    ...
    0
    >>> main(["run", "99"])  # stderr: error: unknown chapter '99'; the chapters are: 01 (...), ...
    2
    >>> main(["run", "02", "--inplace", "--tables", "out"])  # checked before anything runs
    2
    """
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except runner.RunError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
