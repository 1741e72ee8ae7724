#!/usr/bin/env bash
# Behind the README's two commands:
#   npm start  -> bash scripts/run.sh demo   (demo Dovecot with the corpus + proxy serving the web app)
#   npm test   -> bash scripts/run.sh test   (every suite: unit, integration against Dovecot, Chromium)
# Both first install whatever a fresh Debian machine with only Node 20 and npm lacks.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: $*. Install them with: sudo apt-get install -y $*" >&2
    exit 1
  fi
  log "apt-get install $*"
  # The package index may be stale or absent on a fresh machine: refresh it once per run.
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_pnpm() {
  if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
    log "installing pnpm $PNPM_VERSION"
    npm install -g --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null
  fi
}

ensure_dovecot() {
  [ -x /usr/sbin/dovecot ] || apt_install dovecot-imapd
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
  # Without CJK and emoji fonts, Chinese and Japanese mail renders as boxes in browser tests and screenshots.
  local fonts=()
  for pkg in fonts-noto-cjk fonts-noto-color-emoji; do
    dpkg -s "$pkg" >/dev/null 2>&1 || fonts+=("$pkg")
  done
  if [ ${#fonts[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then apt_install "${fonts[@]}"; else log "optional fonts missing: ${fonts[*]}"; fi
  fi
}

# Installs Debian packages whose postinst would start a system service (nginx and Caddy on port 80, Postfix on
# port 25), without starting it: a policy-rc.d answering 101 ("forbidden") for the length of the install keeps
# invoke-rc.d from starting anything even without systemd; what started anyway (under systemd) is stopped and
# not started at boot either. The tests only ever run private instances of these on loopback ports.
apt_install_without_starting() {
  [ "$(id -u)" = 0 ] || apt_install "$@" # not root: says what to install and exits
  local policy=/usr/sbin/policy-rc.d saved='' restore
  if [ -e "$policy" ]; then
    saved=$(mktemp)
    cp -p "$policy" "$saved"
  fi
  if [ -n "$saved" ]; then restore="mv -f '$saved' '$policy'"; else restore="rm -f '$policy'"; fi
  # shellcheck disable=SC2064 # expanded now: the locals are gone when an exit runs the trap
  trap "$restore" EXIT
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  apt_install "$@"
  eval "$restore"
  trap - EXIT
  if [ -d /run/systemd/system ]; then
    local package
    for package in "$@"; do systemctl disable --now --quiet "$package" 2>/dev/null || true; done
  fi
}

# Debian's nginx and Caddy, which test/reverse-proxy.test.ts runs as private instances on loopback ports to
# exercise the proxy README's examples.
ensure_reverse_proxies() {
  local missing=()
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ -x /usr/bin/caddy ] || missing+=(caddy)
  [ ${#missing[@]} -gt 0 ] || return 0
  apt_install_without_starting "${missing[@]}"
  # nginx's postinst starts it through invoke-rc.d; the policy above forbids that, this is the safety net.
  if [ ! -d /run/systemd/system ] && [ -s /run/nginx.pid ]; then
    /usr/sbin/nginx -s stop 2>/dev/null || true
  fi
}

# Debian's Postfix, which the testbed runs as a private instance (own config, queue and data directories,
# loopback ports) delivering over LMTP into the testbed's Dovecot (dovecot-lmtpd). "No configuration" leaves
# /etc/postfix/main.cf unwritten, so the system Postfix has nothing to start with; nothing may listen on :25.
ensure_postfix() {
  local missing=()
  [ -x /usr/lib/postfix/sbin/master ] || missing+=(postfix)
  [ -x /usr/lib/dovecot/lmtp ] || missing+=(dovecot-lmtpd)
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" = 0 ]; then
    echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
  fi
  apt_install_without_starting "${missing[@]}"
  if [ ! -d /run/systemd/system ] && [ -s /var/spool/postfix/pid/master.pid ]; then
    /usr/sbin/postfix stop 2>/dev/null || true
  fi
}

install_and_build() {
  log "pnpm install"
  pnpm install --frozen-lockfile --reporter=silent
  log "building the proxy and the web app"
  pnpm --filter @webmail/proxy --filter @webmail/web --reporter=silent build
}

case "${1:-}" in
  demo)
    ensure_pnpm
    ensure_dovecot
    ensure_postfix
    install_and_build
    exec pnpm exec tsx scripts/demo.ts "${@:2}"
    ;;
  test)
    ensure_pnpm
    ensure_dovecot
    ensure_chromium
    ensure_reverse_proxies
    ensure_postfix
    install_and_build
    log "running every test suite"
    mkdir -p test-results
    status=0
    pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "${@:2}" || status=$?
    node scripts/test-summary.mjs test-results/vitest.json || status=1
    exit "$status"
    ;;
  *)
    echo "usage: scripts/run.sh demo|test [args]" >&2
    exit 2
    ;;
esac
