"""Parallel, reproducible resampling: one execution layer, on this machine or on a cluster.

Every resampling function of the suite (the SEM, PLS, HTMT, Kano and key-driver
bootstraps, the Monte Carlo power analysis of :mod:`sxm.power`) cuts its work into tasks
and hands them to :func:`map_tasks`, which runs them

* in this process (``n_jobs=1``, or a job too small to pay for starting workers);
* in worker processes on this machine with joblib's ``loky`` backend (Windows, macOS and
  Linux alike; ``n_jobs`` processes, every core by default);
* on a Dask distributed cluster when given ``scheduler="tcp://host:8786"``, a scheduler
  file, a ``dask.distributed.Client`` or cluster object, or when the environment variable
  ``SXM_SCHEDULER`` holds an address (``scheduler="local"`` overrides it).

What every task needs in common (the statistic and the data) is sent to each worker once:
pickled once and cached by the workers under a per-call token (joblib memory-maps it when
it is larger than a megabyte), or ``client.scatter``-ed to every Dask worker. A task itself
is only a few numbers.

Reproducibility: random draws come from ``numpy.random.SeedSequence(seed)`` spawned per
task key (:func:`seed_for`), and bootstrap resamples are cut into chunks of fixed size
:data:`CHUNK`, so results are identical for any ``n_jobs`` and any backend.

===========================  ===================================================
:func:`bootstrap`            a statistic on resamples of respondents
:func:`percentile_ci`        percentile intervals of bootstrap draws
:func:`map_tasks`            run ``function(shared, task)`` for many tasks
:func:`seed_for`             the random seed of one task
:func:`check_resampling`     validates ``n_boot``, ``seed``, ``n_jobs``, ``progress``
:func:`check_scheduler`      validates ``scheduler`` (or ``SXM_SCHEDULER``)
===========================  ===================================================
"""
from __future__ import annotations

import os
import pickle
import time
import uuid
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .io import SurveyError, SurveyTypeError, check_level

__all__ = [
    "bootstrap",
    "percentile_ci",
    "map_tasks",
    "seed_for",
    "check_resampling",
    "check_scheduler",
    "CHUNK",
    "SCHEDULER_ENV",
]

#: resamples per chunk (one task); fixed so that results do not depend on ``n_jobs``
CHUNK = 25

#: environment variable naming a Dask scheduler used when ``scheduler`` is not given
SCHEDULER_ENV = "SXM_SCHEDULER"

#: with ``n_jobs=None`` a job estimated to take less than this (seconds, serially) runs in
#: this process: starting worker processes and importing sxm in them costs about a second
SERIAL_BELOW = 0.5

# worker side: the payload of the current call, unpickled once per worker process
_PAYLOAD: dict = {}
# the BLAS/OpenMP thread pools of this process (threadpoolctl), found on first use
_THREADS = None


# --------------------------------------------------------------------------------------
# checks
# --------------------------------------------------------------------------------------
def check_resampling(n_boot, seed=None, n_jobs=None, progress=True, *, minimum: int = 0, name: str = "n_boot"):
    """Validate the options every resampling function takes; return them normalized.

    The one check of ``n_boot``, ``seed``, ``n_jobs`` and ``progress`` in the suite, so that
    every function gives the same message for the same mistake.

    Parameters
    ----------
    n_boot : int
        Number of resamples (or replications); 0 means none (when ``minimum`` is 0).
    seed : int, SeedSequence or None
        Makes the draws reproducible.
    n_jobs : int or None
        Worker processes: ``None`` or ``-1`` for every core, ``1`` for this process.
    progress : bool
        Whether to show a progress bar.
    minimum : int
        The fewest resamples accepted (other than 0 when ``minimum`` is 0).
    name : str
        The argument's name in messages (``"reps"`` for Monte Carlo replications).

    Returns
    -------
    tuple
        ``(n_boot, seed, n_jobs, progress)`` with ``n_boot`` a Python int.

    See Also
    --------
    check_scheduler : validates the ``scheduler`` option.

    Examples
    --------
    >>> check_resampling(1000, seed=1)
    (1000, 1, None, True)
    >>> check_resampling(-5)
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: n_boot: must be a whole number of resamples (0 for none), e.g. 1000; got -5
    """
    if isinstance(n_boot, (bool, np.bool_)) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0 \
            or (0 < n_boot < minimum) or (minimum > 0 and n_boot == 0):
        lowest = f"at least {minimum}" if minimum > 1 else "0 for none"
        what = "resamples" if name == "n_boot" else "replications"
        raise SurveyError(f"{name}: must be a whole number of {what} ({lowest}), e.g. 1000; got {n_boot!r}")
    if not (seed is None or isinstance(seed, np.random.SeedSequence)
            or (isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)) and seed >= 0)):
        raise SurveyTypeError(f"seed: must be a non-negative whole number (or None); got {seed!r}")
    if n_jobs is not None and (isinstance(n_jobs, (bool, np.bool_)) or not isinstance(n_jobs, (int, np.integer))
                               or not (n_jobs >= 1 or n_jobs == -1)):
        raise SurveyError(f"n_jobs: must be a positive whole number, -1 or None (all cores); got {n_jobs!r}")
    if not isinstance(progress, (bool, np.bool_)):
        raise SurveyTypeError(f"progress: must be True or False; got {progress!r}")
    return int(n_boot), seed, (None if n_jobs is None else int(n_jobs)), bool(progress)


