"""zoomstack: a stateful, self-hostable server for Zoom's REST API v2 and OAuth endpoints."""

__version__ = "0.1.0"
