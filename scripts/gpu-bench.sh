#!/usr/bin/env bash
# Runs on a lent GPU machine (see gpu-pack.sh): which execution providers
# start, the graph steps and the encoder on WebGPU against the CPU provider,
# then the encoder and graph-training benches. Everything lands in $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-/tmp/gpu-out}
mkdir -p "$out" /tmp/gpu
for f in .gpu/debs/*.deb; do dpkg -x "$f" /; done
ldconfig
[ -e /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ] &&
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
xz -dc .gpu/node.xz >/tmp/gpu/node && chmod +x /tmp/gpu/node
export PATH=/tmp/gpu:$PATH XDG_RUNTIME_DIR=/tmp
mkdir -p node_modules && tar -C node_modules -xJf .gpu/modules.tar.xz
{ nvidia-smi -L; nproc; node -v; } >"$out/machine.txt" 2>&1
step() { echo "== $2"; local limit=$1; shift 2; timeout "$limit" "$@"; echo "== exit $?"; }
{
  step 60 providers node --import tsx -e "import('./src-main/core/onnx/providers.ts').then(async (m) => console.log(JSON.stringify(await m.probeProviders(), null, 1)))"
  step 120 webgpu-vs-cpu node --import tsx tests/integration/webgpu/child.ts .gpu/fixture /tmp/gpu
} >"$out/checks.txt" 2>&1
step 60 encoder node --import tsx tests/bench/encoder.bench.ts --model .gpu/fixture --batches 50 >"$out/encoder.txt" 2>&1
step 300 graph node --import tsx tests/bench/graph.bench.ts --words 1000000 >"$out/graph.txt" 2>&1
tail -n 30 "$out"/*.txt
