"""Model descriptions in lavaan syntax: one parser and one validator for the whole suite.

Every function of ``sxm`` that needs a model -- a structural equation model
(:func:`sxm.sem.fit`), a PLS path model (:func:`sxm.pls.fit`), a population model to
simulate from (:func:`sxm.simulate.latent_survey`) or just the blocks of items of each
construct (:mod:`sxm.reliability`, :mod:`sxm.priorities`) -- reads it here, with
:func:`parse`, and checks it against the data here, with :func:`check_variables` and
:func:`check_blocks`. A dict ``{construct: [items]}`` is accepted wherever only blocks are
needed.

The syntax is lavaan's (Rosseel, 2012):

==========  ===================================  ==========================================
operator    meaning                              example
==========  ===================================  ==========================================
``=~``      is measured by (reflective)          ``quality =~ q1 + q2 + q3``
``<~``      is formed by (composite, formative)  ``image <~ i1 + i2``
``~``       is regressed on                      ``satisfaction ~ quality + value``
``~~``      (co)variance                         ``q1 ~~ q2``
``|``       thresholds of an ordinal item        ``q1 | t1 + t2 + t3 + t4``
``:=``      defined parameter                    ``indirect := a*b``
==========  ===================================  ==========================================

A term may carry modifiers: a number fixes the parameter (``1*q1``; in a population
model for :func:`sxm.simulate.latent_survey` it is the population value), ``NA`` frees
it (``NA*q1``), a name labels it (``a*quality``; equal labels mean equal parameters, and
labels are the names used by ``:=``). As in lavaan, listing a variable twice on a line
gives it both a label and a number (``y ~ b*x + 0.3*x``). Lines are separated by newlines or ``;``; ``#``
starts a comment. Names may use any alphabet (``满意度 =~ 满意1 + 满意2``): a name
starts with a letter or ``_`` and continues with letters, digits, ``_`` or ``.``.

===========================  ===================================================
:func:`parse`                the :class:`Model` of a description
:func:`as_model`             a description, a :class:`Model` or a blocks dict
:func:`check_blocks`         ``{construct: [items]}``, validated against the data
:func:`check_variables`      every observed variable of a model is a column
:func:`topological_order`    predictors before outcomes (a recursive model)
:func:`composite_scores`     mean answer per construct (unit-weighted composites)
:func:`measurement_syntax`   the CFA of a blocks dict, in lavaan syntax
:func:`measurement_model`    the CFA part of a description
:func:`drop_path`            a nested rival: one path fixed to zero
===========================  ===================================================

References
----------
Rosseel, Y. (2012). lavaan: An R package for structural equation modeling. *Journal of
Statistical Software*, 48(2), 1-36 (section "the model syntax").
"""
from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from .io import SurveyError, SurveyTypeError, expand_items, numeric_items, require_frame

__all__ = [
    "Model",
    "Statement",
    "Term",
    "Definition",
    "OPERATORS",
    "parse",
    "as_model",
    "check_blocks",
    "check_variables",
    "topological_order",
    "composite_scores",
    "measurement_syntax",
    "measurement_model",
    "drop_path",
]

#: the operators of a model line, with what they mean
OPERATORS = {
    "=~": "is measured by",
    "<~": "is formed by (composite)",
    "~": "is regressed on",
    "~~": "covaries with",
    "|": "has thresholds",
    ":=": "is defined as",
}

_NAME_TEXT = r"[^\W\d][\w.]*"
_NAME = re.compile(rf"^{_NAME_TEXT}$")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_LINE = re.compile(rf"^\s*({_NAME_TEXT})\s*(=~|<~|~~|~|\||:=)\s*(.*?)\s*$")
_TERM = re.compile(rf"^(?:({_NUMBER}|{_NAME_TEXT})\s*\*\s*)?({_NAME_TEXT})$")
_UNSUPPORTED = (
    ("==", "equality constraints (==) are not supported; give the parameters the same label instead"),
    ("~*~", "scaling factors (~*~) are not supported"),
    ("<", "inequality constraints (<) are not supported"),
    (">", "inequality constraints (>) are not supported"),
)
#: functions a defined parameter (:=) may call
_FUNCTIONS = {"exp": np.exp, "log": np.log, "sqrt": np.sqrt, "abs": np.abs}
_RULE = ("'lhs op terms' with op =~ (measured by), <~ (formed by), ~ (regressed on), "
         "~~ (covaries with), | (thresholds) or := (defined parameter), terms joined by +")


# --------------------------------------------------------------------------------------
# the parsed model
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """One right-hand-side term: a variable (or threshold) name with its modifiers.

    A term carries at most one number (``0.8*q1``: the parameter is fixed to 0.8, or in a
    population model its value is 0.8), ``NA`` (``NA*q1``: freed) and one label
    (``a*x``). As in lavaan, a label and a number are given by listing the variable twice
    on one line: ``y ~ b*x + 0.3*x`` is the parameter labelled ``b`` with the value 0.3.

    Examples
    --------
    >>> t = parse("f =~ 0.8*x1").statements[0].terms[0]
    >>> t.name, t.value, t.label, t.free
    ('x1', 0.8, None, False)
    >>> print(parse("y ~ b*x + 0.3*x").statements[0])
    y ~ b*x + 0.3*x
    """

    name: str
    value: float | None = None
    label: str | None = None
    free: bool = False

    @property
    def modifiers(self) -> list[str]:
        """The modifiers as written: the label, then the number or ``NA``."""
        out = [self.label] if self.label is not None else []
        if self.value is not None:
            short = f"{self.value:g}"
            out.append(short if float(short) == self.value else repr(self.value))
        elif self.free:
            out.append("NA")
        return out

    def __str__(self) -> str:
        mods = self.modifiers
        return " + ".join(f"{m}*{self.name}" for m in mods) if mods else self.name


