"""sxm benchmarks: each measurement side by side with its baseline, measured in the same run.

Usage::

    python benchmarks/run.py                 # everything (several minutes on 2 cores)
    python benchmarks/run.py --quick         # small sizes, one repeat: a smoke test
    python benchmarks/run.py kano sem_fit    # only some cases
    python benchmarks/run.py --list

Every case runs in its own subprocess (so that one case's memory does not inflate the
next one's and a crash stays contained). Times are ``time.perf_counter`` medians of
repeated calls (one warm-up call first when a call is cheap); peak memory is the
``tracemalloc`` peak of one extra call (Python and numpy allocations) for in-process work,
or the peak resident set size (``getrusage``) of the worker/kernel processes for parallel
bootstraps and notebooks. A case whose module or function is not on disk yet is reported as
"not available yet" instead of failing. The table is printed and written, with the machine,
versions and load, to ``benchmarks/results.json`` (``--out`` to change).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # benchmark the working tree, installed or not
    sys.path.insert(0, str(ROOT))

MARK = "@@BENCH-ROWS@@"


class NotAvailable(Exception):
    """The module or function a case needs is not on disk (yet)."""


@dataclass
class Row:
    case: str
    measured: str
    seconds: float | None = None
    baseline: str | None = None
    baseline_seconds: float | None = None
    ratio: float | None = None  # seconds / baseline_seconds (< 1: faster than the baseline)
    goal: str | None = None
    met: bool | None = None
    peak_mb: float | None = None
    baseline_peak_mb: float | None = None
    memory: str = ""  # how peak memory was measured
    repeats: int = 1
    note: str = ""
    status: str = "ok"  # ok | skipped | error
    extra: dict = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------------------
def median_time(fn, repeats: int) -> tuple[float, list[float]]:
    """Median wall time of ``repeats`` calls; one untimed warm-up call first when cheap."""
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    if repeats <= 1 and first > 2.0:
        return first, [first]
    times = []
    for _ in range(max(repeats, 1)):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def traced_peak_mb(fn) -> float:
    """Peak of memory allocated during one call of ``fn`` (tracemalloc; numpy reports to it)."""
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def children_maxrss_mb() -> float:
    """Largest resident set of any finished child process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def self_maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def need(module: str, *names: str):
    """Import ``sxm.<module>`` and check it has ``names``; raise NotAvailable otherwise."""
    import importlib

    path = ROOT / "sxm" / f"{module}.py"
    if not path.exists() and not (ROOT / "sxm" / module / "__init__.py").exists():
        raise NotAvailable(f"sxm.{module} not available yet")
    mod = importlib.import_module(f"sxm.{module}")
    missing = [n for n in names if not hasattr(mod, n)]
    if missing:
        raise NotAvailable(f"sxm.{module}.{missing[0]} not available yet")
    return mod


def ratio(a, b):
    return None if a is None or not b else a / b


# --------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------
def kano_survey(n: int, k: int, seed: int = 1):
    """n respondents x k attributes of Kano answer codes 1..5 (``a01_func``/``a01_dysf``)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    cols = {}
    for j in range(k):
        cols[f"a{j:02d}_func"] = rng.integers(1, 6, n)
        cols[f"a{j:02d}_dysf"] = rng.integers(1, 6, n)
    return pd.DataFrame(cols)


SERVQUAL_DIMENSIONS = {  # Parasuraman et al. (1988): 22 items in five dimensions
    "tangibles": 4, "reliability": 5, "responsiveness": 4, "assurance": 4, "empathy": 5,
}


def likert_blocks(n: int, sizes: dict[str, int], *, seed: int = 2, levels: int = 7, prefix="x", loading=0.75):
    """Correlated one-factor-per-block Likert items (1..levels) with plain numpy."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    k = len(sizes)
    corr = np.full((k, k), 0.5) + 0.5 * np.eye(k)
    factors = rng.standard_normal((n, k)) @ np.linalg.cholesky(corr).T
    cols, blocks = {}, {}
    i = 0
    for b, (name, size) in enumerate(sizes.items()):
        blocks[name] = []
        for _ in range(size):
            i += 1
            z = loading * factors[:, b] + np.sqrt(1 - loading**2) * rng.standard_normal(n)
            col = f"{prefix}{i:02d}"
            cols[col] = np.clip(np.round((z + 2.5) / 5 * (levels - 1)) + 1, 1, levels).astype(np.int64)
            blocks[name].append(col)
    return pd.DataFrame(cols), blocks


SEM_MODEL = """
quality =~ q1 + q2 + q3 + q4
value =~ v1 + v2 + v3
satisfaction =~ s1 + s2 + s3
loyalty =~ l1 + l2 + l3
value ~ quality
satisfaction ~ quality + value
loyalty ~ satisfaction
"""


def sem_data(n: int, seed: int = 3):
    simulate = need("simulate", "latent_survey")
    population = """
    quality =~ 0.75*q1 + 0.75*q2 + 0.75*q3 + 0.75*q4
    value =~ 0.7*v1 + 0.7*v2 + 0.7*v3
    satisfaction =~ 0.8*s1 + 0.8*s2 + 0.8*s3
    loyalty =~ 0.75*l1 + 0.75*l2 + 0.75*l3
    value ~ 0.5*quality
    satisfaction ~ 0.4*quality + 0.3*value
    loyalty ~ 0.6*satisfaction
    """
    return simulate.latent_survey(population, n=n, levels=7, seed=seed).data


# --------------------------------------------------------------------------------------
# cases: each returns a list of Rows
# --------------------------------------------------------------------------------------
KANO_TABLE = [  # Berger et al. (1993): functional answer (rows) x dysfunctional answer (columns)
    "QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ",
]


def _kano_loop(frame, attributes):
    """The row-loop baseline: what a spreadsheet macro does, one respondent at a time."""
    counts = {a: dict.fromkeys("AOMIRQ", 0) for a in attributes}
    per_respondent = []
    fcols = [f"{a}_func" for a in attributes]
    dcols = [f"{a}_dysf" for a in attributes]
    for row in frame.itertuples(index=False):
        rec = row._asdict()
        cats = []
        for a, fc, dc in zip(attributes, fcols, dcols):
            cat = KANO_TABLE[int(rec[fc]) - 1][int(rec[dc]) - 1]
            counts[a][cat] += 1
            cats.append(cat)
        per_respondent.append(cats)
    out = {}
    for a, c in counts.items():
        valid = c["A"] + c["O"] + c["M"] + c["I"]
        out[a] = (max(c, key=c.get), (c["A"] + c["O"]) / valid, -(c["O"] + c["M"]) / valid)
    return per_respondent, out


