#!/usr/bin/env bash
# Start a throwaway Redis on loopback (port $1, default 56379); prints its URL.
set -euo pipefail
port="${1:-56379}"
if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --logfile "/tmp/gophergate-redis-$port.log" >/dev/null
  for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
echo "redis://127.0.0.1:$port"
