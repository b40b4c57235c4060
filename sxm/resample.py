"""Parallel, reproducible bootstrap over respondents.

One implementation serves every module (SEM effects, PLS paths, ...): resample indices are
drawn from ``numpy.random.SeedSequence(seed)`` in fixed-size chunks, so the draws are the
same whatever the number of processes; chunks run in forked worker processes and a tqdm bar
on stderr shows progress.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np
import pandas as pd

from .io import SurveyError, SurveyTypeError, check_level

__all__ = ["bootstrap", "percentile_ci", "check_resampling", "CHUNK"]

#: resamples per chunk; fixed so that results do not depend on ``n_jobs``
CHUNK = 25

# state inherited by forked workers (set just before the pool starts)
_STATE: dict = {}


def _take(data, idx):
    if isinstance(data, pd.DataFrame):
        out = data.iloc[idx]
        out.index = pd.RangeIndex(len(idx))
        return out
    return data[idx]


def _run_chunk(chunk_id: int, size: int):
    """Evaluate the statistic on ``size`` resamples of chunk ``chunk_id``."""
    statistic, data, n, k, seed_seq = (_STATE[key] for key in ("statistic", "data", "n", "k", "seed"))
    rng = np.random.default_rng(_chunk_seed(seed_seq, chunk_id))
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
    return chunk_id, out, failed


def _chunk_seed(seed_seq: np.random.SeedSequence, chunk_id: int) -> np.random.SeedSequence:
    return np.random.SeedSequence(entropy=seed_seq.entropy, spawn_key=(*seed_seq.spawn_key, chunk_id))


def _n_workers(n_jobs) -> int:
    cpus = os.cpu_count() or 1
    if n_jobs is None or n_jobs == -1:
        return cpus
    return int(n_jobs)


def check_resampling(n_boot, seed=None, n_jobs=None, progress=True, *, minimum: int = 0):
    """Validate the options every resampling function takes; return them normalized.

    The one check of ``n_boot``, ``seed``, ``n_jobs`` and ``progress`` in the suite, so that
    every function gives the same message for the same mistake.

    Parameters
    ----------
    n_boot : int
        Number of resamples; 0 means none (when ``minimum`` is 0).
    seed : int, SeedSequence or None
        Makes the draws reproducible.
    n_jobs : int or None
        Worker processes: ``None`` or ``-1`` for every core, ``1`` for this process.
    progress : bool
        Whether to show a progress bar.
    minimum : int
        The fewest resamples accepted (other than 0 when ``minimum`` is 0).

    Returns
    -------
    tuple
        ``(n_boot, seed, n_jobs, progress)`` with ``n_boot`` a Python int.

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
        raise SurveyError(f"n_boot: must be a whole number of resamples ({lowest}), e.g. 1000; got {n_boot!r}")
    if not (seed is None or isinstance(seed, np.random.SeedSequence)
            or (isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)) and seed >= 0)):
        raise SurveyTypeError(f"seed: must be a non-negative whole number (or None); got {seed!r}")
    if n_jobs is not None and (isinstance(n_jobs, (bool, np.bool_)) or not isinstance(n_jobs, (int, np.integer))
                               or not (n_jobs >= 1 or n_jobs == -1)):
        raise SurveyError(f"n_jobs: must be a positive whole number, -1 or None (all cores); got {n_jobs!r}")
    if not isinstance(progress, (bool, np.bool_)):
        raise SurveyTypeError(f"progress: must be True or False; got {progress!r}")
    return int(n_boot), seed, (None if n_jobs is None else int(n_jobs)), bool(progress)


def bootstrap(statistic, data, *, n_boot: int, seed=None, n_jobs=None, desc: str = "bootstrap",
              progress: bool = True) -> np.ndarray:
    """Bootstrap a statistic by resampling respondents (rows) with replacement.

    Parameters
    ----------
    statistic : callable
        ``statistic(sample) -> array of k numbers``; ``sample`` has the type of ``data``
        (a DataFrame keeps its columns and gets a fresh RangeIndex).
    data : DataFrame or ndarray
        Respondents in rows.
    n_boot : int
        Number of resamples B.
    seed : int or SeedSequence, optional
        Makes the draws reproducible, whatever ``n_jobs`` is.
    n_jobs : int, optional
        Worker processes; ``None`` or ``-1`` uses every core, ``1`` runs in this process.
    desc : str
        Label of the progress bar.
    progress : bool
        Show a tqdm progress bar on stderr.

    Returns
    -------
    ndarray, shape (n_boot, k)
        One row per resample; a resample whose statistic raised (e.g. a non-converged
        fit) is a row of NaN, and a warning says how many there were.

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
    if not isinstance(data, (pd.DataFrame, np.ndarray)):
        raise SurveyTypeError(f"data: must be a DataFrame or ndarray; got {type(data).__name__}")
    n = len(data)
    if n < 2:
        raise SurveyError(f"data: the bootstrap needs at least 2 respondents; got {n}")
    seed_seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    k = np.asarray(statistic(data), dtype=float).size
    workers = min(_n_workers(n_jobs), -(-n_boot // CHUNK))
    sizes = [min(CHUNK, n_boot - start) for start in range(0, n_boot, CHUNK)]
    results = np.full((n_boot, k), np.nan)
    failed = 0
    _STATE.update(statistic=statistic, data=data, n=n, k=k, seed=seed_seq)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=n_boot, desc=desc, unit="resample", leave=False, mininterval=0.5)
    try:
        if workers <= 1:
            for cid, size in enumerate(sizes):
                _, out, bad = _run_chunk(cid, size)
                results[cid * CHUNK: cid * CHUNK + size] = out
                failed += bad
                if bar is not None:
                    bar.update(size)
        else:
            ctx = mp.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                futures = [pool.submit(_run_chunk, cid, size) for cid, size in enumerate(sizes)]
                for fut in as_completed(futures):
                    cid, out, bad = fut.result()
                    results[cid * CHUNK: cid * CHUNK + len(out)] = out
                    failed += bad
                    if bar is not None:
                        bar.update(len(out))
    finally:
        _STATE.clear()
        if bar is not None:
            bar.close()
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
