"""mkdocs-claims: a myth-versus-fact site generator for MkDocs.

The core (model, load, validate) knows nothing of MkDocs; ``render`` turns the
model into pages and export files; ``plugin`` wires both into MkDocs events.
"""

# The one place the version is written: pyproject.toml reads it. Keep CHANGELOG.md in step.
__version__ = "0.3.0"
__released__ = "2026-12-03"
