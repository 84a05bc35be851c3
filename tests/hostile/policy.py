"""Hostile cases of the trust policy: doors in MyST, docutils, Sphinx and Jinja.

Each case is built with the site's configuration as it is (``warning``) and with
posts trusted with every power (``trusted``): a power opens a door one step,
and the next check (the file resolver, the URL allowlist, Jinja's sandbox, the
option list) still holds it.  ``trusted=""`` marks a case that is harmless
once its power is on (the payload stays text).
"""

from __future__ import annotations

from tests.hostile.corpus import NEEDS_INCLUDE, SECRET_ENV, Case, post

NOT_ALLOWED = "is not allowed in posts"
NEEDS_EVAL_RST = "it needs chapbook_trust = ['eval-rst'] in conf.py"
NEEDS_SUBSTITUTIONS = "it needs chapbook_trust = ['substitutions'] in conf.py"
ONLY_CONF = "a post may not set it (only conf.py may)"
SCHEME = "its scheme 'javascript:' is not one posts may use"
OUTSIDE = "is outside the source folder"
UNPUBLISHED = "is not published (a draft, a scheduled post or a note)"
JINJA = f"{{{{ cycler.__init__.__globals__.os.environ['{SECRET_ENV}'] }}}}"


def fence(name: str, argument: str = "", body: str = "") -> str:
    return f"```{{{name}}} {argument}\n{body}```\n"


def _settings() -> list[Case]:
    """MyST's file-level settings from front-matter (``merge_file_level``)."""
    return [
        Case("myst-extensions", "12 settings", {"p1.md": post("Subst", extra=(
             "myst: {enable_extensions: [substitution]}\n"), body=f"Value: {JINJA}\n")},
             warning=f"p1.md:4: WARNING: front-matter 'myst: enable_extensions': {ONLY_CONF}",
             present=("p1",)),
        Case("top-level-substitutions", "12 settings", {"p2.md": post("Subst two", extra=(
             f"substitutions: {{leak: \"{JINJA}\"}}\n"), body="Value: {{ leak }}\n")},
             warning=f"p2.md:4: WARNING: front-matter 'substitutions': {NEEDS_SUBSTITUTIONS}",
             trusted="", present=("p2",)),
        Case("html-meta", "12 settings", {"p3.md": post("Meta", extra=(
             "html_meta: {\"http-equiv=refresh\": \"0; url=https://pwn.example/\"}\n"))},
             warning=f"p3.md:4: WARNING: front-matter 'html_meta': {ONLY_CONF}",
             present=("p3",)),
        Case("myst-html-meta", "12 settings", {"p4.md": post("Meta two", extra=(
             "myst: {html_meta: {\"http-equiv=refresh\": \"0; url=https://pwn.example/\"}}\n"))},
             warning=f"p4.md:4: WARNING: front-matter 'myst: html_meta': {ONLY_CONF}",
             present=("p4",)),
        Case("myst-url-schemes", "12 settings", {"p5.md": post("Schemes", extra=(
             "myst: {url_schemes: [javascript]}\n"), body="[x](javascript:pwn(40))\n")},
             warning=f"p5.md:4: WARNING: front-matter 'myst: url_schemes': {ONLY_CONF}",
             present=("p5",)),
        Case("myst-not-a-mapping", "12 settings", {"p6.md": post("Mapping", extra=(
             "myst: '<script>pwn(41)</script>'\n"))},
             warning="p6.md:4: WARNING: front-matter 'myst': it is not a mapping of MyST settings",
             present=("p6",)),
    ]  # fmt: skip


