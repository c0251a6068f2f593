/** The tool servers and "always" grants as the Tools page shows them, listed again whenever tools.changed says so. */
import { useCallback, useEffect, useState } from 'react';
import type { ErrorPayload, HearthApi, MethodParams, ToolGrantView, ToolServerView } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useAttempt } from '../bridge/useAttempt.ts';

export interface ToolsController {
  /** Null until listed: listing starts the enabled servers, which may take a few seconds. */
  servers: ToolServerView[] | null;
  grants: ToolGrantView[];
  error: ErrorPayload | null;
  add(server: MethodParams<'tools.servers.add'>): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  setEnabled(id: string, enabled: boolean): Promise<boolean>;
  revoke(server: string, tool: string): Promise<boolean>;
}

export function useTools(api: HearthApi): ToolsController {
  const [servers, setServers] = useState<ToolServerView[] | null>(null);
  const [grants, setGrants] = useState<ToolGrantView[]>([]);
  const { error, setError, attempt } = useAttempt();

  const refresh = useCallback(async () => {
    try {
      const [listed, granted] = await Promise.all([api.call('tools.servers.list', {}), api.call('tools.grants.list', {})]);
      setServers(listed);
      setGrants(granted);
    } catch (failure) {
      setError(asErrorPayload(failure));
    }
  }, [api, setError]);

  useEffect(() => {
    void refresh();
    return api.on('tools.changed', () => void refresh());
  }, [api, refresh]);

  return {
    servers,
    grants,
    error,
    add: (server) => attempt(() => api.call('tools.servers.add', server)),
    remove: (id) => attempt(() => api.call('tools.servers.remove', { id })),
    setEnabled: (id, enabled) => attempt(() => api.call('tools.servers.setEnabled', { id, enabled })),
    revoke: (server, tool) => attempt(() => api.call('tools.grants.revoke', { server, tool })),
  };
}
