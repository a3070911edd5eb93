# Sourced by the load benchmarks: installs the Debian packages named in "$@" when missing (as root),
# builds the Release site, seeds $listings demo listings into $work/site-$listings.db (once; the path
# is left in $db) and writes the ZIP list the wrk scripts pick from ($ZIPS).
missing=()
for package in "$@"; do
  case "$package" in
    wrk) command -v wrk >/dev/null || missing+=(wrk) ;;
    nginx) [ -x /usr/sbin/nginx ] || missing+=(nginx) ;;
    postgresql) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql) ;;
    postgresql-client) command -v psql >/dev/null || missing+=(postgresql-client) ;;
  esac
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "This benchmark needs: ${missing[*]}.  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

mkdir -p "$work"
dotnet build web -c Release -nologo -clp:ErrorsOnly >/dev/null
db="$work/site-$listings.db"
if [ ! -f "$db" ]; then
  dotnet run -c Release --no-build --project web -- seed-demo --clinics "$listings" --Database:Path="$db" | grep -v '^{'
fi
zcat web/Places/zips.csv.gz | tail -n +2 | cut -d, -f1 > "$work/zips.txt"
export ZIPS="$work/zips.txt"

# Starts the Release site on $url over the prepared database, with any further settings given, and waits until it
# answers; leaves its process id in $pid and stops it when the script exits.
start_server() {
  ASPNETCORE_ENVIRONMENT=Production dotnet web/bin/Release/net10.0/IopFinder.Web.dll --urls "$url" --contentRoot "$PWD/web" \
    --Database:Path="$db" "$@" >"$work/server.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$url/healthz" && break; sleep 0.5; done
}
