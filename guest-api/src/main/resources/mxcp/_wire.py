"""Decoding of values the host sends (arguments, query rows, secrets, configuration). Internal.

Strings, integers, floats and booleans cross as themselves; everything else comes as a host array
whose first element says what it is: see dev.mxcp.host.polyglot.GuestWire. Modules for the rarer
types are imported when first needed, to keep worker start-up short.
"""


def _mapping(v):
    keys = v[1]
    values = v[2]
    return {keys[i]: decode(values[i]) for i in range(len(keys))}


def _sequence(v):
    items = v[1]
    return [decode(items[i]) for i in range(len(items))]


def _decimal(v):
    import decimal
    return decimal.Decimal(v[1])


def _date(v):
    import datetime
    return datetime.date.fromisoformat(v[1])


def _datetime(v):
    import datetime
    return datetime.datetime.fromisoformat(v[1])


def _time(v):
    import datetime
    return datetime.time.fromisoformat(v[1])


def _bytes(v):
    import base64
    return base64.b64decode(v[1])


def _column(v):
    items = list(v[1])
    for i in v[2]:
        items[i] = None
    return items


_DECODERS = {
    "m": _mapping,
    "l": _sequence,
    "i": lambda v: int(v[1]),
    "D": _decimal,
    "d": _date,
    "t": _datetime,
    "h": _time,
    "b": _bytes,
    "c": _column,
}


def decode(v):
    t = type(v)
    if t is str or t is int or t is float or t is bool:
        return v
    if v is None:  # also true for a host null read from a host array, which is not None itself
        return None
    return _DECODERS[v[0]](v)


def rows(result, row_type):
    """A query result [column names, rows] as a row_type (a list subclass) of dicts."""
    names = [str(n) for n in result[0]]
    width = len(names)
    out = row_type()
    for row in result[1]:
        values = list(row)
        out.append({names[i]: decode(values[i]) for i in range(width)})
    return out
