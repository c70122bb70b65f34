"""Meetings: scheduling with Zoom's semantics (create, read, update, delete, recover, end, list,
invitation, templates). See service.py for the stored document's shape.

Reusable by webinars: recurrence.py (occurrences), passcodes.py, urls.py, invitation.py,
limits.py (the shared per-host daily create/update budget) and scheduling.py; shared with them:
documents.py (storage, instance UUIDs, live state) and series.py (series rules, update diffs).

Where zoomstack approximates Zoom (sources conflict or are silent):
- `PUT .../status {"action": "end"}` on a meeting that is not in progress answers
  400 3000 "Meeting is not in progress."; recovering a meeting that is not deleted is a no-op.
- Deleted meetings are recoverable for 7 days, then purged (on the next list or recover).
- A start_time in the past becomes "now" on create; on update it is ignored for recurring
  series and taken as given for one-time meetings.
- Passcode rule texts other than the 10-character maximum are worded by zoomstack.
- Registration (approval_type 0/1) is silently off for basic hosts and for types 1, 3 and 4.
- A monthly_day the month lacks (31 in April) falls on the month's last day.
- Expiry for the list: one-time meetings 30 days after their start (or last start), recurring
  ones 365 days after creation (or last start); reading by ID keeps working.
"""
