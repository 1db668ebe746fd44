#!/bin/bash
# with-local-cluster.sh CMD...: run CMD with a local one-node Slurm cluster up (up.sh) and
# BABYLM_TEST_SLURM=1 exported, so that the Slurm tests run; stop the cluster afterwards (down.sh),
# also when CMD fails or is interrupted. `make test` wraps the test run in it.
#   - root: starts the cluster unless one is up already, and shares it: a shared lock counts the
#     users, and the last one out stops it (so two concurrent `make test` do not pull it from each other).
#   - not root, CI=true: an error (the Slurm tests must run in CI, never skip).
#   - not root otherwise: runs CMD without a cluster; the Slurm tests then skip and say why.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ]; then
  if [ "${CI:-}" = true ]; then
    echo "with-local-cluster.sh: the Slurm tests need root to start a local cluster (CI runs as root)" >&2
    exit 2
  fi
  echo "note: not root, so no local Slurm cluster: the Slurm tests will skip (run make test as root to include them)" >&2
  exec "$@"
fi
lock=/run/babylm-slurm-test.lock
exec 9>"$lock"
flock -w 300 -x 9 || { echo "with-local-cluster.sh: could not lock $lock within 300 s" >&2; exit 1; }
if [ -s /run/slurmctld.pid ] && kill -0 "$(cat /run/slurmctld.pid)" 2>/dev/null && timeout 10 scontrol ping >/dev/null 2>&1; then
  echo "note: a local Slurm cluster is already up; using it"
else
  bash "$here/down.sh" >/dev/null 2>&1      # leftovers of a run that was killed
  # 9>&-: the daemons must not inherit the lock, or they would hold it after we are gone.
  timeout 900 bash "$here/up.sh" 9>&- || { echo "with-local-cluster.sh: the local Slurm cluster did not start" >&2; exit 1; }
fi
flock -s 9                                   # from now on a user among others
stop() {
  # Only the last user stops it: the exclusive lock is free only when no one else holds a shared one.
  if flock -n -x 9; then bash "$here/down.sh"; fi
}
trap stop EXIT
trap 'exit 130' INT TERM
BABYLM_TEST_SLURM=1 "$@" 9>&-
