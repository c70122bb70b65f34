"""Webinars: scheduling, panelists, registration, polls and tracking sources."""
