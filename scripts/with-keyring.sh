#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so
# tests use the real OS keychain (Secret Service) on Linux without a desktop session.
# The keyring files go to a temporary folder, never the user's own keyrings.
set -euo pipefail
if [ "${PATCHBAY_KEYRING_READY:-}" = 1 ] || [ "$(uname)" != Linux ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "No private keyring: install dbus and gnome-keyring (see README) for the keychain tests." >&2
  exec "$@"
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home" XDG_RUNTIME_DIR="$keyring_home"
# The bus daemon's own start-up notes ("Failed to set fd limit…") mean nothing to the
# person who typed npm start: it runs through a wrapper that drops its stderr only.
printf '#!/bin/sh\nexec dbus-daemon "$@" 2>/dev/null\n' >"$keyring_home/quiet-dbus-daemon"
chmod +x "$keyring_home/quiet-dbus-daemon"
dbus-run-session --dbus-daemon="$keyring_home/quiet-dbus-daemon" -- bash -c '
  printf "patchbay-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  export PATCHBAY_KEYRING_READY=1
  "$@"
' bash "$@"
