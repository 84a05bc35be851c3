# The site's own configuration (its theme, sidebar and settings), with a blog's names.
from tests.helpers import ROOT

exec(compile((ROOT / "conf.py").read_text(encoding="utf-8"), str(ROOT / "conf.py"), "exec"))

project = "Harbour notes"
html_title = project
html_baseurl = "https://harbour.example.org/"
chapbook_description = "Notes kept on the quay,\n one tide at a time."
