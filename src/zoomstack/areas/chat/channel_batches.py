"""Batch forms of channel deletion and member removal (one request, many IDs): every ID is
checked before anything changes, so a bad ID leaves the channel(s) untouched."""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.chat import channels, people
from zoomstack.context import Ctx

MAX_CHANNELS = 50
MAX_MEMBERS = 20


def _ids(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def delete_channels(ctx: Ctx, user: dict[str, Any], raw: str) -> None:
    wanted = _ids(raw)
    if not wanted:
        raise errors.bad_request(4300, "channel_ids cannot be empty.")
    if len(wanted) > MAX_CHANNELS:
        raise errors.bad_request(4301, "The size of channel_ids cannot exceed 50.")
    for channel_id in wanted:
        doc = ctx.tx.get(channels.KIND, channel_id, ctx.account_id)
        if doc is None:
            raise errors.not_found(4400, f"Channel does not exist: {channel_id}.")
        if channels.role_of(doc, user["id"]) != "owner":
            message = f"You do not have permission to delete channel: {channel_id}."
            raise errors.ZoomError(403, 4100, f"Unauthorized request. {message}")
    for channel_id in wanted:
        channels.delete(ctx, user, channel_id)


def remove_members(ctx: Ctx, user: dict[str, Any], channel_id: str, refs: list[str]) -> None:
    channel = channels.load(ctx, channel_id)
    if channels.role_of(channel, user["id"]) not in channels.MANAGERS:
        raise errors.bad_request(200, "No permission to remove channel members.")
    if not refs:
        raise channels.failed("Unable to remove channel member.")
    if len(refs) > MAX_MEMBERS:
        raise errors.bad_request(
            300, "The maximum number of members that can be removed at a time is 20."
        )
    targets: list[dict[str, Any]] = []
    for ref in refs:
        target = people.find(ctx, ref)
        if target is not None and target["id"] == user["id"]:
            raise errors.bad_request(300, "You can not remove the current user himself.")
        if target is None or channels.role_of(channel, target["id"]) in (None, "owner"):
            raise channels.failed("Unable to remove channel member.")
        targets.append(target)
    for target in targets:
        channels.remove_member(ctx, user, channel_id, target["id"])
