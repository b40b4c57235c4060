"""Population models of the data-generating scripts, written in lavaan syntax.

The scripts keep their parameters in dicts (they are built programmatically, per segment or
channel); :func:`syntax` writes them as the lavaan syntax that
:func:`sxm.simulate.latent_survey` reads. Numbers are written exactly (``repr``), so the
data sets are reproduced bit for bit.
"""
from __future__ import annotations


def syntax(measurement, structure=None, correlations=None) -> str:
    """``{construct: {item: loading}}``, ``{outcome: {predictor: path}}`` and
    ``{(a, b): r}`` as lavaan syntax with population values."""
    def term(value, name):
        return f"{value!r}*{name}"

    lines = [f"{c} =~ " + " + ".join(term(v, i) for i, v in items.items()) for c, items in measurement.items()]
    lines += [f"{y} ~ " + " + ".join(term(v, x) for x, v in preds.items()) for y, preds in (structure or {}).items()]
    lines += [f"{a} ~~ {term(r, b)}" for (a, b), r in (correlations or {}).items()]
    return "\n".join(lines)
