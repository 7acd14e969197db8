#!/usr/bin/env bash
# Lays out the runtime root filesystem of the hco-guard image in OUT, from the machine's own files:
# nothing is downloaded and there is no base image. Shared by hack/build-image.sh and the
# Dockerfiles in src/main/docker, so both build the same image.
#
#   hack/image/rootfs.sh jvm OUT            a JRE cut to the modules hco-guard uses (jlink) in /opt/java
#   hack/image/rootfs.sh native OUT RUNNER  what the native executable RUNNER needs (not RUNNER itself)
#
# Then, for either: the shared libraries `ldd` lists for every executable and library in OUT
# (glibc, libz, ...), the dynamic loader, /etc/passwd and /etc/group with the non-root user
# 65532 (nonroot, as distroless images have), /etc/nsswitch.conf, and /tmp. No shell, no package
# manager, no other program. The application itself is the image's second layer, not part of OUT.
#
# Environment: JAVA_HOME (the JDK whose jlink builds the JRE; default: the one jlink on PATH
# belongs to), HCO_GUARD_JRE_CACHE (a directory to keep built JREs in, keyed by JDK version and
# module list; unset: no cache).
set -euo pipefail

log() { printf '[image-rootfs] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

VARIANT="${1:-}"
OUT="${2:-}"
[[ -n "${OUT}" ]] || die "usage: $0 jvm|native OUT [RUNNER]"
mkdir -p "${OUT}"
OUT="$(cd "${OUT}" && pwd)"

# What jdeps finds in target/quarkus-app (per jar: jdeps --print-module-deps --ignore-missing-deps
# --multi-release 17), less jdk.compiler (only vertx-codegen's annotation processor wants it), plus
# the providers jdeps cannot see: jdk.crypto.ec (TLS with ECDSA keys and ECDHE) and jdk.zipfs.
# jlink adds what these require (java.xml for java.sql, ...).
JRE_MODULES="java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.sql,jdk.crypto.ec,jdk.management,jdk.unsupported,jdk.zipfs"

jre() {
  local jdk="${JAVA_HOME:-}"
  if [[ -z "${jdk}" ]]; then
    command -v jlink >/dev/null || die "jlink not found: install a JDK 17 (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
    jdk="$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")"
  fi
  [[ -x "${jdk}/bin/jlink" ]] || die "no jlink in ${jdk}"
  command -v strip >/dev/null || die "strip not found (apt-get install binutils)"
  local version key cached
  version="$("${jdk}/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
  key="${version}-$(printf '%s' "${JRE_MODULES}" | sha256sum | cut -c1-12)"
  if [[ -n "${HCO_GUARD_JRE_CACHE:-}" && -x "${HCO_GUARD_JRE_CACHE}/${key}/bin/java" ]]; then
    cached="${HCO_GUARD_JRE_CACHE}/${key}"
    log "JRE ${version} (cached ${cached})"
  else
    local tmp
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/hco-guard-jre.XXXXXX")"
    # --compress=2: zip-compressed modules image; stripped of debug data, man pages and headers.
    "${jdk}/bin/jlink" --add-modules "${JRE_MODULES}" --strip-debug --no-man-pages --no-header-files \
      --compress=2 --output "${tmp}/jre"
    # Debian links the JDK's CA store to /etc/ssl/certs/java/cacerts: take the file, not the link.
    if [[ -L "${tmp}/jre/lib/security/cacerts" ]]; then
      cp --remove-destination "$(readlink -f "${jdk}/lib/security/cacerts")" "${tmp}/jre/lib/security/cacerts"
    fi
    # java.desktop is there for java.beans; its AWT, font, image and sound libraries (which would
    # pull in X11, freetype and more) are never loaded by a headless service.
    rm -f "${tmp}"/jre/lib/lib{awt,awt_headless,awt_xawt,fontmanager,javajpeg,jawt,jsound,lcms,mlib_image,splashscreen}.so
    # Debian's libjvm.so keeps its symbol table (about 3 MB); the JVM does not need it.
    find "${tmp}/jre" -name '*.so' -exec strip --strip-unneeded {} +
    log "JRE ${version} linked: $(du -sh "${tmp}/jre" | cut -f1)"
    if [[ -n "${HCO_GUARD_JRE_CACHE:-}" ]]; then
      mkdir -p "${HCO_GUARD_JRE_CACHE}"
      # Rename into place: a concurrent build either finds the whole JRE or builds its own.
      mv -T "${tmp}/jre" "${HCO_GUARD_JRE_CACHE}/${key}" 2>/dev/null || true
      rm -rf "${tmp}"
      cached="${HCO_GUARD_JRE_CACHE}/${key}"
    else
      cached="${tmp}/jre"
    fi
  fi
  mkdir -p "${OUT}/opt"
  rm -rf "${OUT}/opt/java"
  cp -a "${cached}" "${OUT}/opt/java"
  [[ -n "${HCO_GUARD_JRE_CACHE:-}" ]] || rm -rf "$(dirname "${cached}")"
}