def _files() -> list[Case]:
    """Files read by directives: the power, then the resolver."""
    return [
        Case("standard-include", "2 outside", {"q1.md": post("Std", body=fence(
             "include", "<../../../../../../../../../proc/self/environ>"))},
             warning=f"q1.md:6: WARNING: directive 'include' {NOT_ALLOWED}: {NEEDS_INCLUDE}",
             trusted="q1.md:6: WARNING: directive 'include': the file '<../../../../../../../"
                     "../../proc/self/environ>' is one of docutils' own files",
             present=("q1",)),
        Case("url-shaped-path", "2 outside", {"q2.md": post("Url path", body=fence(
             "literalinclude", "../outside/x://../secret.txt"))},
             warning=f"q2.md:6: WARNING: directive 'literalinclude' {NOT_ALLOWED}: "
                     f"{NEEDS_INCLUDE}",
             trusted=f"q2.md:6: WARNING: directive 'literalinclude': the file "
                     f"'../outside/x://../secret.txt' {OUTSIDE}",
             present=("q2",)),
        Case("csv-file", "2 outside", {"q3.md": post("Csv", body=fence(
             "csv-table", "", ":file: ../outside/secret.txt\n"))},
             warning=f"q3.md:6: WARNING: directive 'csv-table': its option ':file:' reads a "
                     f"file: {NEEDS_INCLUDE}",
             trusted=f"q3.md:6: WARNING: directive 'csv-table': the file "
                     f"'../outside/secret.txt' {OUTSIDE}",
             present=("q3",)),
        Case("include-a-draft", "7 drafts", {"q4.md": post("Inc draft", body=fence(
             "include", "d3.md"))},
             warning=f"q4.md:6: WARNING: directive 'include' {NOT_ALLOWED}: {NEEDS_INCLUDE}",
             trusted=f"q4.md:6: WARNING: directive 'include': the file 'd3.md' {UNPUBLISHED}",
             present=("q4",)),
        Case("literalinclude-a-draft", "7 drafts", {"q5.md": post("Lit draft", body=fence(
             "literalinclude", "drafts/d4.md"))},
             warning=f"q5.md:6: WARNING: directive 'literalinclude' {NOT_ALLOWED}: "
                     f"{NEEDS_INCLUDE}",
             trusted=f"q5.md:6: WARNING: directive 'literalinclude': the file "
                     f"'drafts/d4.md' {UNPUBLISHED}",
             present=("q5",)),
        Case("download-a-draft", "7 drafts", {"q6.md": post("Dl draft",
             body="{download}`the draft <d3.md>`\n")},
             warning=f"q6.md:6: WARNING: file 'd3.md' {UNPUBLISHED}", present=("q6",)),
        Case("include-itself", "8 crash", {"q7.md": post("Itself", body=fence(
             "include", "q7.md"))},
             warning=f"q7.md:6: WARNING: directive 'include' {NOT_ALLOWED}: {NEEDS_INCLUDE}",
             trusted="q7.md:6: WARNING: directive 'include': the file 'q7.md' includes itself",
             present=("q7",)),
        Case("include-parser", "13 options", {"q8.md": post("Parser", body=fence(
             "include", "good-one.md", ":parser: antigravity\n"))},
             warning=f"q8.md:6: WARNING: directive 'include' {NOT_ALLOWED}: {NEEDS_INCLUDE}",
             trusted="q8.md:6: WARNING: directive 'include': its option ':parser:' is not "
                     "allowed in posts",
             present=("q8",)),
        Case("rst-include", "2 outside", {"q9.md": post("Rst inc", body=fence(
             "eval-rst", "", ".. include:: ../../outside/secret.txt\n"))},
             warning=f"q9.md:6: WARNING: directive 'eval-rst' {NOT_ALLOWED}: {NEEDS_EVAL_RST}",
             trusted=f"q9.md:7: WARNING: directive 'include': the file "
                     f"'../../outside/secret.txt' {OUTSIDE}",
             present=("q9",)),
    ]  # fmt: skip


