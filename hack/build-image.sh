#!/usr/bin/env bash
# Builds the hco-guard OCI image with no container engine, no registry and no base image:
#
#   hack/build-image.sh [jvm|native]     (default jvm)
#
# The layers are plain tar files and the image a hand-written OCI layout (index.json, manifest,
# config, blobs named by their sha256), packed as an oci-archive that `ctr images import`,
# `podman load`, `skopeo copy oci-archive:...` and `docker load` (25+) read:
#
#   layer 1  hack/image/rootfs.sh: jvm: a jlink'ed JRE; native: nothing but what the executable
#            links; both: the shared libraries ldd lists, the loader, /etc/passwd with user 65532
#   layer 2  the application: target/quarkus-app (jvm) or target/*-runner (native)
#
# The image config (user, environment, entrypoint, ports, labels) and the layer list are read from
# the final stage of src/main/docker/Dockerfile.<variant>, so a Docker or podman build of that file
# gives the same image. Tagged with the project version of pom.xml (native: <version>-native).
# The files are reproducible: fixed owner, sorted entries, mtimes from the last commit.
#
# Output (stdout, the last two lines): IMAGE=<reference> and ARCHIVE=<path of the oci-archive>.
#   target/image/<variant>/oci/               the OCI layout
#   target/image/hco-guard-<tag>.oci.tar      the oci-archive
#
# Environment:
#   IMAGE_NAME   repository (default quay.io/hco-guard/hco-guard, the one manifests/ names)
#   IMAGE_TAG    tag (default: the version in pom.xml, with -native for the native variant)
#   RUNNER       native: the executable (default: the one target/*-runner matches)
#   PACKAGE=1    jvm: run ./mvnw package -DskipTests even when target/quarkus-app exists
#   IF_CHANGED=1 keep an existing archive newer than the application, the Dockerfile and the scripts
#   HCO_GUARD_CACHE   where the jlink'ed JRE is kept (default $HOME/.cache/hco-guard)
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${REPO_DIR}"
# shellcheck source=hack/lib/oci.sh
source hack/lib/oci.sh
LOG_TAG=build-image
# shellcheck source=hack/lib/need.sh
source hack/lib/need.sh

VARIANT="${1:-jvm}"
[[ "${VARIANT}" == jvm || "${VARIANT}" == native ]] || die "usage: $0 [jvm|native]"
DOCKERFILE="src/main/docker/Dockerfile.${VARIANT}"
for tool in tar gzip sha256sum jq; do need "${tool}"; done
[[ "${VARIANT}" == native ]] || need strip binutils
START=${SECONDS}

# The project's own <version> (the first one in pom.xml: there is no parent).
VERSION="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | sed -n 1p)"
[[ -n "${VERSION}" ]] || die "no <version> in pom.xml"
IMAGE_NAME="${IMAGE_NAME:-quay.io/hco-guard/hco-guard}"
if [[ -z "${IMAGE_TAG:-}" ]]; then
  IMAGE_TAG="${VERSION}"
  [[ "${VARIANT}" == native ]] && IMAGE_TAG="${VERSION}-native"
fi
IMAGE="${IMAGE_NAME}:${IMAGE_TAG}"
EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"

# ------------------------------------------------------------------ the application
if [[ "${VARIANT}" == jvm ]]; then
  if [[ "${PACKAGE:-0}" == 1 || ! -f target/quarkus-app/quarkus-run.jar ]]; then
    log "packaging the application (./mvnw package -DskipTests)"
    ./mvnw -B -ntp -q package -DskipTests >&2
  fi
