"""What a student sees, tested in a real browser (headless Chromium through Playwright).

1. Every page of the static site (``make site`` -> build/site), opened from disk: no
   console error, no request to any host but 127.0.0.1 / the file system, every image
   loaded, math typeset (no raw ``$$`` or ``\\frac`` left in the visible text), search
   finds a chapter, solutions are folded and open on a click.
2. JupyterLab (a server as ``make lab`` starts it, on 127.0.0.1 with a token, as root with
   ``--allow-root``) on a copy of the notebooks: every chapter opens, saving it unchanged
   changes no byte, Run All gives no error and no stray stderr box, and chapter 3's path
   diagram is not blank (its pixels are looked at).

A screenshot of every page goes to build/screenshots/ (CI keeps it as an artifact).
Chromium is Debian's (``.ci/run`` installs it); Playwright drives it through its Python
API and never downloads a browser of its own. Without Chromium or Playwright the tests
skip and say why.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "site"
SHOTS = ROOT / "build" / "screenshots"
NOTEBOOKS = ROOT / "notebooks"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _chromium() -> str | None:
    for candidate in (os.environ.get("SXM_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _local(url: str) -> bool:
    parts = urlparse(url)
    return parts.scheme in ("file", "data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost")


class Browser:
    """A fresh Chromium profile; every request to another host is refused and recorded."""

    def __init__(self, profile: Path):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            pytest.skip("playwright is not installed (pip install playwright; the browser is Debian's chromium)")
        exe = _chromium()
        if exe is None:
            pytest.skip("no Chromium: apt-get install chromium (.ci/run does it in CI)")
        self._pw = sync_playwright().start()
        self.outside: list[str] = []
        self.context = self._pw.chromium.launch_persistent_context(
            str(profile), executable_path=exe, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, device_scale_factor=1, service_workers="block",
        )
        self.context.route("**/*", self._guard)

    def _guard(self, route):
        if _local(route.request.url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def page(self):
        page = self.context.new_page()
        page.errors = []  # console errors and uncaught exceptions
        page.on("console", lambda m: page.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(f"exception: {e}"))
        page.on("requestfailed", lambda r: page.errors.append(f"failed request: {r.url} ({r.failure})")
                if _local(r.url) else None)
        return page

    def close(self):
        self.context.close()
        self._pw.stop()


@pytest.fixture(scope="module")
def browser():
    profile = Path(tempfile.mkdtemp(prefix="sxm-chromium-"))
    b = Browser(profile)
    yield b
    b.close()
    shutil.rmtree(profile, ignore_errors=True)


def _shot(page, name: str, full: bool = True) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path


def _ink(png: bytes) -> float:
    """Share of pixels that are not (near) white."""
    import matplotlib.image as mpimg
    import numpy as np

    img = mpimg.imread(io.BytesIO(png), format="png")[..., :3]
    return float((img.min(axis=-1) < 0.8).mean())


# --------------------------------------------------------------------------------------
# 1. the static site
# --------------------------------------------------------------------------------------
def _site_pages():
    pages = sorted(p for p in SITE.rglob("*.html") if "_static" not in p.parts and p.name != "genindex.html")
    if not pages:
        return [pytest.param(None, id="no-site")]
    return [pytest.param(p, id=p.relative_to(SITE).as_posix()) for p in pages]


_RAW_MATH = re.compile(r"\$\$|\\frac|\\bar\{|\\sum_|\\mathrm|\\\(|\\\[")


def _wait_for_math(page):
    """Wait until MathJax (3) has typeset the page, when the page loads it."""
    if page.locator("script[src*='mathjax']").count():
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30000)
        page.evaluate("() => MathJax.startup.promise.then(() => true)")


@pytest.mark.parametrize("path", _site_pages())
def test_site_page_in_chromium(browser, path):
    if path is None:
        pytest.skip("build/site is missing: run `make site` (make test does it first)")
    before = len(browser.outside)
    page = browser.page()
    try:
        page.goto(path.as_uri(), wait_until="load")
        _wait_for_math(page)
        broken = page.evaluate("""() => [...document.images].filter(i => i.loading !== 'lazy' || i.complete)
                                      .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)""")
        # lazy images: bring each into view and check it too
        lazy = page.evaluate("() => [...document.images].filter(i => !i.complete).length")
        if lazy:
            page.evaluate("() => [...document.images].forEach(i => { i.loading = 'eager'; })")
            page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=20000)
            broken = page.evaluate("() => [...document.images].filter(i => !(i.naturalWidth > 0)).map(i => i.src)")
        text = page.evaluate("() => document.querySelector('main, article, body').innerText")
        math_errors = page.locator("mjx-container [data-mml-node='merror'], mjx-merror").count()
        _shot(page, "site-" + path.relative_to(SITE).as_posix().replace("/", "-").removesuffix(".html"))
    finally:
        page.close()
    assert not page.errors, "\n".join(page.errors)
    assert browser.outside[before:] == [], f"requests to outside hosts: {browser.outside[before:]}"
    assert not broken, f"images that did not load: {broken}"
    raw = _RAW_MATH.findall(text)
    assert not raw, f"raw LaTeX in the visible text: {raw[:5]}"
    assert not math_errors, "MathJax reported errors"


def test_site_math_figures_search_and_folded_solutions(browser):
    if not (SITE / "index.html").exists():
        pytest.skip("build/site is missing: run `make site`")
    page = browser.page()
    try:
        page.goto((SITE / "en" / "04_kano.html").as_uri(), wait_until="load")
        _wait_for_math(page)
        assert page.locator("mjx-container svg").count() >= 3, "no typeset math"
        assert page.locator("img").count() >= 1
        details = page.locator("details.hide")
        assert details.count() >= 1
        assert not any(details.nth(i).evaluate("d => d.open") for i in range(details.count()))
        details.first.locator("summary").click()
        assert details.first.evaluate("d => d.open"), "a solution does not open on a click"
        assert details.first.locator("pre").first.is_visible()
        page.wait_for_timeout(800)  # the fold fades in
        _shot(page, "site-solution-open", full=False)
        page.goto((SITE / "search.html").as_uri() + "?q=SERVQUAL", wait_until="load")
        page.wait_for_selector("ul.search li", timeout=20000)
        hits = page.locator("ul.search li a").all_inner_texts()
        assert any("SERVQUAL" in h for h in hits), hits
        _shot(page, "site-search", full=False)
    finally:
        page.close()
    assert not page.errors, "\n".join(page.errors)


# --------------------------------------------------------------------------------------
# 2. JupyterLab
# --------------------------------------------------------------------------------------
def _chapters() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))


@pytest.fixture(scope="module")
def lab():
    from test_lab import Lab, _jupyter  # tests/test_lab.py: the server as `make lab` starts it

    if _jupyter() is None:
        pytest.skip("jupyter lab is not installed next to this Python")
    tmp = Path(tempfile.mkdtemp(prefix="sxm-lab-"))
    copies = tmp / "notebooks"
    copies.mkdir()
    for path in _chapters():
        shutil.copy(path, copies / path.name)
    # every cell in the page (not only those in view), no autosave behind the test's back
    settings = tmp / "lab-settings" / "@jupyterlab"
    (settings / "notebook-extension").mkdir(parents=True)
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    (settings / "docmanager-extension").mkdir(parents=True)
    (settings / "docmanager-extension" / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    (settings / "apputils-extension").mkdir(parents=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    server = Lab(tmp, notebook_dir=copies)
    try:
        server.wait_ready()
        server.copies = copies
        yield server
    finally:
        if server.proc.poll() is None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


_IDLE = """() => [...document.querySelectorAll('.jp-StatusBar-TextItem, .jp-Notebook-ExecutionIndicator')]
                 .some(e => /Idle/.test(e.textContent || e.getAttribute('title') || ''))
           || !!document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')"""