@dataclass(frozen=True)
class Statement:
    """One model line ``lhs op term + term ...`` (its number counts from 1)."""

    lhs: str
    op: str
    terms: tuple
    line: int = 0

    def __str__(self) -> str:
        return f"{self.lhs} {self.op} " + " + ".join(str(t) for t in self.terms)


@dataclass(frozen=True)
class Definition:
    """A defined parameter ``name := expression`` (lavaan's ``:=``).

    The expression combines labels of the model (and earlier definitions) with numbers,
    ``+ - * / ^`` (or ``**``), parentheses and ``exp``, ``log``, ``sqrt``, ``abs``.

    Examples
    --------
    >>> d = parse("m ~ a*x\\ny ~ b*m + c*x\\nind := a*b\\ntotal := c + a*b").definitions
    >>> [x.name for x in d], d[1].labels
    (['ind', 'total'], ('c', 'a', 'b'))
    >>> round(float(d[1].evaluate({"a": 0.5, "b": 0.4, "c": 0.1})), 6)
    0.3
    """

    name: str
    expression: str
    labels: tuple
    line: int = 0
    _code: object = field(default=None, repr=False, compare=False)

    def evaluate(self, values: Mapping):
        """The value of the expression for ``{label: value}`` (numbers or arrays, vectorized).

        Parameters
        ----------
        values : mapping of str to float or ndarray
            A value for every label of the expression (:attr:`labels`); arrays (e.g. one
            entry per bootstrap resample) are combined element-wise. Other keys are
            ignored.

        Returns
        -------
        float or ndarray
            The expression's value, of the broadcast shape of the values used; invalid
            operations (``log`` of a negative number, division by zero) give ``nan`` or
            ``inf`` without a warning.

        Raises
        ------
        SurveyError
            A label of the expression has no value.

        See Also
        --------
        Model.define : every defined parameter of a model, in order.

        Examples
        --------
        >>> import numpy as np
        >>> d = parse("m ~ a*x; y ~ b*m; ind := a*b").definitions[0]
        >>> d.evaluate({"a": np.array([0.5, 0.6]), "b": np.array([0.4, 0.5])}).round(3).tolist()
        [0.2, 0.3]
        >>> # In lavaan: the := rows of parameterEstimates(fit)
        """
        missing = [lab for lab in self.labels if lab not in values]
        if missing:
            raise SurveyError(f"defined parameter {self.name!r}: no value for label {missing[0]!r}")
        scope = {"__builtins__": {}, **_FUNCTIONS, **{lab: values[lab] for lab in self.labels}}
        with np.errstate(all="ignore"):
            return eval(self._code, scope)  # noqa: S307 - the AST was checked to hold arithmetic only

    def __str__(self) -> str:
        return f"{self.name} := {self.expression}"


