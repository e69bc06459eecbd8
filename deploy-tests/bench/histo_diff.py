"""Live heap a service adds: the difference of two `jcmd GC.class_histogram` outputs, per service.

Usage: histo_diff.py BEFORE AFTER SERVICES [TOP]
"""

import re
import sys


def read(path):
    sizes = {}
    for line in open(path):
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            sizes[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return sizes


before, after = read(sys.argv[1]), read(sys.argv[2])
services = int(sys.argv[3])
top = int(sys.argv[4]) if len(sys.argv) > 4 else 12
grown = {
    name: (count - before.get(name, (0, 0))[0], size - before.get(name, (0, 0))[1])
    for name, (count, size) in after.items()
}
total_before = sum(size for _, size in before.values())
total_after = sum(size for _, size in after.values())
print(
    f"live heap {total_before / 2**20:.1f} MB before, {total_after / 2**20:.1f} MB with "
    f"{services} live services: {(total_after - total_before) / services / 1024:.1f} KB per live service"
)
print(f"  {'objects/service':>15} {'bytes/service':>13}  class")
for name, (count, size) in sorted(grown.items(), key=lambda kv: -kv[1][1])[:top]:
    print(f"  {count / services:15.1f} {size / services:13.0f}  {name}")
