#!/bin/sh
# What compose.yaml uses of the official postgres image's entry point: on the first start,
# a cluster in $PGDATA whose superuser is $POSTGRES_USER with $POSTGRES_PASSWORD, and the
# database $POSTGRES_DB; password log-ins from other containers; postgres as its user.
set -eu
if [ "${1:-}" = postgres ]; then
    shift
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
        password_file=$(mktemp)
        printf '%s\n' "${POSTGRES_PASSWORD:?}" > "$password_file"
        chown postgres "$password_file"
        runuser -u postgres -- initdb -D "$PGDATA" -U "${POSTGRES_USER:=postgres}" \
            --pwfile="$password_file" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
        rm -f "$password_file"
        echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
        database="${POSTGRES_DB:-$POSTGRES_USER}"
        if [ "$database" != postgres ]; then
            runuser -u postgres -- pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
            runuser -u postgres -- createdb -U "$POSTGRES_USER" "$database"
            runuser -u postgres -- pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
        fi
        echo "postgres-entrypoint: made the cluster, user $POSTGRES_USER, database $database"
    fi
    exec runuser -u postgres -- postgres -D "$PGDATA" -c listen_addresses='*' "$@"
fi
exec "$@"
