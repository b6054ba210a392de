#!/bin/bash
# usage: tmp-pgsplit.sh  -> history alone then worker alone, PG backend CPU for lead_prof
export PATH=$PWD/node_modules/.bin:$PATH
DB=postgres://postgres@127.0.0.1:5432/lead_prof
psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS lead_prof" -c "CREATE DATABASE lead_prof"
DATABASE_URL=$DB src/cli/vigie.js migrate >/dev/null 2>&1
declare -A T
sample() { for pid in $(psql -h 127.0.0.1 -U postgres -d test -Atc "select pid from pg_stat_activity where datname='lead_prof'"); do s=$(awk '{print $14+$15}' /proc/$pid/stat 2>/dev/null); [ -n "$s" ] && T[$pid]=$s; done; }
total() { t=0; for k in "${!T[@]}"; do t=$((t+T[$k])); done; echo $t; }
env DATABASE_URL=$DB VIGIE_TIMEZONE=UTC VIGIE_UCCX_HISTORICAL_ODBC="Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=5432;Database=vigie_uccx_bfd1020061a5;Uid=postgres;Pwd=" src/cli/vigie.js uccx history --from 2025-11-24 --to 2025-11-26 >/dev/null 2>&1 &
H=$!
while kill -0 $H 2>/dev/null; do sample; sleep 0.3; done
echo "intake PG ticks: $(total)"
T=()
DATABASE_URL=$DB VIGIE_LOG_LEVEL=warn src/cli/vigie.js worker >/dev/null 2>&1 &
W=$!
sleep 1
while [ "$(psql -h 127.0.0.1 -U postgres -d lead_prof -Atc 'select count(*) from pending_events')" != "0" ]; do sample; sleep 0.3; done
sample
echo "worker PG ticks: $(total); worker node ticks: $(awk '{print $14+$15}' /proc/$W/stat)"
kill $W