_SCHEDULER_RULE = ("a Dask scheduler address such as 'tcp://host:8786', a scheduler file (.json), "
                   "a dask.distributed Client or cluster, 'local' or None")


def _distributed(why: str):
    try:
        import distributed
    except ImportError:  # pragma: no cover - the test extra installs it
        raise SurveyError(f"{why}: running on a Dask cluster needs dask.distributed; "
                          "install it with pip install 'sxm[dask]'") from None
    return distributed


def check_scheduler(scheduler=None):
    """Validate the ``scheduler`` option (or the ``SXM_SCHEDULER`` environment variable).

    Parameters
    ----------
    scheduler : str, Client, cluster or None
        ``None`` reads :data:`SCHEDULER_ENV` (``SXM_SCHEDULER``) and runs on this machine
        when it is unset or empty; ``"local"`` runs on this machine whatever the variable
        says; an address (``"tcp://10.0.0.5:8786"``, anything with ``://``) or a scheduler
        file written by ``dask scheduler --scheduler-file`` (a path ending in ``.json``;
        ``~`` is expanded) connects to that Dask scheduler; a ``dask.distributed.Client`` is used as it is;
        a cluster object (``LocalCluster``, dask-jobqueue's ``SLURMCluster``,
        dask-kubernetes' ``KubeCluster``: anything with a ``scheduler_address``) is
        connected to.

    Returns
    -------
    None, str or object
        ``None`` for this machine, else the address, file or object to connect to.

    See Also
    --------
    check_resampling : validates the other options of a resampling function.

    Examples
    --------
    >>> check_scheduler("local") is None
    True
    >>> check_scheduler("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> check_scheduler("my-laptop")
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: scheduler: must be a Dask scheduler address such as 'tcp://host:8786', a scheduler file (.json), a dask.distributed Client or cluster, 'local' or None; got 'my-laptop'
    """
    name = "scheduler"
    if scheduler is None:
        scheduler = os.environ.get(SCHEDULER_ENV, "").strip() or None
        name = f"environment variable {SCHEDULER_ENV}"
        if scheduler is None:
            return None
    if isinstance(scheduler, str):
        text = scheduler.strip()
        if text.lower() == "local":
            return None
        if "://" in text:
            _distributed(name)
            return text
        if text.lower().endswith(".json"):
            _distributed(name)
            path = Path(text).expanduser()
            if not path.is_file():
                raise SurveyError(f"{name}: the Dask scheduler file {text!r} does not exist")
            return str(path)
        raise SurveyError(f"{name}: must be {_SCHEDULER_RULE}; got {scheduler!r}")
    if isinstance(scheduler, (bool, int, float, np.number)) or not (
            hasattr(scheduler, "scheduler_address") or _is_client(scheduler)):
        raise SurveyTypeError(f"{name}: must be {_SCHEDULER_RULE}; got {type(scheduler).__name__} {scheduler!r}")
    return scheduler


def _is_client(obj) -> bool:
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover
        return False
    return isinstance(obj, Client)


# --------------------------------------------------------------------------------------
# seeds
# --------------------------------------------------------------------------------------
def seed_for(seed, *key) -> np.random.SeedSequence:
    """The seed of one task: a child of ``SeedSequence(seed)`` identified by ``key``.

    The same ``seed`` and ``key`` give the same stream in any process and on any
    machine, so the draws of a task do not depend on which worker runs it, nor on how many
    workers there are.

    Parameters
    ----------
    seed : int, SeedSequence or None
        The seed of the whole job.
    *key : int
        Non-negative integers naming the task (e.g. a chunk number, or a sample size and
        a chunk number).

    Returns
    -------
    numpy.random.SeedSequence

    See Also
    --------
    map_tasks : runs the tasks whose seeds these are.

    Examples
    --------
    >>> a = np.random.default_rng(seed_for(7, 3)).integers(0, 100, 3)
    >>> b = np.random.default_rng(seed_for(7, 3)).integers(0, 100, 3)
    >>> bool((a == b).all())
    True
    """
    check_resampling(0, seed)
    bad = [k for k in key if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or k < 0]
    if bad:
        raise SurveyTypeError(f"key: the parts of a task key must be non-negative whole numbers; got {bad[0]!r}")
    seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return np.random.SeedSequence(entropy=seq.entropy, spawn_key=(*seq.spawn_key, *(int(k) for k in key)))


