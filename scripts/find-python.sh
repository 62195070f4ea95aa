#!/usr/bin/env bash
# Print the Python interpreter to build the virtual environment with: the version named in
# .python-version (through pyenv when present), else python3.13 or python3.12 on PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

supported() {
    "$1" -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 13), (3, 12)))' 2>/dev/null
}

if command -v pyenv >/dev/null 2>&1; then
    candidate="$(pyenv which python 2>/dev/null || true)"
    if [ -n "$candidate" ] && supported "$candidate"; then
        echo "$candidate"
        exit 0
    fi
fi
for name in python3.13 python3.12; do
    if command -v "$name" >/dev/null 2>&1 && supported "$name"; then
        command -v "$name"
        exit 0
    fi
done
echo "Python 3.13 (or 3.12) is needed and neither was found." >&2
echo "Install it (pyenv install 3.13, or your system's python3.13 package with venv)" >&2
echo "and run make again." >&2
exit 1
