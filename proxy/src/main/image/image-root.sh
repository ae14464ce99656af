#!/usr/bin/env bash
# image-root.sh: the container image's file system beside the application — a jlink'd Java runtime, the C
# libraries it and Netty's native transport need, a static busybox for /bin/sh (the in-image launcher and the
# Kubernetes hooks are shell scripts), /tmp, and a passwd entry for the non-root user. Built from this machine's
# JDK and libraries, so no base image has to be pulled from a registry.
# Usage: image-root.sh OUT_DIR
set -euo pipefail
out="$1"
rm -rf "$out"
mkdir -p "$out"

# The modules jdeps finds in the proxy and its libraries, plus the EC ciphers (TLS on the JDK engine), XML and
# logging (logback's configuration).
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml
modules=$modules,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.unsupported
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/opt/java"

# Every shared library the runtime's binaries and libraries load, and the dynamic loader, at their own paths.
# Netty's natives (unpacked into /tmp at run time) need libc, libdl, librt and libpthread, which the runtime brings.
copy_deps() {
  ldd "$1" 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*' || true
}
{
  copy_deps "$out/opt/java/bin/java"
  # The proxy runs headless: the AWT, font, image and sound libraries of java.desktop (java.beans is what it
  # uses of that module) are never loaded, so their X11 and font dependencies stay out.
  find "$out/opt/java/lib" -name '*.so' -not -name 'libawt*' -not -name 'libfontmanager*' -not -name 'libjawt*' \
    -not -name 'libjavajpeg*' -not -name 'liblcms*' -not -name 'libmlib*' -not -name 'libsplashscreen*' \
    -not -name 'libjsound*' -print0 | while IFS= read -r -d '' so; do copy_deps "$so"; done
  for lib in libpthread.so.0 librt.so.1 libdl.so.2; do
    ldconfig -p | grep -oE "/[^ ]*/$lib\$" | head -1
  done
} | sort -u | while read -r lib; do
  case "$lib" in "$out"*) continue ;; esac
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done

busybox=$(command -v busybox || true)
linkage=$( [ -n "$busybox" ] && ldd "$busybox" 2>&1 || true)
if [ -z "$busybox" ] || [[ "$linkage" != *"not a dynamic executable"* ]]; then
  echo "image-root.sh: a statically linked busybox is needed for /bin/sh (Debian: apt-get install busybox-static)" >&2
  exit 1
fi
mkdir -p "$out/bin"
# busybox picks its applet by the name it is run as: sh for the scripts, sleep for the preStop hook's wait.
cp -L "$busybox" "$out/bin/sh"
cp -L "$busybox" "$out/bin/sleep"

mkdir -p "$out/tmp" "$out/etc"
chmod 1777 "$out/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnonroot:x:65532:65532:nonroot:/home/nonroot:/bin/sh\n' >"$out/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$out/etc/group"
echo "image-root.sh: $(du -sh "$out" | cut -f1) in $out"
