# Sourced by .ci/run: starts a throwaway PostgreSQL cluster on loopback (fsync off: nothing in
# it outlives the run) and exports
# TEST_DATABASE_URL for the database integration tests. Works as root (runs as `postgres`).
start_ci_postgres() {
  local bin port dir runas
  bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")"
  port="${CI_PG_PORT:-55432}"
  dir="$(mktemp -d /tmp/ci-pg.XXXXXX)"
  runas=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    runas=(runuser -u postgres --)
  fi
  "${runas[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" -l "$dir/log" -w start >/dev/null
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "ci: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
  trap "${runas[*]} $bin/pg_ctl -D $dir/data -m fast stop >/dev/null 2>&1 || true" EXIT
}