def _links() -> list[Case]:
    """``javascript:`` made by every syntax: one check after parsing."""
    return [
        Case("markdown-link", "14 links", {"u1.md": post("Md link",
             body="[click](javascript:pwn(42))\n")},
             warning=f"u1.md:6: WARNING: link 'javascript:pwn(42)': {SCHEME}", present=("u1",)),
        Case("entity-link", "14 links", {"u2.md": post("Entity link",
             body="[click](java&#9;script:pwn(43))\n")},
             warning="u2.md:6: WARNING: 'myst' cross-reference target not found: "
                     "'java\\tscript:pwn(43)'",
             present=("u2",)),
        Case("image-target", "14 links", {"u3.md": post("Target", body=fence(
             "image", "https://example.org/a.png", ":alt: a picture\n"
             ":target: javascript:pwn(44)\n"))},
             warning=f"u3.md:6: WARNING: link 'javascript:pwn(44)': {SCHEME}", present=("u3",)),
        Case("download-script", "14 links", {"u4.md": post("Dl script",
             body="{download}`get <javascript://%0Apwn(45)>`\n")},
             warning=f"u4.md:6: WARNING: link 'javascript://%0Apwn(45)': {SCHEME}",
             present=("u4",)),
        Case("rst-link", "14 links", {"u5.md": post("Rst link", body=fence(
             "eval-rst", "", "`click <javascript:pwn(46)>`_\n"))},
             warning=f"u5.md:6: WARNING: directive 'eval-rst' {NOT_ALLOWED}: {NEEDS_EVAL_RST}",
             trusted=f"u5.md:7: WARNING: link 'javascript:pwn(46)': {SCHEME}",
             present=("u5",)),
        Case("rst-target", "14 links", {"u6.md": post("Rst target", body=fence(
             "eval-rst", "", "`named`_\n\n.. _named: vbscript:pwn(47)\n"))},
             warning=f"u6.md:6: WARNING: directive 'eval-rst' {NOT_ALLOWED}: {NEEDS_EVAL_RST}",
             trusted="u6.md:9: WARNING: link 'vbscript:pwn(47)': its scheme 'vbscript:'",
             present=("u6",)),
        Case("data-image", "14 links", {"u7.md": post("Data image", body=fence(
             "image", "data:text/html;base64,PHNjcmlwdD5wd24oNDgpPC9zY3JpcHQ+",
             ":alt: a page\n"))},
             warning="u7.md:6: WARNING: image 'data:text/html;base64,PHNjcmlwdD5wd24oNDgpPC9zY3"
                     "JpcHQ+': its scheme 'data:'",
             present=("u7",)),
        Case("toctree-url", "14 links", {"u9.md": post("Contents", body=fence(
             "toctree", "", "A script <javascript://%0Apwn(52)>\n"))},
             warning="u9.md:6: WARNING: link 'javascript://%0Apwn(52)': its scheme "
                     "'javascript:'",
             present=("u9",)),
        Case("data-iframe", "11 raw html", {"u8.md": post("Data iframe",
             body="<iframe src=\"data:text/html,<script>pwn(49)</script>\"></iframe>\n")},
             warning="u8.md:6: WARNING: raw HTML that would run was removed: a script URL in "
                     "src=",
             present=("u8",)),
    ]  # fmt: skip


def _directives() -> list[Case]:
    """Directives and roles that are not for posts."""
    return [
        Case("meta-directive", "13 directives", {"v1.md": post("Meta dir", body=fence(
             "meta", "", ":http-equiv=refresh: 0; url=https://pwn.example/\n"))},
             warning=f"v1.md:6: WARNING: directive 'meta' {NOT_ALLOWED}", present=("v1",)),
        Case("autoclasstree", "13 directives", {"v2.md": post("Tree", body=fence(
             "autoclasstree", "os"))},
             warning=f"v2.md:6: WARNING: directive 'autoclasstree' {NOT_ALLOWED}",
             present=("v2",)),
        Case("raw-role", "13 directives", {"v3.md": post("Raw role",
             body="{raw}`<script>pwn(50)</script>`\n")},
             warning=f"v3.md:6: WARNING: role 'raw' {NOT_ALLOWED}", present=("v3",)),
        Case("domain-directive", "13 directives", {"v4.md": post("Domain", body=fence(
             "py:function", "pwn()"))},
             warning=f"v4.md:6: WARNING: directive 'py:function' {NOT_ALLOWED}",
             present=("v4",)),
        Case("mermaid-config", "13 options", {"v5.md": post("Mermaid", body=fence(
             "mermaid", "", ":config: {\"securityLevel\": \"loose\"}\ngraph TD\n  A --> B\n"))},
             warning="v5.md:6: WARNING: directive 'mermaid': its option ':config:' is not "
                     "allowed in posts",
             present=("v5",)),
        Case("raw-other-format", "13 directives", {"v6.md": post("Raw xml", body=fence(
             "raw", "html xml", "<x>pwn(51)</x>\n"))},
             warning="v6.md:6: WARNING: directive 'raw': the format 'xml' is not one posts "
                     "may write",
             present=("v6",)),
        Case("rst-post", "13 directives", {"v7.rst": (
             "A reStructuredText post\n=======================\n\n"
             ".. raw:: html\n   :file: ../outside/secret.txt\n")},
             warning="v7.rst:4: WARNING: directive 'raw': its option ':file:' reads a file",
             trusted=f"v7.rst:4: WARNING: directive 'raw': the file '../outside/secret.txt' "
                     f"{OUTSIDE}",
             present=("v7",)),
    ]  # fmt: skip


