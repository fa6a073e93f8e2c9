"""Runs one action of a Synapse plugin for the synapse-mcp host and reports it as JSON-line events.

Stdlib only, so it works in any plugin environment; Pydantic is used only when the plugin brings it.
"""

__version__ = "0.1.0"
