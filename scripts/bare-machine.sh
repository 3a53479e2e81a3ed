#!/usr/bin/env bash
# Proves issue 17's bare-machine line: on a machine of this kind with the suite's system packages
# removed, a fresh clone passes `npm ci && npm test` as root, and `npm start` serves.
#
#   scripts/bare-machine.sh --dry-run          print every step, change nothing
#   scripts/bare-machine.sh                    remove the packages, then clone, test, start (root)
#   scripts/bare-machine.sh --keep-packages    the same without removing anything
#   scripts/bare-machine.sh --skip-tests       skip `npm test` (check npm ci and npm start only)
#
# Removed first (apt-get purge, then autoremove): what scripts/preflight.ts installs — chromium,
# socat, zbar-tools, librsvg2-bin — plus fonts-noto-cjk (the UI bundles its font) and LazyFS's
# build packages (../shared/tools/lazyfs/build.sh) except g++ and make: `npm ci` itself compiles
# better-sqlite3 with them (its prebuilt binaries are on GitHub, which this machine cannot reach),
# before any script of the repository runs. --remove-toolchain removes them too.
#
# The clone is of the commit checked out here (uncommitted changes are not in it), in a temporary
# folder with a copy of ../shared beside it that is read-only (a read-only bind mount when the
# kernel allows it, no write bits in any case) and checked unchanged afterwards.
# Ends with one line: "bare-machine: PASS" or "bare-machine: FAIL (<why>)", exit 0 or 1.
set -uo pipefail

dry_run=0 keep_packages=0 skip_tests=0 remove_toolchain=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=1 ;;
    --keep-packages) keep_packages=1 ;;
    --skip-tests) skip_tests=1 ;;
    --remove-toolchain) remove_toolchain=1 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bare-machine: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$root/../shared" 2>/dev/null && pwd) || { echo "bare-machine: FAIL (no ../shared beside $root)"; exit 1; }
commit=$(git -C "$root" rev-parse HEAD)
packages=(chromium socat zbar-tools librsvg2-bin fonts-noto-cjk cmake libfuse3-dev fuse3 libtoml11-dev libspdlog-dev)
[ "$remove_toolchain" = 1 ] && packages+=(g++ make)
start_wait_seconds=300

step() { printf '\n== bare-machine: %s\n' "$*"; }
# Runs a command, or only prints it with --dry-run.
run() {
  printf '+ %s\n' "$*"
  [ "$dry_run" = 1 ] && return 0
  "$@"
}
fail() {
  echo
  echo "bare-machine: FAIL ($*)"
  exit 1
}

if [ "$dry_run" = 0 ] && [ "$(id -u)" != 0 ]; then fail "run it as root: the line to prove is npm test as root installing what is missing"; fi
if [ "$dry_run" = 0 ] && [ "$keep_packages" = 0 ] && [ -z "${BARE_MACHINE_CONFIRM:-}" ] && [ -t 0 ]; then
  read -r -p "This removes ${packages[*]} from this machine. Type yes to go on: " answer
  [ "$answer" = yes ] || fail "not confirmed"
fi

work=$(mktemp -d /tmp/bare-machine.XXXXXX)
[ "$dry_run" = 1 ] && echo "(dry run: nothing below is executed; the working folder would be $work)"
clone="$work/repo"
shared_copy="$work/shared"
started_pid=""
bound=0
cleanup() {
  [ -n "$started_pid" ] && kill -TERM -- "-$started_pid" 2>/dev/null
  [ "$bound" = 1 ] && umount "$shared_copy" 2>/dev/null
  [ "$dry_run" = 1 ] && rm -rf "$work"
}
trap cleanup EXIT

step "1/5 remove the suite's system packages"
if [ "$keep_packages" = 1 ]; then
  echo "(skipped: --keep-packages)"
else
  installed=()
  for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && installed+=("$p"); done
  echo "installed now: ${installed[*]:-(none)}"
  if [ "${#installed[@]}" -gt 0 ]; then
    run env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${installed[@]}" || fail "apt-get purge failed"
    run env DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq || fail "apt-get autoremove failed"
  fi
  if [ "$dry_run" = 0 ]; then
    for tool in /usr/bin/chromium socat zbarimg rsvg-convert fusermount3 cmake; do
      command -v "$tool" >/dev/null 2>&1 && fail "$tool is still installed after the removal"
    done
    fc-list 2>/dev/null | grep -qi 'noto.*cjk' && fail "a Noto CJK font is still installed"
    echo "removed: none of chromium, socat, zbarimg, rsvg-convert, fusermount3, cmake, Noto CJK is left"
  fi
