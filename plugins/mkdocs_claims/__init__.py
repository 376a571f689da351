"""mkdocs-claims: a myth-versus-fact site generator for MkDocs.

The core (model, load, validate) knows nothing of MkDocs; ``render`` turns the
model into pages and export files; ``plugin`` wires both into MkDocs events.
"""

__version__ = "0.1.0"
