'use client';

import { createContext, useContext } from 'react';

const CorrelationCtx = createContext<string | null>(null);

/** The correlation id the proxy gave the request that rendered this document. */
export function CorrelationIdProvider({
  id,
  children,
}: {
  id: string | null;
  children?: React.ReactNode;
}) {
  return <CorrelationCtx.Provider value={id}>{children}</CorrelationCtx.Provider>;
}

export function useCorrelationId(): string | null {
  return useContext(CorrelationCtx);
}
