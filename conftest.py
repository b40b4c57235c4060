"""Root conftest: nbval compares text outputs only (not HTML, not stderr)."""


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("text/html", "application/javascript", "stderr", "image/png", "image/svg+xml")
