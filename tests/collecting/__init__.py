"""Collecting: what needs every post (tags, listings, pagination, navigation, incremental)."""
