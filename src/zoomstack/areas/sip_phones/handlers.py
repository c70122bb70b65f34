"""SIP phones: GET/POST /sip_phones/phones, PATCH/DELETE /sip_phones/phones/{phoneId}.

The 2021-era `/sip_phones` paths (flat `register_server2`-style fields) left the catalog, so only
the current form is served.
"""

from __future__ import annotations

from zoomstack.areas.sip_phones.service import SIP_PHONES

SIP_PHONES.register(
    "/sip_phones/phones", "/sip_phones/phones/{phoneId}", ("list", "create", "update", "delete")
)
