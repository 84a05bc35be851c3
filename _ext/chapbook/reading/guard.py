"""The trust policy where the parsers look up a directive or a role.

Docutils and MyST find every directive and role through two functions,
``directives.directive`` and ``roles.role``; Sphinx puts its domains in front
of them while a document is read (``sphinx_domains``).  While a post is
parsed, :class:`Guard` stands in front of Sphinx's lookup, in both parsers and
in everything they parse for a post (a directive's content, ``{eval-rst}``,
an included file): what the lookup finds is handed on only if the policy
allows it (``trust.policy``), narrowed to the options the policy lists, and
checked for the files it reads before it runs.  Anything else becomes a
stand-in that says why, with the file and line, and leaves the block out
(a role keeps its text).

What is allowed is decided by what Sphinx's lookup returns, not by the name
as written: a French name, a ``sourcecode`` spelling or a domain's default
all lead to the same class or function, and a domain that shadows a
docutils name (``{class}`` is ``py:class``) is refused as that domain's.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles
from docutils.parsers.rst.languages import en
from docutils.utils import new_document
from sphinx.util.docutils import CustomReSTDispatcher
from sphinx.util.i18n import search_image_for_language

from chapbook.reading import files
from chapbook.trust import policy
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from docutils.parsers.rst.states import Inliner
    from docutils.utils import Reporter
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The environment's attribute holding the guard's table for one build: derived from the
#: configuration and the registered directives at ``builder-inited``, never pickled.
TABLE = "chapbook_trust_table"


@dataclass
class Table:
    """What the policy allows, keyed by what the lookups return."""

    powers: frozenset[str]
    #: directive class -> (canonical name, rule)
    directives: dict[Any, tuple[str, policy.Rule]] = field(default_factory=dict)
    #: role function -> (canonical name, power or None)
    roles: dict[Any, tuple[str, str | None]] = field(default_factory=dict)
    #: guarded subclasses made so far, one per allowed class
    guarded: dict[Any, type[Directive]] = field(default_factory=dict)

    def __reduce__(self) -> tuple[type, tuple[frozenset[str]]]:
        # Pickled with the environment as an empty table: classes and role functions stay
        # in this process, and the next build derives its own at ``builder-inited``.
        return (Table, (frozenset(),))


def build_table(app: Sphinx) -> None:
    """``builder-inited``: look up every allowed name once, outside any document.

    Outside a document, ``directives.directive`` is docutils' own lookup (no domain
    in front of it): a plain name gives docutils' or Sphinx's class, and a domain's
    name (``std:ref``) is looked up in that domain.
    """
    env = app.env
    table = Table(frozenset(app.config.chapbook_trust))
    document = new_document("<chapbook trust policy>")
    for name, rule in policy.DIRECTIVES.items():
        found = _directive(env, name, document)
        if found is not None:
            table.directives[found] = (name, rule)
    for name, power in policy.ROLES.items():
        found = _role(env, name, document.reporter)
        if found is not None:
            table.roles[found] = (name, power)
    setattr(env, TABLE, table)


def _directive(env: BuildEnvironment, name: str, document: nodes.document) -> Any:
    domain, colon, short = name.partition(":")
    if colon:
        return env.domains[domain].directive(short)
    return directives.directive(name, en, document)[0]


def _role(env: BuildEnvironment, name: str, reporter: Reporter) -> Any:
    domain, colon, short = name.partition(":")
    if colon:
        return env.domains[domain].role(short)
    return roles.role(name, en, 0, reporter)[0]


def table_of(env: BuildEnvironment) -> Table:
    return getattr(env, TABLE)


class Guard(CustomReSTDispatcher):
    """In front of Sphinx's directive and role lookup while one document is parsed."""

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__()
        self.env = env
        self.table = table_of(env)

    def _no_domain(self, name: str) -> bool:
        """``{sphinx:ref}``: Sphinx would warn of a domain it does not know, without a line."""
        domain, colon, _ = name.partition(":")
        return bool(colon) and domain.lower() not in self.env.domains

    def directive(
        self, directive_name: str, language_module: ModuleType, document: nodes.document
    ) -> tuple[type[Directive] | None, list[nodes.system_message]]:
        if self._no_domain(directive_name):
            return _refused_directive(directive_name, _NO_DOMAIN), []
        found, messages = super().directive(directive_name, language_module, document)
        if found is None:
            return found, messages
        entry = self.table.directives.get(found)
        if entry is None:
            reason = _why_not(directive_name, language_module)
            return _refused_directive(directive_name, reason), messages
        name, rule = entry
        if rule.power and rule.power not in self.table.powers:
            return _refused_directive(directive_name, policy.needs(rule.power)), messages
        return _guarded(self.table, found, name, rule), messages

    def role(
        self, role_name: str, language_module: ModuleType, lineno: int, reporter: Reporter
    ) -> tuple[Any, list[nodes.system_message]]:
        if self._no_domain(role_name):
            return _refused_role(role_name, _NO_DOMAIN), []
        found, messages = super().role(role_name, language_module, lineno, reporter)
        if found is None:
            return found, messages
        entry = self.table.roles.get(found)
        if entry is None:
            reason = _why_not(role_name, language_module, role=True)
            return _refused_role(role_name, reason), messages
        power = entry[1]
        if power and power not in self.table.powers:
            return _refused_role(role_name, policy.needs(power)), messages
        return found, messages


