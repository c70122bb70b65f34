"""Zoom Phone handlers: thin wrappers over the resource modules of this package."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.phone import (
    account,
    auto_receptionists,
    call_logs,
    call_queues,
    calling_plans,
    common,
    common_area_phones,
    devices,
    members,
    numbers,
    shared_line_groups,
    sites,
    user_settings,
    users,
)
from zoomstack.areas.phone.blocked_list import BLOCKED_LIST
from zoomstack.areas.users import service as user_service
from zoomstack.context import Ctx
from zoomstack.registry import api

Doc = dict[str, Any]


def _user(ctx: Ctx) -> Doc:
    user: Doc = ctx.refs["userId"]
    return user


def _numbers(ctx: Ctx) -> list[Doc]:
    items: list[Doc] = ctx.body().get("phone_numbers") or []
    return items


# -- account ------------------------------------------------------------------------------------
@api("POST", "/accounts/{accountId}/phone/setup")
def set_up_account(ctx: Ctx) -> None:
    ctx.account_id = user_service.path_account(ctx)
    account.setup(ctx, ctx.body())


@api("PATCH", "/phone/settings")
def update_phone_settings(ctx: Ctx) -> None:
    account.update_settings(ctx, ctx.body())


@api("PUT", "/phone/company_number")
def change_company_number(ctx: Ctx) -> None:
    account.change_company_number(ctx, str(ctx.body().get("phone_number") or ""))


@api("GET", "/phone/calling_plans")
def list_calling_plans(ctx: Ctx) -> Doc:
    return calling_plans.list_plans(ctx)


@api("GET", "/phone/sip_trunk/trunks")
def list_byoc_trunks(ctx: Ctx) -> Doc:
    return account.list_trunks(ctx)


@api("POST", "/accounts/{accountId}/phone/sip_trunk/trunks")
def assign_sip_trunks(ctx: Ctx) -> Doc:
    ctx.account_id = user_service.path_account(ctx)
    return account.assign_trunks(ctx, ctx.body())


@api("PATCH", "/accounts/{accountId}/phone/sip_trunk/trunks/{sipTrunkId}")
def update_sip_trunk(ctx: Ctx) -> None:
    ctx.account_id = user_service.path_account(ctx)
    account.update_trunk(ctx, ctx.params["sipTrunkId"], ctx.body())


@api("POST", "/phone/byoc_numbers")
def add_byoc_numbers(ctx: Ctx) -> Doc:
    return account.add_byoc_numbers(ctx, ctx.body())


account.SETTING_TEMPLATES.register(
    "/phone/setting_templates",
    "/phone/setting_templates/{templateId}",
    ("list", "create", "get", "update"),
)


# -- numbers ------------------------------------------------------------------------------------
@api("GET", "/phone/numbers")
def list_numbers(ctx: Ctx) -> Doc:
    return numbers.list_numbers(ctx)


@api("GET", "/phone/numbers/{phoneNumberId}")
def get_number(ctx: Ctx) -> Doc:
    return numbers.get(ctx, ctx.params["phoneNumberId"])


@api("PATCH", "/phone/numbers/{phoneNumberId}")
def update_number(ctx: Ctx) -> None:
    numbers.update(ctx, ctx.params["phoneNumberId"], ctx.body())


# -- sites --------------------------------------------------------------------------------------
@api("GET", "/phone/sites")
def list_sites(ctx: Ctx) -> Doc:
    return sites.list_sites(ctx)


@api("POST", "/phone/sites")
def create_site(ctx: Ctx) -> Doc:
    return sites.create(ctx, ctx.body())


@api("GET", "/phone/sites/{siteId}")
def get_site(ctx: Ctx) -> Doc:
    return sites.get(ctx, ctx.params["siteId"])


@api("PATCH", "/phone/sites/{siteId}")
def update_site(ctx: Ctx) -> None:
    sites.update(ctx, ctx.params["siteId"], ctx.body())


@api("DELETE", "/phone/sites/{siteId}")
def delete_site(ctx: Ctx) -> None:
    sites.delete(ctx, ctx.params["siteId"], ctx.q("transfer_site_id"))


# -- auto receptionists -------------------------------------------------------------------------
@api("POST", "/phone/auto_receptionists")
def add_auto_receptionist(ctx: Ctx) -> Doc:
    return auto_receptionists.add(ctx, ctx.body())


@api("PATCH", "/phone/auto_receptionists/{autoReceptionistId}")
def update_auto_receptionist(ctx: Ctx) -> None:
    auto_receptionists.update(ctx, ctx.params["autoReceptionistId"], ctx.body())


@api("POST", "/phone/auto_receptionists/{autoReceptionistId}/phone_numbers")
def assign_ar_numbers(ctx: Ctx) -> None:
    auto_receptionists.assign_numbers(ctx, ctx.params["autoReceptionistId"], _numbers(ctx))


@api("DELETE", "/phone/auto_receptionists/{autoReceptionistId}/phone_numbers")
def unassign_ar_numbers(ctx: Ctx) -> None:
    auto_receptionists.unassign_all(ctx, ctx.params["autoReceptionistId"])


@api("DELETE", "/phone/auto_receptionists/{autoReceptionistId}/phone_numbers/{phoneNumberId}")
def unassign_ar_number(ctx: Ctx) -> None:
    auto_receptionists.unassign_number(
        ctx, ctx.params["autoReceptionistId"], ctx.params["phoneNumberId"]
    )


# -- phone users --------------------------------------------------------------------------------
@api("GET", "/phone/users")
def list_phone_users(ctx: Ctx) -> Doc:
    return users.list_users(ctx)


@api("GET", "/phone/users/{userId}")
def get_phone_user(ctx: Ctx) -> Doc:
    return users.get(ctx, _user(ctx))


@api("PATCH", "/phone/users/{userId}")
def update_phone_user(ctx: Ctx) -> None:
    users.update(ctx, _user(ctx), ctx.body())


@api("POST", "/phone/users/{userId}/calling_plans")
def assign_calling_plans(ctx: Ctx) -> None:
    users.assign_plans(ctx, _user(ctx), ctx.body().get("calling_plans") or [])


@api("DELETE", "/phone/users/{userId}/calling_plans/{planType}")
def unassign_calling_plan(ctx: Ctx) -> None:
    users.unassign_plan(ctx, _user(ctx), ctx.params["planType"])


@api("POST", "/phone/users/{userId}/phone_numbers")
def assign_user_numbers(ctx: Ctx) -> Doc:
    return users.assign_numbers(ctx, _user(ctx), _numbers(ctx))


@api("DELETE", "/phone/users/{userId}/phone_numbers/{phoneNumberId}")
def unassign_user_number(ctx: Ctx) -> None:
    users.unassign_number(ctx, _user(ctx), ctx.params["phoneNumberId"])


@api("GET", "/phone/users/{userId}/settings")
def get_user_settings(ctx: Ctx) -> Doc:
    return user_settings.get(ctx, _user(ctx))


@api("POST", "/phone/users/{userId}/settings/{settingType}")
def add_user_setting(ctx: Ctx) -> Doc:
    return user_settings.add(ctx, _user(ctx), ctx.params["settingType"], ctx.body())


@api("PATCH", "/phone/users/{userId}/settings/{settingType}")
def update_user_setting(ctx: Ctx) -> None:
    user_settings.update(ctx, _user(ctx), ctx.params["settingType"], ctx.body())


@api("DELETE", "/phone/users/{userId}/settings/{settingType}")
def delete_user_setting(ctx: Ctx) -> None:
    user_settings.delete(ctx, _user(ctx), ctx.params["settingType"])


# -- call logs, recordings, voicemails (no calls are placed: empty) ------------------------------
@api("GET", "/phone/call_logs")
def account_call_logs(ctx: Ctx) -> Doc:
    return call_logs.empty(ctx, "call_logs")


@api("GET", "/phone/users/{userId}/call_logs")
def user_call_logs(ctx: Ctx) -> Doc:
    users.profile(ctx, _user(ctx))
    return call_logs.empty(ctx, "call_logs")


@api("DELETE", "/phone/users/{userId}/call_logs/{callLogId}")
def delete_call_log(ctx: Ctx) -> None:
    call_logs.delete_call_log(ctx, ctx.params["callLogId"])


@api("GET", "/phone/recordings")
def account_recordings(ctx: Ctx) -> Doc:
    return call_logs.empty(ctx, "recordings", dates=False)


@api("GET", "/phone/users/{userId}/recordings")
def user_recordings(ctx: Ctx) -> Doc:
    users.profile(ctx, _user(ctx))
    return call_logs.empty(ctx, "recordings")


@api("GET", "/phone/users/{userId}/voice_mails")
def user_voice_mails(ctx: Ctx) -> Doc:
    users.profile(ctx, _user(ctx))
    return call_logs.empty(ctx, "voice_mails")


@api("DELETE", "/phone/voice_mails/{voicemailId}")
def delete_voicemail(ctx: Ctx) -> None:
    call_logs.delete_voicemail(ctx, ctx.params["voicemailId"])


# -- call queues --------------------------------------------------------------------------------
@api("GET", "/phone/call_queues")
def list_call_queues(ctx: Ctx) -> Doc:
    return call_queues.list_queues(ctx)


@api("POST", "/phone/call_queues")
def create_call_queue(ctx: Ctx) -> Doc:
    return call_queues.create(ctx, ctx.body())


@api("GET", "/phone/call_queues/{callQueueId}")
def get_call_queue(ctx: Ctx) -> Doc:
    return call_queues.get(ctx, ctx.params["callQueueId"])


@api("PATCH", "/phone/call_queues/{callQueueId}")
def update_call_queue(ctx: Ctx) -> None:
    call_queues.update(ctx, ctx.params["callQueueId"], ctx.body())


@api("DELETE", "/phone/call_queues/{callQueueId}")
def delete_call_queue(ctx: Ctx) -> None:
    call_queues.delete(ctx, ctx.params["callQueueId"])


@api("PUT", "/phone/call_queues/{callQueueId}/manager")
def change_call_queue_manager(ctx: Ctx) -> None:
    call_queues.change_manager(
        ctx, ctx.params["callQueueId"], str(ctx.body().get("member_id") or "")
    )


@api("POST", "/phone/call_queues/{callQueueId}/members")
def add_call_queue_members(ctx: Ctx) -> None:
    call_queues.add_members(ctx, ctx.params["callQueueId"], ctx.body())


@api("DELETE", "/phone/call_queues/{callQueueId}/members")
def remove_call_queue_members(ctx: Ctx) -> None:
    call_queues.remove_all_members(ctx, ctx.params["callQueueId"])


@api("DELETE", "/phone/call_queues/{callQueueId}/members/{memberId}")
def remove_call_queue_member(ctx: Ctx) -> None:
    call_queues.remove_member(ctx, ctx.params["callQueueId"], ctx.params["memberId"])


@api("POST", "/phone/call_queues/{callQueueId}/phone_numbers")
def assign_call_queue_numbers(ctx: Ctx) -> None:
    call_queues.assign_numbers(ctx, ctx.params["callQueueId"], _numbers(ctx))


@api("DELETE", "/phone/call_queues/{callQueueId}/phone_numbers")
def unassign_call_queue_numbers(ctx: Ctx) -> None:
    call_queues.unassign_all_numbers(ctx, ctx.params["callQueueId"])


@api("DELETE", "/phone/call_queues/{callQueueId}/phone_numbers/{phoneNumberId}")
def unassign_call_queue_number(ctx: Ctx) -> None:
    call_queues.unassign_number(ctx, ctx.params["callQueueId"], ctx.params["phoneNumberId"])


@api("GET", "/phone/call_queues/{callQueueId}/recordings")
def call_queue_recordings(ctx: Ctx) -> Doc:
    return call_queues.recordings(ctx, ctx.params["callQueueId"])


# -- shared line groups -------------------------------------------------------------------------
@api("GET", "/phone/shared_line_groups")
def list_shared_line_groups(ctx: Ctx) -> Doc:
    return shared_line_groups.list_groups(ctx)


@api("POST", "/phone/shared_line_groups")
def create_shared_line_group(ctx: Ctx) -> Doc:
    return shared_line_groups.create(ctx, ctx.body())


@api("GET", "/phone/shared_line_groups/{sharedLineGroupId}")
def get_shared_line_group(ctx: Ctx) -> Doc:
    return shared_line_groups.get(ctx, ctx.params["sharedLineGroupId"])


@api("PATCH", "/phone/shared_line_groups/{slgId}")
def update_shared_line_group(ctx: Ctx) -> None:
    shared_line_groups.update(ctx, ctx.params["slgId"], ctx.body())


@api("DELETE", "/phone/shared_line_groups/{slgId}")
def delete_shared_line_group(ctx: Ctx) -> None:
    shared_line_groups.delete(ctx, ctx.params["slgId"])


@api("POST", "/phone/shared_line_groups/{slgId}/members")
def add_shared_line_group_members(ctx: Ctx) -> None:
    shared_line_groups.add_members(ctx, ctx.params["slgId"], ctx.body())


@api("DELETE", "/phone/shared_line_groups/{slgId}/members")
def remove_shared_line_group_members(ctx: Ctx) -> None:
    shared_line_groups.remove_all_members(ctx, ctx.params["slgId"])


@api("DELETE", "/phone/shared_line_groups/{slgId}/members/{memberId}")
def remove_shared_line_group_member(ctx: Ctx) -> None:
    shared_line_groups.remove_member(ctx, ctx.params["slgId"], ctx.params["memberId"])


@api("POST", "/phone/shared_line_groups/{slgId}/phone_numbers")
def assign_shared_line_group_numbers(ctx: Ctx) -> None:
    shared_line_groups.assign_numbers(ctx, ctx.params["slgId"], _numbers(ctx))


@api("DELETE", "/phone/shared_line_groups/{slgId}/phone_numbers/{phoneNumberId}")
def unassign_shared_line_group_number(ctx: Ctx) -> None:
    shared_line_groups.unassign_number(ctx, ctx.params["slgId"], ctx.params["phoneNumberId"])


# -- common areas -------------------------------------------------------------------------------
@api("GET", "/phone/common_areas")
def list_common_areas(ctx: Ctx) -> Doc:
    return common_area_phones.list_areas(ctx)


@api("POST", "/phone/common_areas")
def add_common_area(ctx: Ctx) -> Doc:
    return common_area_phones.create(ctx, ctx.body())


@api("GET", "/phone/common_areas/{commonAreaId}")
def get_common_area(ctx: Ctx) -> Doc:
    return common_area_phones.get(ctx, ctx.params["commonAreaId"])


@api("PATCH", "/phone/common_areas/{commonAreaId}")
def update_common_area(ctx: Ctx) -> None:
    common_area_phones.update(ctx, ctx.params["commonAreaId"], ctx.body())


@api("DELETE", "/phone/common_areas/{commonAreaId}")
def delete_common_area(ctx: Ctx) -> None:
    common_area_phones.delete(ctx, ctx.params["commonAreaId"])


# -- devices ------------------------------------------------------------------------------------
@api("GET", "/phone/devices")
def list_devices(ctx: Ctx) -> Doc:
    return devices.list_devices(ctx)


@api("POST", "/phone/devices")
def add_device(ctx: Ctx) -> Doc:
    return devices.create(ctx, ctx.body())


@api("GET", "/phone/devices/{deviceId}")
def get_device(ctx: Ctx) -> Doc:
    return devices.get(ctx, ctx.params["deviceId"])


@api("PATCH", "/phone/devices/{deviceId}")
def update_device(ctx: Ctx) -> None:
    devices.update(ctx, ctx.params["deviceId"], ctx.body())


@api("DELETE", "/phone/devices/{deviceId}")
def delete_device(ctx: Ctx) -> None:
    devices.delete(ctx, ctx.params["deviceId"])


# -- blocked list -------------------------------------------------------------------------------
BLOCKED_LIST.register(
    "/phone/blocked_list",
    "/phone/blocked_list/{blockedListId}",
    ("list", "get", "update", "delete"),
)


@api("POST", "/phone/blocked_list")
def add_blocked_number(ctx: Ctx) -> Doc:
    return {"id": BLOCKED_LIST.create(ctx, ctx.body())["id"]}


# -- users leaving the account ------------------------------------------------------------------
def _forget_user(ctx: Ctx, user: Doc, target: Doc | None, kinds: frozenset[str]) -> None:
    user_id = str(user["id"])
    users.forget(ctx, user)
    for kind in (common.CALL_QUEUE, common.SHARED_LINE_GROUP):
        members.drop_everywhere(ctx, kind, "user", user_id)
    devices.forget_user(ctx, user_id)


user_service.removal_hooks.append(_forget_user)