def case_kano(quick: bool) -> list[Row]:
    kano = need("kano", "categories", "summarize")
    n, k = (50_000, 20) if quick else (1_000_000, 20)
    sub = 2_000 if quick else 20_000
    data = kano_survey(n, k)
    attributes = [f"a{j:02d}" for j in range(k)]

    def run():
        kano.categories(data, attributes)
        kano.summarize(data, attributes)

    seconds, times = median_time(run, 1 if quick else 5)
    subset = data.iloc[:sub]
    loop_sub, _ = median_time(lambda: _kano_loop(subset, attributes), 1 if quick else 3)
    loop = loop_sub * n / sub
    speedup = loop / seconds
    return [Row(
        case="kano", measured=f"categories + summarize, {n:,} x {k} attributes",
        seconds=seconds, baseline=f"Python row loop (timed on {sub:,} rows, scaled x{n // sub})",
        baseline_seconds=loop, ratio=ratio(seconds, loop),
        goal="<= 0.25 s and >= 30x faster than the loop",
        met=bool(seconds <= 0.25 and speedup >= 30) if not quick else None,
        peak_mb=traced_peak_mb(run), baseline_peak_mb=traced_peak_mb(lambda: _kano_loop(subset, attributes)),
        memory="tracemalloc (baseline: on the subset)", repeats=len(times),
        note=f"speedup {speedup:,.0f}x; the loop is linear in rows, so its time is scaled from the subset",
    )]


def _numpy_reliability(frame, blocks):
    """One plain-numpy pass: float copy, covariance (X'X) and alpha per block from it."""
    import numpy as np

    x = frame.to_numpy(dtype=np.float64)
    n = x.shape[0]
    mean = x.mean(axis=0)
    cov = (x.T @ x - n * np.outer(mean, mean)) / (n - 1)
    index = {c: i for i, c in enumerate(frame.columns)}
    out = {}
    for name, items in blocks.items():
        i = [index[c] for c in items]
        s = cov[np.ix_(i, i)]
        kk = len(i)
        out[name] = kk / (kk - 1) * (1 - np.trace(s) / s.sum())
    return out


def case_reliability(quick: bool) -> list[Row]:
    rel = need("reliability", "cronbach_alpha", "omega", "reliability_table")
    n = 50_000 if quick else 1_000_000
    data, blocks = likert_blocks(n, SERVQUAL_DIMENSIONS)
    base, base_times = median_time(lambda: _numpy_reliability(data, blocks), 1 if quick else 5)
    base_peak = traced_peak_mb(lambda: _numpy_reliability(data, blocks))
    rows = []
    calls = [
        ("reliability_table (alpha, omega, CR, AVE)", lambda: rel.reliability_table(data, blocks, scale=(1, 7))),
        ("cronbach_alpha + omega", lambda: (rel.cronbach_alpha(data, blocks, scale=(1, 7)),
                                            rel.omega(data, blocks, scale=(1, 7)))),
    ]
    for label, fn in calls:
        seconds, times = median_time(fn, 1 if quick else 3)
        r = seconds / base
        rows.append(Row(
            case="reliability", measured=f"{label}, {n:,} x 22 (5 SERVQUAL dimensions)", seconds=seconds,
            baseline="one plain-numpy pass (float copy, X'X covariance, alpha)", baseline_seconds=base,
            ratio=r, goal="<= 1.5x the numpy pass", met=None if quick else bool(r <= 1.5),
            peak_mb=traced_peak_mb(fn), baseline_peak_mb=base_peak, memory="tracemalloc", repeats=len(times),
            note="includes validation of every answer (numeric, on the 1-7 scale, not constant)",
        ))
    return rows


def case_sem_fit(quick: bool) -> list[Row]:
    sem = need("sem", "fit")
    import numpy as np

    rows = []
    sem.fit(SEM_MODEL, sem_data(300))  # warm-up: imports and first-call caches are not timed
    sizes = (500, 5_000) if quick else (500, 5_000, 50_000)
    for n in sizes:
        data = sem_data(n)

        def run():
            return sem.fit(SEM_MODEL, data)

        seconds, times = median_time(run, 1 if quick else 3)
        x = data[[c for c in data.columns if c[0] in "qvsl"]].to_numpy(dtype=float)
        base, _ = median_time(lambda: np.cov(x, rowvar=False), 5)
        rows.append(Row(
            case="sem_fit", measured=f"sem.fit (4 factors, 13 items, 4 paths), n = {n:,}", seconds=seconds,
            baseline="numpy covariance of the items (the data pass)", baseline_seconds=base,
            ratio=ratio(seconds, base), goal=None, met=None, peak_mb=traced_peak_mb(run),
            memory="tracemalloc", repeats=len(times),
        ))
    return rows


def _pid(shared, task):
    return os.getpid()


def _import_sem(shared, task):
    import sxm.power  # noqa: F401
    import sxm.sem  # noqa: F401
    import sxm.simulate  # noqa: F401

    return os.getpid()


def warm_workers(scheduler=None) -> None:
    """Start the workers (all cores, or the cluster's) and import the SEM stack in each."""
    resample = need("resample", "map_tasks")
    resample.map_tasks(_import_sem, range(32), n_jobs=None, scheduler=scheduler, progress=False)


def worker_pids(n_jobs=None, scheduler=None) -> list[int]:
    """Process ids of the workers the execution layer is using (starts them if needed)."""
    resample = need("resample", "map_tasks")
    return sorted(set(resample.map_tasks(_pid, range(32), n_jobs=n_jobs, scheduler=scheduler, progress=False)))


