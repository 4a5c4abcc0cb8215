#!/usr/bin/env bash
# One command from a fresh clone to a running platform: dependencies, Postgres, Kafka, the build, migrations,
# seed data (546 Pemda, the frameworks), a mail catcher, every service of services/catalogue.json.
# Safe to run again: what runs is reused (after a code change, `npm run down` first: services run
# from the build in dist/app). `npm run up -- --prometheus` also starts Prometheus (Debian's
# package) scraping every service with the alert rules of deploy/prometheus. Beside another
# platform: the port and folder variables of services.sh (README.md, "A second platform").
set -euo pipefail
with_prometheus=false
for arg in "$@"; do
  case "$arg" in
    --prometheus) with_prometheus=true ;;
    *) echo "Unknown option $arg (known: --prometheus)" >&2; exit 2 ;;
  esac
done
source "$(dirname "$0")/node-env.sh"
source "$(dirname "$0")/services.sh"
cd "$repo_root"

echo "[1/6] PostgreSQL"
# The database of DATABASE_URL (the administrator's URL; default .../mcp) is created if missing.
bash deploy/local/postgres.sh "$(sed -E 's#^.*/([^/?]+)(\?.*)?$#\1#' <<<"$admin_database_url")"
echo "[2/6] Kafka, and Keycloak in the background (the identity provider; its first start takes minutes)"
bash deploy/local/kafka/kafka.sh start
# Every upload is scanned before it is kept: our own clamd on 127.0.0.1:3310 (deploy/local/clamav.sh).
bash deploy/local/clamav.sh start
mkdir -p "$log_dir"
bash deploy/local/keycloak/keycloak.sh start >"$log_dir/keycloak-start.log" 2>&1 &
keycloak_start=$!
# The services trust the local Keycloak's realm and, in development, the development key beside it
# (docs/decisions.md #42); they fetch its keys at the first token, so they may start before it.
keycloak_url="http://127.0.0.1:${KEYCLOAK_PORT:-8080}"
export AUTH_ISSUER="${AUTH_ISSUER:-$keycloak_url/realms/mcp}"
export AUTH_JWKS_URL="${AUTH_JWKS_URL:-$keycloak_url/realms/mcp/protocol/openid-connect/certs}"
# The portal signs people in there (authorization code + PKCE, client mcp-portal; decisions #63).
export PORTAL_OIDC_ISSUER="${PORTAL_OIDC_ISSUER:-$keycloak_url/realms/mcp}"
# Built every time (about a second for the services), so what runs is what the tree holds, started
# as the images start it: quicker and smaller than compiling at run time (bench/results/startup.json).
echo "[3/6] Build: the portal's web app (Vite, dist/portal-web), then every service (SWC, dist/app)"
# Built beside the last build and swapped in, so a portal already serving dist/portal-web (a second
# platform's, or the tests' browsers) never reads a half-emptied folder.
vite build --config services/portal/web/vite.config.mts --logLevel warn --outDir "$repo_root/dist/portal-web.next-$$"
if [[ -d dist/portal-web ]]; then mv dist/portal-web "dist/portal-web.old-$$"; fi
mv "dist/portal-web.next-$$" dist/portal-web
rm -rf "dist/portal-web.old-$$"
node build/build-services.mjs
echo "[4/6] Database roles and audit schema (as the administrator), Kafka topics and ACLs (as admin, from the contracts), then migrations and seed data (each service as its own role)"
node dist/app/libs/service-runtime/src/cli/prepare-database.js --database-url "$admin_database_url"
admin_database_url=$(prefer_local_socket "$admin_database_url")
KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD="$(kafka_password admin)" node dist/app/libs/service-runtime/src/cli/provision-kafka.js
for name in "${SERVICES[@]}"; do DATABASE_URL=$(service_database_url "$name") node "dist/app/services/$name/src/main.js" migrate; done
echo "[5/6] Mail catcher and services"
start_mail_catcher
for name in "${SERVICES[@]}"; do start_service "$name"; done
echo "[6/6] Waiting until every service is ready (Postgres and Kafka reachable)"
for name in "${SERVICES[@]}"; do wait_until_ready "$name"; echo "  $name ready"; done
echo "  waiting for Keycloak (log: $log_dir/keycloak-start.log)"
wait "$keycloak_start" || { cat "$log_dir/keycloak-start.log" >&2; exit 1; }
prometheus_line=""
if [[ $with_prometheus == true ]]; then
  bash deploy/local/prometheus.sh start
  prometheus_line=$'\n'"  Prometheus     http://127.0.0.1:${PROMETHEUS_PORT:-9090} (alerts: /alerts; npm run down stops it)"
fi

echo
echo "MCP platform is running."
echo
echo "  Open the portal:  http://127.0.0.1:${SERVICE_PORT[portal]}"
echo "  (development sign-in: choose a role, and a Pemda or wilayah; README.md \"Sign in as each role\")"
echo
printf '  %-14s %-24s %s\n' service API "OpenAPI docs"
for name in "${SERVICES[@]}"; do
  url="http://127.0.0.1:${SERVICE_PORT[$name]}"
  printf '  %-14s %-24s %s\n' "$name" "$url" "$url/docs"
done
cat <<TEXT
  Kafka          $KAFKA_BROKERS, SASL/SCRAM-SHA-512 (log: $local_dir/kafka/broker.log; passwords: $local_dir/kafka/credentials.properties)
  Keycloak       $keycloak_url (realm mcp: $keycloak_url/realms/mcp; admin console $keycloak_url/admin, admin/admin;
                 sample users and OTP: deploy/keycloak/README.md; log: $local_dir/keycloak/keycloak.log)
  clamd          127.0.0.1:$CLAMD_PORT (the project's EICAR test signatures only, $local_dir/clamav; production runs freshclam)
  PostgreSQL     $admin_database_url (one schema per service, each owned by its role mcp_<service>)
  Audit log      schema audit; check its chain with: npm run -s audit:verify -- --database-url '$admin_database_url'
  Mail catcher   smtp://127.0.0.1:${MAIL_CATCHER_PORT}: every e-mail sent is a file in $mail_dir/*.eml
  Logs           $log_dir/<service>.log
  Metrics        http://127.0.0.1:<port>/metrics on every service (no token)${prometheus_line}

A token for a role:   npm run -s token -- --role pemda-operator --pemda 32.73
The whole flow by hand is in README.md ("Try the flow"). Stop everything with: npm run down
TEXT
