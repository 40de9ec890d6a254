# Shared steps of ./jijiao. Each one says what it does; each checks before it acts:
# found running -> use it; installed but stopped -> start it; missing -> install it (root).

# Any unexpected failure says where it happened instead of ending silently.
trap 'printf "\033[31mjijiao: step failed (%s line %s)\033[0m\n" "${BASH_SOURCE[0]}" "$LINENO" >&2' ERR

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
say()  { printf '    %s\n' "$*"; }
die()  { printf '\033[31mjijiao: %s\033[0m\n' "$*" >&2; exit 1; }

APT_UPDATED=""
apt_install() {
  if ! command -v apt-get >/dev/null; then
    die "cannot install $* (no apt-get). Install it with your package manager and rerun."
  fi
  if [ "$(id -u)" != 0 ]; then
    die "installing $* needs root: run 'sudo apt-get install -y $*' and rerun."
  fi
  if [ -z "$APT_UPDATED" ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || true
    APT_UPDATED=1
  fi
  say "installing $* with apt-get (this may take a minute)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_tools() {
  command -v java >/dev/null || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null || apt_install maven
  command -v curl >/dev/null || apt_install curl
  say "java: $(java -version 2>&1 | head -1)"
  say "maven: $(mvn -v 2>/dev/null | head -1)"
}

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }

ensure_postgres() {
  if pg_up; then
    say "PostgreSQL: running on 127.0.0.1:5432 (using it)"
    return
  fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
    INSTALLED_PG=1
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -1)
  if [ -n "${INSTALLED_PG:-}" ]; then
    # A fresh Debian cluster asks for a password on TCP; the dev setup trusts loopback only.
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    if ! grep -q 'jijiao-dev' "$hba"; then
      sed -i '1i host all all 127.0.0.1/32 trust # jijiao-dev: loopback only, development' "$hba"
      say "PostgreSQL: trusting 127.0.0.1 in $hba (development machine only)"
    fi
  fi
  say "PostgreSQL $version: starting the installed cluster"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || die \
    "could not start PostgreSQL; run: pg_ctlcluster $version main start"
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || die "PostgreSQL did not come up on 127.0.0.1:5432"
  say "PostgreSQL: running"
}

# The given TCP ports that something on this machine already listens on, space-separated.
ports_in_use() {
  local port busy=()
  for port in "$@"; do
    [[ -z "$port" ]] && continue
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      busy+=("$port")
    fi
  done
  echo "${busy[*]}"
}

redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }

ensure_redis() {
  if redis_up; then
    say "Redis: running on 127.0.0.1:6379 (using it)"
    return
  fi
  command -v redis-server >/dev/null || apt_install redis-server
  say "Redis: starting redis-server on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/jijiao.log
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  redis_up || die "Redis did not come up on 127.0.0.1:6379"
  say "Redis: running"
}

# Demo course videos: real H.264/AAC MP4 clips made with ffmpeg, kept out of git.
ensure_media() {
  local dir="${MEDIA_DIR:-data/media}"
  if [ -f "$dir/clip-60.mp4" ] && [ -f "$dir/clip-90.mp4" ] && [ -f "$dir/clip-120.mp4" ]; then
    say "demo videos: present in $dir"
    return
  fi
  command -v ffmpeg >/dev/null || apt_install ffmpeg
  mkdir -p "$dir"
  for seconds in 60 90 120; do
    say "making demo video $dir/clip-$seconds.mp4 (${seconds}s, ffmpeg)"
    ffmpeg -loglevel error -y -f lavfi -i "testsrc=size=640x360:rate=25:duration=$seconds" \
      -f lavfi -i "sine=frequency=440:duration=$seconds" -c:v libx264 -preset veryfast \
      -pix_fmt yuv420p -c:a aac -b:a 64k -movflags +faststart -shortest \
      "$dir/clip-$seconds.mp4"
  done
}

# The load test's heartbeat ceiling phase drives the server with wrk (loadtest/run.sh).
ensure_wrk() {
  command -v wrk >/dev/null || apt_install wrk
  say "wrk: $(wrk -v 2>&1 | head -1)"
}

ensure_node() {
  if ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  say "node: $(node --version), npm: $(npm --version)"
}

# Builds web/dist only when the front-end sources changed since the last build.
ensure_web_build() {
  [ -f web/package.json ] || { say "web: no front-end yet"; return; }
  ensure_node
  local hash
  hash=$(cd web && { find src public index.html admin h5 package.json package-lock.json \
    vite.config.js -type f 2>/dev/null || true; } | sort | xargs sha1sum | sha1sum | cut -c1-40)
  if [ -f web/dist/.source-hash ] && [ "$(cat web/dist/.source-hash)" = "$hash" ]; then
    say "web: dist is up to date"
    return
  fi
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    say "web: installing packages (npm ci, about a minute the first time)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  fi
  say "web: building (vite)"
  (cd web && npm run --silent build)
  echo "$hash" > web/dist/.source-hash
}

build_server() {
  step "building the server (maven)"
  mvn -q -B -DskipTests package || die "the build failed"
  say "built target/jijiao.jar"
}

wait_ready() {
  local url="$1" pid="$2" limit="$3"
  for _ in $(seq 1 "$limit"); do
    if curl -fs "$url/health/ready" >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || die "the server stopped during start-up (see the lines above)"
    sleep 1
  done
  die "the server did not become ready within ${limit}s"
}

print_welcome() {
  local url="$1"
  step "Jijiao is running: $url"
  cat <<TXT
    teacher portal   $url/
    admin console    $url/admin/
    WeChat H5 pages  $url/h5/
    health, metrics  $url/health/ready  $url/metrics

    Demo accounts (password Jijiao@2026 for all of them):
      TEACHER            220102198503120019
      SCHOOL_ADMIN       220102197806150018
      DISTRICT_ADMIN     220102197509010019
      CITY_ADMIN         220100197202020017
      INSTITUTION_ADMIN  220100198011030014
      HR_ADMIN           220100197604040010
      SYS_ADMIN          220100198307050014
      COURSE_LEAD        220100197908060010
      TUTOR              220100196910070010
    Generated teachers use Teacher@2026 and must change it at first login (not when the
    city was first seeded with SEED_FORCE_PASSWORD_CHANGE=false, as the load test wants).
TXT
  local sample
  sample="$(psql -h 127.0.0.1 -U postgres -d "${PG_DATABASE:-jijiao}" -Atc "select a.id_number
      from account a join account_role r on r.account_id = a.id and r.role = 'TEACHER'
      where a.id > 100 order by a.id limit 1" 2>/dev/null || true)"
  if [[ -n "$sample" ]]; then
    say "  one of them: $sample (ID numbers are masked in the admin console)"
  fi
  say "Stop with Ctrl-C (progress is flushed before the server exits)."
}

# Debian's Chromium for the browser tests (this machine cannot download browsers), and CJK
# fonts so screenshots show Chinese instead of boxes.
ensure_chromium() {
  if ! command -v chromium >/dev/null; then
    apt_install chromium
  fi
  if ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
    apt_install fonts-noto-cjk
  fi
  say "chromium: $(chromium --version 2>/dev/null | head -1)"
}
