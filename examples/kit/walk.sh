#!/usr/bin/env bash
# The walk of docs/kit.md, run for real: the blog's kit program at three schema versions takes an empty database
# through the first release, two schema changes (one a rename that keeps its data) and a rollback.
#   walk.sh KIT_V1 KIT_V2 KIT_V3 WORKDIR      (DATABASE_URL set, e.g. by scripts/with_db.sh)
set -euo pipefail
k1=$1 k2=$2 k3=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work"
step() { printf '\n== %s\n' "$*"; }
fail() { echo "kit walk: FAILED: $*" >&2; exit 1; }
q() { psql "$DATABASE_URL" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
has() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
q 'drop schema if exists blog cascade; drop table if exists drizzle.blog_kit_migrations'
# A table of another schema that push must leave alone.
q 'create table if not exists public.kit_walk_bystander (id integer)'
echo '{"out": "migrations", "migrations": {"table": "blog_kit_migrations"}, "schemaFilter": ["blog"]}' > drizzle.config.json

step "push --dry-run on an empty database"
"$k1" push --dry-run | tee out.txt
has out.txt 'CREATE SCHEMA "blog";'
has out.txt 'CREATE TABLE "blog"."articles" ('

step "v1: export, generate, migrate"
"$k1" export > export.sql
has export.sql 'CREATE SCHEMA "blog";'
has export.sql 'CREATE TABLE "blog"."authors" ('
"$k1" generate --name init
has migrations/0000_init.sql 'CREATE TABLE "blog"."articles" ('
has migrations/meta/_journal.json '"tag": "0000_init"'
[ -f migrations/meta/0000_snapshot.json ] || fail "no snapshot written"
"$k1" generate --name again | tee out.txt
has out.txt 'No schema changes'
[ ! -e migrations/0001_again.sql ] || fail "an unchanged schema wrote a migration"
"$k1" check
"$k1" migrate
[ "$(q "select count(*) from information_schema.tables where table_schema = 'blog'")" = 2 ] || fail "v1 tables"
q "insert into blog.authors (handle) values ('ada');
   insert into blog.articles (author_id, slug, title, views) select id, 'engines', 'On engines', 7 from blog.authors"

step "v2: bios and comments"
"$k2" generate --name bios_and_comments
has migrations/0001_bios_and_comments.sql 'ALTER TABLE "blog"."authors" ADD COLUMN "bio" text;'
has migrations/0001_bios_and_comments.sql 'CREATE TABLE "blog"."comments" ('
has migrations/0001_bios_and_comments.down.sql 'DROP TABLE "blog"."comments"'
"$k2" push --dry-run | tee out.txt
has out.txt 'ADD COLUMN "bio" text'
[ "$(q "select count(*) from information_schema.columns where table_schema = 'blog' and column_name = 'bio'")" = 0 ] ||
  fail "push --dry-run changed the database"
"$k2" migrate
"$k2" push --dry-run | tee out.txt
has out.txt 'already matches'

step "v3: a rename keeps its data"
if "$k3" generate --name view_count 2> err.txt; then fail "an ambiguous rename was decided without asking"; fi
has err.txt '--rename'
"$k3" generate --name view_count --rename blog.articles.views=view_count
has migrations/0002_view_count.sql 'RENAME COLUMN "views" TO "view_count";'
"$k3" migrate
[ "$(q 'select view_count from blog.articles')" = 7 ] || fail "the renamed column lost its data"
"$k3" status | tee out.txt
has out.txt 'applied 0002_view_count'

step "rollback 1"
"$k3" rollback 1
[ "$(q 'select views from blog.articles')" = 7 ] || fail "rollback lost the data"
"$k3" status | tee out.txt
has out.txt 'pending 0002_view_count'
"$k3" migrate

step "pull"
"$k3" pull --output pulled.hpp
has pulled.hpp '"view_count"'
has pulled.hpp 'struct comments_t'

step "push: refuses to lose data, applies a rename"
if "$k2" push --no-renames > out.txt 2> err.txt; then fail "push dropped a column without --force"; fi
has err.txt 'lose data'
[ "$(q 'select view_count from blog.articles')" = 7 ] || fail "a refused push changed the database"
"$k2" push --rename blog.articles.view_count=views
[ "$(q 'select views from blog.articles')" = 7 ] || fail "push's rename lost the data"
"$k3" push --rename articles.views=view_count
[ "$(q 'select view_count from blog.articles')" = 7 ] || fail "push's rename back lost the data"
"$k3" push --dry-run | tee out.txt
has out.txt 'already matches'
[ "$(q "select count(*) from pg_tables where tablename = 'kit_walk_bystander'")" = 1 ] ||
  fail "push dropped a table outside the schema's schemas"
q 'drop schema blog cascade; drop table drizzle.blog_kit_migrations; drop table public.kit_walk_bystander'
echo "kit walk: ok"