_NO_DOMAIN = "its prefix names no domain of this site"


def refusal(name: str, *, role: bool = False, language: ModuleType = en) -> str | None:
    """Why the policy refuses ``name`` (or the English name it spells in docutils' words:
    ``url`` is ``uri-reference``, French ``méta`` is ``meta``), if it lists it as refused."""
    name = name.lower()
    refused = policy.REFUSED_ROLES if role else policy.REFUSED_DIRECTIVES
    spelled = [getattr(module, "roles" if role else "directives", {}).get(name, name)
               for module in (language, en)]  # fmt: skip
    reasons = (refused.get(each) for each in (name, *spelled))
    return next(filter(None, reasons), None) or policy.domain_refusal(name)


def _why_not(name: str, language: ModuleType, *, role: bool = False) -> str:
    reason = refusal(name, role=role, language=language)
    return reason or "it is not on the list of what posts may use"


# -- refused directives and roles -------------------------------------------------------


class _AnyOption(dict):
    """An option spec that takes any option as text, so a refused directive's options
    are not reported as unknown before the refusal itself is."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> Callable[[str | None], str]:
        return directives.unchanged


class RefusedDirective(Directive):
    """Stands in for a directive a post may not use: one warning, nothing of its block."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar = _AnyOption()
    reason: ClassVar[str] = ""

    def run(self) -> list[nodes.Node]:
        location = where(self.state.document, self.lineno)
        warn(f"directive {self.name!r} is not allowed in posts: {self.reason}; it is left out",
             Warn.TRUST, location=location)  # fmt: skip
        return []


def _refused_directive(name: str, reason: str) -> type[Directive]:
    return type("RefusedDirective", (RefusedDirective,), {"reason": reason})


