"""Every acknowledged write survives a crash: SIGKILL right after the acknowledgements."""

from __future__ import annotations

import httpx

from support.server import ServerProcess


def test_acknowledged_writes_survive_sigkill() -> None:
    proc = ServerProcess.for_current_store().start()
    try:
        tokens = [proc.token() for _ in range(25)]
        users: list[str] = []
        with proc.api(tokens[0]) as api:
            for i in range(25):
                r = api.post(
                    "/users",
                    json={
                        "action": "create",
                        "user_info": {
                            "email": f"durable{i}@example.com",
                            "type": 1,
                            "first_name": "Dura",
                            "last_name": f"Ble{i}",
                        },
                    },
                )
                if r.status_code == 201:
                    users.append(r.json()["id"])
        proc.kill()  # no graceful shutdown, immediately after the last acknowledgement
        proc.start()
        for tok in tokens:
            r = httpx.get(
                proc.base_url + "/v2/users/me", headers={"Authorization": f"Bearer {tok}"}
            )
            assert r.status_code == 200, r.text
        with proc.api() as api:
            for user_id in users:
                assert api.get(f"/users/{user_id}").status_code == 200
    finally:
        proc.stop()
