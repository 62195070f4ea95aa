#!/usr/bin/env bash
# The project-local PostgreSQL cluster, used when DATABASE_URL is not set.
#
#   scripts/localdb.sh start   initialise (once) and start the cluster; safe to repeat
#   scripts/localdb.sh stop    stop it
#   scripts/localdb.sh status  say whether it runs
#   scripts/localdb.sh url     print the DATABASE_URL of the cluster
#
# The data lives in .pgdata/ (ignored by git; WWIDW_PG_DATA moves it), the server listens on
# 127.0.0.1 only, on WWIDW_PG_PORT (default 54329), with its socket inside the data folder.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${WWIDW_PG_PORT:-54329}"
data="${WWIDW_PG_DATA:-$root/.pgdata}"
log="$data.log"
db_name="wwidw"
db_user="wwidw"

die() {
    echo "localdb: $*" >&2
    exit 1
}

find_bindir() {
    local candidate
    if command -v pg_config >/dev/null 2>&1; then
        candidate="$(pg_config --bindir 2>/dev/null || true)"
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
            echo "$candidate"
            return
        fi
    fi
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -rn) \
        /usr/local/pgsql/bin /opt/homebrew/bin /usr/local/bin /usr/bin; do
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
            echo "$candidate"
            return
        fi
    done
    die "no PostgreSQL server binaries (initdb, pg_ctl) found.
Install PostgreSQL 15 or newer, for example:
  Debian/Ubuntu:  sudo apt-get install postgresql
  macOS:          brew install postgresql@17
or point the project at an existing server:
  export DATABASE_URL=postgres://user:password@host:5432/wwidw"
}

bindir=""

# Run a PostgreSQL program as the user that owns the cluster.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# As root, the postgres user must be able to reach the data folder. When the checkout lies in a
# folder closed to other users (such as /root), keep the data in /var/tmp instead.
choose_data_dir() {
    [ "$(id -u)" -eq 0 ] || return 0
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
    fi
    if [ -z "${WWIDW_PG_DATA:-}" ] && ! runuser -u postgres -- test -x "$root"; then
        data="/var/tmp/wwidw-pgdata-$(printf '%s' "$root" | md5sum | cut -c1-12)"
        log="$data.log"
    fi
}

prepare_owner() {
    [ "$(id -u)" -eq 0 ] || return 0
    mkdir -p "$data"
    chown postgres: "$data"
    chmod 700 "$data"
    touch "$log"
    chown postgres: "$log"
    if ! runuser -u postgres -- test -w "$data"; then
        die "the postgres user cannot reach $data (a parent folder is closed to other users).
Move the checkout to a folder others can enter, or set WWIDW_PG_DATA to such a folder."
    fi
}

pick_locale() {
    local available
    available="$(locale -a 2>/dev/null || true)"
    for name in C.UTF-8 C.utf8 en_US.UTF-8 en_US.utf8; do
        if grep -qx "$name" <<<"$available"; then
            echo "$name"
            return
        fi
    done
}

is_running() {
    [ -f "$data/PG_VERSION" ] && as_owner "$bindir/pg_ctl" status -D "$data" >/dev/null 2>&1
}

psql_admin() {
    "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

init_cluster() {
    local lc
    lc="$(pick_locale)"
    echo "localdb: creating a PostgreSQL cluster in $data"
    if [ -n "$lc" ]; then
        as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale="$lc" >/dev/null
    else
        as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    fi
    as_owner tee -a "$data/postgresql.conf" >/dev/null <<EOF

# wwidw local development cluster
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
synchronous_commit = off
EOF
}

create_database() {
    local has_role has_db
    has_role="$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$db_user'")"
    if [ "$has_role" != "1" ]; then
        # Superuser so the test runner can create its database and install extensions.
        psql_admin -c "CREATE ROLE $db_user LOGIN SUPERUSER"
    fi
    has_db="$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'")"
    if [ "$has_db" != "1" ]; then
        psql_admin -c "CREATE DATABASE $db_name OWNER $db_user"
    fi
}

start() {
    prepare_owner
    [ -f "$data/PG_VERSION" ] || init_cluster
    if is_running; then
        echo "localdb: already running on 127.0.0.1:$port"
    else
        if ! as_owner "$bindir/pg_ctl" start -D "$data" -l "$log" -w -t 60 -o "-p $port" >/dev/null; then
            tail -n 20 "$log" >&2 || true
            die "PostgreSQL did not start (log: $log). Is port $port taken? Set WWIDW_PG_PORT."
        fi
        echo "localdb: started on 127.0.0.1:$port"
    fi
    create_database
}

stop() {
    if is_running; then
        as_owner "$bindir/pg_ctl" stop -D "$data" -m fast -w >/dev/null
        echo "localdb: stopped"
    else
        echo "localdb: not running"
    fi
}

case "${1:-}" in
    start | stop | status)
        bindir="$(find_bindir)"
        choose_data_dir
        ;;
esac

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) if is_running; then echo "localdb: running on 127.0.0.1:$port"; else echo "localdb: not running"; fi ;;
    url) echo "postgres://$db_user@127.0.0.1:$port/$db_name" ;;
    *) die "usage: $0 start|stop|status|url" ;;
esac
