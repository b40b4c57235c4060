"""Root conftest: nbval compares text outputs only; tests cannot leak display settings or figures."""
import sys

import pytest

_DISPLAY = ("display.precision", "display.max_columns", "display.width")


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("text/html", "application/javascript", "stderr", "image/png", "image/svg+xml")


@pytest.fixture(autouse=True)
def _restore_display_options():
    """sxm.nb.setup() changes pandas' display options; restore them so that doctests in the
    same worker print as they would alone."""
    import pandas as pd

    saved = {key: pd.get_option(key) for key in _DISPLAY}
    yield
    for key, value in saved.items():
        pd.set_option(key, value)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test or doctest drew (pyplot keeps them open: memory, and
    matplotlib's "More than 20 figures" warning in the next test of the worker)."""
    yield
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
