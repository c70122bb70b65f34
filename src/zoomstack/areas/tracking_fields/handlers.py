"""Tracking fields: plain CRUD on the account (GET/POST /tracking_fields, GET/PATCH/DELETE
/tracking_fields/{fieldId})."""

from __future__ import annotations

from zoomstack.areas.tracking_fields.service import TRACKING_FIELDS

TRACKING_FIELDS.register("/tracking_fields", "/tracking_fields/{fieldId}")
