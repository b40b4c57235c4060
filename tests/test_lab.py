"""JupyterLab smoke test: the suite opens in JupyterLab and a kernel runs ``sxm`` there.

Starts ``jupyter lab`` from the project's virtual environment on a free loopback port
(``--allow-root`` because CI containers run as root), with every Jupyter/IPython/
matplotlib folder redirected to a temporary directory so that nothing is written into the
repository or ``$HOME``. Then, through the server's REST API and a kernel's websocket:

1. the contents API lists exactly the chapter notebooks found on disk;
2. a kernel started for a chapter notebook (as JupyterLab does when the notebook is
   opened) executes ``import sxm`` and the chapter's parameters cell;
3. ``POST /api/shutdown`` stops the server and the process exits with status 0.

Only loopback connections are made, which the test-wide network guard allows.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

import sxm

pytestmark = [pytest.mark.lab, pytest.mark.slow, pytest.mark.timeout(240)]

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
HOST = "127.0.0.1"
START_TIMEOUT = 90  # seconds for the server to answer /api/status
REPLY_TIMEOUT = 60  # seconds for a kernel to answer one execute request

# talk to the loopback server directly, whatever proxy the environment configures
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _jupyter() -> Path | None:
    """The ``jupyter`` launcher next to the running interpreter (the project's .venv)."""
    for folder in (Path(sys.executable).parent, ROOT / ".venv" / "bin"):
        exe = folder / "jupyter"
        if exe.exists() and (folder / "jupyter-lab").exists():
            return exe
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab server and a small REST client for it."""

    def __init__(self, tmp: Path, notebook_dir: Path = NOTEBOOKS):
        self.notebook_dir = notebook_dir
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://{HOST}:{self.port}"
        self.log = tmp / "lab.log"
        home = tmp / "home"
        env = dict(os.environ)
        env.update(
            HOME=str(home),
            # short: kernels use IPC sockets there, and a socket path has at most 107 bytes
            JUPYTER_RUNTIME_DIR=tempfile.mkdtemp(prefix="sxm-jr-"),
            JUPYTER_CONFIG_DIR=str(tmp / "config"),
            JUPYTER_DATA_DIR=str(tmp / "data"),
            JUPYTERLAB_SETTINGS_DIR=str(tmp / "lab-settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(tmp / "lab-workspaces"),
            IPYTHONDIR=str(tmp / "ipython"),
            MPLCONFIGDIR=str(tmp / "mpl"),
            MPLBACKEND="Agg",
            JUPYTER_PLATFORM_DIRS="1",
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            env.pop(key, None)
        home.mkdir()
        cmd = [
            str(_jupyter()), "lab",
            f"--ServerApp.ip={HOST}", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}", "--allow-root", "--no-browser",
            f"--notebook-dir={notebook_dir}", "--ServerApp.open_browser=False",
            "--KernelManager.transport=ipc",  # as `make lab`: no TCP, no "without encryption" warning
            "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        self.runtime = env["JUPYTER_RUNTIME_DIR"]
        self._log = open(self.log, "wb")
        self.proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)

    # -- REST ---------------------------------------------------------------------------
    def request(self, method: str, path: str, body=None, timeout: float = 10):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", f"token {self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        with _OPENER.open(req, timeout=timeout) as resp:
            raw = resp.read()
            return resp.status, (json.loads(raw) if raw else None)

    def log_text(self) -> str:
        self._log.flush()
        return self.log.read_text(errors="replace")[-4000:]

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"jupyter lab exited with {self.proc.returncode} while starting:\n{self.log_text()}")
            try:
                status, _ = self.request("GET", "/api/status", timeout=2)
                if status == 200:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.3)
        pytest.fail(f"jupyter lab did not answer within {START_TIMEOUT} s:\n{self.log_text()}")

    def stop(self) -> int | None:
        """Ask the server to shut down; return its exit status (None if it had to be killed)."""
        if self.proc.poll() is None:
            try:
                self.request("POST", "/api/shutdown", timeout=10)
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
                self._log.close()
                return None
        self._log.close()
        shutil.rmtree(self.runtime, ignore_errors=True)
        return self.proc.returncode


class KernelChannel:
    """Execute code on a running kernel through ``/api/kernels/<id>/channels``."""

    def __init__(self, lab: Lab, kernel_id: str):
        import websocket  # websocket-client, a dependency of jupyter_server

        self.session = uuid.uuid4().hex
        url = f"ws://{HOST}:{lab.port}/api/kernels/{kernel_id}/channels?session_id={self.session}"
        self.ws = websocket.create_connection(
            url, header=[f"Authorization: token {lab.token}"], timeout=REPLY_TIMEOUT,
            http_no_proxy=[HOST], suppress_origin=True,
        )

    def execute(self, code: str) -> dict:
        """Run ``code``; return its stdout text, error (if any) and execute_reply status."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": self.session,
                       "msg_type": "execute_request", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "buffers": [], "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        out = {"stdout": "", "error": None, "status": None}
        idle = False
        deadline = time.monotonic() + REPLY_TIMEOUT
        while not (idle and out["status"] is not None):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no complete reply to {code!r} within {REPLY_TIMEOUT} s: {out}")
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and content.get("name") == "stdout":
                out["stdout"] += content["text"]
            elif kind == "error":
                out["error"] = f"{content['ename']}: {content['evalue']}"
            elif kind == "execute_reply":
                out["status"] = content["status"]
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
        return out

    def close(self) -> None:
        self.ws.close()


def _chapters_on_disk() -> list[str]:
    from sxm import runner

    return [ch.path.name for ch in runner.chapters(NOTEBOOKS)]


def _parameters_source(lab: Lab, name: str) -> str:
    """The parameters cell of a notebook, read through the contents API."""
    _, model = lab.request("GET", f"/api/contents/{name}?content=1")
    assert model["type"] == "notebook"
    for cell in model["content"]["cells"]:
        if cell["cell_type"] == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell["source"]
    return ""


@pytest.fixture
def lab(tmp_path):
    if _jupyter() is None:
        pytest.skip("jupyter lab is not installed next to this Python (pip install jupyterlab)")
    pytest.importorskip("websocket", reason="websocket-client (a jupyter_server dependency) is missing")
    server = Lab(tmp_path)
    try:
        server.wait_ready()
        yield server
    finally:
        if server.proc.poll() is None:
            server.stop()


def test_jupyterlab_lists_chapters_and_runs_a_kernel(lab, tmp_path):
    had_checkpoints = (NOTEBOOKS / ".ipynb_checkpoints").exists()

    # JupyterLab itself is served (not only the bare Jupyter server)
    status, _ = lab.request("GET", "/api/status")
    assert status == 200
    with _OPENER.open(urllib.request.Request(f"{lab.base}/lab?token={lab.token}"), timeout=10) as resp:
        assert resp.status == 200
        assert b"JupyterLab" in resp.read()

    # 1. the chapter notebooks are listed by the contents API
    _, listing = lab.request("GET", "/api/contents/")
    listed = {item["name"] for item in listing["content"] if item["type"] == "notebook"}
    chapters = _chapters_on_disk()
    assert set(chapters) <= listed, f"chapters missing from the contents API: {set(chapters) - listed}"

    # 2. open a chapter the way JupyterLab does (a session), or a bare kernel before chapters exist
    if chapters:
        _, session = lab.request("POST", "/api/sessions", {
            "path": chapters[0], "name": chapters[0], "type": "notebook", "kernel": {"name": "python3"},
        }, timeout=60)
        kernel_id = session["kernel"]["id"]
    else:
        _, kernel = lab.request("POST", "/api/kernels", {"name": "python3"}, timeout=60)
        kernel_id = kernel["id"]
    channel = KernelChannel(lab, kernel_id)
    try:
        reply = channel.execute("import sxm; print(sxm.__version__)")
        hint = ""
        if "has no attribute '__version__'" in str(reply["error"]):
            hint = ("\n'sxm' was imported as an empty namespace package outside the repository: the "
                    "editable install predates sxm/__init__.py; reinstall with `pip install -e .`")
        assert reply["error"] is None, f"{reply}{hint}"
        assert reply["status"] == "ok"
        assert reply["stdout"].strip() == sxm.__version__
        if chapters:
            params = _parameters_source(lab, chapters[0])
            reply = channel.execute(params + "\nprint(sorted(k for k in dir() if k.isupper()))")
            assert reply["status"] == "ok", reply
            assert "SEED" in reply["stdout"] and "DATA" in reply["stdout"], reply
    finally:
        channel.close()

    # the kernel shuts down cleanly through the REST API
    status, _ = lab.request("DELETE", f"/api/kernels/{kernel_id}", timeout=30)
    assert status == 204
    _, kernels = lab.request("GET", "/api/kernels")
    assert kernel_id not in {k["id"] for k in kernels}

    # 3. the server shuts down cleanly and the process exits
    code = lab.stop()
    assert code == 0, f"jupyter lab did not exit cleanly (status {code}):\n{lab.log_text()}"

    assert "without encryption" not in lab.log.read_text(errors="replace"), "the kernel's TCP warning is back"

    # the server wrote nothing into the repository's notebooks folder (checkpoints, untitled files)
    assert had_checkpoints or not (NOTEBOOKS / ".ipynb_checkpoints").exists()
    assert not list(NOTEBOOKS.glob("Untitled*"))



def _stored_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9]*.ipynb")) + sorted((NOTEBOOKS / "zh").glob("[0-9]*.ipynb"))


