# Sourced by .ci/vendors and .ci/run: `vendor_specs DIR` prints, one per line, every spec of
# the vendor corpus in DIR (../shared/specs/vendors): the single files, and the root documents
# of the multi-file trees as its MANIFEST.md lists them (digitalocean's, the three matrix
# roots, the 36 opensearch namespaces).
vendor_specs() {
  local dir=$1
  shopt -s nullglob
  printf '%s\n' "$dir"/*.yaml "$dir"/*.yml "$dir"/*.json \
    "$dir"/digitalocean/specification/DigitalOcean-public.v2.yaml \
    "$dir"/matrix/data/api/client-server/{content-repo,authed-content-repo,sync}.yaml \
    "$dir"/opensearch/spec/namespaces/*.yaml
  shopt -u nullglob
}
