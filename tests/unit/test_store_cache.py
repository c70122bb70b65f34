"""The SQLite engine's document cache never serves stale data."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoomstack.store import open_store


def test_writes_rollbacks_and_other_connections(tmp_path: Path) -> None:
    url = "sqlite:///" + str(tmp_path / "db.sqlite3")
    store, other = open_store(url), open_store(url)
    store.migrate()
    with store.transaction() as tx:
        tx.insert("thing", "1", "acct", {"v": 1})
    with store.transaction() as tx:
        assert tx.get("thing", "1", "acct") == {"v": 1}  # now cached
        assert tx.get("thing", "1", "other-acct") is None  # account still checked
    with store.transaction() as tx:
        tx.update("thing", "1", {"v": 2})
        assert tx.get("thing", "1", "acct") == {"v": 2}  # read inside the write: not cached
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.update("thing", "1", {"v": 3})
        assert tx.get("thing", "1", "acct") == {"v": 3}
        raise RuntimeError("roll back")
    with store.transaction() as tx:
        assert tx.get("thing", "1", "acct") == {"v": 2}
    # Another connection (another process, a script) commits: the cache must notice.
    with other.transaction() as tx:
        tx.update("thing", "1", {"v": 4})
    with store.transaction() as tx:
        assert tx.get("thing", "1", "acct") == {"v": 4}
    # A raw statement on docs clears everything.
    with store.transaction() as tx:
        tx.execute("UPDATE docs SET data = ? WHERE kind = ?", ('{"v": 5}', "thing"))
    with store.transaction() as tx:
        assert tx.get("thing", "1", "acct") == {"v": 5}
        tx.delete("thing", "1")
    with store.transaction() as tx:
        assert tx.get("thing", "1", "acct") is None
    store.close()
    other.close()


def test_read_tracking(tmp_path: Path) -> None:
    """What the edge relies on to reuse pure answers: only cached documents were read, and
    each is still the same cache entry."""
    store = open_store("sqlite:///" + str(tmp_path / "db.sqlite3"))
    store.migrate()
    with store.transaction() as tx:
        tx.insert("thing", "1", "acct", {"v": 1})
        tx.insert("thing", "2", "acct", {"v": 1})
    with store.transaction() as tx:
        tx.track_reads()
        assert tx.get("thing", "1", "acct") == {"v": 1}  # a miss that fills the cache
        assert tx.get("thing", "1", "acct") == {"v": 1}  # a hit
        reads = tx.tracked_reads()
        assert reads is not None and len(reads) == 2
        assert tx.still_current(reads)
    for spoil in (
        lambda tx: tx.get("thing", "missing", "acct"),  # an absent document: not tracked
        lambda tx: tx.find("thing", "acct"),  # any other query
        lambda tx: tx.update("thing", "2", {"v": 2}),  # a write
    ):
        with store.transaction() as tx:
            tx.track_reads()
            tx.get("thing", "1", "acct")
            spoil(tx)
            assert tx.tracked_reads() is None
    with store.transaction() as tx:
        assert tx.still_current(reads)
        tx.update("thing", "1", {"v": 3})
        assert not tx.still_current(reads)
    store.close()
