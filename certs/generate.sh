#!/usr/bin/env bash
# Makes a private CA and a serving certificate for hco-guard, then prints the base64 CA bundle
# that goes into the webhook configurations' caBundle. Keys stay in the output folder, which git
# ignores: they are generated on each machine, never committed.
#
#   certs/generate.sh [--out DIR] [--namespace NS] [--service NAME] [--days N] [--force]
#
# Output: DIR/ca.crt, DIR/ca.key, DIR/tls.crt, DIR/tls.key (default DIR: certs/out), and
# DIR/ca-bundle.env (caBundle=<base64 CA>), which the self-signed kustomize overlay reads.
# An existing CA is reused (so a rotated serving certificate stays trusted) unless --force.
set -euo pipefail

out="$(cd "$(dirname "$0")" && pwd)/out"
namespace="hco-guard"
service="hco-guard"
days=365
force=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --namespace) namespace="$2"; shift 2 ;;
    --service) service="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    --force) force=true; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done

command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }
mkdir -p "$out"
umask 077

if [[ "$force" == true || ! -s "$out/ca.key" || ! -s "$out/ca.crt" ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -keyout "$out/ca.key" -out "$out/ca.crt" -subj "/CN=hco-guard-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

# The serving certificate is written beside its final name and renamed into place, key first, so
# a running webhook that reloads mid-way never pairs a new certificate with an old key for long.
tmp="$(mktemp -d "$out/.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
sans="DNS:${service},DNS:${service}.${namespace},DNS:${service}.${namespace}.svc,DNS:${service}.${namespace}.svc.cluster.local,DNS:localhost,IP:127.0.0.1,IP:::1"
openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$tmp/tls.key" -out "$tmp/tls.csr" \
  -subj "/CN=${service}.${namespace}.svc" 2>/dev/null
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=CA:FALSE\n' "$sans" > "$tmp/ext.cnf"
openssl x509 -req -in "$tmp/tls.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial \
  -days "$days" -sha256 -extfile "$tmp/ext.cnf" -out "$tmp/tls.crt" 2>/dev/null
chmod 644 "$tmp/tls.crt" "$out/ca.crt"
chmod 600 "$tmp/tls.key"
mv -f "$tmp/tls.key" "$out/tls.key"
mv -f "$tmp/tls.crt" "$out/tls.crt"
rm -f "$out/ca.srl"
# kustomize cannot base64-encode a file itself: the overlay reads the bundle from this env file.
ca_bundle="$(base64 -w0 < "$out/ca.crt")"
printf 'caBundle=%s\n' "$ca_bundle" > "$tmp/ca-bundle.env"
chmod 644 "$tmp/ca-bundle.env"
mv -f "$tmp/ca-bundle.env" "$out/ca-bundle.env"

echo "wrote $out/{ca.crt,ca.key,tls.crt,tls.key,ca-bundle.env} (SANs: ${sans//,/ })" >&2
echo "$ca_bundle"