fi

step "2/5 fresh clone of $commit with a read-only ../shared beside it ($work)"
run git clone -q --no-hardlinks "$root" "$clone" || fail "git clone failed"
run git -C "$clone" checkout -q --detach "$commit" || fail "git checkout failed"
run cp -a "$shared" "$shared_copy" || fail "copying ../shared failed"
run chmod -R a-w "$shared_copy"
if [ "$dry_run" = 0 ]; then
  (cd "$shared_copy" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$work/shared.before"
  # Root ignores write bits: a read-only bind mount makes the folder truly read-only, as in CI.
  if mount --bind "$shared_copy" "$shared_copy" 2>/dev/null; then
    bound=1
    mount -o remount,bind,ro "$shared_copy" 2>/dev/null && echo "../shared is a read-only bind mount" || echo "../shared has no write bits (read-only remount refused here)"
  else
    echo "../shared has no write bits (bind mounts are not allowed here); it is checked unchanged at the end"
  fi
else
  echo "+ mount --bind $shared_copy $shared_copy && mount -o remount,bind,ro $shared_copy   (when allowed)"
fi

step "3/5 npm ci && npm test in the clone, as root"
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
seconds() { date +%s; }
t0=$(seconds)
run bash -c "cd '$clone' && npm ci --no-audit --no-fund" || fail "npm ci failed in the fresh clone"
t1=$(seconds)
if [ "$skip_tests" = 1 ]; then
  echo "(skipped: --skip-tests)"
else
  run bash -c "cd '$clone' && npm test" || fail "npm test failed in the fresh clone (output above)"
fi
t2=$(seconds)
if [ "$dry_run" = 0 ]; then
  echo "npm ci: $((t1 - t0)) s, npm test: $((t2 - t1)) s"
  (cd "$shared_copy" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$work/shared.after"
  diff -q "$work/shared.before" "$work/shared.after" >/dev/null || fail "the suite changed ../shared (diff $work/shared.before $work/shared.after)"
  echo "../shared unchanged after the suite"
fi

step "4/5 npm start serves"
start_log="$work/start.log"
echo "+ (cd $clone && KIOSK_PORT=0 PORTAL_PORT=0 KIOSK_DATA_DIR=$work/kiosk-data npm start) >$start_log &"
if [ "$dry_run" = 0 ]; then
  # Own process group, so the launcher, the web host and the embedded portal stop together.
  setsid bash -c "cd '$clone' && exec env KIOSK_PORT=0 PORTAL_PORT=0 KIOSK_DATA_DIR='$work/kiosk-data' npm start" >"$start_log" 2>&1 &
  started_pid=$!
  url=""
  for _ in $(seq 1 "$start_wait_seconds"); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/?launch=[^ ]*' "$start_log" | head -n 1)
    [ -n "$url" ] && break
    kill -0 "$started_pid" 2>/dev/null || break
    sleep 1
  done
  [ -n "$url" ] || { cat "$start_log"; fail "npm start printed no launch link within $start_wait_seconds s"; }
  echo "launch link: $url"
fi

step "5/5 the launch link serves the kiosk"
echo "+ curl -sS -L -c cookies -b cookies <launch link>  (expects 200 and the kiosk's page)"
if [ "$dry_run" = 0 ]; then
  status=$(curl -sS -L --max-time 30 -c "$work/cookies" -b "$work/cookies" -o "$work/page.html" -w '%{http_code} %{url_effective}' "$url") || fail "curl could not reach $url"
  echo "answer: $status"
  [ "${status%% *}" = 200 ] || fail "the launch link answered $status"
  grep -qi '<div id="app"' "$work/page.html" || fail "the launch link answered without the kiosk's page (saved in $work/page.html)"
  kill -TERM -- "-$started_pid" 2>/dev/null
  started_pid=""
  echo
  echo "bare-machine: PASS (commit $commit; clone and logs in $work)"
else
  echo
  echo "bare-machine: dry run finished; nothing was changed"
fi
