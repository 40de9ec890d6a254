#!/usr/bin/env bash
# Restores a backup into a NEW database (never over the live one): ./restore.sh file.dump newdb
set -euo pipefail
file="$1"; target="$2"
createdb -h "${PG_HOST:-127.0.0.1}" -U "${PG_USER:-postgres}" "$target"
pg_restore -h "${PG_HOST:-127.0.0.1}" -U "${PG_USER:-postgres}" -d "$target" --no-owner "$file"
echo "restored $file into $target; point PG_DATABASE at it after checking"
