"""Mutation testing of the modules where a silent bug costs most: ``make mutate``.

mutmut changes one operator, constant or call at a time in a module (a
*mutant*) and runs the tests that reach the changed function; a mutant no
test notices (a *survivor*) is behaviour nothing checks.  The score is the
share of mutants killed.

Each group below pairs modules with the tests that are about them, and runs
in a folder of its own under ``_build/mutate/<group>``: mutmut names mutants
by their file path (``src/chapbook/model/frontmatter.py`` ->
``chapbook.model.frontmatter``), so the group's folder holds the extension as
``src/chapbook``, the tests, and ``mutants/_ext`` pointing at the mutated
``src``: the tests' own ``sys.path`` entry and the subprocesses they start
(``tests.helpers.subprocess_env``) then import the mutated code, never the
checkout's.

    make mutate                       # every group (hours on two cores)
    make mutate MUTATE=frontmatter    # one group, or several: "frontmatter feeds"
    .venv/bin/python tools/mutate.py --list

The score of each run goes to ``_build/mutate/<group>/score.json``; the
CONTRIBUTING.md's testing section records the last full run.  On demand, not in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "_build" / "mutate"


class Group(NamedTuple):
    modules: tuple[str, ...]  # under _ext/chapbook/
    tests: tuple[str, ...]  # pytest arguments selecting the tests about them


#: The front-matter package's modules (``model/frontmatter/``).
FRONTMATTER = ("__init__", "fence", "loading", "record", "key", "kinds", "fields")

GROUPS: dict[str, Group] = {
    # What a post says about itself: every field, the fail-closed rules, names and slugs.
    "frontmatter": Group(
        (
            *(f"model/frontmatter/{name}.py" for name in FRONTMATTER),
            "trust/controls.py",
            "model/names.py",
            "model/schedule.py",
        ),
        (
            "tests/model",
            "tests/reading/test_frontmatter.py",
            "tests/reading/test_drafts.py",
            # make's own target, tested by make test; here make would install the venv again.
            "-k",
            "not make_post",
        ),
    ),
    # What is read at all (drafts, scheduled posts, unsafe files) and what raw HTML keeps.
    "gate": Group(
        ("reading/gate.py", "reading/sanitize.py"),
        (
            "tests/reading/test_drafts.py",
            "tests/site/test_escaping.py",
            "tests/site/test_schedule.py",
            "tests/site/test_hostile.py",
            "tests/reading/test_gate_units.py",
            "tests/reading/test_sanitize_units.py",
        ),
    ),
    # Old addresses and an output folder equal to a clean build's.
    "redirects": Group(
        ("site/redirects.py", "site/output.py"),
        (
            "tests/collecting/test_aliases.py",
            "tests/collecting/test_interrupted.py",
            "tests/site/test_hosting.py",
            "tests/site/test_urls.py",
            "tests/site/test_redirects_units.py",
            "tests/site/test_output_cleanup.py",
        ),
    ),
    # What subscribers get: each feed's fields, entry ids, bodies, and when feeds are rewritten.
    "feeds": Group(
        ("site/feeds.py",),
        (
            "tests/site/test_feeds_units.py",
            "tests/site/test_feed_cleaning.py",
            "tests/site/test_feeds.py",
        ),
    ),
    # Which pages and outputs an incremental build writes again (the stamps, digests and
    # tokens of ``freshness``), and which posts a listing shows.
    "refresh": Group(
        ("collecting/refresh.py", "collecting/freshness.py", "collecting/listings.py"),
        (
            "tests/collecting/test_freshness_units.py",
            "tests/site/test_output_cleanup.py",
            "tests/collecting/test_refresh_units.py",
            "tests/collecting/test_listings_units.py",
            "tests/collecting/test_incremental.py",
            "tests/collecting/test_listings.py",
        ),
    ),
    # -- issue 30: what a post may read, where its links go, what search engines and books get.
    # The unit tests call each function directly (fast); the build tests are the behaviour.
    # What a post may read: only published files of the source folder.
    "files": Group(
        ("reading/files.py",),
        ("tests/reading/test_files_units.py", "tests/reading/test_trust_files.py"),
    ),
    # Links written as site paths (``/tags/some tag``), read as references.
    "sitelinks": Group(
        ("reading/sitelinks.py",),
        ("tests/reading/test_sitelinks_units.py",),
    ),
    # Where those references go: a page, an old address, a tag, a site file, or a broken link.
    "domain": Group(
        ("collecting/domain.py",),
        ("tests/collecting/test_domain_units.py",),
    ),
    # What search engines and link previews get: meta tags, the sitemap, robots.txt (the
    # builds are test_seo.py's, a dozen per mutant: the unit tests decide here).
    "seo": Group(
        ("site/seo.py",),
        ("tests/site/test_seo_units.py",),
    ),
    # What every output knows of a post: its record, publication order, excerpt and preview.
    "post": Group(
        ("model/post.py",),
        (
            "tests/model/test_post_units.py",
            "tests/model/test_excerpt_units.py",
            "tests/model/test_publication_order.py",
            "tests/model/test_series.py",
            "tests/model/test_related.py",
        ),
    ),
    # A book's outline: its parts, the posts it names, its front pages.
    "outline": Group(
        ("model/outline.py",),
        ("tests/model/test_outline_units.py", "tests/model/test_outline.py"),
    ),
    # The ePub: only the book's pages, its identifier, cover and language (the builds and
    # epubcheck are test_epub_book.py's, minutes each: the unit tests decide here).
    "epub": Group(
        ("book/epub.py",),
        ("tests/book/test_epub_units.py",),
    ),
}


def stage(name: str, group: Group) -> Path:
    """The group's folder: the extension as ``src/chapbook``, the tests, mutmut's settings."""
    work = WORK / name
    shutil.rmtree(work, ignore_errors=True)
    (work / "src").mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "_ext" / "chapbook", work / "src" / "chapbook", ignore=ignore)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=shutil.ignore_patterns(
        "__pycache__", "node_modules"))  # fmt: skip
    shutil.copy2(ROOT / "conf.py", work / "conf.py")
    # conf.py's html_favicon: without it a build with the site's conf.py warns.
    shutil.copytree(ROOT / "_static", work / "_static", ignore=ignore)
    (work / "pyproject.toml").write_text(settings(group), encoding="utf-8")
    # mutmut copies src/ into mutants/src and runs the tests in mutants/; the tests
    # put <root>/_ext on sys.path and in their subprocesses' PYTHONPATH.
    (work / "mutants").mkdir()
    (work / "mutants" / "_ext").symlink_to("src", target_is_directory=True)
    return work


def settings(group: Group) -> str:
    """``pyproject.toml`` for the group: pytest's settings as ours, mutmut's for the group."""
    ours = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pytest_part = ours[ours.index("[tool.pytest.ini_options]") :].split("\n[tool.ruff]")[0]
    mutate = [f"src/chapbook/{module}" for module in group.modules]
    return (
        f"{pytest_part}\n\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        'also_copy = ["conf.py", "_static"]\n'
        f"only_mutate = {json.dumps(mutate)}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(list(group.tests))}\n"
        # One order, no cache: the same tests decide every mutant.
        'pytest_add_cli_args = ["-p", "no:randomly", "-p", "no:cacheprovider", "-q"]\n'
    )


def run(name: str, group: Group, children: int) -> dict[str, int]:
    work = stage(name, group)
    mutmut = [sys.executable, "-m", "mutmut"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([*mutmut, "run", "--max-children", str(children)], cwd=work, env=env,
                   check=False)  # fmt: skip
    subprocess.run([*mutmut, "export-cicd-stats"], cwd=work, env=env, check=True)
    stats = json.loads((work / "mutants" / "mutmut-cicd-stats.json").read_text())
    survivors = subprocess.run([*mutmut, "results"], cwd=work, env=env, check=True,
                               capture_output=True, text=True).stdout  # fmt: skip
    (work / "survivors.txt").write_text(survivors, encoding="utf-8")
    (work / "score.json").write_text(json.dumps(stats, indent=2), encoding="utf-8")
    return stats


def score(stats: dict[str, int]) -> str:
    judged = stats.get("killed", 0) + stats.get("survived", 0) + stats.get("timeout", 0)
    killed = stats.get("killed", 0) + stats.get("timeout", 0)
    share = 100 * killed / judged if judged else 0.0
    return f"{killed}/{judged} killed ({share:.1f}%), {stats.get('survived', 0)} survived"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", metavar="GROUP",
                        help=f"groups to run (default: all): {', '.join(GROUPS)}")  # fmt: skip
    parser.add_argument("--list", action="store_true", help="list the groups and stop")
    parser.add_argument("-j", "--children", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    unknown = sorted(set(args.groups) - set(GROUPS))
    if unknown:
        parser.error(f"unknown group {', '.join(unknown)}: choose from {', '.join(GROUPS)}")
    if args.list:
        for name, group in GROUPS.items():
            print(f"{name}: {' '.join(group.modules)}  <-  {' '.join(group.tests)}")
        return 0
    for name in args.groups or GROUPS:
        stats = run(name, GROUPS[name], args.children)
        print(f"== {name}: {score(stats)}; survivors in {WORK / name / 'survivors.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
