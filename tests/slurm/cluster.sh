#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine, started by this script (no systemd): munged,
# slurmctld and slurmd under a private configuration in a temporary folder. It runs a small
# what-if as a 4-task job array with contrib/slurm/attrition-study, merges it, and compares the
# result byte for byte with the same study in one process; then it submits the study again
# with one task cancelled, checks that the merge reports that task's seeds missing, requeues the
# task alone and checks the merge is whole and equal again. Bounded in time; cleans up after
# itself. If Slurm cannot be installed, it says so and exits 0, so the rest of CI still counts.
#
#   tests/slurm/cluster.sh [ATTRITION_BINARY]   (default: target/debug/attrition)
#
# To time a bigger study on this machine's one-node cluster (the README's figures):
#   SLURM_TEST_STUDY="whatif --vary ua.drone_line=on,off --runs 1000" SLURM_TEST_WHOLE_ONLY=1 \
#   SLURM_TEST_SECONDS=7200 tests/slurm/cluster.sh target/release/attrition
set -uo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
bin="${1:-$root/target/debug/attrition}"
deadline=$((SECONDS + ${SLURM_TEST_SECONDS:-600}))
say() { echo "slurm test: $*"; }

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
    say "installing Debian's slurm-wlm and munge"
    if ! { timeout 600 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq slurm-wlm munge; } >/tmp/attrition-slurm-install.log 2>&1; then
        say "SKIPPED: Slurm could not be installed (apt-get failed; see /tmp/attrition-slurm-install.log); the cluster test did not run"
        exit 0
    fi
fi
[ -x "$bin" ] || { say "no binary at $bin (build it first)"; exit 1; }

work="$(mktemp -d /tmp/attrition-slurm.XXXXXX)"
pids=()
cleanup() {
    scancel --quiet --user="$(id -un)" 2>/dev/null || true
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 1
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { say "FAILED: $*"; for f in "$work"/log/*.log; do echo "--- $f"; tail -n 20 "$f"; done; exit 1; }

# munge: its own key, socket and folders.
mkdir -p "$work"/{munge,spool,state,log,run}
chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
sock="$work/munge/munge.socket"
munged --force --key-file="$work/munge/munge.key" --socket="$sock" \
    --pid-file="$work/run/munged.pid" --log-file="$work/log/munged.log" --seed-file="$work/munge/seed" \
    || fail "munged did not start"
pids+=("$(cat "$work/run/munged.pid")")

host="$(hostname -s)"
cpus="$(nproc)"
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=attrition-ci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobRequeue=1
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=${SLURM_TEST_PORT:-16817}
SlurmdPort=$(( ${SLURM_TEST_PORT:-16817} + 1 ))
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -c -f "$SLURM_CONF" || fail "slurmctld did not start"
sleep 1; pids+=("$(cat "$work/run/slurmctld.pid")")
slurmd -f "$SLURM_CONF" -N "$host" || fail "slurmd did not start"
sleep 1; pids+=("$(cat "$work/run/slurmd.pid")")
until sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; do
    [ $SECONDS -lt $deadline ] || fail "the node never came up: $(sinfo 2>&1)"
    sleep 1
done
say "cluster up: $(sinfo -h -o '%P %D %c %T')"

# The study: small, so the test stays within CI's budget.
if [ -n "${SLURM_TEST_STUDY:-}" ]; then
    read -r -a study <<< "$SLURM_TEST_STUDY"
else
    study=(whatif --vary ua.drone_line=on,off --runs 8 --turns 3 --seed 11)
fi
t0=$SECONDS
"$bin" "${study[@]}" > "$work/one.txt" 2>/dev/null || fail "the one-process study failed"
say "one process: $((SECONDS - t0)) s"

wait_jobs() { # until none of the given jobs is pending or running
    while squeue -h -j "$1" -o %T 2>/dev/null | grep -qE 'PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUE'; do
        [ $SECONDS -lt $deadline ] || fail "jobs $1 still running at the time limit: $(squeue 2>&1)"
        sleep 1
    done
}

# 1. The whole array, then its merge, against one process.
t0=$SECONDS
read -r array merge < <(contrib/slurm/attrition-study submit -n 4 -d "$work/a" -c 1 -b "$bin" -- "${study[@]}") \
    || fail "submitting the array failed"
say "array $array, merge $merge"
wait_jobs "$array,$merge"
[ -f "$work/a/result.table" ] || fail "the merge job wrote no result: $(cat "$work"/a/merge-*.txt 2>/dev/null)"
cmp "$work/a/result.table" "$work/one.txt" || fail "the merged study differs from one process"
for k in 0 1 2 3; do [ -s "$work/a/part-$k.jsonl" ] || fail "no part-$k.jsonl"; done
say "4 tasks merged: byte for byte the one-process result ($((SECONDS - t0)) s from submission to merged result)"
if [ -n "${SLURM_TEST_WHOLE_ONLY:-}" ]; then
    cp "$work/one.txt" "${SLURM_TEST_KEEP:-/tmp}/attrition-slurm-one.txt" 2>/dev/null || true
    say "passed in ${SECONDS}s"
    exit 0
fi

# 2. One task cancelled: the merge names its gap; requeued alone, the study is whole again.
export SBATCH_HOLD=1
read -r array merge < <(contrib/slurm/attrition-study submit -n 4 -d "$work/b" -c 1 -b "$bin" -- "${study[@]}") \
    || fail "submitting the second array failed"
unset SBATCH_HOLD
scancel "${array}_2" || fail "scancel ${array}_2 failed"
scontrol release "$array" && scontrol release "$merge" || fail "release failed"
wait_jobs "$array,$merge"
if contrib/slurm/attrition-study merge "$work/b" > "$work/b-partial.txt" 2> "$work/b-partial.err"; then
    fail "the merge called a study with a cancelled task whole"
fi
# Shard 2 of 4 over seeds 11–18 is seeds 15–16.
grep -q "missing: 2 seeds of ua.drone_line=on: 15–16" "$work/b-partial.err" || fail "the gap was not reported: $(cat "$work/b-partial.err")"
[ ! -s "$work/b-partial.txt" ] || fail "an incomplete merge printed a result"
say "cancelled task 2: merge reports $(grep -c "^missing:" "$work/b-partial.err") gaps (seeds 15–16 of each variant)"
if scontrol requeue "${array}_2" 2>/dev/null; then
    say "requeued ${array}_2"
    job="$array"
else
    job=$(sbatch --parsable --array=2 --cpus-per-task=1 "$work/b/study.sbatch") || fail "resubmitting task 2 failed"
    say "resubmitted task 2 alone as $job (scontrol requeue refused it)"
fi
sleep 1
wait_jobs "$job"
contrib/slurm/attrition-study merge "$work/b" > "$work/b.txt" 2> "$work/b.err" || fail "the merge after the requeue failed: $(cat "$work/b.err")"
cmp "$work/b.txt" "$work/one.txt" || fail "after the requeue the merged study differs from one process"
say "task 2 requeued alone: the merge is whole and equal to one process"
say "passed in ${SECONDS}s"
