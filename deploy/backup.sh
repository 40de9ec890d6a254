#!/usr/bin/env bash
# Nightly logical backup of the system of record; keeps 14 days. Run from cron as postgres.
set -euo pipefail
dir="${BACKUP_DIR:-/var/backups/jijiao}"
db="${PG_DATABASE:-jijiao}"
mkdir -p "$dir"
file="$dir/$db-$(date +%Y%m%d-%H%M).dump"
pg_dump -Fc -h "${PG_HOST:-127.0.0.1}" -U "${PG_USER:-postgres}" -f "$file" "$db"
echo "backup written: $file ($(du -h "$file" | cut -f1))"
find "$dir" -name "$db-*.dump" -mtime +14 -delete