def test_saving_an_unchanged_notebook_changes_no_byte(tmp_path):
    """Every stored notebook round-trips through the Jupyter server's contents API as
    JupyterLab's Save button does (GET the model, PUT it back): the file on disk is
    byte-for-byte the same, so opening and saving in JupyterLab leaves `git diff` empty.
    (The same is checked through the JupyterLab page itself in tests/test_browser.py.)"""
    if _jupyter() is None:
        pytest.skip("jupyter lab is not installed next to this Python (pip install jupyterlab)")
    copies = tmp_path / "nb"
    originals = {}
    for path in _stored_notebooks():
        rel = path.relative_to(NOTEBOOKS)
        (copies / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, copies / rel)
        originals[rel.as_posix()] = path.read_bytes()
    assert originals, "no notebooks found"
    server = Lab(tmp_path, notebook_dir=copies)
    try:
        server.wait_ready()
        changed = []
        for rel, before in originals.items():
            _, model = server.request("GET", f"/api/contents/{rel}?content=1&type=notebook")
            status, _ = server.request("PUT", f"/api/contents/{rel}",
                                       {"type": "notebook", "format": "json", "content": model["content"]})
            assert status == 200
            after = (copies / rel).read_bytes()
            if after != before:
                import difflib

                diff = list(difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                                 lineterm="", n=0))
                changed.append(f"{rel}: {len(diff)} diff lines, e.g. {diff[2:6]}")
        assert not changed, "saving rewrites (run `make notebooks`):\n" + "\n".join(changed)
    finally:
        if server.proc.poll() is None:
            server.stop()


def test_normalize_writes_what_jupyterlab_saves(tmp_path):
    """`sxm run --inplace` (runner.normalize) writes the bytes the Jupyter server writes on
    Save (nbformat.write), without stderr, with each print's chunks in one output."""
    import nbformat

    from sxm import runner

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('a'); print('b')", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a"),
                    nbformat.v4.new_output("stream", name="stderr", text="\r 50%|#####     | 1/2"),
                    nbformat.v4.new_output("stream", name="stdout", text="\nb\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("# Title\n\ntwo\nlines"), cell]
    path = tmp_path / "01_x.ipynb"
    nbformat.write(nb, path)
    runner.normalize(path)
    written = path.read_bytes()
    again = nbformat.read(path, as_version=4)
    assert [o["text"] for o in again.cells[1].outputs] == ["a\nb\n"]
    with open(tmp_path / "saved.ipynb", "w", encoding="utf-8", newline="\n") as fh:
        nbformat.write(nbformat.from_dict(json.loads(json.dumps(again))), fh)  # what the server's PUT writes
    assert (tmp_path / "saved.ipynb").read_bytes() == written
    assert b'"source": [\n    "# Title\\n",' in written and written.endswith(b"}\n")
