# Shared by FrontDoor's scripts: find a JDK 21+ (JDK 25 preferred), install Debian packages that
# are missing. Source it; it sets JAVA_HOME and PATH.

fd_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

fd_java_feature() { # prints the feature release of a java binary, e.g. 25
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

fd_find_jdk() {
  local candidates=() c v best="" bestv=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*25* /usr/lib/jvm/*21* /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/javac" ] || continue
    v=$(fd_java_feature "$c/bin/java")
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best="$c"; bestv="$v"; fi
  done
  if [ -z "$best" ] && command -v apt-get >/dev/null 2>&1; then
    echo "frontdoor: no JDK 21+ found; trying Debian's openjdk packages" >&2
    fd_apt_install openjdk-25-jdk-headless || fd_apt_install openjdk-21-jdk-headless || true
    for c in /usr/lib/jvm/*; do
      [ -x "$c/bin/javac" ] || continue
      v=$(fd_java_feature "$c/bin/java")
      if [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge 21 ]; then best="$c"; bestv="$v"; fi
    done
  fi
  if [ -z "$best" ]; then
    echo "frontdoor: needs a JDK 21 or newer (25 recommended); set JAVA_HOME to one" >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

fd_apt_updated=""
fd_apt_install() { # installs Debian packages that are missing; quiet when all are there
  local missing=() p
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "frontdoor: please install ${missing[*]}" >&2; return 1; }
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ -z "$fd_apt_updated" ]; then
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    fd_apt_updated=1
  fi
  echo "frontdoor: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

fd_find_maven() {
  command -v mvn >/dev/null 2>&1 || fd_apt_install maven
}

fd_bench_classpath() { # builds every module (tests compiled, not run) in one reactor, so a fresh
  # machine needs no `mvn install`, and prints the ivr module's test classpath; $1: a work directory
  local root; root="$(fd_root)"
  (cd "$root" && mvn -B -q -ntp -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="$1/cp.txt" -Dmdep.includeScope=test >&2)
  echo "$root/ivr/target/test-classes:$root/ivr/target/classes:$(cat "$1/cp.txt")"
}

fd_start_postgres() { # starts a throwaway PostgreSQL cluster on 127.0.0.1 for the tests (Debian's
  # postgresql, installed when missing) and exports FRONTDOOR_TEST_PG_URL and FRONTDOOR_TEST_PG_USER;
  # fd_stop_postgres removes it. $1: the port (default 15432; a busy port moves on to the next).
  local bin port="${1:-15432}" run=""
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ]; then
    fd_apt_install postgresql
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  fi
  [ -x "$bin/initdb" ] || { echo "frontdoor: PostgreSQL's initdb not found" >&2; return 1; }
  fd_pg_dir=$(mktemp -d /tmp/frontdoor-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then # PostgreSQL refuses to run as root
    id postgres >/dev/null 2>&1 || { echo "frontdoor: no postgres user to run PostgreSQL as" >&2; return 1; }
    chown postgres "$fd_pg_dir"
    run="runuser -u postgres --"
  fi
  fd_pg_run="$run"
  fd_pg_bin="$bin"
  $run "$bin/initdb" -D "$fd_pg_dir/data" -A trust -U frontdoor -E UTF8 >"$fd_pg_dir/initdb.log" 2>&1 \
    || { cat "$fd_pg_dir/initdb.log" >&2; return 1; }
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  $run "$bin/pg_ctl" -D "$fd_pg_dir/data" -l "$fd_pg_dir/server.log" -w -t 60 \
    -o "-p $port -k $fd_pg_dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null \
    || { cat "$fd_pg_dir/server.log" >&2; return 1; }
  export FRONTDOOR_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/postgres"
  export FRONTDOOR_TEST_PG_USER=frontdoor
  echo "frontdoor: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port" >&2
}

fd_stop_postgres() {
  [ -n "${fd_pg_dir:-}" ] || return 0
  $fd_pg_run "$fd_pg_bin/pg_ctl" -D "$fd_pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$fd_pg_dir"
  fd_pg_dir=""
}

fd_bench_store() { # $1: work directory, $2: number of customers, $3: classpath. Exports
  # FRONTDOOR_DATA_DIR holding a store with exactly those generated customers and nothing of an
  # earlier run: the database as first imported is kept beside it and copied back before every run
  # (a store that grew by each run's interactions made runs drift), the spoken-name cache is kept.
  local work=$1 customers=$2 cp=$3 t0
  export FRONTDOOR_DATA_DIR="$work/data-$customers"
  local pristine="$work/imported-$customers.mv.db"
  if [ ! -f "$pristine" ]; then
    echo "$(basename "$0"): generating and importing $customers customers (first run only)..." >&2
    rm -rf "$FRONTDOOR_DATA_DIR"
    "$JAVA_HOME/bin/java" -cp "$cp" io.frontdoor.ivr.bench.BenchCustomers "$work/customers.csv" "$customers" >&2
    t0=$(date +%s)
    "$(fd_root)/scripts/frontdoor" customers import "$work/customers.csv" >&2
    echo "$(basename "$0"): import took $(( $(date +%s) - t0 )) s" >&2
    cp "$FRONTDOOR_DATA_DIR/frontdoor.mv.db" "$pristine.tmp" && mv "$pristine.tmp" "$pristine"
  fi
  rm -rf "$FRONTDOOR_DATA_DIR"/frontdoor.*.db "$FRONTDOOR_DATA_DIR/spool"
  mkdir -p "$FRONTDOOR_DATA_DIR"
  cp "$pristine" "$FRONTDOOR_DATA_DIR/frontdoor.mv.db"
}
