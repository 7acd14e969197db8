#!/usr/bin/env bash
# Builds hco-guard's native executable, target/<artifact>-<version>-runner. Prints two lines on stdout:
# GRAALVM_HOME=<the toolchain it used>, then the executable's path.
#
#   - With a GraalVM or Mandrel that Quarkus builds with (23.1 or later; 25 recommended) in GRAALVM_HOME or
#     native-image on the PATH: Quarkus' standard build, ./mvnw package -Dnative (production builds).
#   - Otherwise with the native-kit (NATIVE_KIT, default ../shared/native-kit): its toolchain is built once
#     into ~/.cache/native-kit (about 5-12 minutes, root the first time for apt-get), then its
#     quarkus-native.sh builds the executable (README "Native executable" says what the kit does not cover).
#
# Cached: an executable built from the same pom.xml, .mvn/, src/main/ and toolchain is reused from
# ~/.cache/hco-guard/native/<key>/ (a native build takes 8-11 minutes and about 5 GB on 2 cores).
#
# Environment:
#   GRAALVM_HOME     a GraalVM/Mandrel to build with (else native-image on the PATH, else the kit)
#   NATIVE_KIT       the native-kit directory (default ../shared/native-kit, beside the clone)
#   NI_XMX           the kit's builder heap (its default 5g)
#   FORCE_REBUILD=1  ignore the cache
set -euo pipefail
cd "$(dirname "$0")/.."

LOG_TAG=build-native
# shellcheck source=hack/lib/log.sh
source hack/lib/log.sh

# Whether this native-image is one Quarkus builds with (23.1 or later). Old releases print their own
# version (Mandrel "native-image 23.0.5.0-Final ...", GraalVM "GraalVM 22.3.0 ..."); since 23.1 the first
# line carries the JDK's (GraalVM for JDK 21 is 23.1), and so does the kit's "native-image 17.0.19 (native-kit...)".
supported() {
  local first
  first=$("$1" --version 2>/dev/null | sed -n 1p) || return 1   # sed reads all: no SIGPIPE
  if [[ "$first" =~ ^native-image\ ([0-9]+)\.([0-9]+)\.[0-9.]+-Final ]] || [[ "$first" =~ ^GraalVM\ ([0-9]+)\.([0-9]+) ]]; then
    ((BASH_REMATCH[1] > 23 || (BASH_REMATCH[1] == 23 && BASH_REMATCH[2] >= 1)))
  elif [[ "$first" =~ ^native-image\ ([0-9]+)\. ]]; then
    ((BASH_REMATCH[1] >= 21))
  else
    return 1
  fi
}

home="" how=kit
for ni in "${GRAALVM_HOME:-/nonexistent}/bin/native-image" "$(command -v native-image || true)"; do
  if [[ -x "$ni" ]] && supported "$ni"; then
    home=$(dirname "$(dirname "$(readlink -f "$ni")")")
    how=graalvm
    break
  fi
done
if [[ "$how" == kit ]]; then
  NATIVE_KIT=$(readlink -f "${NATIVE_KIT:-../shared/native-kit}")
  [[ -f "$NATIVE_KIT/build-toolchain.sh" ]] \
    || die "no GraalVM/Mandrel >= 23.1 (GRAALVM_HOME, PATH) and no native-kit at $NATIVE_KIT"
  log "no GraalVM/Mandrel >= 23.1 here: building with the native-kit at $NATIVE_KIT"
  home=$(bash "$NATIVE_KIT/build-toolchain.sh")
fi

key=$( { find pom.xml .mvn src/main -type f -print0 | sort -z | xargs -0 sha256sum
         "$home/bin/native-image" --version 2>/dev/null
         [[ "$how" == graalvm ]] || (cd "$NATIVE_KIT" && find . -type f -print0 | sort -z | xargs -0 sha256sum); } \
       | sha256sum | cut -c1-16)
cache="$HOME/.cache/hco-guard/native/$key"
rm -f target/*-runner
if [[ "${FORCE_REBUILD:-0}" != 1 ]] && compgen -G "$cache/*-runner" >/dev/null; then
  log "reusing the executable built from the same sources and toolchain ($cache)"
  mkdir -p target && cp "$cache"/*-runner target/
else
  timed=()
  [[ -x /usr/bin/time ]] && timed=(/usr/bin/time -f "[build-native] build: %e s wall, peak RSS of the largest process %M KB")
  if [[ "$how" == graalvm ]]; then
    log "./mvnw package -Dnative with $home"
    GRAALVM_HOME="$home" "${timed[@]}" ./mvnw -B -ntp package -Dnative -DskipTests >&2
  else
    "${timed[@]}" bash "$NATIVE_KIT/quarkus-native.sh" . -ntp >/dev/null
  fi
  runner=$(compgen -G "target/*-runner") || die "the build left no target/*-runner"
  mkdir -p "$cache.tmp" && cp "$runner" "$cache.tmp/" && rm -rf "$cache" && mv "$cache.tmp" "$cache"
fi
runner=$(readlink -f "$(compgen -G "target/*-runner")")
log "$runner: $(du -m "$runner" | cut -f1) MB, built with $("$home/bin/native-image" --version 2>/dev/null | sed -n 1p)"
echo "GRAALVM_HOME=$home"
echo "$runner"
