"""The test suite, grouped by pipeline stage; shared helpers in ``tests.helpers``."""
