/**
 * Starts llama.cpp's backend: the GPU build node-llama-cpp finds
 * ("auto": CUDA, then Vulkan, then none), unless it sees no device.
 *
 * Why the check: a Linux machine with the Vulkan loader but only a
 * software renderer (llvmpipe, common in VMs and on machines without a
 * GPU driver) gets the Vulkan build, which llama.cpp starts with zero
 * devices: "GPU: vulkan, 0 GiB free" would then be shown, every model
 * would be said not to fit on it, and a load would explain a CPU run as a
 * full GPU. Such a build is no GPU: the CPU build is used instead.
 *
 * `gpu: false` (the user turned the GPU off) starts the CPU build alone:
 * a GPU build with no layers offloaded would still hand large matrix
 * products to the GPU.
 */
import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';

const options = { build: 'never', logLevel: LlamaLogLevel.error } as const;

export async function startLlama({ gpu = true }: { gpu?: boolean } = {}): Promise<Llama> {
  if (!gpu) return getLlama({ ...options, gpu: false });
  const llama = await getLlama({ ...options, gpu: 'auto' });
  if (llama.gpu === false || (await llama.getGpuDeviceNames()).length > 0) return llama;
  await llama.dispose();
  return getLlama({ ...options, gpu: false });
}
