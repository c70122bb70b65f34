"""A segment trie built once from the operation registry.

Literal segments win over parameters, so `/users/summary` beats `/users/{userId}`; lookup cost
depends on the path's depth, not on the number of operations (about a thousand here).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

R = TypeVar("R")


@dataclass(slots=True)
class _Node(Generic[R]):
    literals: dict[str, _Node[R]] = field(default_factory=dict)
    param: _Node[R] | None = None
    param_name: str = ""
    methods: dict[str, R] = field(default_factory=dict)


class MethodNotAllowed(Exception):
    def __init__(self, allowed: list[str]) -> None:
        super().__init__(", ".join(allowed))
        self.allowed = allowed


class Router(Generic[R]):
    def __init__(self) -> None:
        self._root: _Node[R] = _Node()

    def add(self, method: str, template: str, route: R) -> None:
        node = self._root
        for seg in _segments(template):
            if seg.startswith("{") and seg.endswith("}"):
                name = seg[1:-1]
                if node.param is None:
                    node.param = _Node()
                    node.param_name = name
                # Sibling templates may name the parameter differently ({userId} vs {id});
                # the first name wins for matching, and each route keeps its own names.
                node = node.param
            else:
                node = node.literals.setdefault(seg, _Node())
        node.methods.setdefault(method.upper(), route)

    def match(self, method: str, segments: list[str]) -> tuple[R, list[str]] | None:
        """Return the route and the raw values of its parameters, in template order.

        Raises MethodNotAllowed when the path exists for other methods only.
        """
        # Candidates come literal-first; the first that has the method wins, so a literal path
        # with other methods only (POST /im/users/me/...) does not hide GET /im/users/{userId}/...
        allowed: set[str] = set()
        for node, values in self._walk(self._root, segments, 0, []):
            route = node.methods.get(method)
            if route is None and method == "HEAD":
                route = node.methods.get("GET")
            if route is not None:
                return route, values
            allowed.update(node.methods)
        if allowed:
            raise MethodNotAllowed(sorted(allowed))
        return None

    def _walk(
        self, node: _Node[R], segs: list[str], i: int, values: list[str]
    ) -> Iterator[tuple[_Node[R], list[str]]]:
        if i == len(segs):
            if node.methods:
                yield node, values
            return
        seg = segs[i]
        child = node.literals.get(seg)
        if child is not None:
            yield from self._walk(child, segs, i + 1, values)
        if node.param is not None and seg != "":
            yield from self._walk(node.param, segs, i + 1, [*values, seg])


def _segments(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/")] if path.strip("/") else []


def split_path(path: str) -> list[str]:
    """Split a request path; a trailing slash is tolerated (some clients send one)."""
    return _segments(path)
