#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a private PostgreSQL cluster (trust auth, 127.0.0.1 only, random free
# port in 20000-40000, test-tuned settings), exports
#   ZOOMSTACK_TEST_DATABASE_URL=postgresql://zoomstack@127.0.0.1:PORT/zoomstack
# runs CMD with that environment, then always stops the server and deletes its
# data directory. Exits with CMD's exit status.
#
# Binaries: /usr/lib/postgresql/15/bin, else the newest /usr/lib/postgresql/*/bin,
# else initdb/pg_ctl on PATH; if none and running as root, Debian's `postgresql`
# package is installed. As root, the server runs as the system user
# $ZOOMSTACK_PG_USER (default: zoomstack-pg), created if missing.
set -euo pipefail

PG_OS_USER="${ZOOMSTACK_PG_USER:-zoomstack-pg}"
DB_USER=zoomstack
DB_NAME=zoomstack
READY_TIMEOUT=30

log() { printf 'with-postgres: %s\n' "$*" >&2; }

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

PGTMP=""
PGDATA_DIR=""
PGLOG=""
SERVER_PID=""
CHILD_PID=""

# ---------------------------------------------------------------- binaries --

PG_BIN=""

find_pg_bin() {
    local d
    if [ -x /usr/lib/postgresql/15/bin/initdb ] && [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
        PG_BIN=/usr/lib/postgresql/15/bin
        return 0
    fi
    while IFS= read -r d; do
        if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            PG_BIN="$d"
            return 0
        fi
    done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        # Resolve symlinks so that sibling tools (postgres, createdb, ...) are found.
        PG_BIN="$(dirname "$(readlink -f "$(command -v initdb)")")"
        return 0
    fi
    return 1
}

install_postgres() {
    log "PostgreSQL not found; installing Debian package 'postgresql' ..."
    if ! command -v apt-get >/dev/null 2>&1; then
        log "error: apt-get not available; install PostgreSQL (initdb, pg_ctl) manually"
        exit 1
    fi
    local apt_log
    apt_log="$(mktemp "${TMPDIR:-/tmp}/zoomstack-pg-apt.XXXXXX")"
    if ! { apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
        </dev/null >"$apt_log" 2>&1; then
        cat "$apt_log" >&2
        rm -f -- "$apt_log"
        log "error: installing PostgreSQL with apt-get failed"
        exit 1
    fi
    rm -f -- "$apt_log"
    # The package creates and may start a default cluster; we do not use it.
    local ver name _rest
    if command -v pg_lsclusters >/dev/null 2>&1; then
        while read -r ver name _rest; do
            [ -n "${name:-}" ] || continue
            pg_ctlcluster "$ver" "$name" stop >/dev/null 2>&1 || true
        done < <(pg_lsclusters -h 2>/dev/null || true)
    fi
    service postgresql stop >/dev/null 2>&1 || true
}

if ! find_pg_bin; then
    if [ "$IS_ROOT" -eq 1 ]; then
        install_postgres
        find_pg_bin || { log "error: PostgreSQL binaries still not found after install"; exit 1; }
    else
        log "error: PostgreSQL binaries (initdb, pg_ctl) not found; install PostgreSQL" \
            "(e.g. 'apt-get install postgresql') or put its bin directory on PATH"
        exit 1
    fi
fi

# Path of a PostgreSQL tool: from PG_BIN if present, else from PATH.
pgtool() {
    if [ -x "$PG_BIN/$1" ]; then
        printf '%s\n' "$PG_BIN/$1"
    elif command -v "$1" >/dev/null 2>&1; then
        command -v "$1"
    else
        log "error: PostgreSQL tool '$1' not found (looked in $PG_BIN and PATH)"
        return 1
    fi
}

INITDB="$(pgtool initdb)"
PG_CTL="$(pgtool pg_ctl)"
POSTGRES="$(pgtool postgres)"
SETSID=()
if command -v setsid >/dev/null 2>&1; then SETSID=(setsid -w); fi
CREATEDB="$(pgtool createdb)"
PG_ISREADY="$(pgtool pg_isready)"

# ------------------------------------------------------------ server user --

sh_quote() {
    # Quote for /bin/sh: wrap in single quotes, escape embedded single quotes.
    local out="" a
    for a in "$@"; do
        out+="'${a//\'/\'\\\'\'}' "
    done
    printf '%s' "$out"
}

RUNUSER_OK=""

# Run a command as the server's OS user (root: the unprivileged user, else
# ourselves), from $PGTMP. With --setsid first, in a new session so that
# signals sent to our process group (Ctrl-C, timeout(1)) do not reach it.
as_pg() {
    local wrap=()
    if [ "${1:-}" = --setsid ]; then
        shift
        wrap=("${SETSID[@]}")
    fi
    if [ "$IS_ROOT" -eq 1 ]; then
        if [ -z "$RUNUSER_OK" ]; then
            RUNUSER_OK=no
            if command -v runuser >/dev/null 2>&1 &&
                runuser -u "$PG_OS_USER" -- true >/dev/null 2>&1; then
                RUNUSER_OK=yes
            fi
        fi
        if [ "$RUNUSER_OK" = yes ]; then
            (cd "$PGTMP" && exec "${wrap[@]}" runuser -u "$PG_OS_USER" -- \
                env HOME="$PGTMP" LC_ALL=C "$@")
        else
            (cd "$PGTMP" && exec "${wrap[@]}" su -s /bin/sh "$PG_OS_USER" \
                -c "$(sh_quote env HOME="$PGTMP" LC_ALL=C "$@")")
        fi
    else
        (cd "$PGTMP" && exec "${wrap[@]}" env LC_ALL=C "$@")
    fi
}

ensure_pg_os_user() {
    id -u "$PG_OS_USER" >/dev/null 2>&1 && return 0
    local nologin=/usr/sbin/nologin
    [ -x "$nologin" ] || nologin=/sbin/nologin
    [ -x "$nologin" ] || nologin=/bin/false
    if command -v useradd >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell "$nologin" "$PG_OS_USER" >/dev/null 2>&1 || true
    elif command -v adduser >/dev/null 2>&1; then
        adduser --system --group --no-create-home --home /nonexistent \
            --shell "$nologin" "$PG_OS_USER" >/dev/null 2>&1 ||
            adduser -S -D -H -s "$nologin" "$PG_OS_USER" >/dev/null 2>&1 || true
    fi
    # Tolerate a concurrent run having created it meanwhile.
    id -u "$PG_OS_USER" >/dev/null 2>&1 || {
        log "error: could not create system user '$PG_OS_USER' to run PostgreSQL"
        exit 1
    }
}

# ---------------------------------------------------------------- cleanup --

stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    local pid="" i
    if [ -f "$PGDATA_DIR/postmaster.pid" ]; then
        pid="$(head -n 1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)"
        case "$pid" in '' | *[!0-9]*) pid="" ;; esac
        # Immediate shutdown: the data is thrown away anyway.
        as_pg "$PG_CTL" -D "$PGDATA_DIR" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
    fi
    for i in $(seq 1 100); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        if [ "$i" -eq 50 ]; then
            if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
            kill -KILL "$SERVER_PID" 2>/dev/null || true
        fi
        sleep 0.1
    done
    # Reap it (the server is our own child, so no zombie is left behind).
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

cleanup() {
    local rc=$?
    trap - EXIT
    trap '' INT TERM HUP
    set +e
    stop_server
    [ -n "$PGTMP" ] && [ -d "$PGTMP" ] && rm -rf -- "$PGTMP"
    exit "$rc"
}

on_signal() {
    local sig="$1" code="$2" i
    if [ -n "$CHILD_PID" ]; then
        if [ "$sig" = INT ]; then
            # A terminal Ctrl-C already reached CMD (same process group): give
            # it a moment to stop on its own before sending a second SIGINT.
            for i in $(seq 1 30); do
                kill -0 "$CHILD_PID" 2>/dev/null || break
                sleep 0.1
            done
        fi
        kill -"$sig" "$CHILD_PID" 2>/dev/null || true
        wait "$CHILD_PID" 2>/dev/null || true
    fi
    exit "$code"
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

fail() {
    log "error: $*"
    if [ -n "$PGLOG" ] && [ -s "$PGLOG" ]; then
        echo "----- log: $PGLOG -----" >&2
        cat "$PGLOG" >&2 || true
        echo "----- end of log -----" >&2
    fi
    exit 1
}

# ------------------------------------------------------------------ setup --

[ "$IS_ROOT" -eq 1 ] && ensure_pg_os_user

make_tmp() {
    PGTMP="$(mktemp -d "${1%/}/zoomstack-pg.XXXXXX")" || return 1
    if [ "$IS_ROOT" -eq 1 ]; then
        chown "$PG_OS_USER:" "$PGTMP" 2>/dev/null || chown "$PG_OS_USER" "$PGTMP"
    fi
    chmod 700 "$PGTMP"
}

make_tmp "${TMPDIR:-/tmp}" || fail "could not create a temporary directory"
# As root, $TMPDIR may not be reachable by the unprivileged user: use /tmp then.
# Unix socket paths are limited to ~107 bytes: avoid overly long TMPDIRs too.
if { [ "$IS_ROOT" -eq 1 ] && ! as_pg test -w "$PGTMP" >/dev/null 2>&1; } ||
    [ "${#PGTMP}" -gt 80 ]; then
    rm -rf -- "$PGTMP"
    PGTMP=""
    make_tmp /tmp || fail "could not create a temporary directory in /tmp"
fi

PGDATA_DIR="$PGTMP/data"
PGLOG="$PGTMP/server.log"
INITDB_LOG="$PGTMP/initdb.log"

if ! as_pg "$INITDB" -D "$PGDATA_DIR" -A trust -U "$DB_USER" --encoding=UTF8 --locale=C \
    --no-instructions >"$INITDB_LOG" 2>&1; then
    # Older initdb versions lack --no-instructions; retry without it.
    rm -rf -- "$PGDATA_DIR"
    if ! as_pg "$INITDB" -D "$PGDATA_DIR" -A trust -U "$DB_USER" --encoding=UTF8 \
        --locale=C >"$INITDB_LOG" 2>&1; then
        PGLOG="$INITDB_LOG"
        fail "initdb failed"
    fi
fi

port_in_use() {
    local p="$1"
    if command -v ss >/dev/null 2>&1; then
        [ -n "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ] && return 0
    fi
    # Something accepting connections on it?
    (exec 3<>"/dev/tcp/127.0.0.1/$p") >/dev/null 2>&1 && return 0
    return 1
}

pick_port() {
    local p i
    for i in $(seq 1 200); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 20001))
        if ! port_in_use "$p"; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

CONF="$PGDATA_DIR/postgresql.conf"
cp "$CONF" "$CONF.orig"
write_conf() {
    cat "$CONF.orig" >"$CONF"
    cat >>"$CONF" <<EOF

# --- zoomstack throwaway test server (scripts/with-postgres.sh) ---
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = '$PGTMP'
max_connections = 200
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
EOF
}

# The postmaster runs as our own background child (so we reap it; no zombies
# left to init) in its own session (so Ctrl-C reaches only CMD).

start_server() {
    : >"$PGLOG"
    if [ "$IS_ROOT" -eq 1 ]; then
        chown "$PG_OS_USER:" "$PGLOG" 2>/dev/null || true
    fi
    as_pg --setsid "$POSTGRES" -D "$PGDATA_DIR" </dev/null >>"$PGLOG" 2>&1 &
    SERVER_PID=$!
}

# Wait until pg_isready succeeds. Returns 1 if the server died, 2 on timeout.
wait_ready() {
    local deadline=$((SECONDS + READY_TIMEOUT))
    until "$PG_ISREADY" -q -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d postgres \
        >/dev/null 2>&1; do
        kill -0 "$SERVER_PID" 2>/dev/null || return 1
        [ "$SECONDS" -lt "$deadline" ] || return 2
        sleep 0.1
    done
}

PORT=""
for attempt in 1 2 3 4 5; do
    PORT="$(pick_port)" || fail "no free TCP port found in 20000-40000"
    write_conf "$PORT"
    start_server
    status=0
    wait_ready || status=$?
    [ "$status" -eq 0 ] && break
    stop_server
    if [ "$status" -eq 2 ]; then
        fail "PostgreSQL on 127.0.0.1:$PORT not ready after ${READY_TIMEOUT}s"
    fi
    # Lost a race for the port: try another one; otherwise give up.
    if [ "$attempt" -lt 5 ] &&
        grep -qiE 'could not (bind|create listen)|address already in use' "$PGLOG"; then
        continue
    fi
    fail "PostgreSQL server failed to start"
done

if ! createdb_out="$("$CREATEDB" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" "$DB_NAME" 2>&1)"; then
    printf '%s\n' "$createdb_out" >&2
    fail "createdb $DB_NAME failed"
fi

export ZOOMSTACK_TEST_DATABASE_URL="postgresql://$DB_USER@127.0.0.1:$PORT/$DB_NAME"
PG_VERSION="$("$PG_CTL" --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)*' | head -n 1)" || true
log "PostgreSQL ${PG_VERSION:-?} running at" \
    "$ZOOMSTACK_TEST_DATABASE_URL (data: $PGDATA_DIR)"

# ------------------------------------------------------------------- run --

# Run CMD in the background so that INT/TERM/HUP sent to this script are
# handled at once and forwarded to it. The subshell restores default SIGINT/
# SIGQUIT handling (bash ignores them in background jobs) and stdin is passed
# through explicitly (bash would use /dev/null).
set +e
(
    trap - INT QUIT TERM HUP
    exec "$@"
) <&0 &
CHILD_PID=$!
wait "$CHILD_PID"
rc=$?
CHILD_PID=""
set -e
exit "$rc"
