#!/usr/bin/env bash
# Sets up a single-node SLURM cluster on this Debian machine, for bin/batch --scheduler slurm and its
# integration test: installs munge and SLURM (Debian's slurmctld, slurmd, slurm-client), writes a
# slurm.conf for this host (its CPU count and memory), and starts munged, slurmctld and slurmd
# without systemd. Idempotent: what is installed or running is left as it is. Needs root.
#   scripts/slurm-single-node.sh          # then: sinfo  (one node, idle)
set -euo pipefail
say() { echo "slurm-single-node: $*"; }
[ "$(id -u)" = 0 ] || { say "needs root"; exit 1; }
command -v apt-get >/dev/null || { say "not a Debian machine (no apt-get)"; exit 1; }

pkgs="slurmctld slurmd slurm-client munge"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null \
    || ! command -v sbatch >/dev/null; then
  say "installing $pkgs"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends $pkgs >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $pkgs >/dev/null; }
fi

host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /etc/munge
conf=/etc/slurm/slurm.conf
cat > "$conf.new" <<CONF
# written by nnpf scripts/slurm-single-node.sh: one node, this machine
ClusterName=nnpf
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
if ! cmp -s "$conf.new" "$conf"; then
  mv "$conf.new" "$conf"
  changed=1
else
  rm "$conf.new"
  changed=0
fi
# slurmd initialises a cgroup plugin even with proctrack/linuxproc and task/none: SLURM 23.02 and
# later can disable it; 22.05 (Debian 12) cannot and needs a mounted hierarchy (v1 or v2)
ver=$(slurmd -V 2>/dev/null | awk '{print $2}')
major=${ver%%.*}; rest=${ver#*.}; minor=${rest%%.*}
if [ "${major:-0}" -gt 23 ] || { [ "${major:-0}" -eq 23 ] && [ "${minor:-0}" -ge 2 ]; }; then
  cg="CgroupPlugin=disabled"
elif [ -d /sys/fs/cgroup/cpu ] || [ -d /sys/fs/cgroup/memory ]; then
  cg="CgroupPlugin=cgroup/v1"
else
  cg="CgroupPlugin=autodetect"
fi
if [ "$(cat /etc/slurm/cgroup.conf 2>/dev/null)" != "$cg" ]; then
  echo "$cg" > /etc/slurm/cgroup.conf
  changed=1
fi

if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 400 /etc/munge/munge.key
chmod 755 /run/munge

if ! pgrep -x munged >/dev/null; then
  say "starting munged"
  runuser -u munge -- /usr/sbin/munged
fi
if [ "$changed" = 1 ]; then
  pkill -x slurmctld 2>/dev/null || true
  pkill -x slurmd 2>/dev/null || true
  sleep 1
fi
if ! pgrep -x slurmctld >/dev/null; then
  say "starting slurmctld"
  slurmctld
fi
if ! pgrep -x slurmd >/dev/null; then
  say "starting slurmd"
  slurmd
fi
for i in $(seq 1 60); do
  state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)
  case "$state" in
    idle*|mixed*|allocated*) say "node $host: $state ($cpus CPUs, $mem MB)"; exit 0 ;;
    down*|drain*) scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 1
done
say "the node did not become idle (sinfo: ${state:-no answer}); see /var/log/slurm/"
exit 1
