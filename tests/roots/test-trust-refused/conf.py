import sys
from pathlib import Path

# A module a post names in ``:parser:``: docutils would import it (running its code).
sys.path.insert(0, str(Path(__file__).parent / "modules"))

extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
exclude_patterns = ["_build", "modules"]
