"""Zoom Rooms: rooms, the location hierarchy, settings/profiles at account, location and room
level, room devices and room controls."""
