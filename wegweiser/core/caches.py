"""Small per-process caches of values that belong to a version of a district's catalog.

A key is ``(owner, version, *variant)``: the owner (a district), the version the value was read
at (``District.catalog_version``, raised by every change that could make it stale) and what else
it depends on (languages, …). Storing a value drops the entries of older versions of the same
owner and variant, and the cache keeps at most ``size`` entries (the least recently used go
first), so memory stays bounded however many districts a worker serves."""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

V = TypeVar("V")


def versioned_get(
    cache: "OrderedDict[Any, V]", lock: threading.Lock, key: tuple, size: int, load: Callable[[], V]
) -> V:
    """The value of ``key`` in ``cache``, from ``load()`` (outside the lock) when it is not there."""
    with lock:
        found = cache.get(key)
        if found is not None:
            cache.move_to_end(key)
            return found
    value = load()
    with lock:
        for old in [k for k in cache if k[0] == key[0] and k[2:] == key[2:]]:
            del cache[old]
        cache[key] = value
        while len(cache) > size:
            cache.popitem(last=False)
    return value
