"""The project's set-up files agree with each other."""
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = meta["optional-dependencies"]
    reqs = list(meta["dependencies"])
    for extra in ("test", *(e for e in extras if f"sxm[{e}]" in extras["test"])):
        reqs += [r for r in extras[extra] if not r.startswith("sxm[")]
    return dict(_split(r) for r in reqs)


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            if item.startswith("-e") or item.split(">")[0].split("=")[0] in {"python", "pip"}:
                continue
            name, spec = _split(item)
            out[name] = spec
    return out


def test_environment_yml_matches_pyproject():
    """Every dependency (and test extra) is in both files with the same lower bound."""
    assert _environment() == _pyproject()


def test_test_extra_includes_the_docs_extra():
    """`make test` builds the site, so the test extra brings the site's tools."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert "sxm[docs]" in extras["test"]
    assert {_split(r)[0] for r in extras["docs"]} >= {"sphinx", "myst-nb", "sphinx-book-theme", "sphinx-mathjax-offline"}


def test_dependencies_have_lower_bounds_not_pins():
    for name, spec in _pyproject().items():
        assert spec.startswith(">="), f"{name}: use a lower bound, not {spec!r}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make run" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
