#!/bin/sh
# Builds the stand-ins of deploy/offline/Dockerfile for a machine without Docker Hub:
#
#     keyfolio-local/debian:bookworm   Debian 12 by debootstrap (made once; needs root)
#     keyfolio-local/python:3.11       for deploy/Dockerfile's PYTHON_IMAGE
#     keyfolio-local/node:20           for NODE_IMAGE (this machine's node and npm, v20)
#     keyfolio-local/postgres:15, keyfolio-local/redis:7, keyfolio-local/nginx:1.22
#                                      for compose.offline.yaml
#
# The base trusts this machine's extra certificate authorities
# (/usr/local/share/ca-certificates), so that pip and npm in the build work behind an
# intercepting proxy too. Test images only: production uses the official ones.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! docker image inspect keyfolio-local/debian:bookworm >/dev/null 2>&1; then
    echo "debootstrap: Debian 12 from $mirror"
    rootfs="$work/rootfs"
    debootstrap --variant=minbase \
        --include=ca-certificates,netbase,tzdata,python3,python3-venv,python-is-python3 \
        bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
        || { tail -20 "$work/debootstrap.log"; exit 1; }
    if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
        cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
        chroot "$rootfs" update-ca-certificates >/dev/null
    fi
    rm -f "$rootfs/etc/apt/sources.list"
    cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
    tar -C "$rootfs" -c . | docker import \
        -c 'ENV LANG=C.UTF-8 SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
        -c 'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
        -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
        -c 'CMD ["bash"]' - keyfolio-local/debian:bookworm >/dev/null
    rm -rf "$rootfs"
fi

node=$(command -v node) || { echo "node (v20) is needed for keyfolio-local/node:20"; exit 1; }
npm_dir=$(dirname "$(readlink -f "$(command -v npm)")")/..
case $("$node" --version) in v20.*) ;; *) echo "node is not v20: $("$node" --version)"; exit 1;; esac
cp "$here/Dockerfile" "$here"/*.sh "$work/"
cp "$node" "$work/node"
cp -r "$(cd "$npm_dir" && pwd)" "$work/npm"

for target in python:3.11 node:20 postgres:15 redis:7 nginx:1.22; do
    docker build --target "${target%%:*}" -t "keyfolio-local/$target" "$work" \
        >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
    echo "built keyfolio-local/$target"
done