def _second_round() -> list[Case]:
    """What an attacker found once the first cases held: the files an engine chooses
    itself, an option's size, a domain that does not exist, files a server runs."""
    png = b"\x89PNG\r\n\x1a\n"
    return [
        Case("star-in-a-name", "2 outside", {"w1.md": post("Star", body=(
             "{download}`the environment <e*nv.txt>`\n"))},
             links={"e*nv.txt": "/proc/self/environ"},
             warning="w1.md:6: WARNING: file 'e*nv.txt' is outside the source folder",
             present=("w1",)),
        Case("glob-image", "2 outside", {"w2.md": post("Glob", body=(
             "![every secret](../outside/secret.*)\n"))},
             warning="w2.md:6: WARNING: image '../outside/secret.", present=("w2",)),
        Case("translated-image", "2 outside", {"w3.md": post("Translated", body=(
             "![one](w3pic.png)\n")), "w3pic.png": png},
             links={"w3pic.en.png": "/proc/self/environ"},
             warning="w3.md:6: WARNING: image '", present=("w3",)),
        Case("absolute-file", "2 outside", {"w4.md": post("Absolute", body=fence(
             "raw", "html", ":file: /proc/self/environ\n")), "proc/self/environ": "A decoy.\n"},
             warning=f"w4.md:6: WARNING: directive 'raw': its option ':file:' reads a file: "
                     f"{NEEDS_INCLUDE}",
             trusted="", present=("w4",)),
        Case("words-per-minute", "8 crash", {"w5.md": post("Minutes", extra=(
             "myst: {words_per_minute: 0}\n"))},
             warning=f"w5.md:4: WARNING: front-matter 'myst: words_per_minute': {ONLY_CONF}",
             present=("w5",)),
        Case("emphasize-lines", "8 crash", {"w6.md": post("Lines", body=fence(
             "code-block", "python", ":emphasize-lines: 1-400000000\nprint(1)\n"))},
             warning="w6.md:6: WARNING: directive 'code-block': its option ':emphasize-lines:' "
                     "holds a number over 100,000",
             present=("w6",)),
        # sphinxcontrib-mermaid writes the title into the diagram's YAML header.
        Case("mermaid-title", "13 directives", {"w10.md": post("Diagram", body=fence(
             "mermaid", "", ':title: "x\\nconfig:\\n  securityLevel: loose"\ngraph TD\n'
             '  A["<img src=x onerror=pwn(61)>"]\n'))},
             warning="w10.md:6: WARNING: directive 'mermaid': its option ':title:' holds more "
                     "than one line",
             present=("w10",)),
        Case("no-such-domain", "13 directives", {"w7.md": post("Domain role",
             body="{sphinx:ref}`pwn`\n")},
             warning="w7.md:6: WARNING: role 'sphinx:ref' is not allowed in posts: its prefix "
                     "names no domain of this site",
             present=("w7",)),
        Case("server-script", "15 served", {"w8.md": post("Php",
             body="{download}`a shell <shell.php>`\n"), "shell.php": "<?php echo 'pwn'; ?>\n"},
             warning="w8.md:6: WARNING: file 'shell.php' is a .php file, which a browser or web "
                     "server would run",
             present=("w8",)),
        # XML a host serves as application/xml runs the XHTML script it holds.
        Case("xml-download", "15 served", {"w9.md": post("Schema",
             body="{download}`a schema <schema.xsd>`\n"), "schema.xsd": (
             '<root xmlns="urn:x"><x:script xmlns:x="http://www.w3.org/1999/xhtml">pwn(60)'
             "</x:script></root>\n")},
             warning="w9.md:6: WARNING: file 'schema.xsd' is a .xsd file, not a kind a post "
                     "may offer as a download",
             present=("w9",)),
    ]  # fmt: skip


