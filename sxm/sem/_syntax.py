"""Reading lavaan-style model descriptions."""
from __future__ import annotations

import re

from ..io import SurveyError, SurveyTypeError

_OP_RANK = {"=~": 0, "~": 1, "~~": 2}
_LINE = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(=~|~~|~)\s*(.+?)\s*$")
_TERM = re.compile(r"^(?:([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[A-Za-z_]\w*)\s*\*\s*)?([A-Za-z_][\w.]*)$")


def _parse(description: str):
    """Check lavaan-style syntax line by line; return (lines, latent, variables in order)."""
    if not isinstance(description, str):
        raise SurveyTypeError(f"description: must be a model description string; got {type(description).__name__}")
    lines, latent, order = [], [], []
    for number, raw in enumerate(description.replace(";", "\n").splitlines(), start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        if ":=" in text:
            raise SurveyError(
                f"model description line {number} {text!r}: defined parameters (:=) are not supported; "
                "use result.effects(source, target) for indirect and total effects"
            )
        match = _LINE.match(text)
        if not match:
            raise SurveyError(
                f"model description line {number} {text!r}: cannot be read (rule: 'lhs op terms' with op "
                "=~ (measured by), ~ (regressed on) or ~~ (covaries with), terms joined by +)"
            )
        lhs, op, rhs = match.groups()
        terms = []
        for term in rhs.split("+"):
            term = term.strip()
            t = _TERM.match(term)
            if not t:
                what = ("intercepts (~ 1) are not supported" if term == "1"
                        else "a term must be 'name', 'number*name' or 'label*name'")
                raise SurveyError(f"model description line {number} {text!r}: term {term!r}: {what}")
            if any(v == t.group(2) for _, v in terms):
                raise SurveyError(
                    f"model description line {number} {text!r}: {t.group(2)!r} is listed twice "
                    f"(rule: each term once per line)"
                )
            terms.append((t.group(1), t.group(2)))
        lines.append((lhs, op, terms))
        if op == "=~" and lhs not in latent:
            latent.append(lhs)
        for name in [lhs, *(v for _, v in terms)]:
            if name not in order:
                order.append(name)
    if not lines:
        raise SurveyError("model description: is empty (no line with =~, ~ or ~~)")
    return lines, latent, order


def _free_markers(lines):
    """lavaan's ``NA*x`` (free a loading) in semopy's terms.

    semopy fixes the first unlabeled loading of a factor to 1 unless a loading is fixed by
    a number. When a factor's first indicator is freed with ``NA*`` and no loading is fixed,
    every unlabeled loading of that factor gets a private label (free, not shared), so that
    no loading is fixed -- the user then fixes the factor's variance (``f ~~ 1*f``).
    """
    first, fixed = {}, set()
    for l, op, t in lines:
        if op == "=~":
            first.setdefault(l, t[0][0] if t else None)
            if any(m is not None and _is_number(m) for m, _ in t):
                fixed.add(l)
    free_all = {f for f, m in first.items() if m == "NA" and f not in fixed}
    out, count = [], 0
    for l, op, t in lines:
        terms = []
        for m, v in t:
            if op == "=~" and (m == "NA" or (m is None and l in free_all)):
                count += 1
                m = f"_free{count}"
            elif m == "NA":
                m = None
            terms.append((m, v))
        out.append((l, op, terms))
    return out


def _is_number(text) -> bool:
    try:
        float(text)
    except (TypeError, ValueError):
        return False
    return True


def _lavaan_defaults(lines, latent, order) -> str:
    """Rebuild the description adding lavaan's automatic residual covariances of outcomes."""
    regress_lhs = [l for l, op, _ in lines if op == "~"]
    regress_rhs = {v for l, op, t in lines if op == "~" for _, v in t}
    indicators = {v for l, op, t in lines if op == "=~" for _, v in t}
    pure_y = [v for v in order if v in regress_lhs and v not in regress_rhs and (v in latent or v not in indicators)]
    stated = {frozenset((l, v)) for l, op, t in lines if op == "~~" for _, v in t}
    lines = _free_markers(lines)
    out = [f"{l} {op} " + " + ".join(f"{m}*{v}" if m else v for m, v in t) for l, op, t in lines]
    for i, a in enumerate(pure_y):
        for b in pure_y[i + 1:]:
            if frozenset((a, b)) not in stated:
                out.append(f"{a} ~~ {b}")
    return "\n".join(out)


def _render(lines) -> str:
    return "\n".join(f"{l} {op} " + " + ".join(f"{m}*{v}" if m else v for m, v in t) for l, op, t in lines if t)


def blocks(description: str) -> dict[str, list[str]]:
    """The measurement blocks ``{construct: [items]}`` of a model description.

    Examples
    --------
    >>> blocks("sat =~ s1 + s2\\nloy =~ l1 + l2\\nloy ~ sat")
    {'sat': ['s1', 's2'], 'loy': ['l1', 'l2']}
    """
    lines, _, _ = _parse(description)
    out: dict[str, list[str]] = {}
    for lhs, op, terms in lines:
        if op == "=~":
            out.setdefault(lhs, []).extend(v for _, v in terms if v not in out.get(lhs, []))
    return out


def measurement_model(description: str) -> str:
    """The confirmatory factor analysis of a model: its ``=~`` lines and the ``~~`` lines
    between indicators (structural paths are dropped; the factors then all covary).

    Examples
    --------
    >>> print(measurement_model("sat =~ s1 + s2 + s3\\nloy =~ l1 + l2 + l3\\nloy ~ sat"))
    sat =~ s1 + s2 + s3
    loy =~ l1 + l2 + l3
    """
    lines, latent, _ = _parse(description)
    keep = [(l, op, t) for l, op, t in lines
            if op == "=~" or (op == "~~" and l not in latent and all(v not in latent for _, v in t))]
    return _render(keep)


def drop_path(description: str, path: str) -> str:
    """The description with one regression path fixed to zero, e.g. ``"loyalty ~ experience"``.

    The path stays in the description as ``0*predictor`` rather than being deleted, so the
    rival model is nested in the original one with exactly one degree of freedom more
    (deleting the term could make the outcome a "pure" outcome whose residual lavaan and
    ``sxm.sem`` then correlate with other outcomes). Compare the two with
    :func:`sxm.sem.compare`.

    Examples
    --------
    >>> print(drop_path("sat =~ s1 + s2\\nloy =~ l1 + l2\\nx =~ x1 + x2\\nloy ~ sat + x", "loy ~ x"))
    sat =~ s1 + s2
    loy =~ l1 + l2
    x =~ x1 + x2
    loy ~ sat + 0*x
    """
    match = _LINE.match(path.strip()) if isinstance(path, str) else None
    if not match or match.group(2) != "~":
        raise SurveyError(f"path: must read 'outcome ~ predictor', e.g. 'loyalty ~ experience'; got {path!r}")
    lhs, _, rhs = match.groups()
    lines, _, _ = _parse(description)
    found = False
    out = []
    for l, op, terms in lines:
        if l == lhs and op == "~":
            found = found or any(v == rhs for _, v in terms)
            terms = [("0", v) if v == rhs else (m, v) for m, v in terms]
        out.append((l, op, terms))
    if not found:
        raise SurveyError(f"path {path!r}: the model has no regression of {lhs!r} on {rhs!r}")
    return _render(out)
