#!/usr/bin/env bash
# Clean builds of the hello-world programs, side by side: each round builds
# `ours`, `deps` (ours' crates.io dependencies alone: the floor of its build)
# and `aws` (rotating which goes first), from an empty target directory, with
# the dependencies already downloaded. Prints wall and CPU seconds per build,
# the load average around each, and the ratios to `aws`.
#
#   bench-build/measure.sh [debug|release] [ROUNDS]
#
# Every cargo command takes the machine's shared build lock, so no other
# build runs at the same time; tests or programs others run may, and the load
# average says so. Target directories are under $TMPDIR (default /tmp) and
# are removed after each build.
set -euo pipefail

profile=${1:-debug}
rounds=${2:-2}
here=$(cd "$(dirname "$0")" && pwd)
tmp=${TMPDIR:-/tmp}
release_flag=()
[[ $profile == release ]] && release_flag=(--release)

sides=(ours deps aws)
for side in "${sides[@]}"; do
    (cd "$here/$side" && flock -o /tmp/cargo.lock cargo fetch --locked -q)
done

declare -A wall cpu
build() {
    local side=$1 round=$2 target="$tmp/bench-build-$1"
    rm -rf "$target"
    local before after
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    # %e: wall seconds; %U + %S: CPU seconds of cargo and every rustc it ran.
    local times
    times=$(cd "$here/$side" && CARGO_TARGET_DIR="$target" CARGO_INCREMENTAL=0 \
        flock -o /tmp/cargo.lock /usr/bin/time -f '%e %U %S' cargo build --locked -q "${release_flag[@]}" 2>&1 >/dev/null | tail -1)
    after=$(cut -d' ' -f1-3 /proc/loadavg)
    rm -rf "$target"
    read -r w u s <<<"$times"
    wall[$side,$round]=$w
    cpu[$side,$round]=$(echo "$u + $s" | bc)
    printf '%-4s %-7s round %d: %7.1f s wall, %7.1f s CPU  (load %s -> %s)\n' \
        "$side" "$profile" "$round" "$w" "${cpu[$side,$round]}" "$before" "$after"
}

for round in $(seq 1 "$rounds"); do
    for k in 0 1 2; do build "${sides[(round + k) % 3]}" "$round"; done
    for side in ours deps; do
        printf '       round %d ratio %s/aws: %.3f wall, %.3f CPU\n' "$round" "$side" \
            "$(echo "${wall[$side,$round]} / ${wall[aws,$round]}" | bc -l)" \
            "$(echo "${cpu[$side,$round]} / ${cpu[aws,$round]}" | bc -l)"
    done
done
