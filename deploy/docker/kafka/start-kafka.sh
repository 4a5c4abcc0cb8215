#!/usr/bin/env bash
# docker-compose's broker (apache/kafka image): the same security as deploy/local/kafka/kafka.sh.
# Clients authenticate with SASL/SCRAM-SHA-512 (users written into the metadata at format time,
# from KAFKA_SCRAM_USERS="name=password ..."), ACLs deny by default (StandardAuthorizer; the rules
# come from the contracts through the kafka-provision service), `admin` is the super user, and the
# controller listener takes a PLAIN login of its own (KRaft cannot check SCRAM there).
set -euo pipefail
: "${KAFKA_SCRAM_USERS:?KAFKA_SCRAM_USERS must list name=password pairs}"
: "${KAFKA_CONTROLLER_PASSWORD:?KAFKA_CONTROLLER_PASSWORD must be set}"
admin_password=""
for pair in $KAFKA_SCRAM_USERS; do [[ "${pair%%=*}" == admin ]] && admin_password="${pair#*=}"; done
[[ -n "$admin_password" ]] || { echo "KAFKA_SCRAM_USERS has no admin=<password>" >&2; exit 1; }

props=/tmp/server.properties
cat >"$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
listeners=INTERNAL://:9092,CONTROLLER://:9093,EXTERNAL://:29092
advertised.listeners=INTERNAL://kafka:9092,EXTERNAL://localhost:29092
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_password";
# Every SASL listener needs a JAAS context of its own, even one that only checks SCRAM logins:
# without it the broker stops at start with "Could not find a 'KafkaServer' or 'external.KafkaServer' entry".
listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$KAFKA_CONTROLLER_PASSWORD" user_controller="$KAFKA_CONTROLLER_PASSWORD";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin;User:controller
allow.everyone.if.no.acl.found=false
log.dirs=/var/lib/kafka/data
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
PROPS

# For the health check and for debugging from inside the container (kafka-topics.sh --command-config).
cat >/tmp/admin.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_password";
PROPS

if [[ ! -f /var/lib/kafka/data/meta.properties ]]; then
  scram=()
  for pair in $KAFKA_SCRAM_USERS; do scram+=(--add-scram "SCRAM-SHA-512=[name=${pair%%=*},password=${pair#*=}]"); done
  /opt/kafka/bin/kafka-storage.sh format -t "$CLUSTER_ID" -c "$props" "${scram[@]}"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$props"
