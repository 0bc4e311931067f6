import { guardRoute, json } from '@/lib/http/json';
import { getIndexStatus } from '@/lib/index/runtime';

export async function GET() {
  const guard = await guardRoute('vault.metadata:read');
  if (!guard.ok) return guard.response;
  return json(await getIndexStatus());
}