def cpu_times(pids=()) -> list[float]:
    """CPU time (user + system) used so far by this process, then by each of the given live processes."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out = [usage.ru_utime + usage.ru_stime]
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            out.append(0.0)
            continue
        out.append((int(fields[11]) + int(fields[12])) / tick)
    return out


def cpu_seconds(pids=()) -> float:
    """CPU time used so far by this process and the given live processes, together."""
    return sum(cpu_times(pids))


def interleaved(runs: dict, repeats: int) -> dict:
    """Median wall, CPU and critical-path seconds of each named run, the runs taking turns.

    On a shared machine the load drifts over minutes; running serial and parallel versions
    one after the other in each round exposes them to the same load, where timing all the
    serial runs first and all the parallel ones after does not. ``runs`` maps a name to
    ``(function, pids)``: the CPU time counted is this process's and the ``pids``'. The
    critical path is this process's CPU time plus the busiest worker's: the wall time the run
    would take with a core of its own for every process (an idle machine), dispatch waits
    aside. Returns ``{name: (wall, cpu, critical, walls)}``."""
    walls = {name: [] for name in runs}
    cpus = {name: [] for name in runs}
    paths = {name: [] for name in runs}
    for _ in range(repeats):
        for name, (fn, pids) in runs.items():
            c0, t0 = cpu_times(pids), time.perf_counter()
            fn()
            walls[name].append(time.perf_counter() - t0)
            used = [b - a for a, b in zip(c0, cpu_times(pids))]
            cpus[name].append(sum(used))
            paths[name].append(used[0] + max(used[1:], default=0.0))
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name]), statistics.median(paths[name]),
                   walls[name]) for name in runs}


def peak_rss_mb(pids) -> float:
    """Largest peak resident set (VmHWM, Linux) of the given live processes."""
    peaks = []
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        peaks += [int(line.split()[1]) / 1024 for line in text.splitlines() if line.startswith("VmHWM:")]
    return max(peaks, default=float("nan"))


def _serial_bootstrap_process(ready, start, times, b):
    """One process of the concurrency ceiling: warm up, wait for the start, time ``b``
    resamples of the sem_bootstrap case in this process (no execution layer)."""
    sem = need("sem", "fit")
    data = sem_data(500)
    sem.fit(SEM_MODEL, data, n_boot=50, seed=1, n_jobs=1, progress=False)
    ready.put(os.getpid())
    start.wait()
    t0 = time.perf_counter()
    sem.fit(SEM_MODEL, data, n_boot=b, seed=1, n_jobs=1, progress=False)
    times.put(time.perf_counter() - t0)


def concurrency_ceiling(b: int, repeats: int) -> tuple[float, float]:
    """Seconds of ``b`` serial resamples in one process alone, and in each of two processes
    running at the same time (medians; no joblib, no pickling, no dispatch).

    Two processes on two idle cores should each take the time of one alone; when they take
    longer, the machine itself (shared caches, memory bandwidth, virtual CPUs) bounds any
    two-process speed-up at 2 x alone / together, whatever the execution layer does."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    alone, together = [], []
    for _ in range(repeats):
        for k, out in ((1, alone), (2, together)):
            ready, start, times = ctx.Queue(), ctx.Event(), ctx.Queue()
            procs = [ctx.Process(target=_serial_bootstrap_process, args=(ready, start, times, b)) for _ in range(k)]
            for proc in procs:
                proc.start()
            for _ in procs:
                ready.get(timeout=120)
            start.set()
            out.append(statistics.mean(times.get(timeout=120) for _ in procs))
            for proc in procs:
                proc.join()
    return statistics.median(alone), statistics.median(together)


def case_sem_bootstrap(quick: bool) -> list[Row]:
    sem = need("sem", "fit")
    need("resample", "map_tasks")
    import numpy as np

    n, b = 500, (40 if quick else 1000)
    data = sem_data(n)
    cores = os.cpu_count() or 1
    sem.fit(SEM_MODEL, data).effects("quality", "loyalty")  # warm-up (imports) not timed
    t0 = time.perf_counter()
    delta_fit = sem.fit(SEM_MODEL, data)
    delta_fit.effects("quality", "loyalty")
    delta = time.perf_counter() - t0
    fits = {}

    def boot(n_jobs):
        def run():
            fits[n_jobs] = sem.fit(SEM_MODEL, data, n_boot=b, seed=1, n_jobs=n_jobs)
            fits[n_jobs].effects("quality", "loyalty")
        return run

    # the first parallel call of a session starts the loky workers and imports sxm.sem in them
    t0 = time.perf_counter()
    boot(None)()
    cold = time.perf_counter() - t0
    pids = worker_pids()
    timed = interleaved({"serial": (boot(1), ()), "parallel": (boot(None), pids)}, 1 if quick else 7)
    serial, serial_cpu, _, _ = timed["serial"]
    parallel, parallel_cpu, parallel_path, walls = timed["parallel"]
    serial_rss = self_maxrss_mb()
    par_rss = peak_rss_mb(pids)
    speedup = serial / parallel
    same = bool(np.array_equal(fits[1].boot_draws, fits[None].boot_draws, equal_nan=True))
    repeats = len(walls)
    half = b // 2
    alone, together = concurrency_ceiling(half, 1 if quick else 5)
    ceiling = 2 * alone / together
    return [
        Row(case="sem_bootstrap", measured=f"fit + effects, bootstrap B = {b}, n = {n}, all {cores} cores (loky "
            "workers running)", seconds=parallel, baseline="the same, serial (n_jobs=1)", baseline_seconds=serial,
            ratio=ratio(parallel, serial), goal=">= 1.7x faster on 2 cores",
            met=None if quick or cores < 2 else bool(speedup >= 1.7), repeats=repeats,
            peak_mb=par_rss, baseline_peak_mb=serial_rss, memory="peak RSS (a worker / serial process)",
            note=f"speedup {speedup:.2f}x on {cores} cores (medians of {repeats} runs taking turns with the serial "
                 f"one); CPU time {parallel_cpu:.2f} s against {serial_cpu:.2f} s serially; on idle cores (this "
                 f"process + the busiest worker) {serial_cpu / parallel_path:.2f}x; identical draws for any n_jobs: "
                 f"{same}",
            extra={"cpu_seconds": parallel_cpu, "serial_cpu_seconds": serial_cpu, "critical_path_seconds": parallel_path,
                   "idle_speedup_estimate": serial_cpu / parallel_path, "walls": walls}),
        Row(case="sem_bootstrap", measured=f"the same, first parallel call of a session (starts {cores} loky workers, "
            "imports sxm.sem in them)", seconds=cold, baseline="the same, serial (n_jobs=1)", baseline_seconds=serial,
            ratio=ratio(cold, serial), note=f"{cold - parallel:.2f} s of worker start-up, paid once per session"),
        Row(case="sem_bootstrap", measured=f"ceiling of the machine: {half} resamples in each of 2 processes at once "
            "(serial code, no execution layer)", seconds=together, baseline=f"{half} resamples in one process alone",
            baseline_seconds=alone, ratio=ratio(together, alone), repeats=1 if quick else 5,
            note=f"each process is {100 * (together / alone - 1):.0f} % slower when both cores compute, so no "
                 f"two-process run can be faster than {ceiling:.2f}x the serial one on this machine"),
        Row(case="sem_bootstrap", measured=f"bootstrap CIs of effects (B = {b}, all cores)", seconds=parallel,
            baseline="delta-method SEs (fit + effects, no resampling)", baseline_seconds=delta,
            ratio=ratio(parallel, delta), goal=None, met=None, memory="",
            note=f"the bootstrap costs {parallel / delta:,.0f}x the delta method"),
    ]


