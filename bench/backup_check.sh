#!/usr/bin/env bash
# `make backup-check`: the backup procedure of docs/deploy.md, tested.
# Seeds a scratch PostgreSQL database, dumps it with pg_dump, restores the dump
# into another scratch database with pg_restore, and smoke-tests the restored
# copy: migrations up to date, the same row counts, a demo user can log in.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
BASE="${PG_BASE_URL:-postgres://postgres@127.0.0.1:5432}"
SRC=mentoring_backup_src
DST=mentoring_backup_restore
DUMP="$(mktemp -d)/mentoring.dump"

for db in $SRC $DST; do
  psql "$BASE/postgres" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null
  psql "$BASE/postgres" -qc "CREATE DATABASE \"$db\"" >/dev/null
done

echo "1. Исходная база: миграции и демо-данные"
DATABASE_URL="$BASE/$SRC" $PY manage.py migrate --noinput -v0
DATABASE_URL="$BASE/$SRC" $PY manage.py seed_demo >/dev/null

echo "2. Резервная копия: pg_dump --format=custom"
pg_dump --format=custom --no-owner --file="$DUMP" "$BASE/$SRC"
ls -l "$DUMP" | awk '{print "   размер копии:", $5, "байт"}'

echo "3. Восстановление в пустую базу: pg_restore"
pg_restore --no-owner --exit-on-error --dbname="$BASE/$DST" "$DUMP"

echo "4. Проверка восстановленной копии"
DATABASE_URL="$BASE/$DST" $PY manage.py migrate --check -v0
counts='
from django.apps import apps
print(";".join(f"{m._meta.label}={m.objects.count()}" for m in apps.get_models()))
'
src_counts=$(DATABASE_URL="$BASE/$SRC" $PY manage.py shell -v0 -c "$counts")
dst_counts=$(DATABASE_URL="$BASE/$DST" $PY manage.py shell -v0 -c "$counts")
if [ "$src_counts" != "$dst_counts" ]; then
  echo "   ОШИБКА: число строк в таблицах не совпадает"; exit 1
fi
echo "   таблиц: $(echo "$src_counts" | tr ';' '\n' | wc -l), число строк совпадает"
DATABASE_URL="$BASE/$DST" $PY manage.py shell -v0 -c '
from django.test import Client
c = Client(HTTP_HOST="127.0.0.1")
assert c.post("/accounts/login/", {"username": "school.methodist", "password": "demo12345"}).status_code == 302
page = c.get("/bank/mentees/")
assert page.status_code == 200 and "Банк наставляемых" in page.content.decode()
assert c.get("/healthz").status_code == 200
print("   вход, банк наставляемых и /healthz работают")
'
for db in $SRC $DST; do psql "$BASE/postgres" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null; done
echo "Резервное копирование и восстановление проверены."
