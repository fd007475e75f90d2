#!/bin/sh
# Runs "$@" in its own network namespace (started by `unshare -n` from home_link.mjs) whose
# kernel buffers are those of a home uplink rather than of loopback.
#
# Why: a browser counts a request body's bytes as sent when the kernel takes them. On this
# machine's loopback a connection's send buffer grows to 4 MiB (net.ipv4.tcp_wmem), and Linux
# wakes a blocked writer only when a third of it is free: every browser then reports upload
# progress in 1.4 MiB steps, about 3.3 a second on a 40 Mbit/s link however often it would
# report otherwise. On a real 40 Mbit/s, 30 ms uplink the buffer follows the link (~150 KiB).
# tcp_wmem is per namespace, so the machine's own setting is untouched.
set -eu
ip link set lo up
# An interface besides loopback, with a default route: with loopback alone Chromium and
# WebKit consider themselves offline (navigator.onLine is false) and the element would wait
# for the network. Nothing is sent over it: every test server is on 127.0.0.1.
ip link add home0 type veth peer name home1
ip addr add 192.0.2.10/24 dev home0
ip link set home0 up
ip link set home1 up
ip route add default via 192.0.2.1 dev home0 onlink
echo "4096 16384 262144" > /proc/sys/net/ipv4/tcp_wmem
exec "$@"
