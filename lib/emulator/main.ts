import { startEmulator } from './server';

async function main() {
  const running = await startEmulator();
  const { config } = running.emu;
  console.log(
    `WorkOS emulator listening on http://localhost:${running.port} (storage: ${config.dataDir ?? 'memory'}, seed: ${config.seed}). ` +
      `API key ${config.apiKeys[0]!.secret}, client id ${config.clientId}.`,
  );
  const stop = async (signal: string) => {
    console.log(`Emulator stopping (${signal})`);
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('Emulator failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
