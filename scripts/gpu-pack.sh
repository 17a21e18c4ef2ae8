#!/usr/bin/env bash
# Packs what the GPU checks need into .gpu/ (ignored by git) so a lent device
# machine, which has no Node and no network, can run them: Node itself, the few
# packages the benches load (onnxruntime-node for linux-x64 only, tokenizers,
# tsx), the BERT fixture, and Debian's Vulkan loader. Then, with the device tool:
#   run  command: bash scripts/gpu-bench.sh   carry: [".gpu"]   timeout_s: 600
# Well under the tool's 64 MiB: about 45 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.gpu
rm -rf "$out" && mkdir -p "$out/debs"
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >>.git/info/exclude
xz -T0 -6 -c "$(command -v node)" >"$out/node.xz"
tar -C node_modules -cJf "$out/modules.tar.xz" \
  --exclude='onnxruntime-node/bin/napi-v6/darwin' --exclude='onnxruntime-node/bin/napi-v6/win32' \
  --exclude='onnxruntime-node/bin/napi-v6/linux/arm64' \
  onnxruntime-node onnxruntime-common @huggingface/tokenizers tsx esbuild @esbuild/linux-x64
cp -r ../shared/data/bert/fixture "$out/fixture"
# the Vulkan loader WebGPU (Dawn) opens; the NVIDIA driver there brings its own ICD
(cd "$out/debs" && apt-get download libvulkan1 >/dev/null)
du -sh "$out"
