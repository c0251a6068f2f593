/** The catalogue as the Models page shows it: each entry rated for this machine, with the recommendation and why. */
import type { ModelCatalogView } from '../../api/contract.ts';
import type { HardwareInfo } from '../../engine/protocol.ts';
import type { Catalog } from '../catalog/catalog-schema.ts';
import { recommendModel, scoreFit } from '../fit/score-fit.ts';

export function catalogView(
  catalog: Catalog,
  /** As the worker sees it: with the GPU turned off, a machine without one. */
  machine: HardwareInfo & { gpuEnabled: boolean },
  installedFiles: ReadonlySet<string>,
  isDownloading: (id: string) => boolean,
  /** Bytes of an earlier download of this file kept on disk, to continue from; null when none. */
  partialBytes: (file: string) => number | null = () => null,
): ModelCatalogView {
  const recommended = recommendModel(catalog.models, machine);
  return {
    models: catalog.models.map((entry) => ({
      id: entry.id,
      name: entry.name,
      kind: entry.kind,
      sizeBytes: entry.sizeBytes ?? null,
      quantization: entry.quantization,
      contextLength: entry.contextLength,
      licence: entry.licence,
      parametersBillions: entry.parametersBillions,
      verified: entry.sha256 !== undefined,
      fit: scoreFit(entry, machine),
      installed: installedFiles.has(entry.file),
      downloading: isDownloading(entry.id),
      partialBytes: partialBytes(entry.file),
    })),
    recommended: recommended ? { id: recommended.entry.id, reason: recommended.fit.reason } : null,
    hardware: {
      gpu: machine.gpu === false ? null : machine.gpu,
      gpuEnabled: machine.gpuEnabled,
      vramTotalBytes: machine.vramTotalBytes,
      vramFreeBytes: machine.vramFreeBytes,
      ramTotalBytes: machine.ramTotalBytes,
      ramFreeBytes: machine.ramFreeBytes,
      cpuCores: machine.cpuCores,
    },
  };
}