def rscript_seconds(code: str, data=None, *, repeats: int = 3, warm_up: bool = True, setup: str = "",
                    packages=("lavaan",), timeout: float = 1800) -> tuple[float | None, str]:
    """Median elapsed seconds of R ``code`` timed in Rscript, side by side with sxm.

    ``data`` (a DataFrame) is written to a CSV and read as ``d``, then ``setup`` runs; neither
    R's start-up, the loading nor the setup is timed. Returns ``(seconds, note)``; seconds is
    None (and the note says why) without Rscript or a package.
    """
    import shutil

    if shutil.which("Rscript") is None:
        return None, "Rscript not found"
    with tempfile.TemporaryDirectory() as tmp:
        lines = [f"suppressPackageStartupMessages(library({pkg}))" for pkg in packages]
        if data is not None:
            csv = Path(tmp) / "data.csv"
            data.to_csv(csv, index=False)
            lines.append(f'd <- read.csv("{csv.as_posix()}")')
        lines += [setup,f"f <- function() {{ {code} }}", "invisible(f())" if warm_up else "",
                  f'cat("@@R-SECONDS", median(replicate({repeats}, system.time(f())[["elapsed"]])), "\\n")']
        script = Path(tmp) / "bench.R"
        script.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            proc = subprocess.run(["Rscript", str(script)], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, "Rscript timed out"
    for line in proc.stdout.splitlines():
        if line.startswith("@@R-SECONDS"):
            return float(line.split()[1]), ""
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return None, f"Rscript failed: {tail}"


def _lavaan_seconds(model: str, data, options: str, repeats: int):
    """Median seconds of lavaan's sem() on ``data`` inside R (start-up and loading not counted).

    None when Rscript or lavaan is not installed.
    """
    seconds, _ = rscript_seconds(f"sem(m, data = d, {options})", data, repeats=repeats, setup=f"m <- '{model.strip()}'",
                                 timeout=600)
    return seconds


def case_sem_fiml(quick: bool) -> list[Row]:
    """FIML against listwise ML on the same incomplete answers, and against lavaan's missing = "ml"."""
    sem = need("sem", "fit", "drop_answers")
    import warnings

    import numpy as np

    n = 412
    data = sem_data(n)
    items = [c for c in data.columns if c[0] in "qvsl"]
    holes = sem.drop_answers(data, items, 0.08, seed=5)
    kept = int((~holes[items].isna().any(axis=1)).sum())
    repeats = 1 if quick else 7
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # listwise deletion drops most respondents

        def listwise():
            return sem.fit(SEM_MODEL, holes)

        def fiml():
            return sem.fit(SEM_MODEL, holes, missing="fiml")

        fiml()  # warm-up (imports) not timed
        listwise()
        # alternate the two calls, so that a change of the machine's load hits both alike;
        # CPU time (process_time) beside wall time, as it depends less on the load
        wall = {"listwise": [], "fiml": []}
        cpu = {"listwise": [], "fiml": []}
        for _ in range(repeats):
            for name, fn in (("listwise", listwise), ("fiml", fiml)):
                w0, c0 = time.perf_counter(), time.process_time()
                fn()
                wall[name].append(time.perf_counter() - w0)
                cpu[name].append(time.process_time() - c0)
        base, seconds = statistics.median(wall["listwise"]), statistics.median(wall["fiml"])
        cpu_ratio = statistics.median(cpu["fiml"]) / statistics.median(cpu["listwise"])
        times = wall["fiml"]
        rows = [Row(
            case="sem_fiml", measured=f"sem.fit(missing='fiml'), 4 factors, 13 items, n = {n}, 8% missing per item",
            seconds=seconds, baseline=f"sem.fit listwise ML of the same data ({kept} complete respondents)",
            baseline_seconds=base, ratio=ratio(seconds, base), goal="<= 2x the listwise ML fit",
            met=None if quick else bool(seconds <= 2 * base), peak_mb=traced_peak_mb(fiml),
            baseline_peak_mb=traced_peak_mb(listwise), memory="tracemalloc", repeats=len(times),
            note=f"medians of alternating calls; CPU-time ratio {cpu_ratio:.2f}",
        )]
        lavaan = None if quick else _lavaan_seconds(SEM_MODEL, holes, 'missing = "ml"', 5)
        rows.append(Row(
            case="sem_fiml", measured="the same FIML fit", seconds=seconds,
            baseline="lavaan 0.6 sem(missing = \"ml\") in R (median of 5, R start-up excluded)",
            baseline_seconds=lavaan, ratio=ratio(seconds, lavaan), goal="faster than lavaan",
            met=None if quick or lavaan is None else bool(seconds < lavaan), repeats=len(times),
            status="ok" if lavaan is not None or quick else "skipped",
            note="" if lavaan is not None else "Rscript with lavaan not available" if not quick else "quick run",
        ))
        b = 20 if quick else 200
        c0, t0 = time.process_time(), time.perf_counter()
        sem.fit(SEM_MODEL, holes, n_boot=b, seed=1, n_jobs=1, progress=False)
        boot_listwise, cpu_listwise = time.perf_counter() - t0, time.process_time() - c0
        c0, t0 = time.process_time(), time.perf_counter()
        boot = sem.fit(SEM_MODEL, holes, missing="fiml", n_boot=b, seed=1, n_jobs=1, progress=False)
        boot_fiml, cpu_fiml = time.perf_counter() - t0, time.process_time() - c0
    failed = int(np.isnan(boot.boot_draws).any(axis=1).sum())
    rows.append(Row(
        case="sem_fiml", measured=f"FIML fit + bootstrap B = {b} (one process)", seconds=boot_fiml,
        baseline="listwise ML fit + bootstrap, same B", baseline_seconds=boot_listwise,
        ratio=ratio(boot_fiml, boot_listwise), goal="<= 2x the listwise bootstrap",
        met=None if quick else bool(boot_fiml <= 2 * boot_listwise), repeats=1,
        note=f"{failed} failed resamples; CPU-time ratio {cpu_fiml / cpu_listwise:.2f}",
    ))
    return rows


#: chapter 3's model with population values (quality and experience drive satisfaction,
#: satisfaction and experience drive loyalty; loadings of data/scripts/make_acsi_experience.py)
CH3_POPULATION = """
quality =~ 0.8*sq1 + 0.75*sq2 + 0.7*sq3 + 0.72*sq4
experience =~ 0.78*ex1 + 0.74*ex2 + 0.7*ex3 + 0.66*ex4
satisfaction =~ 0.85*sat1 + 0.82*sat2 + 0.78*sat3
loyalty =~ 0.84*loy1 + 0.8*loy2 + 0.72*loy3
satisfaction ~ 0.3*quality + 0.45*experience
loyalty ~ 0.4*satisfaction + 0.2*experience
quality ~~ 0.5*experience
"""
MC_SIZES = (100, 200, 300, 400, 500)


def _local_cluster(workers: int = 2):
    import distributed

    return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                    dashboard_address=None)


