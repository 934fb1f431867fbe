# Shared by scripts/backup and scripts/restore (sao lưu, khôi phục): what a backup folder holds and how it is checked.
# Sourced, not run. Runbook: docs/backup.md.

# The row count of every table of the public schema, one "table<TAB>rows" line each, sorted by name. Exact counts
# (count(*)), not the planner's estimates: the restore compares them with the counts taken in the dump's snapshot.
# query_to_xml runs one count per table inside this single statement, so all counts see the same snapshot.
# shellcheck disable=SC2034  # used by the scripts that source this file
ROW_COUNTS_SQL="SELECT table_name,
       (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM public.%I', table_name),
                                            false, true, '')))[1]::text::bigint
  FROM information_schema.tables
 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
 ORDER BY table_name COLLATE \"C\";"

# Moves the password of MOTCUA_DATABASE_URL (postgres://user:password@host/db, percent-encoded) to PGPASSWORD, where
# libpq reads it: the programs below get the URL as an argument, and every local user can read any process's
# arguments (ps), while its environment is readable by its owner only. A ~/.pgpass file is better still.
move_password_out_of_url() {
    local pattern='^(postgres(ql)?://)([^:@/]*):([^@/]*)@(.*)$'
    if [[ $MOTCUA_DATABASE_URL =~ $pattern ]]; then
        local encoded=${BASH_REMATCH[4]}
        MOTCUA_DATABASE_URL="${BASH_REMATCH[1]}${BASH_REMATCH[3]}@${BASH_REMATCH[5]}"
        PGPASSWORD=$(printf '%b' "${encoded//%/\\x}")
        export MOTCUA_DATABASE_URL PGPASSWORD
    fi
}

# The files a backup folder must hold besides its manifest, relative to the folder, in manifest order.
backup_files() {
    (cd "$1" && find . -type f ! -path ./MANIFEST.sha256 -printf '%P\0' | LC_ALL=C sort -z)
}

# Fails, naming them, when a file of the backup was changed, is missing, or was added since the manifest was written.
check_manifest() {
    local dir=$1 listed present
    [[ -f $dir/MANIFEST.sha256 ]] || { echo "Không có MANIFEST.sha256 trong $dir / no manifest in $dir" >&2; return 1; }
    if ! (cd "$dir" && sha256sum --check --strict --quiet MANIFEST.sha256) >&2; then
        echo "Bản sao lưu đã bị thay đổi hoặc thiếu tệp / backup altered or incomplete: $dir" >&2
        return 1
    fi
    listed=$(sed -E 's/^[0-9a-f]{64} [ *]//' "$dir/MANIFEST.sha256")
    present=$(backup_files "$dir" | tr '\0' '\n')
    if [[ $listed != "$present" ]]; then
        echo "Tệp không có trong MANIFEST.sha256 / files not in the manifest:" >&2
        comm -13 <(echo "$listed") <(echo "$present") >&2
        return 1
    fi
}