_ALL_RUN = """() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                                .map(e => e.textContent.trim());
                      return p.length > 0 && p.every(t => /^\\[\\d+\\]:$/.test(t)); }"""


def _open(page, lab, name):
    # ?reset: a fresh workspace, without the notebooks of the previous test
    page.goto(f"{lab.base}/lab/tree/{name}?reset&token={lab.token}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
    page.wait_for_function(_IDLE, timeout=90000)


def _settled(file: Path, timeout: float = 10) -> bytes:
    """The file's bytes once the server has finished writing it (valid JSON, size steady)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        data = file.read_bytes()
        try:
            json.loads(data)
        except ValueError:
            data = None
        if data is not None and data == last:
            return data
        last = data
        time.sleep(0.3)
    return file.read_bytes()


def _menu(page, menu: str, item: str):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).first.click()


def _lab_params():
    return [pytest.param(p, id=p.stem) for p in _chapters()]


@pytest.mark.lab
@pytest.mark.parametrize("path", _lab_params())
def test_chapter_in_jupyterlab(browser, lab, path):
    name = path.name
    file = lab.copies / name
    original = file.read_bytes()
    page = browser.page()
    try:
        _open(page, lab, name)
        # Save an unchanged notebook: not a byte changes (the stored form is JupyterLab's)
        stamp = file.stat().st_mtime_ns
        for _ in range(3):  # the menu may not answer while the page is still settling
            page.locator(".jp-Notebook").first.click()
            _menu(page, "File", "Save Notebook")
            deadline = time.monotonic() + 10
            while file.stat().st_mtime_ns == stamp and time.monotonic() < deadline:
                time.sleep(0.2)
            if file.stat().st_mtime_ns != stamp:
                break
        if file.stat().st_mtime_ns == stamp:
            _shot(page, f"lab-{path.stem}-not-saved", full=False)
        assert file.stat().st_mtime_ns != stamp, "Save did not write the file"
        saved = _settled(file)
        # Run All: every cell executes, nothing lands on stderr
        _menu(page, "Run", "Run All Cells")
        page.wait_for_function(_ALL_RUN, timeout=300000, polling=500)
        page.wait_for_function(_IDLE, timeout=60000)
        stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
        _shot(page, f"lab-{path.stem}", full=False)
        diagram = None
        if name.startswith("03_"):
            cell = page.locator(".jp-CodeCell").filter(has=page.locator(".jp-InputArea", has_text="res.diagram()"))
            img = cell.locator(".jp-OutputArea-output img").first
            img.scroll_into_view_if_needed()
            _shot(page, "lab-03-diagram-in-page", full=False)
            diagram = img.screenshot()
            SHOTS.mkdir(parents=True, exist_ok=True)
            (SHOTS / "lab-03-diagram.png").write_bytes(diagram)
    finally:
        page.close()
        _, sessions = lab.request("GET", "/api/sessions")
        for s in sessions:
            lab.request("DELETE", f"/api/sessions/{s['id']}", timeout=30)
    assert saved == original, f"{name}: saving the unchanged notebook in JupyterLab rewrote it (run `make notebooks`)"
    errors = [t for t in stderr if re.search(r"Traceback|Error\b", t)]
    assert not errors, f"{name}: error outputs after Run All:\n" + "\n".join(e[:400] for e in errors)
    litter = [t for t in stderr if not t.strip() or re.search(r"\d+%\||it/s|resample/s|IProgress|TqdmWarning", t)]
    assert not litter, f"{name}: progress litter / empty stderr boxes: {litter[:3]}"
    assert not page.errors or all("favicon" in e for e in page.errors), "\n".join(page.errors)
    if diagram is not None:
        ink = _ink(diagram)
        assert ink > 0.02, f"chapter 3's path diagram is (nearly) blank: {ink:.1%} of its pixels inked"