def _drafts() -> list[Case]:
    """A draft in every shape a file can give it: each stays unpublished."""
    secret = "Secret draft.\n"
    crlf = post("Crlf draft", extra="draft: true\n", body=secret)
    return [
        Case("draft-crlf", "7 drafts", {"x1.md": crlf.replace("\n", "\r\n")}, absent=("x1",)),
        Case("draft-cr", "7 drafts", {"x2.md": crlf.replace("\n", "\r")}, absent=("x2",)),
        Case("draft-capital", "7 drafts", {"x3.md": post("Capital", extra="Draft: true\n",
             body=secret)}, absent=("x3",),
             warning="x3.md:4: WARNING: not published: front-matter 'Draft': read as 'draft'"),
        Case("draft-twice", "7 drafts", {"x4.md": post("Twice", extra=(
             "draft: true\ndraft: false\n"), body=secret)}, absent=("x4",)),
        Case("draft-toml", "7 drafts", {"x5.md": "+++\ntitle = 'Toml'\ndraft = true\n+++\n\n"
             + secret},
             warning="x5.md:1: WARNING: not published: front-matter in TOML", absent=("x5",)),
        # The notes beside a draft are withdrawn with it (the draft was withdrawn first).
        Case("notes-beside-a-draft", "7 drafts", {
             "x7/index.md": post("Draft folder post", extra="draft: true\n", body=secret),
             "x7/notes.md": secret}, absent=("x7", "x7/notes")),
        # A link to a file in the drafts folder: the folder is the file's, not the link's.
        Case("link-to-a-draft", "7 drafts", {}, links={"x8.md": "./drafts/d4.md"},
             absent=("x8",)),
        # MyST hides a block closed by four dashes; one never closed is body text.
        Case("draft-four-dashes", "7 drafts", {"x9.md": post("Four dashes", extra=(
             "draft: true\n"), body=secret).replace("\n---\n", "\n----\n", 1)},
             warning="x9.md:5: WARNING: not published: MyST and Chapbook would end the "
                     "front-matter on different lines", absent=("x9",)),
        # reStructuredText keeps its drafts in the field list (Sphinx's page metadata).
        Case("draft-rst", "7 drafts", {"x11.rst": ":title: Rst draft\n:date: 2024-05-01\n"
             ":draft: true\n\n" + secret},
             warning="x11.rst:3: WARNING: not published: its field list says :draft: true",
             absent=("x11",)),
        Case("draft-indented-fence", "7 drafts", {"x12.md": " " + post("Indented", extra=(
             "draft: true\n"), body=secret)},
             warning="x12.md:1: WARNING: not published: front-matter must open with --- at the "
                     "start of the line", absent=("x12",)),
        Case("draft-rst-marked-up", "7 drafts", {"x13.rst": ":*draft*: true\n\n" + secret},
             warning="x13.rst:1: WARNING: not published: its field list says :draft: true",
             absent=("x13",)),
        Case("draft-unclosed", "7 drafts", {"x10.md": post("Unclosed", extra=(
             "draft: true\n"), body=secret).replace("\n---\n", "\n\n", 1)},
             warning="x10.md:1: WARNING: not published: the front-matter is never closed",
             absent=("x10",)),
        Case("draft-late-fence", "7 drafts", {"x6.md": "\n" + post("Late", extra="draft: true\n",
             body=secret)},
             warning="x6.md:2: WARNING: not published: front-matter must start on the first "
                     "line",
             absent=("x6",)),
    ]  # fmt: skip


def cases() -> list[Case]:
    return [*_settings(), *_files(), *_links(), *_directives(), *_second_round(), *_drafts()]
