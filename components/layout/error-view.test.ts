import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorView } from './error-view';
import { CorrelationIdProvider } from '@/components/ui/request-info';

function render(error: Error & { digest?: string }, correlationId: string | null) {
  return renderToStaticMarkup(
    createElement(
      CorrelationIdProvider,
      { id: correlationId },
      createElement(ErrorView, { error }),
    ),
  );
}

describe('the error boundary view', () => {
  it('shows the error code and the correlation id, never the raw message', () => {
    const err = Object.assign(new Error('upstream said: value=hunter2'), { digest: '4021337' });
    const html = render(err, 'corr-abc-123');
    expect(html).toContain('E-4021337');
    expect(html).toContain('corr-abc-123');
    expect(html).not.toContain('hunter2');
    expect(html).not.toContain('upstream said');
    expect(html).toContain('href="/orgs"');
  });

  it('says when there is no correlation id rather than showing nothing', () => {
    const html = render(new Error('boom'), null);
    expect(html).toContain('E-client');
    expect(html).toContain('not available');
    expect(html).not.toContain('boom');
  });
});
