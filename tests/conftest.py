"""Test-wide fixtures: no network, a headless matplotlib, and nbval's comparison rules."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

# headless figures in the test process only: not through the environment, which the
# notebook kernels started by nbval would inherit (and then store no figures)
import matplotlib  # noqa: E402

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DATA = ROOT.parent / "shared" / "reference-data"


def _is_local(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode()
    if isinstance(host, str) and (host in {"localhost", "", "::1"} or host.startswith("127.")):
        return True
    return isinstance(address, (str, bytes))  # AF_UNIX sockets are local


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection to a non-local address fails the test (no downloads at run time)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(self, address, *args):
        if not _is_local(address):
            raise RuntimeError(f"network access during tests is forbidden: {address!r}")
        return real_connect(self, address, *args)

    def guarded_ex(self, address, *args):
        if not _is_local(address):
            raise RuntimeError(f"network access during tests is forbidden: {address!r}")
        return real_connect_ex(self, address, *args)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_ex)
    yield


def reference_csv(name: str):
    """Path of a file in ../shared/reference-data, or skip the test when it is absent."""
    path = REFERENCE_DATA / name
    if not path.exists():
        pytest.skip(f"reference data {name} not available (../shared/reference-data is absent)")
    return path


@pytest.fixture
def reference_data():
    """Fixture form of :func:`reference_csv`: ``reference_data("ecsi_mobi.csv")``."""
    return reference_csv


# property tests draw the same examples on every run (CI must not be flaky)
from hypothesis import settings as _settings  # noqa: E402

_settings.register_profile("sxm", derandomize=True, deadline=None)
_settings.load_profile("sxm")
