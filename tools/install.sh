#!/usr/bin/env bash
# Installs every system tool NetnsBdd runs, from Debian/Raspberry Pi OS packages. Run as root (sudo).
# The .NET 10 SDK is expected to be installed already (https://learn.microsoft.com/dotnet/core/install/linux-debian).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo "$0" "$@"
  fi
  echo "tools/install.sh must run as root, and sudo is not installed: run it as root (su -c tools/install.sh)." >&2
  exit 1
fi

packages=(
  sudo          # the README's commands run the suite through sudo, also where the shell is already root
  iproute2      # ip, tc: namespaces, veth, bridges, shaping
  wget          # the clients' download tool
  coreutils     # timeout
  dnsmasq-base  # the lab router's DHCP server (binary only: no system DNS service is started)
  udhcpc        # the clients' DHCP client
  isc-dhcp-client  # the clients' DHCPv6 client (dhclient -6), for "clients that get their IPv6 address by DHCPv6"
  procps        # ps and sysctl
  fonts-dejavu-core  # text in the PNG charts (SkiaSharp finds no font without one)
  iperf3        # benchmark: the lab's physical limit
  nginx-light   # benchmark: reference server for the download server's goodput; the home-router emulation's WAN server
  iputils-ping  # test: the latency probes' idle RTT is checked against ping beside them
  iptables      # tests only: NAT (masquerade, conntrack) in the home-router emulation that CI runs uplink mode against
)

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"

# Debian's nginx and iperf3 packages may start system services; the suite starts its own copies inside its
# namespaces only, so make sure none listens on the host.
for service in nginx iperf3; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    systemctl disable --now "$service" >/dev/null 2>&1 || true
  fi
done
if command -v nginx >/dev/null 2>&1 && pgrep -x nginx >/dev/null 2>&1 && [ -f /run/nginx.pid ]; then
  nginx -s quit 2>/dev/null || true
fi

echo "NetnsBdd system tools installed: ${packages[*]}"
