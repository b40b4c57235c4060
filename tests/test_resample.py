"""Tests of sxm.resample: reproducibility, the same draws on every backend (this process,
loky processes, a Dask LocalCluster), percentile CIs by hand, the scheduler option."""
import os

import numpy as np
import pandas as pd
import pytest

from sxm import cli
from sxm.io import SurveyError, SurveyTypeError
from sxm.resample import (CHUNK, SCHEDULER_ENV, bootstrap, check_resampling, check_scheduler, map_tasks,
                          percentile_ci, seed_for)


def _mean(sample):
    return [sample["x"].mean(), sample["y"].mean()]


@pytest.fixture
def frame():
    rng = np.random.default_rng(0)
    return pd.DataFrame({"x": rng.normal(size=60), "y": rng.normal(size=60)})


@pytest.fixture(autouse=True)
def _no_scheduler_from_the_environment(monkeypatch):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)


@pytest.fixture(scope="module")
def cluster():
    """A Dask cluster of 2 worker processes on 127.0.0.1 (no dashboard, nothing else opened)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local


def test_same_draws_for_any_number_of_processes(frame):
    serial = bootstrap(_mean, frame, n_boot=3 * CHUNK + 7, seed=11, n_jobs=1, progress=False)
    parallel = bootstrap(_mean, frame, n_boot=3 * CHUNK + 7, seed=11, n_jobs=2, progress=False)
    assert serial.shape == (3 * CHUNK + 7, 2)
    np.testing.assert_array_equal(serial, parallel)


def test_draws_are_those_of_the_chunk_seeds(frame):
    """Chunk c resamples with default_rng(seed_for(seed, c)): the rule that makes any backend agree."""
    draws = bootstrap(_mean, frame, n_boot=CHUNK + 1, seed=3, n_jobs=1, progress=False)
    rng = np.random.default_rng(seed_for(3, 1))  # the second chunk holds the last resample alone
    idx = rng.integers(0, len(frame), size=len(frame))
    np.testing.assert_array_equal(draws[CHUNK], _mean(frame.iloc[idx]))
    assert seed_for(np.random.SeedSequence(3), 1).spawn_key == seed_for(3, 1).spawn_key == (1,)


def test_seed_changes_draws_and_caller_data_unchanged(frame):
    before = frame.copy()
    a = bootstrap(_mean, frame, n_boot=50, seed=1, n_jobs=1, progress=False)
    b = bootstrap(_mean, frame, n_boot=50, seed=2, n_jobs=1, progress=False)
    assert not np.array_equal(a, b)
    pd.testing.assert_frame_equal(frame, before)


def test_bootstrap_mean_matches_theory(frame):
    """The bootstrap SE of a mean approaches s/sqrt(n) * sqrt((n-1)/n) (plug-in SE)."""
    draws = bootstrap(_mean, frame, n_boot=2000, seed=5, n_jobs=1, progress=False)
    x = frame["x"].to_numpy()
    plug_in = x.std(ddof=0) / np.sqrt(len(x))
    assert draws[:, 0].std(ddof=1) == pytest.approx(plug_in, rel=0.08)


def test_failed_resamples_are_nan_and_warned():
    data = np.arange(20.0)

    def fragile(sample):
        if sample[0] > 15:
            raise np.linalg.LinAlgError("singular")
        return [sample.mean()]

    with pytest.warns(RuntimeWarning, match="resamples failed"):
        draws = bootstrap(fragile, data, n_boot=100, seed=3, n_jobs=1, progress=False)
    assert np.isnan(draws[:, 0]).any() and np.isfinite(draws[:, 0]).any()
    with pytest.warns(RuntimeWarning, match="resamples failed"):
        again = bootstrap(fragile, data, n_boot=100, seed=3, n_jobs=2, progress=False)
    np.testing.assert_array_equal(draws, again)


def test_percentile_ci_by_hand():
    """Quantiles of 0..100 at 2.5% and 97.5% (linear interpolation) are 2.5 and 97.5."""
    low, high = percentile_ci(np.arange(101.0), level=0.95)
    assert (low[0], high[0]) == (2.5, 97.5)


def _scaled(shared, task):
    return shared["factor"] * task + os.getpid() * 0


def test_map_tasks_keeps_task_order_and_shares_once():
    shared = {"factor": 3, "big": np.ones(300_000)}  # 2.4 MB: joblib memory-maps the payload
    tasks = list(range(40))
    assert map_tasks(_scaled, tasks, shared=shared, n_jobs=1, progress=False) == [3 * t for t in tasks]
    assert map_tasks(_scaled, tasks, shared=shared, n_jobs=2, progress=False) == [3 * t for t in tasks]
    assert map_tasks(_scaled, [], shared=shared, progress=False) == []


def test_map_tasks_runs_closures_in_worker_processes():
    offset = 5
    pids = map_tasks(lambda shared, task: (task + offset, os.getpid()), range(6), n_jobs=2, progress=False)
    assert [value for value, _ in pids] == [5, 6, 7, 8, 9, 10]
    assert os.getpid() not in {pid for _, pid in pids}


def _pid_of(sample):
    return [os.getpid()]


def _slow_pid_of(sample):
    import time

    time.sleep(0.004)
    return [os.getpid()]


def test_small_jobs_stay_in_this_process_large_ones_do_not():
    """n_jobs=None runs a job here when one resample times it under SERIAL_BELOW seconds in
    all (starting workers would cost more), and on every core otherwise; n_jobs=-1 always
    uses every core."""
    data = np.arange(50.0)
    fast = bootstrap(_pid_of, data, n_boot=50, seed=1, progress=False)
    assert set(fast[:, 0]) == {os.getpid()}
    slow = bootstrap(_slow_pid_of, data, n_boot=200, seed=1, progress=False)  # 200 x 4 ms = 0.8 s
    assert os.getpid() not in set(slow[:, 0])
    forced = bootstrap(_pid_of, data, n_boot=50, seed=1, n_jobs=-1, progress=False)
    assert os.getpid() not in set(forced[:, 0])


def test_progress_bar_counts_resamples(frame, capsys):
    bootstrap(_mean, frame, n_boot=60, seed=1, n_jobs=1, progress=True, desc="my bootstrap")
    err = capsys.readouterr().err
    assert "my bootstrap" in err and "/60" in err


def test_sem_bootstrap_identical_with_loky():
    """A closure over the SEM engine travels to loky workers and gives the serial draws."""
    sem = pytest.importorskip("sxm.sem")
    from semopy.examples import holzinger39

    data = holzinger39.get_data()
    model = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6"
    serial = sem.fit(model, data, seed=4, n_jobs=1, n_boot=60)
    local = sem.fit(model, data, seed=4, n_jobs=2, n_boot=60)
    np.testing.assert_array_equal(serial.boot_draws, local.boot_draws)


# --------------------------------------------------------------------------------------
# Dask distributed
# --------------------------------------------------------------------------------------
@pytest.mark.slow
def test_dask_cluster_gives_the_serial_draws(frame, cluster, monkeypatch):
    """Address, Client, cluster object and SXM_SCHEDULER all run on the 2-worker LocalCluster."""
    from distributed import Client

    serial = bootstrap(_mean, frame, n_boot=3 * CHUNK + 7, seed=11, n_jobs=1, progress=False)
    by_address = bootstrap(_mean, frame, n_boot=3 * CHUNK + 7, seed=11, scheduler=cluster.scheduler_address,
                           progress=False)
    np.testing.assert_array_equal(serial, by_address)
    with Client(cluster, set_as_default=False) as client:
        by_client = bootstrap(_mean, frame, n_boot=3 * CHUNK + 7, seed=11, scheduler=client, progress=False)
        assert client.status == "running"  # a caller's client is left open
        pids = map_tasks(lambda shared, task: os.getpid(), range(8), scheduler=client, progress=False)
    np.testing.assert_array_equal(serial, by_client)
    assert os.getpid() not in pids
    by_cluster = bootstrap(_mean, frame, n_boot=3 * CHUNK + 7, seed=11, scheduler=cluster, progress=False)
    np.testing.assert_array_equal(serial, by_cluster)
    monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
    by_env = bootstrap(_mean, frame, n_boot=3 * CHUNK + 7, seed=11, progress=False)
    np.testing.assert_array_equal(serial, by_env)
    local = bootstrap(_mean, frame, n_boot=3 * CHUNK + 7, seed=11, scheduler="local", n_jobs=1, progress=False)
    np.testing.assert_array_equal(serial, local)


@pytest.mark.slow
def test_sem_bootstrap_on_dask_equals_serial(cluster, monkeypatch):
    """sxm.sem.fit has no scheduler argument: SXM_SCHEDULER sends its bootstrap to the cluster."""
    sem = pytest.importorskip("sxm.sem")
    from semopy.examples import holzinger39

    data = holzinger39.get_data()
    model = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6"
    serial = sem.fit(model, data, seed=4, n_jobs=1, n_boot=60)
    monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
    remote = sem.fit(model, data, seed=4, n_boot=60)
    np.testing.assert_array_equal(serial.boot_draws, remote.boot_draws)
    pd.testing.assert_frame_equal(serial.estimates, remote.estimates)


@pytest.mark.slow
def test_monte_carlo_on_dask_equals_serial(cluster):
    """sxm.power.monte_carlo on the 2-worker LocalCluster gives the serial tables."""
    from sxm import power

    pop = "x =~ 0.7*x1 + 0.7*x2 + 0.7*x3; y =~ 0.7*y1 + 0.7*y2 + 0.7*y3; y ~ 0.3*x"
    serial = power.monte_carlo(pop, [50, 80], reps=CHUNK + 5, seed=8, n_jobs=1, progress=False)
    remote = power.monte_carlo(pop, [50, 80], reps=CHUNK + 5, seed=8, scheduler=cluster.scheduler_address,
                               progress=False)
    pd.testing.assert_frame_equal(serial.estimates, remote.estimates)
    pd.testing.assert_frame_equal(serial.fit, remote.fit)
    pd.testing.assert_frame_equal(serial.draws, remote.draws)


def test_cli_scheduler_reaches_the_notebooks_and_is_restored(monkeypatch, tmp_path):
    """``sxm run --scheduler`` sets SXM_SCHEDULER for the kernels it starts, then restores it."""
    seen = {}

    def fake_execute(chapter, values, **kwargs):
        seen["env"] = os.environ.get(SCHEDULER_ENV)
        return cli.runner.Outcome(chapter, tmp_path / chapter.name, "ok", 0.0)

    monkeypatch.setattr(cli.runner, "execute", fake_execute)
    assert cli.main(["run", "01", "--scheduler", "tcp://127.0.0.1:8786", "--out", str(tmp_path)]) == 0
    assert seen["env"] == "tcp://127.0.0.1:8786"
    assert SCHEDULER_ENV not in os.environ
    assert cli.main(["run", "01", "--scheduler", "my-laptop", "--out", str(tmp_path)]) == 2


# --------------------------------------------------------------------------------------
# options
# --------------------------------------------------------------------------------------
def test_check_scheduler(monkeypatch, tmp_path):
    assert check_scheduler(None) is None
    assert check_scheduler("local") is None
    assert check_scheduler(" tcp://10.0.0.5:8786 ") == "tcp://10.0.0.5:8786"
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://10.0.0.5:8786")
    assert check_scheduler(None) == "tcp://10.0.0.5:8786"
    assert check_scheduler("local") is None  # overrides the environment
    monkeypatch.setenv(SCHEDULER_ENV, "nonsense")
    with pytest.raises(SurveyError, match=r"environment variable SXM_SCHEDULER: .*'nonsense'"):
        check_scheduler(None)
    monkeypatch.setenv(SCHEDULER_ENV, "")
    assert check_scheduler(None) is None
    with pytest.raises(SurveyError, match=r"scheduler file .*does not exist"):
        check_scheduler(str(tmp_path / "scheduler.json"))
    (tmp_path / "scheduler.json").write_text("{}")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert check_scheduler("~/scheduler.json") == str(tmp_path / "scheduler.json")
    with pytest.raises(SurveyTypeError, match=r"scheduler: .*int 4"):
        check_scheduler(4)


def test_check_resampling_names_the_argument():
    with pytest.raises(SurveyError, match=r"^reps: must be a whole number of replications \(at least 2\)"):
        check_resampling(1, minimum=2, name="reps")


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(n_boot=0), SurveyError, "n_boot"),
        (dict(n_boot=10, n_jobs=0), SurveyError, "n_jobs"),
        (dict(n_boot=10, data=[1, 2, 3]), SurveyTypeError, "data"),
        (dict(n_boot=10, data=np.array([1.0])), SurveyError, "at least 2"),
        (dict(n_boot=10, scheduler="somewhere"), SurveyError, "scheduler"),
    ],
)
def test_bad_input(kwargs, error, match):
    data = kwargs.pop("data", np.arange(5.0))
    with pytest.raises(error, match=match):
        bootstrap(lambda s: [s.mean()], data, seed=1, progress=False, **kwargs)


def test_map_tasks_bad_input():
    with pytest.raises(SurveyTypeError, match="function"):
        map_tasks("f", [1])
    with pytest.raises(SurveyTypeError, match="tasks"):
        map_tasks(_scaled, 5)
    with pytest.raises(SurveyError, match="sizes"):
        map_tasks(_scaled, [1, 2], shared={"factor": 1}, sizes=[1], progress=False)