is_elf() { [[ -f "$1" && "$(head -c 4 "$1" | od -An -c | tr -d ' ')" == '177ELF' ]]; }

# Copies every shared library the ELF files in OUT need, at the path the loader finds it on this
# machine (glibc's loader searches /lib/<triplet> and /usr/lib/<triplet> by default).
shared_libraries() {
  local f lib interp
  declare -A seen=()
  while IFS= read -r -d '' f; do
    is_elf "${f}" || continue
    while read -r lib; do
      [[ -n "${lib}" && -z "${seen[${lib}]:-}" ]] || continue
      seen[${lib}]=1
      # Libraries inside OUT (libjvm.so found through the launcher's $ORIGIN path) are there already.
      [[ "${lib}" == "${OUT}"/* ]] && continue
      mkdir -p "${OUT}$(dirname "${lib}")"
      cp -L "${lib}" "${OUT}${lib}"
    done < <(ldd "${f}" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\) (.*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p')
  done < <(find "${OUT}" -type f \( -perm -u+x -o -name '*.so*' \) -print0)
  # The loader itself, at the path the executables name (PT_INTERP), e.g. /lib64/ld-linux-x86-64.so.2.
  for f in "${!seen[@]}"; do
    if [[ "$(basename "${f}")" == ld-linux* ]]; then interp="${f}"; fi
  done
  [[ -n "${interp:-}" ]] || die "no dynamic loader among the libraries of ${OUT}"
  log "shared libraries: $(printf '%s\n' "${!seen[@]}" | sort | xargs -n1 basename | tr '\n' ' ')"
}

etc_files() {
  mkdir -p "${OUT}/etc" "${OUT}/tmp" "${OUT}/home/nonroot"
  chmod 1777 "${OUT}/tmp"
  printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"${OUT}/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nonroot:x:65532:' >"${OUT}/etc/group"
  # Without it glibc asks DNS before /etc/hosts (the kubelet writes the pod's own name there).
  printf '%s\n' 'hosts: files dns' 'passwd: files' 'group: files' >"${OUT}/etc/nsswitch.conf"
}

case "${VARIANT}" in
  jvm) jre ;;
  native)
    RUNNER="${3:-}"
    [[ -f "${RUNNER}" ]] || die "native: no executable '${RUNNER}'"
    # Laid in OUT for ldd and taken out again: the executable is the image's second layer.
    install -m 0755 "${RUNNER}" "${OUT}/.runner"
    ;;
  *) die "usage: $0 jvm|native OUT [RUNNER]" ;;
esac
shared_libraries
rm -f "${OUT}/.runner"
etc_files
log "${VARIANT} root filesystem in ${OUT}: $(du -sh "${OUT}" | cut -f1)"
