"""Loading a front-matter block's YAML within hostile-input limits.

Size, control characters, nesting and alias expansion are checked before any
value is built, so that no block can make the build slow or large.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from chapbook.model.frontmatter.record import UNPUBLISHED_DRAFT, Problem
from chapbook.trust.controls import strip_controls

if TYPE_CHECKING:
    from chapbook.model.frontmatter.record import Record

try:  # libyaml is ~10x faster on large front-matter; PyYAML's pure loader is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Hostile-input limits.  A real post's front-matter is a few hundred bytes.
MAX_BLOCK_BYTES = 64 * 1024
MAX_NODES = 10_000
MAX_DEPTH = 20


def load(text: str, first_line: int, fm: Record) -> dict[str, Any] | None:
    """The block's mapping, or ``None`` (with a problem) when it cannot be used."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BLOCK_BYTES:
        fm.warn(None, f" is too large ({size} bytes, at most {MAX_BLOCK_BYTES})")
        return None
    text = _without_controls(text, first_line, fm)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        fm.problems.append(yaml_problem(err, first_line))
        return None
    except (yaml.YAMLError, RecursionError) as err:
        fm.problems.append(Problem(first_line, f"front-matter is not valid YAML: {err}"))
        return None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        fm.problems.append(
            Problem(first_line, f"front-matter is not a mapping of keys to values ({kind})")
        )
        return None
    if not _bounded(root, fm, first_line):
        return None
    return construct(root, first_line, fm)


def _without_controls(text: str, first_line: int, fm: Record) -> str:
    """YAML refuses control characters outright; they are removed, and each line named."""
    cleaned = strip_controls(text)
    if cleaned == text:
        return text
    for number, line in enumerate(text.split("\n")):
        if strip_controls(line) != line:
            fm.problems.append(
                Problem(first_line + number, "front-matter: control characters removed")
            )
    return cleaned


def yaml_problem(err: yaml.MarkedYAMLError, first_line: int) -> Problem:
    """Point at the line to fix: where the unclosed construct began, if there is one."""
    problem = err.problem or "cannot be parsed"
    mark = err.problem_mark
    if err.context_mark is not None and err.context:
        mark = err.context_mark
        problem = f"{err.context} on this line, {problem}"
    line = first_line + mark.line if mark is not None else first_line
    return Problem(line, f"front-matter is not valid YAML: {problem}")


def _bounded(root: yaml.Node, fm: Record, first_line: int) -> bool:
    """Refuse alias bombs and deep nesting before anything expands them.

    Aliases share nodes, so the expanded size is counted per distinct node with
    memoisation: linear in the document, whatever the expansion would be.
    """
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise _TooDeepError
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = MAX_NODES + 1  # a cycle counts as unbounded
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        total = min(total, MAX_NODES + 1)
        sizes[id(node)] = total
        return total

    try:
        count = size(root, 0)
    except _TooDeepError:
        fm.problems.append(
            Problem(first_line, f"front-matter is nested too deeply (at most {MAX_DEPTH} levels)")
        )
        return False
    if count > MAX_NODES:
        fm.problems.append(
            Problem(
                first_line,
                f"front-matter expands to more than {MAX_NODES} values "
                "(through aliases?); it is ignored",
            )
        )
        return False
    return True


class _TooDeepError(Exception):
    pass


def _value(loader: Any, node: yaml.Node) -> Any:
    """A value as YAML types it; an impossible one (``2024-02-30``) as the text written.

    PyYAML's timestamp resolver raises ``ValueError`` for a date that does not
    exist; the text is kept so that validation names the key and its line.  In
    a list or mapping (``tags: [2024-02-30]``) there is no one text to keep:
    :class:`_UnreadableValueError` says so, and the key is reported, not dropped quietly.
    """
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, TypeError) as err:
        if isinstance(node, yaml.ScalarNode):
            return node.value
        raise _UnreadableValueError(str(err)) from err


class _UnreadableValueError(Exception):
    pass


def construct(root: yaml.MappingNode, first_line: int, fm: Record) -> dict[str, Any] | None:
    loader = _Loader("")
    try:
        data: dict[str, Any] = {}
        for key_node, value_node in root.value:
            key = loader.construct_object(key_node, deep=True)
            line = first_line + key_node.start_mark.line
            if not isinstance(key, str):
                fm.problems.append(Problem(line, f"front-matter key {key!r} is not text; ignored"))
                continue
            if key in data:
                if key == "draft":  # the first may have said true: fail closed on either
                    fm.earlier_drafts.append(data[key])
                fm.problems.append(
                    Problem(
                        line,
                        f"front-matter '{key}' is given twice (lines {fm.lines[key]} "
                        f"and {line}); the last one is used",
                    )
                )
            fm.lines[key] = line
            try:
                data[key] = _value(loader, value_node)
            except _UnreadableValueError as err:
                data.pop(key, None)
                fm.rejected.add(key)
                then = UNPUBLISHED_DRAFT if key == "draft" else "ignored"
                message = f"front-matter '{key}': a value in it cannot be read ({err}); {then}"
                fm.problems.append(Problem(line, message))
        return data
    except yaml.MarkedYAMLError as err:
        fm.problems.append(yaml_problem(err, first_line))
        return None
    except yaml.YAMLError as err:
        fm.problems.append(Problem(first_line, f"front-matter is not valid YAML: {err}"))
        return None
    finally:
        loader.dispose()
