import { NextResponse } from 'next/server';

/** Liveness for load balancers and test runners. Public, so it says nothing about data. */
export function GET() {
  return NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