@dataclass(frozen=True)
class Model:
    """A model description, parsed: its statements and defined parameters.

    Attributes
    ----------
    statements : tuple of Statement
        The ``=~``, ``<~``, ``~``, ``~~`` and ``|`` lines, in the order written.
    definitions : tuple of Definition
        The ``:=`` lines.

    Examples
    --------
    >>> m = parse('''
    ...     quality =~ q1 + q2 + q3
    ...     satisfaction =~ s1 + s2
    ...     satisfaction ~ quality
    ... ''')
    >>> m.latent, m.observed
    (['quality', 'satisfaction'], ['q1', 'q2', 'q3', 's1', 's2'])
    >>> m.blocks
    {'quality': ['q1', 'q2', 'q3'], 'satisfaction': ['s1', 's2']}
    >>> m.paths
    [('quality', 'satisfaction')]
    """

    statements: tuple
    definitions: tuple = ()

    # -- what the model is made of -------------------------------------------------------
    @cached_property
    def variables(self) -> list[str]:
        """Every variable named, latent or observed, in order of first appearance."""
        out: dict[str, None] = {}
        for s in self.statements:
            out.setdefault(s.lhs)
            if s.op != "|":
                for t in s.terms:
                    out.setdefault(t.name)
        return list(out)

    @cached_property
    def latent(self) -> list[str]:
        """Constructs defined by ``=~`` or ``<~``, in order of appearance."""
        return list(dict.fromkeys(s.lhs for s in self.statements if s.op in ("=~", "<~")))

    @cached_property
    def composites(self) -> list[str]:
        """Constructs defined by ``<~`` (composites / formative blocks)."""
        return list(dict.fromkeys(s.lhs for s in self.statements if s.op == "<~"))

    @cached_property
    def observed(self) -> list[str]:
        """Variables that must be columns of the data (every non-latent variable)."""
        latent = set(self.latent)
        return [v for v in self.variables if v not in latent]

    @cached_property
    def blocks(self) -> dict[str, list[str]]:
        """``{construct: [indicators]}`` of the ``=~`` and ``<~`` lines."""
        out: dict[str, list[str]] = {}
        for s in self.statements:
            if s.op in ("=~", "<~"):
                items = out.setdefault(s.lhs, [])
                items.extend(t.name for t in s.terms if t.name not in items)
        return out

    @cached_property
    def structure(self) -> dict[str, list[str]]:
        """``{outcome: [predictors]}`` of the ``~`` lines, in order of appearance."""
        out: dict[str, list[str]] = {}
        for s in self.statements:
            if s.op == "~":
                preds = out.setdefault(s.lhs, [])
                preds.extend(t.name for t in s.terms if t.name not in preds)
        return out

    @property
    def paths(self) -> list[tuple[str, str]]:
        """``(predictor, outcome)`` pairs of the ``~`` lines, in the order written."""
        return list(dict.fromkeys((t.name, s.lhs) for s in self.statements if s.op == "~" for t in s.terms))

    @cached_property
    def labels(self) -> dict[str, list[tuple[str, str, str]]]:
        """``{label: [(lhs, op, rhs), ...]}``: the parameters each label names."""
        out: dict[str, list[tuple[str, str, str]]] = {}
        for s in self.statements:
            for t in s.terms:
                if t.label is not None:
                    out.setdefault(t.label, []).append(_parameter(s, t))
        return out

    def define(self, values: Mapping) -> dict:
        """Every defined parameter's value, in order, from ``{label: value}``.

        Values may be numbers or arrays (e.g. one entry per bootstrap resample); a
        definition may use earlier ones.

        Parameters
        ----------
        values : mapping of str to float or ndarray
            A value for every label that the definitions use (e.g. the estimates of the
            labelled parameters).

        Returns
        -------
        dict
            ``{name: value}`` for every ``:=`` line, in the order written (empty when the
            model has none).

        Raises
        ------
        SurveyError
            A label that a definition uses has no value.

        See Also
        --------
        Definition.evaluate : the value of one defined parameter.
        values : the parameters fixed to a number.

        Examples
        --------
        >>> m = parse("m ~ a*x; y ~ b*m + c*x; ind := a*b; total := c + ind")
        >>> {k: round(float(v), 6) for k, v in m.define({"a": 0.5, "b": 0.4, "c": 0.1}).items()}
        {'ind': 0.2, 'total': 0.3}
        >>> # In lavaan: the := rows of parameterEstimates(fit)
        """
        scope = dict(values)
        out = {}
        for d in self.definitions:
            out[d.name] = scope[d.name] = d.evaluate(scope)
        return out

    def values(self) -> pd.DataFrame:
        """Parameters fixed to a number: ``lhs, op, rhs, value`` (a population model's values).

        Returns
        -------
        DataFrame
            One row per term with a number, in the order written, with the columns
            ``lhs``, ``op``, ``rhs`` (lavaan's orientation) and ``value``. Free (``NA*``)
            and unmodified terms are left out; the table is empty when no term has a number.

        See Also
        --------
        define : the values of the defined (``:=``) parameters.
        sxm.simulate.latent_survey : data drawn from a model with these population values.

        Examples
        --------
        >>> parse("f =~ 0.8*x1 + 0.7*x2\\ny ~ 0.3*f").values()
          lhs  op rhs  value
        0   f  =~  x1    0.8
        1   f  =~  x2    0.7
        2   y   ~   f    0.3
        >>> parse("f =~ 0.8*x1 + NA*x2 + x3").values()["rhs"].tolist()
        ['x1']
        >>> # In lavaan: subset(lavaanify(model), !is.na(ustart))
        """
        rows = [(*_parameter(s, t), t.value) for s in self.statements for t in s.terms if t.value is not None]
        return pd.DataFrame(rows, columns=["lhs", "op", "rhs", "value"])

    def order(self) -> list[str]:
        """Every variable of the structural part with predictors before outcomes.

        Returns
        -------
        list of str
            The constructs and the variables of the ``~`` lines, each predictor before its
            outcomes; ties keep the order of first appearance.

        Raises
        ------
        SurveyError
            When the regressions form a cycle (a non-recursive model).

        See Also
        --------
        topological_order : the same ordering for any nodes and edges.
        paths : the ``(predictor, outcome)`` pairs that are ordered.

        Examples
        --------
        >>> m = parse("loy ~ sat + qual; sat ~ qual; qual =~ q1 + q2; sat =~ s1 + s2; loy =~ l1 + l2")
        >>> m.order()
        ['qual', 'sat', 'loy']
        >>> parse("a ~ b; b ~ a").order()
        Traceback (most recent call last):
        ...
        sxm.io.SurveyError: model: the paths form a cycle through 'a', 'b' (rule: the model must be recursive, no construct may lead back to itself)
        """
        nodes = [v for v in self.variables if v in self.latent or v in self.structure
                 or any(v in p for p in self.structure.values())]
        return topological_order(nodes, self.paths)

    def __str__(self) -> str:
        return "\n".join([str(s) for s in self.statements] + [str(d) for d in self.definitions])


def _parameter(statement: Statement, term: Term) -> tuple[str, str, str]:
    return statement.lhs, statement.op, term.name


# --------------------------------------------------------------------------------------
# parsing
# --------------------------------------------------------------------------------------
def _fail(number: int, text: str, why: str):
    raise SurveyError(f"model line {number} {text!r}: {why}")


