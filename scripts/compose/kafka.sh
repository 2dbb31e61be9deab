#!/usr/bin/env bash
# The Kafka security of docker-compose.yml, run inside apache/kafka containers that mount this
# scripts folder at /pgvault/scripts. The same set-up as scripts/infra-up, from scripts/lib.sh:
# SASL/SCRAM-SHA-512 logins, one principal per service with its ACLs, admin only for set-up.
#
#   kafka.sh secrets         (as root) a random password per principal, made once, each in a volume
#                            of its own mounted at $SECRETS/<principal>: admin's for the broker, a
#                            service's as config/application.properties for that service alone
#   kafka.sh broker          write server.properties, format the storage once with the admin's
#                            SCRAM credential, then run the broker
#   kafka.sh health          the broker answers the admin (healthcheck)
#   kafka.sh admin-config F  the admin's client settings into F (0600), for Kafka's tools
#   kafka.sh setup           (as root, after the topics) each service's SCRAM password and ACLs
#
# Passwords go into 0600 files and argument files, never on a command line or into a log.
set -Eeuo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

KAFKA_HOME=${KAFKA_HOME:-/opt/kafka}
SECRETS=${PGVAULT_KAFKA_SECRETS:-/secrets}
ADMIN_PASSWORD_FILE=${PGVAULT_KAFKA_ADMIN_PASSWORD_FILE:-$SECRETS/$KAFKA_ADMIN/password}
DATA=${KAFKA_DATA:-/var/lib/kafka/data}
WORK=${PGVAULT_KAFKA_WORK:-/tmp/pgvault-kafka}
BOOTSTRAP=${PGVAULT_KAFKA_BOOTSTRAP:-kafka:9092}
# The uid services run as in their images (src/main/docker/Dockerfile.jvm).
SERVICE_UID=185
# Written into the data volume once it holds the admin's SCRAM credential: the fingerprint of the
# admin password (a file: Kafka loads only directories there as logs).
SASL_MARKER="$DATA/pgvault-sasl-scram"

private_dir() { (umask 077 && mkdir -p "$1"); }

admin_config() { # file
    (umask 077 && kafka_admin_client_properties "$(<"$ADMIN_PASSWORD_FILE")" >"$1")
}

secrets() {
    local principal dir owner
    for principal in "$KAFKA_ADMIN" "${SERVICES[@]}"; do
        dir="$SECRETS/$principal"
        [[ -d $dir ]] || { echo "no volume mounted at $dir" >&2; exit 1; }
        if [[ $(ensure_password_file "$dir/password") == new ]]; then
            echo "kafka-secrets: new password for $principal"
        fi
        if [[ $principal == "$KAFKA_ADMIN" ]]; then
            owner=$(id -u appuser 2>/dev/null || echo 1000) # the apache/kafka image's user
        else
            owner=$SERVICE_UID
            # Quarkus reads $PWD/config/application.properties; the platform's JAAS line expands this.
            (umask 077 && printf 'PGVAULT_KAFKA_PASSWORD=%s\n' "$(<"$dir/password")" >"$dir/application.properties")
        fi
        chown -R "$owner:0" "$dir"
        chmod 700 "$dir"
        chmod 600 "$dir"/*
    done
}

broker() {
    private_dir "$WORK"
    (
        umask 077
        exec >"$WORK/server.properties"
        cat <<EOF
process.roles=broker,controller
node.id=1
listeners=CLIENT://:9092,CONTROLLER://127.0.0.1:9093
advertised.listeners=CLIENT://$BOOTSTRAP
controller.quorum.bootstrap.servers=127.0.0.1:9093
log.dirs=$DATA
num.partitions=$KAFKA_PARTITIONS
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
EOF
        kafka_security_properties "$(<"$ADMIN_PASSWORD_FILE")"
    )
    if [[ -f $DATA/meta.properties && ! -f $SASL_MARKER ]]; then
        echo "kafka: $DATA is from before SASL/SCRAM: formatting it anew (topics are created again)"
        find "$DATA" -mindepth 1 -delete
    elif [[ -f $DATA/meta.properties && $(<"$SASL_MARKER") != "$(kafka_admin_fingerprint "$ADMIN_PASSWORD_FILE")" ]]; then
        echo "kafka: the admin password changed and $DATA knows only the old one: formatting it anew (topics are created again)"
        find "$DATA" -mindepth 1 -delete
    fi
    if [[ ! -f $DATA/meta.properties ]]; then
        kafka_format_storage "$KAFKA_HOME/libs/*" "$WORK/server.properties" "$ADMIN_PASSWORD_FILE" /dev/stdout
        kafka_admin_fingerprint "$ADMIN_PASSWORD_FILE" >"$SASL_MARKER"
    fi
    admin_config "$WORK/admin.properties"
    exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$WORK/server.properties"
}

health() {
    "$KAFKA_HOME/bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$WORK/admin.properties" \
        --list >/dev/null
}

# Upserts the SCRAM credential of a service from its password file, with Kafka's ConfigCommand
# (what kafka-configs.sh runs) started through an argument file; its output, which may echo the
# password, is shown only on failure and with the password masked.
scram_password() { # service
    local svc=$1 pw out="$WORK/configs.out"
    pw=$(<"$SECRETS/$svc/password")
    (umask 077 && : >"$out")
    if ! java_with_argfile "$WORK/configs.args" -Xmx128m -cp "$KAFKA_HOME/libs/*" kafka.admin.ConfigCommand \
        --bootstrap-server "$BOOTSTRAP" --command-config "$WORK/admin.properties" --alter --entity-type users \
        --entity-name "$svc" --add-config "$KAFKA_MECHANISM=[iterations=8192,password=$pw]" >"$out" 2>&1; then
        sed "s/$pw/<password>/g" "$out" >&2
        rm -f "$out"
        echo "kafka-topics: could not set the SCRAM password of $svc" >&2
        exit 1
    fi
    rm -f "$out"
}

setup() {
    local svc topic
    local -a writes reads
    private_dir "$WORK"
    admin_config "$WORK/admin.properties"
    for svc in "${SERVICES[@]}"; do
        scram_password "$svc"
        writes=()
        for topic in ${KAFKA_WRITES[$svc]}; do writes+=(--topic "$topic"); done
        reads=()
        for topic in ${KAFKA_READS[$svc]}; do reads+=(--topic "$topic"); done
        "$KAFKA_HOME/bin/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$WORK/admin.properties" \
            --add --allow-principal "User:$svc" --operation Write "${writes[@]}" >/dev/null
        "$KAFKA_HOME/bin/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$WORK/admin.properties" \
            --add --allow-principal "User:$svc" --operation Read "${reads[@]}" --group "$svc" >/dev/null
        echo "kafka-topics: $svc logs in with $KAFKA_MECHANISM; writes ${KAFKA_WRITES[$svc]}; reads ${KAFKA_READS[$svc]} in group $svc"
    done
}

case "${1:-}" in
    secrets) secrets ;;
    broker) broker ;;
    health) health ;;
    admin-config) admin_config "${2:?usage: kafka.sh admin-config FILE}" ;;
    setup) setup ;;
    *) echo "usage: kafka.sh secrets|broker|health|admin-config FILE|setup" >&2; exit 2 ;;
esac