# --------------------------------------------------------------------------------------
# the execution layer
# --------------------------------------------------------------------------------------
def _n_workers(n_jobs) -> int:
    cpus = os.cpu_count() or 1
    if n_jobs is None or n_jobs == -1:
        return cpus
    return int(n_jobs)


def _run(function, shared, task):
    """One task with one BLAS/OpenMP thread: tasks are the unit of parallelism, and threads
    competing for the cores of a busy machine slow small matrix work down severalfold; it
    also keeps floating-point results the same on every backend."""
    global _THREADS
    if _THREADS is None:  # finding the thread pools takes milliseconds: once per process
        from threadpoolctl import ThreadpoolController

        _THREADS = ThreadpoolController()
    with _THREADS.limit(limits=1):
        return function(shared, task)


def _run_cached(index, token, blob, task):
    """Worker side (loky): unpickle the call's payload once per process, run one task."""
    payload = _PAYLOAD.get(token)
    if payload is None:
        payload = pickle.loads(memoryview(blob))
        _PAYLOAD.clear()  # keep only the current call's payload
        _PAYLOAD[token] = payload
    function, shared = payload
    return index, _run(function, shared, task)


def _run_scattered(index, task, payload):
    """Worker side (Dask): the payload arrives once per worker, already unpickled."""
    function, shared = payload
    return index, _run(function, shared, task)


def _progress_bar(progress: bool, total: int, desc: str, unit: str):
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, leave=False, mininterval=0.5)


def _loky(function, shared, tasks, workers):
    import cloudpickle  # a dependency of joblib (it pickles closures)
    from joblib import Parallel, delayed

    # one pickle of the payload for the whole call: joblib memory-maps it (one file read by
    # every worker) when it is over 1 MB, and each worker unpickles it once
    blob = np.frombuffer(cloudpickle.dumps((function, shared), protocol=pickle.HIGHEST_PROTOCOL), dtype=np.uint8)
    token = uuid.uuid4().hex
    # tasks are already chunks of work: one per dispatch (no batching, whose last batches
    # leave a worker idle), all queued at once (workers never wait for the parent)
    parallel = Parallel(n_jobs=workers, backend="loky", return_as="generator_unordered", batch_size=1,
                        pre_dispatch="all")
    yield from parallel(delayed(_run_cached)(i, token, blob, task) for i, task in enumerate(tasks))


def _connect(target):
    """A Client for ``target`` and whether this call owns it (and must close it)."""
    distributed = _distributed("scheduler")
    if isinstance(target, distributed.Client):
        return target, False
    if isinstance(target, str) and "://" not in target:
        return distributed.Client(scheduler_file=target, set_as_default=False), True
    if isinstance(target, str):
        return distributed.Client(target, set_as_default=False), True
    return distributed.Client(target, set_as_default=False), True  # a cluster object


def _dask(function, shared, tasks, target):
    from distributed import as_completed

    client, owned = _connect(target)
    try:
        # the statistic and the data go to every worker once; a task carries only its key
        (payload,) = client.scatter([(function, shared)], broadcast=True, hash=False)
        futures = client.map(_run_scattered, range(len(tasks)), tasks, payload=payload, pure=False)
        try:
            for future in as_completed(futures, loop=client.loop):
                yield future.result()
        finally:
            client.cancel(futures + [payload])
    finally:
        if owned:
            client.close()


