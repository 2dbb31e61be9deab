# shellcheck shell=bash disable=SC2034 # the settings below are used by the scripts sourcing this
# Helpers shared by the scripts in this folder. Sourced, never run on its own.
#
# Every process these scripts start is found again by its pid file under .infra/run and, should
# that file be lost, by its command line, which always names an absolute path inside this clone.
# Nothing is ever stopped by a process name alone, so another checkout's broker or services (or a
# Kafka somebody runs by hand) are never touched.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INFRA_DIR="$ROOT/.infra"
RUN_DIR="$INFRA_DIR/run"
LOG_DIR="$INFRA_DIR/logs"
KAFKA_DIR="$INFRA_DIR/kafka"

PG_HOST=127.0.0.1
PG_PORT=${PGVAULT_DB_PORT:-5432}
PG_ROLE=${PGVAULT_DB_USER:-pgvault}
PG_ROLE_PASSWORD=${PGVAULT_DB_PASSWORD:-pgvault}
PG_DATABASES=(pgvault_instance pgvault_job pgvault_retention)
PG_VERSION=15

KAFKA_HOST=127.0.0.1
KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093
KAFKA_TOPICS=(instance-commands job-events retention-events
              instance-commands.dlq job-events.dlq retention-events.dlq)
KAFKA_PARTITIONS=3
KAFKA_CLASSPATH_FILE="$ROOT/kafka-broker/target/kafka-classpath.txt"
# Kafka security: clients log in with SASL/SCRAM, one principal per service (named after it) and
# admin, the super user of the set-up tools only. What each service may do (the broker denies the
# rest): write the topics in KAFKA_WRITES (its own, and the dead-letter topics of what it consumes),
# read those in KAFKA_READS (what it consumes, and its own topic's dead letters, which it replays), in the
# consumer group named after it. test-infra's KafkaAccess holds
# the same table (KafkaAccessTest compares them); docker-compose sources this file for it.
KAFKA_ADMIN=admin
KAFKA_MECHANISM=SCRAM-SHA-512
declare -A KAFKA_WRITES=(
    [instance-service]="instance-commands job-events.dlq retention-events.dlq"
    [job-service]="job-events instance-commands.dlq retention-events.dlq"
    [retention-service]="retention-events instance-commands.dlq job-events.dlq"
)
declare -A KAFKA_READS=(
    [instance-service]="job-events retention-events instance-commands.dlq"
    [job-service]="instance-commands retention-events job-events.dlq"
    [retention-service]="instance-commands job-events retention-events.dlq"
)
# One password per principal, generated once: kafka-<principal>.password (folder 0700, files 0600).
KAFKA_SECRETS_DIR="$INFRA_DIR/secrets"
kafka_password_file() { printf '%s/kafka-%s.password' "$KAFKA_SECRETS_DIR" "$1"; }

# The recovery-point store: s3proxy (filesystem backend under .infra/s3) on 127.0.0.1:9000, run from the
# jar the s3-server module resolves. Real credentials: access key S3_ACCESS_KEY, secret generated once in
# .infra/secrets/s3.secret. The bucket is a directory of the backend, made when missing.
S3_HOST=127.0.0.1
S3_PORT=${PGVAULT_S3_PORT:-9000}
S3_DIR="$INFRA_DIR/s3"
S3_BUCKET=pgvault
S3_ACCESS_KEY=pgvault
S3_SECRET_FILE="$INFRA_DIR/secrets/s3.secret"
S3_CLASSPATH_FILE="$ROOT/s3-server/target/s3proxy-classpath.txt"

SERVICES=(instance-service job-service retention-service)
declare -A SERVICE_PORT=([instance-service]=8081 [job-service]=8082 [retention-service]=8083)
# The console: the product's one URL (pages, and /api/v1/** forwarded to the owning service). It
# talks HTTP only (no Kafka principal, no database), so it is not one of SERVICES.
CONSOLE=console
CONSOLE_PORT=${PGVAULT_CONSOLE_PORT:-8080}

# ---- output ---------------------------------------------------------------------------------

say() { printf '%s\n' "$*"; }
step() { printf '  %-11s %s\n' "$1" "$2"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
# One line saying what went wrong and what to do; never a stack trace.
die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}
# Installed with `trap on_unexpected_error ERR` (and set -E): a command failed that no check
# anticipated. Names the script, line and command so the one line is enough to act on.
on_unexpected_error() {
    local rc=$? line=${BASH_LINENO[0]} cmd=$BASH_COMMAND
    trap - ERR
    printf 'ERROR: %s failed at line %s (exit %s): %s\n       Logs are in %s; run it again after fixing the cause.\n' \
        "$(basename "$0")" "$line" "$rc" "$cmd" "${LOG_DIR#"$ROOT"/}" >&2
    exit "$rc"
}

rel() { printf '%s' "${1#"$ROOT"/}"; }