def _definition(name: str, expr: str, number: int, text: str, known: set[str]) -> Definition:
    if not expr:
        _fail(number, text, "a defined parameter needs an expression, e.g. 'ind := a*b'")
    source = expr.replace("^", "**")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        _fail(number, text, f"the expression {expr!r} cannot be read (rule: labels, numbers, + - * / ^ and "
                            "parentheses)")
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow,
               ast.USub, ast.UAdd, ast.Name, ast.Load, ast.Constant, ast.Call)
    functions = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            _fail(number, text, f"the expression {expr!r} may only use labels, numbers, + - * / ^ and "
                                "parentheses")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            _fail(number, text, f"the expression {expr!r} holds the non-number {node.value!r}")
        if isinstance(node, ast.Call) and (not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS
                                           or node.keywords):
            _fail(number, text, f"the expression {expr!r} calls an unknown function (allowed: "
                                f"{', '.join(sorted(_FUNCTIONS))})")
    names = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in functions]
    labels = tuple(dict.fromkeys(n.id for n in sorted(names, key=lambda n: n.col_offset)))
    unknown = [lab for lab in labels if lab not in known]
    if unknown:
        have = ", ".join(map(repr, sorted(known))) or "none"
        _fail(number, text, f"{unknown[0]!r} is not a label of the model (rule: label parameters first, e.g. "
                            f"'y ~ b*m', then use the label; labels so far: {have})")
    return Definition(name, expr, labels, number, compile(tree, "<definition>", "eval"))


def _terms(rhs: str, op: str, number: int, text: str) -> tuple:
    if not rhs:
        _fail(number, text, "has no terms after the operator")
    terms: dict[str, Term] = {}
    order: list[str] = []
    for raw in rhs.split("+"):
        raw = raw.strip()
        if raw == "1" and op == "~":
            _fail(number, text, "intercepts and means (~ 1) are not supported")
        match = _TERM.match(raw)
        if not match:
            if re.match(r"^\w+\s*\(", raw):
                why = f"term {raw!r}: modifiers such as start(), c() or equal() are not supported"
            elif "*" in raw:
                why = (f"term {raw!r}: one modifier per term ('number*name', 'label*name' or 'NA*name'); "
                       "for a label and a number list the variable twice, e.g. 'b*x + 0.3*x'")
            elif raw and raw[0].isdigit():
                why = (f"term {raw!r}: a name must start with a letter or '_' (rename the column, e.g. 'q{raw}')")
            else:
                why = f"term {raw!r}: must be 'name', 'number*name', 'label*name' or 'NA*name'"
            _fail(number, text, why)
        modifier, name = match.groups()
        value = label = None
        free = False
        if modifier == "NA":
            free = True
        elif modifier is not None and _NAME.match(modifier):
            label = modifier
        elif modifier is not None:
            value = float(modifier)
        if name in order:  # lavaan: a second listing adds a modifier of another kind
            old = terms[name]
            clash = ((label is not None and old.label is not None)
                     or ((value is not None or free) and (old.value is not None or old.free))
                     or (modifier is None))
            if clash:
                _fail(number, text, f"{name!r} is listed twice (rule: each term once per line; list it again "
                                    "only to add a label to a number, as in 'b*x + 0.3*x')")
            terms[name] = Term(name, old.value if value is None else value, old.label or label, old.free or free)
            continue
        order.append(name)
        terms[name] = Term(name, value, label, free)
    return tuple(terms[n] for n in order)