def case_monte_carlo(quick: bool) -> list[Row]:
    power = need("power", "monte_carlo")
    resample = need("resample", "CHUNK")
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise NotAvailable("dask.distributed not installed (pip install 'sxm[dask]')") from None
    import pandas as pd

    reps, sizes = (30, MC_SIZES[:2]) if quick else (1000, MC_SIZES)
    cores = os.cpu_count() or 1
    power.monte_carlo(CH3_POPULATION, 100, reps=2, seed=1, n_jobs=1, progress=False)  # imports, not timed
    t0 = time.perf_counter()
    cluster = _local_cluster(2)
    start = time.perf_counter() - t0
    try:
        address = cluster.scheduler_address
        loky_pids, dask_pids = worker_pids(), worker_pids(scheduler=address)
        # the workers import the SEM stack and make their first fits once, as in any session (not timed)
        for kw in ({"n_jobs": None}, {"scheduler": address}):
            power.monte_carlo(CH3_POPULATION, 100, reps=4 * resample.CHUNK, seed=1, progress=False, **kw)
        results = {"serial": [], "loky": [], "dask": []}
        wall = dict.fromkeys(results, 0.0)
        cpu = dict.fromkeys(results, 0.0)
        path = dict.fromkeys(results, 0.0)

        def one(name, size, **kw):
            def run():
                results[name].append(power.monte_carlo(CH3_POPULATION, size, reps=reps, seed=2026, progress=False,
                                                       **kw))
            return run

        for size in sizes:  # the three backends take turns at each size: they see the same load
            timed = interleaved({"serial": (one("serial", size, n_jobs=1), ()),
                                 "loky": (one("loky", size, n_jobs=None), loky_pids),
                                 "dask": (one("dask", size, scheduler=address), dask_pids)}, 1)
            for name, (w, c, critical, _) in timed.items():
                wall[name] += w
                cpu[name] += c
                path[name] += critical
        serial_rss, loky_rss, dask_rss = self_maxrss_mb(), peak_rss_mb(loky_pids), peak_rss_mb(dask_pids)
    finally:
        cluster.close()
    tables = {name: pd.concat([r.estimates for r in runs], ignore_index=True) for name, runs in results.items()}
    same = all(tables["serial"].equals(tables[name]) for name in ("loky", "dask"))
    serial = wall["serial"]
    total = reps * len(sizes)
    what = f"monte_carlo, chapter 3's model (14 items), {reps:,} replications x {len(sizes)} sample sizes"
    rows = []
    for name, backend, rss in (("loky", "loky, all cores", loky_rss), ("dask", "Dask LocalCluster, 2 workers", dask_rss)):
        seconds = wall[name]
        speedup = serial / seconds
        rows.append(Row(
            case="monte_carlo", measured=f"{what}, {backend}", seconds=seconds,
            baseline="the same, serial (n_jobs=1)", baseline_seconds=serial, ratio=ratio(seconds, serial),
            goal=">= 1.7x faster on 2 cores", met=None if quick or cores < 2 else bool(speedup >= 1.7),
            peak_mb=rss, baseline_peak_mb=serial_rss, memory="peak RSS (a worker / serial process)",
            note=f"speedup {speedup:.2f}x (backends taking turns at each sample size); CPU time {cpu[name]:.0f} s "
                 f"against {cpu['serial']:.0f} s serially; on idle cores (this process + the busiest worker) "
                 f"{cpu['serial'] / path[name]:.2f}x; identical tables on every backend: {same}"
                 + (f"; cluster start {start:.1f} s, not included" if name == "dask" else ""),
            extra={"per_fit_seconds": serial / total, "replications": total, "cpu_seconds": cpu[name],
                   "serial_cpu_seconds": cpu["serial"], "critical_path_seconds": path[name],
                   "idle_speedup_estimate": cpu["serial"] / path[name]},
        ))
    return rows


def _noop(shared, task):
    return task


