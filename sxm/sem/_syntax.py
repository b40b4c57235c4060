"""What is semopy-specific: a parsed model rendered as semopy syntax with lavaan's defaults.

Models are parsed by :func:`sxm.model.parse` (the one parser of the suite). semopy builds the
model matrices from a description in its own syntax; :func:`spec` renders the parsed model
for it, with

* every variable and label renamed to a plain ASCII name (``v0``, ``v1``, ... and ``p0``,
  ``p1``, ...), so that names in any alphabet (``满意度``) or with characters semopy's reader
  does not take reach it safely; estimates are reported under the user's names;
* lavaan's defaults that semopy does not apply by itself: the first loading of a factor fixed
  to 1 (even when it carries a label), ``NA*`` freeing it, the residual variance of a
  single indicator fixed to 0 (``visit =~ v1``, unless the model states it), and the
  residual covariances of pure outcomes (``auto.cov.y``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..io import SurveyError
from ..model import Model

#: rank of an operator in lavaan's parameter table
_OP_RANK = {"=~": 0, "~": 1, "~~": 2, ":=": 3}


@dataclass
class Spec:
    """A parsed model with what the engine and the result tables need to know about it.

    Attributes
    ----------
    model : sxm.model.Model
        The user's model.
    latent, observed, order : list of str
        Latent variables, observed variables (data columns) and every variable in order of
        first appearance, under the user's names.
    text : str
        The semopy description (internal names).
    to_internal, to_user : dict
        Variable (and label) names, user -> internal and back.
    labels : dict
        ``{(lhs, op, rhs): label}`` of the labelled parameters (user names).
    fixed_var : set of frozenset
        ``~~`` pairs the user fixed to a number (``x ~~ 0*y``), user names.
    stated : set of tuple
        ``(lhs, rhs)`` of every ``~~`` the user wrote.
    regress, measure : set of tuple
        ``(outcome, predictor)`` of the ``~`` lines and ``(factor, indicator)`` of the
        ``=~`` lines.
    single : list of str
        Single indicators whose residual variance lavaan's rule fixed to 0.
    """

    model: Model
    latent: list
    observed: list
    order: list
    text: str
    to_internal: dict
    to_user: dict
    labels: dict = field(default_factory=dict)
    fixed_var: set = field(default_factory=set)
    stated: set = field(default_factory=set)
    regress: set = field(default_factory=set)
    measure: set = field(default_factory=set)
    single: list = field(default_factory=list)

    def label_of(self, lhs: str, op: str, rhs: str) -> str:
        """The user's label of a parameter ('' when it has none)."""
        got = self.labels.get((lhs, op, rhs))
        if got is None and op == "~~":
            got = self.labels.get((rhs, op, lhs))
        return got or ""


def _number(value: float) -> str:
    text = repr(float(value))
    return "0.0" if text == "-0.0" else text


def spec(model: Model) -> Spec:
    """The semopy rendering of a parsed model (see the module docstring).

    Parameters
    ----------
    model : sxm.model.Model

    Returns
    -------
    Spec
    """
    unsupported = [s for s in model.statements if s.op in ("<~", "|")]
    if unsupported:
        s = unsupported[0]
        why = ("composites (<~) are estimated by PLS: use sxm.pls.fit" if s.op == "<~" else
               "thresholds (|) belong to ordinal items: give ordered=[...] (estimator WLSMV)")
        raise SurveyError(f"model line {s.line} {str(s)!r}: {why}")
    latent = list(model.latent)
    variables = list(model.variables)
    observed = [v for v in variables if v not in set(latent)]
    to_internal = {v: f"v{i}" for i, v in enumerate(variables)}
    label_names = list(model.labels)
    to_internal.update({lab: f"p{i}" for i, lab in enumerate(label_names)})
    to_user = {b: a for a, b in to_internal.items()}

    labels, fixed_var, stated, regress, measure = {}, set(), set(), set(), set()
    for s in model.statements:
        for t in s.terms:
            if t.label is not None:
                labels[(s.lhs, s.op, t.name)] = t.label
            if s.op == "~~":
                stated.add((s.lhs, t.name))
                if t.value is not None:
                    fixed_var.add(frozenset((s.lhs, t.name)))
            elif s.op == "~":
                regress.add((s.lhs, t.name))
            elif s.op == "=~":
                measure.add((s.lhs, t.name))

    # loadings: lavaan fixes the first one of each factor to 1 unless it is freed (NA*) or
    # fixed to another number; semopy fixes "the first unlabelled one", so say it explicitly
    blocks = model.blocks
    first = {f: next(s.terms[0] for s in model.statements if s.op == "=~" and s.lhs == f) for f in blocks}
    all_free = {f for f in blocks if first[f].free}
    private = 0
    lines = []
    for s in model.statements:
        rendered = []
        for t in s.terms:
            mod = None
            if t.value is not None:
                mod = _number(t.value)
            elif t.label is not None:
                mod = to_internal[t.label]
            if s.op == "=~":
                if t is first[s.lhs] and not t.free and t.value is None:
                    mod = "1.0"  # lavaan's marker, labelled or not
                elif s.lhs in all_free and mod is None:
                    private += 1
                    mod = f"_free{private}"  # free, not shared: keeps semopy from fixing it
            name = to_internal[t.name]
            rendered.append(f"{mod}*{name}" if mod else name)
        lines.append(f"{to_internal[s.lhs]} {s.op} " + " + ".join(rendered))

    # single indicators (lavaan's auto.fix.single): the only indicator of a factor, measuring
    # no other factor, has no residual variance unless the model gives it one
    owners: dict[str, list[str]] = {}
    for f, items in blocks.items():
        for item in items:
            owners.setdefault(item, []).append(f)
    single = [items[0] for f, items in blocks.items()
              if len(items) == 1 and items[0] not in latent and len(owners[items[0]]) == 1
              and (items[0], items[0]) not in stated]
    for item in single:
        lines.append(f"{to_internal[item]} ~~ 0.0*{to_internal[item]}")

    # auto.cov.y: residuals of outcomes that predict nothing covary
    regress_lhs = [s.lhs for s in model.statements if s.op == "~"]
    regress_rhs = {t.name for s in model.statements if s.op == "~" for t in s.terms}
    indicators = {t.name for s in model.statements if s.op == "=~" for t in s.terms}
    pure_y = [v for v in variables if v in regress_lhs and v not in regress_rhs
              and (v in latent or v not in indicators)]
    stated_pairs = {frozenset(p) for p in stated}
    for i, a in enumerate(pure_y):
        for b in pure_y[i + 1:]:
            if frozenset((a, b)) not in stated_pairs:
                lines.append(f"{to_internal[a]} ~~ {to_internal[b]}")
    return Spec(model=model, latent=latent, observed=observed, order=variables, text="\n".join(lines),
                to_internal=to_internal, to_user=to_user, labels=labels, fixed_var=fixed_var, stated=stated,
                regress=regress, measure=measure, single=single)
