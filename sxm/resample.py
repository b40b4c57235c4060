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

from .io import SurveyError, SurveyTypeError

__all__ = ["bootstrap", "percentile_ci", "CHUNK"]

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
    if not isinstance(n_jobs, (int, np.integer)) or n_jobs < 1:
        raise SurveyError(f"n_jobs: must be a positive whole number, -1 or None (all cores); got {n_jobs!r}")
    return int(n_jobs)


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
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise SurveyError(f"n_boot: must be a positive whole number of resamples; got {n_boot!r}")
    if not isinstance(data, (pd.DataFrame, np.ndarray)):
        raise SurveyTypeError(f"data: must be a DataFrame or ndarray; got {type(data).__name__}")
    n = len(data)
    if n < 2:
        raise SurveyError(f"data: the bootstrap needs at least 2 respondents; got {n}")
    if not (seed is None or isinstance(seed, np.random.SeedSequence)
            or (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0)):
        raise SurveyTypeError(f"seed: must be a non-negative whole number (or None); got {seed!r}")
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


def percentile_ci(draws, alpha: float = 0.05):
    """Percentile bootstrap confidence interval of each column of ``draws`` (NaN rows ignored).

    Examples
    --------
    >>> low, high = percentile_ci(np.arange(101.0)[:, None], alpha=0.1)
    >>> float(low[0]), float(high[0])
    (5.0, 95.0)
    """
    if not 0 < alpha < 1:
        raise SurveyError(f"alpha: must lie between 0 and 1; got {alpha!r}")
    try:
        draws = np.asarray(draws, dtype=float)
    except (TypeError, ValueError):
        raise SurveyTypeError(f"draws: must be an array of bootstrap estimates (numbers); got {type(draws).__name__}") from None
    if draws.ndim == 0:
        raise SurveyTypeError("draws: must be an array of bootstrap estimates, one row per resample; got a single number")
    if draws.ndim == 1:
        draws = draws[:, None]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low = np.nanquantile(draws, alpha / 2, axis=0)
        high = np.nanquantile(draws, 1 - alpha / 2, axis=0)
    return low, high
