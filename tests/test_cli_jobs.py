"""How many processes ``chapbook build`` uses when the writer gives no ``-j``.

One per CPU when it reads every post of a large blog (its first build, or
``--fresh``); one for a rebuild, which reads a few posts and is slower in
parallel; ``-j`` as given always. That the output is the same whatever the
number of processes is tested where each feature is (``-j 2`` builds beside
``-j 1`` in tests/collecting/test_incremental.py and others).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

import pytest

from chapbook.cli import blog as blogs
from chapbook.cli import build

if TYPE_CHECKING:
    from pathlib import Path


def blog_of(tmp_path: Path, posts: int) -> blogs.Blog:
    docs = tmp_path / "docs"
    for number in range(posts):
        folder = docs / f"year-{number % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"post-{number}.md").write_text("# A post\n", encoding="utf-8")
    return blogs.Blog(confdir=tmp_path, source=docs, build=tmp_path / "_build")


def processes(blog: blogs.Blog, *, jobs: int = 0, fresh: bool = False, target: str = "html") -> int:
    job = build.job(blog, target, None, {})
    return build.processes(blog, job, argparse.Namespace(jobs=jobs, fresh=fresh))


def built_once(blog: blogs.Blog) -> None:
    doctrees = blog.build / "doctrees"
    doctrees.mkdir(parents=True)
    (doctrees / build.ENVIRONMENT).write_bytes(b"")


@pytest.fixture
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build.os, "cpu_count", lambda: 2)


@pytest.mark.usefixtures("two_cpus")
def test_a_first_build_of_a_large_blog_uses_every_cpu(tmp_path: Path) -> None:
    assert processes(blog_of(tmp_path, build.PARALLEL_FROM)) == 2


@pytest.mark.usefixtures("two_cpus")
@pytest.mark.parametrize("target", ["pdf", "epub"])
def test_a_book_uses_one_process(tmp_path: Path, target: str) -> None:
    assert processes(blog_of(tmp_path, build.PARALLEL_FROM), target=target) == 1


@pytest.mark.usefixtures("two_cpus")
def test_a_first_build_of_a_smaller_blog_uses_one_process(tmp_path: Path) -> None:
    assert processes(blog_of(tmp_path, build.PARALLEL_FROM - 1)) == 1


@pytest.mark.usefixtures("two_cpus")
def test_a_rebuild_uses_one_process_unless_it_reads_every_post_again(tmp_path: Path) -> None:
    blog = blog_of(tmp_path, build.PARALLEL_FROM)
    built_once(blog)
    assert processes(blog) == 1
    assert processes(blog, fresh=True) == 2


@pytest.mark.usefixtures("two_cpus")
def test_the_writers_j_is_always_taken(tmp_path: Path) -> None:
    blog = blog_of(tmp_path, 3)
    assert processes(blog, jobs=3) == 3
    built_once(blog)
    assert processes(blog, jobs=2) == 2


def test_one_cpu_is_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build.os, "cpu_count", lambda: None)
    assert processes(blog_of(tmp_path, build.PARALLEL_FROM)) == 1
