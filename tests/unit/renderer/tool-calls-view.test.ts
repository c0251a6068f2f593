import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Message, ToolCallView } from '../../../src/api/contract.ts';
import { ToolCallsView } from '../../../renderer/src/chat/ToolCallsView.tsx';

const call = (fields: Partial<ToolCallView>): ToolCallView => ({
  id: `call-${fields.status}`, serverId: 'server', server: 'Test tools', tool: 'add_numbers', arguments: { a: 2, b: 3 }, status: 'done', ...fields,
});

const reply = (toolCalls: ToolCallView[] | undefined): Message => ({
  id: 'reply', conversationId: 'chat', role: 'assistant', content: 'Five.', status: 'complete', model: 'stories260K', stats: null, error: null, createdAt: 0,
  ...(toolCalls ? { toolCalls } : {}),
});

const render = (message: Message) => renderToStaticMarkup(createElement(ToolCallsView, { message }));

describe('a reply\u2019s tool calls, as kept on the message', () => {
  it('shows each call\u2019s tool, server, arguments and outcome, with the result folded away and a failure in words', () => {
    const html = render(reply([
      call({ status: 'done', approval: 'once', result: '5', durationMs: 120 }),
      call({ status: 'refused', approval: 'refused', result: 'The person refused this tool call.' }),
      call({ status: 'failed', result: 'The tool add_numbers of Test tools did not answer within 1 second.' }),
    ]));
    expect(html).toContain('Done, allowed once, in 0.1 s');
    expect(html).toContain('You refused this call');
    expect(html).toContain('from Test tools');
    expect(html).toContain('&quot;a&quot;: 2');
    expect(html).toMatch(/<details class="tool-call__result"><summary>Result<\/summary><pre data-testid="tool-call-result">5<\/pre><\/details>/);
    expect(html).toContain('The tool add_numbers of Test tools did not answer within 1 second.');
  });

  it('shows nothing for a reply without calls', () => {
    expect(render(reply(undefined))).toBe('');
  });
});
