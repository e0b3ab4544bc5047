#!/bin/sh
# As the official redis image does: without a configuration file redis-server listens on
# every address, so the other containers may connect without a password.
set -eu
if [ "${1:-}" = redis-server ]; then
    case "${2:-}" in
        *.conf) ;;
        *) set -- "$@" --protected-mode no ;;
    esac
fi
exec "$@"
