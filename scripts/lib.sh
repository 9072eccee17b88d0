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
