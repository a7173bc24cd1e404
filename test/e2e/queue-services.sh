#!/usr/bin/env bash
# Makes sure Redis and PostgreSQL are installed for the queue-mode e2e test, from Debian's own
# packages when they are missing (`apt-get update` once, then `apt-get install -y redis-server
# postgresql`). Installs only: the test itself starts a throwaway PostgreSQL cluster in a temp
# folder and a Redis on a free port, both on 127.0.0.1, and stops them when it ends.
#
#   bash test/e2e/queue-services.sh    prints REDIS_SERVER=<path> and PG_BIN=<dir> when both are there
set -euo pipefail

log() { echo "[queue-services] $*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
have_all() { command -v redis-server >/dev/null 2>&1 && [[ -n "$(pg_bin)" && -x "$(pg_bin)/initdb" ]]; }

if ! have_all; then
	missing=()
	command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
	[[ -n "$(pg_bin)" ]] || missing+=(postgresql)
	log "installing from Debian: ${missing[*]} (apt-get update, then apt-get install -y)..."
	SUDO=()
	if [[ $(id -u) -ne 0 ]]; then
		command -v sudo >/dev/null 2>&1 || { log "not root and no sudo: install ${missing[*]} yourself"; exit 1; }
		SUDO=(sudo)
	fi
	export DEBIAN_FRONTEND=noninteractive
	# Another apt run (another test, another helper) may hold the lock: wait for it, not fail.
	"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
	"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
	# Debian starts a system-wide service for each package; the test runs its own instances.
	if command -v service >/dev/null 2>&1; then
		"${SUDO[@]}" service redis-server stop >/dev/null 2>&1 || true
	fi
	have_all || { log "redis-server or PostgreSQL still missing after the install"; exit 1; }
	log "installed."
fi

echo "REDIS_SERVER=$(command -v redis-server)"
echo "PG_BIN=$(pg_bin)"
