#!/bin/bash
# up.sh - start a throwaway one-node Slurm cluster on this machine (Debian 12, as root, no systemd
# needed), for the sweep tests. Installs the packages if missing, writes /etc/slurm/slurm.conf for
# this host, starts munged, slurmctld and slurmd, and waits (with a time limit) until the node is idle.
# Wipes any earlier state of this test cluster. Stop it with down.sh.
# Adapted from the tested recipe in ../shared/notes/slurm-local.md (without accounting: the sweep tools
# read squeue and scontrol, not sacct).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
[ "$(id -u)" = 0 ] || { echo "up.sh: must run as root (it installs packages and writes /etc/slurm)" >&2; exit 2; }

fail() {  # print what Slurm says about the node, then give up
  echo "up.sh: $*" >&2
  sinfo -R 2>&1 || true
  tail -n 30 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log 2>/dev/null || true
  exit 1
}

for f in /run/slurmctld.pid /run/slurmd.pid; do
  if [ -s $f ] && kill -0 "$(cat $f)" 2>/dev/null; then
    echo "up.sh: $f: a daemon is still running; run down.sh first" >&2; exit 1
  fi
done

# 1. Packages. --no-install-recommends: 8 .debs instead of ~43 for slurm-wlm.
missing=""
for p in slurmctld slurmd slurm-client munge; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  timeout 300 apt-get -o DPkg::Lock::Timeout=600 update -qq
  timeout 600 apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends $missing >/dev/null
fi

# 2. munge: the key must be munge-owned and private; /run/munge is what systemd would have made.
[ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key --force
chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi
munge -n | unmunge >/dev/null 2>&1 || fail "munged did not come up within 5 s"

# 3. slurm.conf for this one host. The node line comes from `slurmd -C` (never hard-code RealMemory);
#    CR_CPU so that jobs without --mem run side by side; linuxproc/task none need no cgroup setup;
#    MinJobAge keeps finished tasks visible to squeue/scontrol for an hour.
HOST=$(hostname -s)
NODELINE=$(slurmd -C | head -n1)
install -d -m 0755 /etc/slurm /var/lib/slurm/slurmctld /var/lib/slurm/slurmd /var/log/slurm
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=localtest
SlurmctldHost=${HOST}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
MailProg=/bin/true
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=3600
${NODELINE} NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
rm -f /etc/slurm/cgroup.conf

# 4. Fresh state; both daemons fork and detach (PIDs in /run/*.pid).
rm -rf /var/lib/slurm/slurmctld/* /var/lib/slurm/slurmd/*
: > /var/log/slurm/jobcomp.log
slurmctld
slurmd

# 5. Wait until the node is idle (1-3 s normally; 60 s at most).
for _ in $(seq 120); do
  [ "$(sinfo -h -n "$HOST" -o %T 2>/dev/null)" = idle ] && break
  sleep 0.5
done
[ "$(sinfo -h -n "$HOST" -o %T 2>/dev/null)" = idle ] || fail "node $HOST is not idle after 60 s"
sinfo
