/** What this computer offers the models, and the switch that keeps them off the GPU. */
import type { ModelCatalogView } from '../../../src/api/index.ts';
import { formatBytes } from './format.ts';
import type { ModelsController } from './useModels.ts';

export function HardwareNote({ hardware, controller }: { hardware: ModelCatalogView['hardware']; controller: ModelsController }) {
  const { gpuSwitch } = controller.state;
  const gpu = hardware.gpu
    ? `${hardware.gpu} GPU with ${formatBytes(hardware.vramFreeBytes)} free`
    : hardware.gpuEnabled ? 'no GPU in use' : 'GPU turned off';
  // Shown where there is a GPU to turn off, or one was turned off (the worker then cannot see it).
  const switchable = hardware.gpu !== null || !hardware.gpuEnabled;
  return (
    <div className="models__hardware">
      <p className="models__note" data-testid="hardware-note">
        This computer: {gpu}, {hardware.cpuCores} CPU cores, {formatBytes(hardware.ramFreeBytes)} of memory free.
      </p>
      {switchable && (
        <label className="models__gpu-switch">
          <input
            type="checkbox" checked={gpuSwitch ?? hardware.gpuEnabled} disabled={gpuSwitch !== null}
            onChange={(event) => void controller.actions.useGpu(event.target.checked)} data-testid="gpu-switch"
          />
          Use the GPU
          <span className="models__note" role="status">
            {gpuSwitch !== null
              ? `Loading the models again on the ${gpuSwitch ? 'GPU' : 'CPU'}…`
              : hardware.gpuEnabled
                ? 'Turn it off if replies look wrong or the graphics driver is unstable: models then run on the CPU, more slowly.'
                : 'Models run on the CPU. Turn it on to use the GPU again.'}
          </span>
        </label>
      )}
    </div>
  );
}