def _refused_role(name: str, reason: str) -> Callable[..., Any]:
    def refused(  # noqa: PLR0913, PLR0917  the signature of every docutils role
        typ: str,
        rawtext: str,
        text: str,
        lineno: int,
        inliner: Inliner,
        options: dict[str, Any] | None = None,
        content: list[str] | None = None,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        warn(f"role {name!r} is not allowed in posts: {reason}; its text is kept as it is",
             Warn.TRUST, location=where(inliner.document, lineno))  # fmt: skip
        return [nodes.literal(rawtext, text)], []

    return refused


# -- allowed directives, narrowed -------------------------------------------------------


@dataclass(frozen=True)
class RefusedOption:
    """The value of an option the policy refuses: the directive does not run."""

    name: str
    why: str = "is not allowed in posts"


def _refuse_option(name: str) -> Callable[[str | None], RefusedOption]:
    # Never the directive's own converter: docutils' include converts ``:parser:`` by
    # importing the module it names.
    return lambda value: RefusedOption(name)


def _bounded(name: str, convert: Callable[[str | None], Any]) -> Callable[[str | None], Any]:
    """``convert``, for a value whose every number is at most the policy's bound."""
    limit = policy.BOUNDED_OPTIONS[name]

    def checked(value: str | None) -> Any:
        if any(int(number) > limit for number in re.findall(r"\d+", value or "")):
            return RefusedOption(name, f"holds a number over {limit:,}")
        return convert(value)

    return checked


def _one_line(name: str, convert: Callable[[str | None], Any]) -> Callable[[str | None], Any]:
    """``convert``, for a value on one line."""

    def checked(value: str | None) -> Any:
        if any(mark in (value or "") for mark in policy.LINE_BREAKS):
            return RefusedOption(name, "holds more than one line")
        return convert(value)

    return checked


def _guarded(table: Table, found: type[Directive], name: str, rule: policy.Rule) -> type:
    guarded = table.guarded.get(found)
    if guarded is None:
        guarded = type(found.__name__, (found,), {
            "option_spec": _narrowed(found, rule, table.powers),
            "run": _checked_run,
            "chapbook_rule": (name, rule, table.powers),
        })  # fmt: skip
        table.guarded[found] = guarded
    return guarded


def _narrowed(found: type[Directive], rule: policy.Rule, powers: frozenset[str]) -> dict[str, Any]:
    reads = policy.READS_FILES in powers
    spec = {
        option: convert if option in rule.options or (reads and option in rule.reads)
        else _refuse_option(option)
        for option, convert in (found.option_spec or {}).items()
    }  # fmt: skip
    for option in spec.keys() & policy.BOUNDED_OPTIONS.keys() & rule.options:
        spec[option] = _bounded(option, spec[option])
    for option in spec.keys() & policy.ONE_LINE_OPTIONS & rule.options:
        spec[option] = _one_line(option, spec[option])
    return spec


def _checked_run(self: Any) -> list[nodes.Node]:
    name, rule, powers = self.chapbook_rule
    env = self.state.document.settings.env
    problem = _problem(self, name, rule, powers, env)
    if problem:
        warn_left_out(self.name, problem, where(self.state.document, self.lineno))
        return []
    return super(type(self), self).run()


def where(document: nodes.document, line: int) -> str:
    """A warning's location in the file being parsed: a post, or a book's outline (whose
    introductions are parsed into a document of their own)."""
    return f"{document['source']}:{line}"


def warn_left_out(name: str, problem: str, location: Any) -> None:
    """One warning: ``chapbook.source`` for a file that is not there, else ``chapbook.trust``."""
    subtype = Warn.SOURCE if problem.endswith(files.MISSING) else Warn.TRUST
    warn(f"directive {name!r}: {problem}; it is left out", subtype, location=location)


def _problem(
    directive: Any, name: str, rule: policy.Rule, powers: frozenset[str], env: BuildEnvironment
) -> str | None:
    problem = option_problem(directive.options, rule)
    if problem:
        return problem
    if name == "raw":
        problem = _raw_formats(directive.arguments[0], powers)
        if problem:
            return problem
    for place in rule.reads:
        arguments = directive.arguments or [None]
        written = arguments[0] if place == "argument" else directive.options.get(place)
        if written is None:
            continue
        if policy.READS_FILES not in powers:
            return f"reading a file {policy.needs(policy.READS_FILES)}"
        problem = _pin(directive, name, place, str(written), env)
        if problem:
            return f"the file {str(written).strip()!r} {problem}"
    return None


#: Directives whose engine joins a ``:file:`` to the folder of the file being read (docutils'
#: own ``adapt_path``, where an absolute path stays absolute); the others read a path as
#: Sphinx's ``relfn2path`` does (``/`` is the source folder).
_DOCUTILS_PATHS = frozenset({("raw", "file"), ("csv-table", "file")})


def _pin(directive: Any, name: str, place: str, written: str, env: BuildEnvironment) -> str | None:
    """Check the file ``written`` names, then make the directive open exactly that file.

    Engines read a path each their own way (an absolute ``:file:`` is the machine's in
    docutils and the source folder's in Sphinx; Mermaid looks for a translation first):
    after the check the argument or option is written again as a path no engine can
    read another way, so what is opened is what was checked.
    """
    if name == "mermaid":
        written = _translation(written, env)
        if written is None:
            return "has translations of its translations"
    path, problem = files.resolve(env, written, env.docname)
    if path is None:
        return problem
    if (name, place) in _DOCUTILS_PATHS:
        folder = Path(directive.state.document.current_source or env.doc2path(env.docname))
        pinned = os.path.relpath(path, folder.resolve().parent)
    else:
        pinned = "/" + path.relative_to(Path(os.path.realpath(env.srcdir))).as_posix()
    if place == "argument":
        directive.arguments[0] = pinned
    else:
        directive.options[place] = pinned
    return None


def _translation(written: str, env: BuildEnvironment) -> str | None:
    """The file Sphinx reads for ``written`` in the site's language (``x.fr.mmd``), settled:
    the path whose own translation is itself, so pinning it changes nothing."""
    for _ in range(3):
        found = search_image_for_language(written, env)
        if found == written:
            return written
        written = found
    return None


def option_problem(options: dict[str, Any], rule: policy.Rule) -> str | None:
    """Why the options a directive was given refuse it (converted by its narrowed spec)."""
    for option, value in options.items():
        if isinstance(value, RefusedOption) and option in rule.reads:
            return f"its option ':{option}:' reads a file: {policy.needs(policy.READS_FILES)}"
        if isinstance(value, RefusedOption):
            return f"its option ':{option}:' {value.why}"
    return None


def _raw_formats(argument: str, powers: frozenset[str]) -> str | None:
    for fmt in argument.lower().split():
        if fmt not in policy.RAW_FORMATS:
            return f"the format {fmt!r} is not one posts may write (html)"
        power = policy.RAW_FORMATS[fmt]
        if power and power not in powers:
            return f"the format {fmt!r}: {policy.needs(power)}"
    return None


def is_refused(found: Any) -> bool:
    return isinstance(found, type) and issubclass(found, RefusedDirective)


def rule_of(found: Any) -> policy.Rule | None:
    """The rule of an allowed directive, as the guard handed it on."""
    return getattr(found, "chapbook_rule", (None, None))[1]


def setup(app: Sphinx) -> dict[str, bool]:
    # After every extension has registered its directives (the theme's come with it).
    app.connect("builder-inited", build_table, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