def case_backends(quick: bool) -> list[Row]:
    """Per-task overhead of each backend and a projection of the Monte Carlo on more Dask workers."""
    resample = need("resample", "map_tasks")
    power = need("power", "monte_carlo")
    try:
        import distributed
    except ImportError:
        raise NotAvailable("dask.distributed not installed (pip install 'sxm[dask]')") from None
    import numpy as np

    tasks = 50 if quick else 400
    payload = np.zeros(64_000)  # 0.5 MB shared by every task, as a statistic with its data
    rows = []

    def per_task(**kw):
        t0 = time.perf_counter()
        resample.map_tasks(_noop, range(tasks), shared=payload, progress=False, **kw)
        return (time.perf_counter() - t0) / tasks

    t0 = time.perf_counter()
    resample.map_tasks(_noop, range(2), shared=payload, n_jobs=None, progress=False)
    loky_start = time.perf_counter() - t0
    overhead = {"this process": per_task(n_jobs=1), "loky": per_task(n_jobs=None)}
    t0 = time.perf_counter()
    cluster = _local_cluster(2)
    cluster_start = time.perf_counter() - t0
    try:
        t0 = time.perf_counter()
        client = distributed.Client(cluster.scheduler_address, set_as_default=False)
        connect = time.perf_counter() - t0
        try:
            per_task(scheduler=client)  # warm-up: the workers import sxm.resample
            overhead["Dask (Client given)"] = per_task(scheduler=client)
        finally:
            client.close()
        overhead["Dask (address: connect per call)"] = per_task(scheduler=cluster.scheduler_address)
    finally:
        cluster.close()
    notes = {
        "this process": "a function call (the floor)",
        "loky": f"warm workers; starting them cost {loky_start:.2f} s (once per session)",
        "Dask (Client given)": f"scatter + submit + gather through the scheduler; cluster start {cluster_start:.1f} s, "
                               f"connect {connect:.2f} s",
        "Dask (address: connect per call)": "includes opening and closing a Client, amortized over the tasks",
    }
    for name, seconds in overhead.items():
        rows.append(Row(case="backends", measured=f"per-task overhead: {name} ({tasks} empty tasks, 0.5 MB shared)",
                        seconds=seconds, note=f"{seconds * 1e3:.2f} ms per task; {notes[name]}",
                        extra={"per_task_ms": seconds * 1e3}))
    # projection: chapter 3's Monte Carlo (1,000 replications x 5 sizes) on W Dask workers
    probe = 20 if quick else 100
    t0 = time.perf_counter()
    power.monte_carlo(CH3_POPULATION, 300, reps=probe, seed=1, n_jobs=1, progress=False)
    per_fit = (time.perf_counter() - t0) / probe
    t0 = time.perf_counter()  # what each new worker pays once: importing sxm's SEM stack
    subprocess.run([sys.executable, "-c", "import sxm.power, sxm.sem, sxm.simulate"], check=True, env=_child_env())
    imports = time.perf_counter() - t0
    reps_total = 1000 * len(MC_SIZES)
    chunk = resample.CHUNK
    n_tasks = -(-1000 // chunk) * len(MC_SIZES)
    dispatch = overhead["Dask (Client given)"]
    serial_total = per_fit * reps_total
    for workers in (8, 32, 128):
        rounds = -(-n_tasks // workers)
        compute = rounds * chunk * per_fit
        seconds = connect + imports + max(compute, n_tasks * dispatch) + dispatch * workers
        rows.append(Row(
            case="backends", measured=f"projected: chapter 3's Monte Carlo (1,000 x 5 sizes) on {workers} Dask workers",
            seconds=seconds, baseline=f"serial, {per_fit * 1000:.1f} ms per replication x {reps_total:,}",
            baseline_seconds=serial_total, ratio=ratio(seconds, serial_total),
            note=f"{n_tasks} tasks of {chunk} replications in {rounds} round(s) of {chunk * per_fit:.2f} s, "
                 f"+ connect {connect:.2f} s + imports on the workers {imports:.1f} s + {dispatch * 1000:.1f} ms "
                 f"dispatch per task; "
                 f"speedup {serial_total / seconds:.0f}x (ideal {min(workers, n_tasks)}x)",
            extra={"per_fit_seconds": per_fit, "dispatch_seconds": dispatch, "connect_seconds": connect,
                   "import_seconds": imports, "tasks": n_tasks, "rounds": rounds},
        ))
    return rows


def case_servqual(quick: bool) -> list[Row]:
    servqual = need("servqual", "score")
    import numpy as np
    import pandas as pd

    n = 50_000 if quick else 1_000_000
    perceptions, blocks = likert_blocks(n, SERVQUAL_DIMENSIONS, seed=4, prefix="P")
    expectations, _ = likert_blocks(n, SERVQUAL_DIMENSIONS, seed=5, prefix="E")
    # SERVQUAL's own column names: E1..E22, P1..P22
    perceptions.columns = [f"P{i}" for i in range(1, 23)]
    expectations.columns = [f"E{i}" for i in range(1, 23)]
    blocks = {name: [f"P{int(c[1:])}" for c in items] for name, items in blocks.items()}
    data = pd.concat([perceptions, expectations], axis=1)
    p_cols, e_cols = list(perceptions.columns), list(expectations.columns)

    def run():
        return servqual.score(data, scale=(1, 7))

    index = [[p_cols.index(c) for c in items] for items in blocks.values()]

    def base():
        p = data[p_cols].to_numpy(float)
        gap = p - data[e_cols].to_numpy(float)
        servqual_score = np.column_stack([gap[:, i].mean(axis=1) for i in index]).mean(axis=1)
        servperf = np.column_stack([p[:, i].mean(axis=1) for i in index]).mean(axis=1)
        return servqual_score, servperf

    seconds, times = median_time(run, 1 if quick else 3)
    b, _ = median_time(base, 1 if quick else 3)
    return [Row(
        case="servqual", measured=f"servqual.score (SERVQUAL, SERVPERF), {n:,} respondents x 22 P + 22 E items",
        seconds=seconds,
        baseline="plain numpy: dimension means of P - E and of P (no validation)", baseline_seconds=b,
        ratio=ratio(seconds, b), note="sxm validates every answer (numeric, on 1-7) before scoring",
        peak_mb=traced_peak_mb(run), baseline_peak_mb=traced_peak_mb(base), memory="tracemalloc",
        repeats=len(times),
    )]


ECSI_BLOCKS = {
    "Image": "IMAG*", "Expectation": "CUEX*", "Quality": "PERQ*", "Value": "PERV*",
    "Satisfaction": "CUSA*", "Complaints": ["CUSCO"], "Loyalty": "CUSL*",
}
ECSI_PATHS = [
    ("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
    ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
    ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
    ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty"),
]


def _ecsi_data():
    """The ECSI mobi data (../shared/reference-data) or, without it, an ECSI-shaped simulation."""
    import pandas as pd

    path = ROOT.parent / "shared" / "reference-data" / "ecsi_mobi.csv"
    if path.exists():
        return pd.read_csv(path), "ecsi_mobi.csv (n = 250)"
    sizes = {"IMAG": 5, "CUEX": 3, "PERQ": 7, "PERV": 2, "CUSA": 3, "CUSCO": 1, "CUSL": 3}
    frames = []
    for i, (name, k) in enumerate(sizes.items()):
        f, _ = likert_blocks(250, {name: k}, seed=10 + i, levels=10, prefix=name)
        if k == 1:
            f.columns = [name]
        frames.append(f)
    return pd.concat(frames, axis=1), "simulated ECSI-shaped data (n = 250; mobi not available)"


def case_pls_bootstrap(quick: bool) -> list[Row]:
    pls = need("pls", "fit")
    data, source = _ecsi_data()
    b = 100 if quick else 5000
    pls.fit(data, ECSI_BLOCKS, ECSI_PATHS)  # warm-up (imports) not timed
    cores = os.cpu_count() or 1
    # the first parallel call of a session starts the loky workers (about a second, once per
    # session, reported by sem_bootstrap): timed apart, so that the row compares the steady state
    t0 = time.perf_counter()
    pls.fit(data, ECSI_BLOCKS, ECSI_PATHS, n_boot=200, seed=2, n_jobs=-1, progress=False)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    pls.fit(data, ECSI_BLOCKS, ECSI_PATHS, n_boot=b, seed=1, n_jobs=None, progress=False)
    parallel = time.perf_counter() - t0
    par_rss = peak_rss_mb(worker_pids())
    t0 = time.perf_counter()
    pls.fit(data, ECSI_BLOCKS, ECSI_PATHS, n_boot=b, seed=1, n_jobs=1, progress=False)
    serial = time.perf_counter() - t0
    return [Row(
        case="pls_bootstrap", measured=f"pls.fit ECSI, bootstrap B = {b:,}, all {cores} cores", seconds=parallel,
        baseline="the same, serial (n_jobs=1)", baseline_seconds=serial, ratio=ratio(parallel, serial),
        goal="<= 10 s", met=None if quick else bool(parallel <= 10), peak_mb=par_rss,
        baseline_peak_mb=self_maxrss_mb(), memory="peak RSS (workers / serial process)",
        note=f"{source}; speedup {serial / parallel:.2f}x (loky workers running; the first parallel call of the "
             f"session, B = 200, took {cold:.2f} s)",
    )]


FLOOR_PARAMS = 'DATA = "none"  # unused\nSEED = 2026  # random seed'


def _run_notebook(path: Path, out: Path) -> tuple[float, float, str]:
    """Wall time and peak RSS of ``sxm run <path>`` in a fresh process (kernel included)."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        f"r = subprocess.run([sys.executable, '-m', 'sxm.cli', 'run', {str(path)!r}, '--out', {str(out)!r}, '-q'],"
        " capture_output=True, text=True)\n"
        "t = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(f'@@{t}@@{rss}@@{r.returncode}')\n"
        "sys.stderr.write(r.stdout[-2000:] + r.stderr[-2000:])\n"
    )
    proc = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, env=_child_env(),
                          cwd=out)
    for line in proc.stdout.splitlines():
        if line.startswith("@@"):
            _, t, rss, code = line.split("@@")
            tail = "" if code == "0" else proc.stderr.strip().splitlines()[-1:] or [""]
            return float(t), float(rss), ("" if code == "0" else f"failed: {tail[0] if tail else ''}")
    return float("nan"), float("nan"), f"failed: {proc.stderr.strip()[-300:]}"


def case_notebooks(quick: bool) -> list[Row]:
    need("runner", "chapters")
    need("cli", "main")
    import nbformat

    from sxm import runner

    chapters = runner.chapters()
    rows = []
    with tempfile.TemporaryDirectory(prefix="sxm-bench-") as tmp:
        tmp = Path(tmp)
        floor_nb = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell(FLOOR_PARAMS)
        params.metadata["tags"] = ["parameters"]
        floor_nb.cells = [nbformat.v4.new_markdown_cell("# Floor"), params,
                          nbformat.v4.new_code_cell("import sxm\nrng = sxm.nb.setup(seed=SEED)")]
        floor_nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        floor_path = tmp / "00_floor.ipynb"
        nbformat.write(floor_nb, floor_path)
        bare_nb = copy.deepcopy(floor_nb)
        bare_nb.cells[-1] = nbformat.v4.new_code_cell("1 + 1")
        bare_path = tmp / "00_bare.ipynb"
        nbformat.write(bare_nb, bare_path)
        out = tmp / "out"
        out.mkdir()
        bare_runs = [_run_notebook(bare_path, out) for _ in range(2 if quick else 3)][1:]
        rows.append(Row(
            case="notebooks", measured="kernel start alone (sxm run of a notebook computing 1 + 1)",
            seconds=statistics.median(r[0] for r in bare_runs), peak_mb=max(r[1] for r in bare_runs),
            memory="peak RSS (kernel)", repeats=len(bare_runs), status="ok" if not bare_runs[0][2] else "error",
            note=bare_runs[0][2] or "papermill + kernel start + shutdown",
        ))
        _run_notebook(floor_path, out)  # warm-up: file-system caches of the imports
        runs = [_run_notebook(floor_path, out) for _ in range(1 if quick else 3)]
        floor = statistics.median(r[0] for r in runs)
        floor_rss = max(r[1] for r in runs)
        floor_msg = next((r[2] for r in runs if r[2]), "")
        rows.append(Row(
            case="notebooks", measured="floor: kernel start + import sxm + sxm.nb.setup (sxm run)", seconds=floor,
            peak_mb=floor_rss, memory="peak RSS (kernel)", status="ok" if not floor_msg else "error",
            repeats=len(runs),
            note=floor_msg or "what every chapter costs before its first computation",
        ))
        todo = chapters[:1] if quick else chapters
        if not chapters:
            rows.append(Row(case="notebooks", measured="chapters", status="skipped",
                            note="no chapter notebooks (notebooks/NN_*.ipynb) available yet"))
        for ch in todo:
            seconds, rss, msg = _run_notebook(ch.path, out)
            rows.append(Row(
                case="notebooks", measured=f"sxm run {ch.number} ({ch.path.name})", seconds=seconds,
                baseline="floor (kernel + import)", baseline_seconds=floor, ratio=ratio(seconds, floor),
                goal="<= 60 s", met=None if msg else bool(seconds <= 60), peak_mb=rss, memory="peak RSS (kernel)",
                status="ok" if not msg else "error",
                note=msg or f"{seconds - floor:+.1f} s over the floor (one run; the floor varies by about 1-2 s on a loaded machine)",
            ))
    return rows


def case_polychoric(quick: bool) -> list[Row]:
    ordinal = need("ordinal", "polychoric")
    n = 20_000 if quick else 100_000
    data, _ = likert_blocks(n, SERVQUAL_DIMENSIONS)  # 22 seven-point items
    seconds, times = median_time(lambda: ordinal.polychoric(data), 1 if quick else 3)
    base, why = rscript_seconds("lavCor(d, ordered = names(d))", data, repeats=1, warm_up=False)
    return [Row(
        case="polychoric", measured=f"ordinal.polychoric, {n:,} x 22 seven-point items (231 pairs)", seconds=seconds,
        baseline="lavaan::lavCor(d, ordered = names(d)) in Rscript (one call)", baseline_seconds=base,
        ratio=ratio(seconds, base), goal="<= 1 s", met=None if quick else bool(seconds <= 1.0),
        peak_mb=traced_peak_mb(lambda: ordinal.polychoric(data)), memory="tracemalloc", repeats=len(times),
        note=why or "validation, category codes, 231 tables by np.bincount, thresholds, Newton steps on all pairs",
    )]


def case_wlsmv(quick: bool) -> list[Row]:
    sem = need("sem", "fit")
    n = 412
    data = sem_data(n)
    items = [c for c in data.columns if c[0] in "qvsl"]

    def run():
        return sem.fit(SEM_MODEL, data, estimator="WLSMV")

    seconds, times = median_time(run, 1 if quick else 5)
    base = _lavaan_seconds(SEM_MODEL, data[items], 'ordered = TRUE, estimator = "WLSMV"', 1 if quick else 5)
    why = "" if base is not None else "Rscript with lavaan not available"
    return [Row(
        case="wlsmv", measured=f"sem.fit(estimator='WLSMV'), 4 factors, 13 seven-point items, 4 paths, n = {n}",
        seconds=seconds, baseline="lavaan::sem(ordered = TRUE, estimator = 'WLSMV') in Rscript",
        baseline_seconds=base, ratio=ratio(seconds, base), goal="faster than lavaan",
        met=None if quick or base is None else bool(seconds < base), peak_mb=traced_peak_mb(run),
        memory="tracemalloc", repeats=len(times),
        note=why or "sxm's time includes the scaled and robust fit indices, which lavaan computes later in fitMeasures",
    )]


CASES = {
    "kano": case_kano,
    "reliability": case_reliability,
    "sem_fit": case_sem_fit,
    "sem_bootstrap": case_sem_bootstrap,
    "sem_fiml": case_sem_fiml,
    "servqual": case_servqual,
    "pls_bootstrap": case_pls_bootstrap,
    "monte_carlo": case_monte_carlo,
    "backends": case_backends,
    "notebooks": case_notebooks,
    "polychoric": case_polychoric,
    "wlsmv": case_wlsmv,
}
QUICK_TIMEOUT, FULL_TIMEOUT = 600, 3600


# --------------------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------------------
def _child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.setdefault("MPLBACKEND", "Agg")
    return env


def run_child(name: str, quick: bool) -> list[Row]:
    """Run one case in this process and print its rows as JSON (child side)."""
    try:
        rows = CASES[name](quick)
    except NotAvailable as err:
        rows = [Row(case=name, measured="-", status="skipped", note=str(err))]
    print(MARK + json.dumps([asdict(r) for r in rows]), flush=True)
    return rows


def run_case(name: str, quick: bool) -> list[Row]:
    """Run one case in a fresh subprocess (parent side)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name] + (["--quick"] if quick else [])
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=_child_env(), cwd=ROOT,
                              timeout=QUICK_TIMEOUT if quick else FULL_TIMEOUT)
    except subprocess.TimeoutExpired:
        return [Row(case=name, measured="-", status="error", note="timed out")]
    for line in proc.stdout.splitlines():
        if line.startswith(MARK):
            return [Row(**r) for r in json.loads(line[len(MARK):])]
    tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
    return [Row(case=name, measured="-", status="error", note=f"exit {proc.returncode}: {tail}")]


def _fmt_s(x) -> str:
    if x is None or x != x:
        return "-"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def _fmt_mb(x) -> str:
    return "-" if x is None or x != x else f"{x:,.0f}"


def table(rows: list[Row]) -> str:
    """A GitHub-flavoured Markdown table of the rows."""
    head = ["case", "measured", "s", "baseline", "baseline s", "ratio", "goal", "met", "peak MB (base)", "note"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        met = {True: "yes", False: "**no**", None: "-"}[r.met]
        if r.status != "ok":
            met = r.status
        mem = _fmt_mb(r.peak_mb) + (f" ({_fmt_mb(r.baseline_peak_mb)})" if r.baseline_peak_mb is not None else "")
        cells = [r.case, r.measured, _fmt_s(r.seconds), r.baseline or "-", _fmt_s(r.baseline_seconds),
                 "-" if r.ratio is None else f"{r.ratio:.3g}", r.goal or "-", met, mem, r.note]
        lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def machine() -> dict:
    import numpy
    import pandas

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=ROOT).stdout.strip()
    except OSError:
        commit = ""
    return {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "commit": commit, "python": platform.python_version(), "numpy": numpy.__version__,
        "pandas": pandas.__version__, "platform": platform.platform(), "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", help=f"cases to run (default: all): {', '.join(CASES)}")
    parser.add_argument("--quick", action="store_true", help="small sizes and one repeat (smoke test)")
    parser.add_argument("--out", help="JSON results file (default: benchmarks/results.json for a full run; "
                        "a file in the temporary folder for --quick or a subset, so they never replace the full results)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.quick)
        return 0
    if args.list:
        print("\n".join(CASES))
        return 0
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}; the cases are: {', '.join(CASES)}")
    info = machine()
    rows: list[Row] = []
    for name in args.cases or list(CASES):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(run_case(name, args.quick))
    info["load_average_end"] = list(os.getloadavg())
    text = table(rows)
    print(text)
    met = [r for r in rows if r.met is not None]
    print(f"\n{sum(r.met for r in met)}/{len(met)} goals met; "
          f"{sum(r.status == 'skipped' for r in rows)} case(s) not available yet; "
          f"{sum(r.status == 'error' for r in rows)} error(s). quick={args.quick}; {info['cpus']} cpus; "
          f"load average {info['load_average'][0]:.2f} at start, {info['load_average_end'][0]:.2f} at end")
    if args.out is None:
        full = not args.quick and not args.cases
        args.out = str(ROOT / "benchmarks" / "results.json") if full else str(
            Path(tempfile.gettempdir()) / "sxm-benchmarks-partial.json")
    print(f"results written to {args.out}", file=sys.stderr)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"machine": info, "quick": args.quick, "rows": [asdict(r) for r in rows]},
                                         indent=1) + "\n", encoding="utf-8")
    return 1 if any(r.status == "error" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
