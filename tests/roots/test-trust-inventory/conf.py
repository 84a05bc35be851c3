# The site's own configuration, as ``make html`` reads it: every extension and the theme.
from tests.helpers import ROOT

exec(compile((ROOT / "conf.py").read_text(encoding="utf-8"), str(ROOT / "conf.py"), "exec"))
