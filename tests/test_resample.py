"""Tests of sxm.resample: reproducibility, parallel = serial, percentile CIs by hand."""
import numpy as np
import pandas as pd
import pytest

from sxm.io import SurveyError, SurveyTypeError
from sxm.resample import CHUNK, bootstrap, percentile_ci


def _mean(sample):
    return [sample["x"].mean(), sample["y"].mean()]


@pytest.fixture
def frame():
    rng = np.random.default_rng(0)
    return pd.DataFrame({"x": rng.normal(size=60), "y": rng.normal(size=60)})


def test_same_draws_for_any_number_of_processes(frame):
    serial = bootstrap(_mean, frame, n_boot=3 * CHUNK + 7, seed=11, n_jobs=1, progress=False)
    parallel = bootstrap(_mean, frame, n_boot=3 * CHUNK + 7, seed=11, n_jobs=2, progress=False)
    assert serial.shape == (3 * CHUNK + 7, 2)
    np.testing.assert_array_equal(serial, parallel)


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


def test_percentile_ci_by_hand():
    """Quantiles of 0..100 at 2.5% and 97.5% (linear interpolation) are 2.5 and 97.5."""
    low, high = percentile_ci(np.arange(101.0), level=0.95)
    assert (low[0], high[0]) == (2.5, 97.5)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(n_boot=0), SurveyError, "n_boot"),
        (dict(n_boot=10, n_jobs=0), SurveyError, "n_jobs"),
        (dict(n_boot=10, data=[1, 2, 3]), SurveyTypeError, "data"),
        (dict(n_boot=10, data=np.array([1.0])), SurveyError, "at least 2"),
    ],
)
def test_bad_input(kwargs, error, match):
    data = kwargs.pop("data", np.arange(5.0))
    with pytest.raises(error, match=match):
        bootstrap(lambda s: [s.mean()], data, seed=1, progress=False, **kwargs)
