/**
 * The WorkOS emulator's public entry point. Everything a user of the emulator needs, and nothing
 * from the console: this folder imports only itself (eslint enforces it), so it could be
 * published as its own package. See README.md in this folder.
 */
export { createApp, createEmulator, startEmulator, type RunningEmulator } from './server';
export {
  configFromEnv,
  DEFAULT_POLICY,
  EMULATOR_API_KEY,
  EMULATOR_CLIENT_ID,
  type EmulatorConfig,
  type EmulatorPolicy,
} from './config';
export { sdkClient, startTestEmulator, type TestEmulator } from './testing';
export { DEMO_ORGS, DEMO_STAFF_ORG_ID, DEMO_USERS } from './seed';
export {
  SEED_ROLES,
  SEED_STAFF_ORGANIZATION_ID,
  seedPermissionsForRole,
  type SeedRole,
} from './seed-roles';
export { VAULT_LIMITS } from './vault-limits';
