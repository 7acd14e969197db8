# shellcheck shell=bash
# need COMMAND [DEBIAN_PACKAGE]: installs a missing tool with apt-get (as root, where apt-get
# exists), else stops with what to install. need_package PACKAGE installs one unconditionally.
# shellcheck source=hack/lib/log.sh
source "$(dirname "${BASH_SOURCE[0]}")/log.sh"
need() {
  command -v "$1" >/dev/null 2>&1 || need_package "${2:-$1}"
}

need_package() {
  local pkg="$1"
  [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1 || die "${pkg} is required (apt-get install ${pkg})"
  log "installing ${pkg} with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkg}" >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkg}" >/dev/null; } \
    || die "cannot install ${pkg}"
}
