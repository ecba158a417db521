"""Handlers of the parameters fixture specs: each echoes what it received, with its type.

A handler answers ``{argument: [type name, value]}``, so that a test can check both the value
and the Python type the framework gave it. Arguments left at ``UNSET`` were not passed.
"""

from __future__ import annotations

UNSET = object()


def _received(**values):
    return {
        name: [type(value).__name__, value] for name, value in values.items() if value is not UNSET
    }


def echo(**kwargs):
    """Every path, query and form value arrives in ``**kwargs``."""
    return _received(**kwargs)


# one operationId per operation (the specs require them unique), one behaviour
types = keywords = nullable = nullable31 = files = pythonic = parsers = collections = echo
form = query_styles = simple_styles = label_styles = matrix_styles = echo


def by_name(pint, qint=UNSET, qstr="python default"):
    """No ``**kwargs``: only the arguments named here are passed."""
    return _received(pint=pint, qint=qint, qstr=qstr)


def headers(
    x_request_id=UNSET, x_count=UNSET, x_tags=UNSET, x_color=UNSET, x_point=UNSET, **kwargs
):
    """Header parameters arrive only under the names of the signature."""
    return _received(
        x_request_id=x_request_id,
        x_count=x_count,
        x_tags=x_tags,
        x_color=x_color,
        x_point=x_point,
        **kwargs,
    )


def cookies(session=UNSET, count=UNSET, ids=UNSET, prefs=UNSET, **kwargs):
    """Cookie parameters arrive only under the names of the signature."""
    return _received(session=session, count=count, ids=ids, prefs=prefs, **kwargs)


def required(name, x_token=UNSET):
    return _received(name=name, x_token=x_token)


def defaults(x_level=UNSET, **kwargs):
    return _received(x_level=x_level, **kwargs)


def mutate_defaults(qarr, qobj):
    """Changes the default values it receives: the next request must not see the change."""
    answer = _received(qarr=list(qarr), qobj=qobj if isinstance(qobj, str) else dict(qobj))
    qarr.append(99)
    if isinstance(qobj, dict):
        qobj["changed"] = True
    return answer
