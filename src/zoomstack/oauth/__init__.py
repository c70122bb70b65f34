"""Zoom's OAuth: apps, the token endpoint, and access-token checks at the API edge."""
