"""The hostile blog as an ePub, with the site's real configuration: nothing leaks, nothing runs.

Every case of ``tests/hostile/corpus.py`` is built at once with
``sphinx-build -b epub``, with the site's ``conf.py`` as it is and with posts
trusted with every power, a secret in the environment as on CI: the build
finishes, each bad case is named by one warning with its file and line, no
byte of a file from outside ``docs/``, of the secret or of a draft is in the
ePub, no payload is alive in its pages or its SVG images, and epubcheck finds
no scripted content (OPF-014) and nothing wrong with any SVG image.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING

import pytest

from tests.helpers import ROOT, checkout_env, epubcheck
from tests.hostile import corpus
from tests.hostile.scan import scan
from tests.site.test_hostile import warnings

if TYPE_CHECKING:
    from pathlib import Path

#: Warnings without a file.  None: the book leaves a video out with a located warning
#: (``book.images``), so Sphinx's ePub builder never meets a file it has no media type for.
UNLOCATED: list[str] = []


def build(docs: Path, out: Path, *, trusted: bool) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx", "-b", "epub", "-q", "--no-color"]
    if trusted:
        command += ["-D", f"chapbook_trust={corpus.ALL_POWERS}"]
    command += ["-c", str(ROOT), "-d", str(out / "doctrees"), str(docs), str(out / "epub")]
    env = checkout_env(**{corpus.SECRET_ENV: corpus.SECRET_VALUE})
    return subprocess.run(
        command, capture_output=True, text=True, check=False, env=env, timeout=180
    )


@pytest.fixture(scope="module", params=[False, True], ids=["default", "trusted"])
def hostile_epub(request, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str], list]:
    trusted = request.param
    root = tmp_path_factory.mktemp(f"hostile-epub-{'trusted' if trusted else 'default'}")
    docs, cases = corpus.write(root)
    result = build(docs, root / "out", trusted=trusted)
    expected = [(case, case.expected("epub", trusted=trusted)) for case in cases]
    return root / "out" / "epub" / "chapbook.epub", result, expected


@pytest.fixture(scope="module")
def unpacked(hostile_epub, tmp_path_factory) -> Path:
    path, _, _ = hostile_epub
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    return folder


def test_the_build_finishes_without_a_traceback(hostile_epub) -> None:
    path, result, _ = hostile_epub
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr + result.stdout
    assert path.is_file()


def test_each_bad_case_is_one_warning_with_file_and_line(hostile_epub) -> None:
    _, result, expected = hostile_epub
    found = warnings(result, "/docs/")
    for case, warning in expected:
        if warning:
            matching = [line for line in found if line.startswith(warning)]
            assert len(matching) == 1, (case.name, warning, found)
    named = {warning.split(":", 1)[0] for _, warning in expected if warning}
    located = [line for line in found if not line.startswith("WARNING:")]
    assert [line for line in located if line.split(":", 1)[0] not in named] == []
    assert [line for line in found if line.startswith("WARNING:")] == UNLOCATED


def test_nothing_from_outside_docs_nor_a_draft_is_in_the_epub(hostile_epub) -> None:
    path, _, _ = hostile_epub
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            for secret in (corpus.SENTINEL, corpus.SECRET_VALUE, "Secret draft"):
                assert secret.encode() not in data, (name, secret)


def test_the_cleaned_drawings_are_packed_and_the_unreadable_ones_are_not(unpacked) -> None:
    images = sorted(p.name for p in (unpacked / "_images").glob("sv*.svg"))
    # sv9 (an external entity) and sv10 (not XML) cannot be checked: left out.
    assert images == [f"sv{n}.svg" for n in (1, 17, 19, 2, 3, 4, 5, 6, 7, 8)]


def test_no_payload_is_alive_in_any_page_or_image(unpacked) -> None:
    assert any(unpacked.rglob("*.xhtml")) and any(unpacked.rglob("*.svg"))
    assert scan(unpacked) == []


def test_epubcheck_finds_no_scripted_content_and_no_bad_svg(hostile_epub) -> None:
    path, _, _ = hostile_epub
    result = epubcheck(path)
    report = result.stdout + result.stderr
    messages = re.findall(r"^(\w+)\((\w+-\d+)\): (\S+?)\(", report, re.MULTILINE)
    assert "Check finished" in report or result.returncode == 0, report
    assert [m for m in messages if m[1] == "OPF-014"] == [], report
    assert "scripted" not in report
    assert [m for m in messages if m[0] == "FATAL"] == [], report
    # The drawings themselves are valid; what is reported about one is only that a link
    # whose address was removed has no title (an accessibility warning, ACC-011).
    about_svg = [m for m in messages if m[2].endswith(".svg")]
    assert {(level, code) for level, code, _ in about_svg} <= {("WARNING", "ACC-011")}, report
