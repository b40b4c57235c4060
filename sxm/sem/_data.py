"""A data helper for SEM teaching: simulated missing answers (MCAR or MAR)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..io import SurveyError, numeric_items, require_columns, require_frame


def drop_answers(data: pd.DataFrame, columns, share: float, *, depends_on: str | None = None,
                 seed=None) -> pd.DataFrame:
    """A copy of ``data`` with a share of the answers in ``columns`` deleted.

    Parameters
    ----------
    data : DataFrame
        Not modified.
    columns : list of str
        Items whose answers may be deleted.
    share : float
        Expected share of deleted answers in ``columns``, in [0, 0.9].
    depends_on : str, optional
        ``None`` deletes completely at random (MCAR). A column name makes the deletion
        depend on it (missing at random, MAR): respondents with low values of that column
        lose answers more often (probability proportional to their rank from the bottom),
        as dissatisfied customers skip the loyalty questions.
    seed : int, optional
        Makes the deletion reproducible.

    Returns
    -------
    DataFrame
        A copy of ``data`` with NaN where answers were deleted (the listed columns as
        float).

    See Also
    --------
    sxm.sem.fit : ``missing="fiml"`` uses every answer left.

    Examples
    --------
    >>> d = pd.DataFrame({"a": np.arange(1000.0), "b": 1.0})
    >>> out = drop_answers(d, ["b"], 0.3, depends_on="a", seed=1)
    >>> bool(out["b"].isna().mean() > 0.25), bool(out.loc[:499, "b"].isna().sum() > out.loc[500:, "b"].isna().sum())
    (True, True)
    """
    require_frame(data)
    columns = [columns] if isinstance(columns, str) else list(columns)
    require_columns(data, columns + ([depends_on] if depends_on else []))
    if not 0 <= share <= 0.9:
        raise SurveyError(f"share: must lie between 0 and 0.9; got {share!r}")
    rng = np.random.default_rng(seed)
    n = len(data)
    if depends_on is None:
        prob = np.full(n, float(share))
    else:
        driver = numeric_items(data, [depends_on])[depends_on]
        rank = driver.rank(method="first", na_option="bottom").to_numpy()
        weight = (n - rank + 0.5) / n
        prob = np.clip(share * weight / weight.mean(), 0.0, 0.95)
    holes = rng.random((n, len(columns))) < prob[:, None]
    out = data.copy()
    for j, col in enumerate(columns):  # loop over the listed columns, not respondents
        out[col] = out[col].astype("float64").mask(holes[:, j])
    return out
