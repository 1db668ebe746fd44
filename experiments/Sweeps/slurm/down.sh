#!/bin/bash
# down.sh - stop what up.sh started: cancel jobs (stopping slurmd does not stop them), then each
# daemon by its PID file, slurmd before slurmctld, munged last. Never waits more than ~45 s in all.
set -u
wait_gone() {  # until PID $1 has exited; a zombie counts as gone (PID 1 here may reap late)
  local st
  for _ in $(seq 100); do
    st=$(awk '/^State:/{print $2}' "/proc/$1/status" 2>/dev/null) || return 0
    { [ -z "$st" ] || [ "$st" = Z ]; } && return 0
    sleep 0.1
  done
  return 1
}
if timeout 10 scontrol ping >/dev/null 2>&1; then
  timeout 10 scancel --partition=debug 2>/dev/null || true
  for _ in $(seq 60); do [ -z "$(timeout 5 squeue -h 2>/dev/null)" ] && break; sleep 0.5; done
fi
for pidfile in /run/slurmd.pid /run/slurmctld.pid /run/munge/munged.pid; do
  [ -s "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    wait_gone "$pid" || { echo "down.sh: PID $pid ($pidfile) still running after 10 s; sending KILL"; kill -KILL "$pid"; }
  fi
  rm -f "$pidfile"
done
