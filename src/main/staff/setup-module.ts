import type { CoreModule } from '../kiosk-module';
import type { FirstAdminSetup } from './first-admin-setup';

/** The set-up screen's calls; at start, a fresh code when the kiosk has no staff yet. */
export function createSetupModule(setup: FirstAdminSetup): CoreModule {
  return {
    handlers: {
      setupCheckCode: async ({ code }) => {
        await setup.check(code);
        return { ok: true as const };
      },
      setupCreateAdmin: (input) => setup.createAdmin(input),
    },
    start: async () => {
      if (setup.required()) await setup.renew();
    },
  };
}