else
  if [[ -z "${RUNNER:-}" ]]; then
    shopt -s nullglob
    runners=(target/*-runner)
    shopt -u nullglob
    ((${#runners[@]} == 1)) || die "native: expected one target/*-runner, found ${#runners[@]} (build it, or set RUNNER)"
    RUNNER="${runners[0]}"
  fi
  [[ -x "${RUNNER}" ]] || die "native: ${RUNNER} is not an executable"
fi

ARCHIVE="target/image/hco-guard-${IMAGE_TAG}.oci.tar"
if [[ "${IF_CHANGED:-0}" == 1 && -f "${ARCHIVE}" ]]; then
  APP="target/quarkus-app/quarkus-run.jar"
  [[ "${VARIANT}" == native ]] && APP="${RUNNER}"
  if [[ -z "$(find "${APP}" "${DOCKERFILE}" hack/image/rootfs.sh hack/lib/oci.sh "$0" -newer "${ARCHIVE}" 2>/dev/null)" ]]; then
    log "${IMAGE}: ${ARCHIVE} is up to date"
    echo "IMAGE=${IMAGE}"
    echo "ARCHIVE=${REPO_DIR}/${ARCHIVE}"
    exit 0
  fi
fi

WORK="target/image/${VARIANT}"
rm -rf "${WORK}"
mkdir -p "${WORK}"
ROOTFS="${WORK}/rootfs"
if [[ "${VARIANT}" == jvm ]]; then
  HCO_GUARD_JRE_CACHE="${HCO_GUARD_CACHE:-${HOME}/.cache/hco-guard}/jre" hack/image/rootfs.sh jvm "${ROOTFS}"
else
  hack/image/rootfs.sh native "${ROOTFS}" "${RUNNER}"
fi

# ------------------------------------------------------------------ the Dockerfile's final stage
USER_SPEC="" WORKDIR_SPEC="/" ENTRYPOINT_JSON="null" CMD_JSON="null"
ENV_LIST=() PORTS=() LABELS=() COPIES=()
words() { xargs printf '%s\n' <<<"$1"; }   # splits like a shell, honouring quotes
final=0
while IFS= read -r line || [[ -n "${line}" ]]; do
  if [[ "${line}" =~ ^FROM[[:space:]]+scratch([[:space:]]|$) ]]; then final=1; continue; fi
  [[ "${line}" =~ ^FROM[[:space:]] ]] && { final=0; continue; }
  ((final)) || continue
  [[ "${line}" =~ ^[[:space:]]*(#|$) ]] && continue
  instr="${line%%[[:space:]]*}"
  rest="${line#"${instr}"}"
  rest="${rest#"${rest%%[![:space:]]*}"}"
  case "${instr}" in
    COPY) COPIES+=("${rest}") ;;
    ENV) mapfile -t -O "${#ENV_LIST[@]}" ENV_LIST < <(words "${rest}") ;;
    LABEL) mapfile -t -O "${#LABELS[@]}" LABELS < <(words "${rest}") ;;
    EXPOSE) mapfile -t -O "${#PORTS[@]}" PORTS < <(words "${rest}") ;;
    USER) USER_SPEC="${rest}" ;;
    WORKDIR) WORKDIR_SPEC="${rest}" ;;
    ENTRYPOINT) ENTRYPOINT_JSON="$(jq -ce 'arrays' <<<"${rest}")" || die "${DOCKERFILE}: ENTRYPOINT must be a JSON array" ;;
    CMD) CMD_JSON="$(jq -ce 'arrays' <<<"${rest}")" || die "${DOCKERFILE}: CMD must be a JSON array" ;;
    *) die "${DOCKERFILE}: ${instr} in the final stage is not supported by this script" ;;
  esac
done <"${DOCKERFILE}"
((${#COPIES[@]} > 0)) || die "${DOCKERFILE}: no COPY after FROM scratch"
LABELS+=("org.opencontainers.image.version=${IMAGE_TAG}")

# One layer per COPY: "--from=rootfs /rootfs/ /" is the root filesystem laid out above; any other
# source is a path (or a glob matching one path) of this repository.
oci_begin "${WORK}/oci" "${EPOCH}"
n=0
for copy in "${COPIES[@]}"; do
  n=$((n + 1))
  mapfile -t args < <(words "${copy}")
  ((${#args[@]} == 2 || ${#args[@]} == 3)) || die "${DOCKERFILE}: COPY ${copy}: expected [--from=rootfs] SRC DEST"
  layer_dir="${WORK}/layer${n}"
  mkdir -p "${layer_dir}"
  if [[ "${args[0]}" == --from=rootfs ]]; then
    [[ "${args[1]}" == /rootfs/ && "${args[2]}" == / ]] || die "${DOCKERFILE}: COPY ${copy}: only '/rootfs/ /' is supported from the rootfs stage"
    layer_dir="${ROOTFS}"
  else
    [[ "${args[0]}" != --* ]] || die "${DOCKERFILE}: COPY ${copy}: unsupported option"
    src="${args[0]}" dest="${args[1]}"
    if [[ "${VARIANT}" == native && "${src}" == 'target/*-runner' ]]; then
      src="${RUNNER}"
    fi
    # shellcheck disable=SC2206
    matches=(${src})
    ((${#matches[@]} == 1)) && [[ -e "${matches[0]}" ]] || die "${DOCKERFILE}: COPY ${copy}: '${src}' matches ${#matches[@]} paths"
    if [[ -d "${matches[0]}" ]]; then
      mkdir -p "${layer_dir}${dest}"
      cp -a "${matches[0]}/." "${layer_dir}${dest}"
    else
      mkdir -p "$(dirname "${layer_dir}${dest}")"
      cp -a "${matches[0]}" "${layer_dir}${dest}"
    fi
  fi
  oci_layer "${WORK}/oci" "${layer_dir}" "COPY ${copy}"
  log "layer ${n} (COPY ${copy}): $((OCI_LAST_LAYER_SIZE / 1024 / 1024)) MB compressed"
done

# ------------------------------------------------------------------ config, manifest, index
to_json_array() { if (($# == 0)); then echo '[]'; else printf '%s\n' "$@" | jq -R . | jq -sc .; fi; }
CONFIG="$(jq -nc --arg user "${USER_SPEC}" --arg workdir "${WORKDIR_SPEC}" \
  --argjson env "$(to_json_array "${ENV_LIST[@]}")" \
  --argjson ports "$(to_json_array "${PORTS[@]}")" \
  --argjson labels "$(to_json_array "${LABELS[@]}")" \
  --argjson entrypoint "${ENTRYPOINT_JSON}" --argjson cmd "${CMD_JSON}" \
  '{User: $user, Env: $env, WorkingDir: $workdir,
    ExposedPorts: ($ports | map({key: ., value: {}}) | from_entries),
    Labels: ($labels | map(capture("^(?<key>[^=]+)=(?<value>.*)$")) | from_entries)}
   + (if $entrypoint then {Entrypoint: $entrypoint} else {} end)
   + (if $cmd then {Cmd: $cmd} else {} end)')"
oci_finish "${WORK}/oci" "${IMAGE}" "${CONFIG}"
oci_archive "${WORK}/oci" "${ARCHIVE}"
rm -rf "${WORK}/layer"[0-9]* "${ROOTFS}"
log "${IMAGE} (${VARIANT}, config ${OCI_CONFIG_DIGEST:7:12}): ${ARCHIVE}, $(($(stat -c %s "${ARCHIVE}") / 1024 / 1024)) MB, in $((SECONDS - START))s"
echo "IMAGE=${IMAGE}"
echo "ARCHIVE=${REPO_DIR}/${ARCHIVE}"