# Milliseconds since the epoch, for timings, without forking `date`.
now_ms() {
    local t=${EPOCHREALTIME/./}
    printf '%s' $((t / 1000))
}
elapsed() { # start_ms -> "1.234 s"
    local ms=$(($(now_ms) - $1))
    printf '%d.%01d s' $((ms / 1000)) $((ms % 1000 / 100))
}

# ---- privileges -----------------------------------------------------------------------------

is_root() { [[ $(id -u) == 0 ]]; }
have() { command -v "$1" >/dev/null 2>&1; }
can_sudo() { have sudo && sudo -n true 2>/dev/null; }

as_root() {
    if is_root; then
        "$@"
    elif can_sudo; then
        sudo -n "$@"
    else
        return 126
    fi
}

# Installs Debian packages; apt-get update only when the first attempt fails (stale lists).
apt_install() {
    local log="$LOG_DIR/apt.log"
    mkdir -p "$LOG_DIR"
    if ! is_root && ! can_sudo; then
        die "need root to install $*: run 'sudo apt-get install -y --no-install-recommends $*', then run $(basename "$0") again"
    fi
    have apt-get || die "apt-get not found: install $* with your package manager, then run $(basename "$0") again"
    step apt "installing $* (log: $(rel "$log"))"
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$log" 2>&1; then
        step apt "install failed; running apt-get update and trying again"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update >>"$log" 2>&1 || true
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$log" 2>&1 ||
            die "apt-get install $* failed: see $(rel "$log")"
    fi
}

# ---- processes and ports --------------------------------------------------------------------

# True when pid names a live process (a zombie does not count: it has already exited).
pid_alive() {
    local pid=${1:-} stat
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    IFS= read -r stat 2>/dev/null <"/proc/$pid/stat" || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]]
}

read_pid() { # pidfile -> pid or empty
    local pid=""
    [[ -f $1 ]] && IFS= read -r pid 2>/dev/null <"$1"
    printf '%s' "$pid"
}

cmdline_of() { # pid -> command line with spaces between arguments
    local -a args=()
    mapfile -d "" args 2>/dev/null <"/proc/$1/cmdline" || true
    printf '%s' "${args[*]}"
}

