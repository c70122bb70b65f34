"""Dashboards (metrics): meetings, webinars, participants, QoS, feedback, rooms, CRC, IM."""
