#!/bin/busybox sh
# /init of the guest's initramfs (see ../bin/java): mount the host root read-only over 9p, the share (the
# repository, or the directory a user's own project runs in) read-write at its own path, load sctp, then run the
# command the host wrote into the run directory with its stdin/stdout on the virtio-serial port. Everything the
# guest prints goes to the console log, never to the port.
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $(cat /mods/order); do insmod /mods/$m.ko || echo "sctp-vm guest: insmod $m failed"; done

arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p"; }
share=$(arg sctpvm.share); run=$(arg sctpvm.run)

fail() { echo "sctp-vm guest: $*"; poweroff -f; }
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 hostroot /newroot || fail "cannot mount the host root"
mount -t devtmpfs dev /newroot/dev
mount -t tmpfs -o size=1g tmp /newroot/tmp
# After the tmpfs: a share below the host's /tmp is mounted over the guest's own /tmp, and seen there.
mkdir -p /newroot$share 2>/dev/null
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 share /newroot$share || fail "cannot mount $share"

# The port appears once virtio_console has probed; give it a moment.
i=0; port=""
while [ -z "$port" ] && [ $i -lt 50 ]; do port=$(ls /dev/vport*p1 2>/dev/null | head -1); [ -z "$port" ] && sleep 0.1; i=$((i+1)); done
[ -n "$port" ] || fail "no virtio-serial port"

chroot /newroot /bin/sh -c '
  mount -t proc proc /proc; mount -t sysfs sys /sys
  mkdir -p /dev/shm /dev/pts; mount -t tmpfs shm /dev/shm
  modprobe sctp || echo "sctp-vm guest: modprobe sctp failed"
  ip link set lo up
  grep "^SCTP" /proc/net/protocols >/dev/null && echo "sctp-vm guest: kernel $(uname -r) SCTP loaded"
  exec 3<>"$1"
  # The JVM calls available() on stdin, which a virtio port answers with ESPIPE: feed stdin through a fifo,
  # and do not wait for that feeder once the command is done (the host may never close its stdin).
  mkfifo /tmp/sctp-vm-stdin
  cat <&3 > /tmp/sctp-vm-stdin &
  sh "$2/cmd.sh" < /tmp/sctp-vm-stdin >&3 2>>"$2/stderr.log"
  echo $? > "$2/exit"
  kill $! 2>/dev/null
' sctp-vm "$port" "$run"
sync
poweroff -f