def map_tasks(function, tasks, *, shared=None, n_jobs=None, scheduler=None, progress: bool = True,
              desc: str = "tasks", unit: str = "task", sizes=None) -> list:
    """Run ``function(shared, task)`` for every task: here, in local processes or on Dask.

    The execution layer of every resampling function of the suite. ``shared`` (a
    statistic, the data) is sent to each worker once; each task should be small (a chunk
    number, a sample size) and draw its random numbers from :func:`seed_for`, so that the
    results are the same whichever process runs it.

    Parameters
    ----------
    function : callable
        ``function(shared, task) -> result``; a module-level function or a closure
        (closures travel with cloudpickle).
    tasks : sequence
        The tasks, each passed to ``function`` as its second argument.
    shared : object, optional
        What every task needs (picklable).
    n_jobs : int, optional
        Local worker processes (joblib's ``loky`` backend): ``None`` or ``-1`` every
        core, ``1`` this process. Ignored on a Dask cluster (its workers decide).
    scheduler : str, Client, cluster or None
        Run on a Dask cluster; see :func:`check_scheduler` (``None`` reads
        ``SXM_SCHEDULER``).
    progress : bool
        Show a progress bar (``tqdm.auto``: a widget in Jupyter, text in a terminal).
    desc, unit : str
        Label and unit of the progress bar.
    sizes : sequence of int, optional
        What each task counts for in the progress bar (e.g. resamples per chunk);
        1 each by default.

    Returns
    -------
    list
        The results, in the order of ``tasks`` (whatever order they finished in).

    See Also
    --------
    bootstrap : resamples of respondents, on top of this function.

    Examples
    --------
    >>> def power_of(shared, task):
    ...     return shared ** task
    >>> map_tasks(power_of, [0, 1, 2, 3], shared=2, n_jobs=1, progress=False)
    [1, 2, 4, 8]
    >>> map_tasks(power_of, [0, 1, 2, 3], shared=2, n_jobs=2, progress=False)
    [1, 2, 4, 8]
    """
    if not callable(function):
        raise SurveyTypeError(f"function: must be callable; got {type(function).__name__}")
    try:
        tasks = list(tasks)
    except TypeError:
        raise SurveyTypeError(f"tasks: must be a sequence of tasks; got {type(tasks).__name__}") from None
    _, _, n_jobs, progress = check_resampling(0, None, n_jobs, progress)
    target = check_scheduler(scheduler)
    weights = [1] * len(tasks) if sizes is None else [int(s) for s in sizes]
    if len(weights) != len(tasks):
        raise SurveyError(f"sizes: needs one size per task ({len(tasks)}); got {len(weights)}")
    results: list = [None] * len(tasks)
    if not tasks:
        return results
    bar = _progress_bar(progress, sum(weights), desc, unit)
    try:
        if target is not None:
            finished = _dask(function, shared, tasks, target)
        elif min(_n_workers(n_jobs), len(tasks)) <= 1:
            finished = ((i, _run(function, shared, task)) for i, task in enumerate(tasks))
        else:
            finished = _loky(function, shared, tasks, min(_n_workers(n_jobs), len(tasks)))
        for i, value in finished:
            results[i] = value
            if bar is not None:
                bar.update(weights[i])
    finally:
        if bar is not None:
            bar.close()
    return results


# --------------------------------------------------------------------------------------
# the bootstrap
# --------------------------------------------------------------------------------------
def _take(data, idx):
    if isinstance(data, pd.DataFrame):
        out = data.iloc[idx]
        out.index = pd.RangeIndex(len(idx))
        return out
    return data[idx]


def _bootstrap_chunk(shared, task):
    """Evaluate the statistic on the resamples of one chunk: ``(draws, failed)``."""
    statistic, data, k, seed = shared
    chunk_id, size = task
    n = len(data)
    rng = np.random.default_rng(seed_for(seed, chunk_id))
    out = np.full((size, k), np.nan)
    failed = 0
    for b in range(size):  # loop over resamples, never over respondents
        idx = rng.integers(0, n, size=n)
        try:
            value = np.asarray(statistic(_take(data, idx)), dtype=float).ravel()
        except Exception:  # noqa: BLE001 - a failed resample is recorded as NaN and counted
            failed += 1
            continue
        if value.size != k:
            failed += 1
            continue
        out[b] = value
    return out, failed


def _seconds_per_resample(statistic, data) -> float:
    """Time of the statistic on one resample (drawn from a stream of its own: the draws of
    the bootstrap are unchanged). The statistic on the full data can be much faster than on
    a resample (an iterative fit starting at its own solution), so it is not the yardstick."""
    rng = np.random.default_rng(0)
    sample = _take(data, rng.integers(0, len(data), size=len(data)))
    start = time.perf_counter()
    try:
        statistic(sample)
    except Exception:  # noqa: BLE001 - a failed resample says nothing about the time; assume a long job
        return float("inf")
    return time.perf_counter() - start


