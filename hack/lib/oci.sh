# shellcheck shell=bash
# Writes OCI image layouts with tar, gzip, sha256sum and jq: no container engine, no registry.
# Used by hack/build-image.sh (the hco-guard image) and hack/start-cluster.sh (the pause image).
#
#   oci_begin LAYOUT EPOCH            start an image in directory LAYOUT (mtimes and dates from EPOCH)
#   oci_layer LAYOUT DIR CREATED_BY   add DIR's content as the next layer
#   oci_finish LAYOUT IMAGE CONFIG    CONFIG: the JSON of the image config's "config" object;
#                                     writes config, manifest, index.json (named IMAGE) and oci-layout
#   oci_archive LAYOUT FILE           pack the layout as an oci-archive (a tar of the layout)
# Layers are reproducible: sorted entries, owner 0:0, fixed mtimes, gzip without a name or time.

oci_arch() {
  case "$(uname -m)" in
    x86_64) echo amd64 ;;
    aarch64) echo arm64 ;;
    *) uname -m ;;
  esac
}

oci_begin() {
  rm -rf "$1"
  mkdir -p "$1/blobs/sha256"
  OCI_EPOCH="$2"
  OCI_DIFF_IDS=() OCI_LAYERS=() OCI_HISTORY=()
}

_oci_date() { date -u -d "@${OCI_EPOCH}" +%Y-%m-%dT%H:%M:%SZ; }

# Moves FILE into the blobs, named by its digest; prints "sha256:<hex> <size>".
_oci_blob() {
  local layout="$1" file="$2" hex size
  hex="$(sha256sum "${file}" | cut -d' ' -f1)"
  size="$(stat -c %s "${file}")"
  mv "${file}" "${layout}/blobs/sha256/${hex}"
  echo "sha256:${hex} ${size}"
}

oci_layer() {
  local layout="$1" dir="$2" created_by="$3" tar="$1/layer.tar" diff_id digest size
  # The layer's root entry becomes the container's /: it must not keep mktemp's 0700.
  chmod 0755 "${dir}"
  tar -C "${dir}" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${OCI_EPOCH}" \
    --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -cf "${tar}" .
  diff_id="sha256:$(sha256sum "${tar}" | cut -d' ' -f1)"
  gzip -n -6 -f "${tar}"
  read -r digest size < <(_oci_blob "${layout}" "${tar}.gz")
  OCI_DIFF_IDS+=("${diff_id}")
  OCI_LAYERS+=("$(jq -nc --arg d "${digest}" --argjson s "${size}" \
    '{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $d, size: $s}')")
  OCI_HISTORY+=("$(jq -nc --arg c "${created_by}" --arg t "$(_oci_date)" '{created: $t, created_by: $c}')")
  OCI_LAST_LAYER_SIZE="${size}"
}

oci_finish() {
  local layout="$1" image="$2" config="$3" tag="${2##*:}" cd cs md ms
  jq -nc --arg created "$(_oci_date)" --arg arch "$(oci_arch)" --argjson config "${config}" \
    --argjson diffs "$(printf '%s\n' "${OCI_DIFF_IDS[@]}" | jq -R . | jq -sc .)" \
    --argjson history "$(printf '%s\n' "${OCI_HISTORY[@]}" | jq -sc .)" \
    '{created: $created, architecture: $arch, os: "linux", config: $config,
      rootfs: {type: "layers", diff_ids: $diffs}, history: $history}' >"${layout}/config.json"
  read -r cd cs < <(_oci_blob "${layout}" "${layout}/config.json")
  jq -nc --arg cd "${cd}" --argjson cs "${cs}" --argjson layers "$(printf '%s\n' "${OCI_LAYERS[@]}" | jq -sc .)" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
      layers: $layers}' >"${layout}/manifest.json"
  read -r md ms < <(_oci_blob "${layout}" "${layout}/manifest.json")
  # io.containerd.image.name: the full reference `ctr images import` names the image by;
  # org.opencontainers.image.ref.name: the tag, as podman and skopeo read an oci-archive.
  jq -nc --arg md "${md}" --argjson ms "${ms}" --arg image "${image}" --arg tag "${tag}" --arg arch "$(oci_arch)" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $md, size: $ms,
                   platform: {architecture: $arch, os: "linux"},
                   annotations: {"io.containerd.image.name": $image, "org.opencontainers.image.ref.name": $tag}}]}' \
    >"${layout}/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"${layout}/oci-layout"
  OCI_CONFIG_DIGEST="${cd}"
}

oci_archive() {
  tar -C "$1" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${OCI_EPOCH}" \
    -cf "$2.tmp" oci-layout index.json blobs
  mv "$2.tmp" "$2"
}