def parse(description) -> Model:
    """Parse a model description in lavaan syntax.

    Parameters
    ----------
    description : str or Model
        One statement per line (or separated by ``;``); see the module docstring for the
        operators and modifiers. A :class:`Model` is returned as it is.

    Returns
    -------
    Model
        Its statements and definitions, with the derived ``latent``, ``observed``,
        ``blocks``, ``structure``, ``paths`` and ``labels``.

    Raises
    ------
    SurveyError
        A line that cannot be read, naming its number, its text and the rule; an empty
        description; a variable measured by itself; a label of ``:=`` that is not in the model.
    SurveyTypeError
        ``description`` is neither a string nor a Model.

    See Also
    --------
    as_model : accepts a Model or a blocks dict as well.
    check_variables : every observed variable of the model is a column of the data.
    check_blocks : the blocks of the model, validated against the data.

    Examples
    --------
    >>> m = parse("满意度 =~ 满意1 + 满意2 + 满意3; 忠诚度 =~ 忠诚1 + 忠诚2; 忠诚度 ~ b*满意度")
    >>> m.structure, list(m.labels)
    ({'忠诚度': ['满意度']}, ['b'])
    >>> parse("quality =~ q1 + q2 + 3q")
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: model line 1 'quality =~ q1 + q2 + 3q': term '3q': a name must start with a letter or '_' (rename the column, e.g. 'q3q')
    >>> # In lavaan: lavaanify(model) lists the parameters of the same syntax
    """
    if isinstance(description, Model):
        return description
    if not isinstance(description, str):
        raise SurveyTypeError(f"model: must be a model description in lavaan syntax (a string); "
                              f"got {type(description).__name__}")
    statements: list[Statement] = []
    definitions: list[Definition] = []
    labels: set[str] = set()
    for number, raw in enumerate(description.replace(";", "\n").splitlines(), start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        match = _LINE.match(text)
        if not match:
            for op, why in _UNSUPPORTED:
                if op in text:
                    _fail(number, text, why)
            first = text.split()[0] if text.split() else text
            if first and first[0].isdigit():
                _fail(number, text, f"{first!r}: a name must start with a letter or '_'")
            _fail(number, text, f"cannot be read (rule: {_RULE})")
        lhs, op, rhs = match.groups()
        if op == ":=":
            if lhs in labels:
                _fail(number, text, f"{lhs!r} is already a label or a defined parameter")
            definitions.append(_definition(lhs, rhs, number, text, labels))
            labels.add(lhs)
            continue
        for bad, why in _UNSUPPORTED:
            if bad in rhs.replace("<~", ""):
                _fail(number, text, why)
        terms = _terms(rhs, op, number, text)
        if op in ("=~", "<~") and any(t.name == lhs for t in terms):
            _fail(number, text, f"{lhs!r} cannot be measured by itself")
        if op == "~" and any(t.name == lhs for t in terms):
            _fail(number, text, f"{lhs!r} cannot be regressed on itself")
        statements.append(Statement(lhs, op, terms, number))
        labels.update(t.label for t in terms if t.label is not None)
    if not statements:
        raise SurveyError("model: is empty (no line with =~, <~, ~ or ~~)")
    model = Model(tuple(statements), tuple(definitions))
    both = [c for c in model.latent if c in set(model.observed)]
    if both:
        raise SurveyError(f"model: {both[0]!r} is a construct (=~ or <~) and also an indicator of another "
                          "construct; second-order constructs are not supported")
    mixed = [c for c in model.composites if any(s.lhs == c and s.op == "=~" for s in statements)]
    if mixed:
        raise SurveyError(f"model: construct {mixed[0]!r} is given both =~ and <~ indicators (rule: a block is "
                          "either reflective or composite)")
    return model


def _blocks_model(blocks: Mapping, what: str) -> Model:
    """A Model of =~ lines from a dict {construct: [items]} (items must be plain names)."""
    statements = []
    for number, (name, items) in enumerate(blocks.items(), start=1):
        if not isinstance(name, str) or not name:
            raise SurveyTypeError(f"{what}: construct names must be non-empty strings; got {name!r}")
        if isinstance(items, str):
            items = [items]
        try:
            items = list(items)
        except TypeError:
            raise SurveyTypeError(f"{what}[{name!r}]: must be a list of item columns (or a glob pattern such "
                                  f"as 'P1*'); got {items!r}") from None
        if not items:
            raise SurveyError(f"{what}[{name!r}]: has no items (rule: every construct needs at least one item)")
        for item in items:
            if not isinstance(item, str) or not item:
                raise SurveyTypeError(f"{what}[{name!r}]: item names must be non-empty strings; got {item!r}")
        statements.append(Statement(name, "=~", tuple(Term(i) for i in items), number))
    if not statements:
        raise SurveyError(f"{what}: needs at least one construct; got an empty mapping")
    return Model(tuple(statements))


def as_model(model, *, paths=None, what: str = "model") -> Model:
    """The :class:`Model` of a description, a Model, or a blocks dict with optional paths.

    Parameters
    ----------
    model : str, Model or dict
        lavaan syntax; or ``{construct: [items]}`` (measurement only; items are plain
        column names here, not glob patterns).
    paths : list of (source, target), optional
        Structural paths added as ``target ~ source`` lines, e.g.
        ``[("quality", "satisfaction")]`` (mostly with a blocks dict). Default ``None``:
        none added.
    what : str, default "model"
        The argument's name in error messages.

    Returns
    -------
    Model
        The parsed model, with the ``paths`` appended.

    Raises
    ------
    SurveyError
        Any error of :func:`parse`; a construct without items; a path that names an
        unknown construct, points a construct at itself or is listed twice.
    SurveyTypeError
        ``model`` is not a string, Model or dict; a construct or item name is not a
        non-empty string; ``paths`` is not a list of pairs.

    See Also
    --------
    parse : reads lavaan syntax.
    check_blocks : the blocks of a model, validated against the data.
    check_variables : every observed variable of the model is a column of the data.

    Examples
    --------
    >>> m = as_model({"quality": ["q1", "q2"], "satisfaction": ["s1", "s2"]},
    ...              paths=[("quality", "satisfaction")])
    >>> print(m)
    quality =~ q1 + q2
    satisfaction =~ s1 + s2
    satisfaction ~ quality
    """
    if isinstance(model, Model):
        base = model
    elif isinstance(model, str):
        base = parse(model)
    elif isinstance(model, Mapping):
        base = _blocks_model(model, what)
    else:
        raise SurveyTypeError(f"{what}: must be a model in lavaan syntax (a string) or a dict "
                              f"{{construct: [items]}}; got {type(model).__name__}")
    if paths is None:
        return base
    example = "[('Image', 'Satisfaction'), ('Satisfaction', 'Loyalty')]"
    if isinstance(paths, (str, bytes, Mapping)):
        raise SurveyTypeError(f"paths: must be a list of (source, target) pairs such as {example}; "
                              f"got {type(paths).__name__}")
    try:
        pairs = list(paths)
    except TypeError:
        raise SurveyTypeError(f"paths: must be a list of (source, target) pairs such as {example}; "
                              f"got {type(paths).__name__}") from None
    seen: set[tuple[str, str]] = set(base.paths)
    extra = []
    for pair in pairs:
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise SurveyTypeError(f"paths: each path must be a (source, target) pair; got {pair!r}")
        source, target = pair
        for name in (source, target):
            if not isinstance(name, str) or name not in base.latent:
                raise SurveyError(f"paths: path {source!r} -> {target!r} names the unknown construct {name!r} "
                                  f"(rule: paths connect constructs of the model: "
                                  f"{', '.join(map(repr, base.latent))})")
        if source == target:
            raise SurveyError(f"paths: path {source!r} -> {target!r} points a construct at itself")
        if (source, target) in seen:
            raise SurveyError(f"paths: path {source!r} -> {target!r} is listed twice")
        seen.add((source, target))
        extra.append(Statement(target, "~", (Term(source),), len(base.statements) + len(extra) + 1))
    return Model(base.statements + tuple(extra), base.definitions)


# --------------------------------------------------------------------------------------
# validation against the data
# --------------------------------------------------------------------------------------
def _closest(name: str, columns) -> str:
    columns = [str(c) for c in columns]
    close = difflib.get_close_matches(name, columns, n=3, cutoff=0.5)
    if close:
        return "closest columns: " + ", ".join(map(repr, close))
    have = ", ".join(repr(c) for c in columns[:15]) + (", ..." if len(columns) > 15 else "")
    return f"the data has columns: {have}"


def check_variables(model, data: pd.DataFrame, *, what: str = "model") -> Model:
    """Check that every observed variable of ``model`` is a column of ``data``.

    Parameters
    ----------
    model : str, Model or dict
        lavaan syntax, a Model or a blocks dict; see :func:`as_model`.
    data : DataFrame
        The respondents' answers (or any frame whose columns are the variables; it may
        have no rows). Not modified.
    what : str, default "model"
        The argument's name in error messages.

    Returns
    -------
    Model
        The parsed model, when every check passes.

    Raises
    ------
    SurveyError
        An observed variable that is not a column (naming the closest columns), or a
        construct that has the name of a column.
    SurveyTypeError
        ``data`` is not a DataFrame, or ``model`` is not a model.

    See Also
    --------
    check_blocks : the same for the blocks of the model, with glob patterns.
    parse : reads lavaan syntax.

    Examples
    --------
    >>> d = pd.DataFrame({"sat1": [1], "sat2": [2], "loy1": [3], "loy2": [4]})
    >>> check_variables("sat =~ sat1 + sat2; loy =~ loy1 + loy2; loy ~ sat", d).observed
    ['sat1', 'sat2', 'loy1', 'loy2']
    >>> check_variables("sat =~ sat1 + sta2", d)
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: model variable 'sta2': is not a column of the data (rule: every observed variable of the model must be a column); closest columns: 'sat2', 'sat1'
    """
    m = as_model(model, what=what)
    require_frame(data, min_rows=0)
    columns = set(map(str, data.columns))
    for v in m.observed:
        if v not in columns:
            raise SurveyError(f"model variable {v!r}: is not a column of the data (rule: every observed variable "
                              f"of the model must be a column); {_closest(v, data.columns)}")
    for v in m.latent:
        if v in columns:
            raise SurveyError(f"construct {v!r}: has indicators (=~ or <~) so it is latent, but the data also has "
                              "a column of that name; rename the construct")
    return m


def check_blocks(blocks, data: pd.DataFrame | None = None, *, min_items: int = 1,
                 what: str = "blocks") -> dict[str, list[str]]:
    """The blocks ``{construct: [items]}`` of a model or dict, validated.

    Parameters
    ----------
    blocks : str, Model or dict
        lavaan syntax (its ``=~`` and ``<~`` lines are used) or ``{construct: items}``,
        where items is a list of columns or a glob pattern such as ``"IMAG*"``.
    data : DataFrame, optional
        When given, glob patterns are expanded against its columns and every item must be
        a column. Not modified. Default ``None``: no check against data (patterns are
        kept as written).
    min_items : int, default 1
        The fewest items a construct may have (2 for reliability coefficients).
    what : str, default "blocks"
        The argument's name in error messages.

    Returns
    -------
    dict
        ``{construct: [item columns]}``, a new plain dict in the order of ``blocks``.

    Raises
    ------
    SurveyError
        An empty mapping, a construct with too few items, an item under two constructs,
        an item that is not a column (naming the closest columns), a pattern that matches
        nothing.
    SurveyTypeError
        ``blocks`` is neither lavaan syntax, a Model nor a dict; a construct or item name
        is not a non-empty string.

    See Also
    --------
    check_variables : every observed variable of a whole model.
    composite_scores : the mean answer of each block.
    as_model : the Model of a blocks dict.

    Examples
    --------
    >>> d = pd.DataFrame(columns=["IMAG1", "IMAG2", "CUSA1", "CUSA2"])
    >>> check_blocks({"Image": "IMAG*", "Satisfaction": ["CUSA1", "CUSA2"]}, d)
    {'Image': ['IMAG1', 'IMAG2'], 'Satisfaction': ['CUSA1', 'CUSA2']}
    >>> check_blocks("Image =~ IMAG1 + IMAG2; Satisfaction =~ CUSA1", min_items=2)
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: blocks['Satisfaction']: a construct needs at least 2 items (rule: multi-item scales only); got ['CUSA1']
    """
    if isinstance(blocks, (str, Model)):
        raw = {k: list(v) for k, v in as_model(blocks, what=what).blocks.items()}
        if not raw:
            raise SurveyError(f"{what}: the model has no measurement (=~ or <~) lines")
    elif isinstance(blocks, Mapping):
        raw = {k: v for k, v in blocks.items()}
        _blocks_model(raw, what)  # types and emptiness
    else:
        raise SurveyTypeError(f"{what}: must map each construct to its item columns, e.g. "
                              f"{{'tangibles': ['P1', 'P2', 'P3', 'P4']}}, or be lavaan syntax; "
                              f"got {type(blocks).__name__}")
    if data is not None:
        require_frame(data, min_rows=0)
    out: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    for name, items in raw.items():
        items = [items] if isinstance(items, str) else list(items)
        if data is not None and any(any(ch in i for ch in "*?[") for i in items):
            items = expand_items(data, items)
        if len(items) < min_items:
            raise SurveyError(f"{what}[{name!r}]: a construct needs at least {min_items} items (rule: multi-item "
                              f"scales only); got {items!r}")
        for item in items:
            if item in owner:
                raise SurveyError(f"column {item!r}: an item may belong to one construct only; it is listed under "
                                  f"{owner[item]!r} and {name!r}")
            owner[item] = name
            if data is not None and item not in data.columns:
                raise SurveyError(f"{what}[{name!r}]: item {item!r} is not a column of the data (rule: every item "
                                  f"must be a column); {_closest(item, data.columns)}")
        out[name] = items
    return out


# --------------------------------------------------------------------------------------
# structure
# --------------------------------------------------------------------------------------
def topological_order(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[str]:
    """Nodes ordered so that every source comes before its targets (Kahn's algorithm).

    Ties keep the order of ``nodes``.

    Parameters
    ----------
    nodes : iterable of str
        The nodes (constructs); duplicates are dropped.
    edges : iterable of (source, target)
        Directed edges (paths); a node named only by an edge is added after ``nodes``.

    Returns
    -------
    list of str
        Every node once, each source before its targets.

    Raises
    ------
    SurveyError
        When the edges form a cycle (a non-recursive model), naming the nodes on it.

    See Also
    --------
    Model.order : the constructs of a parsed model in this order.

    Examples
    --------
    >>> topological_order(["loyalty", "satisfaction", "quality"],
    ...                   [("quality", "satisfaction"), ("satisfaction", "loyalty")])
    ['quality', 'satisfaction', 'loyalty']
    >>> topological_order(["a", "b"], [("a", "b"), ("b", "a")])
    Traceback (most recent call last):
    ...
    sxm.io.SurveyError: model: the paths form a cycle through 'a', 'b' (rule: the model must be recursive, no construct may lead back to itself)
    >>> # In R: igraph::topo_sort(igraph::graph_from_edgelist(edges))
    """
    nodes = list(dict.fromkeys(nodes))
    edges = list(edges)
    for s, t in edges:
        for v in (s, t):
            if v not in nodes:
                nodes.append(v)
    preds = {v: set() for v in nodes}
    for s, t in edges:
        preds[t].add(s)
    order: list[str] = []
    while preds:
        ready = [v for v in nodes if v in preds and not preds[v]]
        if not ready:
            cyc = ", ".join(repr(v) for v in nodes if v in preds)
            raise SurveyError(f"model: the paths form a cycle through {cyc} (rule: the model must be recursive, "
                              "no construct may lead back to itself)")
        for v in ready:
            order.append(v)
            del preds[v]
        for deps in preds.values():
            deps.difference_update(ready)
    return order


# --------------------------------------------------------------------------------------
# scores and rendering
# --------------------------------------------------------------------------------------
def composite_scores(data: pd.DataFrame, blocks, *, scale=None) -> pd.DataFrame:
    """Mean answer per construct (unit-weighted composite), one column per construct.

    The one place where item means per construct are computed (SERVQUAL dimension scores,
    experience elements, key drivers and SEM composites all call it). A respondent's score
    averages the items they answered; a respondent who answered none of a construct's
    items gets NaN.

    Parameters
    ----------
    data : DataFrame
        Respondents in rows. Not modified.
    blocks : str, Model or dict
        ``{construct: [item columns]}`` (a glob pattern such as ``"emp?"`` may stand for a
        list) or lavaan syntax whose ``=~``/``<~`` lines give them; see
        :func:`check_blocks`.
    scale : tuple of (low, high), optional
        Inclusive answer scale the items are checked against. Default ``None``: no check
        of the range.

    Returns
    -------
    DataFrame
        Indexed like ``data``, one float column per construct (in the order of
        ``blocks``).

    Raises
    ------
    SurveyError
        Any error of :func:`check_blocks` against ``data``; answers that are not numbers
        or lie off ``scale``.
    SurveyTypeError
        ``data`` is not a DataFrame, or ``blocks`` is not a model or dict.

    See Also
    --------
    check_blocks : the blocks, validated against the data.
    sxm.sem.fit : the latent-variable model of the same blocks.
    sxm.reliability.cronbach_alpha : how reliable each composite is.

    Notes
    -----
    Composites carry the items' measurement error, so relations between them are
    attenuated compared with relations between latent variables (the reason to fit a
    latent-variable model).

    Examples
    --------
    >>> d = pd.DataFrame({"s1": [1, 3], "s2": [3, 5], "l1": [2, 4], "l2": [4, None]})
    >>> composite_scores(d, "sat =~ s1 + s2; loy =~ l1 + l2")
       sat  loy
    0  2.0  3.0
    1  4.0  4.0
    >>> # In R: rowMeans(d[c("l1", "l2")], na.rm = TRUE)
    >>> from sxm.datasets import load
    >>> composite_scores(load("service_experience"), {"employees": "emp?", "facilities": "fac?"}).head(3).round(2)
       employees  facilities
    0       5.67        2.67
    1       5.33        3.00
    2       4.33        3.67
    """
    groups = check_blocks(blocks, data)
    items = list(dict.fromkeys(i for its in groups.values() for i in its))
    values = numeric_items(data, items, scale=scale, allow_all_missing=True).to_numpy()
    pos = {c: i for i, c in enumerate(items)}
    answered = ~np.isnan(values)
    filled = np.where(answered, values, 0.0)
    out = {}
    for name, its in groups.items():
        idx = [pos[i] for i in its]
        count = answered[:, idx].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[name] = np.where(count > 0, filled[:, idx].sum(axis=1) / count, np.nan)
    return pd.DataFrame(out, index=data.index)


def measurement_syntax(blocks) -> str:
    """lavaan syntax of a CFA in which each construct loads on its items.

    Parameters
    ----------
    blocks : dict, str or Model
        ``{construct: [items]}`` (or a model, whose blocks are used). Glob patterns are not
        expanded here: give the item names.

    Returns
    -------
    str
        One ``construct =~ item + item ...`` line per construct, joined by newlines.

    Raises
    ------
    SurveyError
        Any error of :func:`check_blocks`; a construct or item name that lavaan syntax
        cannot hold (e.g. one that starts with a digit or holds a space).
    SurveyTypeError
        ``blocks`` is neither lavaan syntax, a Model nor a dict.

    See Also
    --------
    measurement_model : the CFA part of a full description.
    as_model : the Model of a blocks dict.

    Examples
    --------
    >>> print(measurement_syntax({"visual": ["x1", "x2", "x3"], "速度": ["x7", "x8"]}))
    visual =~ x1 + x2 + x3
    速度 =~ x7 + x8
    """
    groups = check_blocks(blocks)
    for name, items in groups.items():
        for label in (name, *items):
            if not _NAME.match(label):
                raise SurveyError(
                    f"name {label!r}: names in a model must start with a letter or '_' and hold only letters, "
                    "digits, '_' or '.' (rename the column, e.g. with a codebook)"
                )
    return "\n".join(f"{name} =~ {' + '.join(items)}" for name, items in groups.items())


def measurement_model(description) -> str:
    """The confirmatory factor analysis of a model: its ``=~`` lines and the ``~~`` lines
    between indicators (structural paths are dropped; the factors then all covary).

    Parameters
    ----------
    description : str or Model
        A model in lavaan syntax (or a parsed :class:`Model`, or a blocks dict).

    Returns
    -------
    str
        The kept lines (``=~``, ``<~``, ``|`` and the ``~~`` lines between indicators), in
        lavaan syntax, one per line; ``:=`` lines are dropped too.

    Raises
    ------
    SurveyError
        Any error of :func:`parse`.
    SurveyTypeError
        ``description`` is not a model.

    See Also
    --------
    measurement_syntax : the CFA of a blocks dict.
    drop_path : a nested rival of the structural model.

    Examples
    --------
    >>> print(measurement_model("sat =~ s1 + s2 + s3\\nloy =~ l1 + l2 + l3\\nloy ~ sat"))
    sat =~ s1 + s2 + s3
    loy =~ l1 + l2 + l3
    """
    m = as_model(description, what="description")
    latent = set(m.latent)
    keep = [s for s in m.statements
            if s.op in ("=~", "<~", "|") or (s.op == "~~" and s.lhs not in latent
                                             and all(t.name not in latent for t in s.terms))]
    return "\n".join(str(s) for s in keep)


def drop_path(description, path: str) -> str:
    """The description with one regression path fixed to zero, e.g. ``"loyalty ~ experience"``.

    The path stays in the description as ``0*predictor`` rather than being deleted, so the
    rival model is nested in the original one with exactly one degree of freedom more
    (deleting the term could make the outcome a "pure" outcome whose residual lavaan and
    ``sxm.sem`` then correlate with other outcomes). Compare the two with
    :func:`sxm.sem.compare`.

    Parameters
    ----------
    description : str or Model
        A model in lavaan syntax (or a parsed :class:`Model`).
    path : str
        ``"outcome ~ predictor"``: one regression path of the model.

    Returns
    -------
    str
        The whole description in lavaan syntax, with the predictor of that path written
        ``0*predictor`` (its label, if any, kept).

    Raises
    ------
    SurveyError
        ``path`` does not read ``outcome ~ predictor``, or the model has no such path;
        any error of :func:`parse`.

    See Also
    --------
    sxm.sem.compare : the chi-square difference test of the two models.
    measurement_model : the CFA part of a description.

    Examples
    --------
    >>> print(drop_path("sat =~ s1 + s2\\nloy =~ l1 + l2\\nx =~ x1 + x2\\nloy ~ sat + x", "loy ~ x"))
    sat =~ s1 + s2
    loy =~ l1 + l2
    x =~ x1 + x2
    loy ~ sat + 0*x
    >>> # In lavaan: write "loy ~ sat + 0*x" by hand, then anova(fit_rival, fit)
    """
    match = _LINE.match(path.strip()) if isinstance(path, str) else None
    if not match or match.group(2) != "~" or not _NAME.match(match.group(3) or ""):
        raise SurveyError(f"path: must read 'outcome ~ predictor', e.g. 'loyalty ~ experience'; got {path!r}")
    lhs, _, rhs = match.groups()
    m = as_model(description, what="description")
    found = False
    out = []
    for s in m.statements:
        if s.lhs == lhs and s.op == "~":
            found = found or any(t.name == rhs for t in s.terms)
            s = Statement(s.lhs, s.op, tuple(Term(t.name, 0.0, t.label) if t.name == rhs else t for t in s.terms), s.line)
        out.append(s)
    if not found:
        raise SurveyError(f"path {path!r}: the model has no regression of {lhs!r} on {rhs!r}")
    return str(Model(tuple(out), m.definitions))

