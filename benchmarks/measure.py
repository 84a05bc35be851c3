"""Run one sphinx-build in this process; print its wall time and peak memory as JSON.

    python benchmarks/measure.py [--as-chapbook] SPHINX-BUILD-ARGUMENTS...

``--as-chapbook`` ends the process as the ``chapbook`` command ends its own
(``chapbook.cli.leaving``): what a writer running ``chapbook build`` waits for.
Plain Sphinx's rows end as ``sphinx-build`` does.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from sphinx.cmd.build import build_main

if __name__ == "__main__":
    arguments = sys.argv[1:]
    as_chapbook = arguments[:1] == ["--as-chapbook"]
    start = time.perf_counter()
    status = build_main(arguments[1:] if as_chapbook else arguments)
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"status": status, "seconds": seconds, "peak_mib": peak_mib}))
    if as_chapbook:
        from chapbook.cli import leaving

        leaving()
