# Sourced by .ci/run (bash): starts a throwaway PostgreSQL 15 for the pgstore
# tests and stops it when the sourcing shell exits. Exports SHOPKIT_PG_DSN,
# SHOPKIT_PG_DATA (the data directory) and SHOPKIT_PG_CTL (a command prefix
# that runs pg_ctl as the server's user, so a test can restart the server).
pg_bindir=""
for dir in /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null || true)"; do
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && "$dir/postgres" --version 2>/dev/null | grep -q ' 15\.'; then
    pg_bindir=$dir; break
  fi
done
if [ -z "$pg_bindir" ]; then
  echo "PostgreSQL 15 missing: installing postgresql-15"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  pg_bindir=/usr/lib/postgresql/15/bin
fi
"$pg_bindir/postgres" --version

if [ "$(id -u)" = 0 ]; then
  pg_user=postgres
  id "$pg_user" >/dev/null 2>&1 || useradd --system --no-create-home "$pg_user"
  pg_as() { runuser -u "$pg_user" -- "$@"; }
else
  pg_user=$(id -un)
  pg_as() { "$@"; }
fi
pg_root=$(mktemp -d)
chmod 755 "$pg_root"
[ "$(id -u)" = 0 ] && chown "$pg_user" "$pg_root"
pg_data=$pg_root/data
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)))
pg_as "$pg_bindir/initdb" -D "$pg_data" -U "$pg_user" --auth=trust -E UTF8 --no-locale >/dev/null
pg_as "$pg_bindir/pg_ctl" -D "$pg_data" -l "$pg_root/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_root -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
pg_stop() {
  pg_as "$pg_bindir/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_root"
}
trap pg_stop EXIT
for _ in $(seq 1 50); do
  "$pg_bindir/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && break
  sleep 0.2
done
"$pg_bindir/pg_isready" -h 127.0.0.1 -p "$pg_port"
export SHOPKIT_PG_DSN="postgres://$pg_user@127.0.0.1:$pg_port/postgres?sslmode=disable"
export SHOPKIT_PG_DATA=$pg_data
if [ "$(id -u)" = 0 ]; then
  export SHOPKIT_PG_CTL="runuser -u $pg_user -- $pg_bindir/pg_ctl"
else
  export SHOPKIT_PG_CTL="$pg_bindir/pg_ctl"
fi
echo "PostgreSQL at $SHOPKIT_PG_DSN"