def bootstrap(statistic, data, *, n_boot: int, seed=None, n_jobs=None, scheduler=None, desc: str = "bootstrap",
              progress: bool = True) -> np.ndarray:
    """Bootstrap a statistic by resampling respondents (rows) with replacement.

    Parameters
    ----------
    statistic : callable
        ``statistic(sample) -> array of k numbers``; ``sample`` has the type of ``data``
        (a DataFrame keeps its columns and gets a fresh RangeIndex).
    data : DataFrame or ndarray
        Respondents in rows. Not modified.
    n_boot : int
        Number of resamples B.
    seed : int or SeedSequence, optional
        Makes the draws reproducible, whatever ``n_jobs`` and the backend are.
    n_jobs : int, optional
        Worker processes on this machine; ``-1`` uses every core, ``1`` runs in this
        process, ``None`` every core unless the job is estimated to take under
        :data:`SERIAL_BELOW` seconds serially (then it runs here: starting workers would
        cost more).
    scheduler : str, Client, cluster or None
        Run the resamples on a Dask cluster (see :func:`check_scheduler`); ``None`` reads
        the ``SXM_SCHEDULER`` environment variable.
    desc : str
        Label of the progress bar.
    progress : bool
        Show a progress bar (``tqdm.auto``).

    Returns
    -------
    ndarray, shape (n_boot, k)
        One row per resample; a resample whose statistic raised (e.g. a non-converged
        fit) is a row of NaN, and a warning says how many there were.

    See Also
    --------
    percentile_ci : percentile intervals of the draws.
    map_tasks : the execution layer underneath.

    Notes
    -----
    Resamples are drawn in chunks of :data:`CHUNK`; chunk ``c`` draws from
    ``seed_for(seed, c)``. One chunk is one task of :func:`map_tasks`.

    Examples
    --------
    >>> x = np.arange(10.0)
    >>> draws = bootstrap(lambda s: [s.mean()], x, n_boot=200, seed=1, n_jobs=1, progress=False)
    >>> draws.shape
    (200, 1)
    >>> bool(np.array_equal(draws, bootstrap(lambda s: [s.mean()], x, n_boot=200, seed=1, n_jobs=2, progress=False)))
    True
    """
    if not callable(statistic):
        raise SurveyTypeError(f"statistic: must be callable; got {type(statistic).__name__}")
    n_boot, seed, n_jobs, progress = check_resampling(n_boot, seed, n_jobs, progress, minimum=1)
    target = check_scheduler(scheduler)
    if not isinstance(data, (pd.DataFrame, np.ndarray)):
        raise SurveyTypeError(f"data: must be a DataFrame or ndarray; got {type(data).__name__}")
    n = len(data)
    if n < 2:
        raise SurveyError(f"data: the bootstrap needs at least 2 respondents; got {n}")
    seed_seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    k = np.asarray(statistic(data), dtype=float).size
    if target is None and n_jobs is None and _seconds_per_resample(statistic, data) * n_boot < SERIAL_BELOW:
        n_jobs = 1
    tasks = [(cid, min(CHUNK, n_boot - first)) for cid, first in enumerate(range(0, n_boot, CHUNK))]
    chunks = map_tasks(_bootstrap_chunk, tasks, shared=(statistic, data, k, seed_seq), n_jobs=n_jobs,
                       scheduler=target if target is not None else "local", progress=progress, desc=desc,
                       unit="resample", sizes=[size for _, size in tasks])
    results = np.concatenate([out for out, _ in chunks])
    failed = sum(bad for _, bad in chunks)
    if failed:
        warnings.warn(f"{desc}: {failed} of {n_boot} resamples failed and are left out (NaN)", RuntimeWarning,
                      stacklevel=2)
    return results


def percentile_ci(draws, level: float = 0.95):
    """Percentile bootstrap confidence interval of each column of ``draws`` (NaN rows ignored).

    Parameters
    ----------
    draws : array-like, shape (n_boot,) or (n_boot, k)
        Bootstrap estimates, one row per resample.
    level : float
        Confidence level.

    Returns
    -------
    (ndarray, ndarray)
        The lower and upper bounds, one per column.

    See Also
    --------
    bootstrap : draws the resamples.

    Examples
    --------
    >>> low, high = percentile_ci(np.arange(101.0)[:, None], level=0.9)
    >>> float(low[0]), float(high[0])
    (5.0, 95.0)
    """
    level = check_level(level)
    try:
        draws = np.asarray(draws, dtype=float)
    except (TypeError, ValueError):
        raise SurveyTypeError(f"draws: must be an array of bootstrap estimates (numbers); got {type(draws).__name__}") from None
    if draws.ndim == 0:
        raise SurveyTypeError("draws: must be an array of bootstrap estimates, one row per resample; got a single number")
    if draws.ndim == 1:
        draws = draws[:, None]
    tail = round((1 - level) / 2, 12)  # 0.05 for level 0.9, not 0.04999...
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low = np.nanquantile(draws, tail, axis=0)
        high = np.nanquantile(draws, 1 - tail, axis=0)
    return low, high
