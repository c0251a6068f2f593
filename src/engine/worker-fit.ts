import { GgufInsights, readGgufFileInfo, type Llama } from 'node-llama-cpp';
import { checkFitsInRam } from './load-plan.ts';

/** Before a load on the CPU: the weights must fit in free RAM (node-llama-cpp checks the GPU's own memory). */
export async function checkCpuLoadFits(llama: Llama, modelPath: string): Promise<void> {
  const insights = await GgufInsights.from(await readGgufFileInfo(modelPath), llama);
  const { cpuRam } = await insights.estimateModelResourceRequirementsV2({ gpuLayers: 0 });
  checkFitsInRam(cpuRam, (await llama.getRamState()).free);
}
