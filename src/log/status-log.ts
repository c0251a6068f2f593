/**
 * The models' life in the log: each change of the chat or embedding
 * model's state (loading, ready, failed, fallen back to the CPU), once.
 * Fed from the Engine's status callbacks by the core's wiring; progress
 * within one state is not logged.
 */
import type { EmbedderStatusView, ModelStatus } from '../api/contract.ts';
import type { Logger } from './file-logger.ts';

export function modelStatusLogger(log: Logger): (status: ModelStatus) => void {
  let last = '';
  return (status) => {
    const key = `${status.state}:${status.path}:${status.error?.code ?? ''}`;
    if (key === last) return;
    last = key;
    const fields = { name: status.name, isDemo: status.isDemo };
    if (status.state === 'error') {
      log.warn('engine', 'model-failed', { ...fields, code: status.error?.code ?? null, details: status.error?.details ?? null });
    } else if (status.state === 'ready') {
      log.info('engine', 'model-ready', {
        ...fields, gpu: status.gpu ?? null, gpuLayers: status.gpuLayers ?? null, threads: status.threads, contextSize: status.contextSize,
        cpuFallback: status.fallbackReason ?? null,
      });
    } else {
      log.info('engine', `model-${status.state}`, fields);
    }
  };
}

export function embedderStatusLogger(log: Logger): (status: EmbedderStatusView) => void {
  let last = '';
  return (status) => {
    const key = `${status.state}:${status.path}:${status.error?.code ?? ''}`;
    if (key === last) return;
    last = key;
    if (status.state === 'error') {
      log.warn('engine', 'embedder-failed', { name: status.name, code: status.error?.code ?? null, details: status.error?.details ?? null });
    } else {
      log.info('engine', `embedder-${status.state}`, { name: status.name, dimensions: status.dimensions });
    }
  };
}
