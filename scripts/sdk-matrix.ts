/**
 * `npm run test:sdk-matrix`: the emulator contract suite (lib/emulator/*.contract.test.ts) once per
 * @workos-inc/node major: 10.x (the console's own, pinned by authkit-nextjs 4.3's peer range
 * `^9 || ^10`) and 12.x (the current major, installed as the npm alias `workos-node-12`). Every
 * import of `@workos-inc/node` is served by that major (SDK_MATRIX_PACKAGE in vitest.config.ts).
 * Prints one line per major and exits non-zero if any run fails.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
// The packages export no package.json; read the installed copies'.
const installed = (dir: string) =>
  (JSON.parse(readFileSync(`node_modules/${dir}/package.json`, 'utf8')) as { version: string })
    .version;
const MATRIX = [
  { major: '10', pkg: null, version: installed('@workos-inc/node') },
  { major: '12', pkg: 'workos-node-12', version: installed('workos-node-12') },
];

const results: { major: string; version: string; ok: boolean; summary: string }[] = [];
for (const m of MATRIX) {
  console.log(`\n== @workos-inc/node ${m.version} ==`);
  const run = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '.contract.test.ts'],
    {
      env: {
        ...process.env,
        SDK_MATRIX_MAJOR: m.major,
        ...(m.pkg ? { SDK_MATRIX_PACKAGE: m.pkg } : {}),
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const out = run.stdout ?? '';
  process.stdout.write(out);
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const summary = [/Test Files\s+(.+)/, /Tests\s+(.+)/]
    .map((r) => r.exec(plain)?.[1]?.trim())
    .filter(Boolean)
    .join('; ');
  results.push({ major: m.major, version: m.version, ok: run.status === 0, summary });
}

console.log('\nSDK matrix (emulator contract suite):');
for (const r of results)
  console.log(`  ${r.ok ? 'pass' : 'FAIL'}  @workos-inc/node ${r.version}: ${r.summary}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
