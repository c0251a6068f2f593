/**
 * Whether Vulkan loads here with only a software renderer (Mesa's
 * llvmpipe), which llama.cpp skips unless GGML_VK_VISIBLE_DEVICES names it:
 * the GPU tests make it visible and use it as a GPU. False where Vulkan is
 * missing, or where a real GPU is present (the tests then skip).
 */
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';

export async function onlySoftwareVulkan(): Promise<boolean> {
  try {
    const llama = await getLlama({ gpu: 'vulkan', build: 'never', logLevel: LlamaLogLevel.disabled });
    const devices = await llama.getGpuDeviceNames();
    await llama.dispose();
    return devices.length === 0;
  } catch {
    return false;
  }
}
