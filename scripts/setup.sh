#!/usr/bin/env bash
# One-command set-up: install dependencies, make sure a browser exists, build the English edition.
# Used by `npm run setup` (README) and by .ci/run (which then runs the tests instead of building).
set -euo pipefail
cd "$(dirname "$0")/.."

PUPPETEER_CACHE="${PUPPETEER_CACHE_DIR:-$HOME/.cache/puppeteer}"

have_browser() {
  [ -n "${BRIEFING_BROWSER:-}" ] && [ -x "${BRIEFING_BROWSER}" ] && return 0
  for b in /usr/bin/chromium-headless-shell /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
    [ -x "$b" ] && return 0
  done
  ls "$PUPPETEER_CACHE"/chrome*/*/chrome-*/chrome* >/dev/null 2>&1
}

# Chromium's headless shell prints the same pages as Chromium, starts and prints faster (src/print/chromium.ts).
have_headless_shell() {
  [ -n "${BRIEFING_BROWSER:-}" ] && return 0
  [ -x /usr/bin/chromium-headless-shell ] && return 0
  ls "$PUPPETEER_CACHE"/chrome-headless-shell/*/chrome-headless-shell-*/chrome-headless-shell* >/dev/null 2>&1
}

install_system_packages() {
  # Debian/Ubuntu: Chromium's headless shell to print, poppler-utils and qpdf as the tests' PDF oracles.
  local missing=()
  have_headless_shell || missing+=(chromium-headless-shell)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  command -v qpdf >/dev/null || missing+=(qpdf)
  command -v msgfmt >/dev/null || missing+=(gettext) # msgfmt --check on exported PO files
  command -v po2xliff >/dev/null || missing+=(translate-toolkit) # a CAT-tool round trip in the import tests
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v apt-get >/dev/null; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]} with apt-get"
    $sudo apt-get update -qq
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; then
      # A distribution without the headless shell package: full Chromium prints the same pages.
      local others=()
      for p in "${missing[@]}"; do [ "$p" = chromium-headless-shell ] || others+=("$p"); done
      have_browser || others+=(chromium)
      [ ${#others[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${others[@]}" >/dev/null
    fi
  else
    echo "setup: please install: ${missing[*]} (no apt-get here)" >&2
  fi
}

# The Word edition's tests (tests/e2e/docx.test.ts) read the .docx with independent readers:
# LibreOffice headless (opens it and converts it to PDF; its Math module reads the equations) and
# python-docx (headings, notes, tables). From Debian without recommends (about 210 MB); python-docx
# from PyPI when python3 is not Debian's own.
install_word_readers() {
  local missing=()
  command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui libreoffice-math-nogui)
  python3 -c 'import docx' 2>/dev/null || missing+=(python3-docx)
  if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null; then
      local sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo"
      echo "setup: installing ${missing[*]} with apt-get (for the Word edition's tests)"
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "setup: please install: ${missing[*]} (the Word edition's tests need them; no apt-get here)" >&2
    fi
  fi
  python3 -c 'import docx' 2>/dev/null || python3 -m pip install -q python-docx
}

# veraPDF, the reference PDF/A and PDF/UA validator, proves the PDF editions in the tests
# (tests/support/verapdf.ts): its CLI jar from Maven Central, kept outside the repository. Skipped when
# the jar is there already. Needs Java (17+) and Maven, from Debian when missing.
VERAPDF_VERSION=1.28.2
VERAPDF_DIR="${BRIEFING_VERAPDF_DIR:-$HOME/.cache/briefing/verapdf}"
install_verapdf() {
  local jar="$VERAPDF_DIR/greenfield-apps-$VERAPDF_VERSION.jar"
  [ -f "$jar" ] && return 0
  local missing=()
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null; then
      local sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo"
      echo "setup: installing ${missing[*]} with apt-get (for veraPDF)"
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "setup: please install: ${missing[*]} (veraPDF needs them; no apt-get here)" >&2
      return 1
    fi
  fi
  echo "setup: fetching veraPDF $VERAPDF_VERSION (org.verapdf.apps:greenfield-apps) with Maven"
  mkdir -p "$VERAPDF_DIR"
  mvn -q -B dependency:copy -Dartifact="org.verapdf.apps:greenfield-apps:$VERAPDF_VERSION" \
    -DoutputDirectory="$VERAPDF_DIR" -Dmdep.overWriteReleases=true
  [ -f "$jar" ]
}

install_system_packages
install_verapdf
install_word_readers
if have_browser; then export PUPPETEER_SKIP_DOWNLOAD=true; fi
npm ci --no-audit --no-fund
# npm 11 asks before running dependencies' install scripts, so puppeteer's postinstall (which downloads
# its Chrome) may not have run: fetch that Chrome explicitly when no browser exists yet.
if ! have_browser; then
  echo "setup: no Chromium or Chrome found; installing puppeteer's chrome-headless-shell"
  npx --no-install puppeteer browsers install chrome-headless-shell || {
    echo "setup: could not get a browser: install Chromium (apt-get install chromium-headless-shell) or set BRIEFING_BROWSER" >&2
    exit 1
  }
fi
if [ "${1:-}" != "--no-build" ]; then
  node bin/briefing.js build
fi
