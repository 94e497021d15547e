#!/usr/bin/env bash
# Makes sure RabbitMQ (127.0.0.1:5672) and Redis (127.0.0.1:6379) answer, starting them where this
# machine has them installed and installing them from Debian's packages where it does not.
# Usage: bin/ensure-services.sh [--no-install]
set -euo pipefail

install_ok=1
[ "${1:-}" = "--no-install" ] && install_ok=0

say() { printf '[services] %s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port seconds
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    port_open "$1" && return 0
    sleep 0.25
  done
  return 1
}

apt_install() {
  if [ "$install_ok" = 0 ]; then
    say "$1 is not installed; install it (apt-get install $1) and retry"
    exit 1
  fi
  say "installing $1 from Debian's packages"
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null; }
  else
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null
  fi
}

ensure_redis() {
  if command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
    return 0
  fi
  port_open 6379 && return 0
  command -v redis-server >/dev/null || apt_install redis-server
  say "starting redis-server on 127.0.0.1:6379 (no persistence)"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "$( [ -w /var/lib/redis ] && echo /var/lib/redis || echo /tmp )" \
    --logfile "$( [ -w /var/log/redis ] && echo /var/log/redis/ci.log || echo /tmp/redis-ci.log )" >/dev/null
  wait_port 6379 30 || { say "redis did not come up on 6379"; exit 1; }
}

ensure_rabbitmq() {
  if port_open 5672; then
    return 0
  fi
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  say "starting rabbitmq-server (detached)"
  rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_port 5672 120 || { say "rabbitmq did not come up on 5672"; exit 1; }
  # the AMQP port opens before the broker accepts logins; give it a moment
  if command -v rabbitmqctl >/dev/null; then
    for _ in $(seq 1 60); do rabbitmqctl -q status >/dev/null 2>&1 && break; sleep 1; done
  fi
}

# The database telemetry ITs start private PostgreSQL and MariaDB servers from this machine's binaries
# (installed here when missing), and SharedServersTelemetryIT samples the machine's own servers on 5432
# and 3306 (started here when installed but down; their trust/empty-password set-up is the machine's).
ensure_databases() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server
  if ! port_open 5432 && command -v pg_ctlcluster >/dev/null; then
    local v
    v="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)"
    if [ -n "$v" ]; then
      say "starting PostgreSQL $v (cluster main)"
      pg_ctlcluster --skip-systemctl-redirect "$v" main start >/dev/null 2>&1 || say "PostgreSQL $v did not start"
    fi
  fi
  if ! port_open 3306 && [ -x /usr/sbin/mariadbd ] && command -v start-stop-daemon >/dev/null; then
    say "starting MariaDB"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1 || say "MariaDB did not start"
    wait_port 3306 30 || say "MariaDB is not answering on 3306"
  fi
}

ensure_redis
ensure_rabbitmq
ensure_databases
say "RabbitMQ 127.0.0.1:5672 and Redis 127.0.0.1:6379 are up"
