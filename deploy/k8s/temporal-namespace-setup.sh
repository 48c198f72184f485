#!/bin/sh
# Makes a Temporal namespace ready for sync-engine, idempotently: creates the namespace when it is
# missing and registers the custom search attributes the workflows set
# (workflows/shared/search-attributes.ts). Runs in the temporalio/admin-tools image, from
# docker-compose.yml and from deploy/k8s/temporal-setup-job.yaml.
#
#   TEMPORAL_ADDRESS              frontend host:port (required)
#   TEMPORAL_NAMESPACE            namespace to prepare (default: default)
#   TEMPORAL_NAMESPACE_RETENTION  retention of a namespace this creates (default: 7d)
#   SEARCH_ATTRIBUTES             space-separated Name=Type pairs, e.g. "OrgId=Keyword Entity=Keyword"
# The temporal CLI also reads its own variables (TEMPORAL_API_KEY, TEMPORAL_TLS_*, …) for clusters
# that require authentication.
set -eu

: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS to the Temporal frontend (host:port)}"
: "${SEARCH_ATTRIBUTES:?set SEARCH_ATTRIBUTES to Name=Type pairs}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention="${TEMPORAL_NAMESPACE_RETENTION:-7d}"

# The CLI's gRPC client also asks DNS for SRV and TXT records, which Docker's embedded DNS can leave
# unanswered until every call times out. Over plaintext an IP address is equivalent to the name, so
# use one; with TLS or an API key, keep the name that the certificate is checked against.
if ! env | grep -qE '^TEMPORAL_(API_KEY|TLS)'; then
  host="${TEMPORAL_ADDRESS%:*}"
  ip="$(getent hosts "$host" | awk '{ print $1; exit }')" || ip=''
  case "$ip" in
    '') ;;
    *:*) TEMPORAL_ADDRESS="[$ip]:${TEMPORAL_ADDRESS##*:}" ;;
    *) TEMPORAL_ADDRESS="$ip:${TEMPORAL_ADDRESS##*:}" ;;
  esac
fi
export TEMPORAL_ADDRESS

# Runs a command until it succeeds, at most 60 times 2 s apart: a server that has just started
# answers before it is healthy, and a new namespace takes a few seconds to reach every service.
retry() {
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge 60 ]; then
      echo "gave up after $attempt attempts: $*" >&2
      return 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

# Each step checks before it changes anything, so a retried or repeated run converges.
namespace_ready() {
  temporal operator namespace describe --namespace "$namespace" >/dev/null 2>&1 ||
    temporal operator namespace create --namespace "$namespace" --retention "$retention"
}
search_attribute_ready() {
  temporal operator search-attribute list --namespace "$namespace" | grep -qw -- "$1" ||
    temporal operator search-attribute create --namespace "$namespace" --name "$1" --type "$2"
}

retry temporal operator cluster health
retry namespace_ready
echo "namespace $namespace is ready"
for pair in $SEARCH_ATTRIBUTES; do
  retry search_attribute_ready "${pair%%=*}" "${pair#*=}"
  echo "search attribute $pair is registered"
done
