"""A hostile blog builds with the site's real theme and configuration: nothing leaks, nothing lost.

Every case of ``tests/hostile/corpus.py`` is built at once, serially and with
``-j 2``, with the site's configuration as it is and with posts trusted with
every power (``chapbook_trust``: the same doors, one check further in): the
build finishes, each bad case is named by one warning with its
file and line, every good post is published, no draft is, no byte of a file
from outside ``docs/`` (nor a secret from the environment) reaches the output,
and no payload is alive in any output file.
"""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.helpers import ROOT, checkout_env
from tests.hostile import corpus
from tests.hostile.scan import document_problems, scan

if TYPE_CHECKING:
    from pathlib import Path


def build(
    docs: Path, out: Path, jobs: str, *, trusted: bool = False
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "--no-color", "-j", jobs]
    if trusted:
        command += ["-D", f"chapbook_trust={corpus.ALL_POWERS}"]
    command += ["-c", str(ROOT), "-d", str(out / "doctrees"), str(docs), str(out / "html")]
    env = checkout_env(**{corpus.SECRET_ENV: corpus.SECRET_VALUE})
    # A hang (an input that never finishes) fails the test through the timeout; how
    # long a build that does finish takes is the benchmark's business, not a test's.
    return subprocess.run(
        command, capture_output=True, text=True, check=False, env=env, timeout=120
    )


@pytest.fixture(
    scope="module", params=[("1", False), ("2", False), ("1", True)],
    ids=["j1", "j2", "j1-trusted"],
)  # fmt: skip
def hostile(request, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str], list]:
    jobs, trusted = request.param
    root = tmp_path_factory.mktemp(f"hostile-j{jobs}-{'trusted' if trusted else 'default'}")
    docs, cases = corpus.write(root)
    result = build(docs, root / "out", jobs, trusted=trusted)
    expected = [(case, case.expected("dirhtml", trusted=trusted)) for case in cases]
    return root / "out" / "html", result, expected


def warnings(result: subprocess.CompletedProcess[str], docs_prefix: str) -> list[str]:
    lines = [line for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    return [line.split(docs_prefix, 1)[-1] for line in lines]


def test_the_build_finishes_without_a_traceback(hostile) -> None:
    _, result, _ = hostile
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr + result.stdout


def test_each_bad_case_is_one_warning_with_file_and_line(hostile) -> None:
    _, result, expected = hostile
    found = warnings(result, "/docs/")
    for case, warning in expected:
        if warning:
            matching = [line for line in found if line.startswith(warning)]
            assert len(matching) == 1, (case.name, warning, found)
    named = {warning.split(":", 1)[0] for _, warning in expected if warning}
    unexpected = [line for line in found if line.split(":", 1)[0] not in named]
    assert unexpected == []


def test_every_good_post_is_published_and_no_draft(hostile) -> None:
    out, _, expected = hostile
    cases = [case for case, _ in expected]
    for name in ("good-one", "good-two"):
        assert (out / name / "index.html").is_file(), name
    for case in cases:
        for path in case.present:
            assert (out / path / "index.html").is_file(), (case.name, path)
        for path in case.absent:
            assert not (out / path).exists(), (case.name, path)
    for path in out.rglob("*"):
        if path.is_file():
            assert b"Secret draft" not in path.read_bytes(), path


def test_nothing_from_outside_docs_reaches_the_output(hostile) -> None:
    out, _, _ = hostile
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert corpus.SENTINEL.encode() not in data, path
            assert corpus.SECRET_VALUE.encode() not in data, path


def test_no_payload_is_alive_in_any_output_file(hostile) -> None:
    out, _, _ = hostile
    assert scan(out) == []


def test_files_served_beside_the_pages_are_read_by_the_scan(hostile) -> None:
    """``scan`` reads SVG as a browser does: the cleaned copies are there, and inert."""
    out, _, _ = hostile
    images = sorted(p.name for p in (out / "_images").glob("sv*.svg"))
    # sv9 (an external entity) and sv10 (not XML) cannot be checked: not served.
    assert images == [f"sv{n}.svg" for n in (1, 17, 19, 2, 3, 4, 5, 6, 7, 8)]
    offered = sorted(p.name for p in (out / "_downloads").rglob("*") if p.is_file())
    assert offered == ["sv18.svg"]
    for path in [*(out / "_images").glob("*.svg"), *(out / "_downloads").rglob("*.svg")]:
        assert document_problems(path.read_bytes()) == [], path


def test_the_scan_finds_each_svg_payload_as_written(tmp_path: Path) -> None:
    """The check above is not empty: the same files as the posts wrote them are alive."""
    docs, _ = corpus.write(tmp_path)
    quiet = {"sv9.svg", "sv17.svg", "sv18.svg"}  # an entity (nothing to run), two inert files
    for path in sorted(docs.glob("sv*.svg")):
        assert (document_problems(path.read_bytes()) == []) == (path.name in quiet), path.name
