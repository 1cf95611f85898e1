# Sourced by .ci/vendors and .ci/prism/conform: `crate_name SPEC` prints the crate name of a
# spec: the tree's name for roots of multi-file specs (matrix-sync, opensearch-indices), else
# the file stem; kebab-case, starting with a letter.
crate_name() {
  local spec=$1 stem tree=""
  stem=$(basename "$spec" | sed -E 's/\.[a-z]+$//')
  case "$spec" in
    */matrix/*) tree=matrix- ;;
    */opensearch/*) tree=opensearch- ;;
    */digitalocean/*) tree=""; stem=digitalocean ;;
  esac
  printf '%s%s' "$tree" "$stem" | tr 'A-Z_.' 'a-z--' | sed -E 's/[^a-z0-9-]+/-/g; s/-+/-/g; s/^-//; s/-$//; s/^([^a-z])/spec-\1/'
}
