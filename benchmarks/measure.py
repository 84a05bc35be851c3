"""Run one sphinx-build in this process; print its wall time and peak memory as JSON."""

from __future__ import annotations

import json
import resource
import sys
import time

from sphinx.cmd.build import build_main

if __name__ == "__main__":
    start = time.perf_counter()
    status = build_main(sys.argv[1:])
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"status": status, "seconds": seconds, "peak_mib": peak_mib}))
