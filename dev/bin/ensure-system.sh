# Source this file from the repo root: installs the Debian packages Phoenix
# needs when they are missing (as root, or through sudo), then checks Java and
# the Firestore emulator. Pass the commands the caller needs, e.g.
#   phoenix_ensure_system chromium ffmpeg
phoenix_ensure_system() {
  local missing=() command package
  for command in "$@" java; do
    command -v "$command" >/dev/null 2>&1 && continue
    case "$command" in
      chromium) package=chromium ;;
      ffmpeg | ffprobe) package=ffmpeg ;;
      java) package=openjdk-17-jre-headless ;;
      *) package="$command" ;;
    esac
    [[ " ${missing[*]} " == *" $package "* ]] || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local as_root=()
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        as_root=(sudo)
      else
        echo "phoenix: missing Debian packages: ${missing[*]}" >&2
        echo "phoenix: install them with: sudo apt-get install ${missing[*]}" >&2
        return 1
      fi
    fi
    echo "phoenix: installing Debian packages: ${missing[*]}" >&2
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  # Java's version and the Firestore emulator jar; says how to fix either.
  node dev/src/stack/check-prerequisites.ts
}
