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
                what = "intercepts (~ 1) are not supported" if term == "1" else "a term must be 'name', 'number*name' or 'label*name'"
                raise SurveyError(f"model description line {number} {text!r}: term {term!r}: {what}")
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


def _lavaan_defaults(lines, latent, order) -> str:
    """Rebuild the description adding lavaan's automatic residual covariances of outcomes."""
    regress_lhs = [l for l, op, _ in lines if op == "~"]
    regress_rhs = {v for l, op, t in lines if op == "~" for _, v in t}
    indicators = {v for l, op, t in lines if op == "=~" for _, v in t}
    pure_y = [v for v in order if v in regress_lhs and v not in regress_rhs and (v in latent or v not in indicators)]
    stated = {frozenset((l, v)) for l, op, t in lines if op == "~~" for _, v in t}
    out = [f"{l} {op} " + " + ".join(f"{m}*{v}" if m else v for m, v in t) for l, op, t in lines]
    for i, a in enumerate(pure_y):
        for b in pure_y[i + 1:]:
            if frozenset((a, b)) not in stated:
                out.append(f"{a} ~~ {b}")
    return "\n".join(out)