# Live pids whose command line contains every given string (use absolute paths in this clone).
find_pids() {
    local dir pid line s match
    local -a args
    for dir in /proc/[0-9]*; do
        pid=${dir#/proc/}
        [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
        args=()
        mapfile -d "" args 2>/dev/null <"$dir/cmdline" || continue
        line="${args[*]}"
        [[ $line == *java* ]] || continue
        match=1
        for s in "$@"; do
            [[ $line == *"$s"* ]] || { match=0; break; }
        done
        ((match)) && pid_alive "$pid" && printf '%s\n' "$pid"
    done
    return 0
}

# Something accepts TCP connections on host:port.
port_open() {
    # shellcheck disable=SC2016 # $0 and $1 belong to the inner shell
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# Who listens on a port, for error messages (best effort: ss may be missing).
port_owner() {
    local out=""
    if have ss; then
        out=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n1 |
            sed -E 's/^users:\(\("([^"]*)",pid=([0-9]+).*/\1 (pid \2)/' || true)
    fi
    printf '%s' "${out:-another process}"
}

# TERM, wait up to timeout_s, then KILL. Returns once the process is gone.
stop_pid() { # pid name timeout_s
    local pid=$1 name=$2 timeout_s=$3 waited=0
    pid_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while pid_alive "$pid" && ((waited < timeout_s * 10)); do
        sleep 0.1
        waited=$((waited + 1))
    done
    if pid_alive "$pid"; then
        warn "$name (pid $pid) still running after ${timeout_s} s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        while pid_alive "$pid"; do sleep 0.1; done
    fi
}

# Starts a command detached from this terminal (its own session, so Ctrl-C here or closing the
# terminal leaves it running), output to logfile. The process itself writes its pid, so the pid
# file is right even where setsid has to fork.
start_detached() { # pidfile logfile command...
    local pidfile=$1 log=$2 waited=0
    shift 2
    rm -f "$pidfile"
    # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$log" 2>&1 </dev/null &
    while [[ ! -s $pidfile ]] && ((waited < 50)); do
        sleep 0.1
        waited=$((waited + 1))
    done
    [[ -s $pidfile ]] || die "could not start $1 (no pid written): see $(rel "$log")"
}

# Keeps the previous log as <name>.log.1 so each start begins with a clean file.
rotate_log() {
    [[ -f $1 ]] && mv -f "$1" "$1.1"
    : >"$1"
}

# Last ERROR-ish line of a log, shortened, for one-line failure messages.
last_error_line() {
    local line
    line=$(grep -E 'ERROR|FATAL|Exception|Error:' "$1" 2>/dev/null | grep -v '^\s*at ' | tail -n1 || true)
    printf '%s' "${line:0:240}"
}

# ---- secrets --------------------------------------------------------------------------------

# A random password (32 letters and digits: safe inside JAAS quotes and config expressions).
random_password() {
    local pw=""
    while ((${#pw} < 32)); do
        pw+=$(head -c 48 /dev/urandom | tr -dc 'A-Za-z0-9')
    done
    printf '%s' "${pw:0:32}"
}

# Creates the file with a new random password unless it already holds one; owner-only (0600) from
# the start. Prints "new" when it made one.
ensure_password_file() { # file
    [[ -s $1 ]] && return 0
    (umask 077 && random_password >"$1.tmp" && mv -f "$1.tmp" "$1")
    printf 'new'
}

# ---- Kafka ----------------------------------------------------------------------------------
# Shared by scripts/infra-up (the local broker) and scripts/compose/kafka.sh (docker-compose's).

# What `kafka.tools.StorageTool random-uuid` prints (16 random bytes, URL-safe base64 without
# padding, never starting with '-'), without the seconds of CPU a second JVM start costs.
random_kafka_uuid() {
    local id
    while :; do
        id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
        [[ $id == -* || ${#id} != 22 ]] || break
    done
    printf '%s' "$id"
}

# The security part of a single-node KRaft server.properties (print it into a 0600 file: it holds
# the admin's password). Clients reach listener CLIENT with SASL/SCRAM and get only their ACLs; the
# controller listener is SASL/PLAIN with the broker itself, as admin, its one user (SCRAM
# credentials live in the metadata the controller serves, so it cannot use them itself).
kafka_security_properties() { # admin-password
    local pw=$1 scram_jaas plain_jaas
    scram_jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$KAFKA_ADMIN\" password=\"$pw\";"
    plain_jaas="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$KAFKA_ADMIN\" password=\"$pw\" user_$KAFKA_ADMIN=\"$pw\";"
    cat <<EOF
listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=CLIENT
controller.listener.names=CONTROLLER
sasl.mechanism.inter.broker.protocol=$KAFKA_MECHANISM
listener.name.client.sasl.enabled.mechanisms=$KAFKA_MECHANISM
listener.name.client.${KAFKA_MECHANISM,,}.sasl.jaas.config=$scram_jaas
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=$plain_jaas
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:$KAFKA_ADMIN
allow.everyone.if.no.acl.found=false
auto.create.topics.enable=false
EOF
}

# Client settings of the admin, for Kafka's command-line tools (--command-config; a 0600 file).
kafka_admin_client_properties() { # admin-password
    cat <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=$KAFKA_MECHANISM
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN" password="$1";
EOF
}

# What the storage's marker file records of the admin password it was formatted with (a digest of
# a random password: it reveals nothing), so a changed password is noticed before the broker
# refuses it.
kafka_admin_fingerprint() { # admin-password-file
    local sum
    sum=$(sha256sum <"$1")
    printf '%s' "${sum%% *}"
}

# Runs java with its arguments in an argument file (0600, removed after): an argument that holds a
# password never shows on a command line (`ps`). The JVM expands "@file" itself.
java_with_argfile() { # argfile java-arguments...
    local file=$1 arg rc=0
    shift
    (
        umask 077
        for arg in "$@"; do
            arg=${arg//\\/\\\\}
            printf '"%s"\n' "${arg//\"/\\\"}"
        done >"$file"
    )
    java "@$file" || rc=$?
    rm -f "$file"
    return "$rc"
}

# Formats a single-node KRaft storage with the admin's SCRAM credential in its bootstrap metadata,
# so the broker accepts the admin from its first second. The tool's echo of the bootstrap records
# (derived keys) is left out of the log.
kafka_format_storage() { # classpath server.properties admin-password-file log [java options...]
    local cp=$1 props=$2 pwfile=$3 log=$4 dir out rc=0
    shift 4
    dir=$(dirname "$props")
    out="$dir/format.out"
    (umask 077 && : >"$out")
    java_with_argfile "$dir/format.args" "$@" -cp "$cp" kafka.tools.StorageTool format --standalone \
        -t "$(random_kafka_uuid)" -c "$props" \
        --add-scram "$KAFKA_MECHANISM=[name=$KAFKA_ADMIN,password=$(<"$pwfile")]" >"$out" 2>&1 || rc=$?
    grep -v '^Bootstrap metadata:' "$out" >>"$log" || true
    rm -f "$out"
    return "$rc"
}

# ---- HTTP -----------------------------------------------------------------------------------

# HTTP status code of a GET (000 when nothing answers). curl when present, else bash's /dev/tcp,
# so a minimal machine without curl works too.
http_status() { # url
    local url=$1
    if have curl; then
        curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" 2>/dev/null || true
        return 0
    fi
    local rest=${url#http://} hostport path host port
    hostport=${rest%%/*}
    path=/${rest#*/}
    host=${hostport%%:*}
    port=${hostport##*:}
    # shellcheck disable=SC2016
    timeout 6 bash -c '
        exec 3<>"/dev/tcp/$0/$1" || exit 1
        printf "GET %s HTTP/1.0\r\nHost: %s:%s\r\nConnection: close\r\n\r\n" "$2" "$0" "$1" >&3
        IFS=" " read -r _ code _ <&3 && printf "%s" "$code"' "$host" "$port" "$path" 2>/dev/null || printf '000'
}
