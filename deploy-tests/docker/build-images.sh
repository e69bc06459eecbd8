#!/usr/bin/env bash
# Builds the docker test images from this machine's own JDK 17 (no registry is needed or reached):
#   cutover-test/jre            a base image: a jlinked JRE (or the whole JDK) and the .so files it needs
#   cutover-test/demo:v1..v9    the demo app; VERSION baked in per tag; v1 has no HEALTHCHECK, the
#                               others one that passes
#   cutover-test/demo:unhealthy the demo app with a HEALTHCHECK that always fails
#   cutover-test/gateway-base   a base for the Cutover image (src/main/docker/Dockerfile.jvm): a
#                               JRE of every JDK module, bash, coreutils and awk
# Usage: deploy-tests/docker/build-images.sh   (needs a running engine: docker info)
set -euo pipefail
export DOCKER_BUILDKIT=0 # the classic builder: no buildx plugin needed
cd "$(dirname "$0")/../.."

JDK=${CUTOVER_TEST_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
work=$(mktemp -d /tmp/cutover-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The base: a small JRE, since the vfs storage driver copies an image's whole tree per container.
root="$work/root"
mkdir -p "$root/tmp" "$root/opt"
chmod 1777 "$root/tmp"
if [ -d "$JDK/jmods" ]; then
  "$JDK/bin/jlink" --add-modules java.base,jdk.httpserver --strip-debug --no-man-pages \
    --no-header-files --compress=2 --output "$root/opt/jre"
else
  tar -ch --hard-dereference -C "$JDK" . | tar -x -C "$root/opt" && mv "$root/opt" "$root/opt.tmp" \
    && mkdir -p "$root/opt" && mv "$root/opt.tmp" "$root/opt/jre"
fi
# The shared libraries the JVM loads, and true/false for HEALTHCHECKs (no shell in the image).
libs=$( { ldd "$root/opt/jre/bin/java"; ldd "$root/opt/jre/lib/server/libjvm.so";
          for so in "$root"/opt/jre/lib/*.so; do ldd "$so"; done; ldd /bin/true; } 2>/dev/null \
        | grep -o '/[^ ]*' | grep -v "^$root" | sort -u)
tar -ch --hard-dereference -C / $(printf '%s\n' $libs /bin/true /bin/false | sed 's|^/||') \
  | tar -x -C "$root"
tar -c -C "$root" . | docker import -c 'ENV PATH=/opt/jre/bin' - cutover-test/jre >/dev/null

# The demo app, compiled once here: an instance then starts in about a second.
app="$work/app"
mkdir -p "$app"
javac -d "$app" deploy-tests/demo-app/DemoApp.java
build() { # build <tag> <healthcheck line or empty>
  local dir="$work/build-$1"
  mkdir -p "$dir" && cp "$app"/*.class "$dir/"
  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM cutover-test/jre
COPY *.class /app/
ENV VERSION=$1 PORT=3000 BIND_ADDRESS=0.0.0.0
$2
CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", "/app", "DemoApp"]
DOCKERFILE
  docker build -q -t "cutover-test/demo:$1" "$dir" 2>&1 >/dev/null | grep -v -e DEPRECATED -e BuildKit -e environment-variable -e "^$" || true
}
build v1 ""
for v in v2 v3 v4 v5 v6 v7 v8 v9; do
  build "$v" 'HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD ["/bin/true"]'
done
build unhealthy 'HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD ["/bin/false"]'
# The gateway's base: what bin/cutover gateway and the packaged gateway need, and the commands
# the Dockerfile's RUN uses.
groot="$work/gateway-root"
mkdir -p "$groot/tmp" "$groot/opt" "$groot/bin" "$groot/usr/bin"
chmod 1777 "$groot/tmp"
if [ -d "$JDK/jmods" ]; then
  "$JDK/bin/jlink" --add-modules ALL-MODULE-PATH --strip-debug --no-man-pages --no-header-files \
    --compress=2 --output "$groot/opt/jre"
else
  tar -ch --hard-dereference -C "$JDK" . | tar -x -C "$groot/opt" && mv "$groot/opt" "$groot/opt.tmp" \
    && mkdir -p "$groot/opt" && mv "$groot/opt.tmp" "$groot/opt/jre"
fi
tools="/bin/bash /bin/sh /usr/bin/env /bin/mkdir /bin/chown /bin/chmod /bin/cat /bin/ls /usr/bin/cut
  /usr/bin/dirname /bin/readlink /usr/bin/stat /usr/bin/cksum /bin/rm /usr/bin/tr /usr/bin/head /usr/bin/id
  /usr/bin/awk"
glibs=$( { ldd "$groot/opt/jre/bin/java"; ldd "$groot/opt/jre/lib/server/libjvm.so";
           for so in "$groot"/opt/jre/lib/*.so; do ldd "$so"; done; for t in $tools; do ldd "$t"; done; } 2>/dev/null \
         | grep -o '/[^ ]*' | grep -v "^$groot" | sort -u)
tar -ch --hard-dereference -C / $(printf '%s\n' $glibs $tools /etc/passwd /etc/group /etc/nsswitch.conf | sed 's|^/||') \
  | tar -x -C "$groot"
tar -c -C "$groot" . \
  | docker import -c 'ENV PATH=/opt/jre/bin:/usr/bin:/bin' - cutover-test/gateway-base >/dev/null

docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^cutover-test/'
