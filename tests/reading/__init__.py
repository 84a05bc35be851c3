"""Reading: what one source file becomes (title, header, typography, drafts, links)."""
